import * as assert from 'node:assert/strict';
import { ts } from 'ts-morph';
import { toDiagnostic } from '../server/src/lsp/diagnostics';
import { fileUri } from '../server/src/lsp/uris';
import type { Finding } from '../server/src/rules/types';

describe('LSP related information', () => {
  const text = 'export async function start() {\n  return readJson("a");\n}\n';
  const sourceFile = ts.createSourceFile('/work/app.ts', text, ts.ScriptTarget.ES2022, true);
  const start = text.indexOf('readJson');
  const finding: Finding = {
    ruleId: 'blocking-call',
    messageId: 'blockingInHelper',
    severity: 'warning',
    start,
    end: start + 'readJson("a")'.length,
    message: '`readJson()` blocks the event loop inside async code.',
    fixes: [],
    related: [
      {
        fileName: '/work/app.ts',
        start,
        end: start + 13,
        range: { start: { line: 1, character: 9 }, end: { line: 1, character: 22 } },
        message: '`readJson()` is called here, in async code',
        label: 'readJson()',
      },
      {
        fileName: '/work/lib/json.ts',
        start: 80,
        end: 100,
        range: { start: { line: 3, character: 20 }, end: { line: 3, character: 40 } },
        message: '`readJson()` calls `fs.readFileSync` here, which blocks',
        label: 'fs.readFileSync',
      },
    ],
  };

  it('carries each related place with its range; the analyzed file is named by its document URI', () => {
    const diagnostic = toDiagnostic(sourceFile, finding, 'untitled:Untitled-1');
    assert.deepEqual(diagnostic.relatedInformation, [
      { location: { uri: 'untitled:Untitled-1', range: { start: { line: 1, character: 9 }, end: { line: 1, character: 22 } } }, message: '`readJson()` is called here, in async code' },
      {
        location: { uri: fileUri('/work/lib/json.ts'), range: { start: { line: 3, character: 20 }, end: { line: 3, character: 40 } } },
        message: '`readJson()` calls `fs.readFileSync` here, which blocks',
      },
    ]);
  });

  it('leaves relatedInformation out when a finding has none', () => {
    const { related: _related, ...plain } = finding;
    assert.equal('relatedInformation' in toDiagnostic(sourceFile, plain, 'file:///work/app.ts'), false);
  });
});
