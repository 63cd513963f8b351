import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';
import { ts } from '../typescript';
import { ruleById, rules } from '../rules';
import { ALL_RULE_IDS, SEVERITIES, type AnyRule, type RuleId, type SeverityOrOff } from '../rules/types';

export const CONFIG_FILE_NAME = '.async-pitfalls.json';

/** A problem in a config file, named by file and key so the user can find it. */
export interface ConfigProblem {
  file: string;
  key: string;
  message: string;
}

export interface RuleSetting {
  severity: SeverityOrOff;
  options: Record<string, unknown>;
}

/** The effective configuration for the files under one config file (or the defaults). */
export interface ResolvedConfig {
  /** The config file, or undefined when none was found and defaults apply. */
  file: string | undefined;
  rules: Map<RuleId, RuleSetting>;
  /** Decides, for an absolute path, whether the config's `ignore` globs exclude it. */
  isIgnored(absolutePath: string): boolean;
  /**
   * Whether `eslint-disable` and `oxlint-disable` comments naming a rule this tool mirrors (see
   * engine/suppressions.ts) suppress its findings too; on unless the config file turns it off.
   */
  honorEslintDisable: boolean;
  problems: ConfigProblem[];
}

export type SeverityOverrides = Partial<Record<string, SeverityOrOff>>;

/** A rule's default severity and option values (copied, so callers may change them). */
export function defaultRuleSetting(rule: AnyRule): RuleSetting {
  const options: Record<string, unknown> = {};
  for (const [name, spec] of Object.entries(rule.meta.options) as [string, { default: unknown }][]) {
    options[name] = structuredClone(spec.default);
  }
  return { severity: rule.meta.defaultSeverity, options };
}

export function defaultRuleSettings(): Map<RuleId, RuleSetting> {
  return new Map(rules.map((rule) => [rule.meta.id, defaultRuleSetting(rule)]));
}

export function defaultConfig(): ResolvedConfig {
  return { file: undefined, rules: defaultRuleSettings(), isIgnored: () => false, honorEslintDisable: true, problems: [] };
}

/** Parses and validates the text of a config file. Bad entries are reported and skipped; the rest applies. */
export function parseConfig(file: string, text: string): ResolvedConfig {
  const problems: ConfigProblem[] = [];
  const settings = defaultRuleSettings();
  const parsed = ts.parseConfigFileTextToJson(file, text);
  if (parsed.error) {
    const message = ts.flattenDiagnosticMessageText(parsed.error.messageText, ' ');
    problems.push({ file, key: '(file)', message: `is not valid JSON: ${message}` });
    return { file, rules: settings, isIgnored: () => false, honorEslintDisable: true, problems };
  }
  const json: unknown = parsed.config;
  if (!isPlainObject(json)) {
    problems.push({ file, key: '(file)', message: 'must contain a JSON object' });
    return { file, rules: settings, isIgnored: () => false, honorEslintDisable: true, problems };
  }
  for (const key of Object.keys(json)) {
    if (key !== '$schema' && key !== 'rules' && key !== 'ignore' && key !== 'honorEslintDisable') {
      problems.push({ file, key, message: 'is not a known setting (expected "rules", "ignore", "honorEslintDisable" or "$schema")' });
    }
  }
  if (json.rules !== undefined) {
    if (isPlainObject(json.rules)) {
      for (const [id, value] of Object.entries(json.rules)) readRuleEntry(file, id, value, settings, problems);
    } else {
      problems.push({ file, key: 'rules', message: 'must be an object mapping rule ids to severities' });
    }
  }
  const ignore: string[] = [];
  if (json.ignore !== undefined) {
    if (Array.isArray(json.ignore) && json.ignore.every((entry) => typeof entry === 'string')) {
      ignore.push(...(json.ignore as string[]));
    } else {
      problems.push({ file, key: 'ignore', message: 'must be a list of glob patterns' });
    }
  }
  let honorEslintDisable = true;
  if (json.honorEslintDisable !== undefined) {
    if (typeof json.honorEslintDisable === 'boolean') honorEslintDisable = json.honorEslintDisable;
    else problems.push({ file, key: 'honorEslintDisable', message: 'must be true or false' });
  }
  return { file, rules: settings, isIgnored: ignoreMatcher(path.dirname(file), ignore), honorEslintDisable, problems };
}

