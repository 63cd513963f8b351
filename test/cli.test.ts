import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtCli, tempProject } from './helpers/tempProject';

const FLOATING = 'async function save(): Promise<void> {}\nexport function onClick(): void {\n  save();\n}\n';
const CLEAN = 'async function save(): Promise<void> {}\nexport async function onClick(): Promise<void> {\n  await save();\n}\n';
/** nested-run's try/catch executor: its fix is safe (behaviour-tested), so --fix applies it. */
const EXECUTOR =
  'declare function load(): Promise<string>;\nexport function read(): Promise<string> {\n  return new Promise(async (resolve, reject) => {\n    try {\n      resolve(await load());\n    } catch (error) {\n      reject(error);\n    }\n  });\n}\n';
const TSCONFIG = JSON.stringify({ compilerOptions: { target: 'ES2022', strict: true, module: 'ESNext', moduleResolution: 'Bundler' }, include: ['src'] });

function cli(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [builtCli, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface JsonReport {
  version: number;
  findings: { file: string; line: number; column: number; endLine: number; endColumn: number; rule: string; severity: string; message: string; fixes: { title: string; safe: boolean; kind: string }[] }[];
  stats: { files: number; ms: number };
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('CLI', () => {
  let project: ReturnType<typeof tempProject>;
  afterEach(() => project?.dispose());

  it('with --project, analyzes a JavaScript file that the config does not allow in an inferred project', () => {
    const javaScript = 'async function save() {}\nexport function onClick() {\n  save();\n}\n';
    project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': FLOATING, 'src/b.js': javaScript });
    const { status, stdout, stderr } = cli(project.root, '--project', 'tsconfig.json', '--format', 'json', 'src');
    assert.equal(status, 0, stderr);
    assert.equal(stderr, '');
    const report = JSON.parse(stdout) as JsonReport;
    assert.deepEqual(
      report.findings.map((finding) => `${finding.file}:${finding.line} ${finding.rule}`),
      ['src/a.ts:3 floating-promise', 'src/b.js:3 floating-promise'],
    );
  });

  it('prints the JSON contract', () => {
    project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': FLOATING, 'src/b.ts': CLEAN });
    const { status, stdout } = cli(project.root, '--format', 'json');
    assert.equal(status, 0, 'warnings alone exit 0');
    const report = JSON.parse(stdout) as JsonReport;
    assert.equal(report.version, 1);
    assert.deepEqual(Object.keys(report.stats).sort(), ['files', 'ms']);
    assert.equal(report.stats.files, 2);
    assert.equal(typeof report.stats.ms, 'number');
    assert.deepEqual(report.findings, [
      {
        file: 'src/a.ts',
        line: 3,
        column: 3,
        endLine: 3,
        endColumn: 10,
        rule: 'floating-promise',
        severity: 'warning',
        message: report.findings[0].message,
        fixes: [
          { title: 'Mark as intentionally not awaited (void) (suppression: hides the report) (floating-promise)', safe: false, kind: 'suppression' },
          { title: 'Add .catch(...) that reports the error (unsafe: changes behaviour) (floating-promise)', safe: false, kind: 'unsafe' },
        ],
      },
    ]);
    assert.match(report.findings[0].message, /not awaited/);
  });

  it('exits 0 on clean code, 1 on errors or too many warnings, 2 on usage errors', function () {
    // Eight CLI processes, each building a program: seconds apiece on a busy 2-core machine.
    this.timeout(120_000);
    project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': FLOATING, 'clean/b.ts': CLEAN });
    assert.equal(cli(project.root, 'clean').status, 0);
    assert.equal(cli(project.root, 'src').status, 0);
    assert.equal(cli(project.root, 'src', '--max-warnings', '0').status, 1);
    assert.equal(cli(project.root, 'src', '--max-warnings', '1').status, 0);
    const usage = cli(project.root, '--format', 'xml');
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /--format must be stylish, json or sarif/);
    assert.equal(cli(project.root, '--no-such-flag').status, 2);
    assert.equal(cli(project.root, 'missing-folder').status, 2);
    assert.equal(cli(project.root, '--project', 'nope.json').status, 2);
  });

  it('takes severities from .async-pitfalls.json and exits 1 on errors', () => {
    project = tempProject({
      'tsconfig.json': TSCONFIG,
      'src/a.ts': FLOATING,
      '.async-pitfalls.json': JSON.stringify({ rules: { 'floating-promise': 'error' } }),
    });
    const { status, stdout } = cli(project.root, '--format', 'json');
    assert.equal(status, 1);
    assert.equal((JSON.parse(stdout) as JsonReport).findings[0].severity, 'error');
  });

  it('reports a bad config with file and key, runs the other settings, and exits 2', () => {
    project = tempProject({
      'tsconfig.json': TSCONFIG,
      'src/a.ts': FLOATING,
      '.async-pitfalls.json': JSON.stringify({ rules: { 'no-such-rule': 'error', 'floating-promise': ['warning', { ignoreVoid: 'yes' }] } }),
    });
    const { status, stdout, stderr } = cli(project.root, '--format', 'json');
    assert.equal(status, 2);
    assert.match(stderr, /\.async-pitfalls\.json: "rules\.no-such-rule" is not a known rule id/);
    assert.match(stderr, /"rules\.floating-promise\[1\]\.ignoreVoid" must be true or false/);
    assert.equal((JSON.parse(stdout) as JsonReport).findings.length, 1, 'the rule still runs');
  });

  it('honours ignore globs and skips node_modules', () => {
    project = tempProject({
      'tsconfig.json': TSCONFIG,
      'src/a.ts': FLOATING,
      'src/generated/b.ts': FLOATING,
      'node_modules/lib/index.ts': FLOATING,
      '.async-pitfalls.json': JSON.stringify({ ignore: ['src/generated/**'] }),
    });
    const report = JSON.parse(cli(project.root, '--format', 'json').stdout) as JsonReport;
    assert.deepEqual(report.findings.map((f) => f.file), ['src/a.ts']);
  });

  it('in a monorepo, a package with its own config lints from its own folder while the top config still skips it from the top', () => {
    project = tempProject({
      '.git/HEAD': 'ref: refs/heads/main\n',
      'package.json': '{}',
      '.async-pitfalls.json': JSON.stringify({ ignore: ['pkgs/**'] }),
      'pkgs/a/package.json': '{"name":"a"}',
      'pkgs/a/.async-pitfalls.json': '{}',
      'pkgs/a/src/a.ts': FLOATING,
      'pkgs/b/src/b.ts': FLOATING,
    });
    const files = (cwd: string, ...paths: string[]) => {
      const run = cli(cwd, '--format', 'json', ...paths);
      return { files: (JSON.parse(run.stdout) as JsonReport).findings.map((f) => f.file), stderr: run.stderr };
    };
    assert.deepEqual(files(project.root), { files: [], stderr: '' }, 'the walk from the top honours its ignore');
    assert.deepEqual(files(project.file('pkgs/a'), '.'), { files: ['src/a.ts'], stderr: '' }, 'named, the package is governed by its own config');
    assert.deepEqual(files(project.root, 'pkgs/a'), { files: ['pkgs/a/src/a.ts'], stderr: '' });
    assert.deepEqual(files(project.root, 'pkgs/a/src/a.ts'), { files: ['pkgs/a/src/a.ts'], stderr: '' });
    // A named path that an ignore excludes is said, never skipped in silence.
    assert.deepEqual(files(project.root, 'pkgs/b'), { files: [], stderr: 'warning: pkgs/b is ignored by the "ignore" list of .async-pitfalls.json\n' });
    assert.deepEqual(files(project.root, 'pkgs/b/src/b.ts'), { files: [], stderr: 'warning: pkgs/b/src/b.ts is ignored by the "ignore" list of .async-pitfalls.json\n' });
  });

  it('lints a loose JavaScript file with no tsconfig', () => {
    project = tempProject({ 'script.js': 'async function save() {}\nsave();\n' });
    const report = JSON.parse(cli(project.root, '--format', 'json', 'script.js').stdout) as JsonReport;
    assert.deepEqual(report.findings.map((f) => `${f.file}:${f.line}:${f.column}`), ['script.js:2:1']);
  });

  it('--fix applies safe fixes only, never unsafe ones or suppressions, and a second run changes nothing', () => {
    const inAsync = 'async function save(): Promise<void> {}\nexport async function run(): Promise<void> {\n  save();\n}\n';
    project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': FLOATING, 'src/b.ts': inAsync, 'src/c.ts': EXECUTOR });
    const first = cli(project.root, '--fix', '--format', 'json');
    assert.equal(first.status, 0);
    // The floating promises offer only an unsafe await, an unsafe .catch and a void suppression: left as they are.
    assert.deepEqual(
      (JSON.parse(first.stdout) as JsonReport).findings.map((f) => `${f.file}:${f.line} ${f.rule}`),
      ['src/a.ts:3 floating-promise', 'src/b.ts:3 floating-promise'],
    );
    assert.equal(fs.readFileSync(project.file('src/a.ts'), 'utf8'), FLOATING);
    assert.equal(fs.readFileSync(project.file('src/b.ts'), 'utf8'), inAsync);
    const fixedC = fs.readFileSync(project.file('src/c.ts'), 'utf8');
    assert.equal(
      fixedC,
      'declare function load(): Promise<string>;\nexport function read(): Promise<string> {\n  return (async () => {\n    return await load();\n  })();\n}\n',
    );
    cli(project.root, '--fix');
    assert.equal(fs.readFileSync(project.file('src/c.ts'), 'utf8'), fixedC);
  });

  it('stylish counts as fixable with --fix only the findings that have a safe fix', () => {
    project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': FLOATING });
    assert.doesNotMatch(cli(project.root).stdout, /fixable/);
    project.dispose();
    project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': FLOATING, 'src/c.ts': EXECUTOR });
    assert.match(cli(project.root).stdout, /\n {2}1 problem fixable with the --fix option\.\n$/);
  });

  it('respects suppression comments', () => {
    project = tempProject({
      'tsconfig.json': TSCONFIG,
      'src/a.ts': FLOATING.replace('  save();', '  // async-pitfalls-disable-next-line floating-promise -- best effort\n  save();'),
    });
    assert.deepEqual((JSON.parse(cli(project.root, '--format', 'json').stdout) as JsonReport).findings, []);
  });

  it('prints stylish output with a summary, without colour when not on a terminal', () => {
    project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': FLOATING });
    const { stdout } = cli(project.root);
    assert.match(stdout, /^src\/a\.ts\n {2}3:3 {2}warning {2}Promise is not awaited.* {2}floating-promise\n/);
    assert.match(stdout, /1 problem \(0 errors, 1 warning, 0 other\) in 1 file/);
    assert.doesNotMatch(stdout, /\u001b\[/);
  });

  it('never prints terminal escape sequences from file names', () => {
    project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/evil\u001b[31m.ts': FLOATING });
    const { stdout } = cli(project.root);
    assert.ok(!stdout.includes('\u001b'), stdout);
    assert.match(stdout, /evil\\u001b\[31m\.ts/);
  });

  it('escapes line breaks in file names, so a name cannot print a forged line', () => {
    project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/x\n  9:9  error  Forged finding  floating-promise\r\ty.ts': FLOATING });
    const { stdout } = cli(project.root);
    assert.doesNotMatch(stdout, /^\s*9:9\s+error/m, stdout);
    assert.ok(stdout.includes('src/x\\n  9:9  error  Forged finding  floating-promise\\r\\ty.ts\n'), stdout);
    const json = JSON.parse(cli(project.root, '--format', 'json').stdout) as JsonReport;
    assert.equal(json.findings[0].file, 'src/x\n  9:9  error  Forged finding  floating-promise\r\ty.ts', 'JSON escapes through JSON');
  });

  it('ignores a config above the project root, naming it on stderr', () => {
    project = tempProject({
      '.async-pitfalls.json': JSON.stringify({ rules: { 'floating-promise': 'off' }, ignore: ['**'] }),
      'app/package.json': '{}',
      'app/tsconfig.json': TSCONFIG,
      'app/src/a.ts': FLOATING,
    });
    const { status, stdout, stderr } = cli(project.file('app'), '--format', 'json');
    assert.equal(status, 0, 'a notice, not an error');
    assert.deepEqual((JSON.parse(stdout) as JsonReport).findings.map((f) => f.rule), ['floating-promise']);
    assert.match(stderr, new RegExp(`Ignored ${escapeRegExp(project.file('.async-pitfalls.json'))}: it is above the project root ${escapeRegExp(project.file('app'))}`));
  });

  it('answers at once with an error for an ignore glob that makes backtracking matchers hang', () => {
    project = tempProject({
      '.async-pitfalls.json': JSON.stringify({ rules: { 'floating-promise': 'error' }, ignore: ['**/*a*a*a*a*a*a*a*a*a*a*a*a*b'] }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { strict: true, target: 'ES2022' }, include: ['src'] }),
      [`src/${'a'.repeat(60)}.ts`]: FLOATING,
    });
    const started = performance.now();
    const { status, stdout, stderr } = cli(project.root, '--format', 'json');
    assert.ok(performance.now() - started < 20000, 'the glob costs nothing: only start-up and analysis');
    assert.equal(status, 2);
    assert.match(stderr, /\.async-pitfalls\.json: "ignore\[0\]" "\*\*\/\*a\*a.*b" has more than 8 wildcards/);
    assert.deepEqual((JSON.parse(stdout) as JsonReport).findings.map((f) => `${f.rule} ${f.severity}`), ['floating-promise error'], 'the rest of the config applies');
  });

  it('prints SARIF 2.1.0 with the rules and the results', () => {
    project = tempProject({ 'tsconfig.json': TSCONFIG, 'src/a.ts': FLOATING });
    const sarif = JSON.parse(cli(project.root, '--format', 'sarif').stdout) as {
      version: string;
      runs: { tool: { driver: { name: string; rules: { id: string; helpUri: string; help: { text: string } }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[] }[] }[];
    };
    assert.equal(sarif.version, '2.1.0');
    const run = sarif.runs[0];
    assert.equal(run.tool.driver.name, 'async-pitfalls');
    assert.ok(run.tool.driver.rules.some((rule) => rule.id === 'floating-promise' && rule.helpUri.endsWith('floating-promise.md') && rule.help.text.length > 0));
    assert.equal(run.results.length, 1);
    assert.equal(run.results[0].level, 'warning');
    assert.deepEqual(run.results[0].locations[0].physicalLocation.region, { startLine: 3, startColumn: 3, endLine: 3, endColumn: 10 });
    assert.equal(run.results[0].locations[0].physicalLocation.artifactLocation.uri, 'src/a.ts');
  });

  describe('a blocking call reached through helpers', () => {
    const files = {
      'tsconfig.json': TSCONFIG,
      'node_modules/@types/node/fs.d.ts': 'declare module "node:fs" { export function readFileSync(path: string, encoding: string): string; }\n',
      'src/fsx.ts': 'import * as fs from "node:fs";\nexport function readText(file: string): string {\n  return fs.readFileSync(file, "utf8");\n}\n',
      'src/json.ts': 'import { readText } from "./fsx";\nexport function readJson(file: string): unknown {\n  return JSON.parse(readText(file));\n}\n',
      'src/app.ts': 'import { readJson } from "./json";\nexport async function start(): Promise<unknown> {\n  return readJson("config.json");\n}\n',
    };
    const hops = [
      { file: 'src/app.ts', line: 3, column: 10, endLine: 3, endColumn: 33, label: 'readJson()' },
      { file: 'src/json.ts', line: 3, column: 21, endLine: 3, endColumn: 35, label: 'readText()' },
      { file: 'src/fsx.ts', line: 3, column: 10, endLine: 3, endColumn: 39, label: 'fs.readFileSync' },
    ];

    it('stylish ends the line with a short "via" tail', () => {
      project = tempProject(files);
      const { status, stdout } = cli(project.root, 'src');
      assert.equal(status, 0);
      assert.match(stdout, /^ {2}3:10 {2}warning {2}`readJson\(\)` blocks the event loop inside async code: .* \(via readJson\(\) -> readText\(\) -> fs\.readFileSync\) {2}blocking-call$/m);
    });

    it('JSON and SARIF carry each hop with its place (JSON gains a field, the others keep theirs)', () => {
      project = tempProject(files);
      const json = JSON.parse(cli(project.root, '--format', 'json', 'src').stdout) as JsonReport & {
        findings: { related?: { file: string; line: number; column: number; endLine: number; endColumn: number; message: string; label: string }[] }[];
      };
      assert.equal(json.findings.length, 1);
      const [finding] = json.findings;
      assert.deepEqual(Object.keys(finding), ['file', 'line', 'column', 'endLine', 'endColumn', 'rule', 'severity', 'message', 'fixes', 'related']);
      assert.deepEqual(
        finding.related?.map(({ message: _message, ...place }) => place),
        hops,
      );
      assert.deepEqual(finding.related?.map((hop) => hop.message), [
        '`readJson()` is called here, in async code',
        '`readJson()` calls `readText()` here',
        '`readText()` calls `fs.readFileSync` here, which blocks',
      ]);

      const sarif = JSON.parse(cli(project.root, '--format', 'sarif', 'src').stdout) as {
        runs: {
          results: {
            relatedLocations: { id: number; message: { text: string }; physicalLocation: { artifactLocation: { uri: string }; region: Record<string, number> } }[];
          }[];
        }[];
      };
      const related = sarif.runs[0].results[0].relatedLocations;
      assert.deepEqual(
        related.map((location) => ({ id: location.id, uri: location.physicalLocation.artifactLocation.uri, region: location.physicalLocation.region })),
        hops.map((hop, index) => ({
          id: index + 1,
          uri: hop.file,
          region: { startLine: hop.line, startColumn: hop.column, endLine: hop.endLine, endColumn: hop.endColumn },
        })),
      );
      assert.equal(related[2].message.text, '`readText()` calls `fs.readFileSync` here, which blocks');
    });
  });

  it('prints help and version', () => {
    project = tempProject({});
    assert.match(cli(project.root, '--help').stdout, /Usage: async-pitfalls/);
    assert.match(cli(project.root, '--version').stdout, /^\d+\.\d+\.\d+/);
  });
});
