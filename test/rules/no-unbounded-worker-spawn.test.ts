import rule from "../../rules/no-unbounded-worker-spawn.js";
import path from "node:path";
import { createRuleTester, IN_REPO_CJS, IN_REPO_MJS, IN_REPO_TS, IN_REPO_TSX, ROOT } from "../helpers.js";

const TEST_TS = path.join(ROOT, "fixtures", "virtual.test.ts");
const SCRIPT_MJS = path.join(ROOT, "scripts", "virtual.mjs");

const ruleTester = createRuleTester();
/** What `strict` turns on: tests, scripts and startup code (`start…`, `migrate…`, `main`) are reported too. */
const STRICT = [{ checkTestFiles: true, checkScripts: true }] as const;

ruleTester.run("no-unbounded-worker-spawn", rule, {
  valid: [
    // Where the code runs: a script, startup code, a test (reported only with the strict options)
    { filename: SCRIPT_MJS, code: `import { fork } from "node:child_process";
export function buildAll(packages) {
  for (const name of packages) fork("./build.js", [name]);
}` },
    // A loop that counts to a configured number starts a pool of that size, not one per item
    { filename: IN_REPO_CJS, code: `const cluster = require("node:cluster");
function startWorkers(instances) {
  for (let i = 0; i < instances; i++) cluster.fork();
}
module.exports = { startWorkers };` },
    { filename: IN_REPO_MJS, code: `import { Worker } from "node:worker_threads";
for (const file of process.argv.slice(2)) new Worker("./convert.js", { workerData: file });` },
    { filename: TEST_TS, code: `import { Worker } from "node:worker_threads";
export function spawnAll(files: string[]) {
  return files.map((file) => new Worker("./fixture-worker.js", { workerData: file }));
}` },
    // A counted loop (`i < replicas`) starts a pool of the size the caller asks for, not one per item of work
    { filename: IN_REPO_TS, code: `import cluster from "node:cluster";
export function scale(replicas: number) {
  for (let i = 0; i < replicas; i++) cluster.fork();
}` },
    // Bounded loops and iterations
    { filename: IN_REPO_TS, code: `import { Worker } from "node:worker_threads";
for (let i = 0; i < 4; i++) new Worker("./resize.js");` },
    { filename: IN_REPO_TS, code: `import { Worker } from "node:worker_threads";
const POOL_SIZE = 8;
const workers: Worker[] = [];
for (let i = 0; i < POOL_SIZE; i++) workers.push(new Worker("./resize.js"));` },
    { filename: IN_REPO_TS, code: `import os from "node:os";
import { Worker } from "node:worker_threads";
const workers = Array.from({ length: os.availableParallelism() }, () => new Worker("./resize.js"));` },
    { filename: IN_REPO_CJS, code: `const cluster = require("node:cluster");
const os = require("os");
if (cluster.isPrimary) {
  for (let i = 0; i < os.cpus().length; i++) cluster.fork();
}` },
    { filename: IN_REPO_TS, code: `import { fork } from "child_process";
export function start(requested: number) {
  for (let i = 0; i < Math.min(requested, 4); i++) fork("./shard.js", [String(i)]);
}` },
    { filename: IN_REPO_TS, code: `import { spawn } from "child_process";
for (const tool of ["eslint", "tsc", "vitest"]) spawn("npx", [tool]);` },
    { filename: IN_REPO_TS, code: `import { Worker } from "worker_threads";
const MAX = 4;
const pool: Worker[] = [];
while (pool.length < MAX) pool.push(new Worker("./w.js"));` },
    // Each iteration waits for the process or worker to finish
    { filename: IN_REPO_TS, code: `import { execFile } from "node:child_process";
import { promisify } from "node:util";
const execFileAsync = promisify(execFile);
export async function convertAll(files: string[]) {
  for (const file of files) {
    const { stdout } = await execFileAsync("convert", [file, file + ".png"]);
    console.log(stdout);
  }
}` },
    { filename: IN_REPO_CJS, code: `const { fork } = require("child_process");
const { once } = require("events");
async function runAll(jobs) {
  for (const job of jobs) {
    const child = fork("./job.js", [job.id]);
    await once(child, "exit");
  }
}` },
    { filename: IN_REPO_TS, code: `import { Worker } from "node:worker_threads";
export async function embedAll(docs: string[]) {
  for (const doc of docs) {
    await new Promise((resolve, reject) => {
      const worker = new Worker("./embed.js", { workerData: doc });
      worker.once("exit", resolve);
      worker.once("error", reject);
    });
  }
}` },
    { filename: IN_REPO_TS, code: `import { spawn } from "node:child_process";
export async function lintAll(dirs: string[]) {
  for (const dir of dirs) {
    const child = spawn("eslint", [dir]);
    await new Promise((resolve) => child.on("close", resolve));
  }
}` },
    { filename: IN_REPO_MJS, code: `import { execa } from "execa";
export async function build(packages) {
  for (const pkg of packages) await execa("npm", ["run", "build"], { cwd: pkg });
}` },
    // Inside a limiter
    { filename: IN_REPO_TS, code: `import pLimit from "p-limit";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
const run = promisify(execFile);
const limit = pLimit(4);
export async function convertAll(files: string[]) {
  return Promise.all(files.map((file) => limit(() => run("convert", [file]))));
}` },
    { filename: IN_REPO_TS, code: `import PQueue from "p-queue";
import { Worker } from "node:worker_threads";
const queue = new PQueue({ concurrency: 2 });
export function enqueue(jobs: string[]) {
  for (const job of jobs) {
    queue.add(() => new Promise((resolve) => new Worker("./job.js", { workerData: job }).on("exit", resolve)));
  }
}` },
    { filename: IN_REPO_CJS, code: `const Bottleneck = require("bottleneck");
const cp = require("child_process");
const limiter = new Bottleneck({ maxConcurrent: 3 });
function thumbnails(files) {
  files.forEach((file) => limiter.schedule(() => new Promise((r) => cp.execFile("convert", [file], r))));
}` },
    { filename: IN_REPO_TS, code: `import { Semaphore } from "async-mutex";
import { spawn } from "node:child_process";
const semaphore = new Semaphore(4);
export async function transcodeAll(videos: string[]) {
  await Promise.all(videos.map(async (video) => {
    const [, release] = await semaphore.acquire();
    try {
      const child = spawn("ffmpeg", ["-i", video]);
      await new Promise((resolve) => child.on("exit", resolve));
    } finally {
      release();
    }
  }));
}` },
    { filename: IN_REPO_TS, code: `import { Sema } from "async-sema";
import { fork } from "node:child_process";
const sema = new Sema(2);
export async function run(jobs: string[]) {
  for (const job of jobs) {
    await sema.acquire();
    const child = fork("./job.js", [job]);
    child.on("exit", () => sema.release());
  }
}` },
    { filename: IN_REPO_TS, code: `import { Mutex } from "async-mutex";
import { Worker } from "node:worker_threads";
const mutex = new Mutex();
export function all(jobs: string[]) {
  return jobs.map((job) => mutex.runExclusive(() => new Worker("./w.js", { workerData: job })));
}` },
    // A user-declared limiter
    { filename: IN_REPO_TS, code: `import { spawn } from "node:child_process";
import { runBounded } from "./bounded";
export function all(jobs: string[]) {
  for (const job of jobs) runBounded(() => spawn("job", [job]));
}`, options: [{"limiters":["runBounded"]}] },
    // A per-request spawn guarded by a limiter
    { filename: IN_REPO_TS, code: `import express from "express";
import pLimit from "p-limit";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
const execFileAsync = promisify(execFile);
const limit = pLimit(2);
const app = express();
app.post("/render", async (req, res) => {
  const { stdout } = await limit(() => execFileAsync("render", [req.body.id]));
  res.send(stdout);
});` },
    { filename: IN_REPO_TS, code: `import express from "express";
import { Semaphore } from "async-mutex";
import { Worker } from "node:worker_threads";
const sem = new Semaphore(4);
const router = express.Router();
router.post("/embed", async (req, res) => {
  const [, release] = await sem.acquire();
  const worker = new Worker("./embed.js", { workerData: req.body });
  worker.once("exit", release);
  res.sendStatus(202);
});` },
    // Lazily created singletons
    { filename: IN_REPO_TS, code: `import express from "express";
import { Worker } from "node:worker_threads";
let worker: Worker | undefined;
const app = express();
app.get("/a", (req, res) => {
  worker ??= new Worker("./w.js");
  res.end();
});
app.get("/b", (req, res) => {
  if (!worker) worker = new Worker("./w.js");
  res.end();
});` },
    { filename: IN_REPO_TS, code: `import { fork } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import express from "express";
class Renderer {
  private child: ChildProcess | undefined;
  register(app: express.Express) {
    app.get("/r", (req, res) => {
      if (this.child === undefined) this.child = fork("./render.js");
      res.end();
    });
  }
}` },
    // Look-alikes: BullMQ's Worker, a local class, a local spawn, sync spawns
    { filename: IN_REPO_TS, code: `import { Worker } from "bullmq";
export function consumers(queues: string[]) {
  return queues.map((name) => new Worker(name, async (job) => job.data));
}` },
    { filename: IN_REPO_CJS, code: `const { Worker } = require("bullmq");
for (const name of process.argv.slice(2)) new Worker(name, async () => {});` },
    { filename: IN_REPO_TS, code: `class Worker { constructor(readonly id: string) {} }
export const workers = (ids: string[]) => ids.map((id) => new Worker(id));` },
    { filename: IN_REPO_MJS, code: `import { spawn } from "./spawn.js";
export function all(jobs) { for (const job of jobs) spawn(job); }` },
    { filename: IN_REPO_TS, code: `import { spawnSync, execFileSync } from "node:child_process";
export function all(files: string[]) {
  for (const file of files) {
    spawnSync("gzip", [file]);
    execFileSync("sync");
  }
}` },
    { filename: IN_REPO_TS, code: `function fork(name: string) { return name; }
export const forks = (xs: string[]) => xs.map(fork).map((x) => fork(x));` },
    // Not repeated: module level, one-off callbacks, unknown routers
    { filename: IN_REPO_TS, code: `import { Worker } from "node:worker_threads";
import { fork } from "node:child_process";
import express from "express";
export const worker = new Worker("./w.js");
process.on("SIGHUP", () => fork("./reload.js"));
const app = express();
app.listen(3000, () => fork("./warmup.js"));` },
    { filename: IN_REPO_TS, code: `import { spawn } from "node:child_process";
import { makeRouter } from "./router";
const router = makeRouter();
router.get("/x", () => spawn("x"));` },
    { filename: IN_REPO_TS, code: `import { Piscina } from "piscina";
const pool = new Piscina({ filename: new URL("./resize.js", import.meta.url).href });
export function resizeAll(files: string[]) {
  return Promise.all(files.map((file) => pool.run(file)));
}` },
    // A cache keyed by tenant, filled lazily
    { filename: IN_REPO_TS, code: `import { Worker } from "node:worker_threads";
const byTenant: Record<string, Worker> = {};
export function warm(tenants: string[]) {
  for (const tenant of tenants) {
    if (!byTenant[tenant]) byTenant[tenant] = new Worker("./tenant.js", { workerData: tenant });
  }
}` },
    { filename: IN_REPO_CJS, code: `const util = require("util");
const cp = require("child_process");
const run = util.promisify(cp.exec);
async function drain(queue) {
  do {
    await run("process-next");
  } while (queue.length > 0);
}` },
    // A named function that is never registered as a handler
    { filename: IN_REPO_TS, code: `import { fork } from "node:child_process";
export function createReport(id: string) {
  return fork("./report.js", [id]);
}
createReport("nightly");` },
    // A serial reduce: each step awaits the previous one, then the process
    { filename: IN_REPO_TS, code: `import { execFile } from "node:child_process";
import { promisify } from "node:util";
const execFileAsync = promisify(execFile);
export async function migrate(tenants: string[]) {
  await tenants.reduce(async (previous, tenant) => {
    await previous;
    await execFileAsync("migrate", [tenant]);
  }, Promise.resolve());
}` },
  ],
  invalid: [
    // Strict options: scripts, startup code and tests are reported
    {
      filename: SCRIPT_MJS,
      options: STRICT,
      code: `import { fork } from "node:child_process";
export function buildAll(packages) {
  for (const name of packages) fork("./build.js", [name]);
}`,
      errors: [
        { messageId: "perItem", line: 3, column: 32, endLine: 3, endColumn: 58 },
      ],
    },
    {
      filename: TEST_TS,
      options: STRICT,
      code: `import { Worker } from "node:worker_threads";
export function spawnAll(files: string[]) {
  return files.map((file) => new Worker("./fixture-worker.js", { workerData: file }));
}`,
      errors: [
        { messageId: "perItem", line: 3, column: 30, endLine: 3, endColumn: 85 },
      ],
    },
    // A counted loop in a request handler: the request says how many
    {
      filename: IN_REPO_TS,
      code: `import express from "express";
import { Worker } from "node:worker_threads";
export const app = express();
app.post("/render", (req, res) => {
  for (let i = 0; i < req.body.count; i++) new Worker("./render.js");
  res.sendStatus(202);
});`,
      errors: [
        { messageId: "perItem", line: 5, column: 44, endLine: 5, endColumn: 69 },
      ],
    },
    // A handler registered by startup code still runs per request
    {
      filename: IN_REPO_TS,
      code: `import express from "express";
import { fork } from "node:child_process";
export function setupRoutes(app: express.Express) {
  app.post("/render", (req, res) => {
    fork("./render.js", [req.body.id]);
    res.sendStatus(202);
  });
}`,
      errors: [
        { messageId: "perRequest", line: 5, column: 5, endLine: 5, endColumn: 39 },
      ],
    },
    // Per item: worker_threads, every import style
    {
      filename: IN_REPO_TS,
      code: `import { Worker } from "node:worker_threads";
export function resizeAll(files: string[]) {
  for (const file of files) {
    new Worker("./resize.js", { workerData: file });
  }
}`,
      errors: [
        { messageId: "perItem", data: { name: "new Worker()", what: "worker thread" }, line: 4, column: 5, endLine: 4, endColumn: 52 },
      ],
    },
    {
      filename: IN_REPO_TS,
      code: `import * as threads from "worker_threads";
export function resizeAll(files: string[]) {
  files.forEach((file) => new threads.Worker("./resize.js", { workerData: file }));
}`,
      errors: [
        { messageId: "perItem", line: 3, column: 27, endLine: 3, endColumn: 82 },
      ],
    },
    {
      filename: IN_REPO_TS,
      // Reported in recommended as well; the strict options must not lose it.
      options: STRICT,
      code: `import threads from "node:worker_threads";
export const start = (files: string[]) => files.map((file) => new threads.Worker("./resize.js", { workerData: file }));`,
      errors: [
        { messageId: "perItem", line: 2, column: 63, endLine: 2, endColumn: 118 },
      ],
    },
    {
      filename: IN_REPO_CJS,
      // Reported in recommended as well; the strict options must not lose it.
      options: STRICT,
      code: `const { Worker } = require("worker_threads");
function startAll(jobs) {
  const workers = [];
  for (let i = 0; i < jobs.length; i++) {
    workers.push(new Worker("./job.js", { workerData: jobs[i] }));
  }
  return workers;
}`,
      errors: [
        { messageId: "perItem", line: 5, column: 18, endLine: 5, endColumn: 65 },
      ],
    },
    // Per item: child_process, cluster
    {
      filename: IN_REPO_CJS,
      code: `const cp = require("node:child_process");
function compressAll(paths) {
  let index = 0;
  while (index < paths.length) {
    cp.exec("gzip " + paths[index++], () => {});
  }
}`,
      errors: [
        { messageId: "perItem", line: 5, column: 5, endLine: 5, endColumn: 48 },
      ],
    },
    {
      filename: IN_REPO_CJS,
      code: `const { fork } = require("child_process");
const spawnChild = require("child_process").spawn;
module.exports = (jobs) => {
  for (const job in jobs) fork("./job.js", [job]);
  jobs.flatMap((job) => [spawnChild("a", [job]), spawnChild("b", [job])]);
};`,
      errors: [
        { messageId: "perItem", line: 4, column: 27, endLine: 4, endColumn: 50 },
        { messageId: "perItem", line: 5, column: 26, endLine: 5, endColumn: 48 },
        { messageId: "perItem", line: 5, column: 50, endLine: 5, endColumn: 72 },
      ],
    },
    {
      filename: IN_REPO_TS,
      code: `import { execFile } from "node:child_process";
import { promisify } from "node:util";
const execFileAsync = promisify(execFile);
export async function convertAll(files: string[]) {
  return Promise.all(files.map((file) => execFileAsync("convert", [file])));
}`,
      errors: [
        { messageId: "perItem", line: 5, column: 42, endLine: 5, endColumn: 74 },
      ],
    },
    // Awaiting inside the iteration callback does not serialise anything
    {
      filename: IN_REPO_TS,
      code: `import { fork } from "node:child_process";
import { once } from "node:events";
export async function runAll(jobs: string[]) {
  await Promise.all(jobs.map(async (job) => {
    const child = fork("./job.js", [job]);
    await once(child, "exit");
  }));
}`,
      errors: [
        { messageId: "perItem", line: 5, column: 19, endLine: 5, endColumn: 42 },
      ],
    },
    // Started and not waited for
    {
      filename: IN_REPO_TS,
      code: `import { spawn } from "node:child_process";
export async function lintAll(dirs: string[]) {
  for (const dir of dirs) {
    const child = spawn("eslint", [dir]);
    child.on("close", (code) => console.log(dir, code));
  }
}`,
      errors: [
        { messageId: "perItem", line: 4, column: 19, endLine: 4, endColumn: 41 },
      ],
    },
    {
      filename: IN_REPO_TS,
      code: `import { Worker } from "node:worker_threads";
export function embedAll(docs: string[]) {
  const done: Promise<unknown>[] = [];
  for (const doc of docs) {
    done.push(new Promise((resolve) => new Worker("./embed.js", { workerData: doc }).once("exit", resolve)));
  }
  return Promise.all(done);
}`,
      errors: [
        { messageId: "perItem", line: 5, column: 40, endLine: 5, endColumn: 85 },
      ],
    },
    {
      filename: IN_REPO_MJS,
      code: `import { execa } from "execa";
export const buildAll = (packages) => Promise.all(packages.map((pkg) => execa("npm", ["run", "build"], { cwd: pkg })));`,
      errors: [
        { messageId: "perItem", line: 2, column: 73, endLine: 2, endColumn: 117 },
      ],
    },
    // The global web Worker
    {
      filename: IN_REPO_MJS,
      code: `export function renderTiles(tiles) {
  return Array.from(tiles, (tile) => {
    const worker = new Worker(new URL("./tile.js", import.meta.url), { type: "module" });
    worker.postMessage(tile);
    return worker;
  });
}`,
      errors: [
        { messageId: "perItem", line: 3, column: 20, endLine: 3, endColumn: 89 },
      ],
    },
    {
      filename: IN_REPO_TSX,
      code: `export function Tiles({ tiles }: { tiles: string[] }) {
  return <ul>{tiles.map((tile) => <li key={tile}>{String(new Worker("/tile.js", { name: tile }))}</li>)}</ul>;
}`,
      errors: [
        { messageId: "perItem", line: 2, column: 58, endLine: 2, endColumn: 96 },
      ],
    },
    // A limiter that is not declared does not count
    {
      filename: IN_REPO_TS,
      code: `import { spawn } from "node:child_process";
import { runBounded } from "./bounded";
export function all(jobs: string[]) {
  for (const job of jobs) runBounded(() => spawn("job", [job]));
}`,
      errors: [
        { messageId: "perItem", line: 4, column: 44, endLine: 4, endColumn: 63 },
      ],
    },
    // Per request: Express, Koa, Fastify, Hono, node:http
    {
      filename: IN_REPO_TS,
      code: `import express from "express";
import { Worker } from "node:worker_threads";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
const execFileAsync = promisify(execFile);
const app = express();
app.post("/resize", (req, res) => {
  const worker = new Worker("./resize.js", { workerData: req.body });
  worker.once("message", (result) => res.json(result));
});
app.route("/convert").post(async (req, res) => {
  res.send((await execFileAsync("convert", [req.body.file])).stdout);
});`,
      errors: [
        { messageId: "perRequest", data: { name: "new Worker()", what: "worker thread" }, line: 8, column: 18, endLine: 8, endColumn: 69 },
        { messageId: "perRequest", data: { name: "execFileAsync()", what: "child process" }, line: 12, column: 19, endLine: 12, endColumn: 60 },
      ],
    },
    {
      filename: IN_REPO_TS,
      code: `import { Router, type Express } from "express";
import { fork } from "node:child_process";
export function register(app: Express) {
  app.get("/report", (req, res) => { fork("./report.js").on("exit", () => res.end()); });
}
const router = Router();
router.use((req, res, next) => { fork("./audit.js"); next(); });`,
      errors: [
        { messageId: "perRequest", line: 4, column: 38, endLine: 4, endColumn: 57 },
        { messageId: "perRequest", line: 7, column: 34, endLine: 7, endColumn: 52 },
      ],
    },
    {
      filename: IN_REPO_CJS,
      code: `const Koa = require("koa");
const { spawn } = require("child_process");
const app = new Koa();
app.use(async (ctx) => {
  ctx.body = spawn("render", [ctx.path]).stdout;
});`,
      errors: [
        { messageId: "perRequest", line: 5, column: 14, endLine: 5, endColumn: 41 },
      ],
    },
    {
      filename: IN_REPO_TS,
      code: `import Fastify, { type FastifyInstance } from "fastify";
import { fork } from "node:child_process";
const server = Fastify();
server.post("/jobs", async () => fork("./job.js"));
export async function routes(instance: FastifyInstance) {
  instance.route({ method: "GET", url: "/a", handler: async () => fork("./a.js") });
}`,
      errors: [
        { messageId: "perRequest", line: 4, column: 34, endLine: 4, endColumn: 50 },
        { messageId: "perRequest", line: 6, column: 67, endLine: 6, endColumn: 81 },
      ],
    },
    {
      filename: IN_REPO_MJS,
      code: `import { Hono } from "hono";
import { spawn } from "node:child_process";
const app = new Hono();
app.get("/grep", (c) => c.body(spawn("grep", [c.req.query("q")]).stdout));`,
      errors: [
        { messageId: "perRequest", line: 4, column: 32, endLine: 4, endColumn: 65 },
      ],
    },
    {
      filename: IN_REPO_CJS,
      code: `const http = require("node:http");
const { Worker } = require("node:worker_threads");
http.createServer((req, res) => {
  new Worker("./handle.js", { workerData: req.url }).once("message", (body) => res.end(body));
}).listen(8080);
const server = http.createServer();
server.on("request", (req, res) => { new Worker("./other.js"); });`,
      errors: [
        { messageId: "perRequest", line: 4, column: 3, endLine: 4, endColumn: 53 },
        { messageId: "perRequest", line: 7, column: 38, endLine: 7, endColumn: 62 },
      ],
    },
    // Extra registrars
    {
      filename: IN_REPO_TS,
      code: `import { fork } from "node:child_process";
import { api, defineRoute } from "./framework";
api.post("/a", () => fork("./a.js"));
defineRoute("/b", () => fork("./b.js"));`,
      options: [{"registrars":["api","defineRoute"]}],
      errors: [
        { messageId: "perRequest", line: 3, column: 22, endLine: 3, endColumn: 36 },
        { messageId: "perRequest", line: 4, column: 25, endLine: 4, endColumn: 39 },
      ],
    },
    {
      filename: IN_REPO_MJS,
      code: `import crossSpawn from "cross-spawn";
export const runAll = (scripts) => scripts.reduce((children, script) => [...children, crossSpawn("npm", ["run", script])], []);
export const shared = (names) => names.map((name) => new SharedWorker("/shared.js", { name }));`,
      errors: [
        { messageId: "perItem", line: 2, column: 87, endLine: 2, endColumn: 121 },
        { messageId: "perItem", line: 3, column: 54, endLine: 3, endColumn: 94 },
      ],
    },
    {
      filename: IN_REPO_TS,
      code: `import { exec } from "node:child_process";
import { promisify } from "node:util";
export async function pollForever(next: () => Promise<string>) {
  while (true) {
    const command = await next();
    void promisify(exec)(command);
  }
}`,
      errors: [
        { messageId: "perItem", line: 6, column: 10, endLine: 6, endColumn: 34 },
      ],
    },
    // Handlers declared by name and registered elsewhere
    {
      filename: IN_REPO_TS,
      code: `import express, { type Request, type Response } from "express";
import { fork } from "node:child_process";
async function createReport(req: Request, res: Response) {
  fork("./report.js", [req.params.id]);
  res.sendStatus(202);
}
const requireUser = (_req: Request, _res: Response, next: () => void) => next();
const app = express();
app.post("/reports/:id", requireUser, createReport);`,
      errors: [
        { messageId: "perRequest", line: 4, column: 3, endLine: 4, endColumn: 39 },
      ],
    },
    {
      filename: IN_REPO_CJS,
      code: `const fastify = require("fastify")();
const { spawn } = require("child_process");
const handler = async (request) => spawn("render", [request.url]).pid;
fastify.route({ method: "GET", url: "/render", handler });`,
      errors: [
        { messageId: "perRequest", line: 3, column: 36, endLine: 3, endColumn: 66 },
      ],
    },
    // A reduce that does not wait for the previous step
    {
      filename: IN_REPO_TS,
      // Reported in recommended as well; the strict options must not lose it.
      options: STRICT,
      code: `import { execFile } from "node:child_process";
import { promisify } from "node:util";
const execFileAsync = promisify(execFile);
export async function migrate(tenants: string[]) {
  await tenants.reduce(async (previous, tenant) => {
    await execFileAsync("migrate", [tenant]);
    await previous;
  }, Promise.resolve());
}`,
      errors: [
        { messageId: "perItem", line: 6, column: 11, endLine: 6, endColumn: 45 },
      ],
    },
  ],
});
