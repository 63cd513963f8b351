// Runs small programs before and after a fix: a safe fix must keep what a program prints and how it
// ends (exit code, uncaught errors) for every value its types admit; an unsafe one is shown to change it.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { applyEdits } from '../../server/src/engine/fixes';
import type { AnyRule, TextEdit } from '../../server/src/rules/types';
import { assertFixKeepsCodeValid, runRule, type ValidCase } from './ruleTester';

/** How a program ended, in the terms a user would notice. */
export interface Outcome {
  stdout: string;
  /** The error lines of stderr (`Error: ...`, Node's unhandled-rejection notice), without stack frames or paths. */
  errors: string[];
  exitCode: number | null;
}

/** Compiles a TypeScript module to CommonJS, the way the tests load code. */
export function compile(source: string): string {
  return ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
  }).outputText;
}

/** Loads a compiled module in this process, with Node's require for its imports. */
export function load<T>(source: string): T {
  const module = { exports: {} as T };
  new Function('require', 'module', 'exports', compile(source))(require, module, module.exports);
  return module.exports;
}

/** Runs a program in its own Node.js process (so an unhandled rejection ends it as it would in production). */
export function runProgram(source: string): Outcome {
  const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'async-pitfalls-run-'));
  try {
    const file = path.join(directory, 'main.cjs');
    fs.writeFileSync(file, compile(source));
    const result = spawnSync(process.execPath, [file], { cwd: directory, encoding: 'utf8', timeout: 20_000 });
    assert.equal(result.error, undefined, `the program could not run: ${String(result.error)}`);
    return { stdout: result.stdout, errors: errorLines(result.stderr), exitCode: result.status };
  } finally {
    fs.rmSync(directory, { recursive: true, force: true });
  }
}

function errorLines(stderr: string): string[] {
  return stderr
    .split(/\r?\n/)
    .filter((line) => /^(\w*Error\b|\[?Unhandled|Uncaught)/.test(line))
    .map((line) => line.replace(/\/\S+main\.cjs:\d+(:\d+)?/g, 'main.cjs'));
}

/**
 * The program after applying the fix `fixId` wherever the rule offers it (each finding's own fix, none
 * overlapping another), checked to add no syntax or type error. Fails when the rule offers that fix
 * nowhere: a behaviour test must test the fix.
 */
export function applyFixEverywhere(rule: AnyRule, testCase: ValidCase, fixId: string): string {
  const result = runRule(rule, testCase);
  const { findings, sourceFile } = result;
  const edits: TextEdit[] = [];
  for (const finding of findings) {
    const fix = finding.fixes.find((candidate) => candidate.id === fixId);
    if (!fix) continue;
    assert.ok(!fix.edits.some((edit) => edits.some((other) => edit.start < other.end && other.start < edit.end)), 'overlapping fixes');
    edits.push(...fix.edits);
  }
  assert.ok(edits.length > 0, `${rule.meta.id} offers no ${fixId} fix on:\n${testCase.code}`);
  const output = applyEdits(sourceFile.text, edits);
  assertFixKeepsCodeValid(result, output, `${rule.meta.id}/${fixId}`);
  return output;
}

export interface BehaviourCase extends ValidCase {
  /** What the case shows, for the test title. */
  name: string;
  /**
   * What the outcomes must look like (matched against `summary`), so a case shows what it claims: the
   * adversarial path taken before the fix, and for a fix that changes behaviour, the change itself.
   */
  shows: { before: RegExp; after?: RegExp };
}

/** One line per outcome: stdout without the ticker's lines (`|` for newlines), the error lines, the exit code. */
export function summary(outcome: Outcome): string {
  const out = outcome.stdout
    .split('\n')
    .filter((line) => !/^tick \d+$/.test(line))
    .join('|');
  return `${[out, ...outcome.errors].join(' ')} exit ${outcome.exitCode}`;
}

/** Asserts that the fix keeps the program's outcome (and that the program did something worth comparing). */
export function assertKeepsBehaviour(rule: AnyRule, fixId: string, testCase: BehaviourCase): { before: Outcome; after: Outcome; fixed: string } {
  const fixed = applyFixEverywhere(rule, testCase, fixId);
  const before = runProgram(testCase.code);
  assert.notEqual(before.stdout, '', 'the program prints what it observed');
  assert.match(summary(before), testCase.shows.before);
  const after = runProgram(fixed);
  assert.deepEqual(after, before, `${rule.meta.id}/${fixId} changed the outcome of:\n${testCase.code}\ninto:\n${fixed}`);
  return { before, after, fixed };
}

/** Asserts that the fix changes the program's outcome: the evidence that it is not safe. */
export function assertChangesBehaviour(rule: AnyRule, fixId: string, testCase: BehaviourCase): { before: Outcome; after: Outcome; fixed: string } {
  const fixed = applyFixEverywhere(rule, testCase, fixId);
  const before = runProgram(testCase.code);
  const after = runProgram(fixed);
  assert.match(summary(before), testCase.shows.before, `before the fix: ${summary(before)}`);
  assert.ok(testCase.shows.after, 'a case that shows a change says what the fix changes');
  assert.match(summary(after), testCase.shows.after, `after the fix: ${summary(after)}\n${fixed}`);
  assert.notDeepEqual(after, before, `${rule.meta.id}/${fixId} kept the outcome of:\n${testCase.code}`);
  return { before, after, fixed };
}
