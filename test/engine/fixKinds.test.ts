import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fixTitle, nonOverlappingSafeFixes } from '../../server/src/engine/fixes';
import { readSettings } from '../../server/src/lsp/settings';
import type { Finding, Fix, FixKind, RuleId } from '../../server/src/rules/types';
import { ALL_RULE_IDS } from '../../server/src/rules';
import { repositoryRoot } from '../helpers/tempProject';

function fix(kind: FixKind, at: number): Fix {
  return { id: kind, title: kind, kind, edits: [{ start: at, end: at, newText: kind }] };
}

function finding(ruleId: RuleId, start: number, fixes: Fix[]): Finding {
  return { ruleId, messageId: 'm', severity: 'warning', start, end: start + 1, message: 'm', fixes };
}

describe('fix kinds', () => {
  it('bulk fixing picks only safe fixes: never an unsafe fix or a suppression, even when it comes first', () => {
    const findings = [
      finding('floating-promise', 0, [fix('unsafe', 0), fix('suppression', 0)]),
      finding('nested-run', 10, [fix('suppression', 10), fix('unsafe', 10), fix('safe', 11)]),
    ];
    assert.deepEqual(
      nonOverlappingSafeFixes(findings).map((chosen) => chosen.edits[0].start),
      [11],
    );
  });

  it('bulk fixing can be limited to chosen rules', () => {
    const findings = [finding('nested-run', 0, [fix('safe', 0)]), finding('await-non-promise', 10, [fix('safe', 10)])];
    assert.deepEqual(nonOverlappingSafeFixes(findings, new Set<RuleId>(['await-non-promise'])).map((chosen) => chosen.edits[0].start), [10]);
    assert.deepEqual(nonOverlappingSafeFixes(findings, new Set<RuleId>()), []);
  });

  it('titles say the kind of every fix that is not safe', () => {
    assert.equal(fixTitle({ title: 'Replace it', kind: 'safe' }), 'Replace it');
    assert.equal(fixTitle({ title: 'Add await', kind: 'unsafe' }), 'Add await (unsafe: changes behaviour)');
    assert.equal(fixTitle({ title: 'Add void', kind: 'suppression' }), 'Add void (suppression: hides the report)');
    assert.equal(fixTitle({ title: 'Add await', kind: 'unsafe' }, 'floating-promise'), 'Add await (unsafe: changes behaviour) (floating-promise)', 'a rule\'s fix ends with its id');
    assert.equal(fixTitle({ title: 'Replace it', kind: 'safe' }, 'nested-run'), 'Replace it (nested-run)');
  });

  it('the setting codeActionsOnSave.rules: every rule by default, unknown ids dropped', () => {
    assert.deepEqual(readSettings({}).codeActionsOnSave.rules, ALL_RULE_IDS);
    assert.deepEqual(readSettings({ codeActionsOnSave: { rules: 'nested-run' } }).codeActionsOnSave.rules, ALL_RULE_IDS);
    assert.deepEqual(readSettings({ codeActionsOnSave: { rules: ['nested-run', 'no-such-rule', 'await-non-promise'] } }).codeActionsOnSave.rules, [
      'await-non-promise',
      'nested-run',
    ]);
    assert.deepEqual(readSettings({ codeActionsOnSave: { rules: [] } }).codeActionsOnSave.rules, []);
  });

  it('package.json contributes the setting with every rule id', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')) as { contributes: { configuration: { properties: Record<string, { default: unknown; items: { enum: unknown } }> } } };
    const setting = manifest.contributes.configuration.properties['asyncPitfalls.codeActionsOnSave.rules'];
    assert.deepEqual(setting.default, ALL_RULE_IDS);
    assert.deepEqual(setting.items.enum, ALL_RULE_IDS);
  });
});
