import { ts } from '../../typescript';
import { forEachNode } from './ast';
import { collectingReads, readCodeOf, readCodeOfFiles } from './crossFileReads';
import { calledDeclaration, moduleOfDeclaration } from './declarations';
import { PromiseTypes } from './promiseTypes';

/**
 * Whether work does I/O, asked of the checker: a call counts when it resolves to a network, file or
 * database API of a module we know, or to a function of the project whose body makes such a call
 * (followed a few calls deep). Names alone are never evidence: a `load()` declared without a body,
 * a callback typed `any` or a method of an unknown library is not known to do I/O.
 *
 * Evidence comes in two kinds, because the concurrency rules advise differently on them:
 * - `free` I/O runs independently of the other calls: `fetch`, the functions of `fs/promises`, an HTTP
 *   client (`axios.get`, `got`), a cloud SDK's client;
 * - `shared` I/O goes through one object that serializes or orders it: a database connection, a query
 *   runner, a transaction, a file handle, a socket. Running such calls concurrently gains nothing (the
 *   object queues them) or breaks an order the code relies on.
 */
export interface IoWork {
  /** Some call in the work does I/O. */
  io: boolean;
  /** Some of that I/O goes through an object shared with other calls (not one per item). */
  shared: boolean;
  /**
   * Some of that I/O holds a handle while it runs (a socket, a file descriptor, a connection, a child
   * process): thousands at once can exhaust them. A file's metadata (`stat`, `mkdir`, `unlink`) is one
   * step on libuv's thread pool that holds nothing in between, so thousands of them only queue.
   */
  holds: boolean;
}

const NONE: IoWork = { io: false, shared: false, holds: false };
const FREE: IoWork = { io: true, shared: false, holds: true };
const SHARED: IoWork = { io: true, shared: true, holds: true };
const METADATA: IoWork = { io: true, shared: false, holds: false };

/** Where `fetch` comes from when it is the platform's or a polyfill's. */
const FETCH_MODULES = new Set(['lib', 'node', 'undici-types', 'undici', 'node-fetch', 'cross-fetch', 'isomorphic-fetch']);
/** Node modules whose top-level functions do I/O (not their `...Sync` forms, not the factories of servers and streams). */
const NODE_IO_MODULES = new Set(['fs', 'fs/promises', 'http', 'https', 'http2', 'net', 'tls', 'dns', 'dns/promises', 'child_process', 'dgram']);
const NOT_IO_FUNCTION = /Sync$|^(create|watch|unwatch)|^(promisify|callbackify|format|inspect)$/;
/** File-system modules, Node's and the drop-in replacements. */
const FILE_SYSTEM_MODULES = new Set(['fs', 'fs/promises', 'fs-extra', 'graceful-fs']);
/** Classes of those modules whose methods read fields already in memory (`stats.isDirectory()`). */
const IN_MEMORY_CLASSES = new Set(['StatsBase', 'Stats', 'BigIntStats', 'StatsFsBase', 'StatsFs', 'Dirent']);
/** Their functions that work on a file's metadata or name, each one step that holds no descriptor in between. */
const METADATA_FUNCTIONS = new Set([
  'access',
  'chmod',
  'chown',
  'copyFile',
  'exists',
  'lchmod',
  'lchown',
  'link',
  'lstat',
  'lutimes',
  'mkdir',
  'mkdtemp',
  'pathExists',
  'readdir',
  'readlink',
  'realpath',
  'rename',
  'rmdir',
  'stat',
  'statfs',
  'symlink',
  'truncate',
  'unlink',
  'utimes',
]);
/** HTTP and cloud clients: each call is a request of its own (the client multiplexes or pools them). */
const NETWORK_PACKAGES = new Set([
  'axios',
  'got',
  'ky',
  'undici',
  'node-fetch',
  'cross-fetch',
  'isomorphic-fetch',
  'superagent',
  'needle',
  'request',
  'request-promise',
  'fs-extra',
  'graceful-fs',
  'googleapis',
  'openai',
  'stripe',
]);
const NETWORK_SCOPES = /^@(aws-sdk|octokit|google-cloud|azure|slack)\//;
/** Database, cache and queue clients: their calls go through a connection, a session or a channel. */
const DATABASE_PACKAGES = new Set([
  'pg',
  'pg-pool',
  'mysql',
  'mysql2',
  'mongodb',
  'mongoose',
  'ioredis',
  'redis',
  '@redis/client',
  'sqlite',
  'sqlite3',
  '@prisma/client',
  'sequelize',
  'typeorm',
  'knex',
  'mssql',
  'tedious',
  'oracledb',
  'cassandra-driver',
  '@elastic/elasticsearch',
  'kafkajs',
  'amqplib',
  'bullmq',
  'drizzle-orm',
]);
/** Methods of those clients that work in memory (a document's validation, its plain-object form). */
const IN_MEMORY_METHODS = new Set(['validate', 'validateSync', 'toObject', 'toJSON', 'toString', 'populated', 'isModified', 'markModified', 'get', 'set', 'on', 'once', 'emit', 'off']);

