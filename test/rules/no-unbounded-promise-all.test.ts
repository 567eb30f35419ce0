import path from "node:path";
import type { ValidTestCase } from "@typescript-eslint/rule-tester";
import rule, { type Options } from "../../rules/no-unbounded-promise-all.js";
import { createRuleTester, createTypedRuleTester, IN_REPO_CJS, IN_REPO_MJS, IN_REPO_TS, IN_REPO_TSX, OUTSIDE_TS, ROOT, TYPED_FILE } from "../helpers.js";

const ruleTester = createRuleTester();

/**
 * The shape, bound, limiter and fix cases run under the wide net (`checkUnknownWork`, `checkTestFiles`: test/support and
 * test/type-aware files are test files by their path), where
 * opaque per-element work counts; what `recommended` reports by evidence is tested in the last block.
 */
function wideNet<T extends ValidTestCase<Options>>(cases: T[]): T[] {
  return cases.map((test) => ({ ...test, options: [{ checkUnknownWork: true, checkTestFiles: true, ...test.options?.[0] }] }));
}
const SUPPORT_TS = path.join(ROOT, "test", "support", "virtual.ts");

ruleTester.run("no-unbounded-promise-all", rule, {
  valid: wideNet([
    // Fixed arity
    { filename: IN_REPO_TS, code: "await Promise.all([loadUser(), loadOrders()]);" },
    { filename: IN_REPO_TS, code: "const checks = [pingDb(), pingCache()] as const;\nawait Promise.all(checks.map(async (check) => check));" },
    { filename: IN_REPO_TS, code: "const regions = ['eu', 'us', 'ap'];\nawait Promise.all(regions.map((region) => warm(region)));" },
    // Constant lengths
    { filename: IN_REPO_TS, code: "await Promise.all(Array.from({ length: 4 }, (_, i) => startShard(i)));" },
    { filename: IN_REPO_TS, code: "const WORKERS = 8;\nawait Promise.all(Array.from({ length: WORKERS }, () => drain()));" },
    { filename: IN_REPO_TS, code: "import os from 'node:os';\nawait Promise.all(Array.from({ length: os.availableParallelism() }, () => drain()));" },
    { filename: IN_REPO_TS, code: "import { cpus } from 'os';\nawait Promise.all(Array.from({ length: cpus().length }, () => drain()));" },
    { filename: IN_REPO_TS, code: "async function run(n: number) { await Promise.all(Array.from({ length: Math.min(n, 16) }, () => drain())); }" },
    // Batching
    {
      filename: IN_REPO_TS,
      code: "const BATCH = 25;\nasync function sync(ids: string[]) {\n  for (let i = 0; i < ids.length; i += BATCH) {\n    await Promise.all(ids.slice(i, i + BATCH).map((id) => push(id)));\n  }\n}",
    },
    { filename: IN_REPO_TS, code: "async function head(ids: string[]) { await Promise.all(ids.splice(0, 10).map(push)); }" },
    {
      filename: IN_REPO_TS,
      code: "import { chunk } from 'lodash';\nasync function sync(ids: string[]) {\n  for (const batch of chunk(ids, 50)) {\n    await Promise.all(batch.map((id) => push(id)));\n  }\n}",
    },
    {
      filename: IN_REPO_TS,
      code: "import { chunk } from 'es-toolkit';\nasync function sync(ids: string[]) {\n  const batches = chunk(ids, 50);\n  for (const batch of batches) await Promise.all(batch.map(push));\n}",
    },
    {
      filename: IN_REPO_TS,
      code: "function chunk<T>(xs: T[], n: number): T[][] { return []; }\nasync function sync(ids: string[]) {\n  for (const batch of chunk(ids, 10)) await Promise.all(batch.map(push));\n}",
    },
    // Tuples
    { filename: IN_REPO_TS, code: "async function both(pair: [string, string]) { return Promise.all(pair.map((id) => load(id))); }" },
    // Limiters, recognised by their import and initialiser
    {
      filename: IN_REPO_TS,
      code: "import pLimit from 'p-limit';\nconst limit = pLimit(5);\nasync function all(ids: string[]) { return Promise.all(ids.map((id) => limit(() => load(id)))); }",
    },
    {
      filename: IN_REPO_CJS,
      code: "const pLimit = require('p-limit').default;\nconst limit = pLimit(5);\nasync function all(ids) { return Promise.all(ids.map((id) => limit(() => load(id)))); }",
    },
    {
      filename: IN_REPO_TS,
      code: "import { limitFunction } from 'p-limit';\nconst limitedLoad = limitFunction(load, { concurrency: 3 });\nasync function all(ids: string[]) { return Promise.all(ids.map(limitedLoad)); }",
    },
    {
      filename: IN_REPO_TS,
      code: "import PQueue from 'p-queue';\nconst queue = new PQueue({ concurrency: 2 });\nasync function all(ids: string[]) { return Promise.all(ids.map((id) => queue.add(() => load(id)))); }",
    },
    {
      filename: IN_REPO_TS,
      code: "import Bottleneck from 'bottleneck';\nconst limiter = new Bottleneck({ maxConcurrent: 4 });\nconst throttledLoad = limiter.wrap(load);\nasync function all(ids: string[]) {\n  await Promise.all(ids.map((id) => limiter.schedule(() => load(id))));\n  return Promise.all(ids.map(throttledLoad));\n}",
    },
    {
      filename: IN_REPO_TS,
      code: "import Piscina from 'piscina';\nconst pool = new Piscina({ filename: './resize.js' });\nasync function all(files: string[]) { return Promise.all(files.map((file) => pool.run(file))); }",
    },
    {
      filename: IN_REPO_TS,
      code: "import { Sema } from 'async-sema';\nconst sema = new Sema(4);\nasync function all(ids: string[]) {\n  return Promise.all(ids.map(async (id) => {\n    await sema.acquire();\n    try { return await load(id); } finally { sema.release(); }\n  }));\n}",
    },
    {
      filename: IN_REPO_TS,
      code: "import { Semaphore } from 'async-mutex';\nconst semaphore = new Semaphore(3);\nasync function all(ids: string[]) { return Promise.all(ids.map((id) => semaphore.runExclusive(() => load(id)))); }",
    },
    {
      filename: IN_REPO_TS,
      code: "import pLimit from 'p-limit';\nclass Crawler {\n  private readonly limit = pLimit(4);\n  async crawl(urls: string[]) { return Promise.all(urls.map((url) => this.limit(() => fetchPage(url)))); }\n}",
    },
    {
      filename: IN_REPO_TS,
      options: [{ limiters: ["withSlot", "gate.run"] }],
      code: "async function all(ids: string[]) {\n  await Promise.all(ids.map((id) => withSlot(() => load(id))));\n  await Promise.all(ids.map((id) => gate.run(() => load(id))));\n}",
    },
    // Not started work: mapping to promises that already exist elsewhere
    { filename: IN_REPO_TS, code: "async function settle(jobs: { done: Promise<void> }[]) { await Promise.all(jobs.map((job) => job.done)); }" },
    // Winding down resources that already exist adds no load that grows with input
    { filename: IN_REPO_TS, code: "export async function shutdown(connections: Connection[]) { await Promise.all(connections.map((conn) => conn.close())); }" },
    { filename: IN_REPO_TS, code: "export async function stopAll(workers: Set<Worker>) {\n  const stopping = [];\n  for (const worker of workers) stopping.push(worker.terminate());\n  await Promise.allSettled(stopping);\n}" },
    // A bounded push loop, and a batch flush inside the loop
    { filename: IN_REPO_TS, code: "const pending: Promise<void>[] = [];\nfor (let i = 0; i < 3; i++) pending.push(warm(i));\nawait Promise.all(pending);" },
    {
      filename: IN_REPO_TS,
      code: "async function sync(ids: string[]) {\n  const pending: Promise<void>[] = [];\n  for (const id of ids) {\n    pending.push(push(id));\n    if (pending.length >= 10) { await Promise.all(pending); pending.length = 0; }\n  }\n  await Promise.all(pending);\n}",
    },
    // Not the global Promise
    { filename: IN_REPO_TS, code: "import Promise from 'bluebird';\nasync function all(ids: string[]) { return Promise.all(ids.map((id) => load(id))); }" },
  ]),
  invalid: wideNet([
    {
      filename: IN_REPO_TS,
      code: `
import { fetchUser } from "./users";
export async function load(ids: string[]) {
  const users = await Promise.all(ids.map(async (id) => fetchUser(id)));
  return users;
}
`,
      output: `
import { fetchUser } from "./users";
import pLimit from "p-limit";
export async function load(ids: string[]) {
  const limit = pLimit(5);
  const users = await Promise.all(ids.map((id) => limit(async () => fetchUser(id))));
  return users;
}
`,
      errors: [{ messageId: "unboundedCollection", line: 4, column: 23, endLine: 4, endColumn: 72 }],
    },
    {
      // The limiter does not resolve from this file: the same edit, as a suggestion.
      filename: OUTSIDE_TS,
      code: `async function load(ids: string[]) { return Promise.all(ids.map((id) => fetch(id))); }`,
      output: null,
      errors: [
        {
          messageId: "unboundedCollection",
          line: 1,
          column: 45,
          endLine: 1,
          endColumn: 84,
          suggestions: [
            {
              messageId: "wrapInLimiter",
              data: { concurrency: 5 },
              output: `import pLimit from "p-limit";\n\nasync function load(ids: string[]) { const limit = pLimit(5); return Promise.all(ids.map((id) => limit(() => fetch(id)))); }`,
            },
          ],
        },
      ],
    },
    {
      // Already imported: autofix even where the package cannot be looked up.
      filename: OUTSIDE_TS,
      code: "import pLimit from 'p-limit';\nexport const run = (ids: string[]) => Promise.allSettled(ids.map((id) => fetch(id)));",
      // An arrow's expression body becomes a block so the limiter can be declared in it.
      output: "import pLimit from 'p-limit';\nexport const run = (ids: string[]) => {\n  const limit = pLimit(5);\n  return Promise.allSettled(ids.map((id) => limit(() => fetch(id))));\n};",
      errors: [{ messageId: "unboundedCollection", line: 2, column: 39, endLine: 2, endColumn: 85 }],
    },
    {
      filename: IN_REPO_TS,
      code: "import pLimit from 'p-limit';\nexport async function run(ids: string[]) {\n  return Promise.allSettled(ids.map((id) => fetch(id)));\n}",
      output: "import pLimit from 'p-limit';\nexport async function run(ids: string[]) {\n  const limit = pLimit(5);\n  return Promise.allSettled(ids.map((id) => limit(() => fetch(id))));\n}",
      errors: [{ messageId: "unboundedCollection", data: { method: "allSettled" }, line: 3, column: 10, endLine: 3, endColumn: 56 }],
    },
    {
      // flatMap, an index parameter, a return type and a comment are kept.
      filename: IN_REPO_TS,
      options: [{ concurrency: 8 }],
      code: "async function pages(sites: Site[]) {\n  return Promise.all(\n    sites.flatMap(async (site, index): Promise<Page[]> => {\n      // one crawl per site\n      return crawl(site, index);\n    }),\n  );\n}",
      output:
        'import pLimit from "p-limit";\n\nasync function pages(sites: Site[]) {\n  const limit = pLimit(8);\n  return Promise.all(\n    sites.flatMap((site, index) => limit(async (): Promise<Page[]> => {\n      // one crawl per site\n      return crawl(site, index);\n    })),\n  );\n}',
      errors: [{ messageId: "unboundedCollection", line: 2, column: 10, endLine: 7, endColumn: 4 }],
    },
    {
      // Array.from over a dynamic collection and a dynamic length; an object-literal body keeps its parentheses.
      filename: IN_REPO_TS,
      code: "async function run(rows: Set<Row>, n: number) {\n  await Promise.all(Array.from(rows, async (row) => ({ row, saved: await save(row) })));\n  await Promise.race(Array.from({ length: n }, () => poll()));\n}",
      output: [
        'import pLimit from "p-limit";\n\nasync function run(rows: Set<Row>, n: number) {\n  const limit = pLimit(5);\n  await Promise.all(Array.from(rows, (row) => limit(async () => ({ row, saved: await save(row) }))));\n  await Promise.race(Array.from({ length: n }, () => poll()));\n}',
        'import pLimit from "p-limit";\n\nasync function run(rows: Set<Row>, n: number) {\n  const limit = pLimit(5);\n  await Promise.all(Array.from(rows, (row) => limit(async () => ({ row, saved: await save(row) }))));\n  const innerLimit = pLimit(5);\n  await Promise.race(Array.from({ length: n }, () => innerLimit(() => poll())));\n}',
      ],
      errors: [
        { messageId: "unboundedCollection", data: { method: "all" }, line: 2, column: 9, endLine: 2, endColumn: 88 },
        { messageId: "unboundedCollection", data: { method: "race" }, line: 3, column: 9, endLine: 3, endColumn: 62 },
      ],
    },
    {
      // A spread inside an array literal; a local function reference keeps its single parameter.
      filename: IN_REPO_TS,
      code: "const notify = async (user: User) => send(user);\nexport async function broadcast(users: User[]) {\n  await Promise.all([audit(), ...users.map(notify)]);\n}",
      output:
        'import pLimit from "p-limit";\n\nconst notify = async (user: User) => send(user);\nexport async function broadcast(users: User[]) {\n  const limit = pLimit(5);\n  await Promise.all([audit(), ...users.map((item) => limit(() => notify(item)))]);\n}',
      errors: [{ messageId: "unboundedCollection", line: 3, column: 9, endLine: 3, endColumn: 53 }],
    },
    {
      // A function reference whose arity cannot be seen gets no fix.
      filename: IN_REPO_TS,
      code: "import { notify } from './mail';\nexport async function broadcast(users: User[]) { await Promise.any(users.map(notify)); }",
      output: null,
      errors: [{ messageId: "unboundedCollection", line: 2, column: 56, endLine: 2, endColumn: 86, suggestions: null }],
    },
    {
      // A `function` callback that uses `this` cannot move into an arrow.
      filename: IN_REPO_TS,
      code: "async function all(ids: string[]) { return Promise.all(ids.map(function (id) { return this.load(id); }, repo)); }",
      output: null,
      errors: [{ messageId: "unboundedCollection", line: 1, column: 44, endLine: 1, endColumn: 111, suggestions: null }],
    },
    {
      filename: IN_REPO_TS,
      code: "async function all(ids: string[]) { return Promise.all(ids.map(function (id) { return load(id); })); }",
      output: 'import pLimit from "p-limit";\n\nasync function all(ids: string[]) { const limit = pLimit(5); return Promise.all(ids.map((id) => limit(() => { return load(id); }))); }',
      errors: [{ messageId: "unboundedCollection", line: 1, column: 44, endLine: 1, endColumn: 100 }],
    },
    {
      // A new package import goes with the file's package imports, above its own `./…` modules.
      filename: IN_REPO_TS,
      code: 'import express from "express";\nimport { embed } from "./embeddings.js";\n\nexport async function reindex(docs: string[]) {\n  return Promise.all(docs.map((doc) => embed(doc)));\n}\n',
      output: 'import express from "express";\nimport pLimit from "p-limit";\nimport { embed } from "./embeddings.js";\n\nexport async function reindex(docs: string[]) {\n  const limit = pLimit(5);\n  return Promise.all(docs.map((doc) => limit(() => embed(doc))));\n}\n',
      errors: [{ messageId: "unboundedCollection", line: 5, column: 10, endLine: 5, endColumn: 52 }],
    },
    {
      // Bound to a variable that is only read for its length (in a log line) before the await: a fix.
      filename: IN_REPO_TS,
      code: "export async function reindex(docs: Doc[]) {\n  const jobs = docs.map((doc) => embed(doc));\n  console.log(`indexing ${jobs.length} docs`);\n  return Promise.all(jobs);\n}",
      output: 'import pLimit from "p-limit";\n\nexport async function reindex(docs: Doc[]) {\n  const limit = pLimit(5);\n  const jobs = docs.map((doc) => limit(() => embed(doc)));\n  console.log(`indexing ${jobs.length} docs`);\n  return Promise.all(jobs);\n}',
      errors: [{ messageId: "unboundedCollection", line: 4, column: 10, endLine: 4, endColumn: 27 }],
    },
    {
      // Bound to a variable, and a call (`log`) runs between the start and the await: deferring the work would run it
      // after that call, not before, so the limiter goes before the declaration as a suggestion.
      filename: IN_REPO_TS,
      code: "export async function reindex(docs: Doc[]) {\n  const jobs = docs.map((doc) => embed(doc));\n  log('started');\n  return Promise.all(jobs);\n}",
      output: null,
      errors: [
        {
          messageId: "unboundedCollection",
          line: 4,
          column: 10,
          endLine: 4,
          endColumn: 27,
          suggestions: [
            {
              messageId: "wrapInLimiter",
              output:
                'import pLimit from \'p-limit\';\n\nexport async function reindex(docs: Doc[]) {\n  const limit = pLimit(5);\n  const jobs = docs.map((doc) => limit(() => embed(doc)));\n  log(\'started\');\n  return Promise.all(jobs);\n}',
            },
          ],
        },
      ],
    },
    {
      // A loop that pushes one started promise per element; the array is only filled, then awaited, so deferring
      // each push into the limiter is a fix.
      filename: IN_REPO_TS,
      code: "export async function reindex(docs: Doc[]) {\n  const jobs: Promise<void>[] = [];\n  for (const doc of docs) {\n    jobs.push(embed(doc));\n  }\n  await Promise.all(jobs);\n}",
      output:
        'import pLimit from "p-limit";\n\nexport async function reindex(docs: Doc[]) {\n  const limit = pLimit(5);\n  const jobs: Promise<void>[] = [];\n  for (const doc of docs) {\n    jobs.push(limit(() => embed(doc)));\n  }\n  await Promise.all(jobs);\n}',
      errors: [{ messageId: "unboundedPushLoop", line: 6, column: 9, endLine: 6, endColumn: 26 }],
    },
    {
      filename: IN_REPO_TS,
      code: "export async function drain(queue: Job[]) {\n  const running = [];\n  while (queue.length) running.push(run(queue.pop()!));\n  queue.forEach((job) => running.push(run(job)));\n  return Promise.all(running);\n}",
      output: null,
      // Deferring `run(queue.pop())` would change what it pops: no suggestion.
      errors: [{ messageId: "unboundedPushLoop", line: 5, column: 10, endLine: 5, endColumn: 30, suggestions: null }],
    },
    {
      // Not awaited right away: a suggestion.
      filename: IN_REPO_TS,
      code: "export function start(ids: string[]) {\n  const all = Promise.all(ids.map((id) => load(id)));\n  return all;\n}",
      output: null,
      errors: [
        {
          messageId: "unboundedCollection",
          line: 2,
          column: 15,
          endLine: 2,
          endColumn: 53,
          suggestions: [
            {
              messageId: "wrapInLimiter",
              output: 'import pLimit from "p-limit";\n\nexport function start(ids: string[]) {\n  const limit = pLimit(5);\n  const all = Promise.all(ids.map((id) => limit(() => load(id))));\n  return all;\n}',
            },
          ],
        },
      ],
    },
    {
      // A local function that happens to be called pLimit is not p-limit: still reported, and the fix imports the real one under a
      // readable free name (never a numbered one), as it names the second limiter after what it bounds.
      filename: IN_REPO_TS,
      code: "function pLimit(n: number) { return <T>(fn: () => T) => fn(); }\nconst limit = pLimit(2);\nexport async function all(ids: string[]) {\n  await Promise.all(ids.map((id) => limit(() => load(id))));\n}",
      output:
        'import createLimit from "p-limit";\n\nfunction pLimit(n: number) { return <T>(fn: () => T) => fn(); }\nconst limit = pLimit(2);\nexport async function all(ids: string[]) {\n  const idsLimit = createLimit(5);\n  await Promise.all(ids.map((id) => idsLimit(() => limit(() => load(id)))));\n}',
      errors: [{ messageId: "unboundedCollection", line: 4, column: 9, endLine: 4, endColumn: 60 }],
    },
    {
      // Merged into an existing import of the module.
      filename: IN_REPO_TS,
      code: "import { limitFunction } from 'p-limit';\nexport async function all(ids: string[]) {\n  await Promise.all(ids.map((id) => load(id)));\n}",
      output:
        "import pLimit, { limitFunction } from 'p-limit';\nexport async function all(ids: string[]) {\n  const limit = pLimit(5);\n  await Promise.all(ids.map((id) => limit(() => load(id))));\n}",
      errors: [{ messageId: "unboundedCollection", line: 3, column: 9, endLine: 3, endColumn: 47 }],
    },
    {
      // CommonJS: require, and `.default` because p-limit is ESM-only.
      filename: IN_REPO_CJS,
      code: "'use strict';\nconst db = require('./db');\nasync function loadAll(ids) {\n  return Promise.all(ids.map((id) => db.load(id)));\n}\nmodule.exports = { loadAll };",
      output:
        "'use strict';\nconst db = require('./db');\nconst pLimit = require('p-limit').default;\nasync function loadAll(ids) {\n  const limit = pLimit(5);\n  return Promise.all(ids.map((id) => limit(() => db.load(id))));\n}\nmodule.exports = { loadAll };",
      errors: [{ messageId: "unboundedCollection", line: 4, column: 10, endLine: 4, endColumn: 51 }],
    },
    {
      filename: IN_REPO_MJS,
      code: "import { readFile } from 'node:fs/promises';\nexport const readAll = async (paths) => Promise.all(paths.map((p) => readFile(p, 'utf8')));",
      output:
        "import { readFile } from 'node:fs/promises';\nimport pLimit from 'p-limit';\nexport const readAll = async (paths) => {\n  const limit = pLimit(5);\n  return Promise.all(paths.map((p) => limit(() => readFile(p, 'utf8'))));\n};",
      errors: [{ messageId: "unboundedCollection", line: 2, column: 41, endLine: 2, endColumn: 91 }],
    },
    {
      filename: IN_REPO_TSX,
      code: "export async function renderAll(ids: string[]) {\n  const cards = await Promise.all(ids.map(async (id) => <Card data={await load(id)} />));\n  return <List>{cards}</List>;\n}",
      output:
        'import pLimit from "p-limit";\n\nexport async function renderAll(ids: string[]) {\n  const limit = pLimit(5);\n  const cards = await Promise.all(ids.map((id) => limit(async () => <Card data={await load(id)} />)));\n  return <List>{cards}</List>;\n}',
      errors: [{ messageId: "unboundedCollection", line: 2, column: 23, endLine: 2, endColumn: 89 }],
    },
    {
      // p-map: the whole call becomes pMap(xs, cb, { concurrency }).
      filename: IN_REPO_TS,
      options: [{ limiter: "p-map", concurrency: 3 }],
      code: "export async function thumbnails(files: string[]) {\n  return Promise.all(files.map(async (file, index) => resize(file, index)));\n}",
      output:
        'import pMap from "p-map";\n\nexport async function thumbnails(files: string[]) {\n  return pMap(files, async (file, index) => resize(file, index), { concurrency: 3 });\n}',
      errors: [{ messageId: "unboundedCollection", line: 2, column: 10, endLine: 2, endColumn: 76 }],
    },
    {
      // p-map never rewrites allSettled/any/race.
      filename: IN_REPO_TS,
      options: [{ limiter: "p-map" }],
      code: "export async function probe(hosts: string[]) { return Promise.allSettled(hosts.map((host) => ping(host))); }",
      output: null,
      errors: [{ messageId: "unboundedCollection", line: 1, column: 55, endLine: 1, endColumn: 106, suggestions: null }],
    },
    {
      // The user's own p-limit-shaped factory.
      filename: SUPPORT_TS,
      options: [{ limiter: { module: "./concurrency.js", import: "createLimit" } }],
      code: "export async function all(ids: string[]) {\n  return Promise.all(ids.map((id) => load(id)));\n}",
      output:
        'import { createLimit } from "./concurrency.js";\n\nexport async function all(ids: string[]) {\n  const limit = createLimit(5);\n  return Promise.all(ids.map((id) => limit(() => load(id))));\n}',
      errors: [{ messageId: "unboundedCollection", line: 2, column: 10, endLine: 2, endColumn: 48 }],
    },
    {
      // autofix: false turns every fix into a suggestion.
      filename: IN_REPO_TS,
      options: [{ autofix: false }],
      code: "export async function all(ids: string[]) { return Promise.all(ids.map((id) => load(id))); }",
      output: null,
      errors: [
        {
          messageId: "unboundedCollection",
          line: 1,
          column: 51,
          endLine: 1,
          endColumn: 89,
          suggestions: [
            {
              messageId: "wrapInLimiter",
              output: 'import pLimit from "p-limit";\n\nexport async function all(ids: string[]) { const limit = pLimit(5); return Promise.all(ids.map((id) => limit(() => load(id)))); }',
            },
          ],
        },
      ],
    },
  ]),
});

