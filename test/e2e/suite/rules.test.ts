import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type * as vscode from 'vscode';
import { activeExtension, e2eContext, expectedLines, linesOf, openFixture, sameLines, skipBecause, waitForDiagnostics, workspaceRoot } from './helpers';

const RULES_FOLDER = 'rules';

describe('diagnostics of every registered rule', () => {
  const { registeredRules } = e2eContext();
  const fixtures = fs
    .readdirSync(path.join(workspaceRoot(), RULES_FOLDER))
    .filter((name) => name.endsWith('.ts'))
    .map((name) => name.slice(0, -'.ts'.length));

  before(async () => {
    await activeExtension();
  });

  it('the build under test registers at least one rule', () => {
    assert.ok(registeredRules.length > 0, 'no rules registered: the launcher could not read the rule registry');
  });

  for (const rule of registeredRules) {
    it(`${rule}: reported on exactly the lines marked in ${RULES_FOLDER}/${rule}.ts`, async () => {
      const relative = `${RULES_FOLDER}/${rule}.ts`;
      assert.ok(fixtures.includes(rule), `${rule} is registered but test/e2e/workspace/${relative} does not exist: add it, with \`// expect: ${rule}\` on the lines it must report`);
      const { document } = await openFixture(relative);
      const expected = expectedLines(document.getText(), rule);
      assert.ok(expected.length > 0, `${relative} marks no line with \`// expect: ${rule}\``);
      const diagnostics = await waitForDiagnostics(
        document.uri,
        (ours) => sameLines(linesOf(ours, rule), expected),
        `${rule} diagnostics on lines ${expected.map((line) => line + 1).join(', ')}`,
      );
      for (const diagnostic of diagnostics.filter((d) => linesOf([d], rule).length > 0)) {
        assert.ok(diagnostic.message.length > 20, `a real message, not "${diagnostic.message}"`);
        const code = diagnostic.code as { value: string; target: vscode.Uri };
        // The link opens the page shipped in the extension, through its command (offline too).
        assert.equal(`${code.target.scheme}:${code.target.path}`, 'command:asyncPitfalls.showRuleDocumentation', 'the code links to the rule page');
        assert.deepEqual(JSON.parse(decodeURIComponent(code.target.query)), [rule], 'the link names the rule');
      }
    });
  }

  for (const rule of fixtures.filter((id) => !registeredRules.includes(id))) {
    it(`${rule}: has a fixture`, function () {
      skipBecause(this, `${rule} is not registered in this build (its fixture ${RULES_FOLDER}/${rule}.ts waits for it)`);
    });
  }
});
