/**
 * Constructors and factories that open a database or cache connection (or a whole pool of them), and
 * the methods that close it again: what `no-connection-per-call` looks for inside a function.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { getPropertyName, isExportOf, resolveReference, skipWrappers } from "../syntax/imports.js";
import { isFunctionNode } from "../syntax/functions.js";
import { isRequestHandler } from "../runtime/request-handlers.js";
import type { Creator } from "../syntax/values.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export interface ConnectionKind {
  /** What it is, for messages: "pg client", "mysql2 pool". */
  label: string;
  /** `pool` when the value is itself a pool of connections. */
  pool: boolean;
  creators: readonly Creator[];
  /** `MongoClient.connect(url)`: a static method of an export that creates the value. */
  staticCreators?: readonly (Creator & { method: string })[];
  /** Methods that close it. */
  closes: readonly string[];
  /** Methods that return the same connection (`createClient().connect()` in redis 4+, `.promise()` of mysql2). */
  same?: readonly string[];
}

const MYSQL2 = ["mysql2", "mysql2/promise"];
const REDIS = ["redis", "@redis/client"];

export const CONNECTION_KINDS: readonly ConnectionKind[] = [
  { label: "pg client", pool: false, creators: [{ module: "pg", name: "Client" }], closes: ["end"] },
  { label: "pg pool", pool: true, creators: [{ module: "pg", name: "Pool" }, { module: "pg-pool", name: "default" }], closes: ["end"] },
  { label: "mysql2 connection", pool: false, creators: [{ module: MYSQL2, name: "createConnection" }], closes: ["end", "destroy", "close"], same: ["promise"] },
  { label: "mysql2 pool", pool: true, creators: [{ module: MYSQL2, name: "createPool" }, { module: MYSQL2, name: "createPoolCluster" }], closes: ["end"], same: ["promise"] },
  { label: "mariadb connection", pool: false, creators: [{ module: "mariadb", name: "createConnection" }], closes: ["end", "destroy", "close"] },
  { label: "mariadb pool", pool: true, creators: [{ module: "mariadb", name: "createPool" }, { module: "mariadb", name: "createPoolCluster" }], closes: ["end"] },
  { label: "Redis client", pool: false, creators: [{ module: REDIS, name: "createClient" }, { module: REDIS, name: "createCluster" }], closes: ["quit", "disconnect", "close", "destroy"], same: ["connect"] },
  {
    label: "ioredis client",
    pool: false,
    creators: [{ module: "ioredis", name: "default" }, { module: "ioredis", name: "Redis" }, { module: "ioredis", name: "Cluster" }],
    closes: ["quit", "disconnect"],
  },
  {
    label: "MongoDB client (and its connection pool)",
    pool: true,
    creators: [{ module: "mongodb", name: "MongoClient" }],
    staticCreators: [{ module: "mongodb", name: "MongoClient", method: "connect" }],
    closes: ["close"],
    same: ["connect"],
  },
  { label: "Mongoose connection", pool: true, creators: [{ module: "mongoose", name: "createConnection" }], closes: ["close", "destroy"], same: ["asPromise"] },
  { label: "generic-pool pool", pool: true, creators: [{ module: "generic-pool", name: "createPool" }], closes: ["drain", "clear"] },
  { label: "tarn pool", pool: true, creators: [{ module: "tarn", name: "Pool" }], closes: ["destroy"] },
];

/** Every module named in the table (for a cheap "could this file contain one?" check). */
export const CONNECTION_MODULES: readonly string[] = [
  ...new Set(CONNECTION_KINDS.flatMap((kind) => kind.creators.flatMap((creator) => (typeof creator.module === "string" ? [creator.module] : [...creator.module])))),
];

