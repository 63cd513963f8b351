// The snippets as users get them: the committed snippets/*.json, expanded the way VS Code expands them,
// checked by the TypeScript compiler under strict, and run to prove that the patterns do what they say.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { threadId as mainThreadId } from 'node:worker_threads';
import * as ts from 'typescript';
import {
  generatedSnippetFiles,
  regionOf,
  SNIPPET_FILES,
  snippetDefinitions,
  spliceRegion,
  withoutMarkers,
  type SnippetDefinition,
  type SnippetLanguage,
} from '../scripts/generate-snippets';
import { PATTERN_SOURCES } from '../server/src/patterns/sources';
import { expandSnippet, parseSnippet, walkSnippet, type ExpandOptions } from './helpers/snippetGrammar';

const root = path.resolve(__dirname, '..');
const LANGUAGES: SnippetLanguage[] = ['typescript', 'javascript'];
/** The toolbox of issue 7: each must be there, under exactly this prefix. */
const REQUIRED_PREFIXES = ['gather', 'gather-settled', 'semaphore', 'map-limit', 'timeout', 'with-timeout', 'cancel', 'queue', 'worker', 'retry', 'sleep', 'async-main'];

const definitions = snippetDefinitions();
const byPrefix = new Map(definitions.map((definition) => [definition.prefix, definition]));

interface SnippetJson {
  prefix: string;
  description: string;
  body: string[];
}
const committed = Object.fromEntries(
  LANGUAGES.map((language) => [language, JSON.parse(fs.readFileSync(path.join(root, SNIPPET_FILES[language]), 'utf8')) as Record<string, SnippetJson>]),
) as Record<SnippetLanguage, Record<string, SnippetJson>>;

/** The committed body of a snippet, as VS Code reads it (lines joined with newlines). */
function bodyOf(definition: SnippetDefinition, language: SnippetLanguage): string {
  const snippet = committed[language][definition.name] as SnippetJson | undefined;
  assert.ok(snippet, `${SNIPPET_FILES[language]} has no snippet named "${definition.name}"`);
  return snippet.body.join('\n');
}

/** The snippet's source module with its region replaced by the expanded committed body. */
function expandedModule(definition: SnippetDefinition, language: SnippetLanguage, options?: ExpandOptions): string {
  return spliceRegion(definition[language].module, expandSnippet(bodyOf(definition, language), options));
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'async-pitfalls-snippets-'));
let written = 0;

