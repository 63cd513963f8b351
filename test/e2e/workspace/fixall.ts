async function save(): Promise<void> {}

export function onClick(): void {
  save();
  console.log('saving');
  save();
}
