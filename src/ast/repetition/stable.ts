/**
 * "Does this expression mean the same when evaluated later?" — a fix that defers work (`limit(() => expr)`)
 * must not change what `expr` sees: no nested calls or updates whose order matters, and only variables
 * that keep their value (never reassigned, or a per-iteration `let`/`const` of a `for` loop).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { isFunctionNode } from "../syntax/functions.js";
import { findVariable, isNeverReassigned, skipWrappers } from "../syntax/imports.js";
import { walk } from "../syntax/traverse.js";

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

/** A call whose only effect is output: `console.log(…)` and the like. */
function isLogging(call: TSESTree.CallExpression): boolean {
  const callee = skipWrappers(call.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === "console";
}

/** `true` when evaluating `node` calls, awaits or constructs nothing but logging (function bodies aside). */
function runsNothing(node: TSESTree.Node): boolean {
  let quiet = true;
  walk(node, (child) => {
    if (isFunctionNode(child)) return false;
    if (child.type === AST_NODE_TYPES.AwaitExpression || child.type === AST_NODE_TYPES.YieldExpression || child.type === AST_NODE_TYPES.NewExpression || child.type === AST_NODE_TYPES.TaggedTemplateExpression) quiet = false;
    if (child.type === AST_NODE_TYPES.CallExpression && !isLogging(child)) quiet = false;
    return quiet;
  });
  return quiet;
}

/**
 * `true` when the array `declarator` holds is only filled by `fills` (its `push` calls, or its initialiser)
 * and then handed to `combinator`, with nothing else reading it but its `.length`, and nothing but logging
 * runs between the filling and the combinator: deferring the work each element starts (into a limiter) then
 * changes when the work runs, not what any other code sees or the order of anything else it does.
 */
export function isOnlyFilledAndAwaited(context: Context, declarator: TSESTree.VariableDeclarator, combinator: TSESTree.CallExpression, fills: readonly TSESTree.CallExpression[]): boolean {
  if (declarator.id.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = findVariable(context, declarator.id);
  if (!variable || !isNeverReassigned(variable)) return false;
  const onlyFilledAndAwaited = variable.references.every((reference) => {
    const identifier = reference.identifier;
    if (identifier === declarator.id) return true;
    const parent = identifier.parent;
    if (parent === combinator && combinator.arguments[0] === identifier) return true;
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== identifier || parent.computed) return false;
    const name = parent.property.type === AST_NODE_TYPES.Identifier ? parent.property.name : undefined;
    if (name === "push") return fills.some((fill) => fill.callee === parent);
    const target = parent.parent;
    const written = (target?.type === AST_NODE_TYPES.AssignmentExpression && target.left === parent) || target?.type === AST_NODE_TYPES.UpdateExpression;
    return name === "length" && !written;
  });
  if (!onlyFilledAndAwaited) return false;
  // The statements of one block: the declaration, the ones that fill it, then the one that awaits it.
  const statementIn = (node: TSESTree.Node, block: TSESTree.Node): TSESTree.Node | undefined => {
    let current: TSESTree.Node | undefined = node;
    while (current && current.parent !== block) current = current.parent;
    return current;
  };
  const block = declarator.parent?.parent;
  if (!block || (block.type !== AST_NODE_TYPES.BlockStatement && block.type !== AST_NODE_TYPES.Program)) return false;
  const body: readonly TSESTree.Node[] = block.body;
  const last = Math.max(body.indexOf(declarator.parent!), ...fills.map((fill) => body.indexOf(statementIn(fill, block)!)));
  const awaiting = statementIn(combinator, block);
  const at = awaiting ? body.indexOf(awaiting) : -1;
  if (at <= last) return false;
  if (!body.slice(last + 1, at).every((statement) => runsNothing(statement))) return false;
  // Within the awaiting statement, nothing evaluated before the combinator starts work either.
  let before = true;
  walk(awaiting!, (child) => {
    if (child === combinator || isFunctionNode(child)) return false;
    if (child.range[1] <= combinator.range[0] && !runsNothing(child)) before = false;
    return before;
  });
  return before;
}
