// Every fix of every rule, run: small programs are compiled and run in their own process before and
// after the fix. A safe fix keeps what they print and how they end for every value the types admit
// (an async function given for a void callback, rejections, `any`); the programs for an unsafe fix
// show the change that makes it unsafe. The last test ties this evidence to each fix's declared kind.
import * as assert from 'node:assert/strict';
import { rules } from '../../server/src/rules';
import awaitNonPromise from '../../server/src/rules/await-non-promise';
import blockingCall from '../../server/src/rules/blocking-call';
import floatingPromise from '../../server/src/rules/floating-promise';
import missingTimeout from '../../server/src/rules/missing-timeout';
import misusedPromise from '../../server/src/rules/misused-promise';
import nestedRun from '../../server/src/rules/nested-run';
import sequentialAwait from '../../server/src/rules/sequential-await';
import type { AnyRule } from '../../server/src/rules/types';
import unboundedFanOut from '../../server/src/rules/unbounded-fan-out';
import { assertChangesBehaviour, assertKeepsBehaviour, type BehaviourCase } from '../helpers/behaviour';

interface Evidence {
  rule: AnyRule;
  fix: string;
  /** `keeps`: the outcome must not change; `changes`: this program shows how the fix changes it. */
  expect: 'keeps' | 'changes';
  case: BehaviourCase;
}

/** Microtasks that log while other code runs: any change in when that code resumes shows in the output. */
const TICKER = `let tick = 0;
const ticker = (): void => {
  if (tick < 12) {
    console.log(\`tick \${tick++}\`);
    queueMicrotask(ticker);
  }
};
queueMicrotask(ticker);
`;

/** The usual executor shape of nested-run's safe fix, around the given body lines and settle value. */
const executor = (declarations: string, body: string, value: string, type = 'number') => `${TICKER}${declarations}
export function read(): Promise<${type}> {
  return new Promise<${type}>(async (resolve, reject) => {
    try {
${body}
      resolve(${value});
    } catch (error) {
      reject(error);
    }
  });
}
read().then(
  (value) => console.log(\`resolved \${String(value)}\`),
  (error) => console.log(\`rejected \${error instanceof Error ? error.message : String(error)}\`),
);
console.log('sync end');
`;

const LOAD_42 = 'async function load(): Promise<number> {\n  console.log(\'loading\');\n  return 42;\n}\n';

