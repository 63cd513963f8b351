import type { SeverityOverrides } from '../config/config';

/** The `asyncPitfalls.*` settings the server honours. */
export interface Settings {
  enable: boolean;
  run: 'onType' | 'onSave';
  rules: SeverityOverrides;
  workspaceDiagnostics: boolean;
}

export const DEFAULT_SETTINGS: Settings = { enable: true, run: 'onType', rules: {}, workspaceDiagnostics: false };

/** Reads settings as a client sends them, keeping defaults for anything missing or malformed. */
export function readSettings(raw: unknown): Settings {
  const value = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  return {
    enable: typeof value.enable === 'boolean' ? value.enable : DEFAULT_SETTINGS.enable,
    run: value.run === 'onSave' ? 'onSave' : 'onType',
    rules: typeof value.rules === 'object' && value.rules !== null ? (value.rules as SeverityOverrides) : {},
    workspaceDiagnostics: value.workspaceDiagnostics === true,
  };
}
