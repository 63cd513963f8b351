import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { ConfigResolver, parseConfig, withSeverityOverrides } from '../../server/src/config/config';

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
      'rules.floating-promise[1].colour: is not an option of floating-promise (known: ignoreVoid, ignoreIIFE, checkThenables, allowForKnownSafeCalls, allowForKnownSafePromises)',
    ]);
  });

  it('reports invalid JSON without throwing', () => {
    const config = parseConfig(FILE, '{ "rules": ');
    assert.equal(config.problems.length, 1);
    assert.match(config.problems[0].message, /not valid JSON/);
    assert.equal(config.rules.get('floating-promise')!.severity, 'warning');
  });

  it('finds the nearest config up the tree and caches it', () => {
    const reads: string[] = [];
    const files: Record<string, string> = {
      [path.resolve('/repo/.async-pitfalls.json')]: JSON.stringify({ rules: { 'floating-promise': 'error' } }),
      [path.resolve('/repo/packages/web/.async-pitfalls.json')]: JSON.stringify({ rules: { 'floating-promise': 'hint' } }),
    };
    const resolver = new ConfigResolver((file) => {
      reads.push(file);
      return files[file];
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
});