/** Methods that release resources: closing a thousand connections at once overwhelms nothing. */
const TEARDOWN_METHODS = new Set(['close', 'destroy', 'dispose', 'end', 'abort', 'cancel', 'terminate', 'stop', 'disconnect', 'unsubscribe', 'kill', 'release', 'shutdown', 'quit', 'unref']);

/** How many project functions deep a call is followed. */
const MAX_DEPTH = 4;

/** Per checker: the project functions already looked into (a checker lives as long as its program). */
const functionCache = new WeakMap<ts.TypeChecker, Map<ts.Node, IoWork>>();
/** The files whose code each kept result of `functionBody` was made from (see crossFileReads). */
const bodyReads = new WeakMap<ts.Node, ReadonlySet<string>>();

export class IoEvidence {
  private readonly promiseTypes: PromiseTypes;
  private readonly functions: Map<ts.Node, IoWork>;

  constructor(
    private readonly program: ts.Program,
    private readonly checker: ts.TypeChecker,
  ) {
    this.promiseTypes = new PromiseTypes(program, checker);
    let cache = functionCache.get(checker);
    if (!cache) functionCache.set(checker, (cache = new Map()));
    this.functions = cache;
  }

  /**
   * The I/O the calls in `root` do (nested callbacks included: `new Promise((r) => fs.readFile(p, r))`).
   * `perItem` says whether a receiver is an object of its own per item (a document's `save()`): I/O
   * through it is not shared.
   */
  of(root: ts.Node, perItem?: (receiver: ts.Expression) => boolean, depth = 0): IoWork {
    let io = false;
    let shared = false;
    let holds = false;
    forEachNode(root, (node) => {
      if (shared || (!ts.isCallExpression(node) && !ts.isNewExpression(node))) return;
      const work = this.call(node, perItem, depth);
      io ||= work.io;
      shared ||= work.shared;
      holds ||= work.holds;
    });
    return { io, shared, holds };
  }

  /** The I/O a function value does when it is called: a literal's body, a project function's, or a library function itself. */
  ofFunction(expression: ts.Expression, perItem?: (receiver: ts.Expression) => boolean): IoWork {
    let value: ts.Expression = expression;
    while (ts.isParenthesizedExpression(value) || ts.isAsExpression(value) || ts.isNonNullExpression(value)) value = value.expression;
    if (ts.isArrowFunction(value) || ts.isFunctionExpression(value)) return this.of(value.body, perItem);
    const type = this.checker.getTypeAtLocation(value);
    const declaration = type.getCallSignatures()[0]?.getDeclaration();
    if (!declaration || ts.isJSDocSignature(declaration)) return NONE;
    // `ids.map(fetch)`, `paths.map(readFile)`: the library function itself.
    const module = moduleOfDeclaration(this.program, declaration);
    if (module !== undefined) return this.libraryCall(declaration, module, this.returnsThenable(declaration), undefined, perItem);
    return this.functionBody(declaration, 0);
  }

  private call(call: ts.CallExpression | ts.NewExpression, perItem: ((receiver: ts.Expression) => boolean) | undefined, depth: number): IoWork {
    const declaration = calledDeclaration(this.checker, call);
    if (!declaration) return NONE;
    const module = moduleOfDeclaration(this.program, declaration);
    if (module === undefined) return this.functionBody(declaration, depth);
    const thenable = this.promiseTypes.isThenable(this.checker.getTypeAtLocation(call), call);
    const callee = ts.isCallExpression(call) ? call.expression : undefined;
    const receiver = callee && ts.isPropertyAccessExpression(callee) ? callee.expression : undefined;
    return this.libraryCall(declaration, module, thenable, receiver, perItem);
  }

