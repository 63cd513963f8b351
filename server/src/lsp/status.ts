import type { Connection } from 'vscode-languageserver';

/** The server's state as the client's language status item shows it. */
export interface StatusParams {
  /** `incomplete`: an open file's analysis did not complete (a rule failed, the file was skipped or stopped). */
  state: 'ready' | 'analyzing' | 'disabled' | 'incomplete' | 'error';
  /** Files waiting for analysis, while analyzing. */
  pendingFiles?: number;
  /** Duration of the last analysis of an open file, in milliseconds. */
  lastAnalysisMs?: number;
  message?: string;
}

export const STATUS_NOTIFICATION = 'asyncPitfalls/status';

/** Sends status changes to the client, skipping repeats so typing does not flood the channel. */
export class StatusReporter {
  private last = '';

  constructor(private readonly connection: Connection) {}

  analyzing(pendingFiles: number): void {
    this.send({ state: 'analyzing', pendingFiles });
  }

  ready(lastAnalysisMs: number, enabled: boolean): void {
    this.send(enabled ? { state: 'ready', lastAnalysisMs: Math.round(lastAnalysisMs) } : { state: 'disabled' });
  }

  /** An open file's analysis did not complete: `message` names the file and what did not. */
  incomplete(message: string): void {
    this.send({ state: 'incomplete', message });
  }

  failed(message: string): void {
    this.send({ state: 'error', message });
  }

  private send(params: StatusParams): void {
    const key = JSON.stringify(params);
    if (key === this.last) return;
    this.last = key;
    // Status is best effort: a closed connection is reported elsewhere.
    this.connection.sendNotification(STATUS_NOTIFICATION, params).catch(() => undefined);
  }
}
