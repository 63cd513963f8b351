// The UI test: the extension as a person uses it, in VS Code's web workbench in Chromium.
// Quick Open a file, see the squiggle, read the Problems panel, put the cursor on the line,
// Ctrl+. for the lightbulb menu, pick the fix, save, and check the file on disk.
// Screenshots go to .e2e/artifacts/screenshots/ (gitignored).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';

const FILE = 'checkout.ts';
const FLOATING_LINE = '  chargeCard(total);';
const FIXED_LINE = '  void chargeCard(total);';
const FIX_TITLE = 'Mark as intentionally not awaited (void) (suppression: hides the report) (floating-promise)';
const MESSAGE = 'Promise is not awaited or handled';
const STEP_TIMEOUT_MS = 60_000;

export async function runUiTest({ browser, server, workspace, screenshots, log }) {
  const file = path.join(workspace, FILE);
  const original = await fs.readFile(file, 'utf8');
  const line = original.split('\n').indexOf(FLOATING_LINE) + 1;
  assert.ok(line > 0, `${FILE} has no line "${FLOATING_LINE}"`);

  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const shot = async (name) => {
    const target = path.join(screenshots, `${name}.png`);
    await page.screenshot({ path: target });
    log(`  screenshot ${path.relative(process.cwd(), target)}`);
  };
  page.setDefaultTimeout(STEP_TIMEOUT_MS);
  try {
    await page.goto(server.workbenchUrl(workspace));
    await page.locator('.monaco-workbench .part.editor').waitFor();
    // The explorer lists the folder once the remote connection is up.
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: FILE }).first().waitFor();

    // Quick Open (Ctrl+P), type the name, Enter.
    await page.keyboard.press('Control+P');
    const quickInput = page.locator('.quick-input-widget .quick-input-box input');
    await quickInput.waitFor();
    await quickInput.fill(FILE);
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: FILE }).first().waitFor();
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab.active', { hasText: FILE }).waitFor();

    // Our diagnostic: a warning squiggle in the editor.
    const editor = page.locator('.part.editor .monaco-editor').first();
    await editor.locator('.squiggly-warning').first().waitFor();
    await shot('1-squiggle');

    // The Problems panel (Ctrl+Shift+M) lists it with our source and rule.
    await page.keyboard.press('Control+Shift+M');
    const problems = page.locator('.markers-panel');
    await problems.locator('.monaco-list-row', { hasText: MESSAGE }).first().waitFor();
    const panelText = await problems.innerText();
    assert.match(panelText, /async-pitfalls/, `the Problems panel names the source:\n${panelText}`);
    assert.match(panelText, /floating-promise/, `the Problems panel names the rule:\n${panelText}`);
    await shot('2-problems-panel');

    // Back to the editor (Ctrl+1), cursor to the line (Quick Open's ":line:column"), then the
    // lightbulb menu (Ctrl+.).
    await page.keyboard.press('Control+1');
    await page.keyboard.press('Control+P');
    await quickInput.waitFor();
    await quickInput.fill(`:${line}:3`);
    await page.keyboard.press('Enter');
    await quickInput.waitFor({ state: 'hidden' });
    const fixItem = await openQuickFixMenu(page, FIX_TITLE);
    const menuText = await page.locator('.action-widget').innerText();
    await shot('3-quick-fix-menu');
    assert.match(menuText, /Disable floating-promise for this line/, `the menu offers the disable comment:\n${menuText}`);

    // Pick the fix with the arrow keys and Enter, as a person would, and save (Ctrl+S).
    await chooseMenuItem(page, fixItem, FIX_TITLE);
    await page.locator('.action-widget').waitFor({ state: 'hidden' });
    await editor.locator('.view-lines', { hasText: 'void chargeCard' }).waitFor();
    await page.keyboard.press('Control+S');
    await waitFor(async () => (await fs.readFile(file, 'utf8')).includes(FIXED_LINE), `${FILE} on disk to hold "${FIXED_LINE.trim()}"`);
    const fixed = await fs.readFile(file, 'utf8');
    assert.equal(fixed, original.replace(FLOATING_LINE, FIXED_LINE), 'only the floating line changed');

    // The squiggle and the problem are gone.
    await editor.locator('.squiggly-warning').first().waitFor({ state: 'detached' });
    await problems.locator('.monaco-list-row', { hasText: MESSAGE }).first().waitFor({ state: 'detached' });
    await shot('4-fixed');
  } catch (error) {
    await shot('failure').catch(() => undefined);
    throw error;
  } finally {
    await page.close().catch(() => undefined);
  }
}

/**
 * Ctrl+. until the menu lists the fix: code actions wait for every provider, the built-in
 * TypeScript server included, which may still be starting. Returns the menu item.
 */
async function openQuickFixMenu(page, title) {
  const item = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
  let lastMenu = '';
  for (let attempt = 1; attempt <= 6; attempt++) {
    await page.keyboard.press('Control+.');
    try {
      await item.waitFor({ timeout: 10_000 });
      return item;
    } catch {
      lastMenu = await page.locator('.action-widget').innerText().catch(() => '(no menu)');
      await page.keyboard.press('Escape');
    }
  }
  throw new Error(`Ctrl+. never offered "${title}"; the last menu:\n${lastMenu}`);
}

/** Moves the menu's focus down to the item and presses Enter. */
async function chooseMenuItem(page, item, title) {
  const focused = page.locator('.action-widget .monaco-list-row.focused');
  for (let step = 0; step < 30; step++) {
    if ((await focused.count()) > 0 && (await focused.first().innerText()).includes(title)) {
      await page.keyboard.press('Enter');
      return;
    }
    await page.keyboard.press('ArrowDown');
  }
  throw new Error(`the arrow keys never reached "${title}" in the menu: ${await item.innerText()}`);
}

/** Polls a file-system condition (the browser has no event for the server's disk). */
async function waitFor(condition, what, timeoutMs = STEP_TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
