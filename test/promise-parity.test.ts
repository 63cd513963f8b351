// Differential test: this project's promise rules against typescript-eslint's, both with default
// options, on the shared corpus in test/fixtures/promise-corpus. The findings (file, line, rule)
// must agree, except for the deliberate differences listed below, each with its reason (the rule
// pages document them under "Differences from typescript-eslint").
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Linter as ESLintLinter } from 'eslint';
import { Project } from 'ts-morph';
import tseslint from 'typescript-eslint';
import * as typescript from 'typescript';
import { defaultConfig } from '../server/src/config/config';
import { Analyzer } from '../server/src/engine/analyzer';
import type { Logger } from '../server/src/base/logger';
import awaitNonPromise from '../server/src/rules/await-non-promise';
import floatingPromise from '../server/src/rules/floating-promise';
import misusedPromise from '../server/src/rules/misused-promise';
import type { RuleId } from '../server/src/rules/types';

const CORPUS = path.resolve(__dirname, 'fixtures/promise-corpus');
const PROJECTS = ['tsconfig.json', 'loose/tsconfig.json'];

/** Our rule id for each typescript-eslint rule. */
const PEERS: Record<string, RuleId> = {
  '@typescript-eslint/no-floating-promises': 'floating-promise',
  '@typescript-eslint/no-misused-promises': 'misused-promise',
  '@typescript-eslint/await-thenable': 'await-non-promise',
};

interface Difference {
  /** Corpus file, relative to the corpus folder. */
  file: string;
  line: number;
  rule: RuleId;
  /** `ours`: we report and typescript-eslint does not; `theirs`: the other way round. */
  only: 'ours' | 'theirs';
  reason: string;
}

const DIFFERENCES: Difference[] = [
  ...[
    ['documented-behaviour.ts', 64],
    ['misused-void-return.ts', 48],
  ].map(([file, line]) => ({
    file: file as string,
    line: line as number,
    rule: 'misused-promise' as const,
    only: 'theirs' as const,
    reason: 'an async Promise executor is judged by nested-run (reported there when an error can escape it), not twice as typescript-eslint and ESLint core do',
  })),
  {
    file: 'floating-allowlists.ts',
    line: 6,
    rule: 'floating-promise',
    only: 'theirs',
    reason: "node:test's describe/it/test/suite are allowed by default: the runner awaits them (allowForKnownSafeCalls)",
  },
  ...[7, 8, 9, 14, 15, 16].map((line) => ({
    file: 'floating-allowlists.ts',
    line,
    rule: 'floating-promise' as const,
    only: 'theirs' as const,
    reason: "node:test's test functions (and their .skip/.todo variants) are allowed by default",
  })),
  ...[
    ['floating-expressions.ts', 49],
    ['floating-expressions.ts', 50],
    ['floating-expressions.ts', 51],
    ['floating-expressions.ts', 54],
    ['floating-expressions.ts', 55],
    ['misused-conditionals.ts', 57],
    ['misused-conditionals.ts', 59],
  ].map(([file, line]) => ({
    file: file as string,
    line: line as number,
    rule: 'misused-promise' as const,
    only: 'theirs' as const,
    reason:
      'outside a condition, the right operand of &&, || and ?? is the value of the expression, not a test: `const p = cached ?? load()` is fine (typescript-eslint checks it only because ESLint 9 passes its visitor a second argument)',
  })),
  ...[
    ['await-thenable.ts', 71],
    ['await-thenable.ts', 72],
    ['await-thenable.ts', 75],
    ['documented-behaviour.ts', 138],
  ].map(([file, line]) => ({
    file: file as string,
    line: line as number,
    rule: 'await-non-promise' as const,
    only: 'theirs' as const,
    reason:
      "values mixed with promises in a Promise aggregator's input pass through unchanged, often on purpose (a map callback that returns a promise or nothing): only an input that can hold no promise is reported (typescript-eslint's allowMixedPromiseArrays)",
  })),
  {
    file: 'await-thenable.ts',
    line: 99,
    rule: 'await-non-promise',
    only: 'theirs',
    reason:
      'a value typed `never` is the checker losing track (a variable set in a closure, narrowed to its initial value), not evidence that it is not a promise',
  },
  ...[
    [27, 'Promise.allSettled(...) never rejects'],
    [28, 'Promise.allSettled(...).then(callback) rejects only if the callback throws, and this one cannot'],
    [31, 'the async function hands every error of its awaited work to a callback, so its promise cannot reject (ignoreSelfHandling)'],
    [32, 'the async IIFE catches every error of its awaited work without rethrowing (ignoreSelfHandling)'],
  ].map(([line, reason]) => ({
    file: 'floating-cannot-reject.ts',
    line: line as number,
    rule: 'floating-promise' as const,
    only: 'theirs' as const,
    reason: reason as string,
  })),
  {
    file: 'loose/presence.ts',
    line: 9,
    rule: 'misused-promise',
    only: 'theirs',
    reason: 'without strictNullChecks, a mutable promise-typed field may be undefined: testing it for presence is not a mistake',
  },
  {
    file: 'loose/presence.ts',
    line: 10,
    rule: 'misused-promise',
    only: 'theirs',
    reason: 'without strictNullChecks, a mutable promise-typed field may be undefined: testing it for presence is not a mistake',
  },
  {
    file: 'loose/presence.ts',
    line: 22,
    rule: 'misused-promise',
    only: 'theirs',
    reason: 'without strictNullChecks, a mutable promise-typed variable may be undefined: testing it for presence is not a mistake',
  },
  ...[12, 13, 14].map((line) => ({
    file: 'misused-nothing-dropped.ts',
    line,
    rule: 'misused-promise' as const,
    only: 'theirs' as const,
    reason: 'removeEventListener, off and removeListener (DOM and Node.js, known by their declarations) never call the listener they are given, so no promise can be dropped',
  })),
  ...[20, 39].map((line) => ({
    file: 'misused-nothing-dropped.ts',
    line,
    rule: 'misused-promise' as const,
    only: 'theirs' as const,
    reason: 'the callback cannot reject: its work is in a try whose catch ends the error, or whose finally ends the process; dropping its promise loses nothing',
  })),
  {
    file: 'misused-nothing-dropped.ts',
    line: 52,
    rule: 'misused-promise',
    only: 'theirs',
    reason: 'the base method has no declared return type and only throws: it is abstract, and sets no void contract for its overrides',
  },
];

