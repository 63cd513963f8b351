// The editor as a vscode-eslint user expects it, driven in Chromium as a person would: the rule link in
// the hover and in the Problems panel opens the bundled page with the network cut off, the commands run
// from the palette, the language status offers its actions, the walkthrough opens and its example
// gets findings, and a broken config file shows its problems in the file and in the status.
// Every step takes a screenshot into .e2e/artifacts/screenshots/ (gitignored).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

const STEP_TIMEOUT_MS = 60_000;

/** Runs the steps in one workbench page; each step is reported on its own through `timed`. */
export async function runEditorUiTests({ browser, server, workspace, screenshots, log, timed }) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  // No network but the workbench's own server: a link that needed the web would fail here.
  const external = [];
  const serverHost = new URL(server.workbenchUrl(workspace)).host;
  await page.context().route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.host === serverHost || url.protocol === 'data:' || url.protocol === 'blob:') return route.continue();
    external.push(url.href);
    return route.abort('internetdisconnected');
  });
  const shot = async (name) => {
    const target = path.join(screenshots, `${name}.png`);
    await page.screenshot({ path: target });
    log(`  screenshot ${path.relative(process.cwd(), target)}`);
  };
  const step = (title, name, action) =>
    timed('ui', title, async () => {
      try {
        await action();
        await shot(name);
      } catch (error) {
        await shot(`${name}-failure`).catch(() => undefined);
        throw error;
      } finally {
        await page.keyboard.press('Escape').catch(() => undefined);
      }
    });
  try {
    await page.goto(server.workbenchUrl(workspace));
    await page.locator('.monaco-workbench .part.editor').waitFor();
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor();
    const ui = new Workbench(page);

    await step('the rule link in the hover opens the bundled page, with no network', 'link-1-hover-page', async () => {
      const { line, column } = await findingPosition(workspace, 'rules/floating-promise.ts', 'floating-promise');
      await ui.openFile('rules/floating-promise.ts');
      await ui.editor.locator('.squiggly-warning').first().waitFor();
      await ui.goTo(line, column);
      const link = page.locator('.monaco-hover a.code-link', { hasText: 'floating-promise' }).first();
      for (let attempt = 0; attempt < 5 && !(await link.isVisible()); attempt++) {
        await page.keyboard.press('Control+K');
        await page.keyboard.press('Control+I');
        await link.waitFor({ timeout: 5_000 }).catch(() => undefined);
      }
      await shot('link-0-hover');
      await link.click();
      await ui.waitForPreview('floating-promise');
      assert.deepEqual(external.filter((url) => /github|async-pitfalls/.test(url)), [], 'nothing was fetched from the web');
    });

    await step('the rule link in the Problems panel opens the bundled page, with no network', 'link-2-problems-page', async () => {
      await ui.closeAllEditors();
      await ui.openFile('rules/floating-promise.ts');
      await page.keyboard.press('Control+Shift+M');
      // A problem's row (not the file's row above them).
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'Promise is not awaited' }).first();
      await row.waitFor();
      await row.locator('a.monaco-link', { hasText: 'floating-promise' }).first().click();
      await ui.waitForPreview('floating-promise');
      assert.deepEqual(external.filter((url) => /github|async-pitfalls/.test(url)), [], 'nothing was fetched from the web');
    });

    await step('Show Rule Documentation from the palette: pick a rule, read its page', 'command-1-rule-documentation', async () => {
      await ui.closeAllEditors();
      await ui.runCommand('Async Pitfalls: Show Rule Documentation');
      await ui.quickPickRow('missing-timeout').waitFor();
      await ui.quickInput.fill('missing-timeout');
      await shot('command-1-rule-picker');
      await page.keyboard.press('Enter');
      await ui.waitForPreview('missing-timeout');
    });

    await step('Fix All Problems in This File from the palette applies the safe fix', 'command-2-fix-all', async () => {
      await ui.closeAllEditors();
      await ui.openFile('commands.ts');
      await ui.editor.locator('.squiggly-warning').first().waitFor();
      try {
        await ui.runCommand('Async Pitfalls: Fix All Problems in This File');
        await ui.editor.locator('.view-lines', { hasText: 'return (async () => {' }).waitFor();
        await shot('command-2-fix-all-applied');
      } finally {
        // Unsaved: the later steps close every editor, which would ask to save it.
        await ui.runCommand('File: Revert File');
      }
    });

    await step('Revalidate All Open Files from the palette', 'command-3-revalidate', async () => {
      await ui.runCommand('Async Pitfalls: Revalidate All Open Files');
      await page.locator('.statusbar', { hasText: /Async Pitfalls: analyzing \d+ open files? again/ }).waitFor();
    });

    await step('Open or Create Configuration File from the palette opens the config that applies', 'command-4-open-configuration', async () => {
      await ui.openFile('commands.ts');
      await ui.runCommand('Async Pitfalls: Open or Create Configuration File');
      await page.locator('.tabs-container .tab.active', { hasText: '.async-pitfalls.json' }).waitFor();
    });

    await step('the language status offers Fix all, Revalidate, Open configuration, Show Output and Restart', 'status-1-actions', async () => {
      await ui.openFile('commands.ts');
      await ui.languageStatus('Async Pitfalls');
      await shot('status-0-hover');
      await page.locator('.hover-language-status', { hasText: 'Async Pitfalls' }).locator('a', { hasText: 'Actions' }).first().click();
      for (const label of ['Fix All Problems in This File', 'Revalidate All Open Files', 'Open Configuration', 'Show Rule Documentation', 'Show Output', 'Restart Server']) {
        await ui.quickPickRow(label).waitFor();
      }
    });

    await step('the getting-started walkthrough opens, and its example gets findings', 'walkthrough-2-example', async () => {
      await ui.closeAllEditors();
      await ui.runCommand('Welcome: Open Walkthrough...');
      await ui.quickInput.fill('Async Pitfalls');
      await ui.quickPickRow('Get Started with Async Pitfalls').waitFor();
      await page.keyboard.press('Enter');
      const walkthrough = page.locator('.gettingStartedContainer');
      await walkthrough.locator('text=Get Started with Async Pitfalls').first().waitFor();
      await walkthrough.locator('.getting-started-step', { hasText: 'Try a quick fix' }).first().click();
      // The step's button (the step itself is a button holding the same words).
      const openExample = walkthrough.locator('.monaco-button', { hasText: 'Open the Example' }).first();
      await openExample.waitFor();
      await shot('walkthrough-1-opened');
      await openExample.click();
      await page.locator('.tabs-container .tab.active', { hasText: 'Untitled' }).waitFor();
      try {
        await ui.editor.locator('.squiggly-warning').first().waitFor();
        await shot('walkthrough-2-example-findings');
      } finally {
        // Unsaved: closing it later would ask to save it.
        await ui.runCommand('View: Revert and Close Editor');
      }
    });

    await step('a bad rule id and invalid JSON in .async-pitfalls.json: a diagnostic in the file, a warning status', 'config-2-invalid-json', async () => {
      await ui.closeAllEditors();
      const config = path.join(workspace, '.async-pitfalls.json');
      await fs.writeFile(config, '{\n  "rules": {\n    "blocking-calls": "warning",\n    "floating-promise": "error"\n  }\n}\n');
      await ui.openFile('rules/floating-promise.ts');
      // The valid key still applies: floating-promise is an error now.
      await ui.editor.locator('.squiggly-error').first().waitFor();
      await ui.languageStatus(/config problems/);
      await shot('config-0-status-warning');
      await page.keyboard.press('Escape');
      await ui.openFile('.async-pitfalls.json');
      await ui.editor.locator('.squiggly-warning').first().waitFor();
      await page.keyboard.press('Control+Shift+M');
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'blocking-calls' }).first().waitFor();
      await shot('config-1-bad-rule-id');
      // Invalid JSON: an error in the file itself.
      await fs.writeFile(config, '{\n  "rules": {\n    "floating-promise": "error",\n  \n}\n');
      await page.locator('.markers-panel .monaco-list-row', { hasText: /not valid JSON/ }).first().waitFor();
      await ui.openFile('rules/floating-promise.ts');
      await ui.languageStatus(/config problems/);
    });
  } finally {
    await page.close().catch(() => undefined);
  }
}