function readRuleEntry(
  file: string,
  id: string,
  value: unknown,
  settings: Map<RuleId, RuleSetting>,
  problems: ConfigProblem[],
): void {
  const key = `rules.${id}`;
  if (!ALL_RULE_IDS.includes(id as RuleId)) {
    problems.push({ file, key, message: `is not a known rule id (known: ${ALL_RULE_IDS.join(', ')})` });
    return;
  }
  const [severity, options] = Array.isArray(value) ? [value[0], value[1]] : [value, undefined];
  if (!SEVERITIES.includes(severity as SeverityOrOff)) {
    problems.push({ file, key, message: `must be one of ${SEVERITIES.join(', ')} (or [severity, options])` });
    return;
  }
  if (Array.isArray(value) && value.length > 2) {
    problems.push({ file, key, message: 'must be [severity] or [severity, options]' });
    return;
  }
  const rule = ruleById(id as RuleId);
  // A contract id whose rule this version does not have yet: nothing to configure.
  if (!rule) return;
  const setting = settings.get(rule.meta.id)!;
  setting.severity = severity as SeverityOrOff;
  if (options === undefined) return;
  if (!isPlainObject(options)) {
    problems.push({ file, key: `${key}[1]`, message: 'must be an object of rule options' });
    return;
  }
  const specs = rule.meta.options as Record<string, { validate(value: unknown): string | undefined }>;
  for (const [name, optionValue] of Object.entries(options)) {
    const spec = specs[name];
    const optionKey = `${key}[1].${name}`;
    if (!spec) {
      const known = Object.keys(specs);
      problems.push({
        file,
        key: optionKey,
        message: known.length ? `is not an option of ${id} (known: ${known.join(', ')})` : `${id} has no options`,
      });
      continue;
    }
    const error = spec.validate(optionValue);
    if (error) problems.push({ file, key: optionKey, message: error });
    else setting.options[name] = optionValue;
  }
}

function ignoreMatcher(baseDir: string, patterns: string[]): (absolutePath: string) => boolean {
  if (patterns.length === 0) return () => false;
  const matchers = patterns.map((pattern) => picomatch(pattern, { dot: true }));
  return (absolutePath) => {
    const relative = path.relative(baseDir, absolutePath).split(path.sep).join('/');
    if (relative.startsWith('..')) return false;
    return matchers.some((matches) => matches(relative));
  };
}

/** Applies severities from editor settings on top of a config file's. Unknown ids are ignored here. */
export function withSeverityOverrides(config: ResolvedConfig, overrides: SeverityOverrides): ResolvedConfig {
  const entries = Object.entries(overrides).filter(
    ([id, severity]) => ALL_RULE_IDS.includes(id as RuleId) && SEVERITIES.includes(severity as SeverityOrOff),
  );
  if (entries.length === 0) return config;
  const rulesWithOverrides = new Map<RuleId, RuleSetting>();
  for (const [id, setting] of config.rules) rulesWithOverrides.set(id, { ...setting });
  for (const [id, severity] of entries) {
    const setting = rulesWithOverrides.get(id as RuleId);
    if (setting) setting.severity = severity as SeverityOrOff;
  }
  return { ...config, rules: rulesWithOverrides };
}

/**
 * Finds and caches the config that applies to each directory: the nearest `.async-pitfalls.json`
 * up the tree wins. `invalidate()` drops the cache when a config file changes.
 */
export class ConfigResolver {
  private readonly byDirectory = new Map<string, ResolvedConfig>();

  constructor(private readonly readFile: (file: string) => string | undefined = readFileIfExists) {}

  forFile(absolutePath: string): ResolvedConfig {
    return this.forDirectory(path.dirname(absolutePath));
  }

  forDirectory(directory: string): ResolvedConfig {
    const cached = this.byDirectory.get(directory);
    if (cached) return cached;
    const candidate = path.join(directory, CONFIG_FILE_NAME);
    const text = this.readFile(candidate);
    let config: ResolvedConfig;
    if (text !== undefined) {
      config = parseConfig(candidate, text);
    } else {
      const parent = path.dirname(directory);
      config = parent === directory ? defaultConfig() : this.forDirectory(parent);
    }
    this.byDirectory.set(directory, config);
    return config;
  }

  invalidate(): void {
    this.byDirectory.clear();
  }
}

function readFileIfExists(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