/**
 * The compiler's own complaints about the very mistakes the corpus shows: "this condition will always
 * return true since this Promise is always defined" and "an expression of type void cannot be tested".
 */
const TOLERATED_DIAGNOSTICS = new Set([2801, 1345]);

type Key = string;
const keyOf = (file: string, line: number, rule: RuleId): Key => `${file}:${line} ${rule}`;

function addTo(counts: Map<Key, number>, key: Key): void {
  counts.set(key, (counts.get(key) ?? 0) + 1);
}

function corpusFiles(tsconfig: string): string[] {
  const parsed = typescript.getParsedCommandLineOfConfigFile(tsconfig, {}, {
    ...typescript.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(typescript.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    },
  })!;
  return parsed.fileNames.map((file) => path.resolve(file));
}

function theirFindings(tsconfig: string, files: string[]): Map<Key, number> {
  const parsed = typescript.getParsedCommandLineOfConfigFile(tsconfig, {}, { ...typescript.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
  const program = typescript.createProgram({ rootNames: parsed.fileNames, options: parsed.options });
  const linter = new ESLintLinter({ configType: 'flat', cwd: CORPUS });
  const config = [
    {
      files: ['**/*.ts', '**/*.tsx'],
      languageOptions: { parser: tseslint.parser, parserOptions: { programs: [program] } },
      plugins: { '@typescript-eslint': tseslint.plugin },
      rules: Object.fromEntries(Object.keys(PEERS).map((name) => [name, 'error'])),
    },
  ] as ESLintLinter.Config[];
  const counts = new Map<Key, number>();
  for (const file of files) {
    const messages = linter.verify(fs.readFileSync(file, 'utf8'), config, { filename: file });
    for (const message of messages) {
      assert.ok(message.ruleId && message.ruleId in PEERS, `typescript-eslint failed on ${file}:${message.line}: ${message.message}`);
      addTo(counts, keyOf(path.relative(CORPUS, file), message.line, PEERS[message.ruleId]));
    }
  }
  return counts;
}

const failingLogger: Logger = {
  info() {},
  warn() {},
  error(message) {
    throw new Error(message);
  },
};

function ourFindings(tsconfig: string, files: string[]): { counts: Map<Key, number>; typeErrors: string[] } {
  const project = new Project({ tsConfigFilePath: tsconfig });
  const program = project.getProgram().compilerObject;
  const analyzer = new Analyzer(failingLogger, [awaitNonPromise, floatingPromise, misusedPromise]);
  const config = defaultConfig();
  const counts = new Map<Key, number>();
  const typeErrors: string[] = [];
  for (const file of files) {
    const sourceFile = program.getSourceFile(file);
    assert.ok(sourceFile, `${file} is in the project`);
    const diagnostics = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
    for (const diagnostic of diagnostics.filter((d) => !TOLERATED_DIAGNOSTICS.has(d.code))) {
      const line = sourceFile.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1;
      typeErrors.push(`${path.relative(CORPUS, file)}:${line} ${typescript.flattenDiagnosticMessageText(diagnostic.messageText, ' ')}`);
    }
    for (const finding of analyzer.analyze({ sourceFile, getProgram: () => program }, config)) {
      const line = sourceFile.getLineAndCharacterOfPosition(finding.start).line + 1;
      addTo(counts, keyOf(path.relative(CORPUS, file), line, finding.ruleId));
    }
  }
  return { counts, typeErrors };
}

describe('promise rules agree with typescript-eslint on the corpus', function () {
  this.timeout(120_000);
  let theirs: Map<Key, number>;
  let ours: Map<Key, number>;
  let typeErrors: string[];

  before(() => {
    theirs = new Map();
    ours = new Map();
    typeErrors = [];
    for (const project of PROJECTS) {
      const tsconfig = path.join(CORPUS, project);
      const files = corpusFiles(tsconfig);
      for (const [key, count] of theirFindings(tsconfig, files)) theirs.set(key, count);
      const result = ourFindings(tsconfig, files);
      for (const [key, count] of result.counts) ours.set(key, count);
      typeErrors.push(...result.typeErrors);
    }
  });

  it('the corpus type-checks, so both linters see the same types', () => {
    assert.deepEqual(typeErrors, []);
  });

  it('typescript-eslint reports something for each rule (the oracle runs)', () => {
    for (const rule of Object.values(PEERS)) {
      assert.ok([...theirs.keys()].some((key) => key.endsWith(` ${rule}`)), `no ${rule} finding from typescript-eslint`);
    }
  });

  it('the findings agree, line by line, except for the listed differences', () => {
    const expectedOurs = new Map(theirs);
    for (const difference of DIFFERENCES) {
      const key = keyOf(difference.file, difference.line, difference.rule);
      if (difference.only === 'ours') addTo(expectedOurs, key);
      else {
        const count = (expectedOurs.get(key) ?? 0) - 1;
        if (count > 0) expectedOurs.set(key, count);
        else expectedOurs.delete(key);
      }
    }
    const problems: string[] = [];
    const keys = [...new Set([...expectedOurs.keys(), ...ours.keys()])].sort();
    for (const key of keys) {
      const expected = expectedOurs.get(key) ?? 0;
      const actual = ours.get(key) ?? 0;
      if (expected === actual) continue;
      const [location] = key.split(' ');
      const [file, line] = location.split(':');
      const text = fs.readFileSync(path.join(CORPUS, file), 'utf8').split('\n')[Number(line) - 1]?.trim();
      problems.push(`${key}: expected ${expected}, we report ${actual} (typescript-eslint: ${theirs.get(key) ?? 0})   ${text}`);
    }
    assert.deepEqual(problems, [], `unexpected differences:\n${problems.join('\n')}`);
  });

  it('every listed difference still happens', () => {
    for (const difference of DIFFERENCES) {
      const key = keyOf(difference.file, difference.line, difference.rule);
      const theirCount = theirs.get(key) ?? 0;
      const ourCount = ours.get(key) ?? 0;
      if (difference.only === 'theirs') assert.ok(theirCount > ourCount, `${key}: listed as reported only by typescript-eslint`);
      else assert.ok(ourCount > theirCount, `${key}: listed as reported only by us`);
      assert.ok(difference.reason.length > 0);
    }
  });

  /** How many of typescript-eslint's findings (in the files that pass `include`, outside the listed differences) we report too. */
  const agreement = (include: (key: Key) => boolean) => {
    const listed = new Set(DIFFERENCES.map((difference) => keyOf(difference.file, difference.line, difference.rule)));
    let total = 0;
    let matched = 0;
    for (const [key, count] of theirs) {
      if (!include(key) || listed.has(key)) continue;
      total += count;
      matched += Math.min(count, ours.get(key) ?? 0);
    }
    return { total, matched, rate: total === 0 ? 1 : matched / total };
  };

  it("typescript-eslint's documented behaviour: at least 97% of its findings, and nothing it does not report", () => {
    const documented = (key: Key) => key.startsWith('documented-behaviour.ts:');
    const { total, matched, rate } = agreement(documented);
    assert.ok(total >= 20, 'the documented-behaviour file has findings');
    assert.ok(rate >= 0.97, `${matched} of ${total} matched`);
    const extra = [...ours.keys()].filter((key) => documented(key) && (ours.get(key) ?? 0) > (theirs.get(key) ?? 0));
    assert.deepEqual(extra, []);
  });

  it('the whole corpus: at least 90% of its findings (the rest are the listed differences)', () => {
    const { matched, total, rate } = agreement(() => true);
    assert.ok(rate >= 0.9, `${matched} of ${total} matched`);
  });
});
