/** Where a function runs, from its callers across the project (`src/project/reachability.ts`), or "no" when unseen. */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resetProject, runsOnlyAtStartup } from "../../src/project/index.js";
import { toolFilesOf } from "../../src/project/package-roles.js";
import { type TempTree, tempTree } from "../support/temp-tree.js";

let tree: TempTree;
const file = (name: string) => tree.file(name);
const write = (name: string, text: string) => tree.write(name, text);

beforeAll(() => {
  tree = tempTree("concurrency-reach-");
  write(
    "package.json",
    JSON.stringify({
      name: "app",
      type: "module",
      main: "server.js",
      dependencies: { express: "^5.0.0" },
      scripts: { start: "node server.js", "dev:worker": "tsx worker.js", changelog: "node ./tools/changelog.mjs --since v1", seed: "cross-env X=1 node db/fill.js" },
    }),
  );
  write(
    "store.js",
    [
      'import { readFileSync } from "node:fs";',
      "export async function loadAll(dir) { return readFileSync(dir); }",
      "export async function readOne(file) { return readFileSync(file); }",
      "export async function handed(file) { return readFileSync(file); }",
      "export async function ticking() { return readFileSync('/tmp/x'); }",
      "export async function viaBarrel() { return readFileSync('/tmp/y'); }",
      "export async function fromTool() { return readFileSync('/tmp/z'); }",
      "export async function fromTest() { return readFileSync('/tmp/t'); }",
      "export async function nobody() { return readFileSync('/tmp/n'); }",
      "export async function wrapped() { return readFileSync('/tmp/w'); }",
      "export async function closed() { return readFileSync('/tmp/c'); }",
      "export function middleware() { return async (req, res, next) => { await closed(); next(); }; }",
      "export async function recursive(n) { return n > 0 ? recursive(n - 1) : readFileSync('/tmp/r'); }",
      "export class Store {",
      "  static async warm() { return Store.#read(); }",
      "  static async #read() { return readFileSync('/tmp/s'); }",
      "  async refresh() { return readFileSync('/tmp/i'); }",
      "}",
      "",
    ].join("\n"),
  );
  write("index.js", 'export { viaBarrel as barrelled } from "./store.js";\nexport * from "./legacy.cjs";\n');
  write(
    "server.js",
    [
      'import express from "express";',
      'import { loadAll, readOne, handed, ticking, recursive, Store, wrapped, middleware } from "./store.js";',
      'import { wrap } from "./wrap.js";',
      'import { barrelled } from "./index.js";',
      "const app = express();",
      "await loadAll('/etc/app');",
      "await Store.warm();",
      "await barrelled();",
      "await recursive(3);",
      "new Store().refresh();",
      "app.get('/one', async (req, res) => res.send(await readOne(req.query.file)));",
      "app.post('/two', handed);",
      "setInterval(() => ticking(), 1000);",
      "app.post('/three', wrap(async (req, res) => res.send(await wrapped())));",
      "const mw = middleware();",
      "app.use(mw);",
      "async function main() { await readOne('/etc/app/boot'); }",
      "main();",
      "app.listen(3000);",
      "",
    ].join("\n"),
  );
  write("tools/changelog.mjs", 'import { fromTool } from "../store.js";\nexport async function run() { return fromTool(); }\nrun();\n');
  write("test/store.test.js", 'import { fromTest } from "../store.js";\nit("reads", async () => { await fromTest(); });\n');
  write(
    "legacy.cjs",
    [
      "const fs = require('node:fs');",
      "async function migrateOld() { return helper(); }",
      "async function helper() { return fs.readFileSync('/tmp/m'); }",
      "async function serve() { return fs.readFileSync('/tmp/q'); }",
      "module.exports = { migrateOld, serve };",
      "",
    ].join("\n"),
  );
  write(
    "jobs.cjs",
    [
      "const legacy = require('./legacy.cjs');",
      "async function boot() { await legacy.migrateOld(); }",
      "boot();",
      "exports.handler = async (event) => legacy.serve(event);",
      "",
    ].join("\n"),
  );
  write("wrap.js", "export const wrap = (handler) => (req, res) => handler(req, res).catch(() => res.end());\n");
  write(
    "cjs-store.cjs",
    [
      "const fs = require('node:fs');",
      "exports.warm = async function () { return fs.readFileSync('/tmp/a'); };",
      "exports.serve = async function () { return fs.readFileSync('/tmp/b'); };",
      "module.exports.init = async () => exports.warm();",
      "exports.handed = async () => fs.readFileSync('/tmp/h');",
      "exports.esmOnly = async () => fs.readFileSync('/tmp/e');",
      "",
    ].join("\n"),
  );
  write(
    "cjs-app.cjs",
    [
      "const express = require('express');",
      "const store = require('./cjs-store.cjs');",
      "const app = express();",
      "store.init();",
      "app.get('/', async (req, res) => res.send(await store.serve()));",
      "app.get('/h', store.handed);",
      "",
    ].join("\n"),
  );
  write("esm-of-cjs.js", 'import store from "./cjs-store.cjs";\nawait store.warm();\nawait store.esmOnly();\n');
  write("lazy.js", "export async function later() { return 1; }\n");
  write("uses-lazy.js", 'export async function go() { const { later } = await import("./lazy.js"); return later(); }\nawait go();\n');
  write(
    "nest.ts",
    [
      'import { readFileSync } from "node:fs";',
      "export class Reports {",
      "  @Get()",
      "  static async list() { return readFileSync('/tmp/l'); }",
      "}",
      "await Reports.list();",
      "",
    ].join("\n"),
  );
  resetProject();
});
afterAll(() => tree.remove());

