/**
 * @prefix gather
 * @name Gather: independent calls at once (Promise.all)
 * @description Await a fixed handful of independent calls at the same time with Promise.all (asyncio.gather),
 * the results destructured, typed and in order. Use it instead of awaiting one call after another. The first
 * failure rejects the whole: use gather-settled to keep the other results, map-limit for a list of any length.
 */
import { setTimeout as sleep } from 'node:timers/promises';

interface User {
  id: number;
  name: string;
}

async function loadUser(id: number): Promise<User> {
  await sleep(5);
  return { id, name: `user ${id}` };
}

async function loadOrders(id: number): Promise<number[]> {
  await sleep(1);
  return [id * 10, id * 10 + 1];
}

export async function example(id: number): Promise<[User, number[]]> {
  // #region snippet
  const [/*${1:*/user/*}*/, /*${2:*/orders/*}*/] = await Promise.all([/*${3:*/loadUser(id)/*}*/, /*${4:*/loadOrders(id)/*}*/]);
  // #endregion
  return [user, orders];
}
