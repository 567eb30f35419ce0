import rule from "../../rules/no-unbounded-queue.js";
import path from "node:path";
import { createRuleTester, IN_REPO_CJS, IN_REPO_MJS, IN_REPO_TS, IN_REPO_TSX, ROOT } from "../helpers.js";

const TEST_TS = path.join(ROOT, "fixtures", "virtual.test.ts");
const SCRIPT_MJS = path.join(ROOT, "scripts", "virtual.mjs");

const ruleTester = createRuleTester();

ruleTester.run("no-unbounded-queue", rule, {
  valid: [
    // Bounded
    { filename: IN_REPO_TS, code: `import PQueue from "p-queue";
export const queue = new PQueue({ concurrency: 4 });
export const fromEnv = new PQueue({ concurrency: Number(process.env.QUEUE_CONCURRENCY ?? 4), autoStart: false });` },
    { filename: IN_REPO_TS, code: `import Bottleneck from "bottleneck";
export const limiter = new Bottleneck({ maxConcurrent: 2, minTime: 100 });
export const group = new Bottleneck.Group({ maxConcurrent: 1 });` },
    { filename: IN_REPO_TS, code: `import pLimit, { limitFunction } from "p-limit";
export const limit = pLimit(8);
export const limitObject = pLimit({ concurrency: 8 });
export const limited = limitFunction(async (id: string) => id, { concurrency: 2 });` },
    { filename: IN_REPO_TS, code: `import pMap, { pMapIterable } from "p-map";
export async function all(ids: string[]) {
  await pMap(ids, async (id) => id, { concurrency: 4 });
  for await (const id of pMapIterable(ids, async (id) => id, { concurrency: 2 })) console.log(id);
}` },
    { filename: IN_REPO_TS, code: `import { mapAsync, limitAsync } from "es-toolkit";
export const run = (ids: string[]) => mapAsync(ids, async (id) => id, { concurrency: 3 });
export const limited = limitAsync(async (id: string) => id, 3);` },
    { filename: IN_REPO_CJS, code: `const fastq = require("fastq");
const async = require("async");
const q1 = fastq(worker, 1);
const q2 = fastq.promise(this, worker, 4);
const q3 = async.queue(worker);
const q4 = async.queue(worker, 10);
async.mapLimit(items, 5, worker);
function worker(task, cb) { cb(null, task); }` },
    // What cannot be seen: options in a variable or a spread
    { filename: IN_REPO_TS, code: `import PQueue from "p-queue";
import pMap from "p-map";
import type { Options } from "p-queue";
export function make(options: Options<any, any>, defaults: object) {
  const a = new PQueue(options);
  const b = new PQueue({ ...defaults });
  const c = new PQueue({ concurrency: Infinity, ...defaults });
  return [a, b, c, pMap([], async (x) => x, options as never)];
}` },
    { filename: IN_REPO_TS, code: `import pLimit from "p-limit";
export const make = (n: number) => pLimit(n);` },
    // Look-alikes
    { filename: IN_REPO_TS, code: `import { Queue, Worker } from "bullmq";
class PQueue { constructor(readonly options: object = {}) {} }
function pMap<T>(xs: T[], fn: (x: T) => T) { return xs.map(fn); }
export const q = new Queue("emails");
export const local = new PQueue();
export const mapped = pMap([1, 2], (x) => x);` },
    { filename: IN_REPO_MJS, code: `import PQueue from "./p-queue.js";
export const queue = new PQueue();` },
    { filename: IN_REPO_CJS, code: `const { Queue } = require("bullmq");
const queue = new Queue("emails");` },
    // Infinity shadowed by a local
    { filename: IN_REPO_TS, code: `import pLimit from "p-limit";
export function make(Infinity: number) { return pLimit(Infinity); }` },
    // A flag chooses the unlimited mode on purpose: a documented choice, not a missing bound
    { filename: IN_REPO_TS, code: `import PQueue from "p-queue";
declare const argv: { parallel: boolean };
export const queue = new PQueue({ concurrency: argv.parallel ? Infinity : 4 });
const limit = argv.parallel ? Number.POSITIVE_INFINITY : 1;
export const other = new PQueue({ concurrency: limit });` },
    // Tests and scripts (reported only with the strict options)
    { filename: TEST_TS, code: `import PQueue from "p-queue";
export const queue = new PQueue();` },
    { filename: SCRIPT_MJS, code: `import PQueue from "p-queue";
const queue = new PQueue({ concurrency: Infinity });
for (const file of process.argv.slice(2)) queue.add(() => import(file));` },
    // A library's documented default: the comment says the option defaults to no limit
    { filename: IN_REPO_MJS, code: `import PQueue from "p-queue";
/** Concurrent calls are limited by \`maxConcurrency\`, which defaults to \`Infinity\` (no limit). */
export class Caller {
  constructor(params) {
    this.maxConcurrency = params.maxConcurrency ?? Infinity;
    this.queue = new PQueue({ concurrency: this.maxConcurrency });
  }
}` },
    // A fallback to a bound
    { filename: IN_REPO_TS, code: `import PQueue from "p-queue";
export function make(options: { max?: number }) { return new PQueue({ concurrency: options.max ?? 4 }); }` },
  ],
  invalid: [
    // An explicit unlimited fallback: whoever passes no option gets no limit
    {
      filename: IN_REPO_TS,
      code: `import PQueue from "p-queue";
import Bottleneck from "bottleneck";
export function make(options: { max?: number; concurrency?: number }) {
  const a = new PQueue({ concurrency: options.max ?? Infinity });
  const b = new Bottleneck({ maxConcurrent: options.concurrency || null });
  return [a, b];
}`,
      errors: [
        { messageId: "unlimitedFallback", data: { callee: "new PQueue()", verb: "created", bound: "`concurrency`", value: "Infinity", concurrency: 5 }, line: 4, column: 13, endLine: 4, endColumn: 65, suggestions: [
          { messageId: "addBound", output: `import PQueue from "p-queue";
import Bottleneck from "bottleneck";
export function make(options: { max?: number; concurrency?: number }) {
  const a = new PQueue({ concurrency: options.max ?? 5 });
  const b = new Bottleneck({ maxConcurrent: options.concurrency || null });
  return [a, b];
}` },
        ] },
        { messageId: "unlimitedFallback", line: 5, column: 13, endLine: 5, endColumn: 75, suggestions: [
          { messageId: "addBound", output: `import PQueue from "p-queue";
import Bottleneck from "bottleneck";
export function make(options: { max?: number; concurrency?: number }) {
  const a = new PQueue({ concurrency: options.max ?? Infinity });
  const b = new Bottleneck({ maxConcurrent: options.concurrency || 5 });
  return [a, b];
}` },
        ] },
      ],
    },
    {
      filename: IN_REPO_TS,
      code: `import PQueue from "p-queue";
export function make(options: { max?: number }) {
  const concurrency = options.max ?? Number.POSITIVE_INFINITY;
  return new PQueue({ concurrency });
}`,
      errors: [
        { messageId: "unlimitedFallback", data: { callee: "new PQueue()", verb: "created", bound: "`concurrency`", value: "Number.POSITIVE_INFINITY", concurrency: 5 }, line: 4, column: 10, endLine: 4, endColumn: 37 },
      ],
    },
    {
      // LangChain's AsyncCaller: the fallback is set in the constructor, and p-queue comes through CommonJS interop
      filename: IN_REPO_MJS,
      code: `import PQueueMod from "p-queue";
export class AsyncCaller {
  constructor(params) {
    this.maxConcurrency = params.maxConcurrency ?? Infinity;
    const PQueue = "default" in PQueueMod ? PQueueMod.default : PQueueMod;
    this.queue = new PQueue({ concurrency: this.maxConcurrency });
  }
}`,
      errors: [
        { messageId: "unlimitedFallback", data: { callee: "new PQueue()", verb: "created", bound: "`concurrency`", value: "Infinity", concurrency: 5 }, line: 6, column: 18, endLine: 6, endColumn: 66 },
      ],
    },
    // Startup code counts: a queue made at startup serves every request later
    {
      filename: IN_REPO_TS,
      code: `import PQueue from "p-queue";
export function initQueues() {
  return { mail: new PQueue() };
}`,
      errors: [
        { messageId: "missingBound", line: 3, column: 18, endLine: 3, endColumn: 30, suggestions: [
          { messageId: "addBound", output: `import PQueue from "p-queue";
export function initQueues() {
  return { mail: new PQueue({ concurrency: 5 }) };
}` },
        ] },
      ],
    },
    // Strict options: tests and scripts are reported too
    {
      filename: TEST_TS,
      options: [{ checkTestFiles: true, checkScripts: true }],
      code: `import PQueue from "p-queue";
export const queue = new PQueue();`,
      errors: [
        { messageId: "missingBound", line: 2, column: 22, endLine: 2, endColumn: 34, suggestions: [
          { messageId: "addBound", output: `import PQueue from "p-queue";
export const queue = new PQueue({ concurrency: 5 });` },
        ] },
      ],
    },
    // p-queue
    {
      filename: IN_REPO_TS,
      code: `import PQueue from "p-queue";
export const queue = new PQueue();`,
      errors: [
        { messageId: "missingBound", data: { callee: "new PQueue()", verb: "created", bound: "`concurrency`", value: "", concurrency: 5 }, line: 2, column: 22, endLine: 2, endColumn: 34, suggestions: [
          { messageId: "addBound", data: { bound: "`concurrency`", concurrency: 5 }, output: `import PQueue from "p-queue";
export const queue = new PQueue({ concurrency: 5 });` },
        ] },
      ],
    },
    {
      filename: IN_REPO_TS,
      code: `import PQueue from "p-queue";
export const queue = new PQueue({ autoStart: false });`,
      errors: [
        { messageId: "missingBound", line: 2, column: 22, endLine: 2, endColumn: 54, suggestions: [
          { messageId: "addBound", output: `import PQueue from "p-queue";
export const queue = new PQueue({ autoStart: false, concurrency: 5 });` },
        ] },
      ],
    },
    {
      filename: IN_REPO_TS,
      code: `import PQueue from "p-queue";
export const queue = new PQueue({
  interval: 1000,
  intervalCap: 10,
});`,
      errors: [
        { messageId: "missingBound", line: 2, column: 22, endLine: 5, endColumn: 3, suggestions: [
          { messageId: "addBound", output: `import PQueue from "p-queue";
export const queue = new PQueue({
  interval: 1000,
  intervalCap: 10,
  concurrency: 5,
});` },
        ] },
      ],
    },
    {
      filename: IN_REPO_TS,
      code: `import PQueue from "p-queue";
const UNLIMITED = Number.POSITIVE_INFINITY;
export const a = new PQueue({ concurrency: Infinity });
export const b = new PQueue({ concurrency: UNLIMITED });
export const c = new PQueue({ concurrency: undefined });`,
      errors: [
        { messageId: "unlimitedBound", line: 3, column: 18, endLine: 3, endColumn: 55, suggestions: [
          { messageId: "addBound", output: `import PQueue from "p-queue";
const UNLIMITED = Number.POSITIVE_INFINITY;
export const a = new PQueue({ concurrency: 5 });
export const b = new PQueue({ concurrency: UNLIMITED });
export const c = new PQueue({ concurrency: undefined });` },
        ] },
        { messageId: "unlimitedBound", line: 4, column: 18, endLine: 4, endColumn: 56, suggestions: [
          { messageId: "addBound", output: `import PQueue from "p-queue";
const UNLIMITED = Number.POSITIVE_INFINITY;
export const a = new PQueue({ concurrency: Infinity });
export const b = new PQueue({ concurrency: 5 });
export const c = new PQueue({ concurrency: undefined });` },
        ] },
        { messageId: "unlimitedBound", line: 5, column: 18, endLine: 5, endColumn: 56, suggestions: [
          { messageId: "addBound", output: `import PQueue from "p-queue";
const UNLIMITED = Number.POSITIVE_INFINITY;
export const a = new PQueue({ concurrency: Infinity });
export const b = new PQueue({ concurrency: UNLIMITED });
export const c = new PQueue({ concurrency: 5 });` },
        ] },
      ],
    },
    {
      filename: IN_REPO_TS,
      code: `import PQueue from "p-queue";
const concurrency = Infinity;
export const queue = new PQueue({ concurrency, timeout: 5000 });`,
      errors: [
        { messageId: "unlimitedBound", line: 3, column: 22, endLine: 3, endColumn: 64, suggestions: [
          { messageId: "addBound", output: `import PQueue from "p-queue";
const concurrency = Infinity;
export const queue = new PQueue({ concurrency: 5, timeout: 5000 });` },
        ] },
      ],
    },
    {
      filename: IN_REPO_MJS,
      code: `import PQueue from "p-queue";
export const queue = new PQueue;`,
      errors: [
        { messageId: "missingBound", line: 2, column: 22, endLine: 2, endColumn: 32, suggestions: [
          { messageId: "addBound", output: `import PQueue from "p-queue";
export const queue = new PQueue({ concurrency: 5 });` },
        ] },
      ],
    },
    {
      filename: IN_REPO_CJS,
      code: `const PQueue = require("p-queue").default;
const queue = new PQueue({ timeout: 30000 });
module.exports = { queue };`,
      errors: [
        { messageId: "missingBound", line: 2, column: 15, endLine: 2, endColumn: 45, suggestions: [
          { messageId: "addBound", output: `const PQueue = require("p-queue").default;
const queue = new PQueue({ timeout: 30000, concurrency: 5 });
module.exports = { queue };` },
        ] },
      ],
    },
    // Bottleneck
    {
      filename: IN_REPO_TS,
      code: `import Bottleneck from "bottleneck";
export const a = new Bottleneck();
export const b = new Bottleneck({ minTime: 200 });
export const c = new Bottleneck({ maxConcurrent: null, minTime: 50 });
export const group = new Bottleneck.Group({ minTime: 100 });`,
      errors: [
        { messageId: "missingBound", line: 2, column: 18, endLine: 2, endColumn: 34, suggestions: [
          { messageId: "addBound", output: `import Bottleneck from "bottleneck";
export const a = new Bottleneck({ maxConcurrent: 5 });
export const b = new Bottleneck({ minTime: 200 });
export const c = new Bottleneck({ maxConcurrent: null, minTime: 50 });
export const group = new Bottleneck.Group({ minTime: 100 });` },
        ] },
        { messageId: "missingBound", line: 3, column: 18, endLine: 3, endColumn: 50, suggestions: [
          { messageId: "addBound", output: `import Bottleneck from "bottleneck";
export const a = new Bottleneck();
export const b = new Bottleneck({ minTime: 200, maxConcurrent: 5 });
export const c = new Bottleneck({ maxConcurrent: null, minTime: 50 });
export const group = new Bottleneck.Group({ minTime: 100 });` },
        ] },
        { messageId: "unlimitedBound", data: { callee: "new Bottleneck()", verb: "created", bound: "`maxConcurrent`", value: "null", concurrency: 5 }, line: 4, column: 18, endLine: 4, endColumn: 70, suggestions: [
          { messageId: "addBound", output: `import Bottleneck from "bottleneck";
export const a = new Bottleneck();
export const b = new Bottleneck({ minTime: 200 });
export const c = new Bottleneck({ maxConcurrent: 5, minTime: 50 });
export const group = new Bottleneck.Group({ minTime: 100 });` },
        ] },
        { messageId: "missingBound", line: 5, column: 22, endLine: 5, endColumn: 60, suggestions: [
          { messageId: "addBound", output: `import Bottleneck from "bottleneck";
export const a = new Bottleneck();
export const b = new Bottleneck({ minTime: 200 });
export const c = new Bottleneck({ maxConcurrent: null, minTime: 50 });
export const group = new Bottleneck.Group({ minTime: 100, maxConcurrent: 5 });` },
        ] },
      ],
    },
    {
      filename: IN_REPO_CJS,
      code: `const Bottleneck = require("bottleneck");
const limiter = new Bottleneck({
  reservoir: 100, // requests per minute
  reservoirRefreshInterval: 60 * 1000,
});`,
      errors: [
        { messageId: "missingBound", line: 2, column: 17, endLine: 5, endColumn: 3, suggestions: [
          { messageId: "addBound", output: `const Bottleneck = require("bottleneck");
const limiter = new Bottleneck({
  reservoir: 100, // requests per minute
  reservoirRefreshInterval: 60 * 1000,
  maxConcurrent: 5,
});` },
        ] },
      ],
    },
    // p-limit, p-map, es-toolkit
    {
      filename: IN_REPO_TS,
      code: `import pLimit, { limitFunction } from "p-limit";
export const a = pLimit(Infinity);
export const b = pLimit({ concurrency: Infinity });
export const c = limitFunction(async () => 1, { concurrency: Number.POSITIVE_INFINITY });`,
      errors: [
        { messageId: "unlimitedBound", data: { callee: "pLimit()", verb: "called", bound: "its limit argument", value: "Infinity", concurrency: 5 }, line: 2, column: 18, endLine: 2, endColumn: 34, suggestions: [
          { messageId: "addBound", data: { bound: "its limit argument", concurrency: 5 }, output: `import pLimit, { limitFunction } from "p-limit";
export const a = pLimit(5);
export const b = pLimit({ concurrency: Infinity });
export const c = limitFunction(async () => 1, { concurrency: Number.POSITIVE_INFINITY });` },
        ] },
        { messageId: "unlimitedBound", line: 3, column: 18, endLine: 3, endColumn: 51, suggestions: [
          { messageId: "addBound", output: `import pLimit, { limitFunction } from "p-limit";
export const a = pLimit(Infinity);
export const b = pLimit({ concurrency: 5 });
export const c = limitFunction(async () => 1, { concurrency: Number.POSITIVE_INFINITY });` },
        ] },
        { messageId: "unlimitedBound", line: 4, column: 18, endLine: 4, endColumn: 89, suggestions: [
          { messageId: "addBound", output: `import pLimit, { limitFunction } from "p-limit";
export const a = pLimit(Infinity);
export const b = pLimit({ concurrency: Infinity });
export const c = limitFunction(async () => 1, { concurrency: 5 });` },
        ] },
      ],
    },
    {
      filename: IN_REPO_TS,
      code: `import pMap, { pMapIterable } from "p-map";
export async function all(ids: string[]) {
  await pMap(ids, async (id) => id);
  await pMap(ids, async (id) => id, { stopOnError: false });
  for await (const id of pMapIterable(ids, async (id) => id)) console.log(id);
}`,
      errors: [
        { messageId: "missingBound", line: 3, column: 9, endLine: 3, endColumn: 36, suggestions: [
          { messageId: "addBound", output: `import pMap, { pMapIterable } from "p-map";
export async function all(ids: string[]) {
  await pMap(ids, async (id) => id, { concurrency: 5 });
  await pMap(ids, async (id) => id, { stopOnError: false });
  for await (const id of pMapIterable(ids, async (id) => id)) console.log(id);
}` },
        ] },
        { messageId: "missingBound", line: 4, column: 9, endLine: 4, endColumn: 60, suggestions: [
          { messageId: "addBound", output: `import pMap, { pMapIterable } from "p-map";
export async function all(ids: string[]) {
  await pMap(ids, async (id) => id);
  await pMap(ids, async (id) => id, { stopOnError: false, concurrency: 5 });
  for await (const id of pMapIterable(ids, async (id) => id)) console.log(id);
}` },
        ] },
        { messageId: "missingBound", line: 5, column: 26, endLine: 5, endColumn: 61, suggestions: [
          { messageId: "addBound", output: `import pMap, { pMapIterable } from "p-map";
export async function all(ids: string[]) {
  await pMap(ids, async (id) => id);
  await pMap(ids, async (id) => id, { stopOnError: false });
  for await (const id of pMapIterable(ids, async (id) => id, { concurrency: 5 })) console.log(id);
}` },
        ] },
      ],
    },
    {
      filename: IN_REPO_TS,
      code: `import pMap from "p-map";
export const broken = (ids: string[]) => pMap(ids);`,
      errors: [
        { messageId: "missingBound", line: 2, column: 42, endLine: 2, endColumn: 51 },
      ],
    },
    {
      filename: IN_REPO_TS,
      code: `import { mapAsync } from "es-toolkit/array";
import { limitAsync } from "es-toolkit";
export const run = (ids: string[]) => mapAsync(ids, async (id) => id);
export const limited = limitAsync(async (id: string) => id, Infinity);`,
      errors: [
        { messageId: "missingBound", line: 3, column: 39, endLine: 3, endColumn: 70, suggestions: [
          { messageId: "addBound", output: `import { mapAsync } from "es-toolkit/array";
import { limitAsync } from "es-toolkit";
export const run = (ids: string[]) => mapAsync(ids, async (id) => id, { concurrency: 5 });
export const limited = limitAsync(async (id: string) => id, Infinity);` },
        ] },
        { messageId: "unlimitedBound", line: 4, column: 24, endLine: 4, endColumn: 70, suggestions: [
          { messageId: "addBound", output: `import { mapAsync } from "es-toolkit/array";
import { limitAsync } from "es-toolkit";
export const run = (ids: string[]) => mapAsync(ids, async (id) => id);
export const limited = limitAsync(async (id: string) => id, 5);` },
        ] },
      ],
    },
    // fastq and async
    {
      filename: IN_REPO_CJS,
      code: `const fastq = require("fastq");
const async = require("async");
const queue = fastq.promise(async (task) => task, Infinity);
const cargo = async.queue((task, done) => done(), Infinity);
async.eachLimit(["a", "b"], Infinity, (item, done) => done());`,
      errors: [
        { messageId: "unlimitedBound", line: 3, column: 15, endLine: 3, endColumn: 60, suggestions: [
          { messageId: "addBound", output: `const fastq = require("fastq");
const async = require("async");
const queue = fastq.promise(async (task) => task, 5);
const cargo = async.queue((task, done) => done(), Infinity);
async.eachLimit(["a", "b"], Infinity, (item, done) => done());` },
        ] },
        { messageId: "unlimitedBound", line: 4, column: 15, endLine: 4, endColumn: 60, suggestions: [
          { messageId: "addBound", output: `const fastq = require("fastq");
const async = require("async");
const queue = fastq.promise(async (task) => task, Infinity);
const cargo = async.queue((task, done) => done(), 5);
async.eachLimit(["a", "b"], Infinity, (item, done) => done());` },
        ] },
        { messageId: "unlimitedBound", line: 5, column: 1, endLine: 5, endColumn: 62, suggestions: [
          { messageId: "addBound", output: `const fastq = require("fastq");
const async = require("async");
const queue = fastq.promise(async (task) => task, Infinity);
const cargo = async.queue((task, done) => done(), Infinity);
async.eachLimit(["a", "b"], 5, (item, done) => done());` },
        ] },
      ],
    },
    {
      filename: IN_REPO_MJS,
      code: `import queue from "async/queue";
export const q = queue((task, done) => done(), Infinity);`,
      errors: [
        { messageId: "unlimitedBound", line: 2, column: 18, endLine: 2, endColumn: 57, suggestions: [
          { messageId: "addBound", output: `import queue from "async/queue";
export const q = queue((task, done) => done(), 5);` },
        ] },
      ],
    },
    {
      filename: IN_REPO_TSX,
      code: `import PQueue from "p-queue";
const uploads = new PQueue();
export function Upload({ files }: { files: File[] }) {
  return <button onClick={() => files.forEach((file) => uploads.add(() => file.text()))}>Upload</button>;
}`,
      errors: [
        { messageId: "missingBound", line: 2, column: 17, endLine: 2, endColumn: 29, suggestions: [
          { messageId: "addBound", output: `import PQueue from "p-queue";
const uploads = new PQueue({ concurrency: 5 });
export function Upload({ files }: { files: File[] }) {
  return <button onClick={() => files.forEach((file) => uploads.add(() => file.text()))}>Upload</button>;
}` },
        ] },
      ],
    },
    // Options: autofix, concurrency, extra constructors
    {
      filename: IN_REPO_TS,
      code: `import PQueue from "p-queue";
import Bottleneck from "bottleneck";
export const queue = new PQueue({ autoStart: false }); // background jobs
export const limiter = new Bottleneck({ maxConcurrent: null });`,
      options: [{"autofix":true,"concurrency":10}],
      output: `import PQueue from "p-queue";
import Bottleneck from "bottleneck";
export const queue = new PQueue({ autoStart: false, concurrency: 10 }); // background jobs
export const limiter = new Bottleneck({ maxConcurrent: 10 });`,
      errors: [
        { messageId: "missingBound", line: 3, column: 22, endLine: 3, endColumn: 54 },
        { messageId: "unlimitedBound", line: 4, column: 24, endLine: 4, endColumn: 63 },
      ],
    },
    {
      filename: IN_REPO_TS,
      code: `import { JobQueue } from "@acme/jobs";
import createPool from "tiny-pool";
export const jobs = new JobQueue({ name: "mail" });
export const pool = createPool(() => null);
export const unlimited = createPool(() => null, Infinity);`,
      options: [{"queues":[{"module":"@acme/jobs","name":"JobQueue","option":"workers"},{"module":"tiny-pool","name":"default","argument":1}]}],
      errors: [
        { messageId: "missingBound", line: 3, column: 21, endLine: 3, endColumn: 51, suggestions: [
          { messageId: "addBound", output: `import { JobQueue } from "@acme/jobs";
import createPool from "tiny-pool";
export const jobs = new JobQueue({ name: "mail", workers: 5 });
export const pool = createPool(() => null);
export const unlimited = createPool(() => null, Infinity);` },
        ] },
        { messageId: "missingBound", line: 4, column: 21, endLine: 4, endColumn: 43, suggestions: [
          { messageId: "addBound", output: `import { JobQueue } from "@acme/jobs";
import createPool from "tiny-pool";
export const jobs = new JobQueue({ name: "mail" });
export const pool = createPool(() => null, 5);
export const unlimited = createPool(() => null, Infinity);` },
        ] },
        { messageId: "unlimitedBound", line: 5, column: 26, endLine: 5, endColumn: 58, suggestions: [
          { messageId: "addBound", output: `import { JobQueue } from "@acme/jobs";
import createPool from "tiny-pool";
export const jobs = new JobQueue({ name: "mail" });
export const pool = createPool(() => null);
export const unlimited = createPool(() => null, 5);` },
        ] },
      ],
    },
  ],
});