const typedRuleTester = createTypedRuleTester();

typedRuleTester.run("no-unbounded-promise-all (type-aware)", rule, {
  valid: wideNet([
    {
      // Only the checker knows that `pair()` returns a tuple.
      filename: TYPED_FILE,
      code: "declare function pair(): [string, string];\ndeclare function load(id: string): Promise<number>;\nexport async function both() { const ids = pair(); return Promise.all(ids.map((id) => load(id))); }",
    },
  ]),
  invalid: wideNet([
    {
      filename: TYPED_FILE,
      code: "declare function many(): string[];\ndeclare function load(id: string): Promise<number>;\nexport async function all() { const ids = many(); return Promise.all(ids.map((id) => load(id))); }",
      output:
        'import pLimit from "p-limit";\n\ndeclare function many(): string[];\ndeclare function load(id: string): Promise<number>;\nexport async function all() { const ids = many(); const limit = pLimit(5); return Promise.all(ids.map((id) => limit(() => load(id)))); }',
      errors: [{ messageId: "unboundedCollection", line: 3, column: 58, endLine: 3, endColumn: 96 }],
    },
  ]),
});

// What `recommended` reports: costly work per element (network, model, process; a query over a collection
// that grows) over a collection that is not bounded, where concurrency matters.
ruleTester.run("no-unbounded-promise-all (evidence)", rule, {
  valid: [
    // Cheap per-element work: in memory, one local fs op, closing what is held.
    { filename: IN_REPO_TS, code: "import { readFile } from 'node:fs/promises';\nexport async function load(files: string[]) { return Promise.all(files.map((file) => readFile(file, 'utf8'))); }" },
    { filename: IN_REPO_TS, code: "function render(x: string) { return x.trim(); }\nexport async function all(items: string[]) { return Promise.all(items.map(async (item) => render(item))); }" },
    { filename: IN_REPO_TS, code: "export async function closeAll(conns: { close(): Promise<void> }[]) { await Promise.all(conns.map((conn) => conn.close())); }" },
    // Opaque work that the file does not show: only the wide net reports it.
    { filename: IN_REPO_TS, code: "import { load } from './loader';\nexport async function all(ids: string[]) { return Promise.all(ids.map((id) => load(id))); }" },
    { filename: IN_REPO_TS, code: "export async function notify(handlers: { handle(e: unknown): Promise<void> }[], e: unknown) { await Promise.all(handlers.map((h) => h.handle(e))); }" },
    // Bounded by construction: options and configuration, module-level constants, the worker-pool idiom, one page.
    { filename: IN_REPO_TS, code: "export async function warm(options: { endpoints: Record<string, string> }) { await Promise.all(Object.values(options.endpoints).map((url) => fetch(url))); }" },
    { filename: IN_REPO_TS, code: "declare function regions(): string[];\nconst REGIONS = regions();\nexport async function ping() { await Promise.all(REGIONS.map((region) => fetch(`https://${region}.example.com`))); }" },
    { filename: IN_REPO_TS, code: "export async function run(n: number, next: () => string) { await Promise.all(Array.from({ length: n }, () => fetch(next()))); }" },
    { filename: IN_REPO_TS, code: "export async function run(n: number) { await Promise.all([...Array(n).keys()].map((i) => fetch(`/shard/${i}`))); }" },
    { filename: IN_REPO_TS, code: "declare const db: { users: { findMany(q: object): Promise<{ url: string }[]> } };\nexport async function sync() {\n  const users = await db.users.findMany({ take: 50 });\n  await Promise.all(users.map((user) => fetch(user.url)));\n}" },
    // A bound inside the callee: a same-file helper that uses a limiter, a module-level p-queue.
    { filename: IN_REPO_TS, code: "import pLimit from 'p-limit';\nconst limit = pLimit(4);\nasync function fetchOne(id: string) { return limit(() => fetch(`/items/${id}`)); }\nexport async function all(ids: string[]) { return Promise.all(ids.map((id) => fetchOne(id))); }" },
    { filename: IN_REPO_TS, code: "import PQueue from 'p-queue';\nconst queue = new PQueue({ concurrency: 2 });\nfunction get(id: string) { return queue.add(() => fetch(`/items/${id}`)); }\nexport async function all(ids: string[]) { return Promise.all(ids.map(get)); }" },
    // One connection or transaction runs its queries one at a time.
    { filename: IN_REPO_TS, code: "import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function save(items: { id: string }[]) {\n  const client = await pool.connect();\n  try { await Promise.all(items.map((item) => client.query('insert into t values ($1)', [item.id]))); } finally { client.release(); }\n}" },
    { filename: IN_REPO_TS, code: "declare const knex: { transaction<T>(fn: (trx: any) => Promise<T>): Promise<T> };\nexport async function save(req: { body: { items: string[] } }) {\n  await knex.transaction(async (trx) => { await Promise.all(req.body.items.map((item) => trx.insert({ item }).into('t'))); });\n}" },
    // Remote work over a parameter: where the collection comes from cannot be seen (the wide net reports it).
    { filename: IN_REPO_TS, code: "import axios from 'axios';\nexport async function sync(ids: string[]) { await Promise.all(ids.map((id) => axios.get(`/users/${id}`))); }" },
    // A query per row of a query result through the shared pool: the pool queues them (the wide net reports it).
    { filename: IN_REPO_TS, code: "import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function touch() {\n  const { rows } = await pool.query('select id from jobs');\n  await Promise.all(rows.map((row) => pool.query('update jobs set seen = now() where id = $1', [row.id])));\n}" },
    // A helper of this file whose every caller passes a bounded list.
    { filename: IN_REPO_TS, code: "async function warmAll(urls: string[]) { await Promise.all(urls.map((url) => fetch(url))); }\nexport async function warm() { await warmAll(['https://a.example.com', 'https://b.example.com']); }" },
    // Presigning signs in memory, even over request input.
    { filename: IN_REPO_TS, code: "import { getSignedUrl } from '@aws-sdk/s3-request-presigner';\ndeclare const client: object;\nexport async function sign(req: { query: { parts: string } }) {\n  return Promise.all(req.query.parts.split(',').map((part) => getSignedUrl(client, { part })));\n}" },
    // `.exec()` of a regular expression is not a process.
    { filename: IN_REPO_TS, code: "import { readdir } from 'node:fs/promises';\nconst FILE_REGEXP = /^(.*)\\.js$/;\nexport async function scan(dir: string) { await Promise.all((await readdir(dir)).map(async (entry) => FILE_REGEXP.exec(entry))); }" },
    // Where the code runs: tests and startup code.
    { filename: path.join(ROOT, "fixtures", "sync.test.ts"), code: "export async function all(urls: string[]) { return Promise.all(urls.map((url) => fetch(url))); }" },
    { filename: IN_REPO_TS, code: "async function main(urls: string[]) { await Promise.all(urls.map((url) => fetch(url))); }\nmain(process.argv.slice(2));" },
  ],
  invalid: [
    {
      // Request input handed to a helper of this file that fans out: the helper's callers show the origin.
      filename: OUTSIDE_TS,
      code: "import express from 'express';\nimport { enrich } from './enrich';\nasync function enrichAll(items: string[]) {\n  return Promise.all(items.map((item) => enrich(item)));\n}\nconst app = express();\napp.post('/enrich', async (req, res) => { res.json(await enrichAll(req.body.items)); });",
      errors: [{ messageId: "unboundedCollection", line: 4, column: 10, endLine: 4, endColumn: 56, suggestions: [{ messageId: "wrapInLimiter", data: { method: "all", concurrency: 5 }, output: "import express from 'express';\nimport pLimit from 'p-limit';\nimport { enrich } from './enrich';\nasync function enrichAll(items: string[]) {\n  const limit = pLimit(5);\n  return Promise.all(items.map((item) => limit(() => enrich(item))));\n}\nconst app = express();\napp.post('/enrich', async (req, res) => { res.json(await enrichAll(req.body.items)); });" }] }],
    },
    {
      // Remote work inside a request handler, over a collection of unknown origin.
      filename: OUTSIDE_TS,
      code: "import axios from 'axios';\nimport express from 'express';\ndeclare function followers(id: string): Promise<string[]>;\nconst app = express();\napp.get('/feed/:id', async (req, res) => {\n  const ids = await followers(req.params.id);\n  res.json(await Promise.all(ids.map((id) => axios.get(`/users/${id}`))));\n});",
      errors: [{ messageId: "unboundedCollection", line: 7, column: 18, endLine: 7, endColumn: 73, suggestions: [{ messageId: "wrapInLimiter", data: { method: "all", concurrency: 5 }, output: "import axios from 'axios';\nimport express from 'express';\nimport pLimit from 'p-limit';\ndeclare function followers(id: string): Promise<string[]>;\nconst app = express();\napp.get('/feed/:id', async (req, res) => {\n  const ids = await followers(req.params.id);\n  const limit = pLimit(5);\n  res.json(await Promise.all(ids.map((id) => limit(() => axios.get(`/users/${id}`)))));\n});" }] }],
    },
    {
      // Request input fanned out to an upstream, as in the seed incident.
      filename: OUTSIDE_TS,
      code: "import express from 'express';\nconst app = express();\napp.post('/run', async (req, res) => {\n  res.json(await Promise.all(req.body.urls.map((url: string) => fetch(url))));\n});",
      errors: [{ messageId: "unboundedCollection", line: 4, column: 18, endLine: 4, endColumn: 77, suggestions: [{ messageId: "wrapInLimiter", data: { method: "all", concurrency: 5 }, output: "import express from 'express';\nimport pLimit from 'p-limit';\nconst app = express();\napp.post('/run', async (req, res) => {\n  const limit = pLimit(5);\n  res.json(await Promise.all(req.body.urls.map((url: string) => limit(() => fetch(url)))));\n});" }] }],
    },
    {
      // A same-file helper whose body makes the request.
      filename: OUTSIDE_TS,
      code: "import { readdir } from 'node:fs/promises';\nasync function embed(text: string) {\n  const res = await fetch('https://api.example.com/embed', { method: 'POST', body: text });\n  return res.json();\n}\nexport async function index(dir: string) {\n  const docs = await readdir(dir);\n  return Promise.all(docs.map((doc) => embed(doc)));\n}",
      errors: [{ messageId: "unboundedCollection", line: 8, column: 10, endLine: 8, endColumn: 52, suggestions: [{ messageId: "wrapInLimiter", data: { method: "all", concurrency: 5 }, output: "import { readdir } from 'node:fs/promises';\nimport pLimit from 'p-limit';\nasync function embed(text: string) {\n  const res = await fetch('https://api.example.com/embed', { method: 'POST', body: text });\n  return res.json();\n}\nexport async function index(dir: string) {\n  const docs = await readdir(dir);\n  const limit = pLimit(5);\n  return Promise.all(docs.map((doc) => limit(() => embed(doc))));\n}" }] }],
    },
    {
      // A method of the same class that calls a model through a client the class created.
      filename: OUTSIDE_TS,
      code: "import OpenAI from 'openai';\nexport class Summarizer {\n  client = new OpenAI();\n  async one(text: string) { return this.client.responses.create({ model: 'm', input: text }); }\n  async all(inbox: { find(q: object): { toArray(): Promise<string[]> } }) {\n    const texts = await inbox.find({}).toArray();\n    return Promise.all(texts.map((text) => this.one(text)));\n  }\n}",
      errors: [{ messageId: "unboundedCollection", line: 7, column: 12, endLine: 7, endColumn: 60, suggestions: [{ messageId: "wrapInLimiter", data: { method: "all", concurrency: 5 }, output: "import OpenAI from 'openai';\nimport pLimit from 'p-limit';\nexport class Summarizer {\n  client = new OpenAI();\n  async one(text: string) { return this.client.responses.create({ model: 'm', input: text }); }\n  async all(inbox: { find(q: object): { toArray(): Promise<string[]> } }) {\n    const texts = await inbox.find({}).toArray();\n    const limit = pLimit(5);\n    return Promise.all(texts.map((text) => limit(() => this.one(text))));\n  }\n}" }] }],
    },
    {
      // A query per element of request input, on the shared pool: the caller sizes the fan-out.
      filename: OUTSIDE_TS,
      code: "import { Pool } from 'pg';\nimport express from 'express';\nconst pool = new Pool();\nconst app = express();\napp.post('/seen', async (req, res) => {\n  await Promise.all(req.body.ids.map((id: string) => pool.query('update jobs set seen = now() where id = $1', [id])));\n  res.sendStatus(204);\n});",
      errors: [{ messageId: "unboundedCollection", line: 6, column: 9, endLine: 6, endColumn: 118, suggestions: [{ messageId: "wrapInLimiter", data: { method: "all", concurrency: 5 }, output: "import { Pool } from 'pg';\nimport express from 'express';\nimport pLimit from 'p-limit';\nconst pool = new Pool();\nconst app = express();\napp.post('/seen', async (req, res) => {\n  const limit = pLimit(5);\n  await Promise.all(req.body.ids.map((id: string) => limit(() => pool.query('update jobs set seen = now() where id = $1', [id]))));\n  res.sendStatus(204);\n});" }] }],
    },
    {
      // A push loop that starts a request per element.
      filename: OUTSIDE_TS,
      code: "export async function crawl(sitemap: string) {\n  const urls: string[] = await (await fetch(sitemap)).json();\n  const pending = [];\n  for (const url of urls) pending.push(fetch(url));\n  return Promise.all(pending);\n}",
      errors: [{ messageId: "unboundedPushLoop", line: 5, column: 10, endLine: 5, endColumn: 30, suggestions: [{ messageId: "wrapInLimiter", data: { method: "all", concurrency: 5 }, output: "import pLimit from \"p-limit\";\n\nexport async function crawl(sitemap: string) {\n  const urls: string[] = await (await fetch(sitemap)).json();\n  const limit = pLimit(5);\n  const pending = [];\n  for (const url of urls) pending.push(limit(() => fetch(url)));\n  return Promise.all(pending);\n}" }] }],
    },
  ],
});

