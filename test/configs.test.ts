/** The shipped flat configs work as users spread them into an eslint.config.js. */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import plugin from "../src/index.js";
import { ROOT } from "./helpers.js";

const APP = path.join(ROOT, "fixtures", "sample-app");

async function lintApp(config: object): Promise<Map<string, number>> {
  const eslint = new ESLint({
    cwd: APP,
    overrideConfigFile: true,
    overrideConfig: [{ files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } }, config] as ESLint.Options["overrideConfig"],
  });
  const counts = new Map<string, number>();
  for (const result of await eslint.lintFiles(["src"])) {
    for (const message of result.messages) {
      expect(message.fatal, message.message).toBeFalsy();
      counts.set(message.ruleId!, (counts.get(message.ruleId!) ?? 0) + 1);
    }
  }
  return counts;
}

describe("configs on the sample app", () => {
  it("recommended reports every rule's findings at error", async () => {
    const counts = await lintApp(plugin.configs.recommended);
    expect([...counts.keys()].sort()).toEqual(Object.keys(plugin.rules).map((id) => `concurrency/${id}`).sort());
  });

  it("recommended-type-checked lints with type information and finds at least what recommended finds", async () => {
    const untyped = await lintApp(plugin.configs.recommended);
    const typed = await lintApp({ ...plugin.configs["recommended-type-checked"], languageOptions: { ...plugin.configs["recommended-type-checked"].languageOptions, parserOptions: { projectService: true, tsconfigRootDir: APP } } });
    for (const [rule, count] of untyped) expect(typed.get(rule) ?? 0, rule).toBeGreaterThanOrEqual(count);
  });
});

/**
 * A plain-JS project: `recommended` alone in its eslint.config.js, ESLint's default parser (espree), no
 * parser services. Rules must neither abort the run nor lose their findings.
 */
const PLAIN_JS_FILES: Record<string, string> = {
  "jobs.cjs": `"use strict";
const { Pool } = require("pg");
const { readFileSync } = require("node:fs");

const pool = new Pool({ connectionTimeoutMillis: 5000 });

async function claim(limit) {
  const client = await pool.connect();
  const { rows } = await client.query("select * from jobs limit $1", [limit]);
  client.release();
  return rows;
}

async function loadTemplate(name) {
  return readFileSync(\`templates/\${name}.html\`, "utf8");
}

module.exports = { claim, loadTemplate };
`,
  "crawl.mjs": `import https from "node:https";

export async function refresh(req) {
  return Promise.all(req.body.urls.map((url) => fetch(url, { signal: AbortSignal.timeout(5000) })));
}

export function ping(host) {
  return new Promise((resolve, reject) => {
    const req = https.request({ host, path: "/health" }, resolve);
    req.on("error", reject);
    req.end();
  });
}
`,
  "workers.js": `import { Worker } from "node:worker_threads";
import express from "express";
import { MongoClient } from "mongodb";
import PQueue from "p-queue";

export const router = express.Router();
const webhooks = new PQueue();

export async function renderAll(tiles) {
  for (const tile of tiles) {
    new Worker("./render.js", { workerData: tile });
  }
}

router.get("/users/:id", async (req, res) => {
  const client = new MongoClient(process.env.MONGO_URL);
  await client.connect();
  res.json(await client.db().collection("users").findOne({ id: req.params.id }));
  await client.close();
  webhooks.add(() => fetch("https://hooks.example.com", { signal: AbortSignal.timeout(5000) }));
});
`,
};

