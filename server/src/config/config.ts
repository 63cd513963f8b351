import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from '../typescript';
import { escapeControlCharacters, type Logger } from '../base/logger';
import { ALL_RULE_IDS, ruleById, rules } from '../rules';
import { SEVERITIES, type AnyRule, type RuleId, type SeverityOrOff } from '../rules/types';
import { compileGlob, type GlobMatcher } from './glob';

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
    if (key !== '$schema' && key !== 'rules' && key !== 'ignore' && key !== 'root' && key !== 'honorEslintDisable') {
      problems.push({ file, key, message: 'is not a known setting (expected "rules", "ignore", "root", "honorEslintDisable" or "$schema")' });
    }
  }
  if (json.root !== undefined && typeof json.root !== 'boolean') {
    problems.push({ file, key: 'root', message: 'must be true or false' });
  }
  if (json.rules !== undefined) {
    if (isPlainObject(json.rules)) {
      for (const [id, value] of Object.entries(json.rules)) readRuleEntry(file, id, value, settings, problems);
    } else {
      problems.push({ file, key: 'rules', message: 'must be an object mapping rule ids to severities' });
    }
  }
  const ignore: GlobMatcher[] = [];
  if (json.ignore !== undefined) {
    if (Array.isArray(json.ignore) && json.ignore.every((entry) => typeof entry === 'string')) {
      (json.ignore as string[]).forEach((pattern, index) => {
        const compiled = compileGlob(pattern);
        if ('error' in compiled) problems.push({ file, key: `ignore[${index}]`, message: `${JSON.stringify(pattern)} ${compiled.error}` });
        else ignore.push(compiled.matcher);
      });
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

function ignoreMatcher(baseDir: string, matchers: GlobMatcher[]): (absolutePath: string) => boolean {
  if (matchers.length === 0) return () => false;
  return (absolutePath) => {
    const relative = path.relative(baseDir, absolutePath).split(path.sep).join('/');
    if (relative === '..' || relative.startsWith('../') || path.isAbsolute(relative)) return false;
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

/** The folder above which no config is looked for, for a folder being linted. */
export type RootFinder = (directory: string) => string;

/**
 * The project root of the CLI: the top of the git repository the folder is in (a `.git` folder or
 * file), else the nearest folder with a package.json, else `fallback` (the working directory) when
 * the folder is inside it, else the folder itself. A monorepo's packages thus share the config at
 * the repository's top, and a config in a shared folder above a project (a temporary folder, a home
 * folder) never applies to it.
 */
export function projectRootFinder(fallback: string | undefined, exists: (file: string) => boolean = fs.existsSync): RootFinder {
  const cache = new Map<string, { git?: string; packageJson?: string }>();
  const markers = (directory: string): { git?: string; packageJson?: string } => {
    const cached = cache.get(directory);
    if (cached) return cached;
    const parent = path.dirname(directory);
    const above = parent === directory ? {} : markers(parent);
    const found = {
      git: exists(path.join(directory, '.git')) ? directory : above.git,
      packageJson: exists(path.join(directory, 'package.json')) ? directory : above.packageJson,
    };
    cache.set(directory, found);
    return found;
  };
  return (directory) => {
    const found = markers(directory);
    if (found.git ?? found.packageJson) return (found.git ?? found.packageJson)!;
    return fallback !== undefined && isWithin(fallback, directory) ? fallback : directory;
  };
}

/** The editor's roots: the outermost workspace folder that holds the folder, else the CLI's rule. */
export function workspaceRootFinder(folders: () => readonly string[], outside: RootFinder): RootFinder {
  return (directory) => {
    const holding = folders().filter((folder) => isWithin(folder, directory));
    if (holding.length === 0) return outside(directory);
    return holding.reduce((outermost, folder) => (folder.length < outermost.length ? folder : outermost));
  };
}

/** Whether `inner` is `outer` or a folder below it. */
export function isWithin(outer: string, inner: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (!relative.startsWith(`..${path.sep}`) && relative !== '..' && !path.isAbsolute(relative));
}

/**
 * Finds and caches the config that applies to each directory: the nearest `.async-pitfalls.json`
 * up the tree wins, looking no higher than the folder's root (see RootFinder). A config above the
 * root is ignored, and named once through the logger so nobody wonders why it does not apply. `invalidate()` drops the cache when a config file or a root changes.
 */
export class ConfigResolver {
  private readonly byDirectory = new Map<string, ResolvedConfig>();
  private readonly fileInDirectory = new Map<string, ResolvedConfig | null>();
  private readonly namedIgnored = new Set<string>();
  private readonly readFile: (file: string) => string | undefined;
  private readonly rootOf: RootFinder;
  private readonly logger: Logger | undefined;

  constructor(options: { readFile?: (file: string) => string | undefined; rootOf?: RootFinder; logger?: Logger } = {}) {
    this.readFile = options.readFile ?? readFileIfExists;
    this.rootOf = options.rootOf ?? projectRootFinder(process.cwd());
    this.logger = options.logger;
  }

  forFile(absolutePath: string): ResolvedConfig {
    return this.forDirectory(path.dirname(absolutePath));
  }

  /** Whether the `ignore` globs of the config that governs a file or folder exclude it. */
  isIgnored(absolutePath: string): boolean {
    // A folder that is a root itself (a project, a workspace folder) is not governed by a config above it.
    if (this.rootOf(absolutePath) === absolutePath && isDirectory(absolutePath)) return false;
    return this.forFile(absolutePath).isIgnored(absolutePath);
  }

  forDirectory(directory: string): ResolvedConfig {
    const cached = this.byDirectory.get(directory);
    if (cached) return cached;
    const root = this.rootOf(directory);
    let config: ResolvedConfig | undefined;
    let current = directory;
    for (;;) {
      config = this.configIn(current);
      if (config || current === root) break;
      const parent = path.dirname(current);
      if (parent === current) break;
      current = parent;
    }
    if (!config) this.nameIgnoredAbove(root);
    const resolved = config ?? defaultConfig();
    this.byDirectory.set(directory, resolved);
    return resolved;
  }

  invalidate(): void {
    this.byDirectory.clear();
    this.fileInDirectory.clear();
    this.namedIgnored.clear();
  }

  private configIn(directory: string): ResolvedConfig | undefined {
    const cached = this.fileInDirectory.get(directory);
    if (cached !== undefined) return cached ?? undefined;
    const candidate = path.join(directory, CONFIG_FILE_NAME);
    const text = this.readFile(candidate);
    const config = text === undefined ? undefined : parseConfig(candidate, text);
    this.fileInDirectory.set(directory, config ?? null);
    return config;
  }

  /** The nearest config above the root is named: it does not apply. */
  private nameIgnoredAbove(root: string): void {
    let current = root;
    for (;;) {
      const parent = path.dirname(current);
      if (parent === current) return;
      current = parent;
      const config = this.configIn(current);
      if (!config) continue;
      if (!this.namedIgnored.has(config.file!)) {
        this.namedIgnored.add(config.file!);
        this.logger?.warn(
          escapeControlCharacters(
            `Ignored ${config.file}: it is above the project root ${root}, so it does not apply to the files there. ` +
              `Put an ${CONFIG_FILE_NAME} into the project if its settings are meant for it.`,
          ),
        );
      }
      return;
    }
  }
}

function isDirectory(file: string): boolean {
  return fs.statSync(file, { throwIfNoEntry: false })?.isDirectory() ?? false;
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
