/**
 * Connection pools and what they hand out: which values are pools (pg, mysql2, mariadb, generic-pool,
 * tarn, or user-declared ones), which call takes a client out of them, and which call gives it back.
 *
 * A receiver is a pool when its value can be traced to one of the library's creators (a constant, a
 * `this.x` or `obj.x` field, a typed parameter, `pool.promise()` of mysql2) or, with type information,
 * when its type is the library's pool type. `MongoClient.connect`, a Redis client's `connect` and a pg
 * `Client` are not pools: nothing is taken out of them.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { childNodes } from "../syntax/traverse.js";
import { getConstantInit, getKeyName, getPropertyName, isExportOf, skipWrappers } from "../syntax/imports.js";
import { importedValue } from "../../project/ask.js";
import { type Creator, isCreationBy, isValueFrom } from "../syntax/values.js";
import { getTypeServices } from "../../util/type-services.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** How a taken resource goes back: `resource.release()` or `pool.release(resource)`. */
export interface ReleaseShape {
  on: "resource" | "pool";
  method: string;
}

export interface PoolLibrary {
  /** Short label used in messages: "pg client", "mysql2 connection". */
  label: string;
  /** Calls or constructors that create the pool. */
  creators: readonly Creator[];
  /** Exported types that declare a pool (`pool: Pool`). */
  types: readonly Creator[];
  /** For type-aware matching: package folder names and type names of the pool. */
  typePackages: readonly string[];
  typeNames: readonly string[];
  /** The method that takes a resource out. */
  acquire: string;
  /** tarn: `pool.acquire().promise` is the awaited value. */
  acquireProperty?: string;
  /** Callback form: `pool.connect((err, client, done) => …)`. Positions of the resource and `done` parameters. */
  callback?: { resource: number; done?: number };
  /** Every call shape that gives the resource back. The first is what a fix inserts. */
  releases: readonly ReleaseShape[];
}

const PG_MODULES = ["pg"];
const MYSQL2_MODULES = ["mysql2", "mysql2/promise"];

export const POOL_LIBRARIES: readonly PoolLibrary[] = [
  {
    label: "pg client",
    creators: [{ module: PG_MODULES, name: "Pool" }, { module: "pg-pool", name: "default" }],
    types: [{ module: PG_MODULES, name: "Pool" }, { module: "pg-pool", name: "default" }],
    typePackages: ["pg", "@types/pg", "pg-pool", "@types/pg-pool"],
    typeNames: ["Pool", "BoundPool"],
    acquire: "connect",
    callback: { resource: 1, done: 2 },
    releases: [{ on: "resource", method: "release" }],
  },
  {
    label: "mysql2 connection",
    creators: [
      { module: MYSQL2_MODULES, name: "createPool" },
      { module: MYSQL2_MODULES, name: "createPoolCluster" },
    ],
    types: [
      { module: MYSQL2_MODULES, name: "Pool" },
      { module: MYSQL2_MODULES, name: "PoolCluster" },
    ],
    typePackages: ["mysql2"],
    typeNames: ["Pool", "PoolCluster", "PromisePool", "PromisePoolCluster"],
    acquire: "getConnection",
    callback: { resource: 1 },
    releases: [
      { on: "resource", method: "release" },
      { on: "resource", method: "destroy" },
      { on: "resource", method: "end" },
      { on: "pool", method: "releaseConnection" },
    ],
  },
  {
    label: "mariadb connection",
    creators: [
      { module: "mariadb", name: "createPool" },
      { module: "mariadb", name: "createPoolCluster" },
    ],
    types: [
      { module: "mariadb", name: "Pool" },
      { module: "mariadb", name: "PoolCluster" },
    ],
    typePackages: ["mariadb"],
    typeNames: ["Pool", "PoolCluster"],
    acquire: "getConnection",
    releases: [
      { on: "resource", method: "release" },
      { on: "resource", method: "end" },
      { on: "resource", method: "destroy" },
    ],
  },
  {
    label: "generic-pool resource",
    creators: [
      { module: "generic-pool", name: "createPool" },
      { module: "generic-pool", name: "Pool" },
    ],
    types: [{ module: "generic-pool", name: "Pool" }],
    typePackages: ["generic-pool", "@types/generic-pool"],
    typeNames: ["Pool"],
    acquire: "acquire",
    releases: [
      { on: "pool", method: "release" },
      { on: "pool", method: "destroy" },
    ],
  },
  {
    label: "tarn resource",
    creators: [{ module: "tarn", name: "Pool" }],
    types: [{ module: "tarn", name: "Pool" }],
    typePackages: ["tarn"],
    typeNames: ["Pool"],
    acquire: "acquire",
    acquireProperty: "promise",
    releases: [{ on: "pool", method: "release" }],
  },
];