  private libraryCall(
    declaration: ts.Declaration,
    module: string,
    thenable: boolean,
    receiver: ts.Expression | undefined,
    perItem: ((receiver: ts.Expression) => boolean) | undefined,
  ): IoWork {
    const name = declarationName(declaration);
    if (name === undefined || TEARDOWN_METHODS.has(name)) return NONE;
    if (name === 'fetch' && FETCH_MODULES.has(module)) return FREE;
    if (NODE_IO_MODULES.has(module)) {
      if (NOT_IO_FUNCTION.test(name)) return NONE;
      // The module's own functions; a method is a handle's or a socket's, which orders its calls.
      if (ts.isFunctionDeclaration(declaration)) return FILE_SYSTEM_MODULES.has(module) && METADATA_FUNCTIONS.has(name) ? METADATA : FREE;
      if (ts.isMethodDeclaration(declaration) || ts.isMethodSignature(declaration)) {
        if (FILE_SYSTEM_MODULES.has(module) && IN_MEMORY_CLASSES.has(containerName(declaration) ?? '')) return NONE;
        return receiver && perItem?.(receiver) ? FREE : SHARED;
      }
      return NONE;
    }
    if (!thenable) return NONE;
    if (FILE_SYSTEM_MODULES.has(module) && METADATA_FUNCTIONS.has(name)) return METADATA;
    if (NETWORK_PACKAGES.has(module) || NETWORK_SCOPES.test(module)) return FREE;
    if (DATABASE_PACKAGES.has(module) && !IN_MEMORY_METHODS.has(name)) return receiver && perItem?.(receiver) ? FREE : SHARED;
    return NONE;
  }

  /** A project function: the I/O of its body, followed a few calls deep. */
  private functionBody(declaration: ts.Declaration, depth: number): IoWork {
    const body = 'body' in declaration ? (declaration.body as ts.Node | undefined) : undefined;
    if (!body || declaration.getSourceFile().isDeclarationFile || depth >= MAX_DEPTH) return NONE;
    const cached = this.functions.get(declaration);
    if (cached) {
      // A kept result was made from these bodies: whoever uses it reads them too.
      readCodeOfFiles(bodyReads.get(declaration) ?? [declaration.getSourceFile().fileName]);
      return cached;
    }
    // A recursive call adds nothing to what the body does.
    this.functions.set(declaration, NONE);
    const { value: work, files } = collectingReads(() => {
      readCodeOf(declaration);
      return this.of(body, undefined, depth + 1);
    });
    // Results cut short by the depth are not kept: a shallower look may see further.
    if (work.io || depth === 0) {
      this.functions.set(declaration, work);
      bodyReads.set(declaration, files);
    } else {
      this.functions.delete(declaration);
    }
    return work;
  }

  private returnsThenable(declaration: ts.SignatureDeclaration): boolean {
    const signature = this.checker.getSignatureFromDeclaration(declaration);
    return signature !== undefined && this.promiseTypes.isThenable(signature.getReturnType(), declaration);
  }
}

/** The class or interface a member is declared in. */
function containerName(member: ts.Declaration): string | undefined {
  const parent = member.parent;
  return (ts.isClassDeclaration(parent) || ts.isInterfaceDeclaration(parent)) && parent.name ? parent.name.text : undefined;
}

function declarationName(declaration: ts.Declaration): string | undefined {
  const name = ts.getNameOfDeclaration(declaration);
  // `promisify(fs.stat)` calls the `__promisify__` declared in the namespace merged with `stat`.
  if (name && ts.isIdentifier(name) && name.text === '__promisify__' && ts.isModuleBlock(declaration.parent)) {
    const namespace = declaration.parent.parent.name;
    return ts.isIdentifier(namespace) ? namespace.text : undefined;
  }
  if (name && (ts.isIdentifier(name) || ts.isStringLiteral(name))) return name.text;
  // A call signature of an interface (`axios(config)`, `got(url)`): named after its module's export.
  if (ts.isCallSignatureDeclaration(declaration)) return '()';
  return undefined;
}
