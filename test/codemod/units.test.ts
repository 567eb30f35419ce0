/** The codemod's parts: option mapping, pre-filter, globs, discovery, diff, annotations, dependencies, writes, fix passes. */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Linter } from "eslint";
import { afterAll, describe, expect, it } from "vitest";
import { annotate, manualReason, shortReason } from "../../src/codemod/annotate.js";
import { addDependencyText, addedModules, candidateModules, importedModules } from "../../src/codemod/dependencies.js";
import { colourDiff, unifiedDiff } from "../../src/codemod/diff.js";
import { discoverFiles } from "../../src/codemod/discover.js";
import { Engine, applyFixes } from "../../src/codemod/engine.js";
import { globBase, globToRegExp } from "../../src/codemod/glob.js";
import { CodemodUsageError, parseLimiter, parseShard, ruleOptionsFor, rulesWithFix, schemaProperties, selectRules, shardFiles } from "../../src/codemod/options.js";
import { PREFILTER_KEYWORDS, mayMatch, mayMatchRule } from "../../src/codemod/prefilter.js";
import { createProgress } from "../../src/codemod/summary.js";
import { TypeVerifier } from "../../src/codemod/verify.js";
import { UnsafeWriteError, writeFileAtomic } from "../../src/codemod/write.js";
import { rules } from "../../src/rules.js";
import { fixtureRules, invalidCases } from "../fixture-cases.js";
import { IN_REPO_TS, ROOT } from "../helpers.js";

const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "codemod-unit-"));
  temps.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe("options", () => {
  it("runs every rule that has a fix or a suggestion by default", () => {
    const expected = Object.entries(rules)
      .filter(([, rule]) => Boolean(rule.meta.fixable) || rule.meta.hasSuggestions === true)
      .map(([id]) => id)
      .sort();
    expect(rulesWithFix()).toEqual(expected);
    expect(selectRules(undefined)).toEqual(expected);
    expect(selectRules(["no-unbounded-promise-all"])).toEqual(["no-unbounded-promise-all"]);
    expect(() => selectRules(["nope"])).toThrow(CodemodUsageError);
  });

  it("maps flags to the options a rule's schema declares, and autofix to every rule that has it", () => {
    expect(parseLimiter("p-map")).toBe("p-map");
    expect(parseLimiter("@acme/limit")).toEqual({ module: "@acme/limit", import: "default" });
    expect(parseLimiter("@acme/limit#createLimit")).toEqual({ module: "@acme/limit", import: "createLimit" });
    expect(ruleOptionsFor("no-unbounded-promise-all", { concurrency: 8, limiter: "p-map", timeoutMs: 1000 })).toEqual([{ concurrency: 8, limiter: "p-map", autofix: true }]);
    expect(ruleOptionsFor("require-timeout", { timeoutMs: 30000, connectTimeoutMs: 3000 })).toEqual([{ timeoutMs: 30000, connectTimeoutMs: 3000, autofix: true }]);
    for (const id of Object.keys(rules)) {
      const properties = schemaProperties(id);
      const [options = {}] = ruleOptionsFor(id, { concurrency: 3, timeoutMs: 2500 }) as Record<string, unknown>[];
      expect(options.autofix).toBe(properties.has("autofix") ? true : undefined);
      expect(options.concurrency).toBe(properties.has("concurrency") ? 3 : undefined);
      expect(options.timeoutMs).toBe(properties.has("timeoutMs") ? 2500 : undefined);
    }
  });

  it("explicit per-rule options replace the flag mapping", () => {
    expect(ruleOptionsFor("no-unbounded-promise-all", { concurrency: 8, ruleOptions: { "no-unbounded-promise-all": [] } })).toEqual([]);
  });
});

