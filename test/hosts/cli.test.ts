/**
 * docs/ci.md, run through the real CLI of each installed ESLint in a user's project: the SARIF command of the
 * workflow, and bulk suppressions (`--suppress-all`, `--prune-suppressions`, `eslint-suppressions.json`).
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";
import { DOCS_URL, LEGACY_JS, tempProject, type TempProject } from "./project.js";

const version = (dir: string) => (JSON.parse(readFileSync(path.join(ROOT, "node_modules", dir, "package.json"), "utf8")) as { version: string }).version;

/** A file added after the baseline: one new blocking call (3:10). */
const NEW_JS = `import { execFileSync } from "node:child_process";
export async function tags() {
  return execFileSync("git", ["tag"]).toString();
}
`;

interface JsonResult {
  filePath: string;
  messages: { ruleId: string; line: number; column: number }[];
  suppressedMessages: { ruleId: string; line: number; column: number }[];
}

describe.each([
  ["eslint", version("eslint")],
  ["eslint-v9", version("eslint-v9")],
])("%s %s CLI in a user's project", (source) => {
  let project: TempProject;
  const eslint = (...args: string[]) => {
    const run = spawnSync(process.execPath, ["node_modules/eslint/bin/eslint.js", ...args], { cwd: project.dir, encoding: "utf8", timeout: 30_000 });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
  };
  const suppressions = () => JSON.parse(readFileSync(path.join(project.dir, "eslint-suppressions.json"), "utf8")) as unknown;
  /** Unsuppressed and suppressed findings per file, from `--format json`. */
  const findings = (output: string) =>
    Object.fromEntries(
      (JSON.parse(output) as JsonResult[]).map((result) => [
        path.relative(project.dir, result.filePath).split(path.sep).join("/"),
        {
          reported: result.messages.map((message) => [message.ruleId, message.line, message.column]),
          suppressed: result.suppressedMessages.map((message) => [message.ruleId, message.line, message.column]),
        },
      ]),
    );

  beforeAll(() => {
    project = tempProject("cli", { "src/legacy.js": LEGACY_JS }, { eslint: source, "@microsoft/eslint-formatter-sarif": "@microsoft/eslint-formatter-sarif" });
  });
  afterAll(() => project.remove());

  it("writes a SARIF file with --format @microsoft/eslint-formatter-sarif --output-file and exits 1 on findings", () => {
    const run = eslint(".", "--format", "@microsoft/eslint-formatter-sarif", "--output-file", "eslint-results.sarif");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    const sarif = JSON.parse(readFileSync(path.join(project.dir, "eslint-results.sarif"), "utf8")) as {
      runs: { tool: { driver: { rules: { id: string; helpUri: string }[] } }; results: { ruleId: string; locations: { physicalLocation: { region: { startLine: number; startColumn: number } } }[] }[] }[];
    };
    expect(sarif.runs[0]!.results.map((result) => [result.ruleId, result.locations[0]!.physicalLocation.region.startLine, result.locations[0]!.physicalLocation.region.startColumn])).toEqual([
      ["concurrency/no-blocking-in-async", 7, 10],
      ["concurrency/require-timeout", 11, 26],
    ]);
    expect(sarif.runs[0]!.tool.driver.rules.map((rule) => rule.helpUri)).toEqual([DOCS_URL("no-blocking-in-async"), DOCS_URL("require-timeout")]);
  });

  it("--suppress-all records the legacy findings in eslint-suppressions.json and exits 0", () => {
    const run = eslint("src", "--suppress-all");
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(suppressions()).toEqual({
      "src/legacy.js": {
        "concurrency/no-blocking-in-async": { count: 1 },
        "concurrency/require-timeout": { count: 1 },
      },
    });
    expect(eslint("src").status).toBe(0);
  });

  it("fails on a new violation in another file while the suppressed ones stay quiet", () => {
    project.write("src/new.js", NEW_JS);
    const run = eslint("src", "--format", "json");
    expect(run.status).toBe(1);
    expect(findings(run.stdout)).toEqual({
      "src/legacy.js": {
        reported: [],
        suppressed: [
          ["concurrency/no-blocking-in-async", 7, 10],
          ["concurrency/require-timeout", 11, 26],
        ],
      },
      "src/new.js": { reported: [["concurrency/no-blocking-in-async", 3, 10]], suppressed: [] },
    });
  });

  it("--prune-suppressions drops the entries of fixed findings", () => {
    // Fix the blocking call only: its entry goes, the fetch stays suppressed; new.js still fails the run.
    project.write("src/legacy.js", LEGACY_JS.replace("return execSync(`git -C ${dir} rev-parse HEAD`).toString();", "return dir;"));
    expect(eslint("src", "--prune-suppressions").status).toBe(1);
    expect(suppressions()).toEqual({ "src/legacy.js": { "concurrency/require-timeout": { count: 1 } } });
    // Fix the fetch and the new file too: nothing is left to suppress and the run passes.
    project.write("src/legacy.js", LEGACY_JS.replace("return execSync(`git -C ${dir} rev-parse HEAD`).toString();", "return dir;").replace("}`);", "}`, { signal: AbortSignal.timeout(10_000) });"));
    project.write("src/new.js", 'export async function tags() {\n  return [];\n}\n');
    const run = eslint("src", "--prune-suppressions");
    expect(run.status).toBe(0);
    expect(suppressions()).toEqual({});
    expect(existsSync(path.join(project.dir, "eslint-suppressions.json"))).toBe(true);
  });
});
