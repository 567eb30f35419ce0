/**
 * "Where does this collection come from, and can it grow?" — the second half of the evidence for a
 * fan-out (the first is the per-element work, `element-work.ts`).
 *
 * `request`: request input (`req.body.items`, `ctx.request.body`), sized by the caller.
 * `unbounded`: a query result (`rows`, `find()`, `findMany()` without a
 * page size), a response body (`await res.json()`, `response.data`), a directory listing (`readdir`,
 * `glob`), or an accumulation that grows over time (a module-level array that is pushed to).
 * `bounded`: bounded by construction: constants (`bounded.ts`), module-level constants, `Object.keys/values/entries`
 * of a constant or an options object, configuration fields (`options.x`, `this.config.x`), registrations
 * (`this.handlers`, `plugins`), one page of a paginated query (`limit`/`take`/`pageSize`/`batchSize` in the
 * producing call), a `slice(a, b)`, and the worker-pool idioms `Array.from({ length: n })` and
 * `[...Array(n).keys()]`. `chunk(xs, N)` has the origin of `xs` (as many chunks as xs allows).
 * A parameter of a function of the file that is not exported takes the origin of what its callers pass.
 * `unknown`: everything else (a parameter of an exported function, an opaque call's result).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { isBoundedCollection, isChunkCall } from "./bounded.js";
import { getEnclosingFunction, isFunctionNode, isLoopNode } from "../syntax/functions.js";
import { findVariable, getKeyName, getPropertyName, isGlobal, isNeverReassigned, resolveReference, skipWrappers } from "../syntax/imports.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** `request`: unbounded, and sized by whoever sends the request. */
export type CollectionOrigin = "bounded" | "unbounded" | "request" | "unknown";

/** The stronger of two unbounded origins, else whether both are bounded. */
function combine(origins: CollectionOrigin[]): CollectionOrigin {
  if (origins.includes("request")) return "request";
  if (origins.includes("unbounded")) return "unbounded";
  return origins.every((origin) => origin === "bounded") ? "bounded" : "unknown";
}

const MAX_DEPTH = 5;
/** Methods whose result has the size of their receiver (or less). */
const SAME_SIZE = new Set(["filter", "map", "flat", "flatMap", "reverse", "toReversed", "sort", "toSorted", "values", "keys", "entries", "concat", "toArray"]);
const CONFIG_ROOT = /^(?:options|opts|config|conf|cfg|settings|defaults|env|this\.(?:options|opts|config|_config|_options|settings|defaults))$/u;
const REGISTRATIONS = /(?:handlers|listeners|hooks|plugins|middlewares?|callbacks|subscribers|extensions|interceptors|reporters|transports|observers|watchers|controlled|_plugins|_handlers|_hooks)$/iu;
const REQUEST_ROOT = /^(?:req|request|ctx\.request|ctx|c\.req|event|context\.req)$/u;
const REQUEST_FIELDS = new Set(["body", "query", "params", "files", "payload"]);
const RESULT_FIELDS = new Set(["rows", "Items", "Contents", "hits", "documents", "records", "results", "data", "items", "matches"]);
const QUERY_METHODS = /^(?:query|find|findMany|findAll|select|scan|list\w*|readdir|readdirSync|glob|globSync|sync|keys|smembers|lrange|hgetall|zrange|xrange|toArray|all|json|search|getAll\w*|fetchAll|execute)$/u;
const PAGE_KEYS = new Set(["limit", "take", "pageSize", "page_size", "batchSize", "batch_size", "first", "last", "perPage", "per_page", "top", "max", "maxResults", "MaxKeys", "count", "size", "k", "topK", "top_k"]);
const PAGE_METHODS = new Set(["limit", "take", "first", "top", "slice", "paginate"]);

function memberChainText(node: TSESTree.Node): string | undefined {
  const expression = skipWrappers(node);
  if (expression.type === AST_NODE_TYPES.Identifier) return expression.name;
  if (expression.type === AST_NODE_TYPES.ThisExpression) return "this";
  if (expression.type === AST_NODE_TYPES.MemberExpression) {
    const object = memberChainText(expression.object);
    const property = getPropertyName(expression);
    return object === undefined || property === undefined ? undefined : `${object}.${property}`;
  }
  return undefined;
}

