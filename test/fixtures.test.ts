/**
 * Every rule's fixtures: inputs are reported and fix to the expected output, valid files are not reported.
 *
 * Each fixture runs under three parsers, and all three must agree (same rule, line, column, end and
 * message, same fixed output):
 * - typescript-eslint's parser without a program (editors; the reference run),
 * - ESLint's default parser (espree): every JavaScript fixture, and every TypeScript fixture whose text
 *   happens to be plain JavaScript (the others are counted, and the count is checked),
 * - typescript-eslint's parser with a program (`fixtures/tsconfig.json`, JavaScript included), so rules
 *   read types. Types only refine; a fixture that legitimately differs is listed in `TYPED_DIFFERENCES`.
 */
import path from "node:path";
import { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../src/index.js";
import { getTypeServices } from "../src/util/type-services.js";
import { LINTABLE_FILES, isCommonJsFile, languageOptionsFor } from "../src/util/language-options.js";
import { FIXTURES_DIR, type FixtureCase, fixtureRules, invalidCases, validFiles } from "./fixture-cases.js";

type Mode = "typescript-eslint" | "espree" | "typed";

const TSCONFIG = path.join(FIXTURES_DIR, "tsconfig.json");

function isJavaScriptFile(filename: string): boolean {
  return /\.[cm]?jsx?$/u.test(filename);
}

function languageOptionsIn(mode: Mode, filename: string): Linter.LanguageOptions {
  switch (mode) {
    case "typescript-eslint":
      return languageOptionsFor(filename);
    case "typed":
      return languageOptionsFor(filename, { project: TSCONFIG, tsconfigRootDir: FIXTURES_DIR });
    case "espree":
      // No `parser`: ESLint's default, as a plain-JS project configures it.
      return {
        ecmaVersion: "latest",
        sourceType: isCommonJsFile(filename) ? "commonjs" : "module",
        parserOptions: { ecmaFeatures: { jsx: /\.[jt]sx$/u.test(filename) } },
      };
  }
}

/** What the last lint saw: whether the rules had a type checker (`getTypeServices`), and which parser ran. */
const seen = { typed: false, parser: "" };
const probe = {
  rules: {
    services: {
      create(context: Parameters<typeof getTypeServices>[0]) {
        seen.typed = getTypeServices(context) !== undefined;
        const parser = context.languageOptions.parser as { meta?: { name?: string }; name?: string } | undefined;
        seen.parser = parser?.meta?.name ?? parser?.name ?? "";
        return {};
      },
    },
  },
};

function configFor(mode: Mode, rule: string | undefined, filename: string, options: unknown[]): Linter.Config[] {
  return [
    {
      files: LINTABLE_FILES,
      languageOptions: languageOptionsIn(mode, filename),
      plugins: {
        concurrency: plugin as unknown as NonNullable<Linter.Config["plugins"]>[string],
        probe: probe as unknown as NonNullable<Linter.Config["plugins"]>[string],
      },
      rules: { "probe/services": "error", ...(rule ? { [`concurrency/${rule}`]: ["error", ...options] } : {}) } as Linter.RulesRecord,
    },
  ];
}

const EXPECTED_PARSER: Record<Mode, { typed: boolean; parser: RegExp }> = {
  "typescript-eslint": { typed: false, parser: /^typescript-eslint\/parser$/u },
  typed: { typed: true, parser: /^typescript-eslint\/parser$/u },
  espree: { typed: false, parser: /^espree$/u },
};

/** Why espree cannot parse `code` (TypeScript syntax), or `undefined` when it can. */
function espreeParseError(code: string, filename: string): string | undefined {
  const messages = new Linter({ configType: "flat" }).verify(code, configFor("espree", undefined, filename, []), { filename });
  const fatal = messages.find((message) => message.fatal);
  return fatal ? `${fatal.line}:${fatal.column} ${fatal.message}` : undefined;
}

type Report = [ruleId: string | null, line: number, column: number, endLine: number | undefined, endColumn: number | undefined, messageId: string | undefined];

function reports(messages: Linter.LintMessage[]): Report[] {
  return messages.map((message) => [message.ruleId, message.line, message.column, message.endLine, message.endColumn, message.messageId]);
}

interface Run {
  reports: Report[];
  output: string;
}

/** Lints `fixture` under `mode`; checks on the way that nothing is fatal, the fix parses and is idempotent. */
function run(mode: Mode, fixture: Pick<FixtureCase, "rule" | "inputPath" | "input" | "options">): Run {
  const linter = new Linter({ configType: "flat" });
  const config = configFor(mode, fixture.rule, fixture.inputPath, fixture.options);
  const messages = linter.verify(fixture.input, config, { filename: fixture.inputPath });
  expect(messages.filter((message) => message.fatal)).toEqual([]);
  expect(seen).toEqual({ typed: EXPECTED_PARSER[mode].typed, parser: expect.stringMatching(EXPECTED_PARSER[mode].parser) });
  const fixed = linter.verifyAndFix(fixture.input, config, { filename: fixture.inputPath });
  // The fixed file parses, and a second run changes nothing.
  const again = linter.verifyAndFix(fixed.output, config, { filename: fixture.inputPath });
  expect(again.messages.filter((message) => message.fatal)).toEqual([]);
  expect(again.output).toBe(fixed.output);
  return { reports: reports(messages), output: fixed.output };
}

/**
 * Fixtures whose reports legitimately differ with type information, keyed `<rule>/<file>` (the input
 * file, or `valid/<file>`), with the reason and the reports expected with types. Types only refine: keep
 * this list short and say why each entry is right.
 */
const TYPED_DIFFERENCES: Record<string, { reason: string; reports: Report[]; output?: string }> = {};

/** Reference runs (typescript-eslint without a program), filled as the reference tests run. */
const reference = new Map<string, Run>();
const referenceOf = (key: string, fixture: Parameters<typeof run>[1]): Run => {
  let found = reference.get(key);
  if (!found) {
    found = run("typescript-eslint", fixture);
    reference.set(key, found);
  }
  return found;
};

/** Which fixtures espree ran and which it could not parse, to check that only TypeScript ones are left out. */
const espreeRan: string[] = [];
const espreeUnparsable: { file: string; error: string }[] = [];
const allFiles: string[] = [];

for (const rule of fixtureRules()) {
  describe(`fixtures/${rule}`, () => {
    it("names a rule of the plugin", () => {
      expect(Object.keys(plugin.rules)).toContain(rule);
    });
    const cases = [
      ...invalidCases(rule).map((fixture) => ({ key: `${rule}/${path.basename(fixture.inputPath)}`, label: fixture.name, fixture, valid: false })),
      ...validFiles(rule).map((file) => {
        const label = `valid/${path.basename(file.path)}`;
        return { key: `${rule}/${label}`, label, fixture: { rule, inputPath: file.path, input: file.code, output: file.code, options: [] as unknown[] }, valid: true };
      }),
    ];
    for (const { key, label, fixture, valid } of cases) {
      allFiles.push(key);
      const expectation = valid ? "is not reported" : "reports and fixes to the expected output";

      it(`${label}: ${expectation} (typescript-eslint parser)`, () => {
        const result = referenceOf(key, fixture);
        if (valid) {
          expect(result.reports).toEqual([]);
        } else {
          expect(result.reports.length).toBeGreaterThan(0);
          expect(result.reports.every(([ruleId]) => ruleId === `concurrency/${rule}`)).toBe(true);
        }
        expect(result.output).toBe(fixture.output);
      });

      const parseError = isJavaScriptFile(fixture.inputPath) ? undefined : espreeParseError(fixture.input, fixture.inputPath);
      if (parseError === undefined) {
        espreeRan.push(key);
        it(`${label}: the same under ESLint's default parser (espree)`, () => {
          const result = run("espree", fixture);
          expect(result.reports).toEqual(referenceOf(key, fixture).reports);
          expect(result.output).toBe(fixture.output);
        });
      } else {
        espreeUnparsable.push({ file: key, error: parseError });
      }

      it(`${label}: the same with type information (typescript-eslint parser with a program)`, () => {
        const result = run("typed", fixture);
        const difference = TYPED_DIFFERENCES[key];
        expect(result.reports).toEqual(difference ? difference.reports : referenceOf(key, fixture).reports);
        expect(result.output).toBe(difference?.output ?? fixture.output);
      });
    }
  });
}

describe("fixtures under espree", () => {
  it("runs every JavaScript fixture, and leaves out only TypeScript files espree cannot parse", () => {
    const javascript = allFiles.filter((key) => isJavaScriptFile(key));
    expect(javascript.length).toBeGreaterThan(0);
    expect(espreeRan.filter((key) => isJavaScriptFile(key))).toEqual(javascript);
    expect(espreeUnparsable.filter(({ file }) => isJavaScriptFile(file))).toEqual([]);
    // Every fixture is either run or left out for a parse error (today every TypeScript fixture uses TypeScript syntax).
    expect(espreeRan.length + espreeUnparsable.length).toBe(allFiles.length);
  });
});

describe("fixtures/tsconfig.json", () => {
  it("includes every fixture, JavaScript too, so the typed runs have a program for each", async () => {
    const ts = await import("typescript");
    const parsed = ts.getParsedCommandLineOfConfigFile(TSCONFIG, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
    const included = new Set(parsed?.fileNames.map((file) => path.normalize(file)));
    for (const rule of fixtureRules()) {
      for (const file of [...invalidCases(rule).map((fixture) => fixture.inputPath), ...validFiles(rule).map((valid) => valid.path)]) {
        expect(included.has(path.normalize(file)), file).toBe(true);
      }
    }
  });
});