const EVIDENCE: Evidence[] = [
  // ---- nested-run: the executor rewrite (safe) ------------------------------------------------------
  {
    rule: nestedRun,
    fix: 'asyncFunctionBody',
    expect: 'keeps',
    case: { name: 'a value after an await, interleaved with other microtasks', shows: { before: /^start\|loading\|sync end\|loaded\|resolved 42\| exit 0$/ }, code: executor(LOAD_42, "      console.log('start');\n      const value = await load();\n      console.log('loaded');", 'value') },
  },
  {
    rule: nestedRun,
    fix: 'asyncFunctionBody',
    expect: 'keeps',
    case: {
      name: 'an awaited rejection',
      shows: { before: /rejected no data\| exit 0/ },
      code: executor("async function load(): Promise<number> {\n  await null;\n  throw new Error('no data');\n}\n", '      const value = await load();', 'value'),
    },
  },
  {
    rule: nestedRun,
    fix: 'asyncFunctionBody',
    expect: 'keeps',
    case: {
      name: 'a synchronous throw before the first await',
      shows: { before: /rejected sync failure/ },
      code: executor("function load(): Promise<number> {\n  throw new Error('sync failure');\n}\n", "      console.log('start');\n      const value = await load();", 'value'),
    },
  },
  {
    rule: nestedRun,
    fix: 'asyncFunctionBody',
    expect: 'keeps',
    case: {
      name: 'a non-Error thrown value',
      shows: { before: /rejected plain string/ },
      code: executor("async function load(): Promise<number> {\n  throw 'plain string';\n}\n", '      const value = await load();', 'value'),
    },
  },
  {
    rule: nestedRun,
    fix: 'asyncFunctionBody',
    expect: 'keeps',
    case: {
      name: 'resolving with a thenable typed any (its then runs at the same tick)',
      shows: { before: /then called\|resolved 7/ },
      code: executor(
        "const thenable: any = {\n  then(ok: (value: number) => void) {\n    console.log('then called');\n    ok(7);\n  },\n};\n",
        "      console.log('start');",
        'thenable',
      ),
    },
  },
  {
    rule: nestedRun,
    fix: 'asyncFunctionBody',
    expect: 'keeps',
    case: {
      name: 'resolving with a pending promise, and with a rejecting one',
      shows: { before: /rejected adopted rejection\|resolved 5/ },
      code:
        executor("const later: any = new Promise((ok) => setTimeout(() => ok(5), 5));\n", '      await null;', 'later') +
        executor("const failing: any = Promise.reject(new Error('adopted rejection'));\nfailing.catch(() => {});\n", '', 'failing').replace(/export function read\b/, 'export function read2').replace(/\nread\(\)\.then/, '\nread2().then').replace(/let tick = 0;[\s\S]*?queueMicrotask\(ticker\);\n/, ''),
    },
  },
  {
    rule: nestedRun,
    fix: 'asyncFunctionBody',
    expect: 'keeps',
    case: {
      name: 'resolve() with no value',
      shows: { before: /done\|resolved undefined/ },
      code: executor('', "      await null;\n      console.log('done');", '', 'void'),
    },
  },
  {
    rule: nestedRun,
    fix: 'asyncFunctionBody',
    expect: 'keeps',
    case: {
      name: 'a rejection nobody handles still ends the process (exit 1)',
      shows: { before: /Error: unhandled in the end exit 1$/ },
      code: `${TICKER}async function load(): Promise<number> {\n  await null;\n  throw new Error('unhandled in the end');\n}\nexport function read(): Promise<number> {\n  return new Promise(async (resolve, reject) => {\n    try {\n      resolve(await load());\n    } catch (error) {\n      reject(error);\n    }\n  });\n}\nconst pending = read();\nconsole.log(typeof pending.then);\n`,
    },
  },
  {
    rule: nestedRun,
    fix: 'asyncFunctionBody',
    expect: 'keeps',
    case: {
      name: 'a function-expression executor (this and arguments of its own)',
      shows: { before: /this is undefined\|loading\|resolved 42/ },
      code: `${TICKER}${LOAD_42}export function read(): Promise<number> {\n  return new Promise<number>(async function (resolve, reject) {\n    try {\n      console.log(\`this is \${typeof this}\`);\n      resolve(await load());\n    } catch (error) {\n      reject(error);\n    }\n  });\n}\nread().then((value) => console.log(\`resolved \${value}\`));\n`,
    },
  },
  {
    rule: nestedRun,
    fix: 'asyncFunctionBodyUnsafe',
    expect: 'changes',
    case: {
      name: 'without the try/catch, a lost error (exit 1, the promise never settles) becomes a rejection the caller handles',
      shows: { before: /^ Error: lost exit 1$/, after: /^rejected lost\| exit 0$/ },
      code: `async function load(): Promise<number> {\n  throw new Error('lost');\n}\nexport function read(): Promise<number> {\n  return new Promise(async (resolve) => {\n    const value = await load();\n    resolve(value);\n  });\n}\nread().then(\n  (value) => console.log(\`resolved \${value}\`),\n  (error) => console.log(\`rejected \${(error as Error).message}\`),\n);\n`,
    },
  },
  {
    rule: nestedRun,
    fix: 'useAsyncApi',
    expect: 'changes',
    case: {
      name: 'awaiting the child process lets other work run first',
      shows: { before: /^child said 1\|other work/, after: /^other work\|child said 1/ },
      node: true,
      code: `import { execFileSync } from 'node:child_process';\nexport async function main(): Promise<void> {\n  queueMicrotask(() => console.log('other work'));\n  const out = execFileSync(process.execPath, ['-e', 'console.log(1)'], { encoding: 'utf8' });\n  console.log(\`child said \${out.trim()}\`);\n}\nvoid main();\n`,
    },
  },

  // ---- await-non-promise: remove await, every shape (unsafe) -----------------------------------------
  {
    rule: awaitNonPromise,
    fix: 'removeAwait',
    expect: 'changes',
    case: {
      name: '`await ready;` on a boolean yields a microtask turn that other code uses',
      shows: { before: /ready=true/, after: /ready=false/ },
      code: "let ready = false;\nasync function init(): Promise<void> {\n  await ready;\n  console.log(`init sees ready=${ready}`);\n}\nvoid init();\nready = true;\n",
    },
  },
  {
    rule: awaitNonPromise,
    fix: 'removeAwait',
    expect: 'changes',
    case: {
      name: '`await cb()` of a void callback that is given an async function: a caught rejection becomes unhandled',
      shows: { before: /^caught boom\|done\| exit 0$/, after: /^done\| Error: boom exit 1$/ },
      code: "async function run(cb: () => void): Promise<void> {\n  try {\n    await cb();\n  } catch (error) {\n    console.log(`caught ${(error as Error).message}`);\n  }\n}\nrun(async () => {\n  throw new Error('boom');\n}).then(() => console.log('done'));\n",
    },
  },
  {
    rule: awaitNonPromise,
    fix: 'removeAwait',
    expect: 'changes',
    case: {
      name: '`for await` over plain values waits a turn per item',
      shows: { before: /^other work\|item 1/, after: /^item 1\|item 2\|other work/ },
      code: "async function main(): Promise<void> {\n  queueMicrotask(() => console.log('other work'));\n  for await (const n of [1, 2]) console.log(`item ${n}`);\n}\nvoid main();\n",
    },
  },
  {
    rule: awaitNonPromise,
    fix: 'removeAwait',
    expect: 'changes',
    case: {
      name: '`await using` of a sync disposable waits a turn after disposing',
      shows: { before: /other work\|after block/, after: /after block\|other work/ },
      compilerOptions: { lib: ['lib.esnext.d.ts', 'lib.dom.d.ts'] },
      code: "function resource(name: string) {\n  return { [Symbol.dispose]() { console.log(`dispose ${name}`); } };\n}\nasync function main(): Promise<void> {\n  {\n    await using r = resource('a');\n    queueMicrotask(() => console.log('other work'));\n    void r;\n  }\n  console.log('after block');\n}\nvoid main();\n",
    },
  },
  {
    rule: awaitNonPromise,
    fix: 'awaitAllFirst',
    expect: 'changes',
    case: {
      name: '`for await` over promises starts the loop only when all have settled',
      shows: { before: /^item 1\|releasing 2\|item 2/, after: /^releasing 2\|item 1\|item 2/ },
      code: "let release: (n: number) => void = () => {};\nconst second = new Promise<number>((ok) => {\n  release = ok;\n});\nasync function main(): Promise<void> {\n  for await (const n of [Promise.resolve(1), second]) console.log(`item ${n}`);\n}\nvoid main();\nsetTimeout(() => {\n  console.log('releasing 2');\n  release(2);\n}, 0);\n",
    },
  },

  // ---- floating-promise --------------------------------------------------------------------------
  {
    rule: floatingPromise,
    fix: 'addVoid',
    expect: 'keeps',
    case: {
      name: '`void` changes nothing: the rejection still ends the process (exit 1), only the report is gone',
      shows: { before: /Error: disk full exit 1$/ },
      code: "async function save(): Promise<void> {\n  throw new Error('disk full');\n}\nexport function main(): void {\n  save();\n  console.log('saved?');\n}\nmain();\n",
    },
  },
  {
    rule: floatingPromise,
    fix: 'addCatch',
    expect: 'changes',
    case: {
      name: '`.catch(report)` turns a rejection that ended the process (exit 1) into a log line (exit 0)',
      shows: { before: /Error: disk full exit 1$/, after: /Error: disk full exit 0$/ },
      code: "async function save(): Promise<void> {\n  throw new Error('disk full');\n}\nexport function main(): void {\n  save();\n  console.log('saved?');\n}\nmain();\n",
    },
  },
  {
    rule: floatingPromise,
    fix: 'addAwait',
    expect: 'changes',
    case: {
      name: '`await` makes the caller wait',
      shows: { before: /next step\|saved/, after: /saved\|next step/ },
      code: "async function save(): Promise<void> {\n  console.log('saving');\n  await null;\n  console.log('saved');\n}\nasync function main(): Promise<void> {\n  save();\n  console.log('next step');\n}\nvoid main();\n",
    },
  },
  {
    rule: floatingPromise,
    fix: 'awaitAll',
    expect: 'changes',
    case: {
      name: '`await Promise.all` makes the caller wait',
      shows: { before: /^next step/, after: /saved 2\|next step/ },
      code: "async function save(n: number): Promise<void> {\n  await null;\n  console.log(`saved ${n}`);\n}\nasync function main(): Promise<void> {\n  [save(1), save(2)];\n  console.log('next step');\n}\nvoid main();\n",
    },
  },

  // ---- misused-promise ---------------------------------------------------------------------------
  {
    rule: misusedPromise,
    fix: 'handleInVoidSlot',
    expect: 'changes',
    case: {
      name: 'the handler wrapper turns a rejection that ended the process (exit 1) into a log line (exit 0)',
      shows: { before: /Error: handler failed exit 1$/, after: /Error: handler failed exit 0$/ },
      code: "function onEvent(listener: () => void): void {\n  listener();\n}\nonEvent(async () => {\n  console.log('handling');\n  throw new Error('handler failed');\n});\n",
    },
  },
  {
    rule: misusedPromise,
    fix: 'awaitCondition',
    expect: 'changes',
    case: {
      name: 'awaiting the condition tests the result instead of the promise',
      shows: { before: /^yes/, after: /^no/ },
      code: "async function main(p: Promise<boolean>): Promise<void> {\n  if (p) console.log('yes');\n  else console.log('no');\n}\nvoid main(Promise.resolve(false));\n",
    },
  },
  {
    rule: misusedPromise,
    fix: 'forOfLoop',
    expect: 'changes',
    case: {
      name: 'a for...of loop runs the callbacks one after another, and the caller waits',
      shows: { before: /start 2\|after\|end 1/, after: /end 1\|start 2\|end 2\|after/ },
      code: "async function save(id: number): Promise<void> {\n  console.log(`start ${id}`);\n  await null;\n  console.log(`end ${id}`);\n}\nexport async function main(ids: number[]): Promise<void> {\n  ids.forEach(async (id) => {\n    await save(id);\n  });\n  console.log('after');\n}\nvoid main([1, 2]);\n",
    },
  },
  {
    rule: misusedPromise,
    fix: 'promiseAll',
    expect: 'changes',
    case: {
      name: 'Promise.all over map makes the caller wait for every callback',
      shows: { before: /start 2\|after\|end 1/, after: /end 2\|after/ },
      code: "async function save(id: number): Promise<void> {\n  console.log(`start ${id}`);\n  await null;\n  console.log(`end ${id}`);\n}\nexport async function main(ids: number[]): Promise<void> {\n  ids.forEach(async (id) => {\n    await save(id);\n  });\n  console.log('after');\n}\nvoid main([1, 2]);\n",
    },
  },

  // ---- blocking-call: the async replacements (unsafe) ------------------------------------------------
  {
    rule: blockingCall,
    fix: 'useAsyncApi',
    expect: 'changes',
    case: {
      name: 'awaiting readFile lets other work run before the rest of the function',
      shows: { before: /^read true\|other work/, after: /^other work\|read true/ },
      node: true,
      code: "import { readFileSync } from 'node:fs';\nexport async function main(): Promise<void> {\n  queueMicrotask(() => console.log('other work'));\n  const text = readFileSync(__filename, 'utf8');\n  console.log(`read ${text.length > 0}`);\n}\nvoid main();\n",
    },
  },
  {
    rule: blockingCall,
    fix: 'useAsyncApi',
    expect: 'keeps',
    case: {
      name: 'through a helper of the same file: the helper awaits readFile and its one caller awaits it, with the same result',
      shows: { before: /^config 2\|bytes 6/ },
      node: true,
      code: "import { readFileSync, writeFileSync } from 'node:fs';\nwriteFileSync('config.txt', 'a\\nb\\nc\\n');\nfunction readConfig(file: string): { lines: number; bytes: number } {\n  const text = readFileSync(file, 'utf8');\n  return { lines: text.split('\\n').slice(0, 2).length, bytes: text.length };\n}\nexport async function main(): Promise<void> {\n  const config = readConfig('config.txt');\n  console.log(`config ${config.lines}`);\n  console.log(`bytes ${config.bytes}`);\n}\nmain().catch((error) => console.log(`failed ${(error as Error).message}`));\n",
    },
  },
  {
    rule: blockingCall,
    fix: 'useAsyncApi',
    expect: 'keeps',
    case: {
      name: 'through a helper of the same file: a missing file still rejects the caller with the same error',
      shows: { before: /^failed ENOENT/ },
      node: true,
      code: "import * as fs from 'node:fs';\nconst readText = (file: string): string => fs.readFileSync(file, 'utf8');\nexport async function main(): Promise<void> {\n  console.log(readText('no-such-file.txt').length);\n}\nmain().catch((error) => console.log(`failed ${(error as NodeJS.ErrnoException).code}`));\n",
    },
  },
  {
    rule: blockingCall,
    fix: 'useAsyncApi',
    expect: 'changes',
    case: {
      name: 'through a helper of the same file: other work now runs while the helper reads',
      shows: { before: /^read true\|other work/, after: /^other work\|read true/ },
      node: true,
      code: "import { readFileSync } from 'node:fs';\nfunction readSelf(): string {\n  return readFileSync(__filename, 'utf8');\n}\nexport async function main(): Promise<void> {\n  queueMicrotask(() => console.log('other work'));\n  const text = readSelf();\n  console.log(`read ${text.length > 0}`);\n}\nvoid main();\n",
    },
  },
  {
    rule: blockingCall,
    fix: 'awaitSetTimeout',
    expect: 'changes',
    case: {
      name: 'awaiting a timer instead of spinning lets other work run meanwhile',
      shows: { before: /^waited\|timer fired/, after: /^timer fired\|waited/ },
      node: true,
      code: "export async function main(): Promise<void> {\n  setTimeout(() => console.log('timer fired'), 0);\n  const end = Date.now() + 30;\n  while (Date.now() < end) {}\n  console.log('waited');\n}\nvoid main();\n",
    },
  },

  // ---- the concurrency rewrites (unsafe) ---------------------------------------------------------
  {
    rule: unboundedFanOut,
    fix: 'limitConcurrency',
    expect: 'changes',
    case: {
      name: 'the bounded fan-out helper starts tasks later (side effects in another order)',
      shows: { before: /start 4\|end 1/, after: /end 1\|start 3.*1,2,3,4/ },
      options: { concurrency: 2 },
      node: true,
      // The never-taken read is the I/O the rules ask for; the run itself stays deterministic.
      code: "import { readFile } from 'node:fs/promises';\nasync function work(n: number): Promise<number> {\n  if (n < 0) await readFile('never');\n  console.log(`start ${n}`);\n  await new Promise((ok) => setTimeout(ok, 5));\n  console.log(`end ${n}`);\n  return n;\n}\nexport async function run(items: number[]): Promise<number[]> {\n  return Promise.all(items.map((n) => work(n)));\n}\nrun([1, 2, 3, 4]).then((results) => console.log(results.join(',')));\n",
    },
  },
  {
    rule: sequentialAwait,
    fix: 'runConcurrently',
    expect: 'changes',
    case: {
      name: 'Promise.all runs the iterations at once (side effects interleave)',
      shows: { before: /end 1\|start 2/, after: /start 3\|end 1.*1,2,3/ },
      node: true,
      // The never-taken read is the I/O the rules ask for; the run itself stays deterministic.
      code: "import { readFile } from 'node:fs/promises';\nasync function work(n: number): Promise<number> {\n  if (n < 0) await readFile('never');\n  console.log(`start ${n}`);\n  await null;\n  console.log(`end ${n}`);\n  return n;\n}\nexport async function run(): Promise<number[]> {\n  const results: number[] = [];\n  for (const n of [1, 2, 3]) {\n    const value = await work(n);\n    results.push(value);\n  }\n  return results;\n}\nrun().then((results) => console.log(results.join(',')));\n",
    },
  },
  {
    rule: sequentialAwait,
    fix: 'runBounded',
    expect: 'changes',
    case: {
      name: 'mapWithConcurrency runs iterations side by side (side effects interleave)',
      shows: { before: /end 1\|start 2/, after: /start 2\|end 1.*1,2,3,4/ },
      options: { concurrency: 2 },
      node: true,
      // The never-taken read is the I/O the rules ask for; the run itself stays deterministic.
      code: "import { readFile } from 'node:fs/promises';\nasync function work(n: number): Promise<number> {\n  if (n < 0) await readFile('never');\n  console.log(`start ${n}`);\n  await null;\n  console.log(`end ${n}`);\n  return n;\n}\nexport async function run(items: number[]): Promise<number[]> {\n  const results: number[] = [];\n  for (const n of items) {\n    results.push(await work(n));\n  }\n  return results;\n}\nrun([1, 2, 3, 4]).then((results) => console.log(results.join(',')));\n",
    },
  },
  {
    rule: missingTimeout,
    fix: 'addTimeout',
    expect: 'changes',
    case: {
      name: 'a slow answer that arrived now fails with a TimeoutError',
      shows: { before: /^late answer/, after: /^failed: TimeoutError/ },
      node: true,
      options: { defaultTimeoutMs: 100 },
      code: "import * as http from 'node:http';\nimport type { AddressInfo } from 'node:net';\nexport async function get(url: string): Promise<string> {\n  const response = await fetch(url);\n  return response.text();\n}\nconst server = http.createServer((_request, response) => {\n  setTimeout(() => response.end('late answer'), 400);\n});\nserver.listen(0, '127.0.0.1', () => {\n  const { port } = server.address() as AddressInfo;\n  get(`http://127.0.0.1:${port}/`)\n    .then((text) => console.log(text), (error: Error) => console.log(`failed: ${error.name}`))\n    .finally(() => server.close());\n});\n",
    },
  },
];

