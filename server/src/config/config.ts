import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from '../typescript';
import { escapeControlCharacters, type Logger } from '../base/logger';
import { ALL_RULE_IDS, ruleById, rules } from '../rules';
import { SEVERITIES, type AnyRule, type RuleId, type SeverityOrOff } from '../rules/types';
import { readIfPresent } from '../project/files';
import { lineMapOf } from '../rules/util/lines';
import { compileGlob, type GlobMatcher } from './glob';
import { isWithin, projectRootFinder, type RootFinder } from './roots';

// Without TypeScript, for the CLI's entry (see cli/fastPath.ts).
export { isWithin, projectRootFinder, type RootFinder } from './roots';

export const CONFIG_FILE_NAME = '.async-pitfalls.json';

/** A position in a config file: 0-based line and UTF-16 character, as editors count them. */
export interface ConfigPosition {
  line: number;
  character: number;
}

/** A problem in a config file, named by file and key so the user can find it. */
export interface ConfigProblem {
  file: string;
  key: string;
  message: string;
  /** The text the problem is about (the key's name, or its value), for the editor to underline. */
  range?: { start: ConfigPosition; end: ConfigPosition };
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

/** Where in the parsed JSON a problem is: a path of property names and array indexes, and which part to underline. */
interface Location {
  at: readonly (string | number)[];
  part: 'name' | 'value';
}

/**
 * Parses and validates the text of a config file. Bad entries are reported and skipped; the rest
 * applies, even when the JSON itself has errors: the parser recovers (a missing comma, an unclosed
 * brace) and every entry it could read is validated and applied as usual.
 */
export function parseConfig(file: string, text: string): ResolvedConfig {
  const problems: ConfigProblem[] = [];
  const settings = defaultRuleSettings();
  const jsonFile = ts.parseJsonText(file, text);
  const conversionErrors: ts.Diagnostic[] = [];
  const json: unknown = ts.convertToObject(jsonFile, conversionErrors);
  // parseDiagnostics is not in TypeScript's declarations, but every version has it on a parsed file.
  const syntaxErrors = (jsonFile as { parseDiagnostics?: readonly ts.Diagnostic[] }).parseDiagnostics ?? [];
  // After a syntax error the parser's next complaints mostly follow from it: the first one says what to mend.
  for (const error of syntaxErrors.length > 0 ? syntaxErrors.slice(0, 1) : conversionErrors) {
    const start = error.start ?? 0;
    problems.push({
      file,
      key: '(file)',
      message: `is not valid JSON: ${ts.flattenDiagnosticMessageText(error.messageText, ' ')}`,
      range: rangeOf(jsonFile, start, start + (error.length ?? 0)),
    });
  }
  const report = (key: string, message: string, location: Location) => problems.push({ file, key, message, range: locate(jsonFile, location) });
  if (!isPlainObject(json)) {
    // An empty file reads as {}: only a file with something else in it ends here.
    report('(file)', 'must contain a JSON object', { at: [], part: 'value' });
    return { file, rules: settings, isIgnored: () => false, honorEslintDisable: true, problems };
  }
  for (const key of Object.keys(json)) {
    if (key !== '$schema' && key !== 'rules' && key !== 'ignore' && key !== 'root' && key !== 'honorEslintDisable') {
      report(key, 'is not a known setting (expected "rules", "ignore", "root", "honorEslintDisable" or "$schema")', { at: [key], part: 'name' });
    }
  }
  if (json.root !== undefined && typeof json.root !== 'boolean') {
    report('root', 'must be true or false', { at: ['root'], part: 'value' });
  }
  if (json.rules !== undefined) {
    if (isPlainObject(json.rules)) {
      for (const [id, value] of Object.entries(json.rules)) {
        // A value JSON does not allow (an unquoted word) reads as undefined: reported above already.
        if (value !== undefined) readRuleEntry(id, value, settings, report);
      }
    } else {
      report('rules', 'must be an object mapping rule ids to severities', { at: ['rules'], part: 'value' });
    }
  }
  const ignore: GlobMatcher[] = [];
  if (json.ignore !== undefined) {
    if (Array.isArray(json.ignore) && json.ignore.every((entry) => typeof entry === 'string')) {
      (json.ignore as string[]).forEach((pattern, index) => {
        const compiled = compileGlob(pattern);
        if ('error' in compiled) report(`ignore[${index}]`, `${JSON.stringify(pattern)} ${compiled.error}`, { at: ['ignore', index], part: 'value' });
        else ignore.push(compiled.matcher);
      });
    } else {
      report('ignore', 'must be a list of glob patterns', { at: ['ignore'], part: 'value' });
    }
  }
  let honorEslintDisable = true;
  if (json.honorEslintDisable !== undefined) {
    if (typeof json.honorEslintDisable === 'boolean') honorEslintDisable = json.honorEslintDisable;
    else report('honorEslintDisable', 'must be true or false', { at: ['honorEslintDisable'], part: 'value' });
  }
  return { file, rules: settings, isIgnored: ignoreMatcher(path.dirname(file), ignore), honorEslintDisable, problems };
}

function readRuleEntry(
  id: string,
  value: unknown,
  settings: Map<RuleId, RuleSetting>,
  report: (key: string, message: string, location: Location) => void,
): void {
  const key = `rules.${id}`;
  if (!ALL_RULE_IDS.includes(id as RuleId)) {
    report(key, unknownRuleMessage(id), { at: ['rules', id], part: 'name' });
    return;
  }
  const [severity, options] = Array.isArray(value) ? [value[0], value[1]] : [value, undefined];
  if (!SEVERITIES.includes(severity as SeverityOrOff)) {
    const at = Array.isArray(value) && value.length > 0 ? ['rules', id, 0] : ['rules', id];
    report(key, `must be one of ${SEVERITIES.join(', ')} (or [severity, options])`, { at, part: 'value' });
    return;
  }
  if (Array.isArray(value) && value.length > 2) {
    report(key, 'must be [severity] or [severity, options]', { at: ['rules', id], part: 'value' });
    return;
  }
  const rule = ruleById(id as RuleId);
  // A contract id whose rule this version does not have yet: nothing to configure.
  if (!rule) return;
  const setting = settings.get(rule.meta.id)!;
  setting.severity = severity as SeverityOrOff;
  if (options === undefined) return;
  if (!isPlainObject(options)) {
    report(`${key}[1]`, 'must be an object of rule options', { at: ['rules', id, 1], part: 'value' });
    return;
  }
  const specs = rule.meta.options as Record<string, { validate(value: unknown): string | undefined }>;
  for (const [name, optionValue] of Object.entries(options)) {
    const spec = specs[name];
    const optionKey = `${key}[1].${name}`;
    if (!spec) {
      const known = Object.keys(specs);
      report(optionKey, known.length ? `is not an option of ${id} (known: ${known.join(', ')})` : `${id} has no options`, { at: ['rules', id, 1, name], part: 'name' });
      continue;
    }
    const error = spec.validate(optionValue);
    if (error) report(optionKey, error, { at: ['rules', id, 1, name], part: 'value' });
    else setting.options[name] = optionValue;
  }
}

/** "is not a known rule id", with the likely meant one when it is a typo or two away, else the known ids. */
export function unknownRuleMessage(id: string): string {
  const meant = closestRuleId(id);
  return meant ? `is not a known rule id (did you mean "${meant}"?)` : `is not a known rule id (known: ${ALL_RULE_IDS.join(', ')})`;
}

/** The rule id at an edit distance of at most 2 from `id` (the nearest; none when two tie). */
function closestRuleId(id: string): RuleId | undefined {
  const scored = ALL_RULE_IDS.map((known) => ({ known, distance: editDistance(id, known) })).sort((a, b) => a.distance - b.distance);
  if (scored[0].distance > 2 || scored[1]?.distance === scored[0].distance) return undefined;
  return scored[0].known;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}

/**
 * The range of a location in the parsed file: the last property of that name (the one JSON readers
 * keep), or the nearest enclosing node found when the path leads nowhere (a value the parser dropped).
 */
function locate(jsonFile: ts.JsonSourceFile, location: Location): ConfigProblem['range'] {
  const root: ts.Node | undefined = jsonFile.statements[0]?.expression;
  if (!root) return rangeOf(jsonFile, 0, 0);
  let node: ts.Node = root;
  for (let index = 0; index < location.at.length; index++) {
    const step = location.at[index];
    let next: ts.Node | undefined;
    if (typeof step === 'string' && ts.isObjectLiteralExpression(node)) {
      const property = node.properties.filter(ts.isPropertyAssignment).reverse().find((candidate) => propertyName(candidate) === step);
      if (property && index === location.at.length - 1 && location.part === 'name') node = property.name;
      else next = property?.initializer;
    } else if (typeof step === 'number' && ts.isArrayLiteralExpression(node)) {
      next = node.elements[step];
    }
    if (!next) break;
    node = next;
  }
  return rangeOf(jsonFile, node.getStart(jsonFile), node.end);
}

function propertyName(property: ts.PropertyAssignment): string | undefined {
  const name = property.name;
  return ts.isStringLiteral(name) || ts.isIdentifier(name) || ts.isNumericLiteral(name) ? name.text : undefined;
}

/** Lines as the editor counts them (LineMap), not as TypeScript does (which breaks lines at U+2028 too). */
function rangeOf(jsonFile: ts.JsonSourceFile, start: number, end: number): NonNullable<ConfigProblem['range']> {
  const lines = lineMapOf(jsonFile);
  return { start: lines.position(start), end: lines.position(Math.max(start, end)) };
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

/** The editor's roots: the outermost workspace folder that holds the folder, else the CLI's rule. */
export function workspaceRootFinder(folders: () => readonly string[], outside: RootFinder): RootFinder {
  return (directory) => {
    const holding = folders().filter((folder) => isWithin(folder, directory));
    if (holding.length === 0) return outside(directory);
    return holding.reduce((outermost, folder) => (folder.length < outermost.length ? folder : outermost));
  };
}

/** Whether `inner` is `outer` or a folder below it. */

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
    this.readFile = options.readFile ?? readIfPresent;
    this.rootOf = options.rootOf ?? projectRootFinder(process.cwd());
    this.logger = options.logger;
  }

