import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as ts from 'typescript';
import { type Finding, diffRule, failures, findingKey, formatLabels, precision, readLabels } from '../ecosystem/labels';
import { EXPECTED_RULE, MUTATION_KINDS, type Site, findSites, inject, isGenerated, packageSeed, pickSites, shuffled, syntaxErrors } from '../ecosystem/mutations';
import { CORPUS } from '../ecosystem/packages';
import { seededRandom } from './helpers/random';

function finding(file: string, line: number, column: number, rule: Finding['rule'] = 'floating-promise'): Finding {
  return { file, line, column, rule, message: 'm' };
}

describe('ecosystem check', () => {
  describe('labels', () => {
    it('keys a finding by package path, line and column, with / separators', () => {
      assert.equal(findingKey(finding('mongodb/src/cursor.ts', 12, 5)), 'mongodb/src/cursor.ts:12:5');
      assert.equal(findingKey(finding(['knex', 'lib', 'client.js'].join(path.sep), 3, 1)), 'knex/lib/client.js:3:1');
    });

    it('counts labels, lists unlabeled findings and vanished labels', () => {
      const labels = {
        'a/x.ts:1:1': { label: 'tp', reason: 'r' },
        'a/x.ts:2:1': { label: 'fp', reason: 'r' },
        'a/x.ts:3:1': { label: 'unsure', reason: 'r' },
        'a/y.ts:9:9': { label: 'tp', reason: 'gone' },
        'a/y.ts:8:8': { label: 'fp', reason: 'gone too' },
      } as const;
      const diff = diffRule('floating-promise', [finding('a/x.ts', 1, 1), finding('a/x.ts', 2, 1), finding('a/x.ts', 3, 1), finding('a/z.ts', 4, 2)], labels);
      assert.deepEqual([diff.tp, diff.fp, diff.unsure, diff.findings], [1, 1, 1, 4]);
      assert.equal(diff.precision, 1 / 3);
      assert.deepEqual(diff.unlabeled.map(findingKey), ['a/z.ts:4:2']);
      assert.deepEqual(diff.vanished.map((v) => v.key), ['a/y.ts:8:8', 'a/y.ts:9:9']);
      assert.deepEqual(failures(diff), { unlabeled: diff.unlabeled, vanishedTp: ['a/y.ts:9:9'] });
    });

    it('passes when every finding is labeled and only non-tp labels vanished', () => {
      const diff = diffRule('blocking-call', [finding('p/a.js', 1, 1, 'blocking-call')], {
        'p/a.js:1:1': { label: 'fp', reason: 'r' },
        'p/b.js:1:1': { label: 'unsure', reason: 'r' },
      });
      assert.deepEqual(failures(diff), { unlabeled: [], vanishedTp: [] });
      assert.equal(diff.precision, 0);
    });

    it('has no precision without a judged finding, and counts unsure against it', () => {
      assert.equal(precision(0, 0, 0), undefined);
      assert.equal(precision(9, 0, 1), 0.9);
    });

    it('reads labels strictly and writes them sorted', () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'labels-'));
      try {
        const file = path.join(dir, 'rule.json');
        assert.deepEqual(readLabels(file), {});
        fs.writeFileSync(file, formatLabels({ 'b/x.ts:2:1': { label: 'fp', reason: 'b' }, 'a/x.ts:1:1': { label: 'tp', reason: 'a' } }));
        assert.deepEqual(Object.keys(readLabels(file)), ['a/x.ts:1:1', 'b/x.ts:2:1']);
        fs.writeFileSync(file, JSON.stringify({ 'a/x.ts:1:1': { label: 'maybe', reason: 'a' } }));
        assert.throws(() => readLabels(file), /needs "label"/);
        fs.writeFileSync(file, JSON.stringify({ 'a/x.ts:1:1': { label: 'tp', reason: ' ' } }));
        assert.throws(() => readLabels(file), /reason/);
        fs.writeFileSync(file, JSON.stringify({ 'a/x.ts': { label: 'tp', reason: 'r' } }));
        assert.throws(() => readLabels(file), /is not/);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    it('has labels only for findings of the pinned corpus, in the committed sorted form', () => {
      const dir = path.join(__dirname, '..', 'ecosystem', 'labels');
      for (const name of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
        const file = path.join(dir, name);
        const labels = readLabels(file);
        assert.equal(fs.readFileSync(file, 'utf8'), formatLabels(labels), `${name} is not sorted by key`);
        for (const key of Object.keys(labels)) assert.ok(CORPUS.some((p) => key.startsWith(`${p.name}/`)), `${name}: ${key} names no corpus package`);
      }
    });
  });

  describe('mutations', () => {
    /** A small program in memory, so the checker can tell which awaited calls return promises. */
    function program(files: Record<string, string>): ts.Program {
      const options: ts.CompilerOptions = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, allowJs: true, strict: true, noEmit: true, lib: ['lib.es2022.d.ts'] };
      const host = ts.createCompilerHost(options);
      const getSourceFile = host.getSourceFile.bind(host);
      host.getSourceFile = (name, version, onError) =>
        name in files ? ts.createSourceFile(name, files[name], version, true) : getSourceFile(name, version, onError);
      host.fileExists = (name) => name in files || ts.sys.fileExists(name);
      host.readFile = (name) => files[name] ?? ts.sys.readFile(name);
      return ts.createProgram(Object.keys(files), options, host);
    }

    const TS = [
      '/* a header */',
      "import { EventEmitter } from 'node:events';",
      '',
      'export class Pool extends EventEmitter {',
      '  private async drain(): Promise<void> {}',
      '  async close(force: boolean): Promise<void> {',
      '    await this.drain();',
      '    await (force ? this.drain : this.drain).call(this);',
      '    if (force) this.emit("closed");',
      '    await 1;',
      '  }',
      '}',
      '',
    ].join('\n');
    const CJS = ["'use strict';", '', 'async function load(db) {', '  const rows = await db.query();', '  return rows;', '}', 'module.exports = { load };', ''].join('\n');

    function sitesOf(text: string, name: string): { sourceFile: ts.SourceFile; sites: Site[] } {
      const p = program({ [name]: text });
      const sourceFile = p.getSourceFile(name)!;
      return { sourceFile, sites: findSites(sourceFile, p.getTypeChecker(), { browser: false }) };
    }

    it('offers to drop only an await of a call the checker types as a promise', () => {
      const { sourceFile, sites } = sitesOf(TS, '/p/pool.ts');
      const drops = sites.filter((s) => s.kind === 'drop-await');
      assert.equal(drops.length, 1, 'await 1 is no promise, and a statement starting with ( would join the line before without semicolons');
      const injection = inject(sourceFile, drops[0], 0)!;
      assert.equal(injection.text.split('\n')[injection.line - 1], '    this.drain();');
      // db.query() is `any` in a JS file: no evidence it returns a promise.
      assert.equal(sitesOf(CJS, '/p/load.js').sites.filter((s) => s.kind === 'drop-await').length, 0);
    });

    it('puts readFileSync first in an async body and imports it the way the file imports', () => {
      const ts1 = sitesOf(TS, '/p/pool.ts');
      const read = ts1.sites.filter((s) => s.kind === 'read-file-sync');
      assert.equal(read.length, 1, 'the empty drain() body has no line to put it on');
      const injection = inject(ts1.sourceFile, read[0], 1)!;
      const lines = injection.text.split('\n');
      assert.equal(lines[0], "import { readFileSync } from 'node:fs';");
      assert.equal(lines[injection.line - 1], "    const configText = readFileSync(process.env.CONFIG_FILE ?? 'config.json', 'utf8');");
      assert.equal(lines[injection.line], '    await this.drain();');

      const cjs = sitesOf(CJS, '/p/load.js');
      const cjsInjection = inject(cjs.sourceFile, cjs.sites.find((s) => s.kind === 'read-file-sync')!, 0)!;
      const cjsLines = cjsInjection.text.split('\n');
      assert.equal(cjsLines[0], "'use strict';", 'the directive stays first');
      assert.equal(cjsLines[1], "const { readFileSync } = require('node:fs');");
      assert.match(cjsLines[cjsInjection.line - 1], /^ {2}const caText = readFileSync\(/);
    });

    it('injects nothing Node-only into browser code and nothing into files that already read synchronously', () => {
      const p = program({ '/p/a.ts': TS });
      assert.equal(findSites(p.getSourceFile('/p/a.ts')!, p.getTypeChecker(), { browser: true }).filter((s) => s.kind === 'read-file-sync').length, 0);
      const withRead = `import { readFileSync } from 'node:fs';\n${TS}`;
      assert.equal(sitesOf(withRead, '/p/b.ts').sites.filter((s) => s.kind === 'read-file-sync').length, 0);
    });

    it('appends helpers whose mistake is on the reported line, typed in TS and JSDoc-typed in JS', () => {
      for (const [name, text] of [['/p/pool.ts', TS], ['/p/load.js', CJS]] as const) {
        const { sourceFile, sites } = sitesOf(text, name);
        const expected: Record<string, RegExp> = {
          'fan-out-parameter': /^ {2}return Promise\.all\(urls\.map\(/,
          'fetch-no-signal': /^ {2}const response = await fetch\(url\);$/,
          'await-in-loop': /^ {4}const response = await fetch\(url, \{ signal/,
        };
        for (const [kind, line] of Object.entries(expected)) {
          const injection = inject(sourceFile, sites.find((s) => s.kind === kind)!, 0)!;
          assert.ok(injection.text.startsWith(text), 'the original text is kept');
          assert.match(injection.text.split('\n')[injection.line - 1], line, `${kind} in ${name}`);
          assert.deepEqual(syntaxErrors(name, injection.text), []);
          if (name.endsWith('.js')) assert.match(injection.text, /\/\*\* @param \{string(\[\])?\} urls? \*\//);
        }
      }
    });

    it('type-checks every injection into a TypeScript file without a new error', () => {
      const name = '/p/pool.ts';
      const { sourceFile, sites } = sitesOf(TS, name);
      const lib = { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noEmit: true, types: ['node'], lib: ['lib.es2023.d.ts'] };
      // One cache of parsed files and the previous program, so each check costs only the changed file.
      const cache = new Map<string, ts.SourceFile | undefined>();
      let previous: ts.Program | undefined;
      const errors = (text: string): string[] => {
        const host = ts.createCompilerHost(lib);
        const getSourceFile = host.getSourceFile.bind(host);
        host.getSourceFile = (file, version, onError) => {
          if (file === name) return ts.createSourceFile(file, text, version, true);
          if (!cache.has(file)) cache.set(file, getSourceFile(file, version, onError));
          return cache.get(file);
        };
        host.fileExists = (file) => file === name || ts.sys.fileExists(file);
        host.readFile = (file) => (file === name ? text : ts.sys.readFile(file));
        host.getCurrentDirectory = () => path.join(__dirname, '..');
        const p = ts.createProgram([name], lib, host, previous);
        previous = p;
        return ts.getPreEmitDiagnostics(p, p.getSourceFile(name)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      };
      const before = errors(TS);
      for (const kind of MUTATION_KINDS) {
        const site = sites.find((s) => s.kind === kind)!;
        for (const variant of kind === 'read-file-sync' ? [0, 1, 2] : [0]) assert.deepEqual(errors(inject(sourceFile, site, variant)!.text), before, `${kind} variant ${variant}`);
      }
    });

    it('names a helper so it clashes with nothing in the file', () => {
      const text = `${TS}function fetchStatus() {}\n`;
      const { sourceFile, sites } = sitesOf(text, '/p/pool.ts');
      const injection = inject(sourceFile, sites.find((s) => s.kind === 'fetch-no-signal')!, 0)!;
      assert.match(injection.text, /async function fetchStatus2\(url: string\)/);
    });

    it('picks the same files and sites for the same seed, at most one mistake per file', () => {
      const files = Array.from({ length: 40 }, (_, i) => `f${String(i).padStart(2, '0')}`);
      const sitesFor = (file: string): Site[] => {
        const n = Number(file.slice(1));
        const sites: Site[] = [{ kind: 'fan-out-parameter', pos: 100 }, { kind: 'fetch-no-signal', pos: 100 }, { kind: 'await-in-loop', pos: 100 }];
        if (n % 3 === 0) sites.push({ kind: 'drop-await', pos: n }, { kind: 'drop-await', pos: n + 1 });
        if (n % 4 === 0) sites.push({ kind: 'read-file-sync', pos: n });
        return sites;
      };
      const pick = (seed: number): string[] => {
        const random = seededRandom(seed);
        return pickSites(shuffled(files, random), sitesFor, 3, random).map((p) => `${p.file}:${p.site.kind}:${p.site.pos}`);
      };
      const first = pick(packageSeed(15, 'mongodb'));
      assert.deepEqual(pick(packageSeed(15, 'mongodb')), first);
      assert.notDeepEqual(pick(packageSeed(15, 'knex')), first);
      assert.equal(first.length, 15);
      assert.equal(new Set(first.map((p) => p.split(':')[0])).size, 15);
      for (const kind of MUTATION_KINDS) assert.equal(first.filter((p) => p.includes(`:${kind}:`)).length, 3, kind);
    });

    it('leaves generated files alone', () => {
      assert.ok(isGenerated('// @ts-nocheck\nvar Module = {};'));
      assert.ok(isGenerated('/* eslint-disable */\nexport const x = 1;'));
      assert.ok(isGenerated('// Code generated by protoc. DO NOT EDIT.\n'));
      assert.ok(!isGenerated('// eslint-disable-next-line no-console\nconsole.log(1);'));
    });

    it('expects each kind from the rule the contract names', () => {
      assert.deepEqual(MUTATION_KINDS.map((k) => EXPECTED_RULE[k]), ['floating-promise', 'blocking-call', 'unbounded-fan-out', 'missing-timeout', 'sequential-await']);
    });
  });
});
