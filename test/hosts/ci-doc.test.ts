/** docs/ci.md: the workflow parses and runs the same formatter and command that test/hosts/cli.test.ts runs. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ROOT } from "../helpers.js";

const doc = readFileSync(path.join(ROOT, "docs", "ci.md"), "utf8");
const blocks = (lang: string) => [...doc.matchAll(new RegExp(`\`\`\`${lang}\\n([\\s\\S]*?)\`\`\``, "gu"))].map((match) => match[1]!);
const SARIF_COMMAND = "npx eslint . --format @microsoft/eslint-formatter-sarif --output-file eslint-results.sarif";

interface Workflow {
  on: unknown;
  permissions: Record<string, string>;
  jobs: Record<string, { "runs-on": string; steps: { uses?: string; run?: string; with?: Record<string, unknown>; "continue-on-error"?: boolean }[] }>;
}

describe("docs/ci.md", () => {
  it("has a GitHub Actions workflow that lints with the SARIF formatter and uploads the file it wrote", () => {
    const [yaml] = blocks("yaml");
    const workflow = parse(yaml!) as Workflow;
    expect(workflow.permissions["security-events"]).toBe("write");
    const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
    const lint = steps.find((step) => step.run?.includes("eslint"));
    expect(lint?.run).toBe(SARIF_COMMAND);
    expect(lint?.["continue-on-error"]).toBe(true);
    const upload = steps.find((step) => step.uses?.startsWith("github/codeql-action/upload-sarif@"));
    expect(upload?.with?.sarif_file).toBe("eslint-results.sarif");
    expect(steps.indexOf(upload!)).toBeGreaterThan(steps.indexOf(lint!));
  });

  it("names a formatter package that is a devDependency here, and the commands the CLI test runs", () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { devDependencies: Record<string, string> };
    expect(pkg.devDependencies).toHaveProperty("@microsoft/eslint-formatter-sarif");
    const shell = blocks("sh").join("\n");
    expect(shell).toContain("npm install --save-dev @microsoft/eslint-formatter-sarif");
    expect(shell).toContain(SARIF_COMMAND);
    expect(shell).toContain("npx eslint . --suppress-all");
    expect(shell).toContain("npx eslint . --prune-suppressions");
    const cliTest = readFileSync(path.join(ROOT, "test", "hosts", "cli.test.ts"), "utf8");
    for (const flag of ["--suppress-all", "--prune-suppressions", '"--format", "@microsoft/eslint-formatter-sarif", "--output-file"']) expect(cliTest).toContain(flag);
  });

  it("shows the eslint-suppressions.json that --suppress-all writes for the legacy fixture", () => {
    const json = blocks("json").map((text) => JSON.parse(text) as unknown);
    expect(json).toContainEqual({
      "src/legacy.js": {
        "concurrency/no-blocking-in-async": { count: 1 },
        "concurrency/require-timeout": { count: 1 },
      },
    });
  });
});
