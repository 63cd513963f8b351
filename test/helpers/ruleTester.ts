import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Project, ts } from 'ts-morph';
import { defaultConfig, type ResolvedConfig } from '../../server/src/config/config';
import { Analyzer } from '../../server/src/engine/analyzer';
import { applyEdits, nonOverlappingSafeFixes } from '../../server/src/engine/fixes';
import type { Logger } from '../../server/src/base/logger';
import type { AnyRule, Finding, RuleEnvironment } from '../../server/src/rules/types';

export interface CaseEnvironment {
  /** File name inside the in-memory project: its extension picks TS, TSX, JS or JSX. */
  filename?: string;
  /** Load @types/node, so `node:fs` and friends resolve. */
  node?: boolean;
  /** Other files of the project, by name (for imports between files). */
  files?: Record<string, string>;
  /** Compiler options on top of the test defaults (ES2022, strict). */
  compilerOptions?: ts.CompilerOptions;
  /** Where the findings are shown: the CLI's environment by default. */
  environment?: RuleEnvironment;
}

export interface ValidCase extends CaseEnvironment {
  code: string;
  options?: Record<string, unknown>;
}

export interface ExpectedFinding {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
  messageId?: string;
  /** A part the message must contain. */
  messageIncludes?: string;
  /** The finding's related places, each as `file:line:column label` (file relative to the project). */
  related?: string[];
  /** Every fix the finding offers, by fix id, with the whole file after applying it. */
  fixes?: Record<string, string>;
}

export interface InvalidCase extends ValidCase {
  errors: ExpectedFinding[];
}

const PROJECT_ROOT = '/project';
const nodeTypesDirectory = path.resolve(__dirname, '../../node_modules/@types/node');

/** One in-memory project per environment kind, reused across cases so lib files are bound once. */
const projects = new Map<string, Project>();

/** The shared in-memory project for an environment, emptied of earlier cases' files. */
export function projectFor(environment: CaseEnvironment): Project {
  const key = JSON.stringify({ node: environment.node === true, options: environment.compilerOptions ?? {} });
  let project = projects.get(key);
  if (!project) {
    project = new Project({
      useInMemoryFileSystem: true,
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
        strict: true,
        allowJs: true,
        jsx: ts.JsxEmit.Preserve,
        noEmit: true,
        types: environment.node ? ['node'] : [],
        ...environment.compilerOptions,
      },
    });
    if (environment.node) copyNodeTypes(project);
    projects.set(key, project);
  }
  for (const file of project.getSourceFiles()) {
    if (file.getFilePath().startsWith(`${PROJECT_ROOT}/`)) project.removeSourceFile(file);
  }
  return project;
}

function copyNodeTypes(project: Project): void {
  const fileSystem = project.getFileSystem();
  const walk = (directory: string) => {
    for (const entry of fs.readdirSync(directory, { withFileTypes: true })) {
      const full = path.join(directory, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.d.ts') || entry.name === 'package.json') {
        fileSystem.writeFileSync(`/node_modules/@types/node/${path.relative(nodeTypesDirectory, full)}`, fs.readFileSync(full, 'utf8'));
      }
    }
  };
  walk(nodeTypesDirectory);
}

const failingLogger: Logger = {
  info() {},
  warn() {},
  error(message) {
    throw new Error(message);
  },
};

export interface CaseResult {
  findings: Finding[];
  sourceFile: ts.SourceFile;
  project: Project;
  filePath: string;
}

/** Runs one rule (with the given options over its defaults) on code in the in-memory project. */
export function runRule(rule: AnyRule, testCase: ValidCase): CaseResult {
  const project = projectFor(testCase);
  for (const [name, text] of Object.entries(testCase.files ?? {})) {
    project.createSourceFile(`${PROJECT_ROOT}/${name}`, text, { overwrite: true });
  }
  const filePath = `${PROJECT_ROOT}/${testCase.filename ?? 'file.ts'}`;
  const sourceFile = project.createSourceFile(filePath, testCase.code, { overwrite: true });
  const config = configFor(rule, testCase.options);
  const findings = new Analyzer(failingLogger, [rule], undefined, testCase.environment).analyze(
    { sourceFile: sourceFile.compilerNode, getProgram: () => project.getProgram().compilerObject },
    config,
  );
  return { findings, sourceFile: project.getProgram().compilerObject.getSourceFile(filePath)!, project, filePath };
}

function configFor(rule: AnyRule, options: Record<string, unknown> | undefined): ResolvedConfig {
  const config = defaultConfig();
  for (const [id, setting] of config.rules) {
    if (id !== rule.meta.id) setting.severity = 'off';
  }
  const setting = config.rules.get(rule.meta.id)!;
  for (const [name, value] of Object.entries(options ?? {})) {
    assert.ok(name in rule.meta.options, `test uses unknown option ${name}`);
    const problem = (rule.meta.options as Record<string, { validate(v: unknown): string | undefined }>)[name].validate(value);
    assert.equal(problem, undefined, `test option ${name} ${problem}`);
    setting.options[name] = value;
  }
  return config;
}

