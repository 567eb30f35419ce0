/**
 * What an argument of `Promise.all` (and friends) holds: the started promises it was built from, and
 * whether their number is bounded. Finds `xs.map(cb)`, `Array.from(xs, cb)`, spreads of those, and
 * identifiers bound to them or to an array a loop fills with `.push(promise)`.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { isBoundedArrayLikeSource, isBoundedCollection } from "./bounded.js";
import { findVariable, getPropertyName, isGlobal, isNeverReassigned, resolveReference, skipWrappers } from "../syntax/imports.js";
import { getEnclosingFunction, isFunctionNode, isInside, isLoopNode } from "../syntax/functions.js";
import { type LimiterOptions, getResultExpressions, isLimitedCallback, isLimitedExpression } from "../resources/limiter.js";
import { runsPerItem } from "./per-item.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export type UnboundedSource =
  /** `xs.map(cb)` / `xs.flatMap(cb)` / `Array.from(xs, cb)`: `callback` starts one promise per element. */
  | { kind: "mapping"; call: TSESTree.CallExpression; callback: TSESTree.Expression; viaVariable: TSESTree.VariableDeclarator | undefined }
  /** `const ps = []; for (…) ps.push(start())`. */
  | { kind: "push"; pushes: TSESTree.CallExpression[]; declarator: TSESTree.VariableDeclarator };

const COMBINATORS = new Set(["all", "allSettled", "any", "race"]);

/** `Promise.all(…)` and friends on the global `Promise`: the method name, or `undefined`. */
export function getCombinator(context: Context, call: TSESTree.CallExpression): string | undefined {
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = getPropertyName(callee);
  if (method === undefined || !COMBINATORS.has(method)) return undefined;
  return isGlobal(resolveReference(context, callee.object), "Promise") ? method : undefined;
}

/**
 * Methods that wind down something that already exists (`conn.close()`, `worker.terminate()`): closing
 * every open connection at shutdown adds no load that grows with input, so it is not reported.
 */
const TEARDOWN_METHODS = new Set(["close", "destroy", "end", "disconnect", "quit", "terminate", "kill", "abort", "cancel", "dispose", "unsubscribe", "stop", "release", "shutdown", "drain", "flush", "unref"]);

function isTeardownCall(node: TSESTree.Node): boolean {
  let value = skipWrappers(node);
  if (value.type === AST_NODE_TYPES.AwaitExpression) value = skipWrappers(value.argument);
  if (value.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipWrappers(value.callee);
  return callee.type === AST_NODE_TYPES.MemberExpression && TEARDOWN_METHODS.has(getPropertyName(callee) ?? "");
}

/** `true` when a callback (function or function reference) produces started work: calls, `new`, async bodies. */
function startsWork(callback: TSESTree.Node): boolean {
  const node = skipWrappers(callback);
  if (isFunctionNode(node)) {
    const results = getResultExpressions(node);
    if (results.length > 0 && results.every(isTeardownCall)) return false;
    if (node.async) return true;
    return results.some((result) => {
      const value = skipWrappers(result);
      return value.type === AST_NODE_TYPES.CallExpression || value.type === AST_NODE_TYPES.NewExpression;
    });
  }
  if (node.type === AST_NODE_TYPES.Identifier) return !["String", "Number", "Boolean", "Object", "Promise"].includes(node.name);
  return node.type === AST_NODE_TYPES.MemberExpression;
}

function getMapping(context: Context, node: TSESTree.Node, options: LimiterOptions): { call: TSESTree.CallExpression; callback: TSESTree.Expression } | undefined {
  const call = skipWrappers(node);
  if (call.type !== AST_NODE_TYPES.CallExpression) return undefined;
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = getPropertyName(callee);
  let callback: TSESTree.CallExpressionArgument | undefined;
  if (method === "map" || method === "flatMap") {
    if (isBoundedCollection(context, callee.object)) return undefined;
    callback = call.arguments[0];
  } else if (method === "from" && isGlobal(resolveReference(context, callee.object), "Array")) {
    const source = call.arguments[0];
    if (!source || source.type === AST_NODE_TYPES.SpreadElement || isBoundedArrayLikeSource(context, source)) return undefined;
    callback = call.arguments[1];
  } else {
    return undefined;
  }
  if (!callback || callback.type === AST_NODE_TYPES.SpreadElement) return undefined;
  if (!startsWork(callback) || isLimitedCallback(context, callback, options)) return undefined;
  return { call, callback };
}

function isPromiseStart(context: Context, node: TSESTree.Node, options: LimiterOptions): boolean {
  const value = skipWrappers(node);
  if (value.type === AST_NODE_TYPES.NewExpression) return true;
  if (value.type !== AST_NODE_TYPES.CallExpression) return false;
  if (isLimitedExpression(context, value, options) || isTeardownCall(value)) return false;
  const callee = skipWrappers(value.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression && isGlobal(resolveReference(context, callee.object), "Promise")) {
    const method = getPropertyName(callee);
    return method !== "resolve" && method !== "reject";
  }
  return true;
}

function findPushSource(context: Context, identifier: TSESTree.Identifier, combinatorCall: TSESTree.CallExpression, options: LimiterOptions): UnboundedSource | undefined {
  const variable = findVariable(context, identifier);
  const def = variable?.defs[0];
  if (!variable || def?.type !== "Variable" || !isNeverReassigned(variable)) return undefined;
  const declarator = def.node;
  const init = declarator.init && skipWrappers(declarator.init);
  if (init?.type !== AST_NODE_TYPES.ArrayExpression || init.elements.length > 0) return undefined;
  const owner = getEnclosingFunction(declarator) ?? context.sourceCode.ast;
  const pushes: TSESTree.CallExpression[] = [];
  for (const reference of variable.references) {
    const member = reference.identifier.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier) continue;
    const call = member.parent;
    if (call?.type === AST_NODE_TYPES.CallExpression && call.callee === member && getCombinator(context, call) === undefined) {
      if (getPropertyName(member) !== "push") continue;
      const pushesPromise = call.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement || isPromiseStart(context, argument, options));
      if (pushesPromise && runsPerItem(context, call, owner)) pushes.push(call);
    }
  }
  const unbounded = pushes[0];
  if (!unbounded) return undefined;
  // A batch flush: the loop that fills the array also awaits and empties it.
  const flushes = variable.references.some((reference) => {
    const argumentOf = reference.identifier.parent;
    return (
      argumentOf?.type === AST_NODE_TYPES.CallExpression &&
      argumentOf !== combinatorCall &&
      getCombinator(context, argumentOf) !== undefined &&
      sharesLoop(argumentOf, unbounded)
    );
  });
  if (flushes || sharesLoop(combinatorCall, unbounded)) return undefined;
  return { kind: "push", pushes, declarator };
}

