import { save } from './a';

async function load(): Promise<string> {
  return 'data';
}

export function run(): void {
  load();
  save();
}
