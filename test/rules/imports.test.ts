import * as assert from 'node:assert/strict';
import { applyEdits } from '../../server/src/engine/fixes';
import { ts } from '../../server/src/typescript';
import { ImportEditor } from '../../server/src/rules/util/imports';
import { freeName, freshName, namesInUse } from '../../server/src/rules/util/names';

/** A one-file program (no default library: the editor reads syntax and the file's own names). */
function fileOf(fileName: string, text: string): { sourceFile: ts.SourceFile; checker: ts.TypeChecker } {
  const options: ts.CompilerOptions = { noLib: true, allowJs: true, noResolve: true };
  const host = ts.createCompilerHost(options);
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2022, true);
  host.getSourceFile = (name) => (name === fileName ? sourceFile : undefined);
  host.fileExists = (name) => name === fileName;
  const program = ts.createProgram({ rootNames: [fileName], options, host });
  return { sourceFile: program.getSourceFile(fileName)!, checker: program.getTypeChecker() };
}

/** The file after the editor's edits, with what `plan` returned. */
function edited<T>(fileName: string, text: string, plan: (editor: ImportEditor) => T): { text: string; result: T } {
  const { sourceFile, checker } = fileOf(fileName, text);
  const editor = new ImportEditor(sourceFile, checker);
  const result = plan(editor);
  return { text: applyEdits(text, editor.edits()), result };
}

describe('the import editor (rules/util/imports)', () => {
  it('a named import: merged into an import of the same module, written with or without node:', () => {
    const { text, result } = edited('a.ts', 'import { mkdir } from "node:fs/promises"\n\nexport const x = 1\n', (editor) => editor.reference('fs/promises', 'readFile'));
    assert.equal(result, 'readFile');
    assert.equal(text, 'import { mkdir, readFile } from "node:fs/promises"\n\nexport const x = 1\n');
  });

  it('a type-only import of the module is neither reused nor merged into', () => {
    const code = "import type { readFile } from 'node:fs/promises';\nexport const x = 1;\n";
    const { text, result } = edited('a.ts', code, (editor) => editor.reference('fs/promises', 'readFile', ['readFile', 'readFileAsync']));
    assert.equal(result, 'readFileAsync');
    assert.equal(text, "import type { readFile } from 'node:fs/promises';\nimport { readFile as readFileAsync } from 'node:fs/promises';\nexport const x = 1;\n");
  });

  it('CommonJS: a require, without semicolons where the file writes none', () => {
    const code = "const fs = require('fs')\n\nmodule.exports = { fs }\n";
    const { text } = edited('a.js', code, (editor) => editor.reference('timers/promises', 'setTimeout'));
    assert.equal(text, "const fs = require('fs')\nconst { setTimeout } = require('timers/promises')\n\nmodule.exports = { fs }\n");
  });

  it('a default import: an existing one reused, whatever its local name', () => {
    for (const code of ["import limiter from 'p-limit';\nexport {};\n", "import limiter = require('p-limit');\nexport {};\n", "const limiter = require('p-limit');\nexport {};\n"]) {
      const { text, result } = edited('a.ts', code, (editor) => editor.defaultReference('p-limit', ['pLimit']));
      assert.equal(result, 'limiter');
      assert.equal(text, code);
    }
  });

  it('a default import added after the last import, else at the top: after directives, set off as the file sets off its statements', () => {
    const add = (fileName: string, code: string) => edited(fileName, code, (editor) => editor.defaultReference('p-limit', ['pLimit', 'createLimit'])).text;
    assert.equal(add('a.ts', "import { a } from './a';\n\nexport const b = a;\n"), "import { a } from './a';\nimport pLimit from 'p-limit';\n\nexport const b = a;\n");
    // No import yet, statements line after line, double quotes: so is the new import.
    assert.equal(add('a.ts', '"use strict";\nexport const pLimit = "x";\n'), '"use strict";\nimport createLimit from "p-limit";\nexport const pLimit = "x";\n');
    // Statements set off by blank lines, no semicolons.
    assert.equal(add('a.ts', "export const a = 'a'\n\nexport const b = 'b'\n"), "import pLimit from 'p-limit'\n\nexport const a = 'a'\n\nexport const b = 'b'\n");
  });

  it('no default import written in CommonJS, nor without local names to give it', () => {
    assert.equal(edited('a.js', "const fs = require('fs');\nmodule.exports = fs;\n", (editor) => editor.defaultReference('p-limit', ['pLimit'])).result, undefined);
    assert.equal(edited('a.ts', 'export const x = 1;\n', (editor) => editor.defaultReference('p-limit', [])).result, undefined);
  });

  it('a default and a named import of one new module share one statement', () => {
    const { text } = edited('a.ts', 'export const x = 1;\n', (editor) => {
      editor.defaultReference('p-limit', ['pLimit']);
      return editor.reference('p-limit', 'limitFunction');
    });
    assert.equal(text, "import pLimit, { limitFunction } from 'p-limit';\n\nexport const x = 1;\n");
  });
});

describe('free names (rules/util/names)', () => {
  it('a property name does not take a name; a binding or a reference does', () => {
    const { sourceFile } = fileOf('a.ts', 'const limit = 1;\nexport const o = { item: limit, index() {} };\no.value;\n');
    const names = namesInUse(sourceFile);
    assert.ok(names.has('limit') && names.has('o'));
    assert.ok(!names.has('item') && !names.has('index') && !names.has('value'));
    assert.equal(freshName(sourceFile, ['limit', 'limitConcurrency']), 'limitConcurrency');
    assert.equal(freshName(sourceFile, ['item']), 'item');
  });

  it('numbered variants of the first candidate once every candidate is taken, free in every set given', () => {
    assert.equal(freeName(['limit'], new Set(['limit']), new Set(['limit2'])), 'limit3');
    assert.equal(freeName(['item', 'entry'], new Set(['item'])), 'entry');
  });
});
