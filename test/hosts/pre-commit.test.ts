/**
 * The pre-commit recipes of docs/pre-commit.md, run as a user runs them: a temporary git repository with
 * husky 9 (installed by `npm run prepare`, as `npm install` does) whose `.husky/pre-commit` runs lint-staged
 * 16, and real `git commit`s. lint-staged runs `eslint --fix` with this plugin's `recommended` config, or the
 * codemod's `--check`.
 */
import { spawnSync } from "node:child_process";
import { chmodSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";
import { LEGACY_JS, tempProject } from "./project.js";

const version = (dir: string) => (JSON.parse(readFileSync(path.join(ROOT, "node_modules", dir, "package.json"), "utf8")) as { version: string }).version;

/** The recipe of docs/pre-commit.md: its `package.json` blocks and the line it writes to `.husky/pre-commit`. */
const DOC = readFileSync(path.join(ROOT, "docs", "pre-commit.md"), "utf8");
const blocks = (lang: string) => [...DOC.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, "gu"))].map((match) => match[1]!);
type LintStaged = Record<string, string | string[]>;
const DOC_PACKAGES = blocks("json").map((text) => JSON.parse(text) as { scripts?: Record<string, string>; "lint-staged": LintStaged });
const documented = (task: string) => {
  const found = DOC_PACKAGES.find((pkg) => Object.values(pkg["lint-staged"]).includes(task));
  if (!found) throw new Error(`docs/pre-commit.md has no lint-staged config running "${task}"`);
  return found["lint-staged"];
};
const HOOK = /^echo "(.+)" > \.husky\/pre-commit$/mu.exec(blocks("sh").join("\n"))?.[1];

/** What npm links into node_modules/.bin for the commands the hooks run (node is run explicitly: no exec bit needed). */
const BINS: Record<string, string> = {
  eslint: path.join(ROOT, "node_modules", "eslint", "bin", "eslint.js"),
  husky: path.join(ROOT, "node_modules", "husky", "bin.js"),
  "lint-staged": path.join(ROOT, "node_modules", "lint-staged", "bin", "lint-staged.js"),
  "concurrency-codemod": path.join(ROOT, "dist", "src", "codemod", "cli.js"),
};

/**
 * A user's shell: git sees only the temporary repository (no global or system config), no HUSKY=0 and none of
 * vitest's variables (NODE_ENV=test makes lint-staged's renderer print JSON events).
 */
function hookEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env)) {
    if (name.startsWith("GIT_") || name.startsWith("VITEST") || name === "NODE_ENV" || name === "HUSKY") delete env[name];
  }
  return { ...env, GIT_CONFIG_GLOBAL: "/dev/null", GIT_CONFIG_NOSYSTEM: "1", NO_COLOR: "1" };
}

interface Run {
  status: number | null;
  output: string;
}

/** A repository with husky's pre-commit hook running `npx lint-staged` and the given lint-staged config. */
function hookedRepo(prefix: string, lintStaged: LintStaged) {
  const project = tempProject(prefix, {}, { eslint: "eslint", husky: "husky", "lint-staged": "lint-staged", "p-limit": "p-limit" });
  for (const [name, file] of Object.entries(BINS)) {
    project.write(`node_modules/.bin/${name}`, `#!/bin/sh\nexec "${process.execPath}" "${file}" "$@"\n`);
    chmodSync(path.join(project.dir, "node_modules", ".bin", name), 0o755);
  }
  project.write(
    "package.json",
    `${JSON.stringify({ name: "user-app", private: true, type: "module", scripts: DOC_PACKAGES[0]?.scripts, "lint-staged": lintStaged }, null, 2)}\n`,
  );
  project.write(".gitignore", "node_modules/\n");
  project.write(".husky/pre-commit", `${HOOK}\n`);

  const env = hookEnv();
  const run = (command: string, args: string[]): Run => {
    const result = spawnSync(command, args, { cwd: project.dir, env, encoding: "utf8", timeout: 90_000 });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  };
  const git = (...args: string[]) => run("git", args);
  const ok = (result: Run) => {
    if (result.status !== 0) throw new Error(`exit ${result.status}:\n${result.output}`);
    return result.output;
  };

  ok(git("init", "-q", "-b", "main"));
  ok(git("config", "user.name", "Test User"));
  ok(git("config", "user.email", "test@example.com"));
  ok(git("config", "commit.gpgsign", "false"));
  // What `npm install` runs: the `prepare` script, `husky`, which points core.hooksPath at .husky/_.
  ok(run("npm", ["run", "--silent", "prepare"]));
  return { project, run, git, ok };
}

