import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { newConfigText, schemaReference, SCHEMA_WEB_URL } from '../../client/src/configLocation';

const top = path.resolve('/work/repo');
const schemaIn = (folder: string) => path.join(folder, 'node_modules', 'async-pitfalls', 'schemas', 'async-pitfalls.schema.json');
const only = (...files: string[]) => (file: string) => Promise.resolve(files.includes(file));

describe('a new config file (client)', () => {
  it('names the schema of the package installed next to it, relative', async () => {
    assert.equal(await schemaReference(top, top, only(schemaIn(top))), './node_modules/async-pitfalls/schemas/async-pitfalls.schema.json');
  });

  it('finds the package installed in a folder above, up to the workspace folder (a monorepo)', async () => {
    const pkg = path.join(top, 'packages', 'api');
    assert.equal(await schemaReference(pkg, top, only(schemaIn(top))), '../../node_modules/async-pitfalls/schemas/async-pitfalls.schema.json');
  });

  it('does not look above the workspace folder, and falls back to the web address', async () => {
    assert.equal(await schemaReference(top, top, only(schemaIn(path.dirname(top)))), SCHEMA_WEB_URL);
    assert.equal(await schemaReference(top, top, only()), SCHEMA_WEB_URL);
  });

  it('is JSON with $schema and empty rules', () => {
    assert.deepEqual(JSON.parse(newConfigText('./s.json')), { $schema: './s.json', rules: {} });
  });
});
