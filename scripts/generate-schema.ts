// Writes the files derived from the rule registry (server/src/rules/index.ts): the JSON schema of
// .async-pitfalls.json, the rule-id enums of the editor settings in package.json, the README's rule
// table (from each rule's meta.summary) and the end-to-end fixture of each rule that has no hand-written
// one (scripts/generate-e2e-fixtures.ts); it deletes the generated fixture of a rule no longer registered.
// Run by `npm run generate` (and so by `npm run build`); `--check` writes nothing and fails when a
// committed file differs from what it would write (test/registry.test.ts checks the same).
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { configSchema } from '../server/src/config/schema';
import { ALL_RULE_IDS, rules } from '../server/src/rules';
import { generatedFixtures, orphanedFixtures } from './generate-e2e-fixtures';

const root = path.resolve(__dirname, '..');
const FIXTURES = 'test/e2e/workspace/rules';

/** A file of the repository, or undefined when it does not exist. */
function readRepoFile(file: string): string | undefined {
  const absolute = path.join(root, file);
  return existsSync(absolute) ? readFileSync(absolute, 'utf8') : undefined;
}

interface SettingsProperties {
  'asyncPitfalls.rules': { propertyNames: { enum: string[] } };
  'asyncPitfalls.codeActionsOnSave.rules': { items: { enum: string[] }; default: string[] };
}

/** package.json with every list of rule ids in the editor settings set to the registry's ids. */
export function generatedPackageJson(current: string): string {
  const manifest = JSON.parse(current) as { contributes: { configuration: { properties: SettingsProperties } } };
  const properties = manifest.contributes.configuration.properties;
  properties['asyncPitfalls.rules'].propertyNames.enum = [...ALL_RULE_IDS];
  properties['asyncPitfalls.codeActionsOnSave.rules'].items.enum = [...ALL_RULE_IDS];
  properties['asyncPitfalls.codeActionsOnSave.rules'].default = [...ALL_RULE_IDS];
  return `${JSON.stringify(manifest, null, 2)}\n`;
}

const TABLE_START = "<!-- rule table: written by `npm run generate` from each rule's meta.summary -->";
const TABLE_END = '<!-- end of rule table -->';

/** The README with the rule table between its markers written from the rules' summaries, one row per rule. */
export function generatedReadme(current: string): string {
  const start = current.indexOf(TABLE_START);
  const end = current.indexOf(TABLE_END);
  if (start < 0 || end < start) throw new Error(`README.md: the rule table's markers are missing (${TABLE_START} ... ${TABLE_END})`);
  const rows = rules.map((rule) => `| [\`${rule.meta.id}\`](docs/rules/${rule.meta.id}.md) | ${rule.meta.summary.finds} | ${rule.meta.summary.fixes} |`);
  const table = ['| rule | what it finds | fixes |', '|---|---|---|', ...rows].join('\n');
  return `${current.slice(0, start + TABLE_START.length)}\n${table}\n${current.slice(end)}`;
}

/** Each generated file (relative to the repository root) and the text it must have. */
export function generatedRuleFiles(): Record<string, string> {
  return {
    'schemas/async-pitfalls.schema.json': `${JSON.stringify(configSchema(), null, 2)}\n`,
    'package.json': generatedPackageJson(readFileSync(path.join(root, 'package.json'), 'utf8')),
    'README.md': generatedReadme(readFileSync(path.join(root, 'README.md'), 'utf8')),
    ...generatedFixtures(readRepoFile),
  };
}

/** Generated files to delete: the generated end-to-end fixtures of rules no longer registered. */
export function orphanedRuleFiles(): string[] {
  return orphanedFixtures(readdirSync(path.join(root, FIXTURES)), readRepoFile);
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const [file, text] of Object.entries(generatedRuleFiles())) {
    if (readRepoFile(file) === text) continue;
    if (check) stale.push(file);
    else writeFileSync(path.join(root, file), text);
  }
  for (const file of orphanedRuleFiles()) {
    if (check) stale.push(`${file} (its rule is gone)`);
    else rmSync(path.join(root, file));
  }
  if (stale.length > 0) {
    console.error(`Out of date with the rule registry: ${stale.join(', ')}. Run \`npm run generate\`.`);
    process.exitCode = 1;
  }
}
