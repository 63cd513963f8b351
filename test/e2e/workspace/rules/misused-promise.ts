// Lines marked `expect: misused-promise` must be reported, and no other line.
async function save(id: number): Promise<void> {
  console.log(id);
}

async function loadDefaults(): Promise<{ retries: number }> {
  return { retries: 3 };
}

function onEvent(handler: () => void): void {
  handler();
}

export function saveAll(ids: number[]): void {
  ids.forEach(async (id) => { // expect: misused-promise
    await save(id);
  });
}

export async function saveAllInOrder(ids: number[]): Promise<void> {
  for (const id of ids) {
    await save(id);
  }
}

onEvent(async () => { // expect: misused-promise
  await save(1);
});

onEvent(() => {
  void save(2);
});

export const options = { ...loadDefaults() }; // expect: misused-promise

export async function loadOptions(): Promise<{ retries: number }> {
  return { ...(await loadDefaults()) };
}
