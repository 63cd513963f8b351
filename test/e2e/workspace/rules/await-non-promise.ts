// Lines marked `expect: await-non-promise` must be reported, and no other line.
function total(): number {
  return 42;
}

async function totalLater(): Promise<number> {
  return 42;
}

export async function report(): Promise<number> {
  const now = await total(); // expect: await-non-promise
  const later = await totalLater();
  return now + later;
}
