async function save(): Promise<void> {}

export function onClick(): void {
  save();
}
