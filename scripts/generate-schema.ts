// Writes the files derived from the rule registry (server/src/rules/index.ts): the JSON schema of
// .async-pitfalls.json and the rule-id enums of the editor settings in package.json. Run by
// `npm run generate` (and so by `npm run build`); `--check` writes nothing and fails when a committed
// file differs from what it would write (test/registry.test.ts checks the same).
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { configSchema } from '../server/src/config/schema';
import { ALL_RULE_IDS } from '../server/src/rules';

const root = path.resolve(__dirname, '..');

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

/** Each generated file (relative to the repository root) and the text it must have. */
export function generatedRuleFiles(): Record<string, string> {
  return {
    'schemas/async-pitfalls.schema.json': `${JSON.stringify(configSchema(), null, 2)}\n`,
    'package.json': generatedPackageJson(readFileSync(path.join(root, 'package.json'), 'utf8')),
  };
}

if (require.main === module) {
  const check = process.argv.includes('--check');
  const stale: string[] = [];
  for (const [file, text] of Object.entries(generatedRuleFiles())) {
    const absolute = path.join(root, file);
    if (readFileSync(absolute, 'utf8') === text) continue;
    if (check) stale.push(file);
    else writeFileSync(absolute, text);
  }
  if (stale.length > 0) {
    console.error(`Out of date with the rule registry: ${stale.join(', ')}. Run \`npm run generate\`.`);
    process.exitCode = 1;
  }
}
