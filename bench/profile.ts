import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Reads a V8 .cpuprofile (node --cpu-prof) and says where the time went, by phase. Each sample is
 * charged to the innermost frame on its stack that identifies a phase: a TypeScript function is
 * placed by the top-level function of typescript.js that contains it (the parser, the binder, the
 * checker, program creation, module resolution), our code by its folder.
 */

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  parent?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface ProfileSummary {
  totalMs: number;
  phases: { phase: string; ms: number; share: number }[];
  /** Functions by self time. */
  hottest: { name: string; where: string; phase: string; ms: number }[];
  /** Checker time split by the public checker entry point our code called. */
  checkerEntries: { entry: string; ms: number }[];
  /** Time under each rule's check (its own code, the checker work it asks for, everything below it). */
  byRule: { rule: string; ms: number; checkerMs: number }[];
}

/** Top-level declarations of typescript.js (line → name), so any TypeScript frame can be placed. */
class TypeScriptMap {
  private readonly starts: { line: number; name: string }[] = [];

  constructor(file: string) {
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      const match = /^(?:function\*? |var |let |const |class )([\w$]+)/.exec(lines[i]);
      if (match) this.starts.push({ line: i, name: match[1] });
    }
  }

  /** The top-level declaration that contains the 0-based line. */
  enclosing(line: number): string {
    let low = 0;
    let high = this.starts.length - 1;
    let found = '';
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.starts[middle].line <= line) {
        found = this.starts[middle].name;
        low = middle + 1;
      } else high = middle - 1;
    }
    return found;
  }
}

const MODULE_RESOLUTION = /ModuleName|TypeReferenceDirective|moduleResolution|PackageJson|NodeModules|Resolution|resolveModule|resolveTypeReference|loadModule|tryFile|tryLoad/;

function typeScriptPhase(topLevel: string): string | undefined {
  if (topLevel === 'createTypeChecker') return 'checker';
  if (topLevel === 'Parser' || topLevel === 'createScanner' || topLevel === 'IncrementalParser' || /^(?:createSourceFile|parse|updateSourceFile|forEachChild|isJSDoc|createNodeFactory)/.test(topLevel)) return 'parse';
  if (topLevel === 'createBinder' || topLevel === 'bindSourceFile' || topLevel === 'getModuleInstanceState' || topLevel === 'getContainerFlags') return 'bind';
  if (MODULE_RESOLUTION.test(topLevel)) return 'module resolution';
  if (/^(?:createProgram|getConfigFileParsingDiagnostics|processRootFile|findSourceFile|createCompilerHost|createGetSourceFile|getImpliedNodeFormat|createModuleOrTypeReferenceResolutionCache|getLibFileFromReference|isProgramUptoDate)/.test(topLevel)) {
    return 'program creation';
  }
  if (/^(?:parseJsonConfigFileContent|parseJsonSourceFileConfigFileContent|matchFiles|getFileMatcherPatterns|convertToObject|parseConfig|getFileNamesFromConfigSpecs)/.test(topLevel)) return 'tsconfig and file globbing';
  return undefined;
}

