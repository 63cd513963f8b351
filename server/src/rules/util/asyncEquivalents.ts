import { ts } from '../../typescript';
import type { TextEdit } from '../types';
import { skipParentheses } from './ast';
import type { CallTarget } from './callTargets';
import { normalizeModuleName } from './declarations';
import { lineIndent, needsParenthesesInPlaceOf, sampleAwait, statementEnd, styledCode } from './fixText';
import { ImportEditor } from './imports';

/** fs functions whose promise version in `fs/promises` takes the same arguments. */
export const FS_PROMISE_EQUIVALENTS: Readonly<Record<string, string>> = {
  readFileSync: 'readFile',
  writeFileSync: 'writeFile',
  appendFileSync: 'appendFile',
  readdirSync: 'readdir',
  statSync: 'stat',
  lstatSync: 'lstat',
  mkdirSync: 'mkdir',
  rmSync: 'rm',
  unlinkSync: 'unlink',
  renameSync: 'rename',
  copyFileSync: 'copyFile',
  accessSync: 'access',
  // existsSync(p) becomes an access check.
  existsSync: 'access',
};

/**
 * CPU-heavy crypto functions and their callback versions. `promisify` types the ones marked so
 * correctly; the others (overloaded callbacks) are wrapped in a typed Promise by hand.
 */
export const CRYPTO_ASYNC_EQUIVALENTS: Readonly<Record<string, { name: string; promisify: boolean }>> = {
  pbkdf2Sync: { name: 'pbkdf2', promisify: true },
  generateKeyPairSync: { name: 'generateKeyPair', promisify: true },
  generateKeySync: { name: 'generateKey', promisify: true },
  scryptSync: { name: 'scrypt', promisify: false },
  hkdfSync: { name: 'hkdf', promisify: false },
  generatePrimeSync: { name: 'generatePrime', promisify: false },
  checkPrimeSync: { name: 'checkPrime', promisify: false },
};

export const CHILD_PROCESS_ASYNC_EQUIVALENTS: Readonly<Record<string, string>> = {
  execSync: 'exec',
  execFileSync: 'execFile',
};

/** zlib's one-shot functions, whose callback versions run on the thread pool. */
const ZLIB_CONVENIENCE_METHODS = new Set(
  ['gzip', 'gunzip', 'deflate', 'inflate', 'deflateRaw', 'inflateRaw', 'unzip', 'brotliCompress', 'brotliDecompress'].map((name) => `${name}Sync`),
);

/** What a blocking call can be replaced with, for messages: `fs.promises.readFile`, `exec` (promisified). */
export function asyncEquivalentName(target: CallTarget): string | undefined {
  if (target.module === 'fs' && FS_PROMISE_EQUIVALENTS[target.name]) return `fs.promises.${FS_PROMISE_EQUIVALENTS[target.name]}`;
  if (target.module === 'child_process' && CHILD_PROCESS_ASYNC_EQUIVALENTS[target.name]) {
    return `child_process.${CHILD_PROCESS_ASYNC_EQUIVALENTS[target.name]}`;
  }
  if (target.module === 'crypto' && CRYPTO_ASYNC_EQUIVALENTS[target.name]) return `crypto.${CRYPTO_ASYNC_EQUIVALENTS[target.name].name}`;
  if (target.module === 'zlib' && ZLIB_CONVENIENCE_METHODS.has(target.name)) return `zlib.${target.name.slice(0, -'Sync'.length)}`;
  return undefined;
}

/**
 * Builds the edits that replace a blocking call with the awaited async equivalent. Every builder
 * returns undefined rather than an edit it cannot vouch for: arguments the async version does not
 * take, a result whose type would change, a name it cannot import without a clash.
 * Callers offer these only where `await` is legal.
 */
export class AsyncRewriter {
  private ambientModules: Map<string, ts.Symbol> | undefined;

  constructor(
    private readonly sourceFile: ts.SourceFile,
    private readonly checker: ts.TypeChecker,
  ) {}

  /** `fs.readFileSync(p)` to `await fs.promises.readFile(p)`, or `await readFile(p)` imported from node:fs/promises. */
  fsCall(call: ts.CallExpression, target: CallTarget): TextEdit[] | undefined {
    const asyncName = FS_PROMISE_EQUIVALENTS[target.name];
    if (target.module !== 'fs' || !asyncName) return undefined;
    const asyncFunction = this.moduleExport('fs/promises', asyncName);
    if (!asyncFunction || !this.argumentsFit(call, this.checker.getTypeOfSymbol(asyncFunction).getCallSignatures(), 'direct')) return undefined;
    const imports = new ImportEditor(this.sourceFile, this.checker);
    const callee = skipParentheses(call.expression);
    let reference: string | undefined;
    if (ts.isPropertyAccessExpression(callee) && this.isModuleObject(callee.expression, 'fs')) {
      reference = `${callee.expression.getText(this.sourceFile)}.promises.${asyncName}`;
    } else {
      if (ts.isIdentifier(callee)) imports.removeIfOnlyUse(callee);
      reference = imports.reference('fs/promises', asyncName, [asyncName, `${asyncName}Async`]);
    }
    if (!reference) return undefined;
    const invocation = `${reference}(${this.argumentsText(call)})`;
    const replacement = target.name === 'existsSync' ? `${invocation}.then(() => true, () => false)` : invocation;
    return [this.replaceWithAwait(call, replacement), ...imports.edits()];
  }

