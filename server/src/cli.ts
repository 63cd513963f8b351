#!/usr/bin/env node
import { answerHelpOrVersion, parseArgs } from './cli/args';
import { replayLastRun, usesFastPath } from './cli/fastPath';
import type * as Engine from './cli/run';

// The entry stays small: TypeScript and the engine load only for a run that cannot be answered without
// them (the bundler puts cli/run in a bundle of its own, dist/cli-engine.js).
const started = performance.now();
const argv = process.argv.slice(2);
const io = {
  cwd: process.cwd(),
  stdout: (text: string) => process.stdout.write(text),
  stderr: (text: string) => process.stderr.write(text),
  isTTY: process.stdout.isTTY === true,
};

process.exitCode = answerWithoutEngine() ?? engine().runCli(argv, io);

/** The exit code of a run answered here (help, version, the replay of an unchanged cached run), else undefined. */
function answerWithoutEngine(): number | undefined {
  let options;
  try {
    options = parseArgs(argv);
  } catch {
    // The engine's run reports the usage error.
    return undefined;
  }
  return answerHelpOrVersion(options, io.stdout) ?? (usesFastPath(options) ? replayLastRun(options, io, started) : undefined);
}

function engine(): typeof Engine {
  // Loaded only when needed: it brings TypeScript.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('./cli/run') as typeof Engine;
}
