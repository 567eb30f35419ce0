/**
 * "Does this node run under a limiter within a region?" — the region being a loop, an iteration callback
 * or a request handler that repeats it. Guarded when, between the node and the region's root, the node
 * runs in a callback handed to a limiter (`limit(() => …)`, `queue.add(…)`, `sem.runExclusive(…)`), in
 * a function that acquires a semaphore before its first other await, or after an `await sem.acquire()`
 * statement earlier in an enclosing block.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { isFunctionNode } from "../syntax/functions.js";
import { type LimiterOptions, acquiresSemaphoreFirst, isAcquireExpression, isLimiterCall } from "../resources/limiter.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

function acquiresBefore(context: Context, block: TSESTree.BlockStatement, child: TSESTree.Node, options: LimiterOptions): boolean {
  for (const statement of block.body) {
    if (statement === child) return false;
    if (statement.type === AST_NODE_TYPES.ExpressionStatement && isAcquireExpression(context, statement.expression, options)) return true;
    if (statement.type === AST_NODE_TYPES.VariableDeclaration && statement.declarations.some((declarator) => declarator.init !== null && isAcquireExpression(context, declarator.init, options))) {
      return true;
    }
  }
  return false;
}

/** `true` when `node` runs under a limiter somewhere between itself and `root` (`root` included). */
export function isGuardedByLimiter(context: Context, node: TSESTree.Node, root: TSESTree.Node, options: LimiterOptions = {}): boolean {
  let child: TSESTree.Node = node;
  let current = node.parent;
  while (current) {
    if (current.type === AST_NODE_TYPES.BlockStatement && acquiresBefore(context, current, child, options)) return true;
    if (isFunctionNode(current)) {
      const call = current.parent;
      if (call?.type === AST_NODE_TYPES.CallExpression && (call.arguments as readonly TSESTree.Node[]).includes(current) && isLimiterCall(context, call, options)) return true;
      if (acquiresSemaphoreFirst(context, current, options)) return true;
    }
    if (current === root) return false;
    child = current;
    current = current.parent;
  }
  return false;
}
