/**
 * The built CLI over pooled-client leaks in a temporary git repository: every shape it can rewrite is
 * rewritten, the one it cannot gets a `manual fix needed` marker (with --annotate) and a line in the
 * summary and the JSON report, and a second run changes nothing. `npm test` builds first; while
 * developing run `npx tsc -p tsconfig.build.json`.
 */
import { readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, commitAll, gitStatus, makeGitProject, removeProjects, runCli } from "../support/git-project.js";

const STORE_TS = `import { Pool } from "pg";

const pool = new Pool({ max: 10 });

export async function titles(owner: string) {
  const client = await pool.connect();
  const res = await client.query("select title from tasks where owner = $1", [owner]);
  client.release();
  return res.rows.map((row) => row.title);
}

export async function warmLater() {
  const client = await pool.connect();
  await client.query("select 1");
  setTimeout(() => {
    void client.query("discard all");
  }, 1_000);
}
`;

function makeProject(): string {
  return makeGitProject("concurrency-pool-client-", {
    "package.json": `${JSON.stringify({ name: "tmp-db", version: "1.0.0", private: true, type: "module" }, null, 2)}\n`,
    "src/store.ts": STORE_TS,
  });
}

function run(cwd: string, args: string[]): { status: number; stdout: string; stderr: string } {
  return runCli(cwd, ["--rules", "no-unreleased-pool-client", ...args]);
}

beforeAll(assertBuilt);
afterAll(removeProjects);

describe("concurrency-codemod over pool-client leaks", { timeout: 120_000 }, () => {
  it("fixes the plain shape, marks the unsafe one for a person, and a second run changes nothing", () => {
    const dir = makeProject();
    const first = run(dir, ["--annotate", "--json", "report.json"]);
    expect(first.status).toBe(0);
    const fixed = readFileSync(path.join(dir, "src", "store.ts"), "utf8");
    expect(fixed).toContain(`  const client = await pool.connect();
  try {
    const res = await client.query("select title from tasks where owner = $1", [owner]);
    return res.rows.map((row) => row.title);
  } finally {
    client.release();
  }
}`);
    const marker =
      "  // concurrency-codemod: no-unreleased-pool-client: manual fix needed: `client` is used in a callback that may run later, after a `finally` gave it back.\n  const client = await pool.connect();\n  await client.query(\"select 1\");";
    expect(fixed).toContain(marker);
    expect(first.stderr).toContain("Manual fix needed (1; marked with");
    expect(first.stderr).toMatch(/src\/store\.ts:16 {2}no-unreleased-pool-client: `client` is used in a callback that may run later/u);

    const report = JSON.parse(readFileSync(path.join(dir, "report.json"), "utf8")) as { findings: { line: number; status: string; reason: string; annotated?: boolean }[] };
    expect(report.findings.map((finding) => [finding.line, finding.status, finding.reason.split(":")[0], finding.annotated === true])).toEqual([
      [6, "fixed", "fix applied", false],
      [16, "suggested-only", "manual fix needed", true],
    ]);
    // Positions of what stays unfixed refer to the fixed text, where the marker sits.
    rmSync(path.join(dir, "report.json"));

    commitAll(dir, "codemod");
    const second = run(dir, ["--annotate"]);
    expect(second.status).toBe(0);
    expect(second.stderr).toContain("changed: 0,");
    expect(readFileSync(path.join(dir, "src", "store.ts"), "utf8")).toBe(fixed);
    expect(gitStatus(dir)).toBe("");
  });

  it("without --annotate lists what needs a person and writes no marker", () => {
    const dir = makeProject();
    const result = run(dir, ["--dry-run"]);
    expect(result.status).toBe(0);
    expect(result.stderr).toContain("Manual fix needed (1; run with --annotate to mark them");
    expect(result.stdout).not.toContain("concurrency-codemod:");
    expect(result.stdout).toContain("+  try {");
  });
});
