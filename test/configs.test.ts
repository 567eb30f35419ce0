/** The shipped flat configs work as users spread them into an eslint.config.js. */
import path from "node:path";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import plugin from "../src/index.js";
import { ROOT } from "./helpers.js";

const APP = path.join(ROOT, "fixtures", "sample-app");

async function lintApp(config: object): Promise<Map<string, number>> {
  const eslint = new ESLint({
    cwd: APP,
    overrideConfigFile: true,
    overrideConfig: [{ files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } }, config] as ESLint.Options["overrideConfig"],
  });
  const counts = new Map<string, number>();
  for (const result of await eslint.lintFiles(["src"])) {
    for (const message of result.messages) {
      expect(message.fatal, message.message).toBeFalsy();
      counts.set(message.ruleId!, (counts.get(message.ruleId!) ?? 0) + 1);
    }
  }
  return counts;
}

describe("configs on the sample app", () => {
  it("recommended reports every rule's findings at error", async () => {
    const counts = await lintApp(plugin.configs.recommended);
    expect([...counts.keys()].sort()).toEqual(Object.keys(plugin.rules).map((id) => `concurrency/${id}`).sort());
  });

  it("recommended-type-checked lints with type information and finds at least what recommended finds", async () => {
    const untyped = await lintApp(plugin.configs.recommended);
    const typed = await lintApp({ ...plugin.configs["recommended-type-checked"], languageOptions: { ...plugin.configs["recommended-type-checked"].languageOptions, parserOptions: { projectService: true, tsconfigRootDir: APP } } });
    for (const [rule, count] of untyped) expect(typed.get(rule) ?? 0, rule).toBeGreaterThanOrEqual(count);
  });
});
