async function load(): Promise<number> {
  return 1;
}

export function first(): Promise<number> {
  return new Promise(async (resolve, reject) => {
    try {
      resolve(await load());
    } catch (error) {
      reject(error);
    }
  });
}

export function second(): Promise<number> {
  return new Promise(async (resolve, reject) => {
    try {
      resolve(await load());
    } catch (error) {
      reject(error);
    }
  });
}

export function onClick(): void {
  load();
}
