import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { newConfigText, schemaReference, SCHEMA_WEB_URL } from '../../client/src/configLocation';
import { parseRulePage } from '../../client/src/rulePages';

const top = path.resolve('/work/repo');
const schemaIn = (folder: string) => path.join(folder, 'node_modules', 'async-pitfalls', 'schemas', 'async-pitfalls.schema.json');
const only = (...files: string[]) => (file: string) => files.includes(file);

describe('a new config file (client)', () => {
  it('names the schema of the package installed next to it, relative', () => {
    assert.equal(schemaReference(top, top, only(schemaIn(top))), './node_modules/async-pitfalls/schemas/async-pitfalls.schema.json');
  });

  it('finds the package installed in a folder above, up to the workspace folder (a monorepo)', () => {
    const pkg = path.join(top, 'packages', 'api');
    assert.equal(schemaReference(pkg, top, only(schemaIn(top))), '../../node_modules/async-pitfalls/schemas/async-pitfalls.schema.json');
  });

  it('does not look above the workspace folder, and falls back to the web address', () => {
    assert.equal(schemaReference(top, top, only(schemaIn(path.dirname(top)))), SCHEMA_WEB_URL);
    assert.equal(schemaReference(top, top, () => false), SCHEMA_WEB_URL);
  });

  it('is JSON with $schema and empty rules', () => {
    assert.deepEqual(JSON.parse(newConfigText('./s.json')), { $schema: './s.json', rules: {} });
  });
});

describe('rule pages (client)', () => {
  it('takes the id from the file name and the summary from the first quote', () => {
    assert.deepEqual(parseRulePage('floating-promise.md', '# floating-promise\n\n> A promise nobody awaits.\n\n> later\n'), { id: 'floating-promise', summary: 'A promise nobody awaits.' });
    assert.deepEqual(parseRulePage('nested-run.md', '# nested-run\n'), { id: 'nested-run', summary: '' });
  });

  it('skips files that are not rule pages', () => {
    assert.equal(parseRulePage('README.txt', ''), undefined);
    assert.equal(parseRulePage('Not_A_Rule.md', ''), undefined);
  });
});
