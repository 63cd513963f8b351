import * as path from 'node:path';
import { ts } from '../../typescript';
import { skipParentheses } from './ast';
import type { AsyncContexts } from './asyncContext';
import type { CallTarget } from './callTargets';

/** Commands that start a Node.js process (and so a whole second event loop). */
const NODE_COMMANDS = new Set(['node', 'nodejs', 'npx', 'tsx', 'ts-node', 'ts-node-esm']);

export const SYNC_CHILD_PROCESS_FUNCTIONS: ReadonlySet<string> = new Set(['execSync', 'execFileSync', 'spawnSync']);

/**
 * Whether a call runs a Node.js program to completion synchronously: `execSync('node x.js')`,
 * `execFileSync(process.execPath, [...])`, `spawnSync('npx', [...])`. The command is read from a
 * literal, a template's first word or `process.execPath`; a command built at run time is not recognized.
 */
export function runsNodeSynchronously(call: ts.CallExpression, target: CallTarget, contexts: AsyncContexts): boolean {
  if (target.module !== 'child_process' || !target.library || !SYNC_CHILD_PROCESS_FUNCTIONS.has(target.name)) return false;
  const [command] = call.arguments;
  if (!command) return false;
  return target.name === 'execSync' ? shellCommandRunsNode(command, contexts) : programIsNode(command, contexts);
}

/** The program of a command line: its first word, or what the template starts with. */
function shellCommandRunsNode(command: ts.Expression, contexts: AsyncContexts): boolean {
  let expression = skipParentheses(command);
  // `process.execPath + ' script.js'`: the leftmost operand starts the command.
  while (ts.isBinaryExpression(expression) && expression.operatorToken.kind === ts.SyntaxKind.PlusToken) expression = skipParentheses(expression.left);
  if (ts.isStringLiteralLike(expression)) return isNodeProgram(firstWord(expression.text));
  if (ts.isTemplateExpression(expression)) {
    const head = expression.head.text;
    if (head.trim() !== '') return isNodeProgram(firstWord(head));
    return isExecPath(expression.templateSpans[0].expression, contexts);
  }
  return isExecPath(expression, contexts);
}

function programIsNode(program: ts.Expression, contexts: AsyncContexts): boolean {
  const expression = skipParentheses(program);
  if (ts.isStringLiteralLike(expression)) return isNodeProgram(expression.text);
  return isExecPath(expression, contexts);
}

function firstWord(text: string): string {
  const trimmed = text.trimStart();
  const quoted = /^["']([^"']*)["']/.exec(trimmed);
  return quoted ? quoted[1] : trimmed.split(/\s+/)[0];
}

function isNodeProgram(program: string): boolean {
  const base = path.posix.basename(program.replace(/\\/g, '/')).replace(/\.(exe|cmd)$/i, '');
  return NODE_COMMANDS.has(base);
}

function isExecPath(expression: ts.Expression, contexts: AsyncContexts): boolean {
  const value = skipParentheses(expression);
  return ts.isPropertyAccessExpression(value) && value.name.text === 'execPath' && contexts.isBuiltin(value.expression, 'process');
}