describe("pre-filter", () => {
  it("lists only rules that exist", () => {
    for (const id of Object.keys(PREFILTER_KEYWORDS)) expect(Object.keys(rules)).toContain(id);
  });

  it("lets through every fixture input and every sample-app file", () => {
    for (const rule of fixtureRules()) {
      for (const fixture of invalidCases(rule)) {
        if (fixture.options.length > 0) continue; // covered with the options' caveat by fixtures.test.ts
        expect(mayMatchRule(fixture.input, rule), `${rule}/${fixture.name}`).toBe(true);
      }
    }
    const sample = path.join(ROOT, "fixtures", "sample-app", "src");
    for (const file of readdirSync(sample)) expect(mayMatch(readFileSync(path.join(sample, file), "utf8"), Object.keys(rules)), file).toBe(true);
  });

  it("skips a file none of the listed rules can match, never one of an unlisted rule", () => {
    const text = "export const add = (a: number, b: number) => a + b;\n";
    const listed = Object.keys(PREFILTER_KEYWORDS);
    expect(mayMatch(text, listed)).toBe(false);
    expect(mayMatch(text, [...listed, "some-future-rule"])).toBe(true);
    expect(mayMatch(text, ["no-unbounded-promise-all"], new Set(["no-unbounded-promise-all"]))).toBe(true);
  });
});

describe("globs", () => {
  it("matches like .gitignore-style globs", () => {
    expect(globToRegExp("src/**/*.ts").test("src/a/b/c.ts")).toBe(true);
    expect(globToRegExp("src/**/*.ts").test("src/c.ts")).toBe(true);
    expect(globToRegExp("src/**/*.ts").test("lib/c.ts")).toBe(false);
    expect(globToRegExp("*.test.ts").test("a/b/x.test.ts")).toBe(true);
    expect(globToRegExp("src/{jobs,api}/*.[jt]s").test("src/api/x.js")).toBe(true);
    expect(globToRegExp("src/{jobs,api}/*.[jt]s").test("src/web/x.js")).toBe(false);
    expect(globToRegExp("legacy").test("src/legacy/a.js")).toBe(true);
    expect(globBase("src/**/*.ts")).toBe("src");
    expect(globBase("*.ts")).toBe(".");
  });
});

describe("discovery", () => {
  it("walks paths, never node_modules or build output, and skips symlinks that leave the roots", () => {
    const dir = tempDir();
    const outside = tempDir();
    for (const file of ["src/a.ts", "src/b.cjs", "src/types.d.ts", "src/readme.md", "node_modules/x/index.js", "dist/a.js", "build/b.js", "src/skip.test.ts"]) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), "export {};\n");
    }
    writeFileSync(path.join(outside, "evil.ts"), "export {};\n");
    symlinkSync(path.join(outside, "evil.ts"), path.join(dir, "src", "link.ts"));
    symlinkSync(path.join(dir, "src", "a.ts"), path.join(dir, "src", "inside-link.ts"));
    const found = discoverFiles({ cwd: dir, paths: ["."], exclude: ["*.test.ts"] });
    expect(found.files.map((file) => path.relative(dir, file))).toEqual(["src/a.ts", "src/b.cjs", "src/inside-link.ts"]);
    expect(found.skipped.map((entry) => path.relative(dir, entry.file))).toEqual(["src/link.ts"]);
    const globbed = discoverFiles({ cwd: dir, paths: ["src/*.cjs"] });
    expect(globbed.files.map((file) => path.relative(dir, file))).toEqual(["src/b.cjs"]);
  });

  it("without paths, takes the tsconfig's files plus the JavaScript next to them", () => {
    const dir = tempDir();
    for (const file of ["src/a.ts", "src/b.mjs", "other/c.ts"]) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), "export {};\n");
    }
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ include: ["src"] }));
    const found = discoverFiles({ cwd: dir });
    expect(found.tsconfig).toBe(path.join(dir, "tsconfig.json"));
    expect(found.files.map((file) => path.relative(dir, file))).toEqual(["src/a.ts", "src/b.mjs"]);
  });
});