function sharesLoop(a: TSESTree.Node, b: TSESTree.Node): boolean {
  let current = b.parent;
  while (current && !isFunctionNode(current)) {
    if (isLoopNode(current)) return isInside(a, current.body);
    current = current.parent;
  }
  return false;
}

function findSource(context: Context, node: TSESTree.Node, combinatorCall: TSESTree.CallExpression, options: LimiterOptions, depth: number): UnboundedSource | undefined {
  const expression = skipWrappers(node);
  if (expression.type === AST_NODE_TYPES.ArrayExpression) {
    for (const element of expression.elements) {
      if (element?.type === AST_NODE_TYPES.SpreadElement) {
        const found = findSource(context, element.argument, combinatorCall, options, depth + 1);
        if (found) return found;
      }
    }
    return undefined;
  }
  const mapping = getMapping(context, expression, options);
  if (mapping) return { kind: "mapping", ...mapping, viaVariable: undefined };
  if (expression.type === AST_NODE_TYPES.Identifier && depth < 3) {
    if (isBoundedCollection(context, expression)) return undefined;
    const variable = findVariable(context, expression);
    const def = variable?.defs[0];
    if (variable && def?.type === "Variable" && isNeverReassigned(variable) && def.node.id.type === AST_NODE_TYPES.Identifier && def.node.init) {
      const found = findSource(context, def.node.init, combinatorCall, options, depth + 1);
      if (found?.kind === "mapping") return { ...found, viaVariable: found.viaVariable ?? def.node };
      if (found) return found;
    }
    return findPushSource(context, expression, combinatorCall, options);
  }
  return undefined;
}

/** The unbounded source of started promises that `Promise.<combinator>(argument)` waits on, if any. */
export function findUnboundedSource(context: Context, combinatorCall: TSESTree.CallExpression, options: LimiterOptions): UnboundedSource | undefined {
  const argument = combinatorCall.arguments[0];
  if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
  return findSource(context, argument, combinatorCall, options, 0);
}

/** The collection an unbounded source iterates: the receiver of `xs.map`, the first argument of `Array.from`, or the loop's iterable. */
export function getSourceCollection(source: UnboundedSource): TSESTree.Node | undefined {
  if (source.kind === "mapping") {
    const callee = skipWrappers(source.call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
    if (getPropertyName(callee) === "from") return source.call.arguments[0];
    return callee.object;
  }
  let current: TSESTree.Node | undefined = source.pushes[0]?.parent;
  while (current && !isFunctionNode(current)) {
    if (current.type === AST_NODE_TYPES.ForOfStatement || current.type === AST_NODE_TYPES.ForInStatement) return current.right;
    if (isLoopNode(current)) return undefined;
    current = current.parent;
  }
  // `xs.forEach((x) => ps.push(start(x)))`
  const call = current?.parent;
  if (call?.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipWrappers(call.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && ["forEach", "map"].includes(getPropertyName(callee) ?? "")) return callee.object;
  }
  return undefined;
}
