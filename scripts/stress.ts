// A long scripted editing session through the LSP (`npm run stress`): 10,000 edits across 50 files at
// typing speed and in bursts. At the end every open file's last diagnostics must be for its last
// version and equal a fresh analysis of its final text; memory after the run must be within 20% of
// the memory after the first 1,000 edits; open projects and pending timers must not grow.
/* async-pitfalls-disable blocking-call */
// A test script: setting up its files and projects synchronously is simplest, and nothing else shares the process.
import * as assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { Linter } from '../server/src/engine/linter';
import { silentLogger } from '../server/src/base/logger';
import { TestLspClient } from '../test/helpers/lspClient';
import type { ServerStats } from '../server/src/protocol';
import { tempProject } from '../test/helpers/tempProject';

const FILES = 50;
const EDITS = Number(process.env.STRESS_EDITS ?? 10000);
const TYPING_DELAY_MS = 12;

function fileText(index: number, variant: number): string {
  const next = (index + 1) % FILES;
  const body = variant % 3 === 0 ? '  save(id);' : variant % 3 === 1 ? '  await save(id);' : '  void save(id);';
  return [
    `import { save as saveNext } from './file${next}';`,
    `export async function save(id: string): Promise<void> {`,
    `  if (id.length > ${index}) await saveNext(id.slice(1));`,
    `}`,
    `export async function run${index}(id: string): Promise<void> {`,
    body,
    `  // edit ${variant}`,
    `}`,
    '',
  ].join('\n');
}

async function main(): Promise<void> {
  const files: Record<string, string> = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { target: 'ES2022', strict: true, module: 'ESNext', moduleResolution: 'Bundler' }, include: ['src'] }),
  };
  for (let i = 0; i < FILES; i++) files[`src/file${i}.ts`] = fileText(i, 0);
  const project = tempProject(files);
  const client = new TestLspClient(['--expose-gc']);
  const started = performance.now();
  try {
    await client.initialize(pathToFileURL(project.root).toString());
    const uris = Array.from({ length: FILES }, (_, i) => pathToFileURL(project.file(`src/file${i}.ts`)).toString());
    const versions = uris.map(() => 1);
    const variants = uris.map(() => 0);
    // One at a time, as an editor opens them.
    // async-pitfalls-disable-next-line sequential-await -- the opening order is part of the scenario
    for (let i = 0; i < FILES; i++) await client.open(uris[i], fileText(i, 0));
    await client.until(() => uris.every((uri) => client.allPublished.some((p) => p.uri === uri)), 'first diagnostics of every file', 120000);

    let baseline: ServerStats | undefined;
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let edit = 1; edit <= EDITS; edit++) {
      // Mostly one file at a time (typing), sometimes a burst that jumps between files.
      const index = random() < 0.8 ? Math.floor(edit / 200) % FILES : Math.floor(random() * FILES);
      variants[index]++;
      versions[index]++;
      await client.change(uris[index], versions[index], fileText(index, variants[index]));
      const burst = Math.floor(edit / 500) % 2 === 1;
      if (!burst) await new Promise((resolve) => setTimeout(resolve, TYPING_DELAY_MS));
      if (edit === 1000) {
        await settle(client, uris, versions);
        baseline = (await client.connection.sendRequest('asyncPitfalls/stats')) as ServerStats;
        console.log(`after 1,000 edits: ${format(baseline)}`);
      }
      if (edit % 2000 === 0) console.log(`${edit} edits, ${((performance.now() - started) / 1000).toFixed(1)} s`);
    }
    await settle(client, uris, versions);
    const final = (await client.connection.sendRequest('asyncPitfalls/stats')) as ServerStats;
    console.log(`after ${EDITS.toLocaleString('en')} edits: ${format(final)}`);

    // No stale diagnostics: each file's last published diagnostics are for its last version and match a fresh analysis.
    const linter = new Linter(silentLogger);
    for (let i = 0; i < FILES; i++) {
      const last = client.allPublished.filter((p) => p.uri === uris[i]).at(-1)!;
      assert.equal(last.version, versions[i], `file${i}: last diagnostics are for version ${last.version}, not ${versions[i]}`);
      const filePath = project.file(`src/file${i}.ts`);
      linter.workspace.openDocument(filePath, fileText(i, variants[i]));
    }
    for (let i = 0; i < FILES; i++) {
      const expected = linter.lint(project.file(`src/file${i}.ts`))!.findings.length;
      const last = client.allPublished.filter((p) => p.uri === uris[i]).at(-1)!;
      assert.equal(last.diagnostics.length, expected, `file${i}: ${last.diagnostics.length} diagnostics, a fresh analysis finds ${expected}`);
    }
    assert.ok(baseline);
    const growth = final.heapUsedBytes / baseline.heapUsedBytes;
    console.log(`heap growth after the first 1,000 edits: ${((growth - 1) * 100).toFixed(1)}%`);
    assert.ok(growth <= 1.2, `heap grew by ${((growth - 1) * 100).toFixed(1)}% (limit 20%)`);
    assert.equal(final.projects, baseline.projects, 'open projects');
    assert.equal(final.pendingAnalyses, 0, 'pending analysis timers');
    console.log(`stress passed: ${EDITS} edits over ${FILES} files in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  } finally {
    await client.stop();
    project.dispose();
  }
}

/** Waits until every file's newest version has been analyzed and nothing is pending. */
async function settle(client: TestLspClient, uris: string[], versions: number[]): Promise<void> {
  await client.until(
    () => uris.every((uri, i) => client.allPublished.some((p) => p.uri === uri && p.version === versions[i])),
    'diagnostics for every file\'s newest version',
    300000,
  );
  await new Promise((resolve) => setTimeout(resolve, 1000));
}

function format(stats: ServerStats): string {
  return `heap ${(stats.heapUsedBytes / 1048576).toFixed(1)} MB, rss ${(stats.rssBytes / 1048576).toFixed(1)} MB, ${stats.projects} project(s), ${stats.openDocuments} open, ${stats.pendingAnalyses} pending`;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