describe("diff", () => {
  it("writes a unified diff with context and hunk headers", () => {
    const before = ["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"].join("\n") + "\n";
    const after = before.replace("e\n", "E\nE2\n");
    expect(unifiedDiff(before, after, { name: "x.ts" })).toBe("--- a/x.ts\n+++ b/x.ts\n@@ -2,7 +2,8 @@\n b\n c\n d\n-e\n+E\n+E2\n f\n g\n h\n");
    expect(unifiedDiff(before, before, { name: "x.ts" })).toBe("");
    expect(unifiedDiff("a", "b", { name: "x" })).toBe("--- a/x\n+++ b/x\n@@ -1,1 +1,1 @@\n-a\n\\ No newline at end of file\n+b\n\\ No newline at end of file\n");
    expect(colourDiff("-a\n+b\n")).toBe("\u001B[31m-a\u001B[0m\n\u001B[32m+b\u001B[0m\n");
  });
});

describe("annotations", () => {
  const linter = new Linter({ configType: "flat", cwd: "/" });
  const parse = (text: string) => {
    linter.verify(text, [{ files: ["**/*.js"] }], { filename: "/x.js" });
    return linter.getSourceCode();
  };

  it("adds one marker per rule and line, indented, and never twice", () => {
    const text = "async function f(xs) {\n  await Promise.all(xs.map(g));\n}\n";
    const once = annotate(text, parse(text), [
      { line: 2, ruleId: "no-unbounded-promise-all", reason: "Needs a bound. More text." },
      { line: 2, ruleId: "no-unbounded-promise-all", reason: "again" },
    ]);
    expect(once.output).toBe("async function f(xs) {\n  // concurrency-codemod: no-unbounded-promise-all: Needs a bound.\n  await Promise.all(xs.map(g));\n}\n");
    const twice = annotate(once.output, parse(once.output), [{ line: 3, ruleId: "no-unbounded-promise-all", reason: "Needs a bound." }]);
    expect(twice.output).toBe(once.output);
    expect(twice.added).toEqual([]);
  });

  it("never inserts inside a template literal", () => {
    const text = "const q = `\n${run()}`;\n";
    expect(annotate(text, parse(text), [{ line: 2, ruleId: "r", reason: "x" }]).output).toBe(text);
    expect(shortReason("A `*/` inside.\nSecond")).toBe("A `* /` inside.");
  });

  it("reads why a rule left a finding to a person from its message", () => {
    expect(manualReason("Release it in a `finally` block (`client.release();`). Manual fix needed: the client is released in a promise callback (`.then`/`.catch`).")).toBe(
      "manual fix needed: the client is released in a promise callback (`.then`/`.catch`).",
    );
    expect(manualReason("Release it in a `finally` block (`client.release();`).")).toBeUndefined();
  });
});

describe("dependencies", () => {
  it("finds the modules a fix imports and the ones that do not resolve", () => {
    expect(importedModules('import pLimit from "p-limit";\nconst m = require(\'p-map\');')).toEqual(["p-limit", "p-map"]);
    expect(candidateModules(IN_REPO_TS, [], {})).toEqual([]);
    expect(candidateModules("/nonexistent/src/a.ts", [], { r: [{ limiter: { module: "@acme/limit", import: "default" } }] })).toEqual(["@acme/limit", "p-limit", "p-map"]);
  });

  it("counts only the imports an edit adds, not those of the text it spans", () => {
    const source = 'const fs = require("fs");\nasync function f() {\n  const t = require("tesseract.js");\n  return Promise.all(x);\n}\n';
    const start = source.indexOf("\n") + 1;
    const end = source.indexOf("Promise.all(x)") + "Promise.all(x)".length;
    const text = `const pLimit = require("p-limit");\n${source.slice(start, end).replace("Promise.all(x)", "limitAll(x)")}`;
    expect(addedModules({ range: [start, end], text }, source)).toEqual(["p-limit"]);
    expect(addedModules({ range: [start, end], text }, undefined)).toEqual(["p-limit", "tesseract.js"]);
  });

  it("adds a dependency in sorted order, keeping indentation, once", () => {
    const text = '{\n\t"name": "x",\n\t"dependencies": {\n\t\t"zod": "^3.0.0"\n\t}\n}\n';
    const updated = addDependencyText(text, "p-limit", "^7.3.3");
    expect(updated).toBe('{\n\t"name": "x",\n\t"dependencies": {\n\t\t"p-limit": "^7.3.3",\n\t\t"zod": "^3.0.0"\n\t}\n}\n');
    expect(addDependencyText(updated!, "p-limit", "^7.3.3")).toBeUndefined();
  });
});

