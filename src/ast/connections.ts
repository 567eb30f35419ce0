/**
 * Constructors and factories that open a database or cache connection (or a whole pool of them), and
 * the methods that close it again: what `no-connection-per-call` looks for inside a function.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { getPropertyName, isExportOf, resolveReference, skipWrappers } from "./imports.js";
import type { Creator } from "./values.js";

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
