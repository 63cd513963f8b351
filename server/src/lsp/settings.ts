import { unknownRuleMessage, type SeverityOverrides } from '../config/config';
import { ALL_RULE_IDS } from '../rules';
import { SEVERITIES, type RuleId, type SeverityOrOff } from '../rules/types';

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
  /** Read and write the findings cache that the CLI's --cache keeps (see lsp/cachedFindings.ts). */
  cache: boolean;
  /** The cache's folder, relative to the workspace folder (the CLI's --cache-location); by default the CLI's default. */
  cacheLocation: string | undefined;
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
  cache: true,
  cacheLocation: undefined,
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
    cache: typeof value.cache === 'boolean' ? value.cache : DEFAULT_SETTINGS.cache,
    cacheLocation: typeof value.cacheLocation === 'string' && value.cacheLocation.trim() !== '' ? value.cacheLocation : undefined,
  };
}

/** A list of rule ids; anything but a list means every rule, and entries that name no rule are dropped. */
function readRuleList(raw: unknown): RuleId[] {
  if (!Array.isArray(raw)) return [...ALL_RULE_IDS];
  return ALL_RULE_IDS.filter((id) => raw.includes(id));
}

/** A setting the server cannot use as given: named in full (`asyncPitfalls.rules`) with the offending key. */
export interface SettingProblem {
  setting: string;
  message: string;
}

/**
 * What readSettings leaves out or replaces by a default, said in words: an unknown rule id or a bad
 * severity in `asyncPitfalls.rules`, a value of the wrong type elsewhere. Settings left unset are fine.
 */
export function validateSettings(raw: unknown): SettingProblem[] {
  if (typeof raw !== 'object' || raw === null) return [];
  const value = raw as Record<string, unknown>;
  const problems: SettingProblem[] = [];
  const report = (name: string, message: string) => problems.push({ setting: `asyncPitfalls.${name}`, message });
  for (const name of ['enable', 'workspaceDiagnostics', 'cache'] as const) {
    if (value[name] !== undefined && typeof value[name] !== 'boolean') report(name, `must be true or false; ${String(DEFAULT_SETTINGS[name])} applies`);
  }
  if (value.cacheLocation !== undefined && value.cacheLocation !== null && typeof value.cacheLocation !== 'string') {
    report('cacheLocation', 'must be a folder name; the default folder applies');
  }
  if (value.run !== undefined && value.run !== 'onType' && value.run !== 'onSave') report('run', `${JSON.stringify(value.run)} must be "onType" or "onSave"; "onType" applies`);
  if (value.maxFileTime !== undefined && readSettings({ maxFileTime: value.maxFileTime }).maxFileTime !== value.maxFileTime) {
    report('maxFileTime', `${JSON.stringify(value.maxFileTime)} must be a whole number of milliseconds, at least 100; ${DEFAULT_MAX_FILE_TIME_MS} applies`);
  }
  if (value.rules !== undefined) {
    if (typeof value.rules !== 'object' || value.rules === null || Array.isArray(value.rules)) {
      report('rules', 'must be an object mapping rule ids to severities; it is ignored');
    } else {
      for (const [id, severity] of Object.entries(value.rules as Record<string, unknown>)) {
        if (!ALL_RULE_IDS.includes(id as RuleId)) report('rules', `"${id}" ${unknownRuleMessage(id)}; it is ignored`);
        else if (!SEVERITIES.includes(severity as SeverityOrOff)) {
          report('rules', `"${id}": ${JSON.stringify(severity)} must be one of ${SEVERITIES.join(', ')}; the severity of the config file (or the default) applies`);
        }
      }
    }
  }
  const onSave = (value.codeActionsOnSave as Record<string, unknown> | undefined)?.rules;
  if (onSave !== undefined) {
    if (!Array.isArray(onSave)) report('codeActionsOnSave.rules', 'must be a list of rule ids; every rule applies');
    else {
      for (const id of onSave) {
        if (!ALL_RULE_IDS.includes(id as RuleId)) report('codeActionsOnSave.rules', `${JSON.stringify(id)} ${typeof id === 'string' ? unknownRuleMessage(id) : 'is not a rule id'}; it is ignored`);
      }
    }
  }
  return problems;
}