describe("writes", () => {
  it("writes atomically inside the roots and refuses outside them or through a link that leaves them", () => {
    const root = tempDir();
    const outside = tempDir();
    writeFileSync(path.join(root, "a.ts"), "old\n");
    writeFileSync(path.join(outside, "b.ts"), "old\n");
    symlinkSync(path.join(outside, "b.ts"), path.join(root, "link.ts"));
    writeFileAtomic(path.join(root, "a.ts"), "new\n", [root]);
    expect(readFileSync(path.join(root, "a.ts"), "utf8")).toBe("new\n");
    expect(() => writeFileAtomic(path.join(outside, "b.ts"), "x", [root])).toThrow(UnsafeWriteError);
    expect(() => writeFileAtomic(path.join(root, "link.ts"), "x", [root])).toThrow(UnsafeWriteError);
    expect(readFileSync(path.join(outside, "b.ts"), "utf8")).toBe("old\n");
    expect(readdirSync(root).filter((file) => file.endsWith(".tmp"))).toEqual([]);
  });
});

describe("fix passes", () => {
  it("applies fixes by range and skips one that overlaps an earlier one, as ESLint does", () => {
    const message = (range: [number, number], text: string) => ({ ruleId: "r", message: "", line: 1, column: 1, severity: 2, fix: { range, text } }) as Linter.LintMessage;
    const result = applyFixes("abcdef", [message([4, 5], "E"), message([0, 2], "AB!"), message([1, 3], "x")]);
    expect(result.output).toBe("AB!cdEf");
    expect(result.applied).toHaveLength(2);
  });

  it("reports a file that does not parse instead of throwing", () => {
    const engine = new Engine({ ruleIds: ["no-unbounded-promise-all"], ruleOptions: {} });
    const result = engine.fix("const = ;", IN_REPO_TS);
    expect(result.fatal?.pass).toBe(1);
    expect(engine.parseError("const = ;", IN_REPO_TS)).toMatch(/\(1:\d+\)$/u);
  });
});

