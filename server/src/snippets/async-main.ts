/**
 * @prefix async-main
 * @name async main() entry point (asyncio.run)
 * @description An async main(signal) entry point: a failure is printed and sets exit code 1 instead of becoming an
 * unhandled rejection, and the first Ctrl-C aborts the signal so main can clean up (exit code 130; a second
 * Ctrl-C kills). Use it at the bottom of a script or CLI instead of calling an async function bare.
 */
/* eslint-disable @typescript-eslint/require-await -- main's body is the user's to write */
// #region snippet
async function main(signal: AbortSignal): Promise<void> {
  /*$0*/
}

const controller = new AbortController();
process.once('SIGINT', () => controller.abort());
main(controller.signal).catch((error: unknown) => {
  console.error(error);
  process.exitCode = controller.signal.aborted ? 130 : 1;
});
// #endregion

export {};
