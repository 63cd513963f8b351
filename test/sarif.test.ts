import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { builtCli, tempProject } from './helpers/tempProject';

const FLOATING = 'async function save(): Promise<void> {}\nexport function onClick(): void {\n  save();\n}\n';
/** The official SARIF 2.1.0 schema (draft-04), as @microsoft/jest-sarif ships it. */
const SARIF_SCHEMA = require.resolve('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

interface SarifLog {
  runs: {
    originalUriBaseIds: Record<string, { uri: string }>;
    results: { locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string } } }[] }[];
  }[];
}

describe('SARIF output', () => {
  let project: ReturnType<typeof tempProject>;
  afterEach(() => project?.dispose());

  it('is valid against the SARIF 2.1.0 schema, and every URI names its file, whatever the file names', () => {
    const names = ['a#b#c.ts', 'q?x=1.ts', 'dir #1/x.ts', '100%.ts', '%41.ts', 'ünï cödé/日本.ts', 'c:x.ts', "it's (1) [a]{b}.ts", 'tab\there.ts'];
    project = tempProject({
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022' }, include: ['**/*.ts'] }),
      ...Object.fromEntries(names.map((name) => [name, FLOATING])),
    });
    const result = spawnSync(process.execPath, [builtCli, '--format', 'sarif'], { cwd: project.root, encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    const log = JSON.parse(result.stdout) as SarifLog;

    // The schema's patterns are ECMAScript without the u flag (one is not valid with it).
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
    addFormats(ajv);
    const validate = ajv.compile(JSON.parse(fs.readFileSync(SARIF_SCHEMA, 'utf8')) as object);
    assert.ok(validate(log), JSON.stringify(validate.errors, null, 2));

    const run = log.runs[0];
    const located = run.results.map(({ locations: [{ physicalLocation }] }) => {
      const { uri, uriBaseId } = physicalLocation.artifactLocation;
      assert.equal(uriBaseId, 'SRCROOT');
      assert.doesNotMatch(uri, /[#?\s]|[^\x21-\x7e]/, 'percent-encoded');
      return fileURLToPath(new URL(uri, run.originalUriBaseIds.SRCROOT.uri));
    });
    assert.deepEqual(located.sort(), names.map((name) => path.join(project.root, name)).sort());
  });
});
