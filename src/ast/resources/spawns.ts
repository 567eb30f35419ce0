/**
 * Thread and process spawns: `new Worker` (worker_threads, or the global web `Worker`), child_process
 * `fork`/`spawn`/`exec`/`execFile` (and their `util.promisify` forms), `cluster.fork()`, cross-spawn and
 * execa. Recognised through imports only: BullMQ's `Worker` or a local `class Worker` is not a thread.
 *
 * Also answers "does this loop iteration wait for the spawned worker or process to finish before the next
 * one starts?" (`await execFileAsync(…)`, `await once(child, "exit")`, an awaited `new Promise` around it).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { childNodes } from "../syntax/traverse.js";
import { findVariable, getConstantInit, getPropertyName, isExportOf, isGlobal, resolveReference, skipWrappers } from "../syntax/imports.js";
import { isFunctionNode, isInside, type FunctionNode, type LoopNode } from "../syntax/functions.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export interface Spawn {
  /** What it starts. */
  kind: "thread" | "process";
  /** `true` when the call returns a promise that settles when the process exits (promisified exec, execa). */
  settlesOnExit: boolean;
}

const CHILD_PROCESS_SPAWNS = ["fork", "spawn", "exec", "execFile"];
const PROMISIFIABLE = ["exec", "execFile"];
const EXECA_SPAWNS = ["execa", "execaNode", "execaCommand"];
/** Events after which a worker or child process has finished its work. */
const COMPLETION_EVENTS = new Set(["exit", "close", "message", "error"]);
const LISTEN_METHODS = new Set(["on", "once", "addListener", "prependListener", "prependOnceListener"]);

function isPromisifiedExec(context: Context, expression: TSESTree.Node): boolean {
  const call = skipWrappers(expression);
  if (call.type !== AST_NODE_TYPES.CallExpression || call.arguments.length !== 1) return false;
  if (!isExportOf(resolveReference(context, call.callee), "util", "promisify")) return false;
  const target = resolveReference(context, call.arguments[0]!);
  return PROMISIFIABLE.some((name) => isExportOf(target, "child_process", name));
}

/** The spawn that `node` performs, or `undefined` when it is not one. */
export function getSpawn(context: Context, node: TSESTree.CallExpression | TSESTree.NewExpression): Spawn | undefined {
  const ref = resolveReference(context, node.callee);
  if (node.type === AST_NODE_TYPES.NewExpression) {
    if (isExportOf(ref, "worker_threads", "Worker") || isGlobal(ref, "Worker") || isGlobal(ref, "SharedWorker")) {
      return { kind: "thread", settlesOnExit: false };
    }
    return undefined;
  }
  if (CHILD_PROCESS_SPAWNS.some((name) => isExportOf(ref, "child_process", name))) return { kind: "process", settlesOnExit: false };
  if (isExportOf(ref, "cluster", "fork")) return { kind: "process", settlesOnExit: false };
  if (isExportOf(ref, "cross-spawn", "default") || isExportOf(ref, "cross-spawn", "spawn")) return { kind: "process", settlesOnExit: false };
  if (EXECA_SPAWNS.some((name) => isExportOf(ref, "execa", name))) return { kind: "process", settlesOnExit: true };
  // const execFileAsync = promisify(execFile); execFileAsync(…) — or promisify(execFile)(…) inline
  const callee = skipWrappers(node.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) {
    const init = getConstantInit(context, callee);
    if (init && isPromisifiedExec(context, init)) return { kind: "process", settlesOnExit: true };
  } else if (isPromisifiedExec(context, callee)) {
    return { kind: "process", settlesOnExit: true };
  }
  return undefined;
}

/** Every node below `root` that `predicate` accepts, not descending into nested functions when `sameFunction`. */
function findNodes(root: TSESTree.Node, predicate: (node: TSESTree.Node) => boolean, sameFunction: boolean): TSESTree.Node[] {
  const found: TSESTree.Node[] = [];
  const stack = [...childNodes(root)];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (predicate(node)) found.push(node);
    if (sameFunction && isFunctionNode(node)) continue;
    stack.push(...childNodes(node));
  }
  return found;
}

function isEventName(node: TSESTree.Node | undefined): boolean {
  return node?.type === AST_NODE_TYPES.Literal && typeof node.value === "string" && COMPLETION_EVENTS.has(node.value);
}

