// Lines marked `expect: await-non-promise` must be reported, and no other line.
function total(): number {
  return 42;
}

async function totalLater(): Promise<number> {
  return 42;
}

export async function report(values: number[]): Promise<number> {
  // TypeScript reports this one itself (80007, "'await' has no effect"): the editor shows it once.
  const now = await total();
  const later = await totalLater();
  let sum = now + later;
  for await (const value of values) { // expect: await-non-promise
    sum += value;
  }
  return sum;
}
