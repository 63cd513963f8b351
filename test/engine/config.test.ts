import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ConfigResolver, parseConfig, projectRootFinder, unknownRuleMessage, withSeverityOverrides, workspaceRootFinder } from '../../server/src/config/config';
import type { Logger } from '../../server/src/base/logger';

const FILE = path.resolve('/project/.async-pitfalls.json');

describe('config file', () => {
  it('reads severities, options and ignore globs', () => {
    const config = parseConfig(
      FILE,
      JSON.stringify({ $schema: './schema.json', rules: { 'floating-promise': ['error', { ignoreVoid: false }] }, ignore: ['dist/**', '**/*.gen.ts'] }),
    );
    assert.deepEqual(config.problems, []);
    assert.equal(config.rules.get('floating-promise')!.severity, 'error');
    assert.equal(config.rules.get('floating-promise')!.options.ignoreVoid, false);
    assert.equal(config.rules.get('floating-promise')!.options.ignoreIIFE, false, 'other options keep their defaults');
    assert.ok(config.isIgnored(path.resolve('/project/dist/a.js')));
    assert.ok(config.isIgnored(path.resolve('/project/src/deep/x.gen.ts')));
    assert.ok(!config.isIgnored(path.resolve('/project/src/a.ts')));
    assert.ok(!config.isIgnored(path.resolve('/elsewhere/dist/a.js')), 'globs are relative to the config file');
  });

  it('accepts comments (JSONC) as VS Code does', () => {
    const config = parseConfig(FILE, '{\n  // quiet for now\n  "rules": { "floating-promise": "off" }\n}');
    assert.deepEqual(config.problems, []);
    assert.equal(config.rules.get('floating-promise')!.severity, 'off');
  });

  it('names the file and the key of every problem, and keeps the rest', () => {
    const config = parseConfig(
      FILE,
      JSON.stringify({
        rule: {},
        rules: { 'no-such-rule': 'error', 'floating-promise': ['loud', {}], 'missing-timeout': 'off' },
        ignore: 'dist',
      }),
    );
    assert.deepEqual(
      config.problems.map((p) => `${p.file} ${p.key}`),
      [`${FILE} rule`, `${FILE} rules.no-such-rule`, `${FILE} rules.floating-promise`, `${FILE} ignore`],
    );
    assert.equal(config.rules.get('floating-promise')!.severity, 'warning', 'a bad entry keeps the default');
  });

  it('rejects unknown and ill-typed options', () => {
    const config = parseConfig(FILE, JSON.stringify({ rules: { 'floating-promise': ['warning', { ignoreVoid: 1, colour: 'red' }] } }));
    assert.deepEqual(config.problems.map((p) => `${p.key}: ${p.message}`), [
      'rules.floating-promise[1].ignoreVoid: must be true or false',
      'rules.floating-promise[1].colour: is not an option of floating-promise (known: ignoreVoid, ignoreIIFE, checkThenables, ignoreSelfHandling, allowForKnownSafeCalls, allowForKnownSafePromises)',
    ]);
  });

  it('reports invalid JSON without throwing', () => {
    const config = parseConfig(FILE, '{ "rules": ');
    assert.equal(config.problems.length, 1);
    assert.match(config.problems[0].message, /not valid JSON/);
    assert.equal(config.rules.get('floating-promise')!.severity, 'warning');
  });

  it('applies what it can read of invalid JSON, and names the first syntax error where it is', () => {
    const text = '{\n  "rules": {\n    "floating-promise": "off"\n    "missing-timeout": "error"\n  },\n  "ignore": ["dist/**"]\n';
    const config = parseConfig(FILE, text);
    assert.deepEqual(
      config.problems.map((p) => [p.key, p.message, p.range]),
      [['(file)', "is not valid JSON: ',' expected.", { start: { line: 3, character: 4 }, end: { line: 3, character: 21 } }]],
      'the missing comma, not what follows from it (the unclosed brace at the end is not repeated)',
    );
    assert.equal(config.rules.get('floating-promise')!.severity, 'off');
    assert.equal(config.rules.get('missing-timeout')!.severity, 'error');
    assert.ok(config.isIgnored(path.resolve('/project/dist/a.js')));
  });

  it('reports a value JSON does not allow, and keeps the others', () => {
    const config = parseConfig(FILE, '{ "rules": { "floating-promise": off, "nested-run": "hint" } }');
    assert.deepEqual(config.problems.map((p) => [p.key, p.range?.start.character, p.range?.end.character]), [['(file)', 33, 36]]);
    assert.match(config.problems[0].message, /^is not valid JSON: Property value can only be/);
    assert.equal(config.rules.get('floating-promise')!.severity, 'warning');
    assert.equal(config.rules.get('nested-run')!.severity, 'hint');
  });

  it('gives every problem the range of the name or value it is about', () => {
    const lines = [
      '{',
      '  "rule": {},',
      '  "rules": {',
      '    "blocking-calls": "off",',
      '    "floating-promise": ["loud"],',
      '    "nested-run": "loud",',
      '    "unbounded-fan-out": ["error", { "concurrency": -1, "colour": 1 }],',
      '    "missing-timeout": ["warning", 3]',
      '  },',
      '  "ignore": ["ok/**", 4],',
      '  "root": "yes"',
      '}',
    ];
    const config = parseConfig(FILE, lines.join('\n'));
    const underlined = config.problems.map((p) => {
      const { start, end } = p.range!;
      assert.equal(start.line, end.line, p.key);
      return `${p.key} @${start.line}: ${lines[start.line].slice(start.character, end.character)}`;
    });
    assert.deepEqual(underlined, [
      'rule @1: "rule"',
      'root @10: "yes"',
      'rules.blocking-calls @3: "blocking-calls"',
      'rules.floating-promise @4: "loud"',
      'rules.nested-run @5: "loud"',
      'rules.unbounded-fan-out[1].concurrency @6: -1',
      'rules.unbounded-fan-out[1].colour @6: "colour"',
      'rules.missing-timeout[1] @7: 3',
      'ignore @9: ["ok/**", 4]',
    ]);
    assert.match(config.problems[2].message, /did you mean "blocking-call"\?/);
  });

  it('names the likely rule id of a typo, and lists the known ids otherwise', () => {
    assert.equal(unknownRuleMessage('floating-promises'), 'is not a known rule id (did you mean "floating-promise"?)');
    assert.match(unknownRuleMessage('no-such-rule'), /^is not a known rule id \(known: await-non-promise, /);
  });

  it('finds the nearest config up the tree and caches it', () => {
    const reads: string[] = [];
    const files: Record<string, string> = {
      [path.resolve('/repo/.async-pitfalls.json')]: JSON.stringify({ rules: { 'floating-promise': 'error' } }),
      [path.resolve('/repo/packages/web/.async-pitfalls.json')]: JSON.stringify({ rules: { 'floating-promise': 'hint' } }),
    };
    const resolver = new ConfigResolver({
      readFile: (file) => {
        reads.push(file);
        return files[file];
      },
      rootOf: projectRootFinder(undefined, (file) => file === path.resolve('/repo/.git')),
    });
    assert.equal(resolver.forFile(path.resolve('/repo/packages/web/src/a.ts')).rules.get('floating-promise')!.severity, 'hint');
    assert.equal(resolver.forFile(path.resolve('/repo/packages/api/src/a.ts')).rules.get('floating-promise')!.severity, 'error');
    assert.equal(resolver.forFile(path.resolve('/other/a.ts')).file, undefined);
    const count = reads.length;
    resolver.forFile(path.resolve('/repo/packages/web/src/b.ts'));
    assert.equal(reads.length, count, 'cached');
  });

  it('applies editor severity overrides on top, ignoring unknown ids and values', () => {
    const base = parseConfig(FILE, JSON.stringify({ rules: { 'floating-promise': 'error' } }));
    const overridden = withSeverityOverrides(base, { 'floating-promise': 'info', 'made-up': 'off', 'misused-promise': 'loud' as 'off' });
    assert.equal(overridden.rules.get('floating-promise')!.severity, 'info');
    assert.equal(base.rules.get('floating-promise')!.severity, 'error', 'the base config is not mutated');
  });

  describe('the lookup stops at the root', () => {
    const planted = path.resolve('/tmp/.async-pitfalls.json');
    const files: Record<string, string> = {
      [planted]: JSON.stringify({ rules: { 'floating-promise': 'off' } }),
      [path.resolve('/tmp/mono/.async-pitfalls.json')]: JSON.stringify({ rules: { 'floating-promise': 'error' } }),
    };
    const markers = new Set([path.resolve('/tmp/app/package.json'), path.resolve('/tmp/mono/.git'), path.resolve('/tmp/mono/packages/web/package.json')]);
    const logged = (): { logger: Logger; lines: string[] } => {
      const lines: string[] = [];
      return { lines, logger: { info: (m) => lines.push(m), warn: (m) => lines.push(m), error: (m) => lines.push(m) } };
    };

    it('ignores a config above the project root (package.json), naming it once', () => {
      const { logger, lines } = logged();
      const resolver = new ConfigResolver({ readFile: (file) => files[file], rootOf: projectRootFinder(undefined, (file) => markers.has(file)), logger });
      const config = resolver.forFile(path.resolve('/tmp/app/src/deep/a.ts'));
      assert.equal(config.file, undefined, 'the defaults apply');
      assert.equal(config.rules.get('floating-promise')!.severity, 'warning');
      resolver.forFile(path.resolve('/tmp/app/src/b.ts'));
      assert.deepEqual(lines, [
        `Ignored ${planted}: it is above the project root ${path.resolve('/tmp/app')}, so it does not apply to the files there. Put an .async-pitfalls.json into the project if its settings are meant for it.`,
      ]);
    });

    it('lets the packages of a repository share the config at its top', () => {
      const resolver = new ConfigResolver({ readFile: (file) => files[file], rootOf: projectRootFinder(undefined, (file) => markers.has(file)) });
      assert.equal(resolver.forFile(path.resolve('/tmp/mono/packages/web/src/a.ts')).file, path.resolve('/tmp/mono/.async-pitfalls.json'));
    });

    it('without package.json or .git, stops at the working directory (or the file\'s folder outside it)', () => {
      const { logger, lines } = logged();
      const resolver = new ConfigResolver({ readFile: (file) => files[file], rootOf: projectRootFinder(path.resolve('/tmp/loose'), () => false), logger });
      assert.equal(resolver.forFile(path.resolve('/tmp/loose/sub/a.ts')).file, undefined);
      assert.equal(resolver.forFile(path.resolve('/tmp/elsewhere/a.ts')).file, undefined);
      assert.equal(lines.length, 1, 'named once');
    });

    it('in the editor, stops at the outermost workspace folder holding the file', () => {
      const { logger, lines } = logged();
      const folders = [path.resolve('/tmp/mono/packages/web'), path.resolve('/tmp/ws')];
      const resolver = new ConfigResolver({
        readFile: (file) => files[file],
        rootOf: workspaceRootFinder(() => folders, projectRootFinder(undefined, (file) => markers.has(file))),
        logger,
      });
      assert.equal(resolver.forFile(path.resolve('/tmp/mono/packages/web/src/a.ts')).file, undefined, 'the repository top is above the folder');
      assert.equal(resolver.forFile(path.resolve('/tmp/ws/a.ts')).file, undefined);
      assert.equal(resolver.forFile(path.resolve('/tmp/mono/other/a.ts')).file, path.resolve('/tmp/mono/.async-pitfalls.json'), 'outside the folders: the project root');
      assert.equal(lines.length, 2);
      assert.match(lines[0], /Ignored .*mono.\.async-pitfalls\.json: it is above the project root .*web/);
      assert.match(lines[1], /Ignored .*tmp.\.async-pitfalls\.json: it is above the project root .*ws/);
    });

    it('accepts "root": true and rejects a root that is not a boolean', () => {
      assert.deepEqual(parseConfig(FILE, '{ "root": true }').problems, []);
      assert.deepEqual(parseConfig(FILE, '{ "root": "yes" }').problems.map((p) => `${p.key} ${p.message}`), ['root must be true or false']);
    });
  });

  describe('ignore globs', () => {
    it('rejects a pathological pattern quickly, naming the file and key, and keeps the rest', () => {
      const pattern = '**/*a*a*a*a*a*a*a*a*a*a*a*a*b';
      const started = performance.now();
      const config = parseConfig(FILE, JSON.stringify({ rules: { 'floating-promise': 'error' }, ignore: ['dist/**', pattern] }));
      assert.ok(!config.isIgnored(path.resolve(`/project/${'a'.repeat(60)}`)));
      assert.ok(performance.now() - started < 1000);
      assert.deepEqual(config.problems.map((p) => `${p.file} ${p.key}`), [`${FILE} ignore[1]`]);
      assert.match(config.problems[0].message, /more than 8 wildcards/);
      assert.ok(config.isIgnored(path.resolve('/project/dist/a.js')), 'the other patterns apply');
      assert.equal(config.rules.get('floating-promise')!.severity, 'error', 'the other settings apply');
    });
  });
});
