// Bundles the extension client, the language server and the CLI into dist/ (the CLI as its entry and its engine).
import * as esbuild from 'esbuild';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const production = !process.argv.includes('--dev');

/**
 * The engine's code, as the findings cache keys it (server/src/version.ts): a hash of every module that
 * both the language server's and the CLI's engine bundles hold, path and text, so that the two share
 * one cache while they are built from the same engine, and any change to that engine makes a new key.
 */
async function engineCode() {
  const inputsOf = async (entry) => {
    const { metafile } = await esbuild.build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', write: false, metafile: true, logLevel: 'silent' });
    return new Set(Object.keys(metafile.inputs));
  };
  const [server, cli] = await Promise.all([inputsOf('server/src/server.ts'), inputsOf('server/src/cli/run.ts')]);
  const hash = createHash('sha1');
  for (const input of [...server].filter((file) => cli.has(file)).sort()) hash.update(input).update('\0').update(readFileSync(input)).update('\0');
  return hash.digest('hex');
}

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node18',
  format: 'cjs',
  minify: production,
  sourcemap: production ? false : 'inline',
  logLevel: 'warning',
  define: { __ASYNC_PITFALLS_VERSION__: JSON.stringify(version), __ASYNC_PITFALLS_ENGINE_CODE__: JSON.stringify(await engineCode()) },
  legalComments: 'none',
};

// The CLI's entry (dist/cli.js) answers what it can without TypeScript (cli/fastPath.ts) and loads the
// engine, a bundle of its own, when it must run.
/** @type {import('esbuild').Plugin} */
const engineApart = {
  name: 'engine-apart',
  setup(build) {
    build.onResolve({ filter: /^\.\/cli\/run$/ }, (args) =>
      path.basename(args.importer) === 'cli.ts' ? { path: './cli-engine.js', external: true } : undefined,
    );
  },
};

await Promise.all([
  esbuild.build({ ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] }),
  esbuild.build({ ...common, entryPoints: ['server/src/server.ts'], outfile: 'dist/server.js' }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli.ts'], outfile: 'dist/cli.js', plugins: [engineApart] }),
  esbuild.build({ ...common, entryPoints: ['server/src/cli/run.ts'], outfile: 'dist/cli-engine.js' }),
]);

// TypeScript's lib files, beside the bundles that read them (server/src/project/libFiles.ts): those of the
// compiler the engine runs on, the one @ts-morph/common ships.
const { getLibFiles } = createRequire(import.meta.url)('@ts-morph/common');
rmSync('dist/lib', { recursive: true, force: true });
mkdirSync('dist/lib', { recursive: true });
for (const file of getLibFiles()) writeFileSync(`dist/lib/${file.fileName}`, file.text);