describe("type verification", () => {
  it("fails only the changes that add errors, keeps pre-existing errors out of it, ignores just-added modules", () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "src"));
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [], module: "NodeNext", moduleResolution: "NodeNext" }, include: ["src"] }));
    const files = {
      good: ["export const n: number = 1;\n", "export const n: number = 2;\n"],
      bad: ["export const s: string = 'a';\n", "export const s: string = 1;\n"],
      old: ["export const o: string = 1;\n", "export const o: string = 2; // still one error\n"],
      dep: ["export {};\n", 'import pLimit from "p-limit-not-installed";\nexport const l = pLimit;\n'],
    };
    for (const [name, [before]] of Object.entries(files)) writeFileSync(path.join(dir, "src", `${name}.ts`), before!);
    const verifier = new TypeVerifier(path.join(dir, "tsconfig.json"));
    const results = verifier.checkAll(
      Object.entries(files).map(([name, [before, after]]) => ({ file: path.join(dir, "src", `${name}.ts`), before: before!, after: after!, ignoreModules: name === "dep" ? ["p-limit-not-installed"] : [] })),
    );
    const ok = Object.fromEntries([...results].map(([file, result]) => [path.basename(file, ".ts"), result.ok]));
    expect(ok).toEqual({ good: true, bad: false, old: true, dep: true });
    expect(results.get(path.join(dir, "src", "bad.ts"))!.introduced.join()).toContain("TS2322");
    expect(verifier.check(path.join(dir, "outside.ts"), "", "x")).toBeUndefined();
  });

  it("fails a change that breaks a file importing it, directly or through another file, and names that file", () => {
    const dir = tempDir();
    mkdirSync(path.join(dir, "src"));
    writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, noEmit: true, types: [], module: "NodeNext", moduleResolution: "NodeNext" }, include: ["src"] }));
    const source = {
      "version.ts": "export function version(): string {\n  return '1';\n}\n",
      "direct.ts": "import { version } from './version.js';\nexport const label: string = version();\n",
      "relay.ts": "import { version } from './version.js';\nexport const read = () => version();\n",
      "far.ts": "import { read } from './relay.js';\nexport const shown: string = read();\n",
      "other.ts": "export const other = 1;\n",
    };
    for (const [name, text] of Object.entries(source)) writeFileSync(path.join(dir, "src", name), text);
    const verifier = new TypeVerifier(path.join(dir, "tsconfig.json"), { cwd: dir });
    const file = (name: string) => path.join(dir, "src", name);
    const results = verifier.checkAll([
      // Changes the exported type: `direct.ts` and, through `relay.ts`, `far.ts` no longer type-check.
      { file: file("version.ts"), before: source["version.ts"], after: "export async function version(): Promise<string> {\n  return '1';\n}\n", ignoreModules: [] },
      { file: file("other.ts"), before: source["other.ts"], after: "export const other = 2;\n", ignoreModules: [] },
    ]);
    const version = results.get(file("version.ts"))!;
    expect(version.ok).toBe(false);
    expect(version.introduced).toEqual([
      "TS2322 (src/direct.ts, line 2): Type 'Promise<string>' is not assignable to type 'string'.",
      "TS2322 (src/far.ts, line 2): Type 'Promise<string>' is not assignable to type 'string'.",
    ]);
    expect(version.after - version.before).toBe(2);
    expect(results.get(file("other.ts"))).toEqual({ ok: true, before: 0, after: 0, introduced: [] });
  });
});

describe("shards and progress", () => {
  it("deals files round-robin into disjoint shares and rejects a shard that does not exist", () => {
    const files = ["a", "b", "c", "d", "e"];
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    expect([1, 2, 3].map((index) => shardFiles(files, { index, count: 3 }))).toEqual([["a", "d"], ["b", "e"], ["c"]]);
    expect(shardFiles(files, undefined)).toEqual(files);
    for (const wrong of ["0/2", "3/2", "1/0", "2", "a/b"]) expect(() => parseShard(wrong)).toThrow(CodemodUsageError);
  });

  it("draws a bar with files done and an ETA on a TTY, clears it at the end, and prints plain lines elsewhere", () => {
    let tty = "";
    const terminal = { isTTY: true, columns: 120, write: (text: string) => ((tty += text), true) };
    const progress = createProgress(terminal, true);
    for (let done = 1; done <= 4; done++) progress.update({ done, total: 4, file: `src/file-${done}.ts`, status: done === 2 ? "changed" : "unchanged" });
    progress.done();
    // Drawn at the start and then at most ten times a second; the last drawing is of the last file.
    expect(tty).toContain("░".repeat(24) + " 0/4 files | ETA 0s | src/file-1.ts");
    expect(tty).toContain("█".repeat(24) + " 4/4 files | ETA 0s | src/file-4.ts");
    // The cursor comes back and the line is cleared for the summary.
    expect(tty).toContain("\u001B[?25h");
    expect(tty.endsWith("\u001B[2K")).toBe(true);

    let plain = "";
    const log = { isTTY: false, write: (text: string) => ((plain += text), true) };
    const lines = createProgress(log);
    for (let done = 1; done <= 4; done++) lines.update({ done, total: 4, file: `src/file-${done}.ts`, status: done === 2 ? "changed" : "unchanged" });
    lines.done();
    expect(plain).toBe("[2/4] changed: src/file-2.ts\n");
  });
});
