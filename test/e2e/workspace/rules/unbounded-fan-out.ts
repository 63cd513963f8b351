// Lines marked `expect: unbounded-fan-out` must be reported, and no other line.
import { readFile } from 'node:fs/promises';

// Each call reads a file: I/O whose calls can run at the same time.
async function load(id: string): Promise<string> {
  return readFile(`pages/${id}.html`, 'utf8');
}

export async function loadAll(ids: string[]): Promise<string[]> {
  return Promise.all(ids.map((id) => load(id))); // expect: unbounded-fan-out
}

export async function loadPair(): Promise<string[]> {
  return Promise.all([load('a'), load('b')]);
}