/** A pool declared in the rule's `pools` option. */
export interface PoolOption {
  module: string;
  creators: string[];
  types?: string[];
  acquire: string;
  /** `"resource.<method>"` or `"pool.<method>"`, first one used by the fix. */
  release: string[];
}

export function libraryFromOption(option: PoolOption): PoolLibrary {
  return {
    label: `${option.module} resource`,
    creators: option.creators.map((name) => ({ module: option.module, name })),
    types: (option.types ?? []).map((name) => ({ module: option.module, name })),
    typePackages: [option.module],
    typeNames: option.types ?? [],
    acquire: option.acquire,
    releases: option.release.map((shape) => {
      const [on, method] = shape.split(".");
      return { on: on === "pool" ? "pool" : "resource", method: method ?? "release" };
    }),
  };
}

const MAX_DEPTH = 4;

function isPoolCreation(context: Context, expression: TSESTree.Node, library: PoolLibrary, depth: number): boolean {
  const value = skipWrappers(expression);
  if (isCreationBy(context, value as TSESTree.Expression, library.creators)) return true;
  // mysql2: `mysql.createPool(cfg).promise()` and `pool.promise()` wrap the same pool.
  if (value.type === AST_NODE_TYPES.CallExpression && library.creators.some((creator) => creator.module === MYSQL2_MODULES)) {
    const callee = skipWrappers(value.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression && getPropertyName(callee) === "promise" && value.arguments.length === 0) {
      return isPoolCreation(context, callee.object, library, depth + 1) || isPoolReceiverOf(context, callee.object, library, depth + 1);
    }
  }
  return false;
}

/** `obj.pool` where `const obj = { pool: new Pool() }` or `obj.pool = new Pool()` somewhere in the file. */
function isObjectFieldPool(context: Context, member: TSESTree.MemberExpression, library: PoolLibrary, depth: number): boolean {
  const field = getPropertyName(member);
  if (field === undefined) return false;
  const object = skipWrappers(member.object);
  if (object.type === AST_NODE_TYPES.Identifier) {
    const init = getConstantInit(context, object);
    if (init?.type === AST_NODE_TYPES.ObjectExpression) {
      for (const property of init.properties) {
        if (property.type === AST_NODE_TYPES.Property && getKeyName(property) === field) {
          return isPoolCreation(context, property.value, library, depth + 1);
        }
      }
    }
  }
  const text = context.sourceCode.getText(member);
  return memberAssignments(context).some(
    (assignment) => context.sourceCode.getText(assignment.left) === text && isPoolCreation(context, assignment.right, library, depth + 1),
  );
}

const assignmentCache = new WeakMap<object, TSESTree.AssignmentExpression[]>();

function memberAssignments(context: Context): TSESTree.AssignmentExpression[] {
  const ast = context.sourceCode.ast;
  let found = assignmentCache.get(ast);
  if (found) return found;
  found = [];
  const stack: TSESTree.Node[] = [ast];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === AST_NODE_TYPES.AssignmentExpression && node.operator === "=" && node.left.type === AST_NODE_TYPES.MemberExpression && node.left.object.type !== AST_NODE_TYPES.ThisExpression) {
      found.push(node);
    }
    stack.push(...childNodes(node));
  }
  assignmentCache.set(ast, found);
  return found;
}

function isPoolReceiverOf(context: Context, receiver: TSESTree.Node, library: PoolLibrary, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const node = skipWrappers(receiver);
  if (isPoolCreation(context, node, library, depth)) return true;
  if (isValueFrom(context, node, library.creators) || (library.types.length > 0 && isValueFrom(context, node, library.types))) return true;
  if (node.type === AST_NODE_TYPES.Identifier) {
    const init = getConstantInit(context, node);
    if (init && isPoolCreation(context, init, library, depth + 1)) return true;
  }
  if (node.type === AST_NODE_TYPES.MemberExpression && node.object.type !== AST_NODE_TYPES.ThisExpression && isObjectFieldPool(context, node, library, depth)) return true;
  return isImportedPool(context, node, library);
}

