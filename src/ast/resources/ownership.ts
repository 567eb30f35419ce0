/**
 * Ownership of a resource held in a variable: what one reference to it does with the value. A
 * reference that returns it, stores it (in a field, an outer variable, an object or array), yields it,
 * resolves a promise with it or passes it to another function hands the resource on: whoever receives
 * it is now responsible for closing it, so rules about leaks stay silent.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { getPropertyName } from "../syntax/imports.js";

export type ReferenceUse =
  /** `x.method(…)`, `x.prop`: the member expression. */
  | { kind: "member"; member: TSESTree.MemberExpression; method: string | undefined; called: TSESTree.CallExpression | undefined }
  /** `f(x)`: the call and the argument position. */
  | { kind: "argument"; call: TSESTree.CallExpression; index: number }
  /** `x(…)`: the variable is called. */
  | { kind: "callee"; call: TSESTree.CallExpression }
  /** The value leaves: returned, stored, yielded, passed to a constructor, put in a literal. */
  | { kind: "transfer"; node: TSESTree.Node }
  /** Read without handing it on: a test, a comparison, a template. */
  | { kind: "other" };

/** Parents through which the value itself flows on (`await x`, `x!`, `a ? x : y`, `x ?? y`). */
function flowsThrough(parent: TSESTree.Node, child: TSESTree.Node): boolean {
  switch (parent.type) {
    case AST_NODE_TYPES.TSNonNullExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.TSTypeAssertion:
    case AST_NODE_TYPES.AwaitExpression:
      return true;
    case AST_NODE_TYPES.ConditionalExpression:
      return parent.test !== child;
    case AST_NODE_TYPES.LogicalExpression:
      return true;
    case AST_NODE_TYPES.SequenceExpression:
      return parent.expressions.at(-1) === child;
    default:
      return false;
  }
}

/** Classifies what the code does with the value at `identifier` (a read of the resource variable). */
export function classifyReference(identifier: TSESTree.Node): ReferenceUse {
  let current: TSESTree.Node = identifier;
  while (current.parent && flowsThrough(current.parent, current)) current = current.parent;
  const parent = current.parent;
  if (!parent) return { kind: "other" };
  switch (parent.type) {
    case AST_NODE_TYPES.MemberExpression: {
      if (parent.object !== current) return { kind: "other" };
      let outer: TSESTree.Node = parent;
      if (outer.parent?.type === AST_NODE_TYPES.ChainExpression) outer = outer.parent;
      const called = outer.parent?.type === AST_NODE_TYPES.CallExpression && outer.parent.callee === outer ? outer.parent : undefined;
      return { kind: "member", member: parent, method: getPropertyName(parent), called };
    }
    case AST_NODE_TYPES.CallExpression:
      if (parent.callee === current) return { kind: "callee", call: parent };
      return { kind: "argument", call: parent, index: (parent.arguments as readonly TSESTree.Node[]).indexOf(current) };
    case AST_NODE_TYPES.ChainExpression:
      return classifyReference(parent);
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.right === current ? { kind: "transfer", node: parent } : { kind: "other" };
    case AST_NODE_TYPES.ExpressionStatement:
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.WhileStatement:
    case AST_NODE_TYPES.DoWhileStatement:
    case AST_NODE_TYPES.ForStatement:
    case AST_NODE_TYPES.SwitchStatement:
    case AST_NODE_TYPES.SwitchCase:
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.TSTypeQuery:
    case AST_NODE_TYPES.TSQualifiedName:
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.ForInStatement:
      return { kind: "other" };
    default:
      return { kind: "transfer", node: parent };
  }
}

type Variable = TSESLint.Scope.Variable;

/** The reads of `variable` (its initialising and assigning writes left out). */
export function readReferences(variable: Variable): TSESTree.Identifier[] {
  return variable.references.filter((reference) => reference.isRead() || !reference.isWrite()).map((reference) => reference.identifier as TSESTree.Identifier);
}