// Types refine the evidence: a function of another module of the project is read through the checker.
const CROSS_MODULE = "import { readdir } from 'node:fs/promises';\nimport { label, loadProfile } from './remote.js';\nexport async function importAll(dir: string) {\n  const ids = await readdir(dir);\n  return Promise.all(ids.map((id) => loadProfile(id)));\n}\nexport async function labels(dir: string) {\n  const ids = await readdir(dir);\n  return Promise.all(ids.map(async (id) => label(id)));\n}";

/** The remote fan-out is reported, the in-memory one (`label`) is not, and the fix wraps the remote call. */
const CROSS_MODULE_CASE = {
  filename: TYPED_FILE,
  options: [{ checkTestFiles: true }] as const,
  code: CROSS_MODULE,
  output: CROSS_MODULE.replace("import { label, loadProfile } from './remote.js';\n", "import pLimit from 'p-limit';\nimport { label, loadProfile } from './remote.js';\n")
    .replace("  const ids = await readdir(dir);\n  return Promise.all(ids.map((id) => loadProfile(id)));", "  const ids = await readdir(dir);\n  const limit = pLimit(5);\n  return Promise.all(ids.map((id) => limit(() => loadProfile(id))));"),
  errors: [{ messageId: "unboundedCollection" as const, line: 5, column: 10, endLine: 5, endColumn: 55 }],
};

