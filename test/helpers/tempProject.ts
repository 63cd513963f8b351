import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** A throw-away folder with the given files (paths relative to it). Removed by `dispose()`. */
export function tempProject(files: Record<string, string>): { root: string; file(name: string): string; dispose(): void } {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'async-pitfalls-test-')));
  for (const [name, text] of Object.entries(files)) {
    const full = path.join(root, name);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
  }
  return {
    root,
    file: (name) => path.join(root, name),
    dispose: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

export const repositoryRoot = path.resolve(__dirname, '../..');
export const builtCli = path.join(repositoryRoot, 'dist/cli.js');
export const builtServer = path.join(repositoryRoot, 'dist/server.js');
