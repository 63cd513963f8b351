import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from 'ts-morph';
import { defaultConfig } from '../server/src/config/config';
import { Analyzer } from '../server/src/engine/analyzer';
import { rules } from '../server/src/rules';
import { projectFor } from './helpers/ruleTester';
import { repositoryRoot } from './helpers/tempProject';
import { seededRandom } from './helpers/random';

/**
 * Mutation fuzzing: the documented examples and the example project, with tokens and lines deleted,
 * duplicated and swapped, run through every rule. No rule may throw and no analysis may hang.
 * Deterministic (seeded), bounded in count and time; FUZZ_VARIANTS raises the count for longer runs.
 */
const VARIANTS = Number(process.env.FUZZ_VARIANTS ?? 1500);
const TIME_LIMIT_MS = Number(process.env.FUZZ_TIME_LIMIT_MS ?? 90000);
const PER_FILE_BUDGET_MS = 3000;

function corpus(): { name: string; code: string }[] {
  const entries: { name: string; code: string }[] = [];
  const docs = path.join(repositoryRoot, 'docs/rules');
  for (const page of fs.readdirSync(docs)) {
    const markdown = fs.readFileSync(path.join(docs, page), 'utf8');
    for (const match of markdown.matchAll(/^```(ts|tsx|js|jsx) (?:correct|incorrect)[^\n]*\n([^]*?)^```$/gm)) {
      entries.push({ name: `${page}#${entries.length}.${match[1]}`, code: match[2] });
    }
  }
  const examples = path.join(repositoryRoot, 'examples/src');
  for (const file of fs.readdirSync(examples)) entries.push({ name: `examples/${file}`, code: fs.readFileSync(path.join(examples, file), 'utf8') });
  return entries;
}

function tokens(code: string): { start: number; end: number }[] {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, code);
  const found: { start: number; end: number }[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    found.push({ start: scanner.getTokenStart(), end: scanner.getTokenEnd() });
  }
  return found;
}

function mutate(code: string, next: () => number): string {
  const pick = <T>(items: T[]) => items[Math.floor(next() * items.length)];
  const operations = 1 + Math.floor(next() * 3);
  let result = code;
  for (let i = 0; i < operations; i++) {
    const lines = result.split('\n');
    const found = tokens(result);
    const operation = Math.floor(next() * 6);
    if (operation < 3 && found.length > 1) {
      const token = pick(found);
      const text = result.slice(token.start, token.end);
      if (operation === 0) result = result.slice(0, token.start) + result.slice(token.end);
      else if (operation === 1) result = result.slice(0, token.end) + ' ' + text + result.slice(token.end);
      else {
        const other = pick(found);
        const [first, second] = token.start < other.start ? [token, other] : [other, token];
        if (first.end <= second.start) {
          result = result.slice(0, first.start) + result.slice(second.start, second.end) + result.slice(first.end, second.start) + result.slice(first.start, first.end) + result.slice(second.end);
        }
      }
    } else if (lines.length > 1) {
      const index = Math.floor(next() * lines.length);
      if (operation === 3) lines.splice(index, 1);
      else if (operation === 4) lines.splice(index, 0, lines[index]);
      else {
        const other = Math.floor(next() * lines.length);
        [lines[index], lines[other]] = [lines[other], lines[index]];
      }
      result = lines.join('\n');
    }
  }
  return result;
}

describe('fuzzing the analyzer with mutated code', function () {
  this.timeout(TIME_LIMIT_MS + 60000);

  it(`runs every rule over up to ${VARIANTS} mutated files without an exception or a hang`, () => {
    const sources = corpus();
    assert.ok(sources.length > 10, 'the corpus has the documented examples');
    const problems: string[] = [];
    const logger = { info() {}, warn: (message: string) => problems.push(message), error: (message: string) => problems.push(message) };
    const analyzer = new Analyzer(logger, rules, PER_FILE_BUDGET_MS);
    const config = defaultConfig();
    for (const setting of config.rules.values()) if (setting.severity === 'off') setting.severity = 'warning';
    const started = Date.now();
    let ran = 0;
    for (let seed = 1; seed <= VARIANTS && Date.now() - started < TIME_LIMIT_MS; seed++) {
      const next = seededRandom(seed);
      const source = sources[Math.floor(next() * sources.length)];
      const extension = source.name.split('.').pop()!;
      const code = mutate(source.code, next);
      const project = projectFor({ node: true });
      const filePath = `/project/fuzz.${['ts', 'tsx', 'js', 'jsx'].includes(extension) ? extension : 'ts'}`;
      const before = problems.length;
      try {
        const sourceFile = project.createSourceFile(filePath, code, { overwrite: true });
        analyzer.analyze({ sourceFile: sourceFile.compilerNode, getProgram: () => project.getProgram().compilerObject }, config);
      } catch (error) {
        problems.push(`escaped: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      }
      if (problems.length > before) {
        problems.splice(before, problems.length - before, `seed ${seed} (${source.name}):\n${problems.slice(before).join('\n')}\n--- code ---\n${code}`);
        if (problems.length >= 5) break;
      }
      ran++;
    }
    assert.deepEqual(problems, [], problems.join('\n\n'));
    assert.ok(ran >= Math.min(VARIANTS, 300), `only ${ran} variants ran in the time limit`);
  });
});
