import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activeExtension, e2eContext, EXTENSION_ID } from './helpers';

describe('the packaged extension', () => {
  it('is the VSIX installed into the extensions folder, not the development folder', async () => {
    const context = e2eContext();
    const extension = await activeExtension();
    const relative = path.relative(context.extensionsDir, extension.extensionPath);
    assert.ok(!relative.startsWith('..') && !path.isAbsolute(relative), `${EXTENSION_ID} was loaded from ${extension.extensionPath}, not from ${context.extensionsDir}`);
    const manifest = extension.packageJSON as { version: string };
    assert.equal(manifest.version, context.version);
    assert.ok(extension.isActive);
  });

  it('runs in the real VS Code this suite targets', () => {
    assert.match(vscode.version, /^1\.\d+\.\d+/);
    console.log(`      VS Code ${vscode.version} (${vscode.env.appName}, ${vscode.env.uiKind === vscode.UIKind.Web ? 'web' : 'desktop'} UI)`);
  });
});
