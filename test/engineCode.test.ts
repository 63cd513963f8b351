import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { repositoryRoot } from './helpers/tempProject';

describe('the engine code that keys the findings cache', function () {
  this.timeout(120_000);

  it('covers the rules, the engine and what they use, and not the wiring of the CLI or the language server', async () => {
    const { engineInputs } = (await import(path.join(repositoryRoot, 'scripts/engine-code.mjs'))) as { engineInputs(): Promise<string[]> };
    const inputs = await engineInputs();
    for (const file of ['server/src/rules/floating-promise.ts', 'server/src/rules/await-non-promise.ts', 'server/src/engine/analyzer.ts', 'server/src/engine/cache.ts', 'server/src/engine/linter.ts', 'server/src/config/config.ts', 'server/src/project/projectHost.ts']) {
      assert.ok(inputs.includes(file), `${file} is not covered`);
    }
    assert.ok(inputs.some((file) => /node_modules\/.*typescript/.test(file)), 'the TypeScript the engine runs on is covered');
    assert.deepEqual(inputs.filter((file) => /^server\/src\/(lsp|cli)\/|^server\/src\/(server|cli)\.ts$/.test(file)), []);
  });
});
