import * as fs from 'node:fs';
import * as path from 'node:path';
import { seededRandom } from '../test/helpers/random';

/**
 * A deterministic generator of realistic async TypeScript projects: a few core modules (database,
 * HTTP client, event bus, cache, logger), then services spread over domain folders that import each
 * other (a DAG, mostly within a domain), classes with async methods, and about one method in ten with
 * one of the mistakes the peers and we look for. The same size and seed always give the same bytes.
 */

export interface CorpusSpec {
  name: string;
  /** Source files under src/, core modules included. */
  files: number;
  seed: number;
  /** Make one service this many lines long (about), for the editor benchmark. */
  bigFileLines?: number;
}

export interface GeneratedCorpus {
  root: string;
  files: number;
  lines: number;
  /** Relative path of the big file, when one was asked for. */
  bigFile?: string;
  /**
   * A file and one of its imports: toggling `dependency.syncSignature` to `dependency.asyncSignature`
   * makes the dependent's call a floating promise (one more finding there).
   */
  dependentPair: { dependent: string; dependency: string; syncSignature: string; asyncSignature: string };
}

const DOMAINS: Record<string, string[]> = {
  users: ['user', 'profile', 'session', 'preference', 'avatar'],
  orders: ['order', 'cart', 'checkout', 'refund', 'coupon'],
  billing: ['invoice', 'payment', 'ledger', 'subscription', 'tax'],
  inventory: ['stock', 'warehouse', 'supplier', 'reservation', 'sku'],
  shipping: ['shipment', 'parcel', 'carrier', 'route', 'label'],
  notifications: ['email', 'sms', 'push', 'digest', 'template'],
  analytics: ['metric', 'funnel', 'cohort', 'event', 'dashboard'],
  catalog: ['product', 'category', 'price', 'review', 'media'],
  auth: ['token', 'credential', 'role', 'permission', 'audit'],
  reports: ['report', 'export', 'schedule', 'snapshot', 'summary'],
};
const DOMAIN_NAMES = Object.keys(DOMAINS);

const CORE: Record<string, string> = {
  'src/core/logger.ts': `export interface Logger {
  info(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  error(message: string, error?: unknown): void;
}

export const consoleLogger: Logger = {
  info: (message, meta) => console.log(message, meta ?? {}),
  warn: (message, meta) => console.warn(message, meta ?? {}),
  error: (message, error) => console.error(message, error),
};
`,
  'src/core/db.ts': `import type { Logger } from './logger';

export interface QueryOptions {
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** A thin client over a connection pool. */
export class Database {
  private queries = 0;

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
  ) {}

  async query<T>(sql: string, params: readonly unknown[] = [], options: QueryOptions = {}): Promise<T[]> {
    this.queries++;
    if (options.signal?.aborted) throw new Error('aborted');
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    this.logger.info('query', { sql, params: params.length, url: this.url });
    return [];
  }

  async transaction<T>(work: (tx: Database) => Promise<T>): Promise<T> {
    await this.query('BEGIN');
    try {
      const result = await work(this);
      await this.query('COMMIT');
      return result;
    } catch (error) {
      await this.query('ROLLBACK');
      throw error;
    }
  }

  get queryCount(): number {
    return this.queries;
  }
}
`,
  'src/core/http.ts': `export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class HttpClient {
  constructor(
    private readonly baseUrl: string,
    private readonly timeoutMs = 5000,
  ) {}

  async getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
    const response = await fetch(new URL(path, this.baseUrl), { signal: signal ?? AbortSignal.timeout(this.timeoutMs) });
    if (!response.ok) throw new HttpError(response.status, await response.text());
    return (await response.json()) as T;
  }

  async postJson<T>(path: string, body: unknown): Promise<T> {
    const response = await fetch(new URL(path, this.baseUrl), {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new HttpError(response.status, await response.text());
    return (await response.json()) as T;
  }
}
`,
  'src/core/events.ts': `type Handler = (payload: Record<string, unknown>) => void;

export class EventBus {
  private readonly handlers = new Map<string, Handler[]>();

  on(name: string, handler: Handler): () => void {
    const list = this.handlers.get(name) ?? [];
    list.push(handler);
    this.handlers.set(name, list);
    return () => this.handlers.set(name, (this.handlers.get(name) ?? []).filter((h) => h !== handler));
  }

  emit(name: string, payload: Record<string, unknown>): void {
    for (const handler of this.handlers.get(name) ?? []) handler(payload);
  }

  async emitAndWait(name: string, payload: Record<string, unknown>): Promise<void> {
    await Promise.resolve();
    this.emit(name, payload);
  }
}
`,
  'src/core/cache.ts': `export class TtlCache<K, V> {
  private readonly entries = new Map<K, { value: V; expires: number }>();

  constructor(private readonly ttlMs: number) {}

  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (!entry || entry.expires < Date.now()) return undefined;
    return entry.value;
  }

  set(key: K, value: V): void {
    this.entries.set(key, { value, expires: Date.now() + this.ttlMs });
  }

  async getOrLoad(key: K, load: (key: K) => Promise<V>): Promise<V> {
    const cached = this.get(key);
    if (cached !== undefined) return cached;
    const value = await load(key);
    this.set(key, value);
    return value;
  }
}
`,
  'src/core/util.ts': `export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function chunk<T>(items: readonly T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

export async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]);
    }
  });
  await Promise.all(workers);
  return results;
}

export async function retry<T>(attempts: number, fn: () => Promise<T>): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < attempts; attempt++) {
    try {
      return await fn();
    } catch (error) {
      lastError = error;
      await sleep(2 ** attempt * 100);
    }
  }
  throw lastError;
}
`,
};

