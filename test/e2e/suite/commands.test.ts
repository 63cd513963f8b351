import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeExtension, diagnosticCode, linesContaining, openFixture, waitForDiagnostics, waitForText, withDeadline, workspaceRoot, WAIT_MS } from './helpers';

/** The commands a person finds in the palette under "Async Pitfalls:". */
const PALETTE_COMMANDS = [
  'asyncPitfalls.fixAll',
  'asyncPitfalls.revalidate',
  'asyncPitfalls.openConfiguration',
  'asyncPitfalls.showRuleDocumentation',
  'asyncPitfalls.openExample',
  'asyncPitfalls.restartServer',
  'asyncPitfalls.showOutput',
];

interface CommandContribution {
  command: string;
  title: string;
  category?: string;
}

/** The tabs of every editor group, as VS Code lists them. */
function allTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((group) => group.tabs);
}

/** Resolves once a tab whose label matches is open. */
function waitForTab(label: RegExp, what: string): Promise<vscode.Tab> {
  return withDeadline(
    new Promise<vscode.Tab>((resolve) => {
      const check = (): boolean => {
        const tab = allTabs().find((candidate) => label.test(candidate.label));
        if (tab) resolve(tab);
        return tab !== undefined;
      };
      if (check()) return;
      const subscription = vscode.window.tabGroups.onDidChangeTabs(() => {
        if (check()) subscription.dispose();
      });
    }),
    WAIT_MS,
    what,
  );
}

async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

