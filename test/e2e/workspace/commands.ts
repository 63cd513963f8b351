async function load(): Promise<number> {
  return 1;
}

export function wrapped(): Promise<number> {
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
