import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ESLINT_CONFIG } from './corpus';

/** A published package that ships its TypeScript sources, type-checked with its real dependencies. */
export const REAL_PACKAGE = { name: 'puppeteer-core', version: '25.16.0' };
/** Declarations the sources need that the package does not depend on at run time. */
const EXTRA_TYPES = { '@types/ws': '8.18.2' };

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    lib: ['ES2023', 'ESNext.Disposable', 'DOM', 'DOM.Iterable'],
    types: ['node'],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  },
  include: ['src'],
};

export interface RealCorpus {
  root: string;
  files: number;
  lines: number;
}

/**
 * Installs the package and its dependencies from the registry into `parent`/<name>-<version> (once),
 * then lays out its src/ (and the vendored third_party/ declarations it imports) as a project of its own.
 */
export function installRealPackage(parent: string, ourConfig: string, log: (line: string) => void): RealCorpus {
  const root = path.join(parent, `${REAL_PACKAGE.name}-${REAL_PACKAGE.version}`);
  const stamp = path.join(root, '.installed');
  if (!fs.existsSync(stamp)) {
    log(`installing ${REAL_PACKAGE.name}@${REAL_PACKAGE.version} from npm into ${path.relative(process.cwd(), root)}`);
    fs.rmSync(root, { recursive: true, force: true });
    fs.mkdirSync(root, { recursive: true });
    const dependencies = { [REAL_PACKAGE.name]: REAL_PACKAGE.version, ...EXTRA_TYPES };
    fs.writeFileSync(path.join(root, 'package.json'), `${JSON.stringify({ name: 'bench-real-package', private: true, type: 'module', dependencies }, null, 2)}\n`);
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    execFileSync(npm, ['install', '--no-audit', '--no-fund', '--ignore-scripts', '--no-package-lock', '--loglevel=error'], { cwd: root, stdio: 'inherit' });
    const installed = path.join(root, 'node_modules', REAL_PACKAGE.name);
    const shipped = path.join(installed, 'src');
    if (!fs.existsSync(shipped)) throw new Error(`${REAL_PACKAGE.name}@${REAL_PACKAGE.version} does not ship src/`);
    fs.cpSync(shipped, path.join(root, 'src'), { recursive: true });
    // The sources import ../../third_party/*.js, which the package ships compiled under lib/.
    const thirdParty = path.join(installed, 'lib', 'third_party');
    if (fs.existsSync(thirdParty)) fs.cpSync(thirdParty, path.join(root, 'third_party'), { recursive: true });
    fs.writeFileSync(path.join(root, 'tsconfig.json'), `${JSON.stringify(TSCONFIG, null, 2)}\n`);
    fs.writeFileSync(path.join(root, 'eslint.config.mjs'), ESLINT_CONFIG);
    fs.writeFileSync(stamp, new Date().toISOString());
  }
  fs.writeFileSync(path.join(root, '.async-pitfalls.json'), ourConfig);
  let files = 0;
  let lines = 0;
  for (const entry of fs.readdirSync(path.join(root, 'src'), { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.ts$/.test(entry.name) || /\.d\.ts$/.test(entry.name)) continue;
    files++;
    lines += fs.readFileSync(path.join(entry.parentPath, entry.name), 'utf8').split('\n').length;
  }
  return { root, files, lines };
}
