/**
 * The pinned corpus of the ecosystem check: published packages nobody here wrote, chosen for code that
 * does a lot of async work. Each one is installed from the registry at this version with its runtime
 * dependencies beside it, and the CLI runs on `paths` inside it (its own code, not its tests or builds
 * of the same sources).
 */
export interface CorpusPackage {
  /** The npm package name; also the folder under the corpus root and the first part of a finding's key. */
  readonly name: string;
  readonly version: string;
  /** What to analyze, relative to the package root. */
  readonly paths: readonly string[];
  /** Declarations the code needs that the package does not depend on at run time (versions pinned). */
  readonly types: Readonly<Record<string, string>>;
  /**
   * `shipped`: the package's own tsconfig.json includes the analyzed files and the CLI uses it.
   * `inferred`: no tsconfig ships, so the CLI analyzes the files in its inferred project, as a user
   * opening the package without one would see it.
   */
  readonly project: 'shipped' | 'inferred';
  /** Code that runs only in a browser: no Node.js mistakes (a sync file read) are injected into it. */
  readonly browser?: boolean;
  /**
   * Generated files the analysis skips with an error (see the engine's minified-file check), listed in
   * the package's config as a user would: relative to the package root.
   */
  readonly ignore?: readonly string[];
  readonly what: string;
}

const NODE_TYPES = { '@types/node': '20.19.0' };

/**
 * Dependencies are resolved as the registry stood on this day, so a re-install months later gives the
 * same tree (and the same types) as the run that was labeled.
 */
export const RESOLVE_BEFORE = '2026-12-06';

export const CORPUS: readonly CorpusPackage[] = [
  {
    name: 'axios',
    version: '1.21.1',
    paths: ['lib'],
    types: NODE_TYPES,
    project: 'inferred',
    what: 'HTTP client, ESM JavaScript (node and browser adapters)',
  },
  {
    name: 'bullmq',
    version: '6.7.6',
    paths: ['dist/esm'],
    types: NODE_TYPES,
    project: 'inferred',
    // Embedded SQL as one string literal per line (135,000 characters): generated, not code to review.
    ignore: ['dist/esm/postgres/sql-scripts.js'],
    what: 'Redis job queue, ESM JavaScript as published (compiled from TypeScript with async/await kept)',
  },
  {
    name: 'fastify',
    version: '5.12.8',
    paths: ['fastify.js', 'lib'],
    types: NODE_TYPES,
    project: 'inferred',
    what: 'HTTP server framework, CommonJS',
  },
  {
    name: 'kafkajs',
    version: '2.2.4',
    paths: ['src'],
    types: NODE_TYPES,
    project: 'inferred',
    what: 'Kafka client (producers, consumers, admin, network layer), CommonJS',
  },
  {
    name: 'knex',
    version: '3.3.0',
    paths: ['lib', 'bin'],
    types: NODE_TYPES,
    project: 'inferred',
    what: 'SQL query builder with migrations, seeds and a CLI, CommonJS',
  },
  {
    name: 'mongodb',
    version: '7.9.1',
    paths: ['src'],
    types: NODE_TYPES,
    project: 'shipped',
    what: 'MongoDB driver, TypeScript sources with the tsconfig that builds them',
  },
  {
    name: 'mongoose',
    version: '9.13.2',
    paths: ['lib'],
    types: NODE_TYPES,
    project: 'inferred',
    what: 'MongoDB object modelling (models, documents, middleware, cursors), CommonJS',
  },
  {
    name: 'puppeteer-core',
    version: '25.16.0',
    paths: ['src'],
    types: { ...NODE_TYPES, '@types/ws': '8.18.2' },
    project: 'inferred',
    what: 'browser automation over CDP and WebDriver BiDi, TypeScript sources',
  },
  {
    name: 'tldraw',
    version: '5.4.2',
    paths: ['src'],
    types: { ...NODE_TYPES, '@types/react': '19.2.7', '@types/react-dom': '19.2.3' },
    project: 'inferred',
    browser: true,
    what: 'whiteboard UI in React (clipboard, drag and drop, file import, embeds), TypeScript sources',
  },
  {
    name: 'typeorm',
    version: '1.1.4',
    // The CommonJS build; browser/ holds an ESM copy of the same sources.
    paths: [
      'index.js', 'globals.js', 'cli.js', 'cache', 'commands', 'common', 'connection', 'data-source', 'decorator', 'driver',
      'entity-manager', 'entity-schema', 'error', 'find-options', 'logger', 'metadata', 'metadata-args', 'metadata-builder',
      'migration', 'naming-strategy', 'persistence', 'platform', 'query-builder', 'query-runner', 'repository', 'schema-builder',
      'subscriber', 'util',
    ],
    types: NODE_TYPES,
    project: 'inferred',
    what: 'ORM for SQL databases and MongoDB (drivers, query runners, migrations, CLI commands), CommonJS compiled from TypeScript',
  },
  {
    name: 'undici',
    version: '8.14.1',
    paths: ['index.js', 'lib'],
    types: NODE_TYPES,
    project: 'inferred',
    what: "Node's HTTP/1.1 and HTTP/2 client and fetch, CommonJS",
  },
  {
    name: 'vscode-langservers-extracted',
    version: '4.10.0',
    paths: ['lib/eslint-language-server'],
    types: NODE_TYPES,
    project: 'inferred',
    what: "VS Code's ESLint language server as published for other editors, JavaScript compiled with Babel",
  },
];
