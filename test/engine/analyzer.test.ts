import * as assert from 'node:assert/strict';
import { Project, ts } from 'ts-morph';
import { defaultConfig } from '../../server/src/config/config';
import { Analyzer } from '../../server/src/engine/analyzer';
import floatingPromise from '../../server/src/rules/floating-promise';
import { defineRule, type AnyRule } from '../../server/src/rules/types';

function analyze(code: string, rules: AnyRule[], errors: string[] = []) {
  const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true, target: 99, lib: ['lib.es2022.d.ts'] } });
  const file = project.createSourceFile('/a.ts', code);
  const analyzer = new Analyzer({ info() {}, warn() {}, error: (message) => errors.push(message) }, rules);
  const config = defaultConfig();
  return analyzer.analyze({ sourceFile: file.compilerNode, getProgram: () => project.getProgram().compilerObject }, config);
}

const throwing = defineRule({
  meta: { ...floatingPromise.meta, id: 'blocking-call', needsTypes: false },
  check() {
    throw new Error('boom');
  },
}) as unknown as AnyRule;

const FLOATING = 'async function save(): Promise<void> {}\nfunction f() {\n  save();\n}\n';

describe('analyzer', () => {
  it('isolates a rule that throws: logged with file and rule, the others still report', () => {
    const errors: string[] = [];
    const findings = analyze(FLOATING, [throwing, floatingPromise], errors);
    assert.deepEqual(findings.map((f) => f.ruleId), ['floating-promise']);
    assert.equal(errors.length, 1);
    assert.match(errors[0], /Rule blocking-call failed on \/a\.ts/);
    assert.match(errors[0], /boom/);
  });

  it('lists a rule that throws among the analysis errors, on every analysis (the log says it once)', () => {
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true, target: 99, lib: ['lib.es2022.d.ts'] } });
    const file = project.createSourceFile('/a.ts', FLOATING);
    const analyzer = new Analyzer({ info() {}, warn() {}, error() {} }, [throwing, floatingPromise]);
    for (let i = 0; i < 2; i++) {
      const { findings, errors } = analyzer.run({ sourceFile: file.compilerNode, getProgram: () => project.getProgram().compilerObject }, defaultConfig());
      assert.deepEqual(findings.map((f) => f.ruleId), ['floating-promise']);
      assert.deepEqual(errors, [{ file: '/a.ts', rule: 'blocking-call', reason: 'the rule failed, its findings for this file are left out: Error: boom' }]);
    }
  });

  it('has no time limit unless given one; a file stopped at the limit keeps the finished rules and names the rest', () => {
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true, target: 99, lib: ['lib.es2022.d.ts'] } });
    // Big enough for the walk to look at the clock (it does every few hundred nodes).
    const file = project.createSourceFile('/a.ts', FLOATING + Array.from({ length: 300 }, (_, i) => `export const x${i} = ${i};\n`).join(''));
    const slow = defineRule({
      meta: { ...floatingPromise.meta, id: 'blocking-call', needsTypes: false },
      check(context) {
        const until = performance.now() + 50;
        // Walks the file again and again: the walk is where the limit is checked.
        while (performance.now() < until) context.forEachNodeInScope(() => undefined);
      },
    }) as unknown as AnyRule;
    const target = { sourceFile: file.compilerNode, getProgram: () => project.getProgram().compilerObject };
    const quiet = { info() {}, warn() {}, error() {} };
    const unlimited = new Analyzer(quiet, [slow, floatingPromise]).run(target, defaultConfig());
    assert.deepEqual(unlimited.errors, []);
    assert.deepEqual(unlimited.findings.map((f) => f.ruleId), ['floating-promise']);
    const stopped = new Analyzer(quiet, [slow, floatingPromise], 1).run(target, defaultConfig());
    assert.deepEqual(stopped.findings, []);
    assert.equal(stopped.errors.length, 1);
    assert.equal(stopped.errors[0].rule, 'blocking-call');
    assert.match(stopped.errors[0].reason, /^analysis stopped after \d+ ms \(time limit 1 ms\): this rule's findings are left out, and floating-promise did not run\./);
  });

  it('logs a failing rule once per file, not on every analysis', () => {
    const errors: string[] = [];
    const project = new Project({ useInMemoryFileSystem: true });
    const file = project.createSourceFile('/a.ts', 'x;');
    const analyzer = new Analyzer({ info() {}, warn() {}, error: (message) => errors.push(message) }, [throwing]);
    for (let i = 0; i < 3; i++) analyzer.analyze({ sourceFile: file.compilerNode, getProgram: () => project.getProgram().compilerObject }, defaultConfig());
    assert.equal(errors.length, 1);
  });

  it('does not build a program when no enabled rule needs types', () => {
    const syntaxOnly = defineRule({ meta: { ...floatingPromise.meta, id: 'nested-run', needsTypes: false }, check() {} }) as unknown as AnyRule;
    const project = new Project({ useInMemoryFileSystem: true });
    const file = project.createSourceFile('/a.ts', 'x;');
    let built = false;
    new Analyzer({ info() {}, warn() {}, error() {} }, [syntaxOnly]).analyze(
      {
        sourceFile: file.compilerNode,
        getProgram: () => {
          built = true;
          return project.getProgram().compilerObject;
        },
      },
      defaultConfig(),
    );
    assert.equal(built, false);
  });

  describe('suppression comments', () => {
    const cases: [string, string, number][] = [
      ['next line, named', '  // async-pitfalls-disable-next-line floating-promise\n  save();', 0],
      ['next line, all rules', '  // async-pitfalls-disable-next-line\n  save();', 0],
      ['next line, other rule', '  // async-pitfalls-disable-next-line blocking-call\n  save();', 1],
      ['next line, list with reason', '  // async-pitfalls-disable-next-line blocking-call, floating-promise -- best effort\n  save();', 0],
      ['same line', '  save(); // async-pitfalls-disable-line floating-promise', 0],
      ['same line, block comment', '  save(); /* async-pitfalls-disable-line */', 0],
      ['two lines above does not count', '  // async-pitfalls-disable-next-line floating-promise\n\n  save();', 1],
      ['inside a string does not count', '  const s = "// async-pitfalls-disable-line floating-promise"; save();', 1],
      ['inside a template does not count', '  const s = `\n// async-pitfalls-disable-next-line\n`; save();', 1],
    ];
    for (const [name, body, expected] of cases) {
      it(name, () => {
        const code = `async function save(): Promise<void> {}\nfunction f() {\n${body}\n}\n`;
        assert.equal(analyze(code, [floatingPromise]).length, expected);
      });
    }

    it('whole file', () => {
      assert.equal(analyze(`/* async-pitfalls-disable floating-promise */\n${FLOATING}`, [floatingPromise]).length, 0);
      assert.equal(analyze(`/* async-pitfalls-disable blocking-call */\n${FLOATING}`, [floatingPromise]).length, 1);
      assert.equal(analyze(`${FLOATING}/* async-pitfalls-disable */\n`, [floatingPromise]).length, 0);
    });
  });

  it('runs no type-aware rule on a file its program does not hold, says so once, and keeps the syntax-only rules', () => {
    const warnings: string[] = [];
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true, target: 99, lib: ['lib.es2022.d.ts'] } });
    const inProgram = project.createSourceFile('/b.ts', 'export const b = 1;\n');
    // The same code parsed on its own: a tree the program's checker has never seen.
    const outside = ts.createSourceFile('/a.ts', FLOATING, ts.ScriptTarget.ES2022, true);
    const syntaxOnly = defineRule({
      meta: { ...floatingPromise.meta, id: 'sequential-await', needsTypes: false },
      check(context) {
        context.report({ node: context.sourceFile.statements[0], messageId: 'floating' });
      },
    }) as unknown as AnyRule;
    const analyzer = new Analyzer({ info() {}, warn: (message) => warnings.push(message), error: (message) => assert.fail(message) }, [floatingPromise, syntaxOnly]);
    for (let i = 0; i < 2; i++) {
      const findings = analyzer.analyze({ sourceFile: outside, getProgram: () => project.getProgram().compilerObject }, defaultConfig());
      assert.deepEqual(findings.map((finding) => finding.ruleId), ['sequential-await']);
    }
    assert.ok(inProgram);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /\/a\.ts is not part of its project's program/);
  });
});
