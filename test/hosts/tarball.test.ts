/**
 * The published package, installed as a user installs it: `npm pack` of the built repository, `npm install` of
 * the tarball with ESLint 9 and with ESLint 10 (and jiti, which `eslint.config.ts` needs on Node 20), then the
 * real CLIs of that project: `eslint` with an `eslint.config.mjs`, `.cjs` (`require()`) and `.ts` config,
 * `--print-config`, `--cache`, `--concurrency`, and the package's `concurrency-codemod` bin through `npx`.
 */
import { spawnSync } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync, renameSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CONTRACT_RULE_IDS, ROOT } from "../helpers.js";
import { type InstalledProject, installedProject, packPlugin } from "./installed.js";

const RULE_IDS = CONTRACT_RULE_IDS;

/** An ES module with three findings: a blocking call (9:10), a fetch without a signal (13:26), a pg client never released (18:24). */
const APP_JS = `import { execSync } from "node:child_process";
import express from "express";
import pg from "pg";

const app = express();
const pool = new pg.Pool({ connectionTimeoutMillis: 5000 });

export async function revision(dir) {
  return execSync(\`git -C \${dir} rev-parse HEAD\`).toString();
}

app.get("/users/:id", async (req, res) => {
  const response = await fetch(\`https://api.example.com/users/\${req.params.id}\`);
  res.json(await response.json());
});

app.get("/orders", async (req, res) => {
  const client = await pool.connect();
  const { rows } = await client.query("SELECT * FROM orders");
  res.json(rows);
});
`;

/** A CommonJS module with one finding: an axios call without a timeout in a request handler (6:22). */
const JOBS_CJS = `const axios = require("axios");
const express = require("express");

const router = express.Router();
router.post("/jobs", async (req, res) => {
  const { data } = await axios.post("https://jobs.example.com/run", req.body);
  res.json(data);
});

module.exports = router;
`;

/** What `eslint src` reports on APP_JS and JOBS_CJS with `recommended`: [file, rule id, line, column]. */
const EXPECTED = [
  ["src/app.js", "concurrency/no-blocking-in-async", 9, 10],
  ["src/app.js", "concurrency/require-timeout", 13, 26],
  ["src/app.js", "concurrency/no-unreleased-pool-client", 18, 24],
  ["src/jobs.cjs", "concurrency/require-timeout", 6, 26],
];

/** The three config forms a user writes, each turning on `recommended`. */
const CONFIGS: Record<string, string> = {
  "eslint.config.mjs": `import concurrency from "eslint-plugin-concurrency";

export default [concurrency.configs.recommended];
`,
  "eslint.config.cjs": `const concurrency = require("eslint-plugin-concurrency");

module.exports = [concurrency.configs.recommended];
`,
  // The cast: the plugin's configs carry typescript-eslint's config type, which ESLint's `Linter.Config` does not
  // accept (see "a type annotation or defineConfig() does not type-check" below).
  "eslint.config.ts": `import type { Linter } from "eslint";
import concurrency from "eslint-plugin-concurrency";

const config: Linter.Config[] = [concurrency.configs.recommended];
export default config;
`,
};

const TSCONFIG = `${JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext", target: "ES2022", strict: true, noEmit: true, skipLibCheck: true }, files: ["eslint.config.ts"] }, null, 2)}\n`;

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; column: number; fatal?: boolean; message: string }[];
}

let tarball: ReturnType<typeof packPlugin>;
beforeAll(() => {
  tarball = packPlugin();
});
afterAll(() => tarball?.remove());

