/** docs/ci.md, "SARIF": ESLint with @microsoft/eslint-formatter-sarif, as a user's project runs it. */
import { readFileSync } from "node:fs";
import path from "node:path";
import { ESLint as ESLint10 } from "eslint";
import { ESLint as ESLint9 } from "eslint-v9";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";
import { DOCS_URL, LEGACY_JS, tempProject, type TempProject } from "./project.js";

interface Sarif {
  version: string;
  runs: {
    tool: { driver: { name: string; rules: { id: string; helpUri: string }[] } };
    results: {
      ruleId: string;
      ruleIndex: number;
      level: string;
      locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number; startColumn: number } } }[];
    }[];
  }[];
}

const FORMATTER = "@microsoft/eslint-formatter-sarif";
const FORMATTER_VERSION = (JSON.parse(readFileSync(path.join(ROOT, "node_modules", FORMATTER, "package.json"), "utf8")) as { version: string }).version;

describe.each([
  ["ESLint 10", ESLint10],
  // ESLint 9's class has the same API; its types differ only in details this test does not touch.
  ["ESLint 9", ESLint9 as unknown as typeof ESLint10],
] as const)(`SARIF through ${FORMATTER} ${FORMATTER_VERSION} (%s)`, (_name, ESLint) => {
  let project: TempProject;
  let sarif: Sarif;

  beforeAll(async () => {
    project = tempProject("sarif", { "src/legacy.js": LEGACY_JS }, { [FORMATTER]: FORMATTER });
    const eslint = new ESLint({ cwd: project.dir });
    const results = await eslint.lintFiles(["src"]);
    // Resolved from cwd, as `eslint --format @microsoft/eslint-formatter-sarif` does.
    const formatter = await eslint.loadFormatter(FORMATTER);
    // The loaded formatter gets cwd and the rules' meta (with meta.docs.url) from ESLint itself.
    sarif = JSON.parse(await formatter.format(results)) as Sarif;
  });
  afterAll(() => project.remove());

  it("reports each finding with its rule id and exact start position", () => {
    expect(sarif.version).toBe("2.1.0");
    const [run] = sarif.runs;
    const found = run!.results.map((result) => {
      const location = result.locations[0]!.physicalLocation;
      return [result.ruleId, result.level, location.artifactLocation.uri.endsWith("/src/legacy.js"), location.region.startLine, location.region.startColumn];
    });
    expect(found).toEqual([
      ["concurrency/no-blocking-in-async", "error", true, 7, 10],
      ["concurrency/require-timeout", "error", true, 11, 26],
    ]);
  });

  it("links every rule to its stable docs URL (helpUri)", () => {
    const [run] = sarif.runs;
    expect(run!.tool.driver.rules.map((rule) => [rule.id, rule.helpUri])).toEqual([
      ["concurrency/no-blocking-in-async", DOCS_URL("no-blocking-in-async")],
      ["concurrency/require-timeout", DOCS_URL("require-timeout")],
    ]);
    for (const result of run!.results) expect(run!.tool.driver.rules[result.ruleIndex]!.id).toBe(result.ruleId);
  });
});
