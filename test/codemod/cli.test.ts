/**
 * The built CLI (`node dist/src/codemod/cli.js`) in temporary git repositories: dry run, check, dirty-tree
 * refusal, --force, unparsable files, type-check rollback, idempotence, reports, annotations, dependencies.
 * `npm test` builds first; while developing run `npx tsc -p tsconfig.build.json`.
 */
import { mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";
import { assertBuilt, commitAll, gitStatus, makeGitProject, removeProjects, runCli } from "../support/git-project.js";

const JOBS_TS = `import { loadJob, type Job } from "./store.js";

/** Loads every job of a batch. */
export async function loadAll(req: { body: { ids: string[] } }): Promise<Job[]> {
  const { ids } = req.body;
  return Promise.all(ids.map(async (id) => loadJob(id)));
}
`;

const STORE_TS = `export interface Job {
  id: string;
}

/** The jobs service's client, declared here to keep the project small. */
declare function fetchJob(id: string): Promise<Job>;

export async function loadJob(id: string): Promise<Job> {
  return fetchJob(id);
}
`;

const LEGACY_CJS = `const { loadUser } = require("./users.cjs");

async function loadUsers(req) {
  const ids = req.body.ids;
  const users = await Promise.all(ids.map((id) => loadUser(id)));
  return users;
}

module.exports = { loadUsers };
`;

const USERS_CJS = `async function loadUser(id) {
  const response = await fetch(\`https://users.example.com/\${id}\`, { signal: AbortSignal.timeout(5000) });
  return response.json();
}

module.exports = { loadUser };
`;

const TSCONFIG = JSON.stringify(
  {
    compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: true, types: [] },
    include: ["src"],
  },
  null,
  2,
);

/** A small project in a fresh git repository; `node_modules/p-limit` links to this repo's copy unless `withPLimit` is false. */
function makeProject(files: Record<string, string> = {}, withPLimit = true): string {
  const all: Record<string, string> = {
    "package.json": `${JSON.stringify({ name: "tmp-backend", version: "1.0.0", private: true, type: "module" }, null, 2)}\n`,
    "tsconfig.json": `${TSCONFIG}\n`,
    ".gitignore": "node_modules/\nignored/\n",
    "src/jobs.ts": JOBS_TS,
    "src/store.ts": STORE_TS,
    "src/legacy.cjs": LEGACY_CJS,
    "src/users.cjs": USERS_CJS,
    "ignored/skip.ts": JOBS_TS.replace("./store.js", "../src/store.js"),
    ...files,
  };
  return makeGitProject("concurrency-codemod-", all, (dir) => {
    mkdirSync(path.join(dir, "node_modules"), { recursive: true });
    if (withPLimit) symlinkSync(path.join(ROOT, "node_modules", "p-limit"), path.join(dir, "node_modules", "p-limit"), "dir");
  });
}

const run = runCli;

const read = (dir: string, file: string): string => readFileSync(path.join(dir, file), "utf8");

beforeAll(assertBuilt);
afterAll(removeProjects);