describe.each([
  ["ESLint 9", "~9.39.5", /^v9\.39\./u],
  ["ESLint 10", "^10.15.0", /^v10\./u],
])("the installed tarball with %s", (_name, range, version) => {
  let project: InstalledProject;
  const eslint = (...args: string[]) => project.run("eslint", args);
  /** [file, rule id, line, column] of every message of `--format json` output, files relative to the project. */
  const findings = (stdout: string) =>
    (JSON.parse(stdout) as JsonResult[]).flatMap((result) =>
      result.messages.map((message) => [path.relative(project.dir, result.filePath).split(path.sep).join("/"), message.ruleId ?? message.message, message.line, message.column]),
    );
  /** Leaves exactly one config file, as a user's project has. */
  const useConfig = (file: string) => {
    for (const other of Object.keys(CONFIGS)) project.remove(other);
    project.write(file, CONFIGS[file]!);
  };

  beforeAll(() => {
    project = installedProject("tarball", { "eslint-plugin-concurrency": `file:${tarball.tarball}`, eslint: range, jiti: "^2.7.0", typescript: "~5.9.3" }, { "src/app.js": APP_JS, "src/jobs.cjs": JOBS_CJS });
  }, 180_000);
  afterAll(() => project?.destroy());

  it("installs that ESLint and the plugin from the tarball", () => {
    expect(eslint("--version").stdout.trim()).toMatch(version);
    const installed = JSON.parse(readFileSync(path.join(project.dir, "node_modules", "eslint-plugin-concurrency", "package.json"), "utf8")) as { version: string };
    const ours = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
    expect(installed.version).toBe(ours.version);
    // Installed from the tarball: a real folder with the built files, not a link to the repository.
    expect(statSync(path.join(project.dir, "node_modules", "eslint-plugin-concurrency")).isDirectory()).toBe(true);
    expect(existsSync(path.join(project.dir, "node_modules", "eslint-plugin-concurrency", "src"))).toBe(false);
    expect(existsSync(path.join(project.dir, "node_modules", "eslint-plugin-concurrency", "dist", "src", "index.js"))).toBe(true);
  });

  it.each(Object.keys(CONFIGS))("lints with an %s config: the exact findings, exit code 1", (file) => {
    useConfig(file);
    const run = eslint("src", "--format", "json");
    expect(run.stderr).toBe("");
    expect(findings(run.stdout)).toEqual(EXPECTED);
    expect(run.status).toBe(1);
  });

  it.runIf(Number(process.versions.node.split(".")[0]) === 20)("on Node 20, ESLint needs jiti for the eslint.config.ts", () => {
    useConfig("eslint.config.ts");
    const jiti = path.join(project.dir, "node_modules", "jiti");
    renameSync(jiti, `${jiti}.away`);
    try {
      const run = eslint("src", "--format", "json");
      expect(run.stderr).toContain("jiti");
      expect(run.status).toBe(2);
    } finally {
      renameSync(`${jiti}.away`, jiti);
    }
  });

  it("the eslint.config.ts type-checks against the installed package's and ESLint's types", () => {
    useConfig("eslint.config.ts");
    project.write("tsconfig.json", TSCONFIG);
    const tsc = project.run("typescript/bin/tsc", ["-p", "tsconfig.json"]);
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
  });

  // The plugin object and its configs carry ESLint's own types (`ESLint.Plugin`, `Linter.Config`): every way of
  // writing a typed config type-checks, and ESLint runs it.
  it.each([
    ["a Linter.Config[] annotation", 'import type { Linter } from "eslint";\nimport concurrency from "eslint-plugin-concurrency";\n\nconst config: Linter.Config[] = [concurrency.configs.recommended];\nexport default config;\n'],
    ["defineConfig()", 'import { defineConfig } from "eslint/config";\nimport concurrency from "eslint-plugin-concurrency";\n\nexport default defineConfig([concurrency.configs.recommended]);\n'],
    ["defineConfig() with extends", 'import { defineConfig } from "eslint/config";\nimport concurrency from "eslint-plugin-concurrency";\n\nexport default defineConfig({ files: ["src/**"], extends: [concurrency.configs.recommended] });\n'],
    ["defineConfig() with plugins: { concurrency }", 'import { defineConfig } from "eslint/config";\nimport concurrency from "eslint-plugin-concurrency";\n\nexport default defineConfig([{ plugins: { concurrency }, rules: { "concurrency/require-timeout": "error" } }]);\n'],
  ])("%s type-checks, and ESLint runs it", (_form, text) => {
    project.remove("eslint.config.mjs");
    project.remove("eslint.config.cjs");
    project.write("eslint.config.ts", text);
    project.write("tsconfig.json", TSCONFIG);
    const tsc = project.run("typescript/bin/tsc", ["-p", "tsconfig.json"]);
    expect(tsc.stdout + tsc.stderr).toBe("");
    expect(tsc.status).toBe(0);
    const run = eslint("src", "--format", "json");
    expect(run.stderr).toBe("");
    expect(findings(run.stdout).length).toBeGreaterThan(0);
  });

  it("--print-config shows the plugin and its seven rules at error", () => {
    useConfig("eslint.config.mjs");
    const run = eslint("--print-config", "src/app.js");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    const printed = JSON.parse(run.stdout) as { plugins: string[]; rules: Record<string, unknown[]> };
    expect(printed.plugins).toContain(`concurrency:eslint-plugin-concurrency@${(JSON.parse(readFileSync(path.join(project.dir, "node_modules", "eslint-plugin-concurrency", "package.json"), "utf8")) as { version: string }).version}`);
    // Each rule at severity 2 (error), followed by its options with their defaults filled in.
    const ours = Object.entries(printed.rules).filter(([id]) => id.startsWith("concurrency/"));
    expect(ours.map(([id, entry]) => [id, entry[0]]).sort()).toEqual(RULE_IDS.map((id) => [`concurrency/${id}`, 2]));
    expect(printed.rules["concurrency/require-timeout"]![1]).toMatchObject({ timeoutMs: 60000, checkTestFiles: false });
  });

  it("--cache writes the cache file and a second run gives the same findings from it", () => {
    useConfig("eslint.config.mjs");
    const first = eslint("src", "--cache", "--cache-location", ".eslintcache", "--format", "json");
    expect(first.stderr).toBe("");
    expect(findings(first.stdout)).toEqual(EXPECTED);
    const cacheFile = path.join(project.dir, ".eslintcache");
    expect(existsSync(cacheFile)).toBe(true);
    const cache = readFileSync(cacheFile, "utf8");
    expect(cache).toContain("app.js");
    expect(cache).toContain("concurrency/no-unreleased-pool-client");
    const written = statSync(cacheFile).mtimeMs;
    // ESLint's debug log says where the second run's results come from.
    const second = project.run("eslint", ["src", "--cache", "--cache-location", ".eslintcache", "--format", "json"], { env: { DEBUG: "eslint:lint-result-cache" } });
    for (const file of ["app.js", "jobs.cjs"]) expect(second.stderr).toContain(`Rereading cached result source from filesystem: ${path.join(project.dir, "src", file)}`);
    expect(second.status).toBe(1);
    expect(findings(second.stdout)).toEqual(EXPECTED);
    expect(statSync(cacheFile).mtimeMs).toBeGreaterThanOrEqual(written);
  });

  // On this 2-core machine `auto` lints in the main thread; `2` makes ESLint load the config and the plugin in
  // two worker threads (and warn that two files are too few to be worth it).
  it.each(["auto", "2"])("--concurrency %s gives the same findings", (concurrency) => {
    useConfig("eslint.config.mjs");
    const run = eslint("src", "--concurrency", concurrency, "--format", "json");
    expect(run.stderr.replace(/^\(node:\d+\) ESLintPoorConcurrencyWarning: .*\n\(Use `node --trace-warnings \.\.\.` .*\n/u, "")).toBe("");
    expect(findings(run.stdout)).toEqual(EXPECTED);
    expect(run.status).toBe(1);
  });

  it("the package's concurrency-codemod bin runs through npx: --check exits 2, --dry-run prints the fixes, a run writes them", () => {
    accessSync(path.join(project.dir, "node_modules", ".bin", "concurrency-codemod"), constants.X_OK);
    // As docs/codemod.md writes it; the bin is installed, so npx runs it without fetching anything.
    const npx = (...args: string[]) =>
      spawnSync(process.platform === "win32" ? "npx.cmd" : "npx", ["concurrency-codemod", ...args], { cwd: project.dir, encoding: "utf8", timeout: 60_000, env: { ...process.env, NO_COLOR: "1" } });
    const check = npx("--check", "src");
    expect(check.stderr).toContain("would change: 2");
    expect(check.status).toBe(2);
    const dryRun = npx("--dry-run", "--no-color", "src");
    expect(dryRun.status).toBe(0);
    expect(dryRun.stdout).toContain("--- a/src/app.js\n+++ b/src/app.js\n");
    expect(dryRun.stdout).toContain("+  return (await promisify(exec)(`git -C ${dir} rev-parse HEAD`)).stdout.toString();");
    expect(dryRun.stdout).toContain("+  const response = await fetch(`https://api.example.com/users/${req.params.id}`, { signal: AbortSignal.timeout(60000) });");
    expect(dryRun.stdout).toContain("+  } finally {\n+    client.release();\n+  }");
    expect(dryRun.stdout).toContain('+  const { data } = await axios.post("https://jobs.example.com/run", req.body, { timeout: 60000 });');
    // Neither wrote anything.
    expect(readFileSync(path.join(project.dir, "src", "app.js"), "utf8")).toBe(APP_JS);
    expect(readFileSync(path.join(project.dir, "src", "jobs.cjs"), "utf8")).toBe(JOBS_CJS);

    // Outside a git repository it writes; afterwards ESLint has nothing left to report and --check passes.
    const write = npx("src");
    expect(write.status).toBe(0);
    expect(readFileSync(path.join(project.dir, "src", "app.js"), "utf8")).not.toBe(APP_JS);
    useConfig("eslint.config.mjs");
    const after = eslint("src", "--format", "json");
    expect(findings(after.stdout)).toEqual([]);
    expect(after.status).toBe(0);
    expect(npx("--check", "src").status).toBe(0);
  });
});