/** `import { pool } from "../db"`, `const db = require("../db"); db.pool`: a pool another module of the project creates. */
function isImportedPool(context: Context, node: TSESTree.Node, library: PoolLibrary): boolean {
  if (node.type !== AST_NODE_TYPES.Identifier && node.type !== AST_NODE_TYPES.MemberExpression) return false;
  const value = importedValue(context, node);
  return value?.kind === "create" && library.creators.some((creator) => isExportOf(value.creator, creator.module, creator.name));
}

/** With type information: is the receiver's type the library's pool type (declared in its package)? */
function isPoolByType(context: Context, receiver: TSESTree.Node, library: PoolLibrary): boolean {
  const services = getTypeServices(context);
  if (!services) return false;
  const checker = services.program.getTypeChecker();
  const type = checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(receiver));
  const symbol = type.aliasSymbol ?? type.getSymbol();
  if (!symbol || !library.typeNames.includes(symbol.getName())) return false;
  return (symbol.getDeclarations() ?? []).some((declaration) => {
    const file = declaration.getSourceFile().fileName.replaceAll("\\", "/");
    return library.typePackages.some((name) => file.includes(`/node_modules/${name}/`));
  });
}

/** The library whose pool `receiver` is, or `undefined`. */
export function getPoolLibrary(context: Context, receiver: TSESTree.Node, libraries: readonly PoolLibrary[]): PoolLibrary | undefined {
  return libraries.find((library) => isPoolReceiverOf(context, receiver, library, 0) || isPoolByType(context, receiver, library));
}

/** A call that takes a resource out of a pool. */
export interface AcquireSite {
  call: TSESTree.CallExpression;
  library: PoolLibrary;
  /** The pool expression (`pool`, `this.pool`). */
  pool: TSESTree.Expression;
  /** The expression whose value is the resource (`await pool.connect()`, `await pool.acquire().promise`). */
  value: TSESTree.Expression;
  /** The callback of the callback form, if used. */
  callback?: TSESTree.ArrowFunctionExpression | TSESTree.FunctionExpression;
}

/** When `call` is `pool.<acquire>(…)` on a known pool, where it is and what its value is. */
export function getAcquireSite(context: Context, call: TSESTree.CallExpression, libraries: readonly PoolLibrary[]): AcquireSite | undefined {
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const method = getPropertyName(callee);
  if (method === undefined) return undefined;
  const candidates = libraries.filter((library) => library.acquire === method);
  if (candidates.length === 0) return undefined;
  const library = getPoolLibrary(context, callee.object, candidates);
  if (!library) return undefined;
  const last = call.arguments.at(-1);
  if (last && (last.type === AST_NODE_TYPES.ArrowFunctionExpression || last.type === AST_NODE_TYPES.FunctionExpression)) {
    return library.callback ? { call, library, pool: callee.object, value: call, callback: last } : undefined;
  }
  let value: TSESTree.Expression = call;
  if (library.acquireProperty) {
    const parent = value.parent;
    if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== value || getPropertyName(parent) !== library.acquireProperty) return undefined;
    value = parent;
  }
  while (value.parent?.type === AST_NODE_TYPES.AwaitExpression || value.parent?.type === AST_NODE_TYPES.TSNonNullExpression || value.parent?.type === AST_NODE_TYPES.TSAsExpression) {
    value = value.parent;
  }
  return { call, library, pool: callee.object, value };
}

/** Resolve a same-file function by name: a declaration or a constant initialised with a function. */
export function resolveLocalFunction(
  context: Context,
  callee: TSESTree.Node,
): TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression | undefined {
  const node = skipWrappers(callee);
  if (node.type !== AST_NODE_TYPES.Identifier) return undefined;
  const scope = context.sourceCode.getScope(node);
  let current: typeof scope | null = scope;
  while (current) {
    const variable = current.set.get(node.name);
    if (variable) {
      if (variable.defs.length !== 1) return undefined;
      const def = variable.defs[0]!;
      if (def.type === "FunctionName" && def.node.type === AST_NODE_TYPES.FunctionDeclaration) return def.node;
      if (def.type === "Variable") {
        const init = getConstantInit(context, node);
        if (init?.type === AST_NODE_TYPES.ArrowFunctionExpression || init?.type === AST_NODE_TYPES.FunctionExpression) return init;
      }
      return undefined;
    }
    current = current.upper;
  }
  return undefined;
}
