// Lints the bundled examples with the built CLI. The examples contain mistakes on purpose, so
// findings (exit 1) are the expected outcome; only a usage or config error (exit 2) fails.
import { spawnSync } from 'node:child_process';

const result = spawnSync(process.execPath, ['dist/cli.js', 'examples'], { stdio: 'inherit' });
process.exit(result.status === 0 || result.status === 1 ? 0 : (result.status ?? 1));
