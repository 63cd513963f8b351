/**
 * @prefix sleep-import
 * @name import sleep from node:timers/promises
 * @description Imports the promise-returning setTimeout of node:timers/promises as sleep. Use it once at the top
 * of a module that uses the sleep snippet. Named sleep so that it cannot be mistaken for the global setTimeout,
 * which returns a timer that await does not wait for.
 */
// #region snippet
import { setTimeout as sleep } from 'node:timers/promises';
// #endregion

export { sleep };
