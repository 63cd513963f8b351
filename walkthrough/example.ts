// An example to try Async Pitfalls on (not saved anywhere until you save it).
// Hover a squiggle to read what is wrong and why; Ctrl+. (Cmd+. on a Mac)
// on it for the quick fixes. "Async Pitfalls: Fix All Problems in This File"
// applies the safe ones.

interface Order {
  id: string;
  total: number;
}

async function loadOrder(id: string): Promise<Order> {
  const response = await fetch(`https://shop.example/orders/${id}`);
  return (await response.json()) as Order;
}

async function audit(message: string): Promise<void> {
  console.log(message);
}

export async function totalOf(ids: string[]): Promise<number> {
  audit(`totalling ${ids.length} orders`);
  let total = 0;
  for (const id of ids) {
    const order = await loadOrder(id);
    total += order.total;
  }
  return total;
}

export function firstOrder(ids: string[]): Promise<Order> {
  return new Promise(async (resolve, reject) => {
    try {
      resolve(await loadOrder(ids[0]));
    } catch (error) {
      reject(error);
    }
  });
}
