// Lines marked `expect: nested-run` must be reported, and no other line.
declare function load(): Promise<string>;

export function read(): Promise<string> {
  return new Promise(async (resolve) => { // expect: nested-run
    resolve(await load());
  });
}

export function readCaught(): Promise<string> {
  return new Promise(async (resolve, reject) => { // expect: nested-run
    try {
      resolve(await load());
    } catch (error) {
      reject(error);
    }
  });
}

export async function readDirectly(): Promise<string> {
  return await load();
}
