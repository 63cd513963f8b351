import * as assert from 'node:assert/strict';
import { readSettings, validateSettings } from '../server/src/lsp/settings';
import { ALL_RULE_IDS } from '../server/src/rules';
import { CleanExitFilter } from '../client/src/cleanExit';
import type * as vscode from 'vscode';

describe('asyncPitfalls.* settings validation', () => {
  it('accepts the defaults, unset settings and every valid value', () => {
    assert.deepEqual(validateSettings(undefined), []);
    assert.deepEqual(validateSettings({}), []);
    assert.deepEqual(
      validateSettings({ enable: false, run: 'onSave', rules: { 'floating-promise': 'off', 'nested-run': 'error' }, workspaceDiagnostics: true, maxFileTime: 100, codeActionsOnSave: { rules: ['nested-run'] } }),
      [],
    );
  });

  it('names the setting and says what applies instead, for each value readSettings cannot use', () => {
    const raw = {
      enable: 'yes',
      run: 'sometimes',
      rules: { 'floating-promises': 'off', 'nested-run': 'loud', 'missing-timeout': 'hint', 'no-such-rule': 'off' },
      maxFileTime: 5,
      codeActionsOnSave: { rules: ['nested-run', 'sequential-awaits', 7] },
    };
    assert.deepEqual(
      validateSettings(raw).map((problem) => `${problem.setting}: ${problem.message}`),
      [
        'asyncPitfalls.enable: must be true or false; true applies',
        'asyncPitfalls.run: "sometimes" must be "onType" or "onSave"; "onType" applies',
        'asyncPitfalls.maxFileTime: 5 must be a whole number of milliseconds, at least 100; 30000 applies',
        'asyncPitfalls.rules: "floating-promises" is not a known rule id (did you mean "floating-promise"?); it is ignored',
        'asyncPitfalls.rules: "nested-run": "loud" must be one of off, hint, info, warning, error; the severity of the config file (or the default) applies',
        `asyncPitfalls.rules: "no-such-rule" is not a known rule id (known: ${ALL_RULE_IDS.join(', ')}); it is ignored`,
        'asyncPitfalls.codeActionsOnSave.rules: "sequential-awaits" is not a known rule id (did you mean "sequential-await"?); it is ignored',
        'asyncPitfalls.codeActionsOnSave.rules: 7 is not a rule id; it is ignored',
      ],
    );
    // What the messages promise is what readSettings does.
    const read = readSettings(raw);
    assert.equal(read.enable, true);
    assert.equal(read.run, 'onType');
    assert.equal(read.maxFileTime, 30000);
    assert.deepEqual(read.codeActionsOnSave.rules, ['nested-run']);
  });

  it('reads the cache settings: on by default, a folder or the default one', () => {
    assert.deepEqual(validateSettings({ cache: false, cacheLocation: '.cache/pitfalls' }), []);
    assert.deepEqual(validateSettings({ cacheLocation: null }), []);
    assert.deepEqual(
      validateSettings({ cache: 'no', cacheLocation: 3 }).map((problem) => `${problem.setting}: ${problem.message}`),
      ['asyncPitfalls.cache: must be true or false; true applies', 'asyncPitfalls.cacheLocation: must be a folder name; the default folder applies'],
    );
    const read = (raw: unknown) => {
      const settings = readSettings(raw);
      return [settings.cache, settings.cacheLocation];
    };
    assert.deepEqual(read({}), [true, undefined]);
    assert.deepEqual(read({ cache: false, cacheLocation: '.cache/pitfalls' }), [false, '.cache/pitfalls']);
    assert.deepEqual(read({ cache: 'no', cacheLocation: 3 }), [true, undefined]);
    assert.deepEqual(read({ cacheLocation: '  ' }), [true, undefined]);
  });

  it('rejects rules that are not an object', () => {
    assert.deepEqual(validateSettings({ rules: ['floating-promise'] }), [{ setting: 'asyncPitfalls.rules', message: 'must be an object mapping rule ids to severities; it is ignored' }]);
    assert.deepEqual(validateSettings({ codeActionsOnSave: { rules: 'nested-run' } }), [{ setting: 'asyncPitfalls.codeActionsOnSave.rules', message: 'must be a list of rule ids; every rule applies' }]);
  });
});

describe('the output channel the language client writes to', () => {
  function channel(): { lines: string[]; output: vscode.OutputChannel } {
    const lines: string[] = [];
    const output = { name: 'Async Pitfalls', appendLine: (line: string) => lines.push(line), append: (text: string) => lines.push(text) } as unknown as vscode.OutputChannel;
    return { lines, output };
  }
  const EXIT_0 = '[Error - 10:41:07 AM] Server process exited with code 0.';

  it('drops the error line of an exit the extension asked for, once per request', () => {
    const { lines, output } = channel();
    const filter = new CleanExitFilter(output);
    filter.expectCleanExit();
    filter.channel.appendLine(EXIT_0);
    filter.channel.appendLine(EXIT_0);
    assert.deepEqual(lines, ['The server stopped as asked.', EXIT_0], 'a second exit nobody asked for is still an error');
  });

  it('keeps every other line, crashes included, and passes the rest of the channel through', () => {
    const { lines, output } = channel();
    const filter = new CleanExitFilter(output);
    filter.expectCleanExit();
    filter.channel.appendLine('[Error - 10:41:07 AM] Server process exited with code 1.');
    filter.channel.append('text');
    assert.deepEqual(lines, ['[Error - 10:41:07 AM] Server process exited with code 1.', 'text']);
    assert.equal(filter.channel.name, 'Async Pitfalls');
  });
});
