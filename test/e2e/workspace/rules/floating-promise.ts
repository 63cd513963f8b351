// Lines marked `expect: floating-promise` must be reported, and no other line.
async function save(): Promise<void> {}

function count(): Promise<number> {
  return Promise.resolve(1);
}

export function onClick(): void {
  save(); // expect: floating-promise
  count().then((value) => console.log(value)); // expect: floating-promise
  save().finally(() => console.log('done')); // expect: floating-promise
  void save();
  save().catch((error: unknown) => console.error(error));
  count().then(
    (value) => console.log(value),
    (error: unknown) => console.error(error),
  );
}

export async function handled(): Promise<number> {
  await save();
  const pending = count();
  return pending;
}
