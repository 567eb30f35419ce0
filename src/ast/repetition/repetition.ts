/**
 * "Which loop or iteration callback repeats this node an unbounded number of times?" — like `runsPerItem`
 * in per-item.ts, but it names the repetition, so a rule can then ask whether each repetition waits for
 * the previous one, and it also accepts `while (n < N)` with a constant `N` as bounded.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { isBoundedArrayLikeSource, isBoundedCollection, isBoundedNumber } from "./bounded.js";
import { getPropertyName, skipWrappers } from "../syntax/imports.js";
import { type FunctionNode, getIterationCall, isLoopNode, type LoopNode } from "../syntax/functions.js";
import { isBoundedLoop } from "./per-item.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export type Repetition =
  | { kind: "loop"; node: LoopNode }
  | { kind: "iteration"; node: TSESTree.CallExpression; callback: FunctionNode };

/** `while (count < N)` / `do … while (N > count)` with a bounded `N`. */
function isBoundedWhile(context: Context, loop: TSESTree.WhileStatement | TSESTree.DoWhileStatement): boolean {
  const test = skipWrappers(loop.test);
  if (test.type !== AST_NODE_TYPES.BinaryExpression) return false;
  if (test.operator === "<" || test.operator === "<=") return isBoundedNumber(context, test.right);
  if (test.operator === ">" || test.operator === ">=") return isBoundedNumber(context, test.left);
  return false;
}

/** `true` when `child` (a direct child of `loop`) runs once per iteration of a loop that is not bounded. */
export function repeatsUnbounded(context: Context, loop: LoopNode, child: TSESTree.Node): boolean {
  if (loop.type === AST_NODE_TYPES.ForStatement && child === loop.init) return false;
  if ((loop.type === AST_NODE_TYPES.ForOfStatement || loop.type === AST_NODE_TYPES.ForInStatement) && (child === loop.right || child === loop.left)) return false;
  if (isBoundedLoop(context, loop)) return false;
  if (loop.type === AST_NODE_TYPES.WhileStatement || loop.type === AST_NODE_TYPES.DoWhileStatement) return !isBoundedWhile(context, loop);
  return true;
}

/** The iteration (`xs.map(fn)`, `Array.from(xs, fn)`) that calls `fn` once per element of an unbounded collection. */
export function getUnboundedIteration(context: Context, fn: FunctionNode): TSESTree.CallExpression | undefined {
  const iteration = getIterationCall(fn);
  if (!iteration) return undefined;
  const callee = skipWrappers(iteration.callee) as TSESTree.MemberExpression;
  const source = iteration.arguments[0];
  const bounded =
    getPropertyName(callee) === "from" && source !== undefined && source.type !== AST_NODE_TYPES.SpreadElement
      ? isBoundedArrayLikeSource(context, source)
      : isBoundedCollection(context, callee.object);
  return bounded ? undefined : iteration;
}

/** The repetition that `child`'s parent `node` applies to it, if `node` is an unbounded loop or iteration callback. */
export function getRepetitionAt(context: Context, node: TSESTree.Node, child: TSESTree.Node): Repetition | undefined {
  if (isLoopNode(node)) return repeatsUnbounded(context, node, child) ? { kind: "loop", node } : undefined;
  if (node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionExpression) {
    const call = getUnboundedIteration(context, node);
    return call ? { kind: "iteration", node: call, callback: node } : undefined;
  }
  return undefined;
}

/**
 * `true` when `callback` is an `async` reducer that first awaits the previous step
 * (`xs.reduce(async (previous, x) => { await previous; … }, Promise.resolve())`): the items run one after
 * the other, like a loop.
 */
export function isSerialReduce(callback: FunctionNode, call: TSESTree.CallExpression): boolean {
  const callee = skipWrappers(call.callee);
  const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
  if ((method !== "reduce" && method !== "reduceRight") || !callback.async || callback.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  const previous = callback.params[0];
  const first = callback.body.body[0];
  if (previous?.type !== AST_NODE_TYPES.Identifier || first?.type !== AST_NODE_TYPES.ExpressionStatement) return false;
  const awaited = skipWrappers(first.expression);
  if (awaited.type !== AST_NODE_TYPES.AwaitExpression) return false;
  const argument = skipWrappers(awaited.argument);
  return argument.type === AST_NODE_TYPES.Identifier && argument.name === previous.name;
}