/** The kind of connection that `node` (a `new X()` or `x()` call) opens, or `undefined`. */
export function getConnectionKind(context: Context, node: TSESTree.NewExpression | TSESTree.CallExpression): ConnectionKind | undefined {
  const callee = skipWrappers(node.callee);
  const ref = resolveReference(context, callee);
  const direct = CONNECTION_KINDS.find((kind) => kind.creators.some((creator) => isExportOf(ref, creator.module, creator.name)));
  if (direct) return direct;
  if (node.type !== AST_NODE_TYPES.CallExpression || callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = getPropertyName(callee);
  const owner = resolveReference(context, callee.object);
  return CONNECTION_KINDS.find((kind) => kind.staticCreators?.some((creator) => creator.method === method && isExportOf(owner, creator.module, creator.name)));
}

/** The name a function goes by: its own, the variable, property, method or class field it is stored in. */
function nameOf(fn: TSESTree.Node): string | undefined {
  if ((fn.type === AST_NODE_TYPES.FunctionDeclaration || fn.type === AST_NODE_TYPES.FunctionExpression) && fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  // `exports.mongodbPing = async function (…) {…}`
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === fn) {
    return parent.left.type === AST_NODE_TYPES.Identifier ? parent.left.name : parent.left.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(parent.left) : undefined;
  }
  if (parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.Property || parent?.type === AST_NODE_TYPES.PropertyDefinition) {
    return parent.key.type === AST_NODE_TYPES.Identifier ? parent.key.name : parent.key.type === AST_NODE_TYPES.Literal ? String(parent.key.value) : undefined;
  }
  return undefined;
}

/** The words of a camelCase, snake_case or kebab-case name, lower-cased. */
function words(name: string): string[] {
  return name
    .replace(/([a-z\d])([A-Z])/gu, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/gu, "$1 $2")
    .split(/[\s_\-$]+/u)
    .filter((word) => word.length > 0)
    .map((word) => word.toLowerCase());
}

const CHECK_WORDS = new Set(["health", "healthcheck", "healthz", "ping", "probe", "alive", "liveness", "readiness", "heartbeat"]);
const CHECK_VERBS = new Set(["check", "test", "verify", "validate"]);
const CHECK_OBJECTS = new Set(["connection", "connectivity", "db", "database", "server", "redis", "mongo", "postgres", "mysql", "credentials"]);

/** `true` for a name that says "check the connection": `healthCheck`, `ping`, `isAlive`, `testConnection`, `checkDatabase`. */
export function isConnectionCheckName(name: string): boolean {
  const parts = words(name);
  if (parts.some((word) => CHECK_WORDS.has(word))) return true;
  return parts.length >= 2 && CHECK_VERBS.has(parts[0]!) && parts.slice(1).some((word) => CHECK_OBJECTS.has(word));
}

/**
 * Inside a health check (`healthCheck`, `ping`, `probe`, `isAlive`, `testConnection`…): a fresh connection
 * per check is what it measures, so it is not a connection per call.
 */
export function isConnectionCheck(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunctionNode(current)) continue;
    const name = nameOf(current);
    if (name !== undefined && isConnectionCheckName(name)) return true;
  }
  return false;
}

const FACTORY_KEYS = new Set(["create", "createConnection", "createClient", "connect", "acquireConnection", "acquireRawConnection", "validate", "destroy"]);
const POOL_NAME = /pool/iu;

function calleeName(call: TSESTree.CallExpression | TSESTree.NewExpression): string | undefined {
  const callee = skipWrappers(call.callee);
  if (callee.type === AST_NODE_TYPES.Identifier) return callee.name;
  if (callee.type === AST_NODE_TYPES.MemberExpression) return getPropertyName(callee);
  return undefined;
}

/** `true` when `object` (an object literal) is given to a pool's constructor or factory, directly or through a constant. */
function isGivenToPool(context: Context, object: TSESTree.ObjectExpression): boolean {
  let value: TSESTree.Node = object;
  // `{ factory: { create } }` (tarn's older shape) or `createPool(factory, opts)`.
  if (value.parent?.type === AST_NODE_TYPES.Property && value.parent.value === value && value.parent.parent.type === AST_NODE_TYPES.ObjectExpression) value = value.parent.parent;
  const parent = value.parent;
  if ((parent?.type === AST_NODE_TYPES.CallExpression || parent?.type === AST_NODE_TYPES.NewExpression) && (parent.arguments as readonly TSESTree.Node[]).includes(value)) {
    return POOL_NAME.test(calleeName(parent) ?? "");
  }
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === value && parent.id.type === AST_NODE_TYPES.Identifier) {
    const variable = context.sourceCode.getDeclaredVariables(parent)[0];
    return (variable?.references ?? []).some((reference) => {
      const use = reference.identifier.parent;
      return (use?.type === AST_NODE_TYPES.CallExpression || use?.type === AST_NODE_TYPES.NewExpression) && use.callee !== reference.identifier && POOL_NAME.test(calleeName(use) ?? "");
    });
  }
  return false;
}

/**
 * Inside a pool's own connection factory: a `create`/`createConnection` callback given to generic-pool,
 * tarn or another `…Pool(…)`, or a method of a class that is itself a pool (`class ConnectionPool`, or
 * one with `acquire` and `release` methods). Making connections is that code's job.
 */
export function isPoolFactory(context: Context, node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current)) {
      const holder = current.parent;
      if (holder?.type === AST_NODE_TYPES.Property && holder.value === current && FACTORY_KEYS.has(nameOf(current) ?? "") && holder.parent.type === AST_NODE_TYPES.ObjectExpression && isGivenToPool(context, holder.parent)) {
        return true;
      }
    }
    if (current.type === AST_NODE_TYPES.ClassBody) {
      const cls = current.parent;
      const name = cls.id?.name ?? "";
      const superName = cls.superClass ? context.sourceCode.getText(cls.superClass) : "";
      if (POOL_NAME.test(name) || POOL_NAME.test(superName)) return true;
      const methods = new Set(current.body.flatMap((member) => (member.type === AST_NODE_TYPES.MethodDefinition && member.key.type === AST_NODE_TYPES.Identifier ? [member.key.name] : [])));
      if (methods.has("acquire") && methods.has("release")) return true;
    }
  }
  return false;
}

const DEFERRING_METHODS = new Set(["on", "once", "addListener", "prependListener", "setInterval", "setTimeout", "setImmediate", "schedule", "subscribe", "process", "handle", "consume"]);