describe("concurrency-codemod CLI", { timeout: 180_000 }, () => {
  it("--dry-run prints a unified diff and leaves git status clean", () => {
    const dir = makeProject();
    const result = run(dir, ["--dry-run"]);
    expect(result.stderr).toContain("would change: 2");
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("--- a/src/jobs.ts\n+++ b/src/jobs.ts\n");
    expect(result.stdout).toContain('+import pLimit from "p-limit";');
    expect(result.stdout).toContain("+  return Promise.all(ids.map((id) => limit(async () => loadJob(id))));");
    expect(result.stdout).toContain("--- a/src/legacy.cjs");
    expect(result.stdout).not.toContain("ignored/skip.ts");
    expect(gitStatus(dir)).toBe("");
  });

  it("--shard i/n splits the files into disjoint shares that together make the whole run", () => {
    const dir = makeProject();
    const whole = run(dir, ["--dry-run"]);
    const scanned = Number(/Files scanned: (\d+)/u.exec(whole.stderr)![1]);
    const diffed = (stdout: string): string[] => [...stdout.matchAll(/^--- a\/(.+)$/gmu)].map((match) => match[1]!);
    const shares = ["1/2", "2/2"].map((shard) => run(dir, ["--dry-run", "--shard", shard]));
    const counts = shares.map((share, index) => {
      expect(share.status).toBe(0);
      const match = new RegExp(`Shard ${index + 1}/2: (\\d+) of ${scanned} files\\.`, "u").exec(share.stderr);
      expect(match).not.toBeNull();
      return Number(match![1]);
    });
    expect(counts[0]! + counts[1]!).toBe(scanned);
    expect(Math.abs(counts[0]! - counts[1]!)).toBeLessThanOrEqual(1);
    const [first, second] = shares.map((share) => diffed(share.stdout));
    expect([...first!, ...second!].sort()).toEqual(diffed(whole.stdout).sort());
    expect(first!.filter((file) => second!.includes(file))).toEqual([]);
    expect(gitStatus(dir)).toBe("");

    const wrong = run(dir, ["--shard", "3/2"]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('--shard needs i/n with 1 <= i <= n (e.g. 2/4), got "3/2".');
  });

  it("--connect-timeout-ms sets the connect bound that timeout fixes write (pg's connectionTimeoutMillis)", () => {
    const dir = makeProject({ "src/db.ts": 'import { Pool } from "pg";\n\nexport const pool = new Pool({ max: 5 });\n' });
    const result = run(dir, ["--dry-run", "--rules", "require-timeout", "--connect-timeout-ms", "3000", "src/db.ts"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("+export const pool = new Pool({ max: 5, connectionTimeoutMillis: 3000 });");
    const wrong = run(dir, ["--connect-timeout-ms", "soon"]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('--connect-timeout-ms needs a positive integer, got "soon".');
  });

  it("--check exits 2 when something would change and 0 when nothing would", () => {
    const dir = makeProject();
    expect(run(dir, ["--check"]).status).toBe(2);
    expect(gitStatus(dir)).toBe("");
    const clean = makeProject({ "src/jobs.ts": STORE_TS, "src/legacy.cjs": USERS_CJS });
    expect(run(clean, ["--check"]).status).toBe(0);
  });

  it("refuses a dirty tree, proceeds with --force, and a second run changes nothing", () => {
    const dir = makeProject();
    writeFileSync(path.join(dir, "src/store.ts"), `${STORE_TS}// work in progress\n`);
    const refused = run(dir, []);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain("uncommitted changes");
    expect(read(dir, "src/jobs.ts")).toBe(JOBS_TS);

    const forced = run(dir, ["--force"]);
    expect(forced.status).toBe(0);
    expect(read(dir, "src/jobs.ts")).toBe(`import { loadJob, type Job } from "./store.js";
import pLimit from "p-limit";

/** Loads every job of a batch. */
export async function loadAll(req: { body: { ids: string[] } }): Promise<Job[]> {
  const { ids } = req.body;
  const limit = pLimit(5);
  return Promise.all(ids.map((id) => limit(async () => loadJob(id))));
}
`);
    expect(read(dir, "src/legacy.cjs")).toContain("limit(() => loadUser(id))");
    // gitignored and dependency folders are never touched
    expect(read(dir, "ignored/skip.ts")).not.toContain("pLimit");

    commitAll(dir, "codemod");
    const again = run(dir, []);
    expect(again.status).toBe(0);
    expect(again.stderr).toContain("changed: 0");
    expect(gitStatus(dir)).toBe("");
    expect(run(dir, ["--check"]).status).toBe(0);
  });

  it("reports an unparsable file, fixes the others and exits 1", () => {
    const dir = makeProject({ "src/broken.ts": "export const pending = Promise.all([;\n" });
    const result = run(dir, []);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("unparsable: 1");
    expect(result.stderr).toMatch(/src\/broken\.ts: unparsable: /u);
    expect(read(dir, "src/jobs.ts")).toContain("limit(async () => loadJob(id))");
    expect(read(dir, "src/broken.ts")).toBe("export const pending = Promise.all([;\n");
  });

  it("rolls back a fix that breaks type-checking (a --limiter whose factory takes a name, not a number)", () => {
    const dir = makeProject();
    const lib = path.join(dir, "node_modules", "my-limit");
    mkdirSync(lib, { recursive: true });
    writeFileSync(path.join(lib, "package.json"), JSON.stringify({ name: "my-limit", version: "1.0.0", type: "module", main: "index.js", types: "index.d.ts" }));
    writeFileSync(path.join(lib, "index.js"), "export function createLimit(name) { return (task) => task(); }\n");
    writeFileSync(path.join(lib, "index.d.ts"), "export declare function createLimit(name: string): <T>(task: () => Promise<T>) => Promise<T>;\n");
    const result = run(dir, ["--limiter", "my-limit#createLimit", "--json", "report.json"]);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain("rolled back: 1");
    expect(result.stderr).toMatch(/src\/jobs\.ts: rolled-back: the fix adds type errors/u);
    expect(read(dir, "src/jobs.ts")).toBe(JOBS_TS);
    // The JavaScript file has no type-check to fail: it is fixed.
    expect(read(dir, "src/legacy.cjs")).toContain("createLimit(5)");
    const report = JSON.parse(read(dir, "report.json")) as { findings: { file: string; status: string; reason: string }[] };
    const jobs = report.findings.filter((finding) => finding.file === "src/jobs.ts");
    expect(jobs.map((finding) => finding.status)).toEqual(["rolled-back"]);
    expect(jobs[0]!.reason).toContain("TS2345");
  });

  it("writes valid --json and --sarif reports with the rules' docs URLs", () => {
    const dir = makeProject();
    const result = run(dir, ["--dry-run", "--json", "out/report.json", "--sarif", "out/report.sarif"]);
    expect(result.status).toBe(0);
    const json = JSON.parse(read(dir, "out/report.json")) as { summary: { filesChanged: number }; findings: { ruleId: string; file: string; line: number; status: string }[] };
    expect(json.summary.filesChanged).toBe(2);
    expect(json.findings).toEqual([
      expect.objectContaining({ ruleId: "no-unbounded-promise-all", file: "src/jobs.ts", line: 6, status: "fixed" }),
      expect.objectContaining({ ruleId: "no-unbounded-promise-all", file: "src/legacy.cjs", line: 5, status: "fixed" }),
    ]);
    const sarif = JSON.parse(read(dir, "out/report.sarif")) as {
      version: string;
      runs: { tool: { driver: { name: string; rules: { id: string; helpUri: string }[] } }; results: { ruleId: string; ruleIndex: number; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[];
    };
    expect(sarif.version).toBe("2.1.0");
    const [sarifRun] = sarif.runs;
    expect(sarifRun!.tool.driver.name).toBe("concurrency-codemod");
    const rule = sarifRun!.tool.driver.rules.find((entry) => entry.id === "no-unbounded-promise-all");
    expect(rule?.helpUri).toBe("https://github.com/eslint-plugin-concurrency/eslint-plugin-concurrency/blob/main/docs/rules/no-unbounded-promise-all.md");
    expect(sarifRun!.results).toHaveLength(2);
    for (const entry of sarifRun!.results) expect(sarifRun!.tool.driver.rules[entry.ruleIndex]!.id).toBe(entry.ruleId);
    expect(sarifRun!.results[0]!.locations[0]!.physicalLocation).toEqual(expect.objectContaining({ artifactLocation: expect.objectContaining({ uri: "src/jobs.ts" }), region: expect.objectContaining({ startLine: 6 }) }));
    expect(gitStatus(dir)).toBe("?? out/\n");
  });

  it("--annotate marks a suggestion-only finding once, and a second run adds nothing", () => {
    const pending = `import { loadJob } from "./store.js";

async function audit(count: number): Promise<void> {
  console.info(\`warming \${count} jobs\`);
}

export async function warmUp(req: { body: { ids: string[] } }): Promise<void> {
  const { ids } = req.body;
  const pending = ids.map(async (id) => loadJob(id));
  await audit(ids.length);
  await Promise.all(pending);
}
`;
    const dir = makeProject({ "src/warm.ts": pending });
    expect(run(dir, ["--annotate"]).status).toBe(0);
    const annotated = read(dir, "src/warm.ts");
    expect(annotated).toContain("  // concurrency-codemod: no-unbounded-promise-all: suggestion only, review by hand: Run each callback through a limiter with concurrency 5.\n  await Promise.all(pending);");
    commitAll(dir, "annotated");
    const again = run(dir, ["--annotate"]);
    expect(again.status).toBe(0);
    expect(read(dir, "src/warm.ts")).toBe(annotated);
    expect(gitStatus(dir)).toBe("");
  });

  it("leaves fixes that need a missing module out, and --add-dependency adds it to package.json", () => {
    const dir = makeProject({}, false);
    const without = run(dir, ["--json", "report.json"]);
    expect(without.status).toBe(0);
    expect(without.stderr).toContain("need p-limit");
    expect(read(dir, "src/jobs.ts")).toBe(JOBS_TS);
    const report = JSON.parse(read(dir, "report.json")) as { findings: { status: string; modules?: string[] }[] };
    expect(report.findings.map((finding) => [finding.status, finding.modules])).toEqual([
      ["needs-dependency", ["p-limit"]],
      ["needs-dependency", ["p-limit"]],
    ]);
    rmSync(path.join(dir, "report.json"));

    const added = run(dir, ["--add-dependency"]);
    expect(added.status).toBe(0);
    expect(added.stderr).toMatch(/Added p-limit@\^\d+\.\d+\.\d+ to the dependencies of .*package\.json/u);
    const pkg = JSON.parse(read(dir, "package.json")) as { dependencies: Record<string, string> };
    const installed = (JSON.parse(readFileSync(path.join(ROOT, "node_modules", "p-limit", "package.json"), "utf8")) as { version: string }).version;
    expect(pkg.dependencies).toEqual({ "p-limit": `^${installed}` });
    expect(read(dir, "src/jobs.ts")).toContain('import pLimit from "p-limit";');
  });

  it("rejects an unknown rule and a bad number", () => {
    const dir = makeProject();
    const unknown = run(dir, ["--rules", "no-such-rule", "--dry-run"]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toContain("Unknown rule: no-such-rule");
    const bad = run(dir, ["--concurrency", "0", "--dry-run"]);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toContain("--concurrency needs a positive integer");
  });
});