function ourPhase(url: string): string | undefined {
  if (/\/server\/src\/rules\//.test(url)) return 'rules (own code)';
  if (/\/server\/src\/engine\//.test(url)) return 'engine (analyzer, suppressions)';
  if (/\/server\/src\/(?:project|config)\//.test(url)) return 'workspace and config';
  if (/\/server\/src\/(?:cli|lsp)\/|\/server\/src\/(?:cli|server)\.ts/.test(url)) return 'CLI/LSP';
  if (/ts-morph/.test(url) && !/typescript\.js$/.test(url)) return 'ts-morph wrappers';
  return undefined;
}

/** `lastMs`: only the samples of the profile's last milliseconds (a phase that ran at the end). */
export function summarizeProfile(profileFile: string, typeScriptFile: string, lastMs?: number): ProfileSummary {
  const profile = JSON.parse(fs.readFileSync(profileFile, 'utf8')) as CpuProfile;
  const tsMap = new TypeScriptMap(typeScriptFile);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  for (const node of profile.nodes) for (const child of node.children ?? []) byId.get(child)!.parent = node.id;

  const phaseOfNode = new Map<number, string | null>();
  const frameOf = (node: ProfileNode): string | undefined => {
    const { url, functionName, lineNumber } = node.callFrame;
    if (functionName === '(garbage collector)') return 'garbage collection';
    if (functionName === '(idle)') return 'idle';
    if (functionName === '(program)') return 'V8 (unattributed)';
    if (url.endsWith('/typescript.js')) return typeScriptPhase(tsMap.enclosing(lineNumber));
    return ourPhase(url);
  };
  /** The innermost phase on the node's stack, memoized (a node's stack never changes). */
  const stackPhase = (node: ProfileNode): string | null => {
    const cached = phaseOfNode.get(node.id);
    if (cached !== undefined) return cached;
    const parent = node.parent === undefined ? undefined : byId.get(node.parent);
    const result = frameOf(node) ?? (parent ? stackPhase(parent) : null);
    phaseOfNode.set(node.id, result);
    return result;
  };
  const phase = (node: ProfileNode): string =>
    stackPhase(node) ?? (node.callFrame.url.endsWith('/typescript.js') ? 'typescript (other)' : 'startup, module loading, other');

  /** The public checker entry point (a checker function called from outside the checker) of a checker sample. */
  const checkerEntry = (node: ProfileNode): string => {
    let entry = node.callFrame.functionName || '(anonymous)';
    for (let current: ProfileNode | undefined = node; current; current = current.parent === undefined ? undefined : byId.get(current.parent)) {
      const { url, lineNumber, functionName } = current.callFrame;
      const inChecker = url.endsWith('/typescript.js') && tsMap.enclosing(lineNumber) === 'createTypeChecker';
      if (!inChecker) break;
      entry = functionName || '(anonymous)';
    }
    return entry;
  };

  /** The rule whose check() is on the stack: the outermost frame in a rule module (not in rules/util). */
  const ruleOfNode = new Map<number, string | null>();
  const ruleOf = (node: ProfileNode): string | null => {
    const cached = ruleOfNode.get(node.id);
    if (cached !== undefined) return cached;
    const parent = node.parent === undefined ? undefined : byId.get(node.parent);
    const outer = parent ? ruleOf(parent) : null;
    const own = /\/server\/src\/rules\/([\w-]+)\.ts$/.exec(node.callFrame.url);
    const result = outer ?? (own && own[1] !== 'index' && own[1] !== 'types' && own[1] !== 'options' ? own[1] : null);
    ruleOfNode.set(node.id, result);
    return result;
  };

  const selfMs = new Map<number, number>();
  const windowStart = lastMs === undefined ? -Infinity : profile.endTime - lastMs * 1000;
  let timestamp = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    timestamp += profile.timeDeltas[i] ?? 0;
    if (timestamp < windowStart) continue;
    const delta = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    selfMs.set(profile.samples[i], (selfMs.get(profile.samples[i]) ?? 0) + delta);
  }
  const phases = new Map<string, number>();
  const functions = new Map<string, { name: string; where: string; phase: string; ms: number }>();
  const entries = new Map<string, number>();
  const rules = new Map<string, { ms: number; checkerMs: number }>();
  let totalMs = 0;
  for (const [id, ms] of selfMs) {
    const node = byId.get(id)!;
    const nodePhase = phase(node);
    totalMs += ms;
    phases.set(nodePhase, (phases.get(nodePhase) ?? 0) + ms);
    const { functionName, url, lineNumber } = node.callFrame;
    const where = url ? `${shortUrl(url)}:${lineNumber + 1}` : '';
    const key = `${functionName}\0${where}`;
    const entry = functions.get(key) ?? { name: functionName || '(anonymous)', where, phase: nodePhase, ms: 0 };
    entry.ms += ms;
    functions.set(key, entry);
    const rule = ruleOf(node);
    if (rule) {
      const entry = rules.get(rule) ?? { ms: 0, checkerMs: 0 };
      entry.ms += ms;
      if (nodePhase === 'checker') entry.checkerMs += ms;
      rules.set(rule, entry);
    }
    if (nodePhase === 'checker') {
      const name = checkerEntry(node);
      entries.set(name, (entries.get(name) ?? 0) + ms);
    }
  }
  return {
    totalMs,
    phases: [...phases].map(([name, ms]) => ({ phase: name, ms, share: ms / totalMs })).sort((a, b) => b.ms - a.ms),
    hottest: [...functions.values()].sort((a, b) => b.ms - a.ms).slice(0, 15),
    checkerEntries: [...entries].map(([entry, ms]) => ({ entry, ms })).sort((a, b) => b.ms - a.ms).slice(0, 8),
    byRule: [...rules].map(([name, entry]) => ({ rule: name, ...entry })).sort((a, b) => b.ms - a.ms),
  };
}

function shortUrl(url: string): string {
  const clean = url.replace(/^file:\/\//, '');
  const nodeModules = clean.lastIndexOf('/node_modules/');
  if (nodeModules >= 0) return clean.slice(nodeModules + '/node_modules/'.length);
  const server = clean.indexOf('/server/src/');
  return server >= 0 ? clean.slice(server + 1) : path.basename(clean);
}

/**
 * The main thread's profile in a folder: node writes one per thread (tsx's loader runs on its own),
 * named CPU.<date>.<time>.<pid>.<thread>.<sequence>.cpuprofile, the main thread being thread 0.
 */
export function mainThreadProfile(directory: string): string {
  const profiles = fs.readdirSync(directory).filter((name) => name.endsWith('.cpuprofile'));
  const main = profiles.filter((name) => /\.\d+\.0\.\d+\.cpuprofile$/.test(name));
  const candidates = (main.length > 0 ? main : profiles).map((name) => path.join(directory, name));
  if (candidates.length === 0) throw new Error(`no .cpuprofile in ${directory}`);
  return candidates.sort((a, b) => fs.statSync(b).size - fs.statSync(a).size)[0];
}
