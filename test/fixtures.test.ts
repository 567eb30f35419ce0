/** Every rule's fixtures: inputs are reported and fix to the expected output, valid files are not reported. */
import { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../src/index.js";
import { LINTABLE_FILES, languageOptionsFor } from "../src/util/language-options.js";
import { fixtureRules, invalidCases, validFiles } from "./fixture-cases.js";

function configFor(rule: string, filename: string, options: unknown[]): Linter.Config[] {
  return [
    {
      files: LINTABLE_FILES,
      languageOptions: languageOptionsFor(filename),
      plugins: { concurrency: plugin as unknown as NonNullable<Linter.Config["plugins"]>[string] },
      rules: { [`concurrency/${rule}`]: ["error", ...options] } as Linter.RulesRecord,
    },
  ];
}

for (const rule of fixtureRules()) {
  describe(`fixtures/${rule}`, () => {
    it("names a rule of the plugin", () => {
      expect(Object.keys(plugin.rules)).toContain(rule);
    });
    for (const fixture of invalidCases(rule)) {
      it(`${fixture.name}: reports and fixes to the expected output`, () => {
        const linter = new Linter({ configType: "flat" });
        const config = configFor(rule, fixture.inputPath, fixture.options);
        const messages = linter.verify(fixture.input, config, { filename: fixture.inputPath });
        expect(messages.filter((message) => message.fatal)).toEqual([]);
        expect(messages.filter((message) => message.ruleId === `concurrency/${rule}`).length).toBeGreaterThan(0);
        const fixed = linter.verifyAndFix(fixture.input, config, { filename: fixture.inputPath });
        expect(fixed.output).toBe(fixture.output);
        // The fixed file parses, and a second run changes nothing.
        const again = linter.verifyAndFix(fixed.output, config, { filename: fixture.inputPath });
        expect(again.messages.filter((message) => message.fatal)).toEqual([]);
        expect(again.output).toBe(fixed.output);
      });
    }
    for (const file of validFiles(rule)) {
      it(`valid/${file.path.split("/").pop()}: is not reported`, () => {
        const linter = new Linter({ configType: "flat" });
        const messages = linter.verify(file.code, configFor(rule, file.path, []), { filename: file.path });
        expect(messages).toEqual([]);
      });
    }
  });
}