/** `true` when a call (or the chain it ends) asks for one page: `find({ limit: 10 })`, `.limit(n)`, `take: 20`. */
function isPaginated(call: TSESTree.CallExpression): boolean {
  let current: TSESTree.Node = call;
  for (let step = 0; step < 8; step++) {
    if (current.type !== AST_NODE_TYPES.CallExpression) return false;
    const { arguments: args, callee: rawCallee }: TSESTree.CallExpression = current;
    for (const argument of args) {
      const value = skipWrappers(argument);
      if (value.type === AST_NODE_TYPES.ObjectExpression && value.properties.some((property) => property.type === AST_NODE_TYPES.Property && PAGE_KEYS.has(getKeyName(property) ?? ""))) return true;
    }
    const callee = skipWrappers(rawCallee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
    if (PAGE_METHODS.has(getPropertyName(callee) ?? "")) return true;
    current = skipWrappers(callee.object);
  }
  return false;
}

function originOfCall(context: Context, call: TSESTree.CallExpression, depth: number): CollectionOrigin {
  const node: TSESTree.Node = call;
  // `chunk(xs, N)` has one element per N of xs: as many as xs allows. (Each chunk is bounded: awaiting one
  // chunk before the next bounds the fan-out, `bounded.ts`; starting them all does not.)
  if (isChunkCall(context, node)) return call.arguments[0] && call.arguments[0].type !== AST_NODE_TYPES.SpreadElement ? judgeCollection(context, call.arguments[0], depth + 1) : "unknown";
  const callee = skipWrappers(call.callee);
  const ref = resolveReference(context, callee);
  const last = ref?.path.at(-1);
  if (ref && /^(?:fs|fs\/promises|glob|fast-glob|globby|tinyglobby)$/u.test(ref.module) && (last === undefined || /^(?:readdir|readdirSync|glob|globSync|sync|default|opendir)$/u.test(last))) return "unbounded";
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return "unknown";
  const method = getPropertyName(callee) ?? "";
  if (isGlobal(resolveReference(context, callee.object), "Promise")) {
    // await Promise.all(xs.map(…)) has the size of xs
    const argument = call.arguments[0];
    return argument && argument.type !== AST_NODE_TYPES.SpreadElement ? judgeCollection(context, argument, depth + 1) : "unknown";
  }
  if (callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === "Object" && ["keys", "values", "entries"].includes(method)) {
    const argument = call.arguments[0];
    return argument && argument.type !== AST_NODE_TYPES.SpreadElement ? judgeCollection(context, argument, depth + 1) : "unknown";
  }
  if (isGlobal(ref, "Array") || (callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === "Array")) {
    // Array.from({ length: n }) and Array.from(xs)
    const source = call.arguments[0] && skipWrappers(call.arguments[0]);
    if (source?.type === AST_NODE_TYPES.ObjectExpression) return "bounded";
    return source && source.type !== AST_NODE_TYPES.SpreadElement ? judgeCollection(context, source, depth + 1) : "unknown";
  }
  if (method === "slice" && call.arguments.length === 2) return "bounded";
  if (method === "keys" || method === "fill") {
    // [...Array(n).keys()], new Array(n).fill(x)
    const object = skipWrappers(callee.object);
    if ((object.type === AST_NODE_TYPES.CallExpression || object.type === AST_NODE_TYPES.NewExpression) && object.callee.type === AST_NODE_TYPES.Identifier && object.callee.name === "Array") return "bounded";
  }
  if (SAME_SIZE.has(method) && !(method === "toArray" || method === "values" || method === "keys")) return judgeCollection(context, callee.object, depth + 1);
  if (method === "split") {
    const text = judgeCollection(context, callee.object, depth + 1);
    return text === "bounded" ? "unknown" : text;
  }
  if (QUERY_METHODS.test(method)) return isPaginated(call) ? "bounded" : method === "keys" || method === "values" ? judgeCollection(context, callee.object, depth + 1) : "unbounded";
  return "unknown";
}

/** A module-level array that something pushes to: an accumulation that grows over time. */
function isGrowingAccumulation(variable: TSESLint.Scope.Variable): boolean {
  return variable.references.some((reference) => {
    const member = reference.identifier.parent;
    return member?.type === AST_NODE_TYPES.MemberExpression && member.object === reference.identifier && ["push", "unshift", "add", "set"].includes(getPropertyName(member) ?? "") && member.parent?.type === AST_NODE_TYPES.CallExpression;
  });
}

function originOfIdentifier(context: Context, identifier: TSESTree.Identifier, depth: number): CollectionOrigin {
  if (CONFIG_ROOT.test(identifier.name) || REGISTRATIONS.test(identifier.name)) return "bounded";
  const variable = findVariable(context, identifier);
  const def = variable?.defs[0];
  if (!variable || !def) return "unknown";
  if (def.type === "Parameter") return originOfParameter(context, def.node, def.name, depth);
  if (def.type !== "Variable") return "unknown";
  const declarator = def.node;
  const atModuleLevel = getEnclosingFunction(declarator) === undefined && !isLoopNode(declarator.parent?.parent);
  if (atModuleLevel) return isGrowingAccumulation(variable) ? "unbounded" : "bounded";
  if (!isNeverReassigned(variable) || !declarator.init) return "unknown";
  if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
    // const { rows } = await db.query(…); const { data } = await axios.get(…)
    const property = declarator.id.properties.find((entry) => entry.type === AST_NODE_TYPES.Property && entry.value.type === AST_NODE_TYPES.Identifier && entry.value.name === identifier.name);
    const key = property?.type === AST_NODE_TYPES.Property ? getKeyName(property) : undefined;
    const source = judgeCollection(context, declarator.init, depth + 1);
    if (key !== undefined && RESULT_FIELDS.has(key) && source !== "bounded") return "unbounded";
    if (key !== undefined && REQUEST_FIELDS.has(key) && REQUEST_ROOT.test(memberChainText(declarator.init) ?? "")) return "request";
    if (source === "request") return "request";
    return source === "bounded" ? "bounded" : "unknown";
  }
  if (declarator.id.type !== AST_NODE_TYPES.Identifier) return "unknown";
  return judgeCollection(context, declarator.init, depth + 1);
}