type Repo = ReturnType<typeof hookedRepo>;

/** A handler that starts one request per row at once: \`no-unbounded-promise-all\` fixes it with p-limit. */
const REFRESH_JS = `async function fetchDocument(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(15000) });
  return response.text();
}

export async function refreshSources(db) {
  const { rows: urls } = await db.query("select url from sources");
  return Promise.all(urls.map(({ url }) => fetchDocument(url)));
}
`;

/** REFRESH_JS after \`eslint --fix\`. */
const REFRESH_JS_FIXED = `import pLimit from "p-limit";

async function fetchDocument(url) {
  const response = await fetch(url, { signal: AbortSignal.timeout(15000) });
  return response.text();
}

export async function refreshSources(db) {
  const { rows: urls } = await db.query("select url from sources");
  const limit = pLimit(5);
  return Promise.all(urls.map(({ url }) => limit(() => fetchDocument(url))));
}
`;

/** LEGACY_JS after the codemod: the blocking call awaited through promisify, the fetch bounded. */
const LEGACY_JS_CODEMOD = `import { exec } from "node:child_process";
import express from "express";
import { promisify } from "node:util";

const app = express();

export async function revision(dir) {
  return (await promisify(exec)(\`git -C \${dir} rev-parse HEAD\`)).stdout.toString();
}

app.get("/users/:id", async (req, res) => {
  const response = await fetch(\`https://api.example.com/users/\${req.params.id}\`, { signal: AbortSignal.timeout(60000) });
  res.json(await response.json());
});
`;

const commits = (repo: Repo) => Number(repo.ok(repo.git("rev-list", "--count", "HEAD")).trim());

describe("docs/pre-commit.md", () => {
  it("gives the husky hook line, the prepare script and both lint-staged configs that the tests below run", () => {
    expect(HOOK).toBe("npx lint-staged");
    expect(DOC_PACKAGES[0]?.scripts).toEqual({ prepare: "husky" });
    expect(documented("eslint --fix")).toEqual({ "*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}": "eslint --fix" });
    expect(documented("concurrency-codemod --check")).toEqual({ "*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}": "concurrency-codemod --check" });
  });
});

