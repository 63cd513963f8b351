import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Project, ts } from 'ts-morph';
import { PromiseTypes, unionParts } from '../../server/src/rules/util/promiseTypes';
import { ValueTypes, type TypeDepth } from '../../server/src/rules/util/valueTypes';

/**
 * ValueTypes answers from a callee's declared return type instead of having the checker resolve the
 * call. Wherever it does, every question the rules ask at that depth must get the answer the resolved
 * type gives: checked here on every call of real code (our own sources and the test corpora) and on
 * the constructs where the two could part.
 */
describe('ValueTypes', () => {
  function answers(program: ts.Program, type: ts.Type, location: ts.Node, depth: TypeDepth): string {
    const checker = program.getTypeChecker();
    const promises = new PromiseTypes(program, checker);
    const shallow = {
      promise: promises.isPromise(type),
      alwaysPromise: promises.isAlwaysPromise(type),
      thenable: promises.isThenable(type, location),
      alwaysThenable: promises.isAlwaysThenable(type, location),
      // Rules ask whether some or every part of a union is awaitable: the set of answers decides that.
      awaitability: [...new Set(unionParts(type).map((part) => promises.awaitability(part, location)))].sort(),
      callable: type.getCallSignatures().length > 0,
      any: (type.flags & ts.TypeFlags.Any) !== 0,
    };
    if (depth === 'shallow') return JSON.stringify(shallow);
    const elements = unionParts(type).map((part) => {
      const apparent = checker.getApparentType(part);
      if (!checker.isArrayType(apparent) && !checker.isTupleType(apparent)) return 'not an array';
      return checker.getTypeArguments(apparent as ts.TypeReference).map((element) => promises.isPromise(element));
    });
    return JSON.stringify({ ...shallow, elements });
  }

  /** Compares the quick type with the checker's at both depths for every call in the files; returns how many were quick. */
  function compareEveryCall(project: Project, files: readonly ts.SourceFile[]): { calls: number; quick: number } {
    const program = project.getProgram().compilerObject;
    const checker = program.getTypeChecker();
    // Records the nodes the checker is asked to type: a call among them was not answered quickly.
    const asked = new Set<ts.Node>();
    const recording = new Proxy(checker, {
      get: (target, property, receiver) =>
        property === 'getTypeAtLocation'
          ? (node: ts.Node) => {
              asked.add(node);
              return target.getTypeAtLocation(node);
            }
          : (Reflect.get(target, property, receiver) as unknown),
    });
    const values = new ValueTypes(recording);
    let calls = 0;
    let quick = 0;
    for (const file of files) {
      const visit = (node: ts.Node): void => {
        if (ts.isCallExpression(node) || ts.isAwaitExpression(node) || ts.isVoidExpression(node)) {
          calls++;
          for (const depth of ['shallow', 'deep'] as const) {
            asked.clear();
            const fast = values.typeOf(node, depth);
            if (!asked.has(node) && depth === 'shallow') quick++;
            const resolved = checker.getTypeAtLocation(node);
            const where: string = `${path.basename(file.fileName)}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1} ${node.getText(file).slice(0, 80)} (${depth})`;
            assert.equal(answers(program, fast, node, depth), answers(program, resolved, node, depth), where);
          }
        }
        ts.forEachChild(node, visit);
      };
      visit(file);
    }
    return { calls, quick };
  }

  it('agrees with the resolved call type on every call of our own sources', function () {
    this.timeout(120_000);
    const project = new Project({ tsConfigFilePath: path.resolve(__dirname, '../../tsconfig.json') });
    const files = project
      .getSourceFiles()
      .map((file) => file.compilerNode)
      .filter((file) => file.fileName.includes('/server/src/'));
    const { calls, quick } = compareEveryCall(project, files);
    assert.ok(calls > 2000, `only ${calls} calls`);
    // The shortcut must actually be taken on most calls, or it saves nothing.
    assert.ok(quick > calls / 2, `${quick} of ${calls} quick`);
  });

  for (const corpus of ['promise-corpus', 'event-loop-service']) {
    it(`agrees with the resolved call type on every call of the ${corpus} fixture`, function () {
      this.timeout(60_000);
      const project = new Project({ tsConfigFilePath: path.resolve(__dirname, `../fixtures/${corpus}/tsconfig.json`) });
      const files = project
        .getSourceFiles()
        .map((file) => file.compilerNode)
        .filter((file) => !file.isDeclarationFile);
      const { calls } = compareEveryCall(project, files);
      assert.ok(calls > 10, `only ${calls} calls`);
    });
  }

  it('agrees on the constructs where a declared return type and a resolved one can part', () => {
    const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'] } });
    project.createSourceFile(
      'cases.ts',
      `
declare function identity<T>(value: T): T;
declare function wrap<T>(value: T): { value: T };
declare function all<T>(values: T[]): Promise<T[]>;
declare function items<T>(value: T): T[];
declare function overloaded(value: string): Promise<string>;
declare function overloaded(value: number): number;
declare function same(value: string): Promise<string>;
declare function same(value: number): Promise<number>;
declare function conditional<T>(value: T): T extends string ? Promise<T> : T;
class Builder {
  add(): this { return this; }
  async run(): Promise<void> {}
  async infer() { return [Promise.resolve(1)]; }
  async *stream() { yield 1; }
}
async function inferred(flag: boolean) {
  if (flag) return 1;
  return 'one';
}
class Thenable<T> { then(onFulfilled: (value: T) => void): void {} }
declare const maybe: { go(): Promise<void> } | undefined;
declare const either: (() => Promise<void>) | (() => number);
declare const senders: ((method: string) => Promise<string>) | ((method: string) => Promise<number>);
declare const genericSenders: (<T extends 'a' | 'b'>(method: T) => Promise<T>) | (<T extends 'a' | 'b'>(method: T) => Promise<T[]>);
declare const clashing: (<T extends string>(method: T) => Promise<T>) | (<T extends number>(method: T) => Promise<T>);
declare const loose: any;
export async function cases(): Promise<void> {
  identity(Promise.resolve(1));
  identity(1);
  wrap(Promise.resolve(1));
  all([1, 2]);
  items(Promise.resolve(1));
  items(1);
  overloaded('a');
  overloaded(1);
  same('a');
  conditional('a');
  conditional(1);
  new Builder().add().run();
  new Builder().add();
  new Thenable<number>().then(() => undefined);
  maybe?.go();
  either();
  senders('a');
  await senders('a');
  genericSenders('a');
  await genericSenders('a');
  clashing('a' as never);
  loose(Promise.resolve(1));
  await loose(1);
  [1, 2].map(async (n) => n);
  [1, 2].map((n) => n);
  Promise.all([Promise.resolve(1), 2]);
  Promise.race([Promise.resolve(1)]);
  new Map<string, Promise<number>>().set('a', Promise.resolve(1));
  (async () => 1)();
  new Builder().infer();
  new Builder().stream();
  inferred(true);
  await new Builder().infer();
  await inferred(false);
  (async () => [Promise.resolve(1)])();
  await overloaded('a');
  await same('a');
  await all([Promise.resolve(1)]);
  await wrap(Promise.resolve(1));
  await Promise.all([Promise.resolve(1), 2]);
  await new Builder().run();
  await maybe?.go();
  void overloaded('a');
  void 0;
  voidOverloads(1);
}
declare function voidOverloads(value: string): void;
declare function voidOverloads(value: number): void;
`,
    );
    const files = project.getSourceFiles().map((file) => file.compilerNode);
    const { calls, quick } = compareEveryCall(project, files);
    assert.ok(calls >= 20 && quick > 0);
  });
});