typedRuleTester.run("no-unbounded-promise-all (work in another module, with types)", rule, { valid: [], invalid: [CROSS_MODULE_CASE] });

// Without types, the project model reads the other module: the same finding, the same fix.
ruleTester.run("no-unbounded-promise-all (work in another module, without types)", rule, { valid: [], invalid: [CROSS_MODULE_CASE] });

// A helper that fans out over what it is given: reported at the call that hands it a growing collection.
const SAME_FILE_HELPER =
  "import express from 'express';\nexport const router = express.Router();\nasync function embed(text: string) {\n  const response = await fetch('https://embed.example.com', { method: 'POST', body: text, signal: AbortSignal.timeout(30000) });\n  return response.json();\n}\nexport async function embedAll(chunks: string[]) {\n  return Promise.all(chunks.map((chunk) => embed(chunk)));\n}\nrouter.post('/embed', async (req, res) => {\n  res.json(await embedAll(req.body.documents));\n});";
const HELPER_IN_FIXTURES = path.join(ROOT, "fixtures", "no-unbounded-promise-all", "virtual-route.js");

ruleTester.run("no-unbounded-promise-all (a helper that fans out over its argument)", rule, {
  valid: [
    // A bounded argument, or a helper whose work runs through a limiter.
    { filename: IN_REPO_TS, code: SAME_FILE_HELPER.replace("embedAll(req.body.documents)", "embedAll(['one', 'two'])") },
    { filename: HELPER_IN_FIXTURES, code: "import { notify } from './lib/limited.js';\nimport { notifyAll } from './lib/notify.js';\nexport async function alert(req) {\n  await notifyAll([{ email: req.body.email }], 'down');\n  await Promise.all(req.body.users.map((user) => notify(user, 'down')));\n}" },
  ],
  invalid: [
    {
      filename: IN_REPO_TS,
      code: SAME_FILE_HELPER,
      errors: [{ messageId: "helperFansOut", data: { helper: "embedAll", where: "line 8", work: "a request", origin: "request input", concurrency: 5 }, line: 11, column: 18, endLine: 11, endColumn: 46 }],
    },
    {
      filename: HELPER_IN_FIXTURES,
      code: "import pg from 'pg';\nimport { notifyAll } from './lib/notify.js';\nconst pool = new pg.Pool({ connectionTimeoutMillis: 5000 });\nexport async function announce(req, res) {\n  const { rows } = await pool.query('SELECT id, email FROM users');\n  await notifyAll(rows, req.body.text);\n  res.sendStatus(204);\n}",
      errors: [
        {
          messageId: "helperFansOut",
          data: { helper: "notifyAll", where: "lib/notify.js:5", work: "a request", origin: "a collection that grows (query rows, a listing, a response)", concurrency: 5 },
          line: 6,
          column: 9,
          endLine: 6,
          endColumn: 39,
        },
      ],
    },
  ],
});
