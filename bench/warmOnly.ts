/**
 * `npx tsx bench/warmOnly.ts [--cli dist/cli.js] [--runs N] [--corpora gen-1000,typeorm=<folder>]`: only the
 * warm rows of the bench (the CLI with --cache: no change, one body changed, one exported signature
 * changed), on a generated corpus and, given its folder, a copy of a JavaScript package such as
 * typeorm's CommonJS build (the copy is edited and restored). Prints a line per run and a summary.
 */
/* async-pitfalls-disable blocking-call, sequential-await */
// A benchmark runs its measurements one after another: blocking file calls and awaits in loops are what it wants.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CORPUS } from '../ecosystem/packages';
import { rules } from '../server/src/rules';
import { writeCorpus } from './corpus';
import { summarize } from './measure';
import { runWarm } from './warm';

const REPO = path.resolve(__dirname, '..');
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : args[at + 1];
};
const cli = path.resolve(option('--cli', path.join(REPO, 'dist', 'cli.js')));
const runs = Number(option('--runs', '3'));
const corpora = option('--corpora', 'gen-1000').split(',');
const work = path.join(REPO, 'bench', '.corpora');
const log = (line: string) => process.stderr.write(`[warm] ${line}\n`);

/** The rules the main bench compares with peers (bench/run.ts): the others are off, as there. */
const COMPARED = new Set(['floating-promise', 'misused-promise', 'await-non-promise', 'sequential-await', 'nested-run', 'blocking-call']);

async function main(): Promise<void> {
  log(`load average ${os.loadavg().map((load) => load.toFixed(2)).join(' ')}, ${os.cpus().length} CPUs, CLI ${path.relative(process.cwd(), cli)}`);
  const outDir = path.join(work, '.out');
  fs.mkdirSync(outDir, { recursive: true });
  for (const corpus of corpora) {
    const [name, folder] = corpus.split('=');
    let root: string;
    let paths = ['src'];
    let javaScript = false;
    if (folder === undefined) {
      const spec = { 'gen-100': { files: 100, seed: 100 }, 'gen-1000': { files: 1000, seed: 1000, bigFileLines: 2000 } }[name];
      if (!spec) throw new Error(`unknown corpus ${name}`);
      const config = `${JSON.stringify({ rules: Object.fromEntries(rules.map((rule) => [rule.meta.id, COMPARED.has(rule.meta.id) ? 'warning' : 'off'])) }, null, 2)}\n`;
      root = writeCorpus(path.join(work, name), { name, ...spec }, config).root;
    } else {
      root = path.resolve(folder);
      // What the ecosystem check analyzes of the package (its own code, the default config).
      const known = CORPUS.find((pkg) => pkg.name === name);
      if (!known) throw new Error(`${name} is not a package of the ecosystem corpus`);
      paths = [...known.paths];
      javaScript = true;
    }
    const result = await runWarm(cli, name, root, path.join(work, '.cache', name), outDir, runs, log, paths, javaScript);
    const median = (runs: { wallMs: number; cpuMs: number }[]) => {
      if (runs.length === 0) return 'n/a';
      const wall = summarize(runs.map((run) => run.wallMs));
      const cpu = summarize(runs.map((run) => run.cpuMs));
      return `${(wall.median / 1000).toFixed(2)} s wall (${(wall.min / 1000).toFixed(2)}-${(wall.max / 1000).toFixed(2)}), ${(cpu.median / 1000).toFixed(2)} s CPU`;
    };
    log(`${name} (${result.edited}): filling ${median(result.filling)}; no change ${median(result.noChange)}; one body changed ${median(result.bodyChanged)}; one exported signature changed ${median(result.signatureChanged)}`);
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exit(1);
});