/** The line and column (1-based) of the first `// expect: <rule>` line's code. */
async function findingPosition(workspace, file, rule) {
  const lines = (await fs.readFile(path.join(workspace, file), 'utf8')).split('\n');
  const index = lines.findIndex((line) => line.includes(`// expect: ${rule}`));
  assert.ok(index >= 0, `${file} has a line marked expect: ${rule}`);
  return { line: index + 1, column: lines[index].search(/\S/) + 1 };
}

class Workbench {
  constructor(page) {
    this.page = page;
    this.quickInput = page.locator('.quick-input-widget .quick-input-box input');
    this.editor = page.locator('.part.editor .editor-group-container.active .monaco-editor').first();
  }

  quickPickRow(text) {
    return this.page.locator('.quick-input-widget .monaco-list-row', { hasText: text }).first();
  }

  async openFile(relative) {
    const name = path.basename(relative);
    await this.page.keyboard.press('Control+P');
    await this.quickInput.waitFor();
    await this.quickInput.fill(relative);
    // Enter once the highlighted row is the file (the list updates after the text).
    await this.page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: name }).first().waitFor();
    await this.page.keyboard.press('Enter');
    await this.page.locator('.tabs-container .tab.active', { hasText: name }).waitFor();
  }

  async goTo(line, column) {
    await this.page.keyboard.press('Control+1');
    await this.page.keyboard.press('Control+P');
    await this.quickInput.waitFor();
    await this.quickInput.fill(`:${line}:${column}`);
    await this.page.keyboard.press('Enter');
    await this.quickInput.waitFor({ state: 'hidden' });
  }

  /** F1, the command's title, Enter: as from the Command Palette. */
  async runCommand(title) {
    await this.page.keyboard.press('F1');
    await this.quickInput.waitFor();
    await this.quickInput.fill(`>${title}`);
    await this.page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: title }).first().waitFor();
    await this.page.keyboard.press('Enter');
  }

  async closeAllEditors() {
    await this.runCommand('View: Close All Editors');
    await this.page.locator('.tabs-container .tab').first().waitFor({ state: 'detached' }).catch(() => undefined);
  }

  /** The Markdown preview of a rule page, its heading read inside the webview. */
  async waitForPreview(rule) {
    await this.page.locator('.tabs-container .tab.active', { hasText: `Preview ${rule}.md` }).waitFor();
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    for (;;) {
      for (const frame of this.page.frames()) {
        const heading = await frame.locator('h1').first().innerText({ timeout: 500 }).catch(() => '');
        if (heading.trim() === rule) return;
      }
      if (Date.now() > deadline) throw new Error(`the preview never showed the page of ${rule}`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Opens the language status hover (the `{}` in the status bar) and waits for an item matching `text`. */
  async languageStatus(text) {
    const item = this.page.locator('.hover-language-status', { hasText: text }).first();
    for (let attempt = 0; attempt < 10 && !(await item.isVisible()); attempt++) {
      await this.page.locator('[id="status.languageStatus"]').click();
      await item.waitFor({ timeout: 3_000 }).catch(() => undefined);
    }
    await item.waitFor({ timeout: 1_000 });
    return item;
  }
}
