import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { addedSyntaxError, applyFixesThatParse } from '../../server/src/engine/fixes';
import { quickFixes } from '../../server/src/lsp/codeActions';
import type { Finding, Fix } from '../../server/src/rules/types';
import { ts } from '../../server/src/typescript';

const text = 'declare function save(): Promise<void>;\nexport function f(): void {\n  save();\n}\n';
const call = text.indexOf('save();', text.indexOf('{'));
const good: Fix = { id: 'addVoid', title: 'Mark as intentionally not awaited (void)', safe: true, edits: [{ start: call, end: call, newText: 'void ' }] };
const broken: Fix = { id: 'addCatch', title: 'Add .catch(...) that reports the error', safe: true, edits: [{ start: call + 'save()'.length, end: call + 'save()'.length, newText: '.catch((' }] };

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
    assert.ok(titles.includes(good.title), titles.join(', '));
    assert.ok(!titles.some((title) => title.startsWith(broken.title)), titles.join(', '));
    assert.deepEqual(dropped, [`floating-promise: ${broken.title}: TS1109: Expression expected.`]);
  });
});
