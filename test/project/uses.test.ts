/** Where a module uses its top-level bindings, and from which function (`src/project/uses.ts`), and the conventions read as data. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isRequestExport, runsOnWorkerThread } from "../../src/project/conventions.js";
import { moduleSummary } from "../../src/project/modules.js";
import { type TempTree, tempTree } from "../support/temp-tree.js";

let tree: TempTree;

beforeAll(() => {
  tree = tempTree("concurrency-uses-");
  tree.write(
    "app.js",
    [
      'import express from "express";',
      'import { load, save } from "./store.js";',
      "const app = express();",
      "await load();",
      "(async () => { await load(); })();",
      "app.get('/x', async (req, res) => res.send(await save(req.body)));",
      "[1, 2].forEach(() => load());",
      "export const handler = async () => save();",
      "function boot() { return load(); }",
      "function later() { return () => save(); }",
      "function shadowed(load) { return load(); }",
      "class Jobs {",
      "  static async run() { return this.step(); }",
      "  static async step() { return save(); }",
      "  async #tick() { process.exit(0); }",
      "}",
      "export { boot, later, shadowed, Jobs };",
      "",
    ].join("\n"),
  );
});
afterAll(() => tree.remove());

describe("uses", () => {
  it("records each use with its member path, whether it is a call, and the function it runs in", () => {
    const summary = moduleSummary(tree.file("app.js"))!;
    const uses = (name: string) => (summary.uses.get(name) ?? []).map(({ owner, path, call, line }) => ({ owner, path, call, line }));
    expect(uses("load")).toEqual([
      { owner: { kind: "module" }, path: [], call: true, line: 4 },
      // An IIFE and an array method's callback run where they stand.
      { owner: { kind: "module" }, path: [], call: true, line: 5 },
      { owner: { kind: "module" }, path: [], call: true, line: 7 },
      { owner: { kind: "function", name: "boot" }, path: [], call: true, line: 9 },
    ]);
    expect(uses("save")).toEqual([
      // A route's handler runs later; a top-level `const` function is named by its callers; a returned closure runs later.
      { owner: { kind: "deferred" }, path: [], call: true, line: 6 },
      { owner: { kind: "function", name: "handler" }, path: [], call: true, line: 8 },
      { owner: { kind: "deferred" }, path: [], call: true, line: 10 },
      { owner: { kind: "function", name: "Jobs", member: "step" }, path: [], call: true, line: 14 },
    ]);
    // `this.step()` inside the class is a use of the class.
    expect(uses("Jobs")).toEqual([{ owner: { kind: "function", name: "Jobs", member: "run" }, path: ["step"], call: true, line: 13 }]);
    expect(uses("app")).toEqual([{ owner: { kind: "module" }, path: ["get"], call: true, line: 6 }]);
  });

  it("records what decides where a function runs: a process exit, a static or private method", () => {
    const summary = moduleSummary(tree.file("app.js"))!;
    expect(summary.owners.get("Jobs.#tick")).toEqual({ exits: true, method: { isStatic: false, isPrivate: true, decorators: [] } });
    expect(summary.owners.get("Jobs.run")).toEqual({ exits: false, method: { isStatic: true, isPrivate: false, decorators: [] } });
    expect(summary.owners.get("boot")).toEqual({ exits: false });
  });
});

describe("conventions", () => {
  it.each([
    ["app/api/users/route.ts", "GET", true],
    ["app/api/users/route.ts", "helper", false],
    ["src/pages/api/upload.js", "default", true],
    ["app/routes/orders.$id.tsx", "loader", true],
    ["src/routes/+server.ts", "POST", true],
    ["src/lib/route.ts", "GET", false],
  ])("%s exporting %s is a request handler: %s", (file, name, expected) => {
    expect(isRequestExport(file, name)).toBe(expected);
  });

  it("tells a worker's own file by what it reads", () => {
    expect(runsOnWorkerThread('import { parentPort } from "node:worker_threads";\nparentPort.on("message", run);')).toBe(true);
    expect(runsOnWorkerThread('process.on("message", (job) => { process.send(run(job)); });')).toBe(true);
    expect(runsOnWorkerThread('import { Worker } from "node:worker_threads";\nnew Worker("./w.js");')).toBe(false);
    expect(runsOnWorkerThread('process.on("message", log);')).toBe(false);
  });
});