describe(`husky ${version("husky")} + lint-staged ${version("lint-staged")} running eslint --fix with concurrency.configs.recommended`, () => {
  let repo: Repo;

  beforeAll(() => {
    repo = hookedRepo("pre-commit", documented("eslint --fix"));
  });
  afterAll(() => repo?.project.remove());

  it("installs the hook: core.hooksPath is .husky/_, and a clean first commit passes through it", () => {
    expect(repo.ok(repo.git("config", "core.hooksPath")).trim()).toBe(".husky/_");
    repo.ok(repo.git("add", "-A"));
    const commit = repo.git("commit", "-q", "-m", "Set up eslint and the pre-commit hook");
    expect(commit.status, commit.output).toBe(0);
    expect(commit.output).toMatch(/eslint --fix/); // lint-staged ran the task on eslint.config.js
    expect(commits(repo)).toBe(1);
  });

  it("refuses a commit whose staged file has a finding without an autofix, and commits nothing", () => {
    repo.project.write("src/legacy.js", LEGACY_JS);
    repo.ok(repo.git("add", "src/legacy.js"));
    const commit = repo.git("commit", "-q", "-m", "Add the legacy module");

    expect(commit.status).not.toBe(0);
    expect(commit.output).toContain("concurrency/no-blocking-in-async");
    expect(commit.output).toContain("concurrency/require-timeout");
    expect(commit.output).toContain("husky - pre-commit script failed");
    expect(commits(repo)).toBe(1);
    expect(repo.git("cat-file", "-e", "HEAD:src/legacy.js").status).not.toBe(0);
    // lint-staged leaves the file as it was, still staged.
    expect(readFileSync(path.join(repo.project.dir, "src/legacy.js"), "utf8")).toBe(LEGACY_JS);
    expect(repo.ok(repo.git("diff", "--cached", "--name-only")).trim()).toBe("src/legacy.js");

    repo.ok(repo.git("rm", "-q", "--cached", "src/legacy.js"));
    rmSync(path.join(repo.project.dir, "src/legacy.js"));
  });

  it("commits the fixed text when the finding has an autofix (git show HEAD:<file> is the fixed file)", () => {
    repo.project.write("src/refresh.js", REFRESH_JS);
    repo.ok(repo.git("add", "src/refresh.js"));
    const commit = repo.git("commit", "-q", "-m", "Refresh every source");

    expect(commit.status, commit.output).toBe(0);
    expect(commits(repo)).toBe(2);
    expect(repo.ok(repo.git("show", "HEAD:src/refresh.js"))).toBe(REFRESH_JS_FIXED);
    expect(readFileSync(path.join(repo.project.dir, "src/refresh.js"), "utf8")).toBe(REFRESH_JS_FIXED);
    expect(repo.ok(repo.git("status", "--porcelain"))).toBe("");
  });
});

describe(`husky ${version("husky")} + lint-staged ${version("lint-staged")} running concurrency-codemod --check`, () => {
  let repo: Repo;

  beforeAll(() => {
    repo = hookedRepo("pre-commit-codemod", documented("concurrency-codemod --check"));
    repo.ok(repo.git("add", "-A"));
    repo.ok(repo.git("commit", "-q", "-m", "Set up the codemod check"));
  });
  afterAll(() => repo?.project.remove());

  it("refuses a commit the codemod would still change (exit 2), and takes it once the codemod has run", () => {
    repo.project.write("src/legacy.js", LEGACY_JS);
    repo.ok(repo.git("add", "src/legacy.js"));
    const refused = repo.git("commit", "-q", "-m", "Add the legacy module");
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain("concurrency-codemod --check");
    expect(refused.output).toContain("Files scanned: 1 (skipped by the pre-filter: 0), would change: 1");
    expect(refused.output).toContain("husky - pre-commit script failed");
    expect(commits(repo)).toBe(1);
    // What lint-staged ran: the codemod's --check on the staged file, which exits 2.
    expect(repo.run("node_modules/.bin/concurrency-codemod", ["--check", "src/legacy.js"]).status).toBe(2);
    expect(readFileSync(path.join(repo.project.dir, "src/legacy.js"), "utf8")).toBe(LEGACY_JS);

    // Run the codemod on the file (--force: it is staged but not committed), stage its result: the commit goes through.
    const codemod = repo.run("node_modules/.bin/concurrency-codemod", ["--force", "src/legacy.js"]);
    expect(codemod.status, codemod.output).toBe(0);
    expect(readFileSync(path.join(repo.project.dir, "src/legacy.js"), "utf8")).toBe(LEGACY_JS_CODEMOD);
    repo.ok(repo.git("add", "src/legacy.js"));
    const accepted = repo.git("commit", "-q", "-m", "Add the legacy module");
    expect(accepted.status, accepted.output).toBe(0);
    expect(repo.ok(repo.git("show", "HEAD:src/legacy.js"))).toBe(LEGACY_JS_CODEMOD);
  });
});