  forFile(absolutePath: string): ResolvedConfig {
    return this.forDirectory(path.dirname(absolutePath));
  }

  /**
   * Whether the `ignore` globs of the config that governs a file or folder exclude it. A folder met in a
   * walk is judged by the config above it (a top-level `ignore` of a package keeps working); a folder the
   * user `named` is judged by the config that governs what is inside it, so a package with its own config
   * lints from its own folder even when a config above ignores it.
   */
  isIgnored(absolutePath: string, named = false): boolean {
    // A folder that is a root itself (a project, a workspace folder) is not governed by a config above it.
    if (this.rootOf(absolutePath) === absolutePath && isDirectory(absolutePath)) return false;
    if (named && isDirectory(absolutePath)) return this.forDirectory(absolutePath).isIgnored(absolutePath);
    return this.forFile(absolutePath).isIgnored(absolutePath);
  }

  /** The config file whose `ignore` excludes a path, for the message that says so. */
  ignoringConfig(absolutePath: string, named = false): string | undefined {
    if (!this.isIgnored(absolutePath, named)) return undefined;
    return (named && isDirectory(absolutePath) ? this.forDirectory(absolutePath) : this.forFile(absolutePath)).file;
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

  /** The config files that govern a folder looked up since the last invalidate() (not those above a root), with their problems. */
  loaded(): ResolvedConfig[] {
    return [...new Set(this.byDirectory.values())].filter((config) => config.file !== undefined);
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

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
