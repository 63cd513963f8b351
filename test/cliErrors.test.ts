import * as assert from 'node:assert/strict';
import { runCli } from '../server/src/cli/run';
import floatingPromise from '../server/src/rules/floating-promise';
import { tempProject } from './helpers/tempProject';

const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', strict: true, module: 'ESNext', moduleResolution: 'Bundler' }, include: ['src'] });
const FLOATING = 'async function save(): Promise<void> {}\nexport function onClick(): void {\n  save();\n}\n';
const BLOCKING = 'import { readFileSync } from "node:fs";\nexport async function load(): Promise<string> {\n  return readFileSync("a", "utf8");\n}\n';

function run(cwd: string, ...args: string[]) {
  let stdout = '';
  let stderr = '';
  // The rule logs its failure on stderr as the CLI does; the test reads it from the captured stream.
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string) => ((stderr += chunk), true)) as typeof process.stderr.write;
  try {
    const status = runCli(args, { cwd, isTTY: false, stdout: (text) => (stdout += text), stderr: (text) => (stderr += text) });
    return { status, stdout, stderr };
  } finally {
    process.stderr.write = write;
  }
}

describe('CLI: analyses that do not complete', () => {
  let project: ReturnType<typeof tempProject>;
  const check = floatingPromise.check;
  beforeEach(() => {
    project = tempProject({
      'tsconfig.json': TSCONFIG,
      'node_modules/@types/node/fs.d.ts': 'declare module "node:fs" { export function readFileSync(path: string, encoding: string): string; }\n',
      'src/a.ts': FLOATING + BLOCKING.replace('import', '// x\nimport'),
      'src/b.ts': BLOCKING,
    });
    // A rule that throws on every file, as a bug in it would.
    (floatingPromise as { check: unknown }).check = () => {
      throw new TypeError('forced failure');
    };
  });
  afterEach(() => {
    (floatingPromise as { check: unknown }).check = check;
    project.dispose();
  });

  it('JSON lists them in "errors" (version stays 1), keeps the other findings, and exits 2', () => {
    const { status, stdout, stderr } = run(project.root, '--format', 'json', 'src');
    assert.equal(status, 2);
    const report = JSON.parse(stdout) as { version: number; findings: { file: string; rule: string }[]; errors: { file: string; rule?: string; reason: string }[] };
    assert.equal(report.version, 1);
    assert.deepEqual(
      report.findings.map((finding) => `${finding.file} ${finding.rule}`),
      ['src/a.ts blocking-call', 'src/b.ts blocking-call'],
    );
    assert.deepEqual(report.errors, [
      { file: 'src/a.ts', rule: 'floating-promise', reason: 'the rule failed, its findings for this file are left out: TypeError: forced failure' },
      { file: 'src/b.ts', rule: 'floating-promise', reason: 'the rule failed, its findings for this file are left out: TypeError: forced failure' },
    ]);
    assert.match(stderr, /2 analyses did not complete/);
  });

  it('SARIF reports them as tool execution notifications of an unsuccessful invocation, and exits 2', () => {
    const { status, stdout } = run(project.root, '--format', 'sarif', 'src');
    assert.equal(status, 2);
    const sarif = JSON.parse(stdout) as {
      runs: { results: unknown[]; invocations: { executionSuccessful: boolean; toolExecutionNotifications: { level: string; message: { text: string }; associatedRule?: { id: string }; locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] }[];
    };
    const [invocation] = sarif.runs[0].invocations;
    assert.equal(invocation.executionSuccessful, false);
    assert.deepEqual(
      invocation.toolExecutionNotifications.map((notification) => [notification.level, notification.associatedRule?.id, notification.locations[0].physicalLocation.artifactLocation.uri]),
      [
        ['error', 'floating-promise', 'src/a.ts'],
        ['error', 'floating-promise', 'src/b.ts'],
      ],
    );
    assert.match(invocation.toolExecutionNotifications[0].message.text, /forced failure/);
    assert.equal(sarif.runs[0].results.length, 2);
  });

  it('stylish says so after the summary, naming file, rule and reason, and exits 2', () => {
    const { status, stdout } = run(project.root, 'src');
    assert.equal(status, 2);
    const lines = stdout.trimEnd().split('\n');
    assert.deepEqual(lines.slice(-3), [
      '✖ 2 analyses did not complete; the findings above are incomplete:',
      '  src/a.ts  floating-promise  the rule failed, its findings for this file are left out: TypeError: forced failure',
      '  src/b.ts  floating-promise  the rule failed, its findings for this file are left out: TypeError: forced failure',
    ]);
  });

  it('a clean run has an empty "errors" list, a successful invocation, and no such lines', () => {
    (floatingPromise as { check: unknown }).check = check;
    const json = run(project.root, '--format', 'json', 'src');
    assert.equal(json.status, 0);
    assert.deepEqual((JSON.parse(json.stdout) as { errors: unknown[] }).errors, []);
    const sarif = JSON.parse(run(project.root, '--format', 'sarif', 'src').stdout) as { runs: { invocations: { executionSuccessful: boolean; toolExecutionNotifications: unknown[] }[] }[] };
    assert.deepEqual(sarif.runs[0].invocations, [{ executionSuccessful: true, toolExecutionNotifications: [] }]);
    assert.doesNotMatch(run(project.root, 'src').stdout, /did not complete/);
  });
});
