// Lines marked `expect: unbounded-fan-out` must be reported, and no other line.
declare function load(id: string): Promise<string>;

export async function loadAll(ids: string[]): Promise<string[]> {
  return Promise.all(ids.map((id) => load(id))); // expect: unbounded-fan-out
}

export async function loadPair(): Promise<string[]> {
  return Promise.all([load('a'), load('b')]);
}
