import type { SeverityOverrides } from '../config/config';
import { ALL_RULE_IDS, type RuleId } from '../rules/types';

/** The `asyncPitfalls.*` settings the server honours. */
export interface Settings {
  enable: boolean;
  run: 'onType' | 'onSave';
  rules: SeverityOverrides;
  workspaceDiagnostics: boolean;
  /** The rules whose safe fixes fix-all (source.fixAll, on save) applies. */
  codeActionsOnSave: { rules: RuleId[] };
}

export const DEFAULT_SETTINGS: Settings = {
  enable: true,
  run: 'onType',
  rules: {},
  workspaceDiagnostics: false,
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
    codeActionsOnSave: { rules: readRuleList((value.codeActionsOnSave as Record<string, unknown> | undefined)?.rules) },
  };
}

/** A list of rule ids; anything but a list means every rule, and entries that name no rule are dropped. */
function readRuleList(raw: unknown): RuleId[] {
  if (!Array.isArray(raw)) return [...ALL_RULE_IDS];
  return ALL_RULE_IDS.filter((id) => raw.includes(id));
}