  /** `execSync(cmd, opts)` to `await promisify(exec)(cmd, opts)` (with `.stdout` where the result is used). */
  childProcessCall(call: ts.CallExpression, target: CallTarget): TextEdit[] | undefined {
    const asyncName = CHILD_PROCESS_ASYNC_EQUIVALENTS[target.name];
    if (target.module !== 'child_process' || !asyncName) return undefined;
    const asyncFunction = this.moduleExport('child_process', asyncName);
    const promisified = asyncFunction && this.checker.getTypeOfSymbol(asyncFunction).getProperty('__promisify__');
    if (!promisified || !this.argumentsFit(call, this.checker.getTypeOfSymbol(promisified).getCallSignatures(), 'direct')) return undefined;
    const resultUsed = !isResultDiscarded(call);
    // exec gives strings by default where execSync gives a Buffer: only keep the result when its type stays the same.
    if (resultUsed && !hasEncodingOption(call) && !isToStringReceiver(call)) return undefined;
    const imports = new ImportEditor(this.sourceFile, this.checker);
    const asyncReference = this.counterpart(call, 'child_process', asyncName, imports);
    const promisify = imports.reference('util', 'promisify');
    if (!asyncReference || !promisify) return undefined;
    const invocation = `await ${promisify}(${asyncReference})(${this.argumentsText(call)})`;
    const start = call.getStart(this.sourceFile);
    const edit = resultUsed
      ? { start, end: call.end, newText: `(${invocation}).stdout` }
      : { start, end: call.end, newText: invocation };
    return [edit, ...imports.edits()];
  }

  /** `scryptSync(...)` to its callback version, promisified (or wrapped in a typed Promise), awaited. */
  cryptoCall(call: ts.CallExpression, target: CallTarget): TextEdit[] | undefined {
    const equivalent = CRYPTO_ASYNC_EQUIVALENTS[target.name];
    if (target.module !== 'crypto' || !equivalent) return undefined;
    const asyncFunction = this.moduleExport('crypto', equivalent.name);
    if (!asyncFunction || !this.argumentsFit(call, this.checker.getTypeOfSymbol(asyncFunction).getCallSignatures(), 'callback')) return undefined;
    const imports = new ImportEditor(this.sourceFile, this.checker);
    const asyncReference = this.counterpart(call, 'crypto', equivalent.name, imports);
    if (!asyncReference) return undefined;
    const args = this.argumentsText(call);
    let replacement: string;
    if (equivalent.promisify) {
      const promisify = imports.reference('util', 'promisify');
      if (!promisify) return undefined;
      replacement = `${promisify}(${asyncReference})(${args})`;
    } else {
      const resultType = this.checker.typeToString(this.checker.getTypeAtLocation(call), call, ts.TypeFormatFlags.NoTruncation);
      const separator = call.arguments.length > 0 ? ', ' : '';
      // The arguments are the file's own text (they may hold literals): placed after styling our part.
      const code = styledCode(
        this.sourceFile,
        `new Promise<${resultType}>((resolve, reject) => {\n  ${asyncReference}(\0${separator}(error, result) => (error ? reject(error) : resolve(result)));\n})`,
        lineIndent(this.sourceFile, call.getStart(this.sourceFile)),
      );
      replacement = code.replace('\0', () => args);
    }
    return [this.replaceWithAwait(call, replacement), ...imports.edits()];
  }

  /** Replaces a statement (a busy-wait loop, an `Atomics.wait` sleep) with `await setTimeout(delay)` from node:timers/promises. */
  sleep(replaced: ts.Node, delay: string): TextEdit[] | undefined {
    const imports = new ImportEditor(this.sourceFile, this.checker);
    const setTimeout = imports.reference('timers/promises', 'setTimeout', ['setTimeout', 'sleep', 'delay']);
    if (!setTimeout) return undefined;
    const statement = ts.isStatement(replaced) && !ts.isExpressionStatement(replaced);
    const newText = `await ${setTimeout}(${delay})${statement ? statementEnd(this.sourceFile) : ''}`;
    return [{ start: replaced.getStart(this.sourceFile), end: replaced.end, newText }, ...imports.edits()];
  }

