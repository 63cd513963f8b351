import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { type CorpusPackage, RESOLVE_BEFORE } from './packages';

const run = promisify(execFile);
const STAMP = '.ecosystem-install.json';
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

/** Where a package of the corpus lives: its own folder, with its dependencies in node_modules beside its code. */
export function packageRoot(corpusRoot: string, pkg: CorpusPackage): string {
  return path.join(corpusRoot, pkg.name);
}

/** What a finished install of `pkg` records, so a later run reuses it only when nothing pinned changed. */
function stampOf(pkg: CorpusPackage): string {
  return JSON.stringify({ name: pkg.name, version: pkg.version, types: pkg.types, before: RESOLVE_BEFORE });
}

export function isInstalled(corpusRoot: string, pkg: CorpusPackage): boolean {
  try {
    return fs.readFileSync(path.join(packageRoot(corpusRoot, pkg), STAMP), 'utf8') === stampOf(pkg);
  } catch {
    return false;
  }
}

/**
 * Installs `pkg` from the registry into <corpusRoot>/<name>: npm installs it with its runtime dependencies
 * (and the pinned declarations) into a scratch project, then the package's own files move to the folder's
 * root, next to the node_modules that holds its dependencies. The CLI skips node_modules, so this is the
 * only way to analyze the package with its imports resolving. Idempotent: a finished install is kept.
 */
export async function installPackage(corpusRoot: string, pkg: CorpusPackage, log: (line: string) => void): Promise<'reused' | 'installed'> {
  if (isInstalled(corpusRoot, pkg)) return 'reused';
  const root = packageRoot(corpusRoot, pkg);
  const started = Date.now();
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  const manifest = { name: 'ecosystem-install', private: true, dependencies: { [pkg.name]: pkg.version, ...pkg.types } };
  fs.writeFileSync(path.join(root, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await run(npm, ['install', '--ignore-scripts', '--omit=dev', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', `--before=${RESOLVE_BEFORE}`], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  const installed = path.join(root, 'node_modules', ...pkg.name.split('/'));
  const scratch = path.join(corpusRoot, `.moving-${pkg.name.replace(/\//g, '+')}`);
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.renameSync(installed, scratch);
  fs.rmSync(path.join(root, 'package.json'));
  for (const entry of fs.readdirSync(scratch)) {
    const from = path.join(scratch, entry);
    if (entry !== 'node_modules') {
      fs.renameSync(from, path.join(root, entry));
      continue;
    }
    // Dependencies npm could not hoist (another version is at the top) are the ones this package asked for.
    for (const dependency of fs.readdirSync(from)) {
      const target = path.join(root, 'node_modules', dependency);
      if (dependency.startsWith('@')) {
        fs.mkdirSync(target, { recursive: true });
        for (const scoped of fs.readdirSync(path.join(from, dependency))) {
          fs.rmSync(path.join(target, scoped), { recursive: true, force: true });
          fs.renameSync(path.join(from, dependency, scoped), path.join(target, scoped));
        }
      } else {
        fs.rmSync(target, { recursive: true, force: true });
        fs.renameSync(path.join(from, dependency), target);
      }
    }
  }
  fs.rmSync(scratch, { recursive: true, force: true });
  fs.writeFileSync(path.join(root, STAMP), stampOf(pkg));
  log(`installed ${pkg.name}@${pkg.version} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return 'installed';
}

/** Installs every package, a few at a time (npm mostly waits on the network). */
export async function installCorpus(corpusRoot: string, packages: readonly CorpusPackage[], log: (line: string) => void, parallel = 3): Promise<void> {
  fs.mkdirSync(corpusRoot, { recursive: true });
  // Every rule at its default severity, and no config from a folder above the corpus (this repository's own).
  fs.writeFileSync(path.join(corpusRoot, '.async-pitfalls.json'), '{}\n');
  const queue = [...packages];
  const worker = async (): Promise<void> => {
    for (let pkg = queue.shift(); pkg; pkg = queue.shift()) await installPackage(corpusRoot, pkg, log);
  };
  await Promise.all(Array.from({ length: Math.min(parallel, packages.length) }, worker));
}

/**
 * Each package's own config: every rule at its default severity, and its generated files ignored. The
 * package root is the config root of its files (it holds their package.json), so a config above it
 * would not apply.
 */
export function writePackageConfigs(corpusRoot: string, packages: readonly CorpusPackage[]): void {
  for (const pkg of packages) {
    const config = pkg.ignore?.length ? { ignore: pkg.ignore } : {};
    fs.writeFileSync(path.join(packageRoot(corpusRoot, pkg), '.async-pitfalls.json'), `${JSON.stringify(config, null, 2)}\n`);
  }
}

/** The source files of a package the CLI analyzes (what the file counts of the report are made of). */
export function sourceFiles(corpusRoot: string, pkg: CorpusPackage): string[] {
  const root = packageRoot(corpusRoot, pkg);
  const out: string[] = [];
  const visit = (relative: string): void => {
    const full = path.join(root, relative);
    const stat = fs.statSync(full);
    if (stat.isDirectory()) {
      for (const entry of fs.readdirSync(full).sort()) if (entry !== 'node_modules') visit(path.posix.join(relative, entry));
    } else if (/\.(?:[cm]?[jt]s|[jt]sx)$/.test(relative) && !/\.d\.[cm]?ts$/.test(relative)) {
      out.push(relative);
    }
  };
  for (const p of pkg.paths) visit(p);
  return out;
}
