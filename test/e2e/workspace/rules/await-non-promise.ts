// Lines marked `expect: await-non-promise` must be reported, and no other line.
function total(): number {
  return 42;
}

async function totalLater(): Promise<number> {
  return 42;
}

export async function report(): Promise<number> {
  // TypeScript reports this one itself in the editor (80007): not repeated.
  const now = await total();
  const later = await totalLater();
  return now + later;
}

export async function sum(values: number[]): Promise<number> {
  let result = 0;
  for await (const value of values) { // expect: await-non-promise
    result += value;
  }
  return result;
}
