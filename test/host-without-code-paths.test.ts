/**
 * A host that is not ESLint and gives no parser services and no code path analysis (oxlint's JS plugins
 * give no parser services; since 1.94 they do send code path events: test/hosts/oxlint.test.ts). Each
 * rule's `create(context)` gets a minimal context, the test walks the AST itself and calls the listeners by
 * node type (enter, `:exit`, `"*"`), and never calls an `onCodePath*` listener.
 *
 * No rule may throw, on any fixture. The rules that do not need code paths report exactly what ESLint
 * reports on the same parse; `no-unreleased-pool-client`, which decides "released on every path" on code
 * paths, stays silent instead of reporting every acquisition.
 */
import path from "node:path";
import { Linter, type Rule, type SourceCode } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../src/index.js";
import { LINTABLE_FILES, isCommonJsFile, languageOptionsFor } from "../src/util/language-options.js";
import { ROOT } from "./helpers.js";
import { fixtureRules, invalidCases, validFiles } from "./fixture-cases.js";

/** The rules that need ESLint's code path analysis: silent in a host without it. */
const NEEDS_CODE_PATHS = new Set(["no-unreleased-pool-client"]);

type Listener = (...args: unknown[]) => void;
interface Node {
  type: string;
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
  range: [number, number];
}
type Report = [ruleId: string, line: number, column: number, endLine: number, endColumn: number, messageId: string | undefined];

function espreeOptions(filename: string): Linter.LanguageOptions {
  return { ecmaVersion: "latest", sourceType: isCommonJsFile(filename) ? "commonjs" : "module", parserOptions: { ecmaFeatures: { jsx: /\.[jt]sx$/u.test(filename) } } };
}

/** ESLint's SourceCode of the file: espree where the text is plain JavaScript, typescript-eslint's parser (no program) otherwise. */
function parse(code: string, filename: string): { sourceCode: SourceCode; languageOptions: Linter.LanguageOptions } {
  for (const languageOptions of [espreeOptions(filename), languageOptionsFor(filename)]) {
    const linter = new Linter({ configType: "flat" });
    const messages = linter.verify(code, [{ files: LINTABLE_FILES, languageOptions }], { filename });
    if (messages.some((message) => message.fatal)) continue;
    const sourceCode = linter.getSourceCode();
    if (!sourceCode) throw new Error(`${filename} was not linted`);
    return { sourceCode, languageOptions };
  }
  throw new Error(`${filename} does not parse`);
}

/** A fixer that only records edits (the host applies them); calling it proves the fix code runs. */
const fixer = {
  insertTextAfter: (node: Node, text: string) => ({ range: [node.range[1], node.range[1]], text }),
  insertTextAfterRange: (range: [number, number], text: string) => ({ range: [range[1], range[1]], text }),
  insertTextBefore: (node: Node, text: string) => ({ range: [node.range[0], node.range[0]], text }),
  insertTextBeforeRange: (range: [number, number], text: string) => ({ range: [range[0], range[0]], text }),
  remove: (node: Node) => ({ range: node.range, text: "" }),
  removeRange: (range: [number, number]) => ({ range, text: "" }),
  replaceText: (node: Node, text: string) => ({ range: node.range, text }),
  replaceTextRange: (range: [number, number], text: string) => ({ range, text }),
};

function runFix(fix: unknown): void {
  if (typeof fix !== "function") return;
  const edits = (fix as (f: typeof fixer) => unknown)(fixer);
  const list = edits && typeof edits === "object" && Symbol.iterator in edits ? [...(edits as Iterable<unknown>)] : [edits];
  for (const edit of list) if (edit !== null) expect(edit).toMatchObject({ range: expect.any(Array), text: expect.any(String) });
}

