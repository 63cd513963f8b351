import type { Order } from './orders.js';

async function loadOrders(customerId: string): Promise<Order[]> {
  const response = await fetch(`https://orders.example.com/customers/${customerId}/orders`);
  return (await response.json()) as Order[];
}

export async function monthlyReport(customerIds: string[]): Promise<number> {
  let total = 0;
  for (const id of customerIds) {
    const orders = await loadOrders(id);
    total += orders.reduce((sum, order) => sum + order.total, 0);
  }
  return total;
}

export async function warmCaches(customerIds: string[]): Promise<void> {
  // One request per customer, all at once: thousands of customers means thousands of sockets.
  await Promise.all(customerIds.map((id) => loadOrders(id)));
}

export function startScheduler(): void {
  setInterval(() => {
    // Runs every hour; a failure here is an unhandled rejection.
    warmCaches(['a', 'b']);
  }, 60 * 60 * 1000);
}
