// Lines marked `expect: sequential-await` must be reported, and no other line.
declare function load(id: string): Promise<string>;
declare function find(id: string): Promise<string | undefined>;

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
