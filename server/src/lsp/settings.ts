import type { SeverityOverrides } from '../config/config';
import { ALL_RULE_IDS } from '../rules';
import type { RuleId } from '../rules/types';

/** The `asyncPitfalls.*` settings the server honours. */
export interface Settings {
  enable: boolean;
  run: 'onType' | 'onSave';
  rules: SeverityOverrides;
  workspaceDiagnostics: boolean;
  /** The longest one file's analysis may take, in milliseconds: a pathological file costs a pause, not a frozen editor. */
  maxFileTime: number;
  /** The rules whose safe fixes fix-all (source.fixAll, on save) applies. */
  codeActionsOnSave: { rules: RuleId[] };
}

/**
 * The editor's default time limit per file. Measured: an 8,800-line module of async handlers (four
 * findings each) took 4 s of CPU, and 15 s of wall time on two cores shared with twenty other busy
 * processes; the limit leaves such a file twice that. The command line has no limit by default.
 */
export const DEFAULT_MAX_FILE_TIME_MS = 30_000;

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  run: 'onType',
  rules: {},
  workspaceDiagnostics: false,
  maxFileTime: DEFAULT_MAX_FILE_TIME_MS,
  codeActionsOnSave: { rules: [...ALL_RULE_IDS] },
};

/** Reads settings as a client sends them, keeping defaults for anything missing or malformed. */
export function readSettings(raw: unknown): Settings {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return {
    enable: typeof value.enable === 'boolean' ? value.enable : DEFAULT_SETTINGS.enable,
    run: value.run === 'onSave' ? 'onSave' : 'onType',
    rules: typeof value.rules === 'object' && value.rules !== null ? (value.rules as SeverityOverrides) : {},
    workspaceDiagnostics: value.workspaceDiagnostics === true,
    maxFileTime:
      typeof value.maxFileTime === 'number' && Number.isFinite(value.maxFileTime) && value.maxFileTime >= 100 ? Math.round(value.maxFileTime) : DEFAULT_MAX_FILE_TIME_MS,
    codeActionsOnSave: { rules: readRuleList((value.codeActionsOnSave as Record<string, unknown> | undefined)?.rules) },
  };
}

/** A list of rule ids; anything but a list means every rule, and entries that name no rule are dropped. */
function readRuleList(raw: unknown): RuleId[] {
  if (!Array.isArray(raw)) return [...ALL_RULE_IDS];
  return ALL_RULE_IDS.filter((id) => raw.includes(id));
}
