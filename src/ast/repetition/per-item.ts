/**
 * "Does this run once per item?" — a node inside a loop or an iteration callback (`map`, `forEach`,
 * `Array.from`) whose number of iterations is not bounded by a constant.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { isBoundedArrayLikeSource, isBoundedCollection, isBoundedNumber } from "./bounded.js";
import { getPropertyName, skipWrappers } from "../syntax/imports.js";
import { getIterationCall, isFunctionNode, isLoopNode, type LoopNode } from "../syntax/functions.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** `true` when a loop runs a constant number of times: `for (let i = 0; i < N; …)`, `for (const x of bounded)`. */
export function isBoundedLoop(context: Context, loop: LoopNode): boolean {
  switch (loop.type) {
    case AST_NODE_TYPES.ForStatement: {
      const test = loop.test;
      if (test?.type !== AST_NODE_TYPES.BinaryExpression) return false;
      if (test.operator === "<" || test.operator === "<=") return isBoundedNumber(context, test.right);
      if (test.operator === ">" || test.operator === ">=") return isBoundedNumber(context, test.left);
      return false;
    }
    case AST_NODE_TYPES.ForOfStatement:
      return isBoundedCollection(context, loop.right);
    default:
      return false;
  }
}

/**
 * `true` when `node` runs an unbounded number of times relative to `scope` (the function that owns the
 * array): inside a loop that is not bounded, or a callback iterating a collection that is not bounded.
 */
export function runsPerItem(context: Context, node: TSESTree.Node, scope: TSESTree.Node): boolean {
  let current: TSESTree.Node | undefined = node.parent;
  let child: TSESTree.Node = node;
  while (current && current !== scope) {
    if (isLoopNode(current) && child !== (current as { init?: unknown }).init && !(current.type === AST_NODE_TYPES.ForOfStatement && child === current.right) && !isBoundedLoop(context, current)) {
      return true;
    }
    if (isFunctionNode(current)) {
      const iteration = getIterationCall(current);
      if (iteration) {
        const callee = skipWrappers(iteration.callee) as TSESTree.MemberExpression;
        const bounded = getPropertyName(callee) === "from" ? isBoundedArrayLikeSource(context, iteration.arguments[0] as TSESTree.Expression) : isBoundedCollection(context, callee.object);
        if (!bounded) return true;
      }
    }
    child = current;
    current = current.parent;
  }
  return false;
}

