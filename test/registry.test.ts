import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generatedRuleFiles } from '../scripts/generate-schema';
import { ALL_RULE_IDS, rules } from '../server/src/rules';
import type { AnyRule } from '../server/src/rules/types';

// Everything that names the rules agrees with the registry (server/src/rules/index.ts). Each check is
// its own test, and each message says which file to add or which command to run (CONTRIBUTING.md).
const root = path.resolve(__dirname, '..');
const NOT_RULES = new Set(['index', 'types', 'options']);

/** The names of the files in `folder` (relative to the repository root) ending in `extension`, without it. */
function namesIn(folder: string, extension: string): string[] {
  return fs
    .readdirSync(path.join(root, folder))
    .filter((name) => name.endsWith(extension))
    .map((name) => name.slice(0, -extension.length))
    .sort();
}

/** What is wrong between the rule ids and the names found (`what` says where): ids without a name, names without a rule. */
function difference(actual: readonly string[], what: string): string[] {
  const problems = ALL_RULE_IDS.filter((id) => !actual.includes(id)).map((id) => `${id}: no ${what}`);
  for (const name of actual) if (!(ALL_RULE_IDS as readonly string[]).includes(name)) problems.push(`${what} ${name}: no rule of that id is registered`);
  return problems;
}

describe('the rule registry and everything that names a rule agree', () => {
  it('the ids are sorted and unique, and each is the registered rule\'s own meta.id', () => {
    assert.deepEqual([...ALL_RULE_IDS], [...new Set(ALL_RULE_IDS)].sort());
    assert.deepEqual(rules.map((rule) => rule.meta.id), [...ALL_RULE_IDS]);
  });

  it('each rule file in server/src/rules is registered, as the default export of <id>.ts', () => {
    const files = namesIn('server/src/rules', '.ts').filter((name) => !NOT_RULES.has(name));
    assert.deepEqual(difference(files, 'rule file server/src/rules/<id>.ts'), []);
    for (const rule of rules) {
      const module = require(path.join(root, 'server/src/rules', rule.meta.id)) as { default: AnyRule };
      assert.equal(module.default, rule, `server/src/rules/${rule.meta.id}.ts exports another rule than the one registered as ${rule.meta.id}`);
    }
  });

  it('each rule has its tests: test/rules/<id>.test.ts', () => {
    const tests = namesIn('test/rules', '.test.ts').filter((name) => (ALL_RULE_IDS as readonly string[]).includes(name));
    assert.deepEqual(difference(tests, 'test file test/rules/<id>.test.ts'), []);
  });

  it('each rule has a doc page docs/rules/<id>.md, and each page a rule', () => {
    assert.deepEqual(difference(namesIn('docs/rules', '.md'), 'doc page docs/rules/<id>.md'), []);
  });

  it('each rule has an end-to-end fixture test/e2e/workspace/rules/<id>.ts marking the lines it reports, and each fixture a rule', () => {
    const fixtures = namesIn('test/e2e/workspace/rules', '.ts');
    assert.deepEqual(difference(fixtures, 'end-to-end fixture test/e2e/workspace/rules/<id>.ts'), []);
    for (const id of ALL_RULE_IDS.filter((id) => fixtures.includes(id))) {
      const text = fs.readFileSync(path.join(root, 'test/e2e/workspace/rules', `${id}.ts`), 'utf8');
      assert.ok(text.includes(`// expect: ${id}`), `test/e2e/workspace/rules/${id}.ts marks no line with \`// expect: ${id}\``);
    }
  });

  it('the README\'s rule table has a row for each rule', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const rows = [...readme.matchAll(/^\| \[`([a-z-]+)`\]\(docs\/rules\/\1\.md\) \|/gm)].map((match) => match[1]);
    assert.deepEqual(difference(rows, 'row in the README\'s rule table'), []);
  });

  it('the generated files (config schema, package.json settings) are up to date: `npm run generate`', () => {
    for (const [file, text] of Object.entries(generatedRuleFiles())) {
      assert.ok(fs.readFileSync(path.join(root, file), 'utf8') === text, `${file} is out of date with the rule registry: run \`npm run generate\``);
    }
  });
});
