/** Function and loop boundaries: which function a node runs in, and whether it runs once per item. */
import { AST_NODE_TYPES, type TSESTree } from "@typescript-eslint/utils";
import { getPropertyName, skipWrappers } from "./imports.js";

export type FunctionNode = TSESTree.ArrowFunctionExpression | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression;
export type LoopNode =
  | TSESTree.ForStatement
  | TSESTree.ForInStatement
  | TSESTree.ForOfStatement
  | TSESTree.WhileStatement
  | TSESTree.DoWhileStatement;

export function isFunctionNode(node: TSESTree.Node | null | undefined): node is FunctionNode {
  return (
    node?.type === AST_NODE_TYPES.ArrowFunctionExpression ||
    node?.type === AST_NODE_TYPES.FunctionDeclaration ||
    node?.type === AST_NODE_TYPES.FunctionExpression
  );
}

export function isLoopNode(node: TSESTree.Node | null | undefined): node is LoopNode {
  return (
    node?.type === AST_NODE_TYPES.ForStatement ||
    node?.type === AST_NODE_TYPES.ForInStatement ||
    node?.type === AST_NODE_TYPES.ForOfStatement ||
    node?.type === AST_NODE_TYPES.WhileStatement ||
    node?.type === AST_NODE_TYPES.DoWhileStatement
  );
}

/** The nearest function that contains `node` (not `node` itself), or `undefined` at module level. */
export function getEnclosingFunction(node: TSESTree.Node): FunctionNode | undefined {
  let current = node.parent;
  while (current) {
    if (isFunctionNode(current)) return current;
    current = current.parent;
  }
  return undefined;
}

/** Array methods whose callback runs once per element. */
export const ITERATION_METHODS = new Set(["map", "flatMap", "forEach", "reduce", "reduceRight", "filter", "some", "every", "find", "findIndex"]);

/**
 * When `fn` is the callback of an iteration (`xs.map(fn)`, `Array.from(xs, fn)`), that call; otherwise
 * `undefined`.
 */
export function getIterationCall(fn: FunctionNode): TSESTree.CallExpression | undefined {
  const parent = fn.parent;
  if (parent?.type !== AST_NODE_TYPES.CallExpression || !(parent.arguments as readonly TSESTree.Node[]).includes(fn)) return undefined;
  const callee = skipWrappers(parent.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = getPropertyName(callee);
  if (method === undefined) return undefined;
  if (ITERATION_METHODS.has(method) && (parent.arguments[0] as TSESTree.Node | undefined) === fn) return parent;
  if (
    method === "from" &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    callee.object.name === "Array" &&
    (parent.arguments[1] as TSESTree.Node | undefined) === fn
  ) {
    return parent;
  }
  return undefined;
}

/** `true` when `node` is inside `ancestor` (or is it). */
export function isInside(node: TSESTree.Node, ancestor: TSESTree.Node): boolean {
  return node.range[0] >= ancestor.range[0] && node.range[1] <= ancestor.range[1];
}

/** The body of a loop: where a node runs once per iteration (the head's init runs once). */
export function isInLoopBody(node: TSESTree.Node, loop: LoopNode): boolean {
  if (isInside(node, loop.body)) return true;
  switch (loop.type) {
    case AST_NODE_TYPES.ForStatement:
      return (loop.test !== null && isInside(node, loop.test)) || (loop.update !== null && isInside(node, loop.update));
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
      return isInside(node, loop.test);
    default:
      return false;
  }
}

/**
 * The innermost loop (within the same function) whose body runs `node` once per iteration, or
 * `undefined`.
 */
export function getEnclosingLoop(node: TSESTree.Node): LoopNode | undefined {
  let current = node.parent;
  while (current && !isFunctionNode(current)) {
    if (isLoopNode(current) && isInLoopBody(node, current)) return current;
    current = current.parent;
  }
  return undefined;
}

/** The statement that holds `node` directly inside a block, program or switch case, if any. */
export function getContainingStatement(node: TSESTree.Node): TSESTree.Statement | undefined {
  let current: TSESTree.Node = node;
  while (current.parent) {
    const parent = current.parent;
    if (parent.type === AST_NODE_TYPES.BlockStatement || parent.type === AST_NODE_TYPES.Program || parent.type === AST_NODE_TYPES.SwitchCase) {
      if (parent.type === AST_NODE_TYPES.SwitchCase && current === parent.test) return undefined;
      return current as TSESTree.Statement;
    }
    if (isFunctionNode(parent)) return undefined;
    current = parent;
  }
  return undefined;
}
