/**
 * How much of what the fixable rules find the codemod fixes unattended, over the seed-shaped sample app and
 * every fixture input (the cases that show what a fix must not touch included): at least 90%, and every
 * finding left says why a person has to look at it.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCodemod } from "../../src/codemod/index.js";
import { fixtureRules } from "../fixture-cases.js";
import { ROOT } from "../helpers.js";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The sample app's sources and every fixture input, in a temporary project that uses this repo's node_modules. */
function corpus(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "concurrency-fix-rate-"));
  dirs.push(dir);
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"), "dir");
  writeFileSync(path.join(dir, "package.json"), '{ "name": "fix-rate", "private": true, "type": "module" }\n');
  cpSync(path.join(ROOT, "fixtures", "sample-app", "src"), path.join(dir, "app"), { recursive: true });
  for (const rule of fixtureRules()) {
    const folder = path.join(ROOT, "fixtures", rule);
    mkdirSync(path.join(dir, "cases", rule), { recursive: true });
    for (const file of readdirSync(folder)) if (file.includes(".input.")) cpSync(path.join(folder, file), path.join(dir, "cases", rule, file));
  }
  return dir;
}

describe("the codemod's unattended fix rate", { timeout: 240_000 }, () => {
  it("fixes at least 90% of the findings over the sample app and the fixtures, and says why for the rest", async () => {
    const dir = corpus();
    const result = await runCodemod({ cwd: dir, paths: ["."], dryRun: true });
    const fixed = result.findings.filter((finding) => finding.status === "fixed");
    const left = result.findings.filter((finding) => finding.status !== "fixed");
    expect(result.findings.length).toBeGreaterThan(100);
    expect(fixed.length / result.findings.length).toBeGreaterThanOrEqual(0.9);
    // Nothing is left for want of a module, and nothing is rolled back.
    expect(left.filter((finding) => finding.status === "needs-dependency" || finding.status === "rolled-back")).toEqual([]);
    // What is left is a shape a fix cannot make safe, each with its reason: a pool client used through
    // callbacks, a generator or a later callback; a total timeout on a visible stream; an option the async
    // twin does not take.
    for (const finding of left) expect(finding.reason).toMatch(/manual fix needed|total timeout|suggestion only|blocks the event loop/u);
    const reasons = left.map((finding) => `${finding.ruleId}: ${finding.reason.split(":")[0]}`);
    expect(reasons.filter((reason) => reason.startsWith("no-unreleased-pool-client")).every((reason) => reason.endsWith("manual fix needed"))).toBe(true);
  });
});