/** Syntax and type errors of a file, as comparable strings (position-free, so edits do not shift them). */
function problemsOf(project: Project, filePath: string): string[] {
  const program = project.getProgram().compilerObject;
  const file = program.getSourceFile(filePath)!;
  return [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]
    .map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, ' ')}`)
    .sort();
}

/** Checks that a fix's output parses and adds no type error, then restores the original file. */
export function assertFixKeepsCodeValid(result: CaseResult, output: string, label: string): void {
  const { project, filePath } = result;
  const original = result.sourceFile.text;
  const before = problemsOf(project, filePath);
  project.createSourceFile(filePath, output, { overwrite: true });
  const after = problemsOf(project, filePath);
  project.createSourceFile(filePath, original, { overwrite: true });
  const added = after.filter((problem) => {
    const index = before.indexOf(problem);
    if (index === -1) return true;
    before.splice(index, 1);
    return false;
  });
  assert.deepEqual(added, [], `${label}: the fix output has new errors:\n${output}`);
}

function describeCase(testCase: ValidCase): string {
  const firstLines = testCase.code.trim().split('\n').slice(0, 2).join(' ⏎ ');
  const options = testCase.options ? ` ${JSON.stringify(testCase.options)}` : '';
  return `${firstLines.length > 90 ? `${firstLines.slice(0, 87)}...` : firstLines}${options}`;
}

/** Declares mocha tests for a rule: valid cases report nothing; invalid cases report exactly the expected findings and fixes. */
export function ruleTests(rule: AnyRule, cases: { valid: (string | ValidCase)[]; invalid: InvalidCase[] }): void {
  describe(rule.meta.id, () => {
    describe('valid', () => {
      for (const given of cases.valid) {
        const testCase = typeof given === 'string' ? { code: given } : given;
        it(describeCase(testCase), () => {
          const { findings, sourceFile } = runRule(rule, testCase);
          assert.deepEqual(findings.map((f) => positionOf(sourceFile, f)), [], 'expected no findings');
        });
      }
    });
    describe('invalid', () => {
      for (const testCase of cases.invalid) {
        it(describeCase(testCase), () => {
          const result = runRule(rule, testCase);
          const { findings, sourceFile } = result;
          const actual = findings.map((finding, index) => {
            const expected = testCase.errors[index];
            const position = positionOf(sourceFile, finding);
            return {
              line: position.line,
              column: position.column,
              ...(expected?.endLine !== undefined ? { endLine: position.endLine } : {}),
              ...(expected?.endColumn !== undefined ? { endColumn: position.endColumn } : {}),
              ...(expected?.messageId !== undefined ? { messageId: finding.messageId } : {}),
              ...(expected?.messageIncludes !== undefined
                ? { messageIncludes: finding.message.includes(expected.messageIncludes) ? expected.messageIncludes : finding.message }
                : {}),
              ...(expected?.related !== undefined ? { related: relatedOf(finding) } : {}),
            };
          });
          const expectedPositions = testCase.errors.map(({ fixes: _fixes, ...position }) => position);
          assert.deepEqual(actual, expectedPositions, 'findings differ');
          findings.forEach((finding, index) => {
            const expectedFixes = testCase.errors[index].fixes ?? {};
            const actualFixes: Record<string, string> = {};
            for (const fix of finding.fixes) {
              assert.equal(fix.kind, rule.meta.fixes[fix.id].kind, `fix ${fix.id} keeps its declared kind`);
              actualFixes[fix.id] = applyEdits(sourceFile.text, fix.edits);
            }
            assert.deepEqual(actualFixes, expectedFixes, `fixes of finding ${index + 1} differ`);
            for (const [id, output] of Object.entries(actualFixes)) assertFixKeepsCodeValid(result, output, `fix ${id}`);
          });
          assertFixAllIsStable(rule, testCase);
        });
      }
    });
  });
}

/**
 * Fix-all (every safe fix, repeated until none is left) must give valid code, and running it on its
 * own output must change nothing: on-save fixing never oscillates.
 */
function assertFixAllIsStable(rule: AnyRule, testCase: InvalidCase): void {
  const fixAll = (code: string): string => {
    let current = code;
    for (let pass = 0; pass < 10; pass++) {
      const { findings, sourceFile } = runRule(rule, { ...testCase, code: current });
      const fixes = nonOverlappingSafeFixes(findings);
      if (fixes.length === 0) return current;
      current = applyEdits(sourceFile.text, fixes.flatMap((fix) => fix.edits));
    }
    assert.fail('fix-all did not settle within 10 passes');
  };
  const once = fixAll(testCase.code);
  if (once === testCase.code) return;
  const twice = fixAll(once);
  assert.equal(twice, once, 'fix-all applied twice changes the code again');
  const restored = runRule(rule, testCase);
  assertFixKeepsCodeValid(restored, once, 'fix-all');
}

function relatedOf(finding: Finding): string[] {
  return (finding.related ?? []).map(
    (related) => `${path.posix.relative(PROJECT_ROOT, related.fileName)}:${related.range.start.line + 1}:${related.range.start.character + 1} ${related.label}`,
  );
}

function positionOf(sourceFile: ts.SourceFile, finding: Finding) {
  const start = sourceFile.getLineAndCharacterOfPosition(finding.start);
  const end = sourceFile.getLineAndCharacterOfPosition(finding.end);
  return { line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1 };
}
