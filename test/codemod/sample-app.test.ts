/**
 * The "done when" of the codemod: on a copy of the sample app, it fixes every fixable finding, the result
 * type-checks, and a second run changes nothing.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Project, ts } from "ts-morph";
import { afterAll, describe, expect, it } from "vitest";
import { runCodemod } from "../../src/codemod/index.js";
import { ROOT } from "../helpers.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]): string {
  const result = spawnSync("git", args, { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(result.stderr);
  return result.stdout;
}

/** A copy of fixtures/sample-app in a temporary git repository, using this repo's node_modules. */
function copySampleApp(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "concurrency-sample-app-"));
  dirs.push(dir);
  cpSync(path.join(ROOT, "fixtures", "sample-app"), dir, { recursive: true });
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  git(dir, "init", "-q");
  git(dir, "-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "core.excludesFile=/dev/null", "add", "-A");
  git(dir, "-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false", "commit", "-q", "-m", "sample app");
  return dir;
}

function typeErrors(dir: string): string[] {
  const project = new Project({ tsConfigFilePath: path.join(dir, "tsconfig.json") });
  return project.getPreEmitDiagnostics().map((diagnostic) => `${diagnostic.getSourceFile()?.getBaseName()}: ${String(diagnostic.getMessageText())}`);
}

/** Compiles `src/` of `dir` to `out/` with TypeScript (no type check) and imports every module in a fresh Node process. */
function loadModules(dir: string): { status: number | null; stderr: string } {
  const out = path.join(dir, "out");
  mkdirSync(out, { recursive: true });
  const files = readdirSync(path.join(dir, "src")).filter((file) => file.endsWith(".ts"));
  for (const file of files) {
    const source = readFileSync(path.join(dir, "src", file), "utf8");
    const { outputText } = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, esModuleInterop: true } });
    writeFileSync(path.join(out, file.replace(/\.ts$/u, ".js")), outputText);
  }
  const script = `for (const file of ${JSON.stringify(files.map((file) => `./out/${file.replace(/\.ts$/u, ".js")}`))}) await import(file);\nprocess.exit(0);\n`;
  writeFileSync(path.join(dir, "load.mjs"), script);
  const result = spawnSync(process.execPath, ["load.mjs"], { cwd: dir, encoding: "utf8", timeout: 60_000 });
  rmSync(out, { recursive: true, force: true });
  rmSync(path.join(dir, "load.mjs"));
  return { status: result.status, stderr: result.stderr };
}

describe("codemod on a copy of the sample app", { timeout: 240_000 }, () => {
  it("fixes every fixable finding, keeps it type-checking, and a second run changes nothing", async () => {
    const dir = copySampleApp();
    const before = typeErrors(dir);
    const first = await runCodemod({ cwd: dir });
    expect(first.refused).toBeUndefined();
    expect(first.files.filter((file) => file.error)).toEqual([]);
    expect(first.exitCode).toBe(0);
    expect(first.summary.filesChanged).toBeGreaterThan(0);
    expect(first.findings.filter((finding) => finding.status === "fixed").length).toBeGreaterThan(0);
    expect(first.findings.filter((finding) => finding.status === "rolled-back" || finding.status === "needs-dependency")).toEqual([]);
    // Every finding of the rules with fixes is fixed unattended: nothing is left as a suggestion.
    expect(first.findings.filter((finding) => finding.status !== "fixed").map((finding) => `${finding.ruleId}:${path.basename(finding.file)}:${finding.line}`)).toEqual([]);
    expect(typeErrors(dir)).toEqual(before);
    // The task monitor's pooled-client leaks (incident 001) are all fixed unattended: success only, early return, never released.
    const poolClient = first.findings.filter((finding) => finding.ruleId === "no-unreleased-pool-client");
    expect(poolClient.map((finding) => `${path.basename(finding.file)}:${finding.line}:${finding.status}`)).toEqual([
      "task-monitor.ts:27:fixed",
      "task-monitor.ts:38:fixed",
      "task-monitor.ts:55:fixed",
      "task-monitor.ts:61:fixed",
    ]);

    // The fixed app still runs: every module, compiled as the project compiles it, loads in Node and runs its
    // module-level code (express app, pools, queues, limiters) without throwing.
    expect(loadModules(dir)).toEqual({ status: 0, stderr: "" });

    git(dir, "-c", "user.email=t@example.com", "-c", "user.name=t", "-c", "commit.gpgsign=false", "commit", "-q", "-am", "codemod");
    const second = await runCodemod({ cwd: dir });
    expect(second.exitCode).toBe(0);
    expect(second.summary.filesChanged).toBe(0);
    expect(second.findings.filter((finding) => finding.status === "fixed")).toEqual([]);
    // What is left is what the rules only suggest or cannot fix, the same as after the first run.
    const unfixed = (result: typeof first): string[] =>
      result.findings.filter((finding) => finding.status !== "fixed").map((finding) => `${finding.ruleId}:${path.basename(finding.file)}:${finding.status}`);
    expect(unfixed(second)).toEqual(unfixed(first));
    expect(git(dir, "status", "--porcelain")).toBe("");
  });
});

/** A project whose tuple lives in another file than the `Promise.all` over it. */
function makeTypedProject(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "concurrency-typed-"));
  dirs.push(dir);
  mkdirSync(path.join(dir, "src"));
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  writeFileSync(path.join(dir, "package.json"), '{ "name": "typed", "type": "module" }\n');
  const compilerOptions = { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: true, types: [] };
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["src"] }));
  writeFileSync(path.join(dir, "src", "steps.ts"), 'export function pickSteps(): readonly ["https://a.example.com", "https://b.example.com"] {\n  return ["https://a.example.com", "https://b.example.com"];\n}\n');
  writeFileSync(
    path.join(dir, "src", "run.ts"),
    'import express from "express";\nimport { pickSteps } from "./steps.js";\n\nexport const app = express();\napp.get("/steps", async (_req, res) => {\n  const steps = pickSteps();\n  res.json(await Promise.all(steps.map((step) => fetch(step, { signal: AbortSignal.timeout(10_000) }).then((r) => r.status))));\n});\n',
  );
  return dir;
}

describe("codemod with the project's types", { timeout: 120_000 }, () => {
  it("leaves a tuple returned from another file alone, which it cannot see without types", async () => {
    const dir = makeTypedProject();
    const typed = await runCodemod({ cwd: dir, dryRun: true });
    expect(typed.files.every((file) => file.typed)).toBe(true);
    expect(typed.findings).toEqual([]);
    const untyped = await runCodemod({ cwd: dir, dryRun: true, types: false });
    expect(untyped.findings.map((finding) => `${path.basename(finding.file)}:${finding.line}:${finding.status}`)).toEqual(["run.ts:7:fixed"]);
  });
});
