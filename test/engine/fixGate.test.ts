import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { runCli } from '../../server/src/cli/run';
import { addedSyntaxError, applyFixesThatParse } from '../../server/src/engine/fixes';
import { quickFixes } from '../../server/src/lsp/codeActions';
import floatingPromise from '../../server/src/rules/floating-promise';
import type { AnyRule, Finding, Fix } from '../../server/src/rules/types';
import { ts } from '../../server/src/typescript';
import { tempProject } from '../helpers/tempProject';

const text = 'declare function save(): Promise<void>;\nexport function f(): void {\n  save();\n}\n';
const call = text.indexOf('save();', text.indexOf('{'));
const good: Fix = { id: 'addVoid', title: 'Mark as intentionally not awaited (void)', kind: 'safe', edits: [{ start: call, end: call, newText: 'void ' }] };
const broken: Fix = { id: 'addCatch', title: 'Add .catch(...) that reports the error', kind: 'safe', edits: [{ start: call + 'save()'.length, end: call + 'save()'.length, newText: '.catch((' }] };

describe('the gate where fixes are applied', () => {
  it('finds the syntax errors a text gains, not the ones it had', () => {
    assert.equal(addedSyntaxError('a.ts', text, text.replace('save();', 'save(')), 'TS1135: Argument expression expected.');
    assert.equal(addedSyntaxError('a.ts', 'let x = ;', 'let x = ;\nlet y = 1;'), undefined);
    assert.match(addedSyntaxError('a.js', 'let x = 1;', 'let x: number = 1;') ?? '', /TS8010/, 'type annotations in a JavaScript file');
  });

  it('applies the fixes that parse and drops the one that does not, naming rule, fix and error', () => {
    const result = applyFixesThatParse('a.ts', text, [
      { ruleId: 'floating-promise', fix: broken },
      { ruleId: 'floating-promise', fix: { ...good, edits: [{ start: 0, end: 0, newText: '// header\n' }] } },
    ]);
    assert.equal(result.text, `// header\n${text}`);
    assert.deepEqual(result.dropped, [{ ruleId: 'floating-promise', title: broken.title, reason: 'TS1109: Expression expected.' }]);
  });

  it('does not offer a quick fix whose result does not parse, and says which', () => {
    const sourceFile = ts.createSourceFile('/p/a.ts', text, ts.ScriptTarget.Latest, true);
    const document = TextDocument.create('file:///p/a.ts', 'typescript', 1, text);
    const finding: Finding = { ruleId: 'floating-promise', messageId: 'floating', severity: 'warning', start: call, end: call + 7, message: 'm', fixes: [broken, good] };
    const dropped: string[] = [];
    const actions = quickFixes(document, sourceFile, [finding], call, call, (fix) => dropped.push(`${fix.ruleId}: ${fix.title}: ${fix.reason}`));
    const titles = actions.map((action) => action.title);
    assert.ok(titles.some((title) => title.startsWith(good.title)), titles.join(', '));
    assert.ok(!titles.some((title) => title.startsWith(broken.title)), titles.join(', '));
    assert.deepEqual(dropped, [`floating-promise: ${broken.title} (floating-promise): TS1109: Expression expected.`]);
  });

  it('CLI --fix: a fix whose result would not parse is not written; stderr names file, rule and fix; exit code 2', function () {
    this.timeout(120_000);
    // A rule whose fixes all break the code: each gets an extra `((` before its first edit.
    const rule = floatingPromise as AnyRule;
    const check = rule.check;
    // Whatever the rule's fixes are classed as, here they are all applied in bulk.
    const fixMeta = rule.meta.fixes;
    rule.meta.fixes = Object.fromEntries(Object.entries(fixMeta).map(([id, meta]) => [id, { ...meta, kind: 'safe' }]));
    rule.check = (context) =>
      check({
        ...context,
        ts: context.ts,
        sourceFile: context.sourceFile,
        get checker() {
          return context.checker;
        },
        get program() {
          return context.program;
        },
        options: context.options,
        forEachNodeInScope: context.forEachNodeInScope.bind(context) as typeof context.forEachNodeInScope,
        report: (descriptor) =>
          context.report({
            ...descriptor,
            fixes: descriptor.fixes?.map((fix) => ({ ...fix, edits: [...fix.edits, { start: fix.edits[0].start, end: fix.edits[0].start, newText: '((' }] })),
          }),
      });
    const project = tempProject({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022', lib: ['ES2022', 'DOM'], types: [] }, include: ['src'] }),
      'src/a.ts': text,
    });
    const stderr: string[] = [];
    try {
      const status = runCli(['--fix', 'src'], { cwd: project.root, stdout: () => {}, stderr: (line) => stderr.push(line), isTTY: false });
      assert.equal(fs.readFileSync(project.file('src/a.ts'), 'utf8'), text, 'nothing written');
      assert.equal(status, 2);
      assert.ok(stderr.length > 0);
      for (const line of stderr) assert.match(line, /^async-pitfalls: src\/a\.ts: floating-promise: fix ".+" not applied: its result would not parse \(TS\d+: .+\)\n$/);
    } finally {
      rule.check = check;
      rule.meta.fixes = fixMeta;
      project.dispose();
    }
  });
});
