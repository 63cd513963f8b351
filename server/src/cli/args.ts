import { VERSION } from '../version';

export type OutputFormat = 'stylish' | 'json' | 'sarif';

export interface CliOptions {
  paths: string[];
  project: string | undefined;
  format: OutputFormat;
  fix: boolean;
  maxWarnings: number | undefined;
  /** This run's part of the files when a CI matrix splits the work: shard `index` (1-based) of `count`. */
  shard: { index: number; count: number } | undefined;
  /** The longest one file's analysis may take, in milliseconds; none by default, so that results never depend on load. */
  maxFileTime: number | undefined;
  /** Reuse the findings of earlier runs for files whose findings cannot have changed (see engine/cache.ts). */
  cache: boolean;
  /** The cache's folder; default node_modules/.cache/async-pitfalls under the project root. */
  cacheLocation: string | undefined;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

export const USAGE = `Usage: async-pitfalls [paths...] [options]

Finds async mistakes in TypeScript and JavaScript files (default path: .).

Options:
  --project <tsconfig.json>      use this tsconfig for every file (default: the nearest one that includes the file)
  --format stylish|json|sarif    output format (default: stylish)
  --fix                          apply the safe fixes (never unsafe fixes or suppressions: they are
                                 quick fixes in the editor) and report what is left
  --max-warnings <N>             exit with 1 when there are more than N warnings
  --shard <i>/<n>                analyze only the i-th of n parts of the files (1 <= i <= n), for
                                 splitting a CI run across machines: the sorted file list is cut into
                                 n consecutive parts of near-equal size, so the n runs together
                                 report exactly what one run over all the files reports
  --cache                        keep each file's findings and reuse them while nothing they depend on
                                 changed: the file, the files it imports (directly or not), the config,
                                 the tsconfig, the packages installed, the engine (ignored with --fix)
  --cache-location <folder>      where the cache is kept (implies --cache; default:
                                 node_modules/.cache/async-pitfalls in the project root)
  --max-file-time <ms>           stop analyzing a file after this many milliseconds (default: no limit);
                                 a file stopped is reported as an error, and its findings are incomplete
  -h, --help                     show this help
  -v, --version                  show the version

Exit codes: 0 no errors and warnings within --max-warnings; 1 otherwise; 2 usage or config error, an
analysis that did not complete (a rule that failed, a file skipped or stopped; listed in the output), or a
fix that could not be applied (--fix).`;

/** `--help` and `--version` print their text and exit 0, before anything is analyzed; undefined otherwise. */
export function answerHelpOrVersion(options: CliOptions, stdout: (text: string) => void): 0 | undefined {
  if (options.help) stdout(`${USAGE}\n`);
  else if (options.version) stdout(`${VERSION}\n`);
  else return undefined;
  return 0;
}

export function parseArgs(argv: readonly string[]): CliOptions {
  const options: CliOptions = {
    paths: [],
    project: undefined,
    format: 'stylish',
    fix: false,
    maxWarnings: undefined,
    shard: undefined,
    maxFileTime: undefined,
    cache: false,
    cacheLocation: undefined,
    help: false,
    version: false,
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [name, inlineValue] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const next = inlineValue ?? argv[++i];
      if (next === undefined || (inlineValue === undefined && next.startsWith('--'))) throw new UsageError(`${name} needs a value`);
      return next;
    };
    switch (name) {
      case '--project':
      case '-p':
        options.project = value();
        break;
      case '--format':
      case '-f': {
        const format = value();
        if (format !== 'stylish' && format !== 'json' && format !== 'sarif') {
          throw new UsageError(`--format must be stylish, json or sarif, not "${format}"`);
        }
        options.format = format;
        break;
      }
      case '--fix':
        options.fix = true;
        break;
      case '--max-warnings': {
        const text = value();
        const count = Number(text);
        if (!/^\d+$/.test(text) || !Number.isSafeInteger(count)) throw new UsageError(`--max-warnings must be a whole number, not "${text}"`);
        options.maxWarnings = count;
        break;
      }
      case '--shard': {
        const text = value();
        const match = /^(\d+)\/(\d+)$/.exec(text);
        const index = match ? Number(match[1]) : NaN;
        const count = match ? Number(match[2]) : NaN;
        if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count) || index < 1 || index > count) {
          throw new UsageError(`--shard must be <i>/<n> with 1 <= i <= n, not "${text}"`);
        }
        options.shard = { index, count };
        break;
      }
      case '--max-file-time': {
        const text = value();
        const ms = Number(text);
        if (!/^\d+$/.test(text) || !Number.isSafeInteger(ms) || ms < 1) throw new UsageError(`--max-file-time must be a whole number of milliseconds (at least 1), not "${text}"`);
        options.maxFileTime = ms;
        break;
      }
      case '--cache':
        options.cache = true;
        break;
      case '--cache-location':
        options.cacheLocation = value();
        options.cache = true;
        break;
      case '--help':
      case '-h':
        options.help = true;
        break;
      case '--version':
      case '-v':
        options.version = true;
        break;
      default:
        if (arg.startsWith('-') && arg !== '-') throw new UsageError(`unknown option ${arg}`);
        options.paths.push(arg);
    }
  }
  if (options.paths.length === 0) options.paths.push('.');
  return options;
}
