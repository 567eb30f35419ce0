/**
 * "Does this expression mean the same when evaluated later?" — a fix that defers work (`limit(() => expr)`)
 * must not change what `expr` sees: no nested calls or updates whose order matters, and only variables
 * that keep their value (never reassigned, or a per-iteration `let`/`const` of a `for` loop).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { findVariable, isNeverReassigned, skipWrappers } from "./imports.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

function isPerIterationBinding(variable: TSESLint.Scope.Variable): boolean {
  const def = variable.defs[0];
  if (def?.type !== "Variable" || def.parent?.kind === "var") return false;
  const loop = def.parent?.parent;
  return (
    (loop?.type === AST_NODE_TYPES.ForStatement && loop.init === def.parent) ||
    ((loop?.type === AST_NODE_TYPES.ForOfStatement || loop?.type === AST_NODE_TYPES.ForInStatement) && loop.left === def.parent)
  );
}

function isStableValue(context: Context, node: TSESTree.Node): boolean {
  const value = skipWrappers(node);
  switch (value.type) {
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.ThisExpression:
      return true;
    case AST_NODE_TYPES.Identifier: {
      const variable = findVariable(context, value);
      if (!variable || variable.defs.length === 0) return true; // a global
      if (isNeverReassigned(variable)) return variable.defs[0]?.type !== "Variable" || (variable.defs[0].parent?.kind !== "var");
      return isPerIterationBinding(variable);
    }
    case AST_NODE_TYPES.MemberExpression:
      return isStableValue(context, value.object) && (!value.computed || isStableValue(context, value.property));
    case AST_NODE_TYPES.TemplateLiteral:
      return value.expressions.every((expression) => isStableValue(context, expression));
    case AST_NODE_TYPES.ObjectExpression:
      return value.properties.every((property) => property.type === AST_NODE_TYPES.Property && !property.computed && isStableValue(context, property.value));
    case AST_NODE_TYPES.ArrayExpression:
      return value.elements.every((element) => element !== null && element.type !== AST_NODE_TYPES.SpreadElement && isStableValue(context, element));
    case AST_NODE_TYPES.BinaryExpression:
      return isStableValue(context, value.left) && isStableValue(context, value.right);
    default:
      return false;
  }
}

/** `true` for a call or `new` whose callee and arguments are stable values: deferring it changes nothing it sees. */
export function isDeferrableCall(context: Context, node: TSESTree.Node): boolean {
  const call = skipWrappers(node);
  if (call.type !== AST_NODE_TYPES.CallExpression && call.type !== AST_NODE_TYPES.NewExpression) return false;
  return isStableValue(context, call.callee) && call.arguments.every((argument) => argument.type !== AST_NODE_TYPES.SpreadElement && isStableValue(context, argument));
}
