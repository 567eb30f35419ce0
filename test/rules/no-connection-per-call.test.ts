import path from "node:path";
import rule from "../../rules/no-connection-per-call.js";
import { createRuleTester, IN_REPO_CJS, IN_REPO_MJS, IN_REPO_TS, IN_REPO_TSX, ROOT } from "../helpers.js";

/** A test file: exempt unless `checkTestFiles` is on. */
const TEST_TS = path.join(ROOT, "fixtures", "virtual.test.ts");
/** A script (a `scripts/` folder): exempt unless `checkScripts` is on. */
const SCRIPT_TS = path.join(ROOT, "scripts", "virtual.ts");
const STRICT = [{ checkTestFiles: true, checkScripts: true }] as const;

const ruleTester = createRuleTester();

ruleTester.run("no-connection-per-call", rule, {
  valid: [
    {
      name: "module scope pool",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
export const pool = new Pool({ max: 10 });
export async function list() {
  return (await pool.query("select 1")).rows;
}`,
    },
    {
      name: "factory returns the client",
      filename: IN_REPO_TS,
      code: `import { Client } from "pg";
export async function connect() {
  const client = new Client();
  await client.connect();
  return client;
}
export function makePool() {
  return new (require("pg").Pool)();
}`,
    },
    {
      name: "lazy singletons",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
import { createClient } from "redis";
let pool: Pool | undefined;
let redis: ReturnType<typeof createClient> | undefined;
export function getPool() {
  pool ??= new Pool();
  return pool;
}
export async function getRedis() {
  if (!redis) {
    redis = createClient();
    await redis.connect();
  }
  return redis;
}`,
    },
    {
      name: "class constructor, field and this.x",
      filename: IN_REPO_TS,
      code: `import { Client, Pool } from "pg";
export class Store {
  pool = new Pool();
  client: Client;
  other?: Client;
  constructor() {
    this.client = new Client();
  }
  async open() {
    this.other = new Client();
    await this.other.connect();
  }
}`,
    },
    {
      name: "not closed in the function (it lives on)",
      filename: IN_REPO_TS,
      code: `import Redis from "ioredis";
export function subscribe(onMessage: (message: string) => void) {
  const redis = new Redis();
  redis.on("message", (_channel, message) => onMessage(message));
  void redis.subscribe("events");
}`,
    },
    {
      name: "handed to another function",
      filename: IN_REPO_TS,
      code: `import { Client } from "pg";
export async function migrate() {
  const client = new Client();
  await client.connect();
  await runMigrations(client);
  await client.end();
}
declare function runMigrations(client: Client): Promise<void>;`,
    },
    {
      name: "main() called once at module level, and an IIFE",
      filename: IN_REPO_MJS,
      code: `import pg from "pg";
async function main() {
  const pool = new pg.Pool();
  await pool.query("select 1");
  await pool.end();
}
main().catch(console.error);
(async () => {
  const client = new pg.Client();
  await client.connect();
  await client.end();
})();`,
    },
    {
      name: "test hook setup",
      filename: IN_REPO_CJS,
      code: `const { Client } = require("pg");
let client;
beforeAll(async () => {
  const admin = new Client();
  await admin.connect();
  await admin.query("create database test");
  await admin.end();
});`,
    },
    {
      name: "test file, default options",
      filename: TEST_TS,
      code: `import mysql from "mysql2/promise";
export async function probe() {
  const conn = await mysql.createConnection({ host: "db" });
  await conn.ping();
  await conn.end();
}`,
    },
    {
      // A health check opens a fresh connection because that is what it measures.
      name: "health checks: ping, healthCheck, isAlive, testConnection",
      filename: IN_REPO_TS,
      code: `import { Client } from "pg";
import { MongoClient } from "mongodb";
import mongoose from "mongoose";
export async function ping() {
  const conn = await mongoose.createConnection(process.env.MONGO_URL!).asPromise();
  await conn.close();
}
export async function healthCheck() {
  const client = new Client();
  await client.connect();
  try {
    await client.query("select 1");
    return true;
  } finally {
    await client.end();
  }
}
export class Monitor {
  async isAlive() {
    const client = new MongoClient(process.env.MONGO_URL!);
    await client.connect();
    await client.db("admin").command({ ping: 1 });
    await client.close();
  }
  testConnection = async () => {
    const client = new Client();
    await client.connect();
    await client.end();
  };
}`,
    },
    {
      // A pool's own factory makes its connections: that is its job.
      name: "pool factories: generic-pool create, tarn create, a class that is a pool",
      filename: IN_REPO_TS,
      code: `import { Client } from "pg";
import { createPool } from "generic-pool";
import { Pool as TarnPool } from "tarn";
const factory = {
  create: async () => {
    const client = new Client();
    await client.connect();
    return client;
  },
  destroy: (client: Client) => client.end(),
  validate: async () => {
    const probe = new Client();
    await probe.connect();
    await probe.end();
    return true;
  },
};
export const pool = createPool(factory, { max: 10 });
export const tarn = new TarnPool({
  create: async () => {
    const client = new Client();
    await client.connect();
    await client.query("set search_path to app");
    await client.end();
    return client;
  },
  destroy: (client: Client) => client.end(),
  min: 0,
  max: 10,
});
export class ConnectionPool {
  async recycle() {
    const client = new Client();
    await client.connect();
    await client.end();
  }
}`,
    },
    {
      name: "startup code: init…, setup…, main, module level",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
export async function initDatabase() {
  const pool = new Pool();
  await pool.query("create table if not exists jobs (id serial)");
  await pool.end();
}
export async function setupSchema() {
  const pool = new Pool();
  await pool.query("select 1");
}`,
    },
    {
      name: "a script (scripts/ folder), default options",
      filename: SCRIPT_TS,
      code: `import { Client } from "pg";
export async function seedUsers(count: number) {
  const client = new Client();
  await client.connect();
  await client.query("insert into users select generate_series(1, $1)", [count]);
  await client.end();
}`,
    },
    {
      name: "a pool per call that leaves: returned, stored in a field or an outer variable, handed on",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
import mysql from "mysql2/promise";
let shared: Pool | undefined;
export function makePool() {
  const pool = new Pool();
  pool.on("error", console.error);
  return pool;
}
export class Repo {
  pool?: Pool;
  connect() {
    this.pool = new Pool();
    return this.pool.query("select 1");
  }
}
export function connectShared() {
  shared = new Pool();
  return shared.query("select 1");
}
export function register(registry: Map<string, unknown>) {
  const pool = mysql.createPool({ host: "db" });
  registry.set("db", pool);
  pool.on("connection", () => {});
}`,
    },
    {
      // A monitor or a setup form connects where the caller says: one shared connection cannot serve it.
      name: "where to connect comes from the caller",
      filename: IN_REPO_CJS,
      code: `const { Client } = require("pg");
const mysql = require("mysql2");
exports.postgresQuery = function (connectionString, query) {
  return new Promise((resolve, reject) => {
    const client = new Client({ connectionString });
    client.connect((err) => {
      if (err) return reject(err);
      client.query(query, (error, res) => {
        client.end();
        return error ? reject(error) : resolve(res);
      });
    });
  });
};
exports.testCredentials = async function (request) {
  const dbConfig = request.body.dbConfig;
  const connection = await require("mysql2/promise").createConnection({ host: dbConfig.hostname, user: dbConfig.username });
  await connection.execute("SELECT 1");
  connection.end();
};
exports.mongodbPing = async function () {
  const client = await require("mongodb").MongoClient.connect(process.env.MONGO_URL);
  await client.db().command({ ping: 1 });
  await client.close();
};`,
    },
    {
      // Provisioning the server (CREATE DATABASE) is setup work, before the application's own pool exists.
      name: "a connection that only provisions the server",
      filename: IN_REPO_MJS,
      code: `import mysql from "mysql2/promise";
export class Database {
  static async connect(dbConfig) {
    const connection = await mysql.createConnection({ host: process.env.DB_HOST });
    await connection.execute("CREATE DATABASE IF NOT EXISTS " + process.env.DB_NAME + " CHARACTER SET utf8mb4");
    connection.end();
  }
}`,
    },
    {
      name: "a connect promise memoised in a field",
      filename: IN_REPO_MJS,
      code: `import { MongoClient } from "mongodb";
export class Adapter {
  connect() {
    if (!this.connectionPromise) {
      this.connectionPromise = MongoClient.connect(process.env.MONGO_URL).then((client) => {
        this.client = client;
        return client.db();
      });
    }
    return this.connectionPromise;
  }
}`,
    },
    {
      name: "a local look-alike",
      filename: IN_REPO_TS,
      code: `import "pg";
function Client() {
  return { end() {} };
}
export function local() {
  const client = Client();
  client.end();
}`,
    },
  ],
  invalid: [
    {
      name: "pg Client per call, closed in finally",
      filename: IN_REPO_TS,
      code: `
import { Client } from "pg";
export async function search(query: string) {
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query("select id from docs where body @@ plainto_tsquery($1)", [query])).rows;
  } finally {
    await client.end();
  }
}
`,
      errors: [
        {
          messageId: "connectionPerCall", line: 4, column: 18, endLine: 4, endColumn: 76,
        },
      ],
    },
    {
      name: "pg Pool per call (.mjs, default import)",
      filename: IN_REPO_MJS,
      code: `
import pg from "pg";
export async function countDocs() {
  const pool = new pg.Pool({ max: 5 });
  const { rows } = await pool.query("select count(*) from docs");
  await pool.end();
  return rows[0].count;
}
`,
      errors: [
        {
          messageId: "poolPerCall", line: 4, column: 16, endLine: 4, endColumn: 39,
        },
      ],
    },
    {
      name: "mysql2 connection per call (.cjs), closed in a callback",
      filename: IN_REPO_CJS,
      code: `
const mysql = require("mysql2");
function lookup(id, cb) {
  const conn = mysql.createConnection({ host: "db" });
  conn.query("select * from users where id = ?", [id], (err, rows) => {
    conn.end();
    cb(err, rows);
  });
}
module.exports = { lookup };
`,
      errors: [
        {
          messageId: "connectionPerCall", line: 4, column: 16, endLine: 4, endColumn: 54,
        },
      ],
    },
    {
      name: "redis createClient().connect() per request in an express handler",
      filename: IN_REPO_TS,
      code: `
import express from "express";
import { createClient } from "redis";
export const app = express();
app.get("/cache/:key", async (req, res) => {
  const redis = await createClient({ url: process.env.REDIS_URL }).connect();
  res.json({ value: await redis.get(req.params.key) });
  await redis.quit();
});
`,
      errors: [
        {
          messageId: "connectionPerCall", line: 6, column: 23, endLine: 6, endColumn: 67,
        },
      ],
    },
    {
      name: "ioredis per call in a class method (.tsx)",
      filename: IN_REPO_TSX,
      code: `
import Redis from "ioredis";
export class Counter {
  async bump(key: string) {
    const redis = new Redis(process.env.REDIS_URL!);
    try {
      return await redis.incr(key);
    } finally {
      redis.disconnect();
    }
  }
}
`,
      errors: [
        {
          messageId: "connectionPerCall", line: 5, column: 19, endLine: 5, endColumn: 52,
        },
      ],
    },
    {
      name: "MongoClient.connect and mongoose.createConnection per call",
      filename: IN_REPO_TS,
      code: `
import { MongoClient } from "mongodb";
import mongoose from "mongoose";
export async function recent() {
  const client = await MongoClient.connect(process.env.MONGO_URL!);
  const docs = await client.db("app").collection("events").find().limit(10).toArray();
  await client.close();
  return docs;
}
export async function countUsers() {
  const conn = await mongoose.createConnection(process.env.MONGO_URL!).asPromise();
  const count = await conn.collection("users").countDocuments();
  await conn.close();
  return count;
}
`,
      errors: [
        {
          messageId: "poolPerCall", line: 5, column: 24, endLine: 5, endColumn: 67,
        },
        {
          messageId: "poolPerCall", line: 11, column: 22, endLine: 11, endColumn: 71,
        },
      ],
    },
    {
      name: "a pool created on every call and never ended",
      filename: IN_REPO_TS,
      code: `
import { Pool } from "pg";
import mysql from "mysql2/promise";
export async function getUser(id: string) {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL });
  const { rows } = await pool.query("select * from users where id = $1", [id]);
  return rows[0];
}
export async function listOrders() {
  const [rows] = await mysql.createPool({ host: "db" }).query("select * from orders");
  return rows;
}
`,
      errors: [
        {
          messageId: "poolPerCallNeverEnded", line: 5, column: 16, endLine: 5, endColumn: 72,
        },
        {
          messageId: "poolPerCallNeverEnded", line: 10, column: 24, endLine: 10, endColumn: 56,
        },
      ],
    },
    {
      name: "a handler registered from startup code still runs per request",
      filename: IN_REPO_TS,
      code: `
import express from "express";
import { Client } from "pg";
export function setupRoutes(app: express.Express) {
  app.get("/users", async (_req, res) => {
    const client = new Client();
    await client.connect();
    res.json((await client.query("select * from users")).rows);
    await client.end();
  });
}
`,
      errors: [
        {
          messageId: "connectionPerCall", line: 6, column: 20, endLine: 6, endColumn: 32,
        },
      ],
    },
    {
      name: "strict options: startup code and scripts are reported",
      filename: SCRIPT_TS,
      options: STRICT,
      code: `
import { Client } from "pg";
export async function seedUsers(count: number) {
  const client = new Client();
  await client.connect();
  await client.query("insert into users select generate_series(1, $1)", [count]);
  await client.end();
}
`,
      errors: [
        {
          messageId: "connectionPerCall", line: 4, column: 18, endLine: 4, endColumn: 30,
        },
      ],
    },
    {
      name: "checkTestFiles: reported in a test file when asked",
      filename: TEST_TS,
      options: [{"checkTestFiles":true}],
      code: `
import mysql from "mysql2/promise";
export async function lookup() {
  const conn = await mysql.createConnection({ host: "db" });
  await conn.query("select 1");
  await conn.end();
}
`,
      errors: [
        {
          messageId: "connectionPerCall", line: 4, column: 22, endLine: 4, endColumn: 60,
        },
      ],
    },
  ],
});
