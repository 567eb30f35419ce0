/**
 * Where a pooled resource is given back, as release points in the function that holds it:
 * `client.release()`, `pool.release(resource)`, `done()` of pg's callback form, a callback that releases
 * on every one of its paths (`.finally(() => client.release())`, `client.query(sql, (err) => { done(); })`),
 * a local `const cleanup = () => client.release()` where it is called, and a same-file helper that
 * releases its parameter. A release guarded by `if (client)` (or an `if` in a `finally`) counts from the
 * `if`. Any reference that hands the resource on marks it as transferred.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { getEnclosingFunction, isInside } from "../syntax/functions.js";
import { getPropertyName, skipWrappers } from "../syntax/imports.js";
import { classifyReference, readReferences } from "./ownership.js";
import { type AcquireSite, resolveLocalFunction } from "./pools.js";
import { importedParameterUse } from "../../project/ask.js";
import { RELEASE_METHODS } from "../../project/parameter-uses.js";
import { type ExitKind, type ReleasePoint, type RootNode, type SegmentTracker, searchPaths } from "./release-paths.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type Variable = TSESLint.Scope.Variable;

export interface ReleaseAnalysis {
  /** The resource is handed on somewhere: its new owner releases it. */
  transferred: boolean;
  /** Points that release on every outcome. */
  full: ReleasePoint[];
  /** `.then(() => release())`: only when the promise fulfils. */
  successOnly: TSESTree.Node[];
  /** `.catch(() => release())`: only when it rejects. */
  catchOnly: TSESTree.Node[];
  /** Release calls written directly in the root, unguarded (what a fix may remove). */
  direct: TSESTree.CallExpression[];
  /** `true` when some release point is not a direct call (a callback, a helper, a guard). */
  indirect: boolean;
  /** `true` when a release is written anywhere, whether or not it counts on every path. */
  written: boolean;
  /** How the callbacks that release on some of their paths only leave without releasing. */
  innerExits: Set<ExitKind>;
}

export interface ReleaseTarget {
  site: AcquireSite;
  resource: Variable | undefined;
  /** pg's `done` callback parameter. */
  done?: Variable | undefined;
}

const MAX_HELPER_DEPTH = 2;

function programOf(node: TSESTree.Node): TSESTree.Program {
  let current = node;
  while (current.parent) current = current.parent;
  return current as TSESTree.Program;
}

function functionOf(node: TSESTree.Node): RootNode {
  return getEnclosingFunction(node) ?? programOf(node);
}

function isGuardTest(test: TSESTree.Node, names: readonly string[]): boolean {
  const node = skipWrappers(test);
  if (node.type === AST_NODE_TYPES.Identifier) return names.includes(node.name);
  if (node.type === AST_NODE_TYPES.BinaryExpression && (node.operator === "!=" || node.operator === "!==")) {
    const isNullish = (side: TSESTree.Node): boolean =>
      (side.type === AST_NODE_TYPES.Literal && side.value === null) || (side.type === AST_NODE_TYPES.Identifier && side.name === "undefined");
    const isName = (side: TSESTree.Node): boolean => side.type === AST_NODE_TYPES.Identifier && names.includes(side.name);
    return (isName(node.left) && isNullish(node.right)) || (isName(node.right) && isNullish(node.left));
  }
  return false;
}

/** The node a release counts from: the call, or the `if`/`&&` that guards it on the resource itself. */
function liftGuard(call: TSESTree.CallExpression, names: readonly string[]): { node: TSESTree.Node; guarded: boolean } {
  let node: TSESTree.Node = call;
  while (
    node.parent?.type === AST_NODE_TYPES.ChainExpression ||
    node.parent?.type === AST_NODE_TYPES.AwaitExpression ||
    node.parent?.type === AST_NODE_TYPES.TSNonNullExpression
  ) {
    node = node.parent;
  }
  if (node.parent?.type === AST_NODE_TYPES.LogicalExpression && node.parent.operator === "&&" && node.parent.right === node && isGuardTest(node.parent.left, names)) {
    return { node: node.parent, guarded: true };
  }
  if (node.parent?.type !== AST_NODE_TYPES.ExpressionStatement) return { node, guarded: false };
  const statement = node.parent;
  const container = statement.parent;
  let ifStatement: TSESTree.IfStatement | undefined;
  if (container?.type === AST_NODE_TYPES.IfStatement && container.consequent === statement) ifStatement = container;
  if (container?.type === AST_NODE_TYPES.BlockStatement && container.parent?.type === AST_NODE_TYPES.IfStatement && container.parent.consequent === container) {
    ifStatement = container.parent;
  }
  if (ifStatement && !ifStatement.alternate) {
    const holder = ifStatement.parent;
    const inFinally = holder?.type === AST_NODE_TYPES.BlockStatement && holder.parent?.type === AST_NODE_TYPES.TryStatement && holder.parent.finalizer === holder;
    if (isGuardTest(ifStatement.test, names) || inFinally) return { node: ifStatement, guarded: true };
  }
  return { node, guarded: false };
}

