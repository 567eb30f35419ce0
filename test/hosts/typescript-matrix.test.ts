/**
 * The packed plugin beside each TypeScript a user may have (5.9, 6.0, 7.0), installed as a user installs it
 * (`npm install`, never `--legacy-peer-deps`), under every host that supports that TypeScript:
 *
 * | TypeScript | hosts |
 * | --- | --- |
 * | 5.9, 6.0 | ESLint 9 and 10 with espree and with typescript-eslint (with and without a program); oxlint |
 * | 7.0 | ESLint 9 and 10 with espree (JS); oxlint (JS and TS); alone and with `@typescript/typescript6` beside it |
 *
 * Each host must report the same findings, and the codemod's dry run must end with exit 0 or 2 and no stack
 * trace (beside TypeScript 7 it says it skips the type check). docs/hosts.md has a row per cell.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type InstalledProject, installedProject, packPlugin } from "./installed.js";

/** A request handler with three findings: a blocking call (5:10), a fetch without a signal (9:26), a pg client never released (13:24). */
const APP = `import { execSync } from "node:child_process";
import pg from "pg";
const pool = new pg.Pool({ connectionTimeoutMillis: 5000 });
export async function revision(dir) {
  return execSync(\`git -C \${dir} rev-parse HEAD\`).toString();
}
export function routes(app) {
  app.get("/users/:id", async (req, res) => {
    const response = await fetch(\`https://api.example.com/users/\${req.params.id}\`);
    res.json(await response.json());
  });
  app.get("/orders", async (req, res) => {
    const client = await pool.connect();
    const { rows } = await client.query("SELECT * FROM orders");
    res.json(rows);
  });
}
`;
/** The same module in TypeScript (annotations only: the same lines and columns). */
const APP_TS = APP.replace("revision(dir)", "revision(dir: string)").replace("routes(app)", "routes(app: any)").replace("async (req, res)", "async (req: any, res: any)").replace("async (req, res)", "async (req: any, res: any)");

const EXPECTED_JS = [
  ["concurrency/no-blocking-in-async", 5, 10],
  ["concurrency/require-timeout", 9, 28],
  ["concurrency/no-unreleased-pool-client", 13, 26],
];

const ESLINT_JS = `import concurrency from "eslint-plugin-concurrency";
export default [{ files: ["**/*.js"], ...concurrency.configs.recommended }];
`;
const eslintTs = (program: boolean) => `import concurrency from "eslint-plugin-concurrency";
import tseslint from "typescript-eslint";
export default [
  { files: ["**/*.js"], ...concurrency.configs.recommended },
  { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser${program ? ", parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname }" : ""} }, ...concurrency.configs.recommended },
];
`;
const OXLINTRC = `${JSON.stringify({ plugins: [], categories: { correctness: "off" }, jsPlugins: ["eslint-plugin-concurrency"], rules: { "concurrency/no-blocking-in-async": "error", "concurrency/require-timeout": "error", "concurrency/no-unreleased-pool-client": "error" } }, null, 2)}\n`;
const TSCONFIG = `${JSON.stringify({ compilerOptions: { module: "nodenext", target: "es2022", strict: false, noEmit: true, skipLibCheck: true, types: ["node"] }, include: ["src"] }, null, 2)}\n`;

interface JsonResult {
  filePath: string;
  messages: { ruleId: string | null; line: number; column: number; message: string }[];
}

let tarball: ReturnType<typeof packPlugin>;
beforeAll(() => {
  tarball = packPlugin();
});
afterAll(() => tarball?.remove());