interface ModuleInfo {
  index: number;
  file: string;
  /** PascalCase entity name, unique: Invoice12. */
  name: string;
  camel: string;
  domain: number;
}

const pascal = (text: string) => text[0].toUpperCase() + text.slice(1);

/** The files of a corpus, relative path to text, and where the benchmarks find their targets. */
export function generateFiles(spec: CorpusSpec): { files: Map<string, string>; bigFile?: string; dependentPair: GeneratedCorpus['dependentPair'] } {
  const rand = seededRandom(spec.seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
  const chance = (p: number) => rand() < p;
  const files = new Map<string, string>(Object.entries(CORE));
  const moduleCount = Math.max(1, spec.files - files.size);
  const modules: ModuleInfo[] = [];
  for (let index = 0; index < moduleCount; index++) {
    const domain = index % DOMAIN_NAMES.length;
    const entity = DOMAINS[DOMAIN_NAMES[domain]][Math.floor(index / DOMAIN_NAMES.length) % 5];
    const name = `${pascal(entity)}${index}`;
    modules.push({ index, file: `src/${DOMAIN_NAMES[domain]}/${entity}${index}.ts`, name, camel: entity + index, domain });
  }
  const bigIndex = spec.bigFileLines ? Math.floor(moduleCount / 2) : -1;
  let dependentPair: GeneratedCorpus['dependentPair'] | undefined;

  for (const module of modules) {
    // Imports point backwards (a DAG), mostly to recent modules of the same domain, sometimes far.
    const deps: ModuleInfo[] = [];
    const wanted = module.index === 0 ? 0 : 1 + Math.floor(rand() * Math.min(3, module.index));
    for (let attempt = 0; deps.length < wanted && attempt < 10; attempt++) {
      const back = chance(0.7) ? 1 + Math.floor(rand() * Math.min(40, module.index)) : 1 + Math.floor(rand() * module.index);
      const dep = modules[module.index - back];
      if (!deps.includes(dep)) deps.push(dep);
    }
    const methodCount = module.index === bigIndex ? Math.ceil((spec.bigFileLines! - 90) / 7.8) : 3 + Math.floor(rand() * 4);
    files.set(module.file, renderModule(module, deps, methodCount, rand, pick, chance));
    if (!dependentPair && deps.length > 0 && module.index >= moduleCount / 3) {
      const dep = deps[0];
      dependentPair = {
        dependent: module.file,
        dependency: dep.file,
        syncSignature: `export function emit${dep.name}Changed(bus: EventBus, id: string): void {`,
        asyncSignature: `export async function emit${dep.name}Changed(bus: EventBus, id: string): Promise<void> {`,
      };
    }
  }
  return {
    files,
    bigFile: bigIndex >= 0 ? modules[bigIndex].file : undefined,
    dependentPair: dependentPair ?? {
      dependent: modules[modules.length - 1].file,
      dependency: modules[0].file,
      syncSignature: `export function emit${modules[0].name}Changed(bus: EventBus, id: string): void {`,
      asyncSignature: `export async function emit${modules[0].name}Changed(bus: EventBus, id: string): Promise<void> {`,
    },
  };
}

function relativeImport(from: string, to: string): string {
  const relative = path.posix.relative(path.posix.dirname(from), to).replace(/\.ts$/, '');
  return relative.startsWith('.') ? relative : `./${relative}`;
}

function renderModule(
  module: ModuleInfo,
  deps: ModuleInfo[],
  methodCount: number,
  rand: () => number,
  pick: <T>(items: readonly T[]) => T,
  chance: (p: number) => boolean,
): string {
  const { name, camel } = module;
  const usesSyncFs = chance(0.25);
  const lines: string[] = [];
  lines.push(`import { readFile } from 'node:fs/promises';`);
  if (usesSyncFs) lines.push(`import { readFileSync } from 'node:fs';`);
  lines.push(`import type { Database } from '${relativeImport(module.file, 'src/core/db.ts')}';`);
  lines.push(`import type { EventBus } from '${relativeImport(module.file, 'src/core/events.ts')}';`);
  lines.push(`import type { HttpClient } from '${relativeImport(module.file, 'src/core/http.ts')}';`);
  lines.push(`import type { Logger } from '${relativeImport(module.file, 'src/core/logger.ts')}';`);
  lines.push(`import { mapLimit, retry, sleep } from '${relativeImport(module.file, 'src/core/util.ts')}';`);
  for (const dep of deps) {
    lines.push(`import { emit${dep.name}Changed, load${dep.name}, type ${dep.name}Record, type ${dep.name}Service } from '${relativeImport(module.file, dep.file)}';`);
  }
  lines.push('');
  lines.push(`export interface ${name}Record {`);
  lines.push(`  id: string;`);
  lines.push(`  ownerId: string;`);
  lines.push(`  status: 'draft' | 'active' | 'archived';`);
  lines.push(`  amount: number;`);
  lines.push(`  tags: string[];`);
  lines.push(`  updatedAt: Date;`);
  for (const dep of deps) lines.push(`  ${dep.camel}?: ${dep.name}Record;`);
  lines.push(`}`);
  lines.push('');
  lines.push(`export type ${name}Patch = Partial<Omit<${name}Record, 'id'>>;`);
  lines.push('');
  lines.push(`export function emit${name}Changed(bus: EventBus, id: string): void {`);
  lines.push(`  bus.emit('${camel}.changed', { id });`);
  lines.push(`}`);
  lines.push('');
  lines.push(`export function is${name}Active(record: ${name}Record): boolean {`);
  lines.push(`  return record.status === 'active' && record.amount >= 0;`);
  lines.push(`}`);
  lines.push('');
  lines.push(`export async function load${name}(db: Database, id: string): Promise<${name}Record | undefined> {`);
  lines.push(`  const rows = await db.query<${name}Record>('SELECT * FROM ${camel} WHERE id = ?', [id]);`);
  lines.push(`  return rows[0];`);
  lines.push(`}`);
  lines.push('');
  lines.push(`export class ${name}Service {`);
  lines.push(`  private readonly cache = new Map<string, ${name}Record>();`);
  lines.push('');
  lines.push(`  constructor(`);
  lines.push(`    private readonly db: Database,`);
  lines.push(`    private readonly bus: EventBus,`);
  lines.push(`    private readonly http: HttpClient,`);
  lines.push(`    private readonly logger: Logger,`);
  for (const dep of deps) lines.push(`    private readonly ${dep.camel}: ${dep.name}Service,`);
  lines.push(`  ) {}`);
  lines.push('');
  // The basics every service has, which the other methods call.
  lines.push(`  async get(id: string): Promise<${name}Record | undefined> {`);
  lines.push(`    const cached = this.cache.get(id);`);
  lines.push(`    if (cached) return cached;`);
  lines.push(`    const record = await load${name}(this.db, id);`);
  lines.push(`    if (record) this.cache.set(id, record);`);
  lines.push(`    return record;`);
  lines.push(`  }`);
  lines.push('');
  lines.push(`  async save(record: ${name}Record): Promise<void> {`);
  lines.push(`    await this.db.query('UPDATE ${camel} SET status = ?, amount = ? WHERE id = ?', [record.status, record.amount, record.id]);`);
  lines.push(`    this.cache.set(record.id, record);`);
  lines.push(`    emit${name}Changed(this.bus, record.id);`);
  lines.push(`  }`);
  lines.push('');
  lines.push(`  async exists(id: string): Promise<boolean> {`);
  lines.push(`    return (await this.get(id)) !== undefined;`);
  lines.push(`  }`);
  lines.push('');
  lines.push(`  private async audit(id: string, action: string): Promise<void> {`);
  lines.push(`    await this.db.query('INSERT INTO audit (entity, id, action) VALUES (?, ?, ?)', ['${camel}', id, action]);`);
  lines.push(`  }`);
  for (const dep of deps) {
    lines.push('');
    lines.push(`  async attach${dep.name}(id: string, ${dep.camel}Id: string): Promise<${name}Record | undefined> {`);
    lines.push(`    const [record, other] = await Promise.all([this.get(id), this.${dep.camel}.get(${dep.camel}Id)]);`);
    lines.push(`    if (!record || !other) return undefined;`);
    lines.push(`    const fresh = other.status === 'active' ? other : await load${dep.name}(this.db, ${dep.camel}Id);`);
    lines.push(`    const updated = { ...record, ${dep.camel}: fresh ?? other, updatedAt: new Date() };`);
    lines.push(`    await this.save(updated);`);
    lines.push(`    emit${dep.name}Changed(this.bus, ${dep.camel}Id);`);
    lines.push(`    return updated;`);
    lines.push(`  }`);
  }
  for (let i = 0; i < methodCount; i++) {
    lines.push('');
    lines.push(...renderMethod(pick(METHODS), i, name, camel, usesSyncFs, chance(0.12)));
  }
  lines.push(`}`);
  lines.push('');
  lines.push(`export function summarize${name}(records: readonly ${name}Record[]): { total: number; active: number; tags: string[] } {`);
  lines.push(`  const tags = new Set<string>();`);
  lines.push(`  let total = 0;`);
  lines.push(`  for (const record of records) {`);
  lines.push(`    total += record.amount;`);
  lines.push(`    for (const tag of record.tags) tags.add(tag);`);
  lines.push(`  }`);
  lines.push(`  return { total, active: records.filter(is${name}Active).length, tags: [...tags].sort() };`);
  lines.push(`}`);
  void rand;
  return `${lines.join('\n')}\n`;
}

type MethodKind = (typeof METHODS)[number];
const METHODS = ['list', 'refresh', 'ensure', 'template', 'deadline', 'remote', 'activate', 'archive', 'totals', 'retrying'] as const;

/** One method; `mistaken` picks the variant with the kind's typical async mistake. */
function renderMethod(kind: MethodKind, i: number, name: string, camel: string, usesSyncFs: boolean, mistaken: boolean): string[] {
  const m = `${kind}${i}`;
  switch (kind) {
    case 'list':
      return mistaken
        ? [
            `  async ${m}(ids: readonly string[]): Promise<${name}Record[]> {`,
            `    const found: ${name}Record[] = [];`,
            `    for (const id of ids) {`,
            `      const record = await this.get(id);`,
            `      if (record) found.push(record);`,
            `    }`,
            `    return found;`,
            `  }`,
          ]
        : [
            `  async ${m}(ids: readonly string[]): Promise<${name}Record[]> {`,
            `    const records = await mapLimit(ids, 8, (id) => this.get(id));`,
            `    return records.filter((record): record is ${name}Record => record !== undefined);`,
            `  }`,
          ];
    case 'refresh':
      return mistaken
        ? [
            `  async ${m}(records: ${name}Record[]): Promise<void> {`,
            `    records.forEach(async (record) => {`,
            `      await this.save({ ...record, updatedAt: new Date() });`,
            `    });`,
            `    this.logger.info('refreshed', { count: records.length });`,
            `  }`,
          ]
        : [
            `  async ${m}(records: ${name}Record[]): Promise<void> {`,
            `    await mapLimit(records, 4, (record) => this.save({ ...record, updatedAt: new Date() }));`,
            `    this.logger.info('refreshed', { count: records.length });`,
            `  }`,
          ];
    case 'ensure':
      return [
        `  async ${m}(id: string): Promise<${name}Record> {`,
        mistaken ? `    if (this.exists(id)) {` : `    if (await this.exists(id)) {`,
        `      const existing = await this.get(id);`,
        `      if (existing) return existing;`,
        `    }`,
        `    const created: ${name}Record = { id, ownerId: 'system', status: 'draft', amount: 0, tags: [], updatedAt: new Date() };`,
        `    await this.save(created);`,
        `    return created;`,
        `  }`,
      ];
    case 'template':
      return usesSyncFs && mistaken
        ? [
            `  async ${m}(locale: string): Promise<string> {`,
            `    const text = readFileSync(\`templates/${camel}.\${locale}.txt\`, 'utf8');`,
            `    return text.replace('{{entity}}', '${camel}');`,
            `  }`,
          ]
        : [
            `  async ${m}(locale: string): Promise<string> {`,
            `    const text = await readFile(\`templates/${camel}.\${locale}.txt\`, 'utf8');`,
            `    return text.replace('{{entity}}', '${camel}');`,
            `  }`,
          ];
    case 'deadline':
      return mistaken
        ? [
            `  ${m}(id: string, ms: number): Promise<${name}Record | undefined> {`,
            `    return new Promise(async (resolve, reject) => {`,
            `      const timer = setTimeout(() => reject(new Error('timeout')), ms);`,
            `      const record = await this.get(id);`,
            `      clearTimeout(timer);`,
            `      resolve(record);`,
            `    });`,
            `  }`,
          ]
        : [
            `  ${m}(id: string, ms: number): Promise<${name}Record | undefined> {`,
            `    return new Promise((resolve, reject) => {`,
            `      const timer = setTimeout(() => reject(new Error('timeout')), ms);`,
            `      this.get(id).then(`,
            `        (record) => {`,
            `          clearTimeout(timer);`,
            `          resolve(record);`,
            `        },`,
            `        (error: unknown) => {`,
            `          clearTimeout(timer);`,
            `          reject(error);`,
            `        },`,
            `      );`,
            `    });`,
            `  }`,
          ];
    case 'remote':
      return mistaken
        ? [
            `  async ${m}(id: string): Promise<${name}Record> {`,
            `    const response = await fetch(\`https://api.example.com/${camel}/\${id}\`);`,
            `    return (await response.json()) as ${name}Record;`,
            `  }`,
          ]
        : [
            `  async ${m}(id: string): Promise<${name}Record> {`,
            `    return this.http.getJson<${name}Record>(\`/${camel}/\${id}\`);`,
            `  }`,
          ];
    case 'activate':
      return [
        `  async ${m}(id: string): Promise<boolean> {`,
        `    const record = await this.get(id);`,
        `    if (!record || record.status === 'archived') return false;`,
        `    await this.save({ ...record, status: 'active', updatedAt: new Date() });`,
        mistaken ? `    this.audit(id, 'activate');` : `    await this.audit(id, 'activate');`,
        `    return true;`,
        `  }`,
      ];
    case 'archive':
      return [
        `  async ${m}(id: string): Promise<void> {`,
        `    const record = await this.get(id);`,
        `    if (!record) return;`,
        mistaken ? `    const active = await is${name}Active(record);` : `    const active = is${name}Active(record);`,
        `    if (active) this.logger.warn('archiving an active record', { id });`,
        `    await this.save({ ...record, status: 'archived', updatedAt: new Date() });`,
        `  }`,
      ];
    case 'totals':
      return [
        `  ${m}(records: readonly ${name}Record[]): Map<string, number> {`,
        `    const totals = new Map<string, number>();`,
        `    for (const record of records) totals.set(record.ownerId, (totals.get(record.ownerId) ?? 0) + record.amount);`,
        mistaken ? `    this.audit('*', 'totals');` : `    void this.audit('*', 'totals');`,
        `    return totals;`,
        `  }`,
      ];
    case 'retrying':
      return [
        `  async ${m}(ids: readonly string[]): Promise<number> {`,
        `    let saved = 0;`,
        mistaken
          ? `    const records = await Promise.all(ids.map((id) => retry(3, () => this.get(id))));`
          : `    const records = await mapLimit(ids, 4, (id) => retry(3, () => this.get(id)));`,
        `    for (const record of records) {`,
        `      if (!record) continue;`,
        `      await sleep(10);`,
        `      saved++;`,
        `    }`,
        `    return saved;`,
        `  }`,
      ];
  }
}

const TSCONFIG = {
  compilerOptions: {
    target: 'ES2022',
    module: 'ESNext',
    moduleResolution: 'Bundler',
    lib: ['ES2022', 'DOM'],
    types: ['node'],
    strict: true,
    skipLibCheck: true,
    noEmit: true,
  },
  include: ['src'],
};

/** typescript-eslint and eslint-plugin-n with the rules that match ours; resolved from the repository's node_modules. */
export const ESLINT_CONFIG = `import tseslint from 'typescript-eslint';
import n from 'eslint-plugin-n';

export default [
  {
    files: ['src/**/*.ts'],
    languageOptions: {
      parser: tseslint.parser,
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    plugins: { '@typescript-eslint': tseslint.plugin, n },
    linterOptions: { reportUnusedDisableDirectives: 'off' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'warn',
      '@typescript-eslint/no-misused-promises': 'warn',
      '@typescript-eslint/await-thenable': 'warn',
      'no-await-in-loop': 'warn',
      'no-async-promise-executor': 'warn',
      'n/no-sync': 'warn',
    },
  },
];
`;

/** Writes the corpus unless an identical one (same spec, same generator) is already there. */
export function writeCorpus(root: string, spec: CorpusSpec, ourConfig: string): GeneratedCorpus {
  const { files, bigFile, dependentPair } = generateFiles(spec);
  files.set('.async-pitfalls.json', ourConfig);
  files.set('tsconfig.json', `${JSON.stringify(TSCONFIG, null, 2)}\n`);
  files.set('package.json', `${JSON.stringify({ name: spec.name, private: true, version: '1.0.0' }, null, 2)}\n`);
  files.set('eslint.config.mjs', ESLINT_CONFIG);
  let lines = 0;
  for (const [name, text] of files) if (name.startsWith('src/')) lines += text.split('\n').length - 1;
  const sourceFiles = [...files.keys()].filter((name) => name.startsWith('src/')).length;

  const stamp = JSON.stringify({ spec, files: files.size, lines, hash: hashTexts(files) });
  const stampFile = path.join(root, '.generated.json');
  if (!(fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp)) {
    fs.rmSync(root, { recursive: true, force: true });
    for (const [name, text] of files) {
      const full = path.join(root, name);
      fs.mkdirSync(path.dirname(full), { recursive: true });
      fs.writeFileSync(full, text);
    }
    fs.writeFileSync(stampFile, stamp);
  }
  return { root, files: sourceFiles, lines, bigFile, dependentPair };
}

/** FNV-1a over every name and text: a changed generator rewrites the corpus. */
function hashTexts(files: Map<string, string>): string {
  let hash = 0x811c9dc5;
  for (const [name, text] of files) {
    for (const chunk of [name, text]) {
      for (let i = 0; i < chunk.length; i++) hash = Math.imul(hash ^ chunk.charCodeAt(i), 0x01000193) >>> 0;
    }
  }
  return hash.toString(16);
}