export function analyzeReleases(context: Context, tracker: SegmentTracker, target: ReleaseTarget, root: RootNode, depth = 0): ReleaseAnalysis {
  const { site } = target;
  const poolText = context.sourceCode.getText(site.pool);
  const resourceMethods = site.library.releases.filter((shape) => shape.on === "resource").map((shape) => shape.method);
  const poolMethods = site.library.releases.filter((shape) => shape.on === "pool").map((shape) => shape.method);
  const names = [target.resource?.name, target.done?.name].filter((name): name is string => name !== undefined);
  const raw: TSESTree.CallExpression[] = [];
  let transferred = false;

  const isPoolRelease = (call: TSESTree.CallExpression): boolean => {
    const callee = skipWrappers(call.callee);
    return (
      callee.type === AST_NODE_TYPES.MemberExpression &&
      poolMethods.includes(getPropertyName(callee) ?? "") &&
      context.sourceCode.getText(callee.object) === poolText
    );
  };

  for (const reference of target.resource ? readReferences(target.resource) : []) {
    // Used by a closure that outlives the call (a returned handle's `commit`, a stored `close`): the handle owns it now.
    if (isInEscapingClosure(context, reference, root)) transferred = true;
    const use = classifyReference(reference);
    if (use.kind === "transfer") transferred = true;
    if (use.kind === "member" && use.method !== undefined && resourceMethods.includes(use.method)) {
      if (use.called) raw.push(use.called);
      else transferred = true;
    }
    if (use.kind === "argument") {
      if (isPoolRelease(use.call)) raw.push(use.call);
      else if (helperReleases(context, tracker, target, use.call, use.index, depth)) raw.push(use.call);
      else {
        // A helper of another module: it releases what it is given, only uses it (the caller still owns it), or unknown.
        const given = use.index < 0 ? "unknown" : helperOnlyUses(context, use.call, use.index) ? "uses" : importedParameterUse(context, use.call.callee, use.index);
        if (given === "releases") raw.push(use.call);
        else if (given !== "uses") transferred = true;
      }
    }
  }
  for (const reference of target.done ? readReferences(target.done) : []) {
    const use = classifyReference(reference);
    if (use.kind === "callee" || use.kind === "argument") raw.push(use.call);
    else if (use.kind === "transfer") transferred = true;
  }

  const memo = new Map<TSESTree.Node, ReleaseAnalysis>();
  const pointsFor = (fn: RootNode): ReleaseAnalysis => {
    const cached = memo.get(fn);
    if (cached) return cached;
    const result: ReleaseAnalysis = { transferred, full: [], successOnly: [], catchOnly: [], direct: [], indirect: false, written: raw.length > 0, innerExits: new Set() };
    memo.set(fn, result);
    const children = new Set<TSESTree.Node>();
    for (const call of raw) {
      if (!isInside(call, fn)) continue;
      const owner = functionOf(call);
      if (owner === fn) {
        const lifted = liftGuard(call, names);
        result.full.push({ node: lifted.node, at: lifted.node.range[1] });
        if (lifted.guarded) result.indirect = true;
        else result.direct.push(call);
        continue;
      }
      let child: TSESTree.Node = owner;
      while (functionOf(child) !== fn) child = functionOf(child);
      children.add(child);
    }
    for (const child of children) {
      const inner = pointsFor(child as RootNode);
      const exits = inner.full.length > 0 ? searchPaths(tracker, { root: child as RootNode, releases: inner.full }).exits : undefined;
      // A callback that skips the release only by falling off its end guards it (`if (!done) release()`);
      // one that returns or throws first leaves without it.
      if (!exits || [...exits].some((exit) => exit !== "end")) {
        for (const exit of [...(exits ?? []), ...inner.innerExits]) if (exit !== "end") result.innerExits.add(exit);
        continue;
      }
      result.indirect = true;
      if (liftCallback(context, child as RootNode, fn, result, (fnNode) => pointsFor(fnNode).full.length > 0)) transferred = true;
    }
    return result;
  };
  const result = pointsFor(root);
  result.transferred ||= transferred;
  return result;
}