describe.each([
  ["5.9", "~5.9.3", true, false],
  ["6.0", "~6.0.2", true, false],
  ["7.0", "^7.0.2", false, false],
  // TypeScript 6 installed side by side, as the TypeScript team documents for tools that need the API.
  ["7.0", "^7.0.2", false, true],
])("beside TypeScript %s (with @typescript/typescript6: %s)", (name, range, typescriptEslint, typescript6) => {
  let project: InstalledProject;
  const findings = (stdout: string, file: string) =>
    (JSON.parse(stdout) as JsonResult[]).filter((result) => result.filePath.endsWith(file)).flatMap((result) => result.messages.map((message) => [message.ruleId ?? message.message, message.line, message.column]));

  beforeAll(() => {
    project = installedProject(
      `ts${name}`,
      {
        "eslint-plugin-concurrency": `file:${tarball.tarball}`,
        eslint: "^10.15.0",
        "eslint-v9": "npm:eslint@~9.39.5",
        oxlint: "^1.94.0",
        typescript: range,
        pg: "^8.23.1",
        "@types/node": "^20.19.43",
        ...(typescriptEslint ? { "typescript-eslint": "^8.72.0" } : {}),
        ...(typescript6 ? { "@typescript/typescript6": "^6.0.2" } : {}),
      },
      { "src/app.js": APP, "src/app.ts": APP_TS, "tsconfig.json": TSCONFIG, ".oxlintrc.json": OXLINTRC },
    );
  }, 300_000);
  afterAll(() => project?.destroy());

  it("installs without --legacy-peer-deps, the project keeping its own typescript", () => {
    const installed = JSON.parse(readFileSync(path.join(project.dir, "node_modules", "typescript", "package.json"), "utf8")) as { version: string };
    expect(installed.version.split(".").slice(0, 2).join(".")).toBe(name);
  });

  it.each([
    ["ESLint 10", "eslint/bin/eslint.js"],
    ["ESLint 9", "eslint-v9/bin/eslint.js"],
  ])("%s with espree reports the JS findings", (_host, bin) => {
    project.write("eslint.config.mjs", ESLINT_JS);
    const run = project.run(bin, ["--format", "json", "src/app.js"]);
    expect(run.stderr).not.toMatch(/\n\s+at /u);
    expect(findings(run.stdout, "app.js")).toEqual(EXPECTED_JS);
  });

  it.runIf(typescriptEslint).each([
    ["ESLint 10", "without", "eslint/bin/eslint.js"],
    ["ESLint 10", "with", "eslint/bin/eslint.js"],
    ["ESLint 9", "without", "eslint-v9/bin/eslint.js"],
    ["ESLint 9", "with", "eslint-v9/bin/eslint.js"],
  ])("%s with typescript-eslint, %s a program, reports the TS findings", (_host, withProgram, bin) => {
    const program = withProgram === "with";
    project.write("eslint.config.mjs", eslintTs(program));
    const run = project.run(bin, ["--format", "json", "src/app.ts"], { timeout: 120_000 });
    expect(run.stderr).not.toMatch(/\n\s+at /u);
    expect(findings(run.stdout, "app.ts")).toEqual(EXPECTED_JS);
  });

  it("oxlint reports the same findings in JS and TS", () => {
    const run = project.run("oxlint/bin/oxlint", ["-c", ".oxlintrc.json", "-f", "json", "src/app.js", "src/app.ts"]);
    expect(run.stderr).not.toMatch(/\n\s+at /u);
    const diagnostics = (JSON.parse(run.stdout) as { diagnostics: { code: string; filename: string; labels: { span: { line: number; column: number } }[] }[] }).diagnostics;
    const of = (file: string) =>
      diagnostics
        .filter((diagnostic) => diagnostic.filename.endsWith(file))
        .map((diagnostic) => [diagnostic.code.replace(/^concurrency\((.*)\)$/u, "concurrency/$1"), diagnostic.labels[0]!.span.line, diagnostic.labels[0]!.span.column])
        .sort((a, b) => Number(a[1]) - Number(b[1]));
    expect(of("app.js")).toEqual(EXPECTED_JS);
    expect(of("app.ts")).toEqual(EXPECTED_JS);
  });

  it("the codemod's dry run ends with exit 0 or 2 and no stack trace", () => {
    const run = project.run("concurrency-codemod", ["--dry-run", "src"], { timeout: 180_000 });
    expect([0, 2]).toContain(run.status);
    expect(`${run.stdout}\n${run.stderr}`).not.toMatch(/\n\s+at /u);
    expect(run.stdout).toContain("src/app.ts");
    // Beside TypeScript 7 alone there is no compiler API for the type check: it is skipped, and said so.
    const skipped = "The type check is skipped: TypeScript 7.0";
    if (name === "7.0" && !typescript6) expect(`${run.stdout}\n${run.stderr}`).toContain(skipped);
    else expect(`${run.stdout}\n${run.stderr}`).not.toContain("The type check is skipped");
  });
});