/**
 * A parameter of a function of this file that is not exported: what its callers pass (`processAll(req.body.items)`
 * from a route handler). The most unbounded argument wins; an exported function or one passed as a value
 * has callers the file does not show.
 */
function originOfParameter(context: Context, fn: TSESTree.Node, name: TSESTree.Node, depth: number): CollectionOrigin {
  if (!isFunctionNode(fn) || depth > 3) return "unknown";
  const index = fn.params.indexOf(name as TSESTree.Parameter);
  if (index < 0) return "unknown";
  let id: TSESTree.Identifier | undefined;
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) id = fn.id;
  else if (fn.parent?.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.id.type === AST_NODE_TYPES.Identifier) id = fn.parent.id;
  const declaration = fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn : fn.parent?.parent;
  if (!id || declaration?.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration || declaration?.parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration) return "unknown";
  const uses = (findVariable(context, id)?.references ?? []).filter((reference) => reference.identifier !== id);
  if (uses.length === 0 || uses.length > 8) return "unknown";
  const origins: CollectionOrigin[] = [];
  for (const reference of uses) {
    const call = reference.identifier.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== reference.identifier) return "unknown";
    const argument = call.arguments[index];
    if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return "unknown";
    origins.push(judgeCollection(context, argument, depth + 1));
  }
  if (origins.includes("request")) return "request";
  if (origins.includes("unbounded")) return "unbounded";
  return origins.every((origin) => origin === "bounded") ? "bounded" : "unknown";
}

