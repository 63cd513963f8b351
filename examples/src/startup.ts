import { readFileSync } from 'node:fs';

// Reading config synchronously at start-up is fine: nothing else is running yet.
export const settings = JSON.parse(readFileSync(new URL('../settings.json', import.meta.url), 'utf8')) as { port: number };

async function main(): Promise<void> {
  const { placeOrder } = await import('./orders.js');
  await placeOrder({ id: '1', customerId: 'c1', total: 10 });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
