function total(): number {
  return 42;
}

export async function report(): Promise<number> {
  const now = await total();
  return now;
}

export async function sum(values: number[]): Promise<number> {
  let result = 0;
  for await (const value of values) {
    result += value;
  }
  return result;
}