function originOfMember(context: Context, member: TSESTree.MemberExpression, depth: number): CollectionOrigin {
  const chain = memberChainText(member);
  const property = getPropertyName(member) ?? "";
  if (chain !== undefined) {
    const parts = chain.split(".");
    // req.body.items, ctx.request.body, request.query.ids
    for (let index = 1; index < parts.length; index++) {
      if (REQUEST_FIELDS.has(parts[index]!) && REQUEST_ROOT.test(parts.slice(0, index).join("."))) return "request";
    }
    if (CONFIG_ROOT.test(parts.slice(0, 2).join(".")) || CONFIG_ROOT.test(parts[0]!) || /^process\.env/u.test(chain)) return "bounded";
    if (REGISTRATIONS.test(property)) return "bounded";
  }
  if (RESULT_FIELDS.has(property)) {
    const object = skipWrappers(member.object);
    if (object.type === AST_NODE_TYPES.AwaitExpression) return judgeCollection(context, object, depth + 1) === "bounded" ? "bounded" : "unbounded";
    if (property === "rows" || property === "Items" || property === "Contents" || property === "hits") return "unbounded";
    if (object.type === AST_NODE_TYPES.Identifier) {
      const origin = judgeCollection(context, object, depth + 1);
      if (origin === "bounded") return "bounded";
      const init = findVariable(context, object)?.defs[0]?.node;
      if (init?.type === AST_NODE_TYPES.VariableDeclarator && init.init && skipWrappers(init.init).type === AST_NODE_TYPES.AwaitExpression) return "unbounded";
    }
  }
  return "unknown";
}

/** Where the collection `node` comes from: see the module comment. */
export function judgeCollection(context: Context, node: TSESTree.Node, depth = 0): CollectionOrigin {
  if (depth > MAX_DEPTH) return "unknown";
  if (isBoundedCollection(context, node)) return "bounded";
  const expression = skipWrappers(node);
  switch (expression.type) {
    case AST_NODE_TYPES.AwaitExpression:
      return judgeCollection(context, expression.argument, depth + 1);
    case AST_NODE_TYPES.Identifier:
      return originOfIdentifier(context, expression, depth);
    case AST_NODE_TYPES.MemberExpression:
      return originOfMember(context, expression, depth);
    case AST_NODE_TYPES.CallExpression:
      return originOfCall(context, expression, depth);
    case AST_NODE_TYPES.NewExpression:
      // new Set(xs), new Map(entries)
      return expression.arguments[0] && expression.arguments[0].type !== AST_NODE_TYPES.SpreadElement ? judgeCollection(context, expression.arguments[0], depth + 1) : "bounded";
    case AST_NODE_TYPES.ArrayExpression:
      return combine(expression.elements.map((element) => (element?.type === AST_NODE_TYPES.SpreadElement ? judgeCollection(context, element.argument, depth + 1) : "bounded")));
    case AST_NODE_TYPES.ObjectExpression:
      // Array.from({ length: n }): as many as the caller configured
      return expression.properties.some((property) => property.type === AST_NODE_TYPES.Property && getKeyName(property) === "length") ? "bounded" : "unknown";
    case AST_NODE_TYPES.LogicalExpression:
      return combine([judgeCollection(context, expression.left, depth + 1), judgeCollection(context, expression.right, depth + 1)]);
    case AST_NODE_TYPES.ConditionalExpression:
      return combine([judgeCollection(context, expression.consequent, depth + 1), judgeCollection(context, expression.alternate, depth + 1)]);
    default:
      return "unknown";
  }
}

/**
 * `true` when `node` runs once per element of a collection that visibly grows, somewhere below `scope`:
 * a `for…of`/`for…in` loop or an iteration callback (`xs.forEach(…)`, `xs.map(…)`) over request input, a
 * query result, a listing or an accumulation. Loops whose bound cannot be seen (`while`, `for (;;)`) and
 * collections of unknown size do not count.
 */
export function repeatsOverGrowingCollection(context: Context, node: TSESTree.Node, scope: TSESTree.Node): boolean {
  const growing = (collection: TSESTree.Node): boolean => ["unbounded", "request"].includes(judgeCollection(context, collection));
  for (let current = node.parent, child: TSESTree.Node = node; current && current !== scope; child = current, current = current.parent) {
    if ((current.type === AST_NODE_TYPES.ForOfStatement || current.type === AST_NODE_TYPES.ForInStatement) && child !== current.right && growing(current.right)) return true;
    if (isFunctionNode(current) && current.parent?.type === AST_NODE_TYPES.CallExpression && current.parent.arguments[0] === current) {
      const callee = skipWrappers(current.parent.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression && ["forEach", "map", "flatMap", "filter", "reduce", "some", "every", "find"].includes(getPropertyName(callee) ?? "") && growing(callee.object)) return true;
    }
  }
  return false;
}
