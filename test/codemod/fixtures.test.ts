/**
 * The codemod over every rule's fixture pairs, with each case's own options: its output equals the expected
 * file exactly, and equals what ESLint's `Linter` (`verifyAndFix`) produces (parity). Every fixture input
 * passes the pre-filter, every valid file gives the codemod nothing to do.
 */
import { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../src/index.js";
import { Engine, runCodemod } from "../../src/codemod/index.js";
import { FLAG_TO_RULE_OPTION } from "../../src/codemod/options.js";
import { mayMatchRule } from "../../src/codemod/prefilter.js";
import { LINTABLE_EXTENSIONS, languageOptionsFor } from "../../src/util/language-options.js";
import { fixtureRules, invalidCases, validFiles } from "../fixture-cases.js";
import { ROOT } from "../helpers.js";

const FLAG_OPTIONS = new Set(FLAG_TO_RULE_OPTION.map((mapping) => mapping.option));

function eslintFix(rule: string, filename: string, text: string, options: unknown[]): string {
  const linter = new Linter({ configType: "flat" });
  const config: Linter.Config[] = [
    {
      files: LINTABLE_EXTENSIONS.map((ext) => `**/*${ext}`),
      languageOptions: languageOptionsFor(filename),
      plugins: { concurrency: plugin as unknown as NonNullable<Linter.Config["plugins"]>[string] },
      rules: { [`concurrency/${rule}`]: ["error", ...options] } as Linter.RulesRecord,
    },
  ];
  return linter.verifyAndFix(text, config, { filename }).output;
}

for (const rule of fixtureRules()) {
  describe(`codemod over fixtures/${rule}`, () => {
    for (const fixture of invalidCases(rule)) {
      it(`${fixture.name}: ESLint output = engine output = expected`, () => {
        // The pre-filter can only skip, never miss (options that declare more calls turn it off for the rule).
        const declaresMore = fixture.options.some((entry) => Object.keys(entry as object).some((key) => !FLAG_OPTIONS.has(key)));
        expect(mayMatchRule(fixture.input, rule, undefined, declaresMore)).toBe(true);
        const engine = new Engine({ ruleIds: [rule], ruleOptions: { [rule]: fixture.options } });
        const result = engine.fix(fixture.input, fixture.inputPath);
        expect(result.fatal).toBeUndefined();
        expect(result.output).toBe(fixture.output);
        expect(eslintFix(rule, fixture.inputPath, fixture.input, fixture.options)).toBe(result.output);
        // Idempotent: a second run finds nothing more to apply.
        expect(engine.fix(result.output, fixture.inputPath).applied).toEqual([]);
      });

      it(`${fixture.name}: runCodemod (dry run) proposes exactly the expected output`, async () => {
        const result = await runCodemod({
          cwd: ROOT,
          paths: [fixture.inputPath],
          rules: [rule],
          ruleOptions: { [rule]: fixture.options },
          dryRun: true,
          types: false,
          verify: false,
        });
        expect(result.exitCode).toBe(0);
        const [file] = result.files;
        expect(file?.status).toBe(fixture.hasOutput ? "changed" : "unchanged");
        expect(file?.output ?? fixture.input).toBe(fixture.output);
        expect(result.findings.length).toBeGreaterThan(0);
      });
    }
    for (const valid of validFiles(rule)) {
      it(`valid/${valid.path.split("/").pop()}: no findings`, () => {
        const engine = new Engine({ ruleIds: [rule], ruleOptions: {} });
        const result = engine.fix(valid.code, valid.path);
        expect(result.fatal).toBeUndefined();
        expect(result.applied).toEqual([]);
        expect(result.remaining).toEqual([]);
      });
    }
  });
}
