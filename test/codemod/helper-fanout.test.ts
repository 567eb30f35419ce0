/**
 * The built CLI over a fan-out whose evidence sits in two files: a route hands every row of a query to a
 * helper of another module that e-mails each user at once. The codemod puts the limiter in the helper, in
 * one run, marks the finding at the call fixed, and a second run changes nothing. `npm test` builds first.
 */
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";
import { assertBuilt, gitStatus, makeGitProject, removeProjects, runCli } from "../support/git-project.js";

/** The multi-module fixture of the rule (fixtures/no-unbounded-promise-all/): the route, and the helper and mailer it imports. */
const FIXTURES = path.join(ROOT, "fixtures", "no-unbounded-promise-all");
const read = (file: string) => readFileSync(path.join(FIXTURES, file), "utf8");
const ROUTE = read("announce-through-helper.input.js");
const NOTIFY = read("lib/notify.js");

function makeProject(): string {
  return makeGitProject(
    "concurrency-helper-fanout-",
    {
      "package.json": `${JSON.stringify({ name: "tmp-announce", version: "1.0.0", private: true, type: "module", dependencies: { express: "^5.0.0", pg: "^8.0.0", axios: "^1.0.0", "p-limit": "^7.0.0" } }, null, 2)}\n`,
      ".gitignore": "node_modules\n",
      "src/announce.js": ROUTE,
      "src/lib/notify.js": NOTIFY,
      "src/lib/mailer.js": read("lib/mailer.js"),
    },
    (dir) => {
      mkdirSync(path.join(dir, "node_modules"), { recursive: true });
      symlinkSync(path.join(ROOT, "node_modules", "p-limit"), path.join(dir, "node_modules", "p-limit"), "dir");
    },
  );
}

beforeAll(assertBuilt);
afterAll(removeProjects);

describe("concurrency-codemod: the limiter goes into the helper", { timeout: 120_000 }, () => {
  it("bounds the helper's fan-out in its own file, marks the call's finding fixed, and a second run changes nothing", () => {
    const dir = makeProject();
    const first = runCli(dir, ["--rules", "no-unbounded-promise-all", "--json", "report.json"]);
    expect(first.stderr).toContain("no-unbounded-promise-all      2               0                 0            0            0");
    expect(first.status).toBe(0);
    expect(readFileSync(path.join(dir, "src", "lib", "notify.js"), "utf8")).toBe(
      NOTIFY.replace('import { sendEmail } from "./mailer.js";\n', 'import { sendEmail } from "./mailer.js";\nimport pLimit from "p-limit";\n').replace(
        "  await Promise.all(users.map((user) => sendEmail(user, text)));\n",
        "  const limit = pLimit(5);\n  await Promise.all(users.map((user) => limit(() => sendEmail(user, text))));\n",
      ),
    );
    expect(readFileSync(path.join(dir, "src", "announce.js"), "utf8")).toBe(ROUTE);
    const report = JSON.parse(readFileSync(path.join(dir, "report.json"), "utf8")) as { findings: { file: string; line: number; messageId: string; status: string; reason: string }[] };
    const findings = report.findings.map(({ file, line, messageId, status, reason }) => ({ file, line, messageId, status, reason }));
    expect(findings).toEqual([
      { file: "src/announce.js", line: 11, messageId: "helperFansOut", status: "fixed", reason: "fix applied inside the helper (src/lib/notify.js:5)" },
      { file: "src/lib/notify.js", line: 5, messageId: "unboundedCollection", status: "fixed", reason: "fix applied: src/announce.js hands this fan-out a collection that grows" },
    ]);
    expect(gitStatus(dir)).toBe(" M src/lib/notify.js\n?? report.json\n");

    const second = runCli(dir, ["--rules", "no-unbounded-promise-all", "--check"]);
    expect(second.status).toBe(0);
  });

  it("leaves both files alone in a dry run, and shows the helper's diff", () => {
    const dir = makeProject();
    const dry = runCli(dir, ["--rules", "no-unbounded-promise-all", "--dry-run"]);
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain("-  await Promise.all(users.map((user) => sendEmail(user, text)));\n+  const limit = pLimit(5);\n+  await Promise.all(users.map((user) => limit(() => sendEmail(user, text))));\n");
    expect(gitStatus(dir)).toBe("");
  });

  it("opens the finding again when the type check rolls the helper's fix back", () => {
    // A TypeScript project whose p-limit has no types: the fix's import adds an error, so the helper is rolled back.
    const dir = makeGitProject(
      "concurrency-helper-rollback-",
      {
        "package.json": `${JSON.stringify({ name: "tmp-typed-announce", version: "1.0.0", private: true, type: "module", dependencies: { express: "^5.0.0", "p-limit": "^7.0.0" } }, null, 2)}\n`,
        ".gitignore": "node_modules\n",
        "tsconfig.json": `${JSON.stringify({ compilerOptions: { strict: true, module: "nodenext", moduleResolution: "nodenext", target: "es2022", noEmit: true, skipLibCheck: true }, include: ["src"] }, null, 2)}\n`,
        "src/announce.ts": [
          'import { notifyAll } from "./notify.js";',
          "declare const router: { post(path: string, handler: (req: { body: { users: { email: string }[] } }) => Promise<void>): void };",
          'router.post("/announce", async (req) => {',
          "  await notifyAll(req.body.users);",
          "});",
          "",
        ].join("\n"),
        "src/notify.ts": [
          "export async function notifyAll(users: { email: string }[]): Promise<void> {",
          '  await Promise.all(users.map((user) => fetch("https://mail.example.com/send", { method: "POST", body: user.email, signal: AbortSignal.timeout(5000) })));',
          "}",
          "",
        ].join("\n"),
      },
      (project) => {
        mkdirSync(path.join(project, "node_modules", "p-limit"), { recursive: true });
        writeFileSync(path.join(project, "node_modules", "p-limit", "package.json"), JSON.stringify({ name: "p-limit", version: "7.0.0", type: "module", exports: "./index.js" }));
        writeFileSync(path.join(project, "node_modules", "p-limit", "index.js"), "export default function pLimit() { return (fn) => fn(); }\n");
      },
    );
    const run = runCli(dir, ["--rules", "no-unbounded-promise-all", "--json", "report.json"]);
    const report = JSON.parse(readFileSync(path.join(dir, "report.json"), "utf8")) as { findings: { file: string; messageId: string; status: string; reason: string }[] };
    const statuses = report.findings.map(({ file, messageId, status }) => ({ file, messageId, status }));
    expect(statuses).toEqual([
      { file: "src/announce.ts", messageId: "helperFansOut", status: "not-fixable" },
      { file: "src/notify.ts", messageId: "unboundedCollection", status: "rolled-back" },
    ]);
    expect(report.findings[0]!.reason).toMatch(/^the fix inside the helper was not kept: the fix adds type errors/u);
    expect(run.status).toBe(1);
    expect(gitStatus(dir)).toBe("?? report.json\n");
  });
});