describe('commands', () => {
  let extension: vscode.Extension<unknown>;
  before(async () => {
    extension = await activeExtension();
  });
  afterEach(closeAllEditors);

  it('the palette lists each command under "Async Pitfalls", and each is registered', async () => {
    const contributed = ((extension.packageJSON as { contributes: { commands: CommandContribution[] } }).contributes.commands ?? []).map((c) => c.command);
    const registered = new Set(await vscode.commands.getCommands(true));
    for (const command of PALETTE_COMMANDS) {
      assert.ok(contributed.includes(command), `package.json contributes ${command}`);
      assert.ok(registered.has(command), `${command} is registered once the extension is active`);
    }
    const hidden = (extension.packageJSON as { contributes: { menus: { commandPalette: { command: string; when: string }[] } } }).contributes.menus.commandPalette;
    for (const entry of hidden) assert.ok(!PALETTE_COMMANDS.includes(entry.command) || entry.when !== 'false', `${entry.command} is not hidden from the palette`);
  });

  it('Fix All Problems in This File applies the safe fixes of the active file and no other', async () => {
    const { document } = await openFixture('commands.ts');
    const executor = linesContaining(document, 'new Promise(async')[0];
    const floating = linesContaining(document, '  load();')[0];
    await waitForDiagnostics(document.uri, (ours) => ours.some((d) => d.range.start.line === executor) && ours.some((d) => d.range.start.line === floating), 'nested-run and floating-promise');
    const changed = waitForText(document, (text) => !text.includes('new Promise(async'), 'the executor rewritten');
    const outcome = await vscode.commands.executeCommand<string>('asyncPitfalls.fixAll');
    await changed;
    assert.equal(outcome, 'fixed');
    const text = document.getText();
    assert.ok(text.includes('return (async () => {\n    return await load();\n  })();'), `the safe fix runs the async function itself:\n${text}`);
    assert.ok(text.includes('\n  load();\n'), `the floating promise (unsafe fixes only) is left alone:\n${text}`);
    // Once there is nothing safe left, the command says so and changes nothing.
    await waitForDiagnostics(document.uri, (ours) => !ours.some((d) => diagnosticCode(d) === 'nested-run'), 'nested-run gone');
    assert.equal(await vscode.commands.executeCommand<string>('asyncPitfalls.fixAll'), 'nothing');
    assert.equal(document.getText(), text);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  it('Revalidate All Open Files analyzes every open file again', async () => {
    const first = await openFixture('rules/floating-promise.ts');
    const second = await openFixture('rules/missing-timeout.ts');
    await waitForDiagnostics(first.document.uri, (ours) => ours.length > 0, 'floating-promise diagnostics');
    await waitForDiagnostics(second.document.uri, (ours) => ours.length > 0, 'missing-timeout diagnostics');
    const republished = new Set<string>();
    const both = new Promise<void>((resolve) => {
      const subscription = vscode.languages.onDidChangeDiagnostics((event) => {
        for (const uri of event.uris) republished.add(uri.toString());
        if (republished.has(first.document.uri.toString()) && republished.has(second.document.uri.toString())) {
          subscription.dispose();
          resolve();
        }
      });
    });
    const count = await vscode.commands.executeCommand<number>('asyncPitfalls.revalidate');
    assert.ok(count >= 2, `the server took the open files (${count})`);
    await withDeadline(both, WAIT_MS, 'both open files to get their diagnostics again');
  });

  it('Open or Create Configuration File opens the config that applies, and creates one with $schema when there is none', async () => {
    const root = workspaceRoot();
    const config = path.join(root, '.async-pitfalls.json');
    const original = await fs.readFile(config, 'utf8');

    // An existing config is opened as it is.
    await openFixture('rules/floating-promise.ts');
    const opened = await vscode.commands.executeCommand<vscode.Uri>('asyncPitfalls.openConfiguration');
    assert.equal(opened?.fsPath, config);
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, config);
    assert.equal(await fs.readFile(config, 'utf8'), original, 'the existing file is not rewritten');
    await closeAllEditors();

    // None: one is created at the top of the workspace folder, with $schema.
    const aside = `${config}.aside`;
    await fs.rename(config, aside);
    try {
      const created = await vscode.commands.executeCommand<vscode.Uri>('asyncPitfalls.openConfiguration');
      assert.equal(created?.fsPath, config);
      const written = JSON.parse(await fs.readFile(config, 'utf8')) as { $schema?: string; rules?: object };
      assert.match(written.$schema ?? '', /async-pitfalls\.schema\.json$/, 'the new file names the schema');
      assert.deepEqual(written.rules, {});
      const editor = vscode.window.activeTextEditor;
      assert.equal(editor?.document.uri.fsPath, config);
      assert.equal(editor.document.lineAt(editor.selection.active.line).text.trim(), '"rules": {}', 'the cursor waits in "rules"');
    } finally {
      await closeAllEditors();
      await fs.rm(config, { force: true });
      await fs.rename(aside, config);
    }
  });

  it('Show Rule Documentation opens the bundled page of the rule in the Markdown preview', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>('asyncPitfalls.showRuleDocumentation', 'missing-timeout'), true);
    await waitForTab(/missing-timeout\.md/, 'the preview of missing-timeout.md');
    // Only rule ids: a path is not a rule.
    assert.equal(await vscode.commands.executeCommand<boolean>('asyncPitfalls.showRuleDocumentation', '../README'), false);
  });

  it('the rule link of a diagnostic is a command link to the bundled page, and it opens it', async () => {
    const { document } = await openFixture('rules/floating-promise.ts');
    const [diagnostic] = await waitForDiagnostics(document.uri, (ours) => ours.length > 0, 'a floating-promise diagnostic');
    const code = diagnostic.code;
    assert.ok(typeof code === 'object', 'the code carries a link');
    assert.equal(code.value, 'floating-promise');
    assert.equal(code.target.scheme, 'command', `a command link, not ${code.target.toString()}`);
    assert.equal(code.target.path, 'asyncPitfalls.showRuleDocumentation');
    const args = JSON.parse(decodeURIComponent(code.target.query)) as unknown;
    assert.deepEqual(args, ['floating-promise']);
    // What VS Code runs when the link is clicked (the hover and the Problems panel open it with commands allowed).
    await vscode.commands.executeCommand(code.target.path, ...(args as string[]));
    await waitForTab(/floating-promise\.md/, 'the preview of floating-promise.md');
  });

  it('Open an Example File opens an unsaved TypeScript file that gets findings', async () => {
    const document = await vscode.commands.executeCommand<vscode.TextDocument>('asyncPitfalls.openExample');
    assert.equal(document.uri.scheme, 'untitled');
    assert.equal(document.languageId, 'typescript');
    const ours = await waitForDiagnostics(document.uri, (found) => found.length >= 4, 'the example findings');
    const rules = new Set(ours.map((d) => diagnosticCode(d)));
    for (const rule of ['floating-promise', 'missing-timeout', 'sequential-await', 'nested-run']) assert.ok(rules.has(rule), `the example shows ${rule}`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('the getting-started walkthrough opens', async () => {
    const walkthroughs = (extension.packageJSON as { contributes: { walkthroughs?: { id: string; steps: unknown[] }[] } }).contributes.walkthroughs ?? [];
    assert.equal(walkthroughs.length, 1);
    assert.equal(walkthroughs[0].steps.length, 5);
    for (const step of walkthroughs[0].steps as { media: { markdown: string } }[]) {
      await fs.access(path.join(extension.extensionPath, step.media.markdown));
    }
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${extension.id}#${walkthroughs[0].id}`, false);
    await waitForTab(/Welcome|Walkthrough|Get Started/i, 'the walkthrough editor');
  });
});
