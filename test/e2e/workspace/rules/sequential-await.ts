// Lines marked `expect: sequential-await` must be reported, and no other line.
import { readFile } from 'node:fs/promises';

// Each call reads a file: I/O whose calls can run at the same time.
async function load(id: string): Promise<string> {
  return readFile(`pages/${id}.html`, 'utf8');
}

async function find(id: string): Promise<string | undefined> {
  return (await load(id)) || undefined;
}

export async function loadAll(ids: string[]): Promise<string[]> {
  const pages: string[] = [];
  for (const id of ids) {
    pages.push(await load(id)); // expect: sequential-await
  }
  return pages;
}

export async function findFirst(ids: string[]): Promise<string | undefined> {
  for (const id of ids) {
    const page = await find(id);
    if (page) return page;
  }
  return undefined;
}