describe('fix behaviour: programs run before and after each fix', function () {
  this.timeout(120_000);

  for (const evidence of EVIDENCE) {
    const title = `${evidence.rule.meta.id}/${evidence.fix} ${evidence.expect}: ${evidence.case.name}`;
    it(title, () => {
      if (evidence.expect === 'keeps') assertKeepsBehaviour(evidence.rule, evidence.fix, evidence.case);
      else assertChangesBehaviour(evidence.rule, evidence.fix, evidence.case);
    });
  }

  it("every fix has behaviour evidence that matches its declared kind", () => {
    const problems: string[] = [];
    for (const rule of rules) {
      for (const [fix, meta] of Object.entries(rule.meta.fixes)) {
        const cases = EVIDENCE.filter((evidence) => evidence.rule.meta.id === rule.meta.id && evidence.fix === fix);
        const name = `${rule.meta.id}/${fix}`;
        if (cases.length === 0) problems.push(`${name}: no program runs it`);
        else if (meta.kind === 'safe' && cases.some((evidence) => evidence.expect === 'changes')) problems.push(`${name} is safe, yet a program shows it changes behaviour`);
        else if (meta.kind === 'unsafe' && !cases.some((evidence) => evidence.expect === 'changes')) problems.push(`${name} is unsafe with no program showing the change`);
      }
    }
    assert.deepEqual(problems, []);
  });
});