function refersTo(context: Context, node: TSESTree.Node | undefined, variable: TSESLint.Scope.Variable): boolean {
  const expression = node && skipWrappers(node);
  return expression?.type === AST_NODE_TYPES.Identifier && findVariable(context, expression) === variable;
}

/** `await once(child, "exit")`, or `await new Promise(…)` that listens for `child`'s exit, close or message. */
function awaitsCompletionOf(context: Context, awaitNode: TSESTree.AwaitExpression, variable: TSESLint.Scope.Variable): boolean {
  const argument = skipWrappers(awaitNode.argument);
  if (argument.type === AST_NODE_TYPES.CallExpression) {
    if (!isExportOf(resolveReference(context, argument.callee), "events", "once")) return false;
    return refersTo(context, argument.arguments[0], variable) && isEventName(argument.arguments[1]);
  }
  if (argument.type !== AST_NODE_TYPES.NewExpression || !isGlobal(resolveReference(context, argument.callee), "Promise")) return false;
  return findNodes(argument, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression) return false;
    const callee = skipWrappers(node.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || !LISTEN_METHODS.has(getPropertyName(callee) ?? "")) return false;
    return refersTo(context, callee.object, variable) && isEventName(node.arguments[0]);
  }, false).length > 0;
}

/** The variable a spawn's result is stored in (`const child = spawn(…)`), if any. */
function resultVariable(context: Context, spawn: TSESTree.Node): TSESLint.Scope.Variable | undefined {
  let node: TSESTree.Node = spawn;
  while (node.parent && skipWrappers(node.parent) !== node.parent) node = node.parent;
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === node && parent.id.type === AST_NODE_TYPES.Identifier) {
    return findVariable(context, parent.id) ?? undefined;
  }
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === node && parent.left.type === AST_NODE_TYPES.Identifier) {
    return findVariable(context, parent.left) ?? undefined;
  }
  return undefined;
}

/** `true` when `node` sits inside `loop` (a loop, or a callback run once per iteration) without a function boundary in between. */
function inLoopFunction(node: TSESTree.Node, loop: TSESTree.Node): boolean {
  let current = node.parent;
  while (current && current !== loop) {
    if (isFunctionNode(current)) return false;
    current = current.parent;
  }
  return current === loop;
}

function isAwaited(node: TSESTree.Node): boolean {
  let current: TSESTree.Node = node;
  while (current.parent && skipWrappers(current.parent) !== current.parent) current = current.parent;
  return current.parent?.type === AST_NODE_TYPES.AwaitExpression;
}

/**
 * `true` when each iteration of `loop` (a loop, or the callback of a serial `reduce`) waits for the worker
 * or process that `spawnNode` starts to finish before the next iteration starts:
 * - `await execFileAsync(…)` (a spawn whose promise settles on exit), directly in the loop body;
 * - `await new Promise((resolve) => { const w = new Worker(…); w.on("exit", resolve); })`;
 * - `const child = fork(…); … await once(child, "exit")` (or an awaited `new Promise` listening for it).
 */
export function isAwaitedPerIteration(context: Context, spawnNode: TSESTree.CallExpression | TSESTree.NewExpression, spawn: Spawn, loop: LoopNode | FunctionNode): boolean {
  if (inLoopFunction(spawnNode, loop)) {
    if (spawn.settlesOnExit && isAwaited(spawnNode)) return true;
    const variable = resultVariable(context, spawnNode);
    if (!variable) return false;
    const awaits = findNodes(loop, (node) => node.type === AST_NODE_TYPES.AwaitExpression && node.range[0] > spawnNode.range[1], true) as TSESTree.AwaitExpression[];
    return awaits.some((awaitNode) => inLoopFunction(awaitNode, loop) && awaitsCompletionOf(context, awaitNode, variable));
  }
  // The spawn runs in the executor of a `new Promise` that the loop body awaits.
  let executor: FunctionNode | undefined;
  let current: TSESTree.Node | undefined = spawnNode.parent;
  while (current && current !== loop) {
    if (isFunctionNode(current)) {
      if (executor) return false;
      executor = current;
    }
    current = current.parent;
  }
  const promise = executor?.parent;
  if (!executor || promise?.type !== AST_NODE_TYPES.NewExpression || promise.arguments[0] !== executor) return false;
  if (!isGlobal(resolveReference(context, promise.callee), "Promise")) return false;
  return isAwaited(promise) && inLoopFunction(promise, loop) && isInside(promise, loop);
}
