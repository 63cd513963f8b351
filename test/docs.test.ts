import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rules } from '../server/src/rules';
import type { AnyRule } from '../server/src/rules/types';
import { examplesOf, type DocExample } from './helpers/docExamples';
import { runRule } from './helpers/ruleTester';

const DOCS = path.resolve(__dirname, '../docs/rules');

function check(rule: AnyRule, example: Pick<DocExample, 'kind' | 'language' | 'options' | 'code'>, where: string): void {
  const { findings } = runRule(rule, { code: example.code, filename: `example.${example.language}`, options: example.options, node: true });
  const own = findings.filter((finding) => finding.ruleId === rule.meta.id);
  if (example.kind === 'incorrect') assert.ok(own.length > 0, `${where}: expected a finding`);
  else assert.deepEqual(own.map((f) => f.message), [], `${where}: expected no finding`);
}

describe('rule documentation', () => {
  it('every rule has a page and every page a rule', () => {
    const pages = fs.readdirSync(DOCS).filter((name) => name.endsWith('.md')).map((name) => name.slice(0, -3)).sort();
    assert.deepEqual(pages, rules.map((rule) => rule.meta.id).sort());
  });

  for (const rule of rules) {
    describe(rule.meta.id, () => {
      // A missing page fails here, not the whole run (reading it would throw while the tests are collected).
      const file = path.join(DOCS, `${rule.meta.id}.md`);
      if (!fs.existsSync(file)) {
        it('has a page', () => assert.fail(`docs/rules/${rule.meta.id}.md does not exist`));
        return;
      }
      const page = fs.readFileSync(file, 'utf8');
      const examples = examplesOf(page);

      it('states the rule description, every option and every fix', () => {
        assert.ok(page.startsWith(`# ${rule.meta.id}\n`), 'title is the rule id');
        assert.ok(page.includes(rule.meta.description), 'description is quoted');
        for (const option of Object.keys(rule.meta.options)) assert.ok(page.includes(`\`${option}\``), `option ${option} is documented`);
        for (const fix of Object.values(rule.meta.fixes) as { title: string }[]) {
          assert.ok(page.includes(fix.title), `fix "${fix.title}" is documented`);
        }
        assert.ok(examples.some((e) => e.kind === 'incorrect') && examples.some((e) => e.kind === 'correct'), 'has both kinds of examples');
      });

      for (const example of examples) {
        it(`${example.kind} example at line ${example.line}`, () => check(rule, example, `docs/rules/${rule.meta.id}.md:${example.line}`));
      }

      it('meta examples behave as labelled', () => {
        check(rule, { kind: 'incorrect', language: 'ts', options: undefined, code: rule.meta.examples.incorrect }, 'meta.examples.incorrect');
        check(rule, { kind: 'correct', language: 'ts', options: undefined, code: rule.meta.examples.correct }, 'meta.examples.correct');
      });
    });
  }
});
