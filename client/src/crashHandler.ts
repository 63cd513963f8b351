import * as vscode from 'vscode';
import { CloseAction, ErrorAction, type ErrorHandler } from 'vscode-languageclient/node';

/** Restarts after this many crashes within the window, then gives up until the user restarts it. */
const MAX_RESTARTS = 4;
const WINDOW_MS = 3 * 60 * 1000;

/**
 * Restarts a crashed server and tells the user once per session (not on every crash); after
 * repeated crashes in a short time it stops and says how to restart by hand.
 */
export function crashHandler(output: vscode.OutputChannel): ErrorHandler {
  const crashes: number[] = [];
  let told = false;
  return {
    error: () => ({ action: ErrorAction.Continue }),
    closed: () => {
      const now = Date.now();
      crashes.push(now);
      while (crashes.length > 0 && now - crashes[0] > WINDOW_MS) crashes.shift();
      output.appendLine(`The server stopped unexpectedly (${crashes.length} time(s) in the last 3 minutes).`);
      if (crashes.length > MAX_RESTARTS) {
        return {
          action: CloseAction.DoNotRestart,
          message: 'The Async Pitfalls server crashed repeatedly and was not restarted. See the output, then run "Async Pitfalls: Restart Server".',
        };
      }
      if (!told) {
        told = true;
        void vscode.window.showWarningMessage('The Async Pitfalls server stopped unexpectedly and was restarted.');
      }
      return { action: CloseAction.Restart, handled: true };
    },
  };
}
