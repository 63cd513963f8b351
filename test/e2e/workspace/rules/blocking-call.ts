// Lines marked `expect: blocking-call` must be reported, and no other line.
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';

export async function loadConfig(path: string): Promise<unknown> {
  return JSON.parse(readFileSync(path, 'utf8')); // expect: blocking-call
}

export async function loadConfigAsync(path: string): Promise<unknown> {
  return JSON.parse(await readFile(path, 'utf8'));
}

export function loadConfigAtStartup(path: string): unknown {
  return JSON.parse(readFileSync(path, 'utf8'));
}
