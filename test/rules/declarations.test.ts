import * as assert from 'node:assert/strict';
import { normalizeModuleName, packageOfFile } from '../../server/src/rules/util/declarations';

describe('module names (rules/util/declarations)', () => {
  it('normalizeModuleName: one name for a built-in with or without node:, and for a package and its @types', () => {
    assert.equal(normalizeModuleName('node:fs'), 'fs');
    assert.equal(normalizeModuleName('fs'), 'fs');
    assert.equal(normalizeModuleName('node:fs/promises'), 'fs/promises');
    assert.equal(normalizeModuleName('@types/node'), 'node');
    assert.equal(normalizeModuleName('@types/scope__name'), '@scope/name');
    assert.equal(normalizeModuleName('@scope/name'), '@scope/name');
    assert.equal(normalizeModuleName('./db'), './db');
  });

  it('packageOfFile: the package a file of node_modules belongs to, the innermost one, with either separator', () => {
    assert.equal(packageOfFile('/app/node_modules/axios/index.d.ts'), 'axios');
    assert.equal(packageOfFile('/app/node_modules/@types/node/fs.d.ts'), '@types/node');
    assert.equal(packageOfFile('/app/node_modules/a/node_modules/@scope/b/lib/x.js'), '@scope/b');
    assert.equal(packageOfFile('C:\\app\\node_modules\\got\\dist\\index.d.ts'), 'got');
    assert.equal(packageOfFile('/app/src/node.ts'), undefined);
  });
});