/** Runs one rule the way a host without code paths does, and returns its reports. */
function runInHost(ruleId: string, options: unknown[], code: string, filename: string): Report[] {
  const parsed = parse(code, filename);
  const { languageOptions } = parsed;
  // ESLint's SourceCode without parser services at all (not even typescript-eslint's program-less ones).
  const sourceCode = new Proxy({} as SourceCode, {
    get(_, key) {
      if (key === "parserServices") return undefined;
      const value: unknown = Reflect.get(parsed.sourceCode, key);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(parsed.sourceCode) : value;
    },
  });
  const reports: Report[] = [];
  const context = {
    id: `concurrency/${ruleId}`,
    options,
    settings: {},
    languageOptions: { ecmaVersion: languageOptions.ecmaVersion, sourceType: languageOptions.sourceType },
    parserOptions: {},
    filename,
    physicalFilename: filename,
    cwd: ROOT,
    sourceCode,
    report(descriptor: { node?: Node; loc?: Node["loc"]; messageId?: string; fix?: unknown; suggest?: { fix: unknown }[] }) {
      const loc = descriptor.loc ?? descriptor.node!.loc;
      reports.push([`concurrency/${ruleId}`, loc.start.line, loc.start.column + 1, loc.end.line, loc.end.column + 1, descriptor.messageId]);
      runFix(descriptor.fix);
      for (const suggestion of descriptor.suggest ?? []) runFix(suggestion.fix);
    },
  };
  const rule = (plugin.rules as unknown as Record<string, Rule.RuleModule>)[ruleId]!;
  const listeners = rule.create(context as unknown as Rule.RuleContext) as Record<string, Listener>;

  const enter = new Map<string, Listener[]>();
  const exit = new Map<string, Listener[]>();
  for (const [selector, listener] of Object.entries(listeners)) {
    if (/^on(?:Unreachable)?CodePath/u.test(selector)) continue; // this host has no code path analysis
    const match = /^(\*|[A-Z][A-Za-z]*)(:exit)?$/u.exec(selector);
    // A selector this walker does not understand must fail here, not be skipped.
    if (!match) throw new Error(`${ruleId}: unsupported selector ${selector}`);
    const table = match[2] ? exit : enter;
    table.set(match[1]!, [...(table.get(match[1]!) ?? []), listener]);
  }
  const keys = sourceCode.visitorKeys as Record<string, readonly string[] | undefined>;
  const call = (table: Map<string, Listener[]>, node: Node, order: string[]) => {
    for (const key of order) for (const listener of table.get(key) ?? []) listener(node);
  };
  const walk = (node: Node): void => {
    // ESLint's order: `*` (lower specificity) before the node type on enter, and after it on exit.
    call(enter, node, ["*", node.type]);
    for (const key of keys[node.type] ?? []) {
      const child = (node as unknown as Record<string, unknown>)[key];
      for (const item of Array.isArray(child) ? child : [child]) {
        if (item && typeof item === "object" && typeof (item as Node).type === "string") walk(item as Node);
      }
    }
    call(exit, node, [node.type, "*"]);
  };
  walk(sourceCode.ast as unknown as Node);
  return reports.sort(byPosition);
}

/** What ESLint's Linter reports for the same rule on the same parse. */
function runInEslint(ruleId: string, options: unknown[], code: string, filename: string): Report[] {
  const { languageOptions } = parse(code, filename);
  const linter = new Linter({ configType: "flat" });
  const messages = linter.verify(
    code,
    [
      {
        files: LINTABLE_FILES,
        languageOptions,
        plugins: { concurrency: plugin as unknown as NonNullable<Linter.Config["plugins"]>[string] },
        rules: { [`concurrency/${ruleId}`]: ["error", ...options] } as Linter.RulesRecord,
      },
    ],
    { filename },
  );
  expect(messages.filter((message) => message.fatal)).toEqual([]);
  return messages.map((m): Report => [m.ruleId!, m.line, m.column, m.endLine!, m.endColumn!, m.messageId]).sort(byPosition);
}

function byPosition(a: Report, b: Report): number {
  return a[1] - b[1] || a[2] - b[2] || String(a[5]).localeCompare(String(b[5]));
}

const files = fixtureRules().flatMap((owner) => [
  ...invalidCases(owner).map((fixture) => ({ owner, label: `${owner}/${path.basename(fixture.inputPath)}`, path: fixture.inputPath, code: fixture.input, options: fixture.options, invalid: true })),
  ...validFiles(owner).map((file) => ({ owner, label: `${owner}/valid/${path.basename(file.path)}`, path: file.path, code: file.code, options: [] as unknown[], invalid: false })),
]);

describe("a host without parser services or code path analysis", () => {
  it("has fixtures to run", () => {
    expect(files.length).toBeGreaterThan(Object.keys(plugin.rules).length);
  });

  for (const ruleId of Object.keys(plugin.rules)) {
    describe(ruleId, () => {
      for (const file of files) {
        const options = file.owner === ruleId ? file.options : [];
        if (NEEDS_CODE_PATHS.has(ruleId)) {
          it(`${file.label}: does not throw and stays silent`, () => {
            expect(runInHost(ruleId, options, file.code, file.path)).toEqual([]);
            // With code paths (ESLint) the fixtures still report: silence here is the host, not the file.
            if (file.invalid && file.owner === ruleId) expect(runInEslint(ruleId, options, file.code, file.path).length).toBeGreaterThan(0);
          });
        } else {
          it(`${file.label}: does not throw and reports what ESLint reports`, () => {
            const expected = runInEslint(ruleId, options, file.code, file.path);
            if (file.invalid && file.owner === ruleId) expect(expected.length).toBeGreaterThan(0);
            expect(runInHost(ruleId, options, file.code, file.path)).toEqual(expected);
          });
        }
      }
    });
  }
});
