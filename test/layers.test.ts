import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ts } from '../server/src/typescript';

// The layers of the product's code, top first (CONTRIBUTING.md, "Layers"). A module may import modules
// of its own folder and of the layers below its own, never of its layer or a layer above: with that,
// no two folders can import each other, directly or through others.
const LAYERS: readonly (readonly string[])[] = [
  ['client/src', 'server/src/server.ts', 'server/src/cli.ts'],
  ['server/src/lsp', 'server/src/cli'],
  ['server/src/engine'],
  ['server/src/config'],
  ['server/src/rules', 'server/src/project', 'server/src/snippets'],
  ['server/src/base', 'server/src/patterns', 'server/src/protocol'],
  ['server/src/typescript.ts', 'server/src/version.ts', 'server/src/types'],
];

const root = path.resolve(__dirname, '..');

/** The unit of `file` (relative to the root, `/`-separated): the first entry of LAYERS it is in or is. */
function unitOf(file: string): { unit: string; layer: number } | undefined {
  for (const [layer, units] of LAYERS.entries()) {
    for (const unit of units) if (file === unit || file.startsWith(`${unit}/`)) return { unit, layer };
  }
  return undefined;
}

function sourceFiles(folder: string): string[] {
  const found: string[] = [];
  for (const entry of fs.readdirSync(path.join(root, folder), { withFileTypes: true })) {
    const relative = `${folder}/${entry.name}`;
    if (entry.isDirectory()) found.push(...sourceFiles(relative));
    else if (/\.tsx?$/.test(entry.name)) found.push(relative);
  }
  return found;
}

/** The relative module specifiers `file` imports, exports from, requires or imports dynamically, type-only ones included. */
function relativeImports(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(path.join(root, file), 'utf8'), true, true);
  return info.importedFiles.map((reference) => reference.fileName).filter((name) => name.startsWith('.'));
}

/** The file a specifier without extension names (the folder's index.ts for a folder). */
function resolved(target: string): string {
  const candidates = [target, `${target}.ts`, `${target}.tsx`, `${target}.d.ts`, `${target}/index.ts`];
  return candidates.find((candidate) => fs.statSync(path.join(root, candidate), { throwIfNoEntry: false })?.isFile()) ?? target;
}

describe('layers: every import points to a lower layer', () => {
  const files = [...sourceFiles('server/src'), ...sourceFiles('client/src')];

  it('reads the sources', () => {
    assert.ok(files.length > 50 && files.includes('server/src/rules/index.ts'), `found only ${files.length} files`);
  });

  it('every folder of the code has a layer', () => {
    const without = [...new Set(files.filter((file) => !unitOf(file)).map((file) => path.posix.dirname(file)))];
    assert.deepEqual(without, [], 'add these to LAYERS in test/layers.test.ts and to the layer order in CONTRIBUTING.md');
  });

  it('no import goes to the same layer or up (so no folder cycle either)', () => {
    const wrong: string[] = [];
    for (const file of files) {
      const from = unitOf(file);
      if (!from) continue;
      for (const specifier of relativeImports(file)) {
        const target = resolved(path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier)));
        const to = unitOf(target);
        if (!to) {
          wrong.push(`${file} imports '${specifier}', which is in no layer`);
          continue;
        }
        if (to.unit === from.unit) continue;
        if (to.layer <= from.layer) wrong.push(`${file} imports '${specifier}': ${to.unit} is ${to.layer === from.layer ? 'in the same layer as' : 'above'} ${from.unit}`);
      }
    }
    assert.deepEqual(wrong, []);
  });
});
