// Bundles the extension client, the language server and the CLI into dist/ (the CLI as its entry and its engine).
import * as esbuild from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { engineCode } from './scripts/engine-code.mjs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const production = !process.argv.includes('--dev');

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