/** Where a value goes: returned, stored in a field or an outer variable, or kept in an object or array that goes there. */
function valueEscapes(context: Context, node: TSESTree.Node, root: RootNode, depth: number): boolean {
  if (depth > 3) return false;
  let current = node;
  while (
    current.parent &&
    (current.parent.type === AST_NODE_TYPES.TSAsExpression ||
      current.parent.type === AST_NODE_TYPES.TSSatisfiesExpression ||
      current.parent.type === AST_NODE_TYPES.TSNonNullExpression ||
      (current.parent.type === AST_NODE_TYPES.ConditionalExpression && current.parent.test !== current) ||
      current.parent.type === AST_NODE_TYPES.LogicalExpression)
  ) {
    current = current.parent;
  }
  const parent = current.parent;
  if (!parent) return false;
  switch (parent.type) {
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.YieldExpression:
      return true;
    case AST_NODE_TYPES.ArrowFunctionExpression:
      return parent.body === current;
    case AST_NODE_TYPES.Property:
      return parent.value === current && parent.parent.type === AST_NODE_TYPES.ObjectExpression && valueEscapes(context, parent.parent, root, depth + 1);
    case AST_NODE_TYPES.ArrayExpression:
      return valueEscapes(context, parent, root, depth + 1);
    case AST_NODE_TYPES.AssignmentExpression: {
      if (parent.right !== current) return false;
      if (parent.left.type === AST_NODE_TYPES.MemberExpression) return true;
      if (parent.left.type !== AST_NODE_TYPES.Identifier) return false;
      const left = parent.left;
      const variable = context.sourceCode.getScope(left).references.find((reference) => reference.identifier === left)?.resolved;
      const declared = variable?.defs[0]?.name;
      return declared !== undefined && !isInside(declared, root);
    }
    case AST_NODE_TYPES.VariableDeclarator: {
      if (parent.init !== current || parent.id.type !== AST_NODE_TYPES.Identifier) return false;
      const variable = context.sourceCode.getDeclaredVariables(parent)[0];
      return (variable ? readReferences(variable) : []).some((reference) => functionOf(reference) === functionOf(parent) && valueEscapes(context, reference, root, depth + 1));
    }
    default:
      return false;
  }
}

/** `true` when `reference` sits in a function inside `root` that leaves `root` (returned or stored), directly or in an object. */
function isInEscapingClosure(context: Context, reference: TSESTree.Node, root: RootNode): boolean {
  for (let fn = getEnclosingFunction(reference); fn && fn !== root && isInside(fn, root); fn = getEnclosingFunction(fn)) {
    if (valueEscapes(context, fn, root, 0)) return true;
  }
  return false;
}

/** Adds the points where a callback that always releases runs, seen from `fn`; `true` when it is handed on unseen. */
function liftCallback(context: Context, callback: RootNode, fn: RootNode, result: ReleaseAnalysis, releases: (node: RootNode) => boolean): boolean {
  const parent = callback.parent;
  if ((parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) && (parent.arguments as readonly TSESTree.Node[]).includes(callback)) {
    const callee = skipWrappers(parent.callee);
    const method = callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
    const index = (parent.arguments as readonly TSESTree.Node[]).indexOf(callback);
    if (method === "catch" || (method === "then" && index === 1)) {
      result.catchOnly.push(parent);
    } else if (method === "then" && index === 0) {
      const other = parent.arguments[1];
      const bothSides = other && (other.type === AST_NODE_TYPES.ArrowFunctionExpression || other.type === AST_NODE_TYPES.FunctionExpression) && releases(other);
      if (bothSides) result.full.push({ node: parent, at: parent.range[1] });
      else result.successOnly.push(parent);
    } else {
      result.full.push({ node: parent, at: parent.range[1] });
    }
    return false;
  }
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === callback && parent.id.type === AST_NODE_TYPES.Identifier) {
    const variable = context.sourceCode.getDeclaredVariables(parent).find((item) => item.name === (parent.id as TSESTree.Identifier).name);
    let handedOn = false;
    for (const reference of variable ? readReferences(variable) : []) {
      const use = classifyReference(reference);
      if ((use.kind === "callee" || use.kind === "argument") && functionOf(use.call) === fn) {
        result.full.push({ node: use.call, at: use.call.range[1] });
      } else if (use.kind !== "other") {
        handedOn = true;
      }
    }
    return handedOn;
  }
  return true;
}

/** The same-file function `call` calls, and the variable of its parameter `index` (a plain name). */
function localParameter(context: Context, call: TSESTree.CallExpression, index: number): { helper: NonNullable<ReturnType<typeof resolveLocalFunction>>; variable: Variable } | undefined {
  const helper = resolveLocalFunction(context, call.callee);
  const param = helper?.params[index];
  if (!helper || param?.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = context.sourceCode.getDeclaredVariables(helper).find((item) => item.name === param.name);
  return variable ? { helper, variable } : undefined;
}

/** A same-file function that only calls methods of its parameter `index` (none that releases it) and reads its fields. */
function helperOnlyUses(context: Context, call: TSESTree.CallExpression, index: number): boolean {
  const found = localParameter(context, call, index);
  if (!found) return false;
  const { helper, variable } = found;
  return readReferences(variable).every((reference) => {
    if (getEnclosingFunction(reference) !== helper) return false;
    const use = classifyReference(reference);
    return use.kind === "member" && (use.method === undefined || !RELEASE_METHODS.has(use.method));
  });
}

/** A same-file function that releases its parameter `index` on every path (`function done(c) { c.release(); }`). */
function helperReleases(context: Context, tracker: SegmentTracker, target: ReleaseTarget, call: TSESTree.CallExpression, index: number, depth: number): boolean {
  if (depth >= MAX_HELPER_DEPTH || index < 0) return false;
  const found = localParameter(context, call, index);
  if (!found) return false;
  const { helper, variable } = found;
  const inner = analyzeReleases(context, tracker, { site: target.site, resource: variable }, helper, depth + 1);
  if (inner.transferred || inner.full.length === 0) return false;
  return searchPaths(tracker, { root: helper, releases: inner.full }).exits.size === 0;
}

