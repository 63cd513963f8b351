import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rules } from '../server/src/rules';

/**
 * The cache (server/src/engine/cache.ts) keys a file's findings on the files it imports, its project's
 * declaration and global files, and what rules declare they read of every other project file
 * (RuleMeta.projectWide). A rule that starts reading the whole program must say so there, or cached
 * findings go stale: every whole-program read in the rules is listed here with why the key covers it.
 */
const WHOLE_PROGRAM_READS: Record<string, string> = {
  'util/boundedFix.ts': "how the project already imports p-limit: unbounded-fan-out's and sequential-await's projectWide (packages and ambient modules: declaration files)",
  'missing-timeout.ts': "whether the project is browser code, and global timeout defaults: missing-timeout's projectWide (the DOM library: compiler options; @types/node: declaration files)",
  'util/blockingSummary.ts': 'helper names, a filter that only skips what cannot be a helper; the root names only key summaries in memory',
  'util/blockingCallees.ts': 'a filter that is exact (see its comment): it decides no finding',
  'util/asyncEquivalents.ts': 'ambient modules (declare module "fs/promises"): declaration files and global files, both in every key',
};

/**
 * A file's key holds the exact texts only of the files whose code its analysis read (bodies rules followed
 * calls into), as rules/util/crossFileReads records them; of the other files it imports, their
 * declaration signatures. Every rule source that looks at a body of what the checker resolved (a
 * declaration that may be in another file) either notes the read there or is listed with why it need not.
 */
const BODIES_OF_RESOLVED_DECLARATIONS: Record<string, string> = {
  'await-non-promise.ts': "bodies of the file's own functions only; callees' through util/typeEvidence, which notes them",
  'floating-promise.ts': "callees' bodies through util/cannotReject, which notes them; callback bodies written in the file",
  'nested-run.ts': 'executors written in the file; a const of another file is read up to its initializer (declaration signatures hold the text outside bodies)',
  'util/asyncContext.ts': 'sameFileSyncCallee follows only helpers of the same file',
  'util/blockingCallees.ts': 'module blocks of declaration files: in every key (library files)',
  'util/boundedFix.ts': 'callbacks written in the file (the fix rewrites them)',
  'util/untypedCallees.ts': "callees looked for in the call's own file (a namespace function, an object only that file sees); blockingSummary notes the bodies of those it follows",
  'util/valueTypes.ts': 'whether a declaration has a body and is async: declaration signatures hold the text outside bodies',
};

const RULES = path.resolve(__dirname, '../server/src/rules');

function ruleSources(folder: string): string[] {
  return fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(folder, entry.name);
    return entry.isDirectory() ? ruleSources(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

describe('cache key: whole-program reads of the rules', () => {
  it('every read of the whole program is listed with what covers it', () => {
    const readers = ruleSources(RULES)
      .filter((file) => /\.(?:getSourceFiles|getAmbientModules|getRootFileNames)\(\)/.test(fs.readFileSync(file, 'utf8')))
      .map((file) => path.relative(RULES, file).split(path.sep).join('/'))
      .sort();
    assert.deepEqual(readers, Object.keys(WHOLE_PROGRAM_READS).sort());
  });

  it('every rule source that reads bodies of resolved declarations notes the read, or says why it need not', () => {
    const resolves = /calledDeclaration\(|valueDeclaration|getDeclaration\(\)|getDeclarations\(\)|\.declarations\b/;
    const readers = ruleSources(RULES).filter((file) => {
      const text = fs.readFileSync(file, 'utf8');
      return resolves.test(text) && /\.body\b/.test(text) && !text.includes("from './crossFileReads'") && !text.includes("from './util/crossFileReads'");
    });
    const names = readers.map((file) => path.relative(RULES, file).split(path.sep).join('/')).filter((name) => name !== 'util/crossFileReads.ts').sort();
    assert.deepEqual(names, Object.keys(BODIES_OF_RESOLVED_DECLARATIONS).sort());
  });

  it('the rules that read project files wherever they are declare what they read', () => {
    const declaring = rules.filter((rule) => rule.meta.projectWide !== undefined).map((rule) => rule.meta.id);
    assert.deepEqual(declaring.sort(), ['missing-timeout', 'sequential-await', 'unbounded-fan-out']);
  });

  it("missing-timeout's reads: Node.js use and JSX of shipped files, and the global settings it looks for", () => {
    const rule = rules.find((candidate) => candidate.meta.id === 'missing-timeout')!;
    const read = rule.meta.projectWide!;
    assert.deepEqual(read('/p/src/a.ts', 'export const a = 1;\n'), []);
    assert.deepEqual(read('/p/src/a.ts', "import * as fs from 'node:fs';\n"), ['shipped file uses Node.js']);
    assert.deepEqual(read('/p/src/a.test.ts', "import * as fs from 'node:fs';\n"), []);
    assert.deepEqual(read('/p/src/a.tsx', 'export const a = 1;\n'), ['shipped JSX file']);
    assert.deepEqual(read('/p/src/a.ts', 'axios.defaults.timeout = 5000;\n'), ['defaults.timeout']);
  });

  it("p-limit: each file that mentions it is a fact of its own (fixes copy the first file's import)", () => {
    const rule = rules.find((candidate) => candidate.meta.id === 'unbounded-fan-out')!;
    const read = rule.meta.projectWide!;
    assert.deepEqual(read('/p/src/a.ts', 'export const a = 1;\n'), []);
    const text = "import limit from 'p-limit';\n";
    assert.notDeepEqual(read('/p/src/a.ts', text), read('/p/src/b.ts', text));
  });
});
