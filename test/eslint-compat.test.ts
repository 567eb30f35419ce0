/**
 * The plugin supports ESLint `^9.15 || ^10`: the suite runs on ESLint 10; this runs every fixture through
 * ESLint 9's Linter too and expects the same reports and the same fixed output.
 */
import { Linter as Linter10 } from "eslint";
import { Linter as Linter9 } from "eslint-v9";
import { describe, expect, it } from "vitest";
import plugin from "../src/index.js";
import { LINTABLE_FILES, languageOptionsFor } from "../src/util/language-options.js";
import { fixtureRules, invalidCases } from "./fixture-cases.js";

function config(rule: string, filename: string, options: unknown[]) {
  return [
    {
      files: LINTABLE_FILES,
      languageOptions: languageOptionsFor(filename),
      plugins: { concurrency: plugin },
      rules: { [`concurrency/${rule}`]: ["error", ...options] },
    },
  ];
}

describe("ESLint 9 and ESLint 10 agree", () => {
  it("runs on ESLint 9.x", () => {
    expect(Linter9.version).toMatch(/^9\./u);
    expect(Linter10.version).toMatch(/^10\./u);
  });
  for (const rule of fixtureRules()) {
    for (const fixture of invalidCases(rule)) {
      it(`${rule}/${fixture.name}`, () => {
        const nine = new Linter9({ configType: "flat" });
        const ten = new Linter10({ configType: "flat" });
        const cfg = config(rule, fixture.inputPath, fixture.options);
        const reports9 = nine.verify(fixture.input, cfg as never, { filename: fixture.inputPath });
        const reports10 = ten.verify(fixture.input, cfg as never, { filename: fixture.inputPath });
        const positions = (messages: Linter10.LintMessage[]) => messages.map((m) => [m.ruleId, m.line, m.column, m.endLine, m.endColumn, m.messageId]);
        expect(positions(reports9 as Linter10.LintMessage[])).toEqual(positions(reports10));
        expect(reports9.length).toBeGreaterThan(0);
        const fixed9 = nine.verifyAndFix(fixture.input, cfg as never, { filename: fixture.inputPath });
        expect(fixed9.output).toBe(fixture.output);
      });
    }
  }
});