/**
 * `true` when `node` runs later than the code around it: inside a request handler, an event listener or a
 * timer callback, even when that is registered from startup code (`function setupRoutes(app) { app.get(…, handler) }`).
 */
export function runsLater(context: Context, node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (!isFunctionNode(current)) continue;
    if (isRequestHandler(context, current)) return true;
    const call = current.parent;
    if (call?.type === AST_NODE_TYPES.CallExpression && (call.arguments as readonly TSESTree.Node[]).includes(current) && DEFERRING_METHODS.has(calleeName(call) ?? "")) return true;
  }
  return false;
}

/** The identifier an expression reads its value from: `a` of `a`, `a.b.c`, `a[0]`, `a.b()`. */
function rootIdentifier(node: TSESTree.Node): TSESTree.Identifier | undefined {
  let current = skipWrappers(node);
  for (;;) {
    if (current.type === AST_NODE_TYPES.MemberExpression) current = skipWrappers(current.object);
    else if (current.type === AST_NODE_TYPES.ChainExpression) current = skipWrappers(current.expression);
    else break;
  }
  return current.type === AST_NODE_TYPES.Identifier ? current : undefined;
}

/** The values a connection's arguments are built from: the arguments, the values of object literals, the parts of templates. */
function leafValues(node: TSESTree.Node, out: TSESTree.Node[], depth = 0): void {
  const value = skipWrappers(node);
  if (depth < 3 && value.type === AST_NODE_TYPES.ObjectExpression) {
    for (const property of value.properties) leafValues(property.type === AST_NODE_TYPES.Property ? property.value : property.argument, out, depth + 1);
  } else if (depth < 3 && value.type === AST_NODE_TYPES.TemplateLiteral) {
    for (const expression of value.expressions) leafValues(expression, out, depth + 1);
  } else if (value.type === AST_NODE_TYPES.SpreadElement) {
    leafValues(value.argument, out, depth + 1);
  } else {
    out.push(value);
  }
}

/** `true` when `identifier` is a parameter of a function around `node`, or a local initialised from one. */
function isCallerValue(context: Context, identifier: TSESTree.Identifier, depth = 0): boolean {
  const variable = context.sourceCode.getScope(identifier).references.find((reference) => reference.identifier === identifier)?.resolved;
  const def = variable?.defs[0];
  if (!def || variable!.defs.length !== 1) return false;
  if (def.type === "Parameter") return true;
  if (depth === 0 && def.type === "Variable" && def.node.init && isFunctionNode(getFunctionOf(def.node))) {
    const root = rootIdentifier(def.node.init);
    return root !== undefined && isCallerValue(context, root, depth + 1);
  }
  return false;
}

function getFunctionOf(node: TSESTree.Node): TSESTree.Node | undefined {
  for (let current = node.parent; current; current = current.parent) if (isFunctionNode(current)) return current;
  return undefined;
}

/**
 * `true` when where to connect comes from the caller: a parameter (or a local taken from one) in the
 * connection string or options (`new Client({ connectionString })`, `createConnection(dbConfig.host…)`).
 * Each call may go somewhere else — a monitor checking a user's database, a setup form testing the
 * credentials it was given — so one shared connection cannot serve it.
 */
export function isTargetFromCaller(context: Context, node: TSESTree.NewExpression | TSESTree.CallExpression): boolean {
  const leaves: TSESTree.Node[] = [];
  for (const argument of node.arguments) leafValues(argument, leaves);
  return leaves.some((leaf) => {
    const root = rootIdentifier(leaf);
    return root !== undefined && isCallerValue(context, root);
  });
}

const PROVISIONING = /^\s*(?:CREATE|DROP|ALTER)\s+(?:DATABASE|SCHEMA|EXTENSION|ROLE|USER)\b/iu;
const QUERY_METHODS = new Set(["query", "execute", "exec", "none", "raw"]);

/** The text a statement starts with, when written in place: a string, a template's first part, or the left end of `"…" + name`. */
function leadingText(node: TSESTree.Node | undefined): string | undefined {
  let value = node && skipWrappers(node);
  while (value?.type === AST_NODE_TYPES.BinaryExpression && value.operator === "+") value = skipWrappers(value.left);
  if (value?.type === AST_NODE_TYPES.Literal && typeof value.value === "string") return value.value;
  if (value?.type === AST_NODE_TYPES.TemplateLiteral) return value.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/**
 * `true` when every statement the connection runs provisions the server (`CREATE DATABASE`, `CREATE
 * EXTENSION`, `DROP SCHEMA`…): setup work that runs once, before the application's own pool exists.
 */
export function isProvisioningOnly(variable: TSESLint.Scope.Variable): boolean {
  let statements = 0;
  for (const reference of variable.references) {
    const member = reference.identifier.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier) continue;
    const call = member.parent;
    const method = getPropertyName(member);
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member || method === undefined || !QUERY_METHODS.has(method)) continue;
    const text = leadingText(call.arguments[0]);
    if (text === undefined || !PROVISIONING.test(text)) return false;
    statements++;
  }
  return statements > 0;
}
