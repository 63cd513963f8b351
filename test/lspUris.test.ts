import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { documentPath, localFilePath } from '../server/src/lsp/uris';

describe('document URIs', () => {
  it('a local file URI is its path; an untitled document gets a virtual path in its language', () => {
    const file = path.resolve('src', 'a b.ts');
    assert.equal(documentPath(pathToFileURL(file).toString(), 'typescript'), file);
    const untitled = documentPath('untitled:Untitled-1', 'javascript')!;
    assert.match(untitled, /__async_pitfalls_virtual__.*Untitled-1\.js$/);
    assert.equal(documentPath('untitled:Untitled-1', 'javascript'), untitled, 'stable');
  });

  it('names no file, without throwing, for URIs that are not local files', () => {
    const notLocal: unknown[] = ['file:///a%2Fb.ts', 'git:/src/a.ts', 'vscode-vfs://github/x/y.ts', 'https://example.com/a.ts', 42, undefined, null, { uri: 'file:///a.ts' }];
    // A UNC path is a local file on Windows only.
    if (process.platform !== 'win32') notLocal.push('file://server/share/x.ts');
    for (const uri of notLocal) {
      assert.equal(documentPath(uri, 'typescript'), undefined, String(uri));
      assert.equal(localFilePath(uri), undefined, String(uri));
    }
  });
});
