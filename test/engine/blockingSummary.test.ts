import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Linter } from '../../server/src/engine/linter';
import { tempProject } from '../helpers/tempProject';

const quiet = { info() {}, warn() {}, error() {} };

const TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', types: ['node'], typeRoots: [path.resolve(__dirname, '../../node_modules/@types')], skipLibCheck: true },
  include: ['src'],
});

const BLOCKING_TEXT = 'import * as fs from "node:fs";\nexport function readText(file: string): string {\n  return fs.readFileSync(file, "utf8");\n}\n';
const ASYNC_TEXT = 'export function readText(file: string): string {\n  return file;\n}\n';
const JSON_HELPER = 'import { readText } from "./text";\nexport function readJson(file: string): unknown {\n  return JSON.parse(readText(file));\n}\n';
const APP = 'import { readJson } from "./json";\nexport async function start(): Promise<unknown> {\n  return readJson("config.json");\n}\n';

/** Each blocking-call finding of a file as `line:column` and its chain's labels. */
function chains(linter: Linter, filePath: string): string[] {
  const result = linter.lint(filePath)!;
  return result.findings
    .filter((finding) => finding.ruleId === 'blocking-call')
    .map((finding) => `${finding.start} ${(finding.related ?? []).map((related) => related.label).join(' -> ')}`);
}

/**
 * Summaries are kept across analyses while the files they were computed from are unchanged: an edit
 * two calls away must still change the finding, and the result must equal a fresh analysis.
 */
describe('blocking-call summaries across edits', () => {
  it('follow an edit of a file further down the chain, and equal a fresh analysis each time', function () {
    this.timeout(120_000);
    const project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/text.ts': BLOCKING_TEXT, 'src/json.ts': JSON_HELPER, 'src/app.ts': APP });
    try {
      const linter = new Linter(quiet);
      const app = project.file('src/app.ts');
      const text = project.file('src/text.ts');
      const json = project.file('src/json.ts');
      const fresh = () => chains(new Linter(quiet), app);
      const reported = [`${APP.indexOf('readJson("')} readJson() -> readText() -> fs.readFileSync`];

      linter.workspace.openDocument(app, APP);
      assert.deepEqual(chains(linter, app), reported);

      // The leaf goes away two files down: the summaries through it go too.
      linter.workspace.openDocument(text, ASYNC_TEXT);
      assert.deepEqual(chains(linter, app), []);
      assert.deepEqual(chains(linter, app), [], 'a second analysis of the same state agrees');

      // Back again.
      linter.workspace.openDocument(text, BLOCKING_TEXT);
      assert.deepEqual(chains(linter, app), reported);

      // The middle file stops calling the helper: the chain ends there.
      linter.workspace.openDocument(json, 'export function readJson(file: string): unknown {\n  return JSON.parse(file);\n}\n');
      assert.deepEqual(chains(linter, app), []);

      // ... and calls another blocking helper in a branch: "may", with the new chain.
      const branching =
        'import * as fs from "node:fs";\nexport function readJson(file: string): unknown {\n  if (file.endsWith(".json")) return JSON.parse(fs.readFileSync(file, "utf8"));\n  return undefined;\n}\n';
      linter.workspace.openDocument(json, branching);
      const result = linter.lint(app)!;
      const finding = result.findings.find((candidate) => candidate.ruleId === 'blocking-call');
      assert.ok(finding?.message.includes('may block'), finding?.message);
      assert.deepEqual(chains(linter, app), [`${APP.indexOf('readJson("')} readJson() -> fs.readFileSync`]);

      // The files on disk are the first versions: a fresh linter sees those.
      assert.deepEqual(fresh(), reported);
    } finally {
      project.dispose();
    }
  });
});