describe("recommended alone on a plain-JS project (ESLint class, default parser)", () => {
  let dir = "";
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), "concurrency-plain-js-"));
    for (const [name, text] of Object.entries(PLAIN_JS_FILES)) writeFileSync(path.join(dir, name), text);
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  // What an eslint.config.js of `export default [concurrency.configs.recommended]` gives ESLint.
  const options = (extra: ESLint.Options = {}): ESLint.Options => ({
    cwd: dir,
    overrideConfigFile: true,
    overrideConfig: [plugin.configs.recommended] as ESLint.Options["overrideConfig"],
    ...extra,
  });

  it("uses ESLint's default parser for .js, .cjs and .mjs", async () => {
    const eslint = new ESLint(options());
    for (const name of Object.keys(PLAIN_JS_FILES)) {
      const config = (await eslint.calculateConfigForFile(path.join(dir, name))) as { languageOptions: { parser?: { name?: string }; sourceType?: string } };
      expect(config.languageOptions.parser?.name, name).toBe("espree");
      expect(config.languageOptions.sourceType, name).toBe(name.endsWith(".cjs") ? "commonjs" : "module");
    }
  });

  it("lints every file without an error and finds every rule's finding at its exact position", async () => {
    const eslint = new ESLint(options());
    const results = await eslint.lintFiles(Object.keys(PLAIN_JS_FILES));
    expect(results.map((result) => path.basename(result.filePath)).sort()).toEqual(Object.keys(PLAIN_JS_FILES).sort());
    const findings = results.flatMap((result) =>
      result.messages.map((message) => [path.basename(result.filePath), message.ruleId, message.line, message.column, message.endLine, message.endColumn, message.messageId, message.fatal ?? false]),
    );
    expect(findings.sort()).toEqual(
      [
        ["crawl.mjs", "concurrency/no-unbounded-promise-all", 4, 10, 4, 100, "unboundedCollection", false],
        ["crawl.mjs", "concurrency/require-timeout", 9, 17, 9, 66, "missingTimeout", false],
        ["jobs.cjs", "concurrency/no-unreleased-pool-client", 8, 24, 8, 38, "releasedOnlyOnSuccess", false],
        ["jobs.cjs", "concurrency/no-blocking-in-async", 15, 10, 15, 56, "blockingCall", false],
        ["workers.js", "concurrency/no-unbounded-queue", 7, 18, 7, 30, "missingBound", false],
        ["workers.js", "concurrency/no-unbounded-worker-spawn", 11, 5, 11, 52, "perItem", false],
        ["workers.js", "concurrency/no-connection-per-call", 16, 18, 16, 56, "poolPerCall", false],
      ].sort(),
    );
    // Every rule of `recommended` found something: none was silenced by the missing parser services.
    expect(new Set(findings.map((finding) => finding[1]))).toEqual(new Set(Object.keys(plugin.configs.recommended.rules ?? {})));
  });

  it("runs --fix without an error and leaves the files parseable", async () => {
    const eslint = new ESLint(options({ fix: true }));
    const results = await eslint.lintFiles(Object.keys(PLAIN_JS_FILES));
    expect(results).toHaveLength(Object.keys(PLAIN_JS_FILES).length);
    for (const result of results) expect(result.messages.filter((message) => message.fatal)).toEqual([]);
  });
});

describe("loading the plugin", () => {
  it("loads neither TypeScript nor typescript-eslint's parser (a project with TypeScript 7, or none, lints JS)", () => {
    const script = `import(${JSON.stringify(path.join(ROOT, "dist", "src", "index.js"))}).then((plugin) => {
      const loaded = Object.keys(require("node:module")._cache).filter((file) => /[\\\\/](typescript|@typescript-eslint[\\\\/](parser|typescript-estree)|ts-morph)[\\\\/]/u.test(file));
      console.log(JSON.stringify({ rules: Object.keys(plugin.default.rules).length, loaded }));
    });`;
    const run = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
    expect(run.stderr).toBe("");
    expect(JSON.parse(run.stdout)).toEqual({ rules: 7, loaded: [] });
  });

  it("recommended-type-checked loads the parser on its first TypeScript file", () => {
    const config = plugin.configs["recommended-type-checked"];
    const parser = config.languageOptions!.parser as { parseForESLint(code: string, options: object): { ast: { type: string } } };
    expect(parser.parseForESLint("const a: number = 1;", { filePath: "a.ts", range: true, loc: true }).ast.type).toBe("Program");
  });
});