/** Writes the expanded module as an ES module to run: TypeScript is compiled by TypeScript, JavaScript runs as is. */
async function writeRunnable(prefix: string, language: SnippetLanguage, options?: ExpandOptions): Promise<string> {
  const module = expandedModule(byPrefix.get(prefix)!, language, options);
  const code =
    language === 'typescript'
      ? ts.transpileModule(module, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText
      : module;
  const file = path.join(scratch, `${prefix}.${language}.${written++}.mjs`);
  await fs.promises.writeFile(file, code);
  return file;
}

async function load<T>(prefix: string, language: SnippetLanguage, options?: ExpandOptions): Promise<T> {
  return (await import(pathToFileURL(await writeRunnable(prefix, language, options)).href)) as T;
}

/**
 * Follows the timers made with the global setTimeout while it runs: `pending()` counts those neither
 * fired nor cleared, the ones that would keep a process alive after the work is done.
 */
function trackTimers(): { pending(): number; restore(): void } {
  const original = { setTimeout: globalThis.setTimeout, clearTimeout: globalThis.clearTimeout };
  const live = new Set<unknown>();
  const tracked = (callback: (...args: unknown[]) => void, ms?: number, ...args: unknown[]): NodeJS.Timeout => {
    const timer = original.setTimeout(
      (...values: unknown[]) => {
        live.delete(timer);
        callback(...values);
      },
      ms,
      ...args,
    );
    live.add(timer);
    return timer;
  };
  globalThis.setTimeout = tracked as unknown as typeof setTimeout;
  globalThis.clearTimeout = ((timer?: NodeJS.Timeout | string | number) => {
    live.delete(timer);
    original.clearTimeout(timer);
  }) as typeof clearTimeout;
  return {
    pending: () => live.size,
    restore: () => Object.assign(globalThis, original),
  };
}

function isTimeoutError(error: unknown): boolean {
  return error instanceof Error && error.name === 'TimeoutError';
}

function isAbortError(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

after(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('snippets', () => {
  it('snippets/*.json are generated from server/src/snippets (run `npm run build`)', () => {
    for (const [file, text] of Object.entries(generatedSnippetFiles(definitions))) {
      assert.equal(fs.readFileSync(path.join(root, file), 'utf8'), text, `${file} is out of date`);
    }
  });

  it('package.json contributes them to TypeScript, TSX, JavaScript and JSX', () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
      contributes: { snippets?: { language: string; path: string }[] };
    };
    const contributed = (manifest.contributes.snippets ?? []).map(({ language, path: file }) => `${language} ${path.posix.normalize(file)}`).sort();
    assert.deepEqual(contributed, [
      `javascript ${SNIPPET_FILES.javascript}`,
      `javascriptreact ${SNIPPET_FILES.javascript}`,
      `typescript ${SNIPPET_FILES.typescript}`,
      `typescriptreact ${SNIPPET_FILES.typescript}`,
    ]);
  });

  it('cover the whole toolbox, with prefixes that start with the pattern name', () => {
    for (const prefix of REQUIRED_PREFIXES) assert.ok(byPrefix.has(prefix), `no snippet with prefix ${prefix}`);
    for (const { prefix } of definitions) {
      assert.match(prefix, /^[a-z]+(?:-[a-z]+)*$/);
      assert.ok(REQUIRED_PREFIXES.some((required) => prefix.startsWith(required.split('-')[0])), `${prefix} starts with no pattern's name`);
    }
  });

  it('are all listed in docs/snippets.md', () => {
    const page = fs.readFileSync(path.join(root, 'docs/snippets.md'), 'utf8');
    const listed = [...page.matchAll(/^\| `([a-z-]+)` \|/gm)].map((match) => match[1]).sort();
    assert.deepEqual(listed, definitions.map((d) => d.prefix).sort());
  });

  it('map-limit inserts exactly the code the unbounded-fan-out fix inserts', () => {
    const expanded = expandSnippet(bodyOf(byPrefix.get('map-limit')!, 'typescript'));
    assert.equal(tabsToSpaces(expanded) + '\n', PATTERN_SOURCES.mapWithConcurrency);
  });

  it('with-timeout and semaphore insert the shared pattern code too', () => {
    assert.equal(tabsToSpaces(expandSnippet(bodyOf(byPrefix.get('with-timeout')!, 'typescript'))) + '\n', PATTERN_SOURCES.withTimeout);
    assert.ok(tabsToSpaces(expandSnippet(bodyOf(byPrefix.get('semaphore')!, 'typescript'))).startsWith(PATTERN_SOURCES.semaphore));
  });

  for (const definition of definitions) {
    describe(definition.prefix, () => {
      it('has a description that says when to use it', () => {
        for (const language of LANGUAGES) assert.equal(committed[language][definition.name].description, definition.description);
        assert.match(definition.description, /\bUse it\b/);
        assert.ok(definition.description.length <= 500, 'a description that fits in the completion details');
      });

      for (const language of LANGUAGES) {
        it(`${language}: tab stops count up from 1 in the order they come, each with a default`, () => {
          const order: number[] = [];
          let finals = 0;
          walkSnippet(parseSnippet(bodyOf(definition, language)), (node) => {
            if (node.kind === 'text' || node.kind === 'variable') return;
            if (node.index === 0) {
              finals++;
              return;
            }
            if (!order.includes(node.index)) {
              assert.notEqual(node.kind, 'tabstop', `$${node.index} comes before the placeholder that gives it a default`);
              order.push(node.index);
            }
          });
          assert.deepEqual(order, order.map((_, i) => i + 1));
          assert.ok(finals <= 1, 'at most one $0');
        });

        it(`${language}: indents with tabs only, which VS Code turns into the file's indentation`, () => {
          for (const [index, line] of committed[language][definition.name].body.entries()) {
            const indent = /^[ \t]*/.exec(line)![0];
            // A JSDoc continuation keeps the one space that aligns its `*`.
            const allowed = /^\t* \*/.test(line) ? /^\t* $/ : /^\t*$/;
            assert.match(indent, allowed, `line ${index + 1} is indented with spaces: ${JSON.stringify(line)}`);
          }
        });

        it(`${language}: expands with its defaults to the code of its source`, () => {
          const { indent, text } = regionOf(definition[language].module);
          const expected = withoutMarkers(text)
            .replace(/^\n+|\n+$/g, '')
            .split('\n')
            .map((line) => line.slice(indent.length))
            .join('\n');
          assert.equal(tabsToSpaces(expandSnippet(bodyOf(definition, language))), expected);
        });
      }

      it('javascript: the body is JavaScript (and JSX) with no syntax error', () => {
        const module = expandedModule(definition, 'javascript');
        for (const fileName of ['snippet.mjs', 'snippet.jsx']) {
          const file = ts.createSourceFile(fileName, module, ts.ScriptTarget.Latest, false) as ts.SourceFile & { parseDiagnostics: ts.Diagnostic[] };
          assert.deepEqual(file.parseDiagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')), [], fileName);
        }
      });
    });
  }

  it('typescript: every snippet type-checks under strict (and the stricter flags), in .ts and .tsx files, with its defaults', function () {
    this.timeout(60000);
    const directory = path.join(scratch, 'typecheck');
    const files: string[] = [];
    for (const definition of definitions) {
      for (const extension of ['ts', 'tsx']) {
        const file = path.join(directory, extension, `${definition.prefix}.${extension}`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, expandedModule(definition, 'typescript'));
        files.push(file);
      }
    }
    const program = ts.createProgram(files, {
      strict: true,
      noImplicitReturns: true,
      noImplicitOverride: true,
      noFallthroughCasesInSwitch: true,
      noUncheckedIndexedAccess: true,
      exactOptionalPropertyTypes: true,
      noPropertyAccessFromIndexSignature: true,
      skipLibCheck: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      lib: ['lib.es2022.d.ts'],
      types: ['node'],
      typeRoots: [path.join(root, 'node_modules/@types')],
      jsx: ts.JsxEmit.Preserve,
    });
    const problems = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file ? `${path.relative(directory, diagnostic.file.fileName)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
    assert.deepEqual(problems, []);
  });

  for (const language of LANGUAGES) {
    describe(`${language}: what the snippets do`, () => {
      it('gather: awaits the calls together and destructures their results in order', async () => {
        const { example } = await load<{ example(id: number): Promise<unknown> }>('gather', language);
        assert.deepEqual(await example(3), [{ id: 3, name: 'user 3' }, [30, 31]]);
      });

      it('gather-settled: keeps the results that succeeded and reports each failure', async () => {
        const { example } = await load<{ example(): Promise<unknown> }>('gather-settled', language);
        const reported: unknown[][] = [];
        const { error } = console;
        console.error = (...args: unknown[]) => reported.push(args);
        try {
          assert.deepEqual(await example(), ['profile']);
        } finally {
          console.error = error;
        }
        assert.equal(reported.length, 1);
        assert.equal(reported[0][0], 'failed:');
        assert.equal((reported[0][1] as Error).message, 'feed is down');
      });

      it('semaphore: never more than its limit at once, first come first served, released when a task fails', async () => {
        const { withLimit, Semaphore } = await load<{
          withLimit<T>(task: () => Promise<T>): Promise<T>;
          Semaphore: new (limit: number) => { acquire(): Promise<void>; release(): void };
        }>('semaphore', language);
        let active = 0;
        let most = 0;
        const started: number[] = [];
        const results = await Promise.allSettled(
          Array.from({ length: 12 }, (_, i) =>
            withLimit(async () => {
              started.push(i);
              active++;
              most = Math.max(most, active);
              await sleep(1 + ((i * 7) % 5));
              active--;
              if (i % 5 === 0) throw new Error(`task ${i} failed`);
              return i;
            }),
          ),
        );
        assert.equal(most, 4, 'the default limit, 4, is reached and never exceeded');
        assert.deepEqual(started, Array.from({ length: 12 }, (_, i) => i), 'slots are handed out in the order they were asked for');
        assert.equal(results.filter((r) => r.status === 'rejected').length, 3, 'failed tasks still free their slots');

        assert.throws(() => new Semaphore(0), RangeError);
        const semaphore = new Semaphore(1);
        await semaphore.acquire();
        semaphore.release();
        assert.throws(() => semaphore.release(), /released more times than it was acquired/);
      });

      it('map-limit: keeps the order of the items and never runs more than the limit at once', async () => {
        const { mapWithConcurrency } = await load<{
          mapWithConcurrency<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]>;
        }>('map-limit', language);
        let active = 0;
        let most = 0;
        const calls: number[] = [];
        const items = Array.from({ length: 20 }, (_, i) => `item ${i}`);
        const results = await mapWithConcurrency(items, 3, async (item, index) => {
          calls.push(index);
          active++;
          most = Math.max(most, active);
          await sleep(1 + ((index * 11) % 7)); // later items often finish first
          active--;
          return `${item} done`;
        });
        assert.deepEqual(results, items.map((item) => `${item} done`));
        assert.equal(most, 3);
        assert.deepEqual([...calls].sort((a, b) => a - b), items.map((_, i) => i), 'each item once');
        assert.deepEqual(await mapWithConcurrency([], 3, () => Promise.resolve(1)), []);
        await assert.rejects(
          mapWithConcurrency([1, 2, 3], 2, async (n) => {
            await sleep(1);
            if (n === 2) throw new Error('two failed');
            return n;
          }),
          /two failed/,
        );
      });

      it('with-timeout: rejects with a TimeoutError in time and leaves no timer behind', async () => {
        const { withTimeout } = await load<{ withTimeout<T>(promise: PromiseLike<T>, ms: number, message?: string): Promise<T> }>('with-timeout', language);
        const timers = trackTimers();
        try {
          const started = Date.now();
          await assert.rejects(withTimeout(new Promise(() => undefined), 30), (error: unknown) => {
            assert.ok(isTimeoutError(error), String(error));
            assert.equal((error as Error).message, 'Timed out after 30 ms');
            return true;
          });
          const elapsed = Date.now() - started;
          assert.ok(elapsed >= 25 && elapsed < 1000, `rejected after ${elapsed} ms`);
          assert.equal(timers.pending(), 0, 'no timer left after a timeout');

          assert.equal(await withTimeout(Promise.resolve('fast'), 10_000), 'fast');
          assert.equal(timers.pending(), 0, 'the timer is cleared when the promise wins');
          await assert.rejects(withTimeout(Promise.reject(new Error('inner')), 10_000), /inner/);
          assert.equal(timers.pending(), 0, 'the timer is cleared when the promise rejects');
          await assert.rejects(withTimeout(sleep(200), 20, 'the cache took too long'), /the cache took too long/);
        } finally {
          timers.restore();
        }
      });

      describe('timeout: fetch against a local server', () => {
        let server: Server;
        let base: string;
        const pending = new Set<NodeJS.Timeout>();
        before(async () => {
          server = createServer((request, response) => {
            if (request.url === '/slow') {
              const timer = setTimeout(() => response.end('{}'), 2000);
              pending.add(timer);
              response.on('close', () => clearTimeout(timer));
              return;
            }
            response.writeHead(request.url === '/fast' ? 200 : 404, { 'content-type': 'application/json' });
            response.end(JSON.stringify({ path: request.url }));
          });
          await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
          base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        });
        after(async () => {
          for (const timer of pending) clearTimeout(timer);
          server.closeAllConnections();
          await new Promise((resolve) => server.close(resolve));
        });

        it('answers in time, throws on an HTTP error, and aborts a slow answer with a TimeoutError', async () => {
          const { example } = await load<{ example(url: string): Promise<unknown> }>('timeout', language, { values: { 3: '150' } });
          assert.deepEqual(await example(`${base}/fast`), { path: '/fast' });
          await assert.rejects(example(`${base}/missing`), /HTTP 404 from http:\/\/127\.0\.0\.1:\d+\/missing/);
          const started = Date.now();
          await assert.rejects(example(`${base}/slow`), (error: unknown) => isTimeoutError(error));
          const elapsed = Date.now() - started;
          assert.ok(elapsed >= 100 && elapsed < 1500, `aborted after ${elapsed} ms`);
        });
      });

      it('cancel: stops on abort, cleans up in finally and rethrows the abort', async () => {
        const { runUntilAborted, log } = await load<{ runUntilAborted(signal: AbortSignal): Promise<void>; log: string[] }>('cancel', language, {
          values: { 4: "log.push('cancelling');" },
        });
        const controller = new AbortController();
        const running = runUntilAborted(controller.signal);
        await sleep(40);
        controller.abort();
        await assert.rejects(running, (error: unknown) => isAbortError(error));
        const steps = log.filter((entry) => entry === 'step').length;
        assert.ok(steps >= 1, 'it worked before the abort');
        assert.deepEqual(log.filter((entry) => entry !== 'step'), ['open', 'cancelling', 'close']);
        assert.equal(log[log.length - 1], 'close');
        await sleep(20);
        assert.equal(log.filter((entry) => entry === 'step').length, steps, 'no work after the abort');
      });

      it('queue: every item handled exactly once by at most N workers, then a clean shutdown', async () => {
        const { processAll, AsyncQueue } = await load<{
          processAll<T>(items: Iterable<T>, handle: (item: T) => Promise<void>, workers?: number): Promise<void>;
          AsyncQueue: new <T>(capacity?: number) => AsyncIterable<T> & { put(item: T): Promise<boolean>; next(): Promise<IteratorResult<T>>; close(): void };
        }>('queue', language);
        const seen = new Map<number, number>();
        let active = 0;
        let most = 0;
        const handle = async (item: number): Promise<void> => {
          active++;
          most = Math.max(most, active);
          await sleep(1 + (item % 3));
          seen.set(item, (seen.get(item) ?? 0) + 1);
          active--;
        };
        await processAll(Array.from({ length: 40 }, (_, i) => i), handle);
        assert.deepEqual([...seen.keys()].sort((a, b) => a - b), Array.from({ length: 40 }, (_, i) => i));
        assert.ok([...seen.values()].every((count) => count === 1), 'each item once');
        assert.equal(most, 4, 'the default 4 workers, never more');
        assert.equal(active, 0);

        // A failing item stops the producer early; processAll rejects once every worker has stopped.
        seen.clear();
        let produced = 0;
        function* endless(): Generator<number> {
          for (let i = 0; ; i++) {
            produced++;
            yield i;
          }
        }
        await assert.rejects(
          processAll(endless(), async (item) => {
            await handle(item);
            if (item === 10) throw new Error('item 10 failed');
          }, 3),
          /item 10 failed/,
        );
        assert.equal(active, 0, 'no worker still running when processAll rejects');
        assert.ok(produced < 40, `the producer stopped (${produced} produced)`);
        assert.ok([...seen.values()].every((count) => count === 1));

        // The queue itself: put waits while full, close drains then ends, put after close says stop.
        const queue = new AsyncQueue<string>(1);
        assert.equal(await queue.put('a'), true);
        let second = false;
        const putting = queue.put('b').then((ok) => (second = ok));
        await sleep(5);
        assert.equal(second, false, 'put waits while the queue is full');
        assert.deepEqual(await queue.next(), { value: 'a', done: false });
        await putting;
        assert.equal(second, true);
        queue.close();
        assert.deepEqual(await queue.next(), { value: 'b', done: false });
        assert.deepEqual(await queue.next(), { value: undefined, done: true });
        assert.equal(await queue.put('c'), false);
      });

      it('retry: backs off until success, gives up after its attempts, and stops on abort', async () => {
        const { retry } = await load<{
          retry<T>(task: (attempt: number) => Promise<T>, options?: { attempts?: number; baseMs?: number; maxMs?: number; signal?: AbortSignal }): Promise<T>;
        }>('retry', language);
        const attempts: number[] = [];
        const flaky = async (attempt: number): Promise<string> => {
          attempts.push(attempt);
          await sleep(1);
          if (attempt < 3) throw new Error(`attempt ${attempt} failed`);
          return 'ok';
        };
        assert.equal(await retry(flaky, { baseMs: 5, maxMs: 20 }), 'ok');
        assert.deepEqual(attempts, [1, 2, 3]);

        let calls = 0;
        const failing = async (attempt: number): Promise<never> => {
          calls++;
          await sleep(1);
          throw new Error(`attempt ${attempt} failed`);
        };
        await assert.rejects(retry(failing, { attempts: 3, baseMs: 1, maxMs: 5 }), /attempt 3 failed/);
        assert.equal(calls, 3);

        // Aborted while waiting out a long backoff: rejects at once with the abort, no timer left.
        const random = Math.random;
        Math.random = () => 0.99;
        const timers = trackTimers();
        try {
          calls = 0;
          const controller = new AbortController();
          const started = Date.now();
          const retrying = retry(failing, { baseMs: 10_000, maxMs: 10_000, signal: controller.signal });
          await sleep(30);
          assert.equal(timers.pending(), 1, 'waiting out the backoff');
          controller.abort();
          await assert.rejects(retrying, (error: unknown) => isAbortError(error));
          assert.ok(Date.now() - started < 2000, 'did not wait out the backoff');
          assert.equal(calls, 1, 'no attempt after the abort');
          assert.equal(timers.pending(), 0, 'the backoff timer is cleared');
        } finally {
          Math.random = random;
          timers.restore();
        }

        calls = 0;
        await assert.rejects(retry(failing, { signal: AbortSignal.abort() }), (error: unknown) => isAbortError(error));
        assert.equal(calls, 0, 'an aborted signal means no attempt at all');
      });

      it('worker: runs the function on a worker thread while the event loop stays free', async function () {
        this.timeout(20000);
        const { runInWorker } = await load<{ runInWorker<I, O>(fn: (input: I) => O | Promise<O>, input: I): Promise<O> }>('worker', language);
        let ticks = 0;
        const ticker = setInterval(() => ticks++, 5);
        try {
          const result = await runInWorker((milliseconds: number) => {
            // Runs in the worker: only its argument, globals and require() are there.
            const { isMainThread, threadId } = require('node:worker_threads') as typeof import('node:worker_threads');
            const end = Date.now() + milliseconds;
            let spins = 0;
            while (Date.now() < end) spins++; // CPU-bound: would freeze the event loop on the main thread
            return { isMainThread, threadId, spun: spins > 0 };
          }, 150);
          assert.deepEqual({ ...result, threadId: result.threadId !== mainThreadId }, { isMainThread: false, threadId: true, spun: true });
          assert.ok(ticks >= 5, `the main thread ticked ${ticks} times while the worker spun`);
        } finally {
          clearInterval(ticker);
        }
        assert.equal(await runInWorker(async (n: number) => Promise.resolve(n * 2), 21), 42);
        await assert.rejects(
          runInWorker((n: number) => {
            throw new Error(`cannot handle ${n}`);
          }, 7),
          /cannot handle 7/,
        );
      });

      it('sleep: waits, with sleep-import providing the promise-returning setTimeout', async () => {
        const { example } = await load<{ example(): Promise<void> }>('sleep', language, { values: { 1: '30' } });
        const started = Date.now();
        await example();
        assert.ok(Date.now() - started >= 25);
        const imported = await load<{ sleep(ms: number, value?: unknown): Promise<unknown> }>('sleep-import', language);
        assert.equal(await imported.sleep(1, 'value'), 'value');
      });

      describe('async-main: exit codes of a real process', () => {
        const run = async (body: string, interrupt = false): Promise<{ code: number | null; stderr: string }> => {
          const file = await writeRunnable('async-main', language, { values: { 0: body } });
          const child = spawn(process.execPath, [file], { stdio: ['ignore', 'pipe', 'pipe'] });
          let stderr = '';
          child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
          child.stdout.on('data', (chunk: Buffer) => {
            if (interrupt && chunk.toString().includes('ready')) child.kill('SIGINT');
          });
          return new Promise((resolve) => child.on('close', (code) => resolve({ code, stderr })));
        };

        it('exits 0 when main succeeds', async () => {
          assert.deepEqual(await run(''), { code: 0, stderr: '' });
        });

        it('prints the error and exits 1 when main fails', async () => {
          const { code, stderr } = await run("throw new Error('boom');");
          assert.equal(code, 1);
          assert.match(stderr, /Error: boom/);
        });

        it('aborts the signal on Ctrl-C and exits 130 once main has stopped', async () => {
          const waitForAbort = [
            'await new Promise((resolve) => {',
            '  const keepAlive = setInterval(() => undefined, 1000);',
            "  signal.addEventListener('abort', () => { clearInterval(keepAlive); resolve(undefined); });",
            "  console.log('ready');",
            '});',
            'signal.throwIfAborted();',
          ].join('\n');
          const { code, stderr } = await run(waitForAbort, true);
          assert.equal(code, 130);
          assert.match(stderr, /AbortError/);
        });
      });
    });
  }
});

function tabsToSpaces(text: string): string {
  return text.replace(/^\t+/gm, (tabs) => '  '.repeat(tabs.length));
}
