/**
 * The protocol between the extension (client/src) and the language server: the languages served, the
 * command ids, and the custom notifications and requests with their parameters. Both bundles import
 * this one module so the two sides cannot drift apart. It lives under server/src because the server's
 * layers are checked there; it sits below everything (it imports only the LSP message types), so the
 * client importing it pulls no analyzer code into the extension's bundle.
 */
import { NotificationType, NotificationType0, RequestType, RequestType0, type TextDocumentIdentifier, type WorkspaceEdit } from 'vscode-languageserver-protocol';

/** The language ids the server analyzes (the client's document selector and language status). */
export const LANGUAGE_IDS = ['typescript', 'typescriptreact', 'javascript', 'javascriptreact'] as const;
export type LanguageId = (typeof LANGUAGE_IDS)[number];

/** The settings section (`asyncPitfalls.*`) and the name of the output channel the server logs to. */
export const SETTINGS_SECTION = 'asyncPitfalls';
export const OUTPUT_CHANNEL_NAME = 'Async Pitfalls';

/** Command ids, as package.json contributes them. The server names them in code actions and messages. */
export const COMMANDS = {
  restartServer: 'asyncPitfalls.restartServer',
  showOutput: 'asyncPitfalls.showOutput',
  showMenu: 'asyncPitfalls.showMenu',
  /** Argument: a rule id; without one the client lets the user pick a rule. */
  showRuleDocumentation: 'asyncPitfalls.showRuleDocumentation',
  /** Applies every safe fix of the active file (through FixAllRequest). */
  fixAll: 'asyncPitfalls.fixAll',
  /** Re-reads config files and re-analyzes every open file (through RevalidateRequest). */
  revalidate: 'asyncPitfalls.revalidate',
  /** Opens the `.async-pitfalls.json` that governs the active file, or creates one (see ConfigFileRequest). */
  openConfiguration: 'asyncPitfalls.openConfiguration',
} as const;
export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];

/**
 * What the server is doing, at rest or busy. At rest it is one of ready, warning (a config file or a
 * setting has problems; the valid parts apply), incomplete (an open file's analysis did not complete),
 * disabled, error. Busy: loading (a project is being read and parsed), analyzing.
 */
export type StatusState = 'loading' | 'analyzing' | 'ready' | 'warning' | 'incomplete' | 'disabled' | 'error';

export interface StatusParams {
  state: StatusState;
  /** analyzing: the files waiting for analysis. */
  pendingFiles?: number;
  /** ready, warning: the duration of the last analysis of an open file, in milliseconds. */
  lastAnalysisMs?: number;
  /** loading: which project, and how far. */
  loading?: LoadingProgress;
  /** warning, incomplete, error: one line for the status item, naming the file or setting concerned. */
  message?: string;
  /**
   * Every config file and setting that has problems now, in any state (so the status can offer to open
   * it while busy too); absent when there are none.
   */
  configProblems?: ConfigProblemSource[];
}

/** A project being loaded: "loading <project> (<loadedFiles> of <totalFiles> files)". */
export interface LoadingProgress {
  /** The tsconfig.json/jsconfig.json, or the folder of an inferred project (a path, for display). */
  project: string;
  /** Files read and parsed so far. */
  loadedFiles: number;
  /** Files the project's config includes (for an inferred project: those found so far). */
  totalFiles: number;
}

/** A config file or a setting with problems; the problems themselves are diagnostics (file) or output lines (setting). */
export type ConfigProblemSource =
  | {
      kind: 'file';
      /** The config file's URI (its diagnostics are published there). */
      uri: string;
      /** Its path relative to the workspace folder that holds it (else absolute), for display. */
      name?: string;
      problems: number;
    }
  | { kind: 'setting'; /** The full setting name, such as `asyncPitfalls.rules`. */ setting: string; problems: number };

/**
 * Sent by a client that knows workspace trust (VS Code) when the user trusts the workspace. Until then,
 * with `initializationOptions.workspaceTrusted: false`, the server neither reads nor writes the findings
 * cache, which lives in the workspace and could hold findings nobody's analysis made.
 */
export namespace WorkspaceTrustedNotification {
  export const method = 'asyncPitfalls/workspaceTrusted';
  export const type = new NotificationType0(method);
}

export namespace StatusNotification {
  export const method = 'asyncPitfalls/status';
  export const type = new NotificationType<StatusParams>(method);
}

/** Applies every safe fix of a document (all rules that are on, not only those of `codeActionsOnSave`). */
export interface FixAllParams {
  textDocument: TextDocumentIdentifier;
}
export interface FixAllResult {
  /** A versioned edit of the document; null when no safe fix applies. */
  edit: WorkspaceEdit | null;
}
export namespace FixAllRequest {
  export const method = 'asyncPitfalls/fixAll';
  export const type = new RequestType<FixAllParams, FixAllResult, void>(method);
}

/** Drops cached config files and analyses, then re-analyzes every open file (and the workspace, if on). */
export interface RevalidateResult {
  /** Open documents scheduled for analysis. */
  files: number;
}
export namespace RevalidateRequest {
  export const method = 'asyncPitfalls/revalidate';
  export const type = new RequestType0<RevalidateResult, void>(method);
}

/** Which `.async-pitfalls.json` governs a document, and where a new one would go. */
export interface ConfigFileParams {
  textDocument: TextDocumentIdentifier;
}
export interface ConfigFileResult {
  /** The URI of the config file that applies, or null when the defaults apply. */
  uri: string | null;
  /** Where a new config file for the document would take effect: the URI of `.async-pitfalls.json` in its project root. */
  createUri: string | null;
}
export namespace ConfigFileRequest {
  export const method = 'asyncPitfalls/configFile';
  export const type = new RequestType<ConfigFileParams, ConfigFileResult, void>(method);
}

/** The rules the server knows, for a picker (Show rule documentation). */
export interface RuleInfo {
  id: string;
  description: string;
}
export namespace RulesRequest {
  export const method = 'asyncPitfalls/rules';
  export const type = new RequestType0<RuleInfo[], void>(method);
}

/** Counters for load tests and troubleshooting. */
export interface ServerStats {
  projects: number;
  openDocuments: number;
  cachedAnalyses: number;
  pendingAnalyses: number;
  heapUsedBytes: number;
  rssBytes: number;
}
export namespace StatsRequest {
  export const method = 'asyncPitfalls/stats';
  export const type = new RequestType0<ServerStats, void>(method);
}
