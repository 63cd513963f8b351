// The engine's code as the findings cache keys it (server/src/version.ts), for the bundler (esbuild.mjs).
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The modules that both the language server's and the CLI's engine bundles hold, sorted (paths relative to the repository). */
export async function engineInputs() {
  const inputsOf = async (entry) => {
    const { metafile } = await esbuild.build({ absWorkingDir: root, entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', write: false, metafile: true, logLevel: 'silent' });
    return new Set(Object.keys(metafile.inputs));
  };
  const [server, cli] = await Promise.all([inputsOf('server/src/server.ts'), inputsOf('server/src/cli/run.ts')]);
  return [...server].filter((file) => cli.has(file)).sort();
}

/**
 * A hash of the engine's modules, path and text: the same for the two bundles built together, so that
 * they share one cache, and another one after any change to the rules, the engine or what they use.
 */
export async function engineCode() {
  const hash = createHash('sha1');
  // A build step that nothing else waits on: reading the files one after the other is simplest.
  // async-pitfalls-disable-next-line blocking-call
  for (const input of await engineInputs()) hash.update(input).update('\0').update(readFileSync(path.join(root, input))).update('\0');
  return hash.digest('hex');
}
