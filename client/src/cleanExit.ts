import type * as vscode from 'vscode';

/** What vscode-languageclient 9 writes, as an error, whenever the server's process ends, even after a requested stop. */
const CLEAN_EXIT_LINE = /^\[Error\s*-[^\]]*\] Server process exited with code 0\.$/;

/**
 * The output channel as the language client sees it: a stop the extension asked for (restart, deactivate)
 * ends the server with code 0, which the client logs as "[Error] Server process exited with code 0";
 * that line is dropped once per requested stop. Any other exit, a crash included, is logged as before.
 */
export class CleanExitFilter {
  private expected = 0;

  constructor(private readonly output: vscode.OutputChannel) {}

  /** The next clean exit was asked for: its line is not an error. */
  expectCleanExit(): void {
    this.expected++;
  }

  /** The channel to give the language client. */
  get channel(): vscode.OutputChannel {
    return new Proxy(this.output, {
      get: (target, property, receiver) => {
        if (property === 'appendLine') {
          return (line: string) => {
            if (this.expected > 0 && CLEAN_EXIT_LINE.test(line)) {
              this.expected--;
              target.appendLine('The server stopped as asked.');
              return;
            }
            target.appendLine(line);
          };
        }
        const value: unknown = Reflect.get(target, property, receiver);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }
}
