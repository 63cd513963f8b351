import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generatedPatternSources } from '../scripts/generate-patterns';

const root = path.resolve(__dirname, '..');

describe('generated files are in sync with their sources', () => {
  it('server/src/patterns/sources.ts matches the pattern files', () => {
    assert.equal(fs.readFileSync(path.join(root, 'server/src/patterns/sources.ts'), 'utf8'), generatedPatternSources());
  });
});