  /**
   * How to name the async counterpart of a call's callee: through the same module object when the call
   * goes through one (`cp.execSync` gives `cp.exec`), else through an import (dropping the sync one if unused).
   */
  private counterpart(call: ts.CallExpression, module: string, name: string, imports: ImportEditor): string | undefined {
    const callee = skipParentheses(call.expression);
    if (ts.isPropertyAccessExpression(callee) && this.isModuleObject(callee.expression, module)) {
      return `${callee.expression.getText(this.sourceFile)}.${name}`;
    }
    if (ts.isIdentifier(callee)) imports.removeIfOnlyUse(callee);
    return imports.reference(module, name);
  }

  /** Whether an expression is the module object of a Node.js module (`import * as fs`, `import fs`, `require('fs')`). */
  private isModuleObject(expression: ts.Expression, module: string): boolean {
    const symbol = this.checker.getTypeAtLocation(expression).getSymbol();
    if (!symbol || !(symbol.flags & ts.SymbolFlags.ValueModule)) return false;
    const name = symbol.getName();
    return name.startsWith('"') && normalizeModuleName(name.slice(1, -1)) === module;
  }

  /** An export of an ambient Node.js module (`declare module "fs/promises"`), as the program declares it. */
  private moduleExport(module: string, name: string): ts.Symbol | undefined {
    if (!this.ambientModules) {
      this.ambientModules = new Map();
      for (const symbol of this.checker.getAmbientModules()) {
        const moduleName = normalizeModuleName(symbol.getName().slice(1, -1));
        if (!this.ambientModules.has(moduleName)) this.ambientModules.set(moduleName, symbol);
      }
    }
    const moduleSymbol = this.ambientModules.get(module);
    return moduleSymbol && this.checker.tryGetMemberInModuleExports(name, moduleSymbol);
  }

  /**
   * Whether the call's arguments fit one of the signatures: 'direct' as they are, 'callback' followed by a
   * callback (the node-style async version of the same function).
   */
  private argumentsFit(call: ts.CallExpression, signatures: readonly ts.Signature[], mode: 'direct' | 'callback'): boolean {
    if (call.arguments.some((argument) => ts.isSpreadElement(argument))) return false;
    const argumentTypes = call.arguments.map((argument) => this.checker.getTypeAtLocation(argument));
    return signatures.some((signature) => {
      const parameters = signature.getParameters();
      const declarations = parameters.map((parameter) => parameter.valueDeclaration);
      if (declarations.some((declaration) => !declaration || !ts.isParameter(declaration) || declaration.dotDotDotToken)) return false;
      const count = mode === 'callback' ? parameters.length - 1 : parameters.length;
      if (mode === 'callback' && argumentTypes.length !== count) return false;
      const required = declarations.filter((declaration) => !(declaration as ts.ParameterDeclaration).questionToken).length;
      if (argumentTypes.length > count || argumentTypes.length < Math.min(required, count)) return false;
      return argumentTypes.every((type, index) => this.checker.isTypeAssignableTo(type, this.checker.getTypeOfSymbol(parameters[index])));
    });
  }

  private argumentsText(call: ts.CallExpression): string {
    return this.sourceFile.text.slice(call.arguments.pos, call.arguments.end);
  }

  private replaceWithAwait(call: ts.CallExpression, replacement: string): TextEdit {
    const newText = needsParenthesesAroundAwait(call) ? `(await ${replacement})` : `await ${replacement}`;
    return { start: call.getStart(this.sourceFile), end: call.end, newText };
  }
}

/** Whether `await expression` in this position would bind differently than the expression did. */
export function needsParenthesesAroundAwait(expression: ts.Expression): boolean {
  return needsParenthesesInPlaceOf(expression, sampleAwait());
}

function isResultDiscarded(call: ts.CallExpression): boolean {
  let node: ts.Node = call;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  return ts.isExpressionStatement(node.parent) || ts.isVoidExpression(node.parent);
}

function hasEncodingOption(call: ts.CallExpression): boolean {
  return call.arguments.some(
    (argument) =>
      ts.isObjectLiteralExpression(argument) &&
      argument.properties.some((property) => ts.isPropertyAssignment(property) && ts.isIdentifier(property.name) && property.name.text === 'encoding'),
  );
}

/** `execSync(cmd).toString()`: the text is what is used, so a string result keeps the meaning. */
function isToStringReceiver(call: ts.CallExpression): boolean {
  const parent = call.parent;
  return (
    ts.isPropertyAccessExpression(parent) &&
    parent.expression === call &&
    parent.name.text === 'toString' &&
    ts.isCallExpression(parent.parent) &&
    parent.parent.expression === parent &&
    parent.parent.arguments.length === 0
  );
}