describe("runsOnlyAtStartup", () => {
  it("is true for a function that other modules call only at module level, from startup functions or itself", () => {
    expect(runsOnlyAtStartup(file("store.js"), "loadAll")).toBe(true);
    expect(runsOnlyAtStartup(file("store.js"), "recursive")).toBe(true);
  });

  it("follows static and private methods, re-exports and CommonJS exports", () => {
    expect(runsOnlyAtStartup(file("store.js"), "Store", "warm")).toBe(true);
    expect(runsOnlyAtStartup(file("store.js"), "Store", "#read")).toBe(true);
    expect(runsOnlyAtStartup(file("store.js"), "viaBarrel")).toBe(true);
    expect(runsOnlyAtStartup(file("legacy.cjs"), "migrateOld")).toBe(true);
    expect(runsOnlyAtStartup(file("legacy.cjs"), "helper")).toBe(true);
  });

  it("follows CommonJS exports (`exports.f = …`), and ESM's default import of them", () => {
    expect(runsOnlyAtStartup(file("cjs-store.cjs"), "exports", "warm")).toBe(true);
    expect(runsOnlyAtStartup(file("cjs-store.cjs"), "exports", "init")).toBe(true);
    expect(runsOnlyAtStartup(file("cjs-store.cjs"), "exports", "esmOnly")).toBe(true);
    expect(runsOnlyAtStartup(file("cjs-store.cjs"), "exports", "serve")).toBe(false);
    expect(runsOnlyAtStartup(file("cjs-store.cjs"), "exports", "handed")).toBe(false);
  });

  it("counts callers in tests and in files that package.json scripts run as tools", () => {
    expect(runsOnlyAtStartup(file("store.js"), "fromTool")).toBe(true);
    expect(runsOnlyAtStartup(file("store.js"), "fromTest")).toBe(true);
  });

  it("is false for a function called per request, per tick, handed on as a value, or from a handler export", () => {
    expect(runsOnlyAtStartup(file("store.js"), "readOne")).toBe(false);
    expect(runsOnlyAtStartup(file("store.js"), "handed")).toBe(false);
    expect(runsOnlyAtStartup(file("store.js"), "ticking")).toBe(false);
    expect(runsOnlyAtStartup(file("legacy.cjs"), "serve")).toBe(false);
    // A route wrapped by a helper, and a middleware that a factory called at startup returns.
    expect(runsOnlyAtStartup(file("store.js"), "wrapped")).toBe(false);
    expect(runsOnlyAtStartup(file("store.js"), "closed")).toBe(false);
    expect(runsOnlyAtStartup(file("store.js"), "middleware")).toBe(true);
  });

  it("answers false where a caller may be unseen: no caller, a public instance method, a dynamic import, a handler decorator", () => {
    expect(runsOnlyAtStartup(file("store.js"), "nobody")).toBe(false);
    expect(runsOnlyAtStartup(file("store.js"), "Store", "refresh")).toBe(false);
    expect(runsOnlyAtStartup(file("lazy.js"), "later")).toBe(false);
    expect(runsOnlyAtStartup(file("nest.ts"), "Reports", "list")).toBe(false);
    expect(runsOnlyAtStartup(file("missing.js"), "anything")).toBe(false);
  });
});

describe("freshness", () => {
  it("reads callers again after 30 seconds, so a caller added in another file is seen", () => {
    write("fresh.js", 'import { readFileSync } from "node:fs";\nexport async function settings() { return readFileSync("/tmp/f"); }\n');
    write("fresh-boot.js", 'import { settings } from "./fresh.js";\nawait settings();\n');
    resetProject();
    expect(runsOnlyAtStartup(file("fresh.js"), "settings")).toBe(true);
    write("fresh-route.js", 'import express from "express";\nimport { settings } from "./fresh.js";\nexpress().get("/s", async (req, res) => res.json(await settings()));\n');
    expect(runsOnlyAtStartup(file("fresh.js"), "settings")).toBe(true);
    const now = Date.now();
    const clock = vi.spyOn(Date, "now").mockReturnValue(now + 31_000);
    try {
      expect(runsOnlyAtStartup(file("fresh.js"), "settings")).toBe(false);
    } finally {
      clock.mockRestore();
    }
  });
});

describe("toolFilesOf", () => {
  it("lists the files that package.json scripts run, except the program's own start scripts and main", () => {
    expect([...toolFilesOf(tree.dir)].sort()).toEqual([file("db/fill.js"), file("tools/changelog.mjs")]);
  });
});
