import { readFileSync } from "node:fs";
import path from "node:path";
import rule from "../../rules/no-unreleased-pool-client.js";
import { createRuleTester, createTypedRuleTester, IN_REPO_CJS, IN_REPO_MJS, IN_REPO_TS, IN_REPO_TSX, ROOT, TYPED_FILE } from "../helpers.js";

const TEST_TS = path.join(ROOT, "fixtures", "virtual.test.ts");
const SCRIPT_TS = path.join(ROOT, "scripts", "virtual.ts");

const ruleTester = createRuleTester();

ruleTester.run("no-unreleased-pool-client", rule, {
  valid: [
    {
      name: "a client held for LISTEN, released on shutdown and on error",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function listen(onJob: (payload: string) => void) {
  const client = await pool.connect();
  client.on("notification", (message) => onJob(message.payload ?? ""));
  client.on("error", (err) => client.release(err));
  process.once("SIGTERM", () => client.release());
  await client.query("LISTEN jobs");
}
export function subscribe(channel: string) {
  pool.connect((err, client, done) => {
    if (err) return;
    client.query(\`LISTEN \${channel}\`);
    process.once("SIGTERM", () => done());
  });
}`,
    },
    {
      name: "a client owned by a returned handle (commit/rollback release it)",
      filename: IN_REPO_MJS,
      code: `import pg from "pg";
const pool = new pg.Pool();
export async function beginTransaction() {
  const client = await pool.connect();
  let released = false;
  const release = (err) => {
    if (released) return;
    released = true;
    client.release(err);
  };
  try {
    await client.query("BEGIN");
  } catch (err) {
    release(err);
    throw err;
  }
  return {
    query: (text, values) => client.query(text, values),
    commit: async () => { await client.query("COMMIT"); release(); },
    rollback: async () => { await client.query("ROLLBACK"); release(); },
  };
}`,
    },
    {
      name: "a test file, default options",
      filename: TEST_TS,
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function takeOne() {
  const client = await pool.connect();
  await client.query("select 1");
}`,
    },
    {
      name: "null guard",
      filename: IN_REPO_TS,
      code: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a() {
  let client: PoolClient | null = null;
  try { client = await pool.connect(); await client.query("x"); } finally { if (client !== null) client.release(); }
}`,
    },
    {
      name: "reset after release",
      filename: IN_REPO_TS,
      code: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a() {
  let client: PoolClient | undefined;
  try { client = await pool.connect(); await client.query("x"); } finally { client?.release(); client = undefined; }
}`,
    },
    {
      name: "if/else both",
      filename: IN_REPO_TS,
      code: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a(x: boolean) {
  const client = await pool.connect();
  try { await client.query("x"); } finally { if (x) { client.release(true); } else { client.release(); } }
}`,
    },
    {
      name: "labelled break in try/finally",
      filename: IN_REPO_TS,
      code: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a(rows: string[][]) {
  outer: for (const row of rows) {
    for (const cell of row) {
      const client = await pool.connect();
      try { if (!cell) break outer; await client.query(cell); } finally { client.release(); }
    }
  }
}`,
    },
    {
      name: "while true with break in try",
      filename: IN_REPO_TS,
      code: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a() {
  while (true) {
    const client = await pool.connect();
    try { const r = await client.query("x"); if (!r.rowCount) break; } finally { client.release(); }
  }
}`,
    },
    {
      name: "Promise.all of queries inside try",
      filename: IN_REPO_TS,
      code: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a(ids: string[]) {
  const client = await pool.connect();
  try { return await Promise.all(ids.map((id) => client.query("x", [id]))); } finally { client.release(); }
}`,
    },
    {
      name: "return await .finally",
      filename: IN_REPO_TS,
      code: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a() {
  const client = await pool.connect();
  return await client.query("x").finally(() => client.release());
}`,
    },
    {
      name: "switch break inside try/finally",
      filename: IN_REPO_TS,
      code: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a(k: string) {
  const client = await pool.connect();
  try {
    switch (k) { case "a": await client.query("a"); break; default: await client.query("b"); }
  } finally { client.release(); }
}`,
    },
    {
      name: "async generator",
      filename: IN_REPO_TS,
      code: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function* a() {
  const client = await pool.connect();
  try { for (const row of (await client.query("x")).rows) yield row; } finally { client.release(); }
}`,
    },
    {
      name: "do-while",
      filename: IN_REPO_TS,
      code: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a() {
  let more = true;
  do {
    const client = await pool.connect();
    try { more = ((await client.query("x")).rowCount ?? 0) > 0; } finally { client.release(); }
  } while (more);
}`,
    },
    {
      name: "reacquire into same let",
      filename: IN_REPO_TS,
      code: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a() {
  let c = await pool.connect();
  try { await c.query("a"); } finally { c.release(); }
  c = await pool.connect();
  try { await c.query("b"); } finally { c.release(); }
}`,
    },
    {
      name: "top-level await module",
      filename: IN_REPO_MJS,
      code: `import pg from "pg";
const pool = new pg.Pool();
const client = await pool.connect();
try { await client.query("select 1"); } finally { client.release(); }`,
    },
    {
      name: "release in catch and after try",
      filename: IN_REPO_TS,
      code: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a() {
  const client = await pool.connect();
  try { await client.query("x"); } catch (e) { client.release(); throw e; }
  client.release();
}`,
    },
    {
      name: "catch swallows then release after",
      filename: IN_REPO_TS,
      code: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a() {
  const client = await pool.connect();
  try { await client.query("x"); } catch (e) { console.log(e); }
  client.release();
}`,
    },
    {
      name: "destructured methods",
      filename: IN_REPO_TS,
      code: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a() {
  const client = await pool.connect();
  const { query } = client;
  await query("x");
}`,
    },
    {
      name: "release via .finally on Promise.all",
      filename: IN_REPO_TS,
      code: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a() {
  const client = await pool.connect();
  await Promise.all([client.query("a"), client.query("b")]).finally(() => client.release());
}`,
    },
    {
      name: "then(ok, fail) both release",
      filename: IN_REPO_TS,
      code: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a() {
  const client = await pool.connect();
  return client.query("a").then((r) => { client.release(); return r; }, (e) => { client.release(); throw e; });
}`,
    },
    {
      name: "for await in try",
      filename: IN_REPO_TS,
      code: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a(stream: AsyncIterable<string>) {
  const client = await pool.connect();
  try { for await (const line of stream) await client.query(line); } finally { client.release(); }
}`,
    },
    {
      name: "arrow callback with release on all paths as argument of non-promise",
      filename: IN_REPO_TS,
      code: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a() {
  const client = await pool.connect();
  setImmediate(() => client.release());
}`,
    },
    {
      name: "a synchronous listener set up before the try",
      filename: IN_REPO_TS,
      code: `
import { Pool } from "pg";
const pool = new Pool();
export async function listen(onError: (error: Error) => void) {
  const client = await pool.connect();
  client.on("error", onError);
  try {
    await client.query("select 1");
  } finally {
    client.release();
  }
}
`,
    },
    {
      name: "released once when the response closes (a guarded callback)",
      filename: IN_REPO_TS,
      code: `
import express from "express";
import { Pool } from "pg";
const pool = new Pool();
export const app = express();
app.get("/tasks", async (_req, res) => {
  const client = await pool.connect();
  let released = false;
  res.on("close", () => {
    if (!released) {
      released = true;
      client.release();
    }
  });
  const { rows } = await client.query("select * from tasks");
  res.json(rows);
});
`,
    },
    {
      name: "without types, a pool from a local factory cannot be seen (the type-aware run reports it)",
      filename: IN_REPO_TS,
      code: `
import { Pool } from "pg";
function makePool() {
  return new Pool();
}
const pool = makePool();
export async function ping() {
  const client = await pool.connect();
  await client.query("select 1");
  client.release();
}
`,
    },
    {
      name: "try/finally",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function ok(id: string) {
  const client = await pool.connect();
  try {
    return (await client.query("select 1 where $1", [id])).rows;
  } finally {
    client.release();
  }
}`,
    },
    {
      name: "transaction with rollback in catch and release in finally",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function transfer(from: string, to: string) {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("update a set n = n - 1 where id = $1", [from]);
    await client.query("update a set n = n + 1 where id = $1", [to]);
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}`,
    },
    {
      name: "release(err) in catch, release() on success",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function touch() {
  const client = await pool.connect();
  try {
    await client.query("select 1");
    client.release();
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
}`,
    },
    {
      name: "let + guarded release in finally",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function guarded() {
  let client;
  try {
    client = await pool.connect();
    await client.query("select 1");
  } finally {
    if (client) client.release();
  }
}`,
    },
    {
      name: "optional-chained release in finally",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function chained() {
  let client: import("pg").PoolClient | undefined;
  try {
    client = await pool.connect();
    await client.query("select 1");
  } finally {
    client?.release();
  }
}`,
    },
    {
      name: "released flag checked in finally",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function flagged() {
  const client = await pool.connect();
  let released = false;
  try {
    await client.query("select 1");
    client.release();
    released = true;
  } finally {
    if (!released) client.release();
  }
}`,
    },
    {
      name: "returned to the caller",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function checkout() {
  const client = await pool.connect();
  await client.query("set search_path to app");
  return client;
}`,
    },
    {
      name: "stored in a field",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
const pool = new Pool();
export class Session {
  client?: import("pg").PoolClient;
  async open() {
    this.client = await pool.connect();
  }
  async begin() {
    const client = await pool.connect();
    this.client = client;
  }
}`,
    },
    {
      name: "stored in an outer variable",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
const pool = new Pool();
let shared: unknown;
export async function keep() {
  const client = await pool.connect();
  shared = client;
}`,
    },
    {
      name: "handed to another function",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function migrate() {
  const client = await pool.connect();
  await runMigrations(client);
}
declare function runMigrations(client: unknown): Promise<void>;`,
    },
    {
      name: "resolved out of a promise",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
const pool = new Pool();
export function lease() {
  return new Promise((resolve, reject) => {
    pool.connect().then((client) => resolve(client), reject);
  });
}`,
    },
    {
      name: "put in an object that is returned",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function unitOfWork() {
  const client = await pool.connect();
  return { client, done: () => client.release() };
}`,
    },
    {
      name: ".finally releases",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function count() {
  const client = await pool.connect();
  return client.query("select count(*) from t").finally(() => client.release());
}`,
    },
    {
      name: "same-file helper that releases its parameter",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
const pool = new Pool();
function giveBack(client: import("pg").PoolClient) {
  client.release();
}
export async function viaHelper() {
  const client = await pool.connect();
  try {
    await client.query("select 1");
  } finally {
    giveBack(client);
  }
}`,
    },
    {
      name: "local cleanup closure called in finally",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function viaCleanup() {
  const client = await pool.connect();
  const cleanup = () => client.release();
  try {
    await client.query("select 1");
  } finally {
    cleanup();
  }
}`,
    },
    {
      name: "continue inside try/finally",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function each(ids: string[]) {
  for (const id of ids) {
    const client = await pool.connect();
    try {
      if (!id) continue;
      await client.query("select $1", [id]);
    } finally {
      client.release();
    }
  }
}`,
    },
    {
      name: "both switch branches release",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function kind(k: string) {
  const client = await pool.connect();
  switch (k) {
    case "a":
      client.release();
      return 1;
    default:
      client.release();
      return 2;
  }
}`,
    },
    {
      name: "pg callback form with done() in the query callback",
      filename: IN_REPO_CJS,
      code: `const pg = require("pg");
const pool = new pg.Pool();
pool.connect((err, client, done) => {
  if (err) throw err;
  client.query("select now()", (queryError, result) => {
    done();
    if (queryError) console.error(queryError);
    else console.log(result.rows[0]);
  });
});`,
    },
    {
      name: "pg callback form passing done as the query callback",
      filename: IN_REPO_CJS,
      code: `const { Pool } = require("pg");
const pool = new Pool();
function clean() {
  pool.connect(function (err, client, done) {
    if (err) return console.error(err);
    client.query("delete from sessions where expired", done);
  });
}
module.exports = { clean };`,
    },
    {
      name: "mysql2 callback form with release in the query callback",
      filename: IN_REPO_CJS,
      code: `const mysql = require("mysql2");
const pool = mysql.createPool({ connectionLimit: 5 });
function listUsers(cb) {
  pool.getConnection((err, conn) => {
    if (err) return cb(err);
    conn.query("select * from users", (queryErr, rows) => {
      conn.release();
      cb(queryErr, rows);
    });
  });
}
module.exports = { listUsers };`,
    },
    {
      name: "generic-pool destroy in finally",
      filename: IN_REPO_MJS,
      code: `import { createPool } from "generic-pool";
const pool = createPool({ create: async () => ({}), destroy: async () => {} }, { max: 2 });
export async function use() {
  const resource = await pool.acquire();
  try {
    await resource.work();
  } finally {
    await pool.destroy(resource);
  }
}`,
    },
    {
      name: "tarn acquire without .promise is not followed",
      filename: IN_REPO_TS,
      code: `import { Pool } from "tarn";
const pool = new Pool<any>({ create: (cb: any) => cb(null, {}), destroy: () => {}, min: 0, max: 2 });
export async function pending() {
  const op = pool.acquire();
  const resource = await op.promise;
  return resource;
}`,
    },
    {
      name: "pool.query is not an acquire",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function list() {
  const { rows } = await pool.query("select * from t");
  return rows;
}`,
    },
    {
      name: "look-alikes: MongoClient.connect, redis connect, pg Client",
      filename: IN_REPO_TS,
      code: `import { MongoClient } from "mongodb";
import { createClient } from "redis";
import mongoose from "mongoose";
import { Client } from "pg";
export async function lookalikes() {
  const mongo = await MongoClient.connect("mongodb://db");
  const redis = createClient();
  await redis.connect();
  await mongoose.connect("mongodb://db");
  const client = new Client();
  await client.connect();
  return { mongo, redis, client };
}`,
    },
    {
      name: "a local Pool class and a local connect",
      filename: IN_REPO_TS,
      code: `class Pool {
  async connect() {
    return { release() {} };
  }
}
const pool = new Pool();
export async function local() {
  const client = await pool.connect();
  await Promise.resolve(client);
}`,
    },
    {
      name: "an untyped parameter is not known to be a pool",
      filename: IN_REPO_MJS,
      code: `import "pg";
export async function unknown(pool) {
  const client = await pool.connect();
  await client.query("select 1");
}`,
    },
    {
      name: "mysql2 pool.promise() with try/finally",
      filename: IN_REPO_CJS,
      code: `const mysql = require("mysql2");
const pool = mysql.createPool({ connectionLimit: 5 }).promise();
async function rows() {
  const conn = await pool.getConnection();
  try {
    const [result] = await conn.query("select 1");
    return result;
  } finally {
    conn.release();
  }
}
module.exports = { rows };`,
    },
  ],
  invalid: [
    {
      name: "checkTestFiles: a test file, when asked",
      filename: TEST_TS,
      options: [{ checkTestFiles: true }],
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function takeOne() {
  const client = await pool.connect();
  await client.query("select 1");
}`,
      errors: [{ messageId: "neverReleased", line: 4, column: 24, endLine: 4, endColumn: 38, suggestions: [{ messageId: "wrapInTryFinally", output: `import { Pool } from "pg";
const pool = new Pool();
export async function takeOne() {
  const client = await pool.connect();
  try {
    await client.query("select 1");
  } finally {
    client.release();
  }
}` }] }],
    },
    {
      name: "a script leaks too (it hangs on exit)",
      filename: SCRIPT_TS,
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function main() {
  const client = await pool.connect();
  await client.query("select 1");
}`,
      errors: [{ messageId: "neverReleased", line: 4, column: 24, endLine: 4, endColumn: 38, suggestions: [{ messageId: "wrapInTryFinally", output: `import { Pool } from "pg";
const pool = new Pool();
export async function main() {
  const client = await pool.connect();
  try {
    await client.query("select 1");
  } finally {
    client.release();
  }
}` }] }],
    },
    {
      name: "a closure that stays inside the call does not own the client",
      filename: IN_REPO_TS,
      code: `import { Pool } from "pg";
const pool = new Pool();
export async function names(ids: string[]) {
  const client = await pool.connect();
  const rows = await Promise.all(ids.map((id) => client.query("select name from users where id = $1", [id])));
  return rows.map((result) => result.rows[0]);
}`,
      errors: [{ messageId: "neverReleased", line: 4, column: 24, endLine: 4, endColumn: 38, suggestions: [{ messageId: "wrapInTryFinally", output: `import { Pool } from "pg";
const pool = new Pool();
export async function names(ids: string[]) {
  const client = await pool.connect();
  try {
    const rows = await Promise.all(ids.map((id) => client.query("select name from users where id = $1", [id])));
    return rows.map((result) => result.rows[0]);
  } finally {
    client.release();
  }
}` }] }],
    },
    {
      name: "pools option with a pool-side release (CommonJS)",
      filename: IN_REPO_CJS,
      options: [{ pools: [{ module: "@acme/broker", creators: ["createBroker"], acquire: "lease", release: ["pool.give"] }] }],
      code: `
const { createBroker } = require("@acme/broker");
const broker = createBroker();
async function send(msg) {
  const channel = await broker.lease();
  await channel.publish(msg);
  broker.give(channel);
}
module.exports = { send };
`,
      errors: [
        {
          messageId: "releasedOnlyOnSuccess", line: 5, column: 25, endLine: 5, endColumn: 39,
          suggestions: [
            { messageId: "wrapInTryFinally", output: `
const { createBroker } = require("@acme/broker");
const broker = createBroker();
async function send(msg) {
  const channel = await broker.lease();
  try {
    await channel.publish(msg);
  } finally {
    broker.give(channel);
  }
}
module.exports = { send };
` },
          ],
        },
      ],
    },
    {
      name: "labelled break without finally",
      filename: IN_REPO_TS,
      code: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a(rows: string[][]) {
  outer: for (const row of rows) {
    for (const cell of row) {
      const client = await pool.connect();
      if (!cell) break outer;
      try { await client.query(cell); } finally { client.release(); }
    }
  }
}`,
      errors: [
        {
          messageId: "notReleasedOnEarlyExit", line: 6, column: 28, endLine: 6, endColumn: 42,
          suggestions: [
            { messageId: "wrapInTryFinally", output: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a(rows: string[][]) {
  outer: for (const row of rows) {
    for (const cell of row) {
      const client = await pool.connect();
      try {
        if (!cell) break outer;
        await client.query(cell);
      } finally {
        client.release();
      }
    }
  }
}` },
          ],
        },
      ],
    },
    {
      name: "finally without release, release after",
      filename: IN_REPO_TS,
      code: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a() {
  const client = await pool.connect();
  try { await client.query("x"); } finally { console.log("done"); }
  client.release();
}`,
      errors: [
        {
          messageId: "releasedOnlyOnSuccess", line: 4, column: 24, endLine: 4, endColumn: 38,
          suggestions: [
            { messageId: "wrapInTryFinally", output: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a() {
  const client = await pool.connect();
  try {
    try { await client.query("x"); } finally { console.log("done"); }
  } finally {
    client.release();
  }
}` },
          ],
        },
      ],
    },
    {
      name: "acquire per iteration, one release after the loop",
      filename: IN_REPO_TS,
      code: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a(ids: string[]) {
  let client: PoolClient | undefined;
  for (const id of ids) {
    client = await pool.connect();
    await client.query("x", [id]);
  }
  client?.release();
}`,
      errors: [
        {
          messageId: "releasedConditionally", line: 6, column: 20, endLine: 6, endColumn: 34,
          suggestions: [],
        },
      ],
    },
    {
      name: "two acquires, second leaks",
      filename: IN_REPO_TS,
      code: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a() {
  const first = await pool.connect();
  try { await first.query("x"); } finally { first.release(); }
  const second = await pool.connect();
  await second.query("y");
}`,
      errors: [
        {
          messageId: "neverReleased", line: 6, column: 24, endLine: 6, endColumn: 38,
          suggestions: [
            { messageId: "wrapInTryFinally", output: `import { Pool, type PoolClient } from "pg";
const pool = new Pool();
export async function a() {
  const first = await pool.connect();
  try { await first.query("x"); } finally { first.release(); }
  const second = await pool.connect();
  try {
    await second.query("y");
  } finally {
    second.release();
  }
}` },
          ],
        },
      ],
    },
    {
      name: "pg: released after the query, not in finally (rows used after the release)",
      filename: IN_REPO_TS,
      code: `
import { Pool } from "pg";
const pool = new Pool({ max: 10 });
export async function loadTasks(owner: string) {
  const client = await pool.connect();
  const { rows } = await client.query("select * from tasks where owner = $1", [owner]);
  client.release();
  return rows;
}
`,
      errors: [
        {
          messageId: "releasedOnlyOnSuccess", line: 5, column: 24, endLine: 5, endColumn: 38,
          suggestions: [
            { messageId: "wrapInTryFinally", output: `
import { Pool } from "pg";
const pool = new Pool({ max: 10 });
export async function loadTasks(owner: string) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query("select * from tasks where owner = $1", [owner]);
    return rows;
  } finally {
    client.release();
  }
}
` },
          ],
        },
      ],
    },
    {
      name: "pg: trailing release, autofix on",
      filename: IN_REPO_TS,
      options: [{"autofix":true}],
      code: `
import pg from "pg";
const pool = new pg.Pool();
export async function markDone(id: string) {
  const client = await pool.connect();
  // flip the flag
  await client.query("update tasks set done = true where id = $1", [id]);
  await client.query(\`
    insert into audit (task_id)
    values ($1)\`, [id]);
  client.release();
}
`,
      output: `
import pg from "pg";
const pool = new pg.Pool();
export async function markDone(id: string) {
  const client = await pool.connect();
  try {
    // flip the flag
    await client.query("update tasks set done = true where id = $1", [id]);
    await client.query(\`
    insert into audit (task_id)
    values ($1)\`, [id]);
  } finally {
    client.release();
  }
}
`,
      errors: [
        {
          messageId: "releasedOnlyOnSuccess", line: 5, column: 24, endLine: 5, endColumn: 38,
          suggestions: [],
        },
      ],
    },
    {
      name: "pg: early return skips the release",
      filename: IN_REPO_TS,
      code: `
import { Pool } from "pg";
const pool = new Pool();
export async function findTask(id: string) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query("select * from tasks where id = $1", [id]);
    if (rows.length === 0) return null;
    client.release();
    return rows[0];
  } catch (error) {
    client.release();
    throw error;
  }
}
`,
      errors: [
        {
          messageId: "notReleasedOnEarlyExit", line: 5, column: 24, endLine: 5, endColumn: 38,
          suggestions: [
            { messageId: "wrapInTryFinally", output: `
import { Pool } from "pg";
const pool = new Pool();
export async function findTask(id: string) {
  const client = await pool.connect();
  try {
    const { rows } = await client.query("select * from tasks where id = $1", [id]);
    if (rows.length === 0) return null;
    return rows[0];
  } finally {
    client.release();
  }
}
` },
          ],
        },
      ],
    },
    {
      name: "pg: never released",
      filename: IN_REPO_TS,
      code: `
import { Pool } from "pg";
const pool = new Pool();
export async function ping() {
  const client = await pool.connect();
  await client.query("select 1");
}
`,
      errors: [
        {
          messageId: "neverReleased", line: 5, column: 24, endLine: 5, endColumn: 38,
          suggestions: [
            { messageId: "wrapInTryFinally", output: `
import { Pool } from "pg";
const pool = new Pool();
export async function ping() {
  const client = await pool.connect();
  try {
    await client.query("select 1");
  } finally {
    client.release();
  }
}
` },
          ],
        },
      ],
    },
    {
      name: "pg: released only in catch",
      filename: IN_REPO_TS,
      code: `
import { Pool } from "pg";
const pool = new Pool();
export async function archive(id: string) {
  const client = await pool.connect();
  try {
    await client.query("update tasks set archived = true where id = $1", [id]);
  } catch (error) {
    client.release();
    throw error;
  }
}
`,
      errors: [
        {
          messageId: "releasedOnlyInCatch", line: 5, column: 24, endLine: 5, endColumn: 38,
          suggestions: [
            { messageId: "wrapInTryFinally", output: `
import { Pool } from "pg";
const pool = new Pool();
export async function archive(id: string) {
  const client = await pool.connect();
  try {
    await client.query("update tasks set archived = true where id = $1", [id]);
  } finally {
    client.release();
  }
}
` },
          ],
        },
      ],
    },
    {
      name: "mysql2/promise (.mjs): break leaves the loop holding the connection",
      filename: IN_REPO_MJS,
      code: `
import mysql from "mysql2/promise";
const pool = mysql.createPool({ host: "db", connectionLimit: 5 });
export async function drain(jobs) {
  for (const job of jobs) {
    const conn = await pool.getConnection();
    if (job.cancelled) break;
    await conn.query("update jobs set state = 'done' where id = ?", [job.id]);
    conn.release();
  }
}
`,
      errors: [
        {
          messageId: "notReleasedOnEarlyExit", line: 6, column: 24, endLine: 6, endColumn: 44,
          suggestions: [
            { messageId: "wrapInTryFinally", output: `
import mysql from "mysql2/promise";
const pool = mysql.createPool({ host: "db", connectionLimit: 5 });
export async function drain(jobs) {
  for (const job of jobs) {
    const conn = await pool.getConnection();
    try {
      if (job.cancelled) break;
      await conn.query("update jobs set state = 'done' where id = ?", [job.id]);
    } finally {
      conn.release();
    }
  }
}
` },
          ],
        },
      ],
    },
    {
      name: "pg callback form (.cjs): done() skipped on the error path of the query callback",
      filename: IN_REPO_CJS,
      code: `
const { Pool } = require("pg");
const pool = new Pool();
function countTasks(callback) {
  pool.connect((err, client, done) => {
    if (err) return callback(err);
    client.query("select count(*) from tasks", (queryError, result) => {
      if (queryError) return callback(queryError);
      done();
      callback(null, result.rows[0].count);
    });
  });
}
module.exports = { countTasks };
`,
      errors: [
        {
          messageId: "notReleasedOnEarlyExit", line: 5, column: 3, endLine: 12, endColumn: 5,
          suggestions: [],
        },
      ],
    },
    {
      name: "generic-pool (.cjs): awaited release kept in the finally",
      filename: IN_REPO_CJS,
      code: `
const genericPool = require("generic-pool");
const browsers = genericPool.createPool({ create: async () => ({}), destroy: async () => {} }, { max: 4 });
async function render(url) {
  const browser = await browsers.acquire();
  const html = await browser.render(url);
  await browsers.release(browser);
  return html;
}
module.exports = { render };
`,
      errors: [
        {
          messageId: "releasedOnlyOnSuccess", line: 5, column: 25, endLine: 5, endColumn: 43,
          suggestions: [
            { messageId: "wrapInTryFinally", output: `
const genericPool = require("generic-pool");
const browsers = genericPool.createPool({ create: async () => ({}), destroy: async () => {} }, { max: 4 });
async function render(url) {
  const browser = await browsers.acquire();
  try {
    const html = await browser.render(url);
    return html;
  } finally {
    await browsers.release(browser);
  }
}
module.exports = { render };
` },
          ],
        },
      ],
    },
    {
      name: "tarn (.tsx): .promise acquire, released before rendering",
      filename: IN_REPO_TSX,
      code: `
import { Pool } from "tarn";
const sessions = new Pool<any>({ create: (done: any) => done(null, {}), destroy: () => {}, min: 0, max: 8 });
export async function Summary({ id }: { id: string }) {
  const session = await sessions.acquire().promise;
  const data = await session.summary(id);
  sessions.release(session);
  return <p>{data}</p>;
}
`,
      errors: [
        {
          messageId: "releasedOnlyOnSuccess", line: 5, column: 25, endLine: 5, endColumn: 43,
          suggestions: [
            { messageId: "wrapInTryFinally", output: `
import { Pool } from "tarn";
const sessions = new Pool<any>({ create: (done: any) => done(null, {}), destroy: () => {}, min: 0, max: 8 });
export async function Summary({ id }: { id: string }) {
  const session = await sessions.acquire().promise;
  try {
    const data = await session.summary(id);
    return <p>{data}</p>;
  } finally {
    sessions.release(session);
  }
}
` },
          ],
        },
      ],
    },
    {
      name: "pg Pool typed as a constructor parameter property: released on one branch only",
      filename: IN_REPO_TS,
      code: `
import type { Pool } from "pg";
export class TaskStore {
  constructor(private readonly pool: Pool) {}
  async touch(id: string, log: boolean) {
    const client = await this.pool.connect();
    await client.query("update tasks set seen = now() where id = $1", [id]);
    if (log) client.release();
  }
}
`,
      errors: [
        {
          messageId: "releasedConditionally", line: 6, column: 26, endLine: 6, endColumn: 45,
          suggestions: [
            { messageId: "wrapInTryFinally", output: `
import type { Pool } from "pg";
export class TaskStore {
  constructor(private readonly pool: Pool) {}
  async touch(id: string, log: boolean) {
    const client = await this.pool.connect();
    try {
      await client.query("update tasks set seen = now() where id = $1", [id]);
    } finally {
      client.release();
    }
  }
}
` },
          ],
        },
      ],
    },
    {
      name: "mariadb: an explicit throw leaves without the release",
      filename: IN_REPO_TS,
      code: `
import mariadb from "mariadb";
const pool = mariadb.createPool({ host: "db", connectionLimit: 5 });
export async function rename(id: string, name: string) {
  const conn = await pool.getConnection();
  if (!name) throw new Error("name required");
  conn.release();
}
`,
      errors: [
        {
          messageId: "releasedOnlyOnSuccess", line: 5, column: 22, endLine: 5, endColumn: 42,
          suggestions: [
            { messageId: "wrapInTryFinally", output: `
import mariadb from "mariadb";
const pool = mariadb.createPool({ host: "db", connectionLimit: 5 });
export async function rename(id: string, name: string) {
  const conn = await pool.getConnection();
  try {
    if (!name) throw new Error("name required");
  } finally {
    conn.release();
  }
}
` },
          ],
        },
      ],
    },
    {
      name: "mysql2: released in .then only",
      filename: IN_REPO_TS,
      code: `
import mysql from "mysql2/promise";
const pool = mysql.createPool({ host: "db" });
export async function counts() {
  const conn = await pool.getConnection();
  return conn.query("select count(*) from t").then((result) => {
    conn.release();
    return result;
  });
}
`,
      errors: [
        {
          messageId: "releasedOnlyOnSuccess", line: 5, column: 22, endLine: 5, endColumn: 42,
          suggestions: [],
        },
      ],
    },
    {
      name: "pg: acquired and discarded",
      filename: IN_REPO_TS,
      code: `
import { Pool } from "pg";
const pool = new Pool();
export async function warmUp() {
  await pool.connect();
}
`,
      errors: [
        {
          messageId: "neverReleased", line: 5, column: 9, endLine: 5, endColumn: 23,
          suggestions: [],
        },
      ],
    },
    {
      name: "pools option: a team's own pool with checkout/checkin",
      filename: IN_REPO_TS,
      options: [{"pools":[{"module":"@acme/db","creators":["createDbPool"],"types":["DbPool"],"acquire":"checkout","release":["resource.checkin"]}]}],
      code: `
import { createDbPool } from "@acme/db";
const pool = createDbPool();
export async function stats() {
  const conn = await pool.checkout();
  const result = await conn.run("select 1");
  conn.checkin();
  return result;
}
`,
      errors: [
        {
          messageId: "releasedOnlyOnSuccess", line: 5, column: 22, endLine: 5, endColumn: 37,
          suggestions: [
            { messageId: "wrapInTryFinally", output: `
import { createDbPool } from "@acme/db";
const pool = createDbPool();
export async function stats() {
  const conn = await pool.checkout();
  try {
    const result = await conn.run("select 1");
    return result;
  } finally {
    conn.checkin();
  }
}
` },
          ],
        },
      ],
    },
    {
      name: "pool stored in an object field",
      filename: IN_REPO_TS,
      code: `
import { Pool } from "pg";
const db = { pool: new Pool(), schema: "public" };
export async function vacuum() {
  const client = await db.pool.connect();
  await client.query("vacuum");
  client.release();
}
`,
      errors: [
        {
          messageId: "releasedOnlyOnSuccess", line: 5, column: 24, endLine: 5, endColumn: 41,
          suggestions: [
            { messageId: "wrapInTryFinally", output: `
import { Pool } from "pg";
const db = { pool: new Pool(), schema: "public" };
export async function vacuum() {
  const client = await db.pool.connect();
  try {
    await client.query("vacuum");
  } finally {
    client.release();
  }
}
` },
          ],
        },
      ],
    },
    {
      name: "let + assignment: a swallowing catch skips the release",
      filename: IN_REPO_TS,
      code: `
import { Pool } from "pg";
const pool = new Pool();
export async function tryRefresh() {
  let client;
  try {
    client = await pool.connect();
    await client.query("refresh materialized view stats");
    client.release();
  } catch (error) {
    console.warn("refresh failed", error);
  }
}
`,
      errors: [
        {
          messageId: "releasedOnlyOnSuccess", line: 7, column: 20, endLine: 7, endColumn: 34,
          suggestions: [],
        },
      ],
    },
    {
      name: "continue before the try/finally",
      filename: IN_REPO_TS,
      code: `
import { Pool } from "pg";
const pool = new Pool();
export async function reindex(ids: string[]) {
  for (const id of ids) {
    const client = await pool.connect();
    if (!id) continue;
    try {
      await client.query("reindex table t");
    } finally {
      client.release();
    }
  }
}
`,
      errors: [
        {
          messageId: "notReleasedOnEarlyExit", line: 6, column: 26, endLine: 6, endColumn: 40,
          suggestions: [
            { messageId: "wrapInTryFinally", output: `
import { Pool } from "pg";
const pool = new Pool();
export async function reindex(ids: string[]) {
  for (const id of ids) {
    const client = await pool.connect();
    try {
      if (!id) continue;
      await client.query("reindex table t");
    } finally {
      client.release();
    }
  }
}
` },
          ],
        },
      ],
    },
    {
      name: "autofix: the plain shape (released after the query, rows used after the release) is fixed unattended",
      filename: IN_REPO_TS,
      options: [{ autofix: true }],
      code: `
import { Pool } from "pg";
const pool = new Pool();
export async function titles(owner: string) {
  const client = await pool.connect();
  const res = await client.query("select title from tasks where owner = $1", [owner]);
  client.release();
  return res.rows.map((row) => row.title);
}
`,
      output: `
import { Pool } from "pg";
const pool = new Pool();
export async function titles(owner: string) {
  const client = await pool.connect();
  try {
    const res = await client.query("select title from tasks where owner = $1", [owner]);
    return res.rows.map((row) => row.title);
  } finally {
    client.release();
  }
}
`,
      errors: [{ messageId: "releasedOnlyOnSuccess", line: 5, column: 24, endLine: 5, endColumn: 38, suggestions: [] }],
    },
    {
      name: "autofix: code after the release that waits stays outside; what it reads is hoisted",
      filename: IN_REPO_TS,
      options: [{ autofix: true }],
      code: `
import { Pool } from "pg";
const pool = new Pool();
declare function publish(rows: unknown[]): Promise<void>;
export async function sync() {
  const client = await pool.connect();
  const { rows } = await client.query("select * from outbox")
  const count: number = rows.length;
  client.release();
  await publish(rows);
  return count;
}
`,
      output: `
import { Pool } from "pg";
const pool = new Pool();
declare function publish(rows: unknown[]): Promise<void>;
export async function sync() {
  const client = await pool.connect();
  let rows;
  let count: number;
  try {
    ({ rows } = await client.query("select * from outbox"))
    count = rows.length;
  } finally {
    client.release();
  }
  await publish(rows);
  return count;
}
`,
      errors: [{ messageId: "releasedOnlyOnSuccess", line: 6, column: 24, endLine: 6, endColumn: 38, suggestions: [] }],
    },
    {
      name: "autofix: released only in catch, the catch keeps its logging and gets the finally",
      filename: IN_REPO_TS,
      options: [{ autofix: true }],
      code: `
import { Pool } from "pg";
const pool = new Pool();
export async function archive(id: string) {
  const client = await pool.connect();
  try {
    await client.query("update tasks set archived = true where id = $1", [id]);
  } catch (error) {
    console.error(error);
    client.release();
  }
}
`,
      output: `
import { Pool } from "pg";
const pool = new Pool();
export async function archive(id: string) {
  const client = await pool.connect();
  try {
    await client.query("update tasks set archived = true where id = $1", [id]);
  } catch (error) {
    console.error(error);
  } finally {
    client.release();
  }
}
`,
      errors: [{ messageId: "releasedOnlyInCatch", line: 5, column: 24, endLine: 5, endColumn: 38, suggestions: [] }],
    },
    {
      name: "autofix: a returned query is awaited inside the try, so the finally runs after it settles",
      filename: IN_REPO_MJS,
      options: [{ autofix: true }],
      code: `
import mysql from "mysql2/promise";
const pool = mysql.createPool({ host: "db" });
export async function find(id, fresh) {
  const conn = await pool.getConnection();
  if (!fresh) return null;
  return fresh ? conn.query("select * from t where id = ?", [id]) : null;
}
`,
      output: `
import mysql from "mysql2/promise";
const pool = mysql.createPool({ host: "db" });
export async function find(id, fresh) {
  const conn = await pool.getConnection();
  try {
    if (!fresh) return null;
    return await (fresh ? conn.query("select * from t where id = ?", [id]) : null);
  } finally {
    conn.release();
  }
}
`,
      errors: [{ messageId: "neverReleased", line: 5, column: 22, endLine: 5, endColumn: 42, suggestions: [] }],
    },
    {
      name: "autofix: a callback that runs later keeps the suggestion and says why it needs a person",
      filename: IN_REPO_TS,
      options: [{ autofix: true }],
      code: `
import { Pool } from "pg";
const pool = new Pool();
export async function warm() {
  const client = await pool.connect();
  client.on("notice", (notice) => client.query("select 1"));
}
`,
      errors: [
        {
          messageId: "neverReleased", line: 5, column: 24, endLine: 5, endColumn: 38,
          data: { what: "pg client", release: "client.release();", exit: "", name: "client", manual: ". Manual fix needed: `client` is used in a callback that may run later, after a `finally` gave it back" },
          suggestions: [
            { messageId: "wrapInTryFinally", output: `
import { Pool } from "pg";
const pool = new Pool();
export async function warm() {
  const client = await pool.connect();
  try {
    client.on("notice", (notice) => client.query("select 1"));
  } finally {
    client.release();
  }
}
` },
          ],
        },
      ],
    },
    {
      name: "autofix: release(err) in catch is not rewritten; the message says why",
      filename: IN_REPO_TS,
      options: [{ autofix: true }],
      code: `
import { Pool } from "pg";
const pool = new Pool();
export async function rename(id: string) {
  const client = await pool.connect();
  try {
    await client.query("update t set n = 1 where id = $1", [id]);
  } catch (error) {
    client.release(error as Error);
    throw error;
  }
}
`,
      errors: [
        {
          messageId: "releasedOnlyInCatch", line: 5, column: 24, endLine: 5, endColumn: 38,
          data: { what: "pg client", release: "client.release();", exit: "", name: "client", manual: ". Manual fix needed: a release passes an argument (an error destroys the client), which a plain `finally` would drop" },
          suggestions: [],
        },
      ],
    },
    {
      name: "mysql2 callback pool (.cjs): released in the query callback, but not on its error return",
      filename: IN_REPO_CJS,
      code: `
const mysql = require("mysql2");
const pool = mysql.createPool({ connectionLimit: 5 });
function listUsers(cb) {
  pool.getConnection(function (err, conn) {
    if (err) return cb(err);
    conn.query("select * from users", function (queryErr, rows) {
      if (queryErr) return cb(queryErr);
      conn.release();
      cb(null, rows);
    });
  });
}
module.exports = { listUsers };
`,
      errors: [
        {
          messageId: "notReleasedOnEarlyExit", line: 5, column: 3, endLine: 12, endColumn: 5,
          suggestions: [],
        },
      ],
    },
  ],
});

// With type information, a pool is also recognised by its type where its origin cannot be seen.
const typedRuleTester = createTypedRuleTester();

typedRuleTester.run("no-unreleased-pool-client (type-aware)", rule, {
  valid: [
    {
      name: "a MongoClient is not a pool, whatever its type",
      filename: TYPED_FILE,
      code: `
import { MongoClient } from "mongodb";
declare function getMongo(): MongoClient;
export async function run() {
  const client = await getMongo().connect();
  return client;
}
`,
    },
  ],
  invalid: [
    {
      name: "pool returned by a function: only its type says it is a pg Pool",
      filename: TYPED_FILE,
      // The type-aware project lives under test/, which the rule leaves alone unless asked.
      options: [{ checkTestFiles: true }],
      code: `
import { Pool } from "pg";
function makePool() {
  return new Pool();
}
const pool = makePool();
export async function ping() {
  const client = await pool.connect();
  await client.query("select 1");
  client.release();
}
`,
      errors: [
        {
          messageId: "releasedOnlyOnSuccess", line: 8, column: 24, endLine: 8, endColumn: 38,
          suggestions: [
            { messageId: "wrapInTryFinally", output: `
import { Pool } from "pg";
function makePool() {
  return new Pool();
}
const pool = makePool();
export async function ping() {
  const client = await pool.connect();
  try {
    await client.query("select 1");
  } finally {
    client.release();
  }
}
` },
          ],
        },
      ],
    },
  ],
});

/**
 * A client handed to helpers of another module (fixtures/no-unreleased-pool-client/lib/orders.js): one only
 * queries with it, so the route still owns it; one releases it, so it is a release point like `client.release()`.
 */
const POOL_FIXTURES = path.join(ROOT, "fixtures", "no-unreleased-pool-client");
const fixture = (file: string) => readFileSync(path.join(POOL_FIXTURES, file), "utf8");
const throughHelpers = fixture("orders-through-helpers.input.js");
createRuleTester().run("no-unreleased-pool-client (helpers of another module)", rule, {
  valid: [{ filename: path.join(POOL_FIXTURES, "valid", "released-by-helper.js"), code: fixture("valid/released-by-helper.js") }],
  invalid: [
    {
      filename: path.join(POOL_FIXTURES, "orders-through-helpers.input.js"),
      code: throughHelpers,
      errors: [
        {
          messageId: "neverReleased",
          line: 9,
          column: 24,
          endLine: 9,
          endColumn: 38,
          suggestions: [
            {
              messageId: "wrapInTryFinally",
              output: throughHelpers.replace(
                "  const client = await pool.connect();\n  res.json(await listOrders(client, req.query.customer));\n",
                "  const client = await pool.connect();\n  try {\n    res.json(await listOrders(client, req.query.customer));\n  } finally {\n    client.release();\n  }\n",
              ),
            },
          ],
        },
        { messageId: "releasedOnlyOnSuccess", line: 14, column: 24, endLine: 14, endColumn: 38 },
      ],
    },
  ],
});
