import type { Connection } from 'vscode-languageserver';
import { StatusNotification, type ConfigProblemSource, type LoadingProgress, type StatusParams } from '../protocol';

/**
 * Sends status changes to the client, skipping repeats so typing does not flood the channel. The config
 * problems ride along with every state; at rest they turn `ready` into `warning`.
 */
export class StatusReporter {
  private last = '';
  private configProblems: ConfigProblemSource[] = [];
  private current: StatusParams = { state: 'ready' };

  constructor(private readonly connection: Connection) {}

  loading(progress: LoadingProgress): void {
    this.send({ state: 'loading', loading: progress });
  }

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

  /** The config files and settings with problems now (an empty list when none); re-sends the current state with them. */
  setConfigProblems(sources: readonly ConfigProblemSource[]): void {
    this.configProblems = [...sources];
    this.send(this.current);
  }

  private send(params: StatusParams): void {
    this.current = params;
    const full: StatusParams = { ...params };
    if (this.configProblems.length > 0) {
      full.configProblems = this.configProblems;
      if (params.state === 'ready') {
        full.state = 'warning';
        full.message = configProblemsMessage(this.configProblems);
      }
    }
    const key = JSON.stringify(full);
    if (key === this.last) return;
    this.last = key;
    // Status is best effort: a closed connection is reported elsewhere.
    this.connection.sendNotification(StatusNotification.type, full).catch(() => undefined);
  }
}

/** "Problems in .async-pitfalls.json (2) and asyncPitfalls.rules (1); the valid settings apply." */
function configProblemsMessage(sources: readonly ConfigProblemSource[]): string {
  const names = sources.map((source) => `${source.kind === 'file' ? (source.name ?? fileName(source.uri)) : source.setting} (${source.problems})`);
  const list = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  return `Problems in ${list}; the valid settings apply.`;
}

function fileName(uri: string): string {
  const slash = uri.lastIndexOf('/');
  return decodeURIComponent(uri.slice(slash + 1));
}
