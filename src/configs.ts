/** The shipped flat configs, built from each rule's `meta.docs.recommended`. */
import { createRequire } from "node:module";
import type { ESLint, Linter } from "eslint";
import type { rules as ruleMap } from "./rules.js";

type Rules = typeof ruleMap;
type RuleEntry = Linter.RuleEntry;

export const CONFIG_NAMES = ["recommended", "strict", "all", "recommended-type-checked"] as const;
export type ConfigName = (typeof CONFIG_NAMES)[number];

function pick(rules: Rules, levels: readonly string[]): Record<string, RuleEntry> {
  const entries: Record<string, RuleEntry> = {};
  for (const [id, rule] of Object.entries(rules)) {
    const level = rule.meta.docs?.recommended;
    if (level !== undefined && levels.includes(level)) entries[`concurrency/${id}`] = "error";
  }
  return entries;
}

/** `recommended` and `strict` levels, each rule with the options its `meta.docs.strictOptions` asks for. */
function pickStrict(rules: Rules): Record<string, RuleEntry> {
  const entries: Record<string, RuleEntry> = {};
  for (const [id, rule] of Object.entries(rules)) {
    const docs = rule.meta.docs;
    if (docs?.recommended === undefined) continue;
    const options = docs.strictOptions;
    entries[`concurrency/${id}`] = options ? (["error", ...options] as RuleEntry) : "error";
  }
  return entries;
}

/**
 * typescript-eslint's parser, loaded on the first TypeScript file it parses: loading the plugin never
 * loads TypeScript (a project with TypeScript 7, or none, lints JavaScript with the plugin). The parser is
 * the one this package bundles, with its own TypeScript, so it loads whatever TypeScript the project has.
 */
function lazyTypeScriptParser(): Linter.Parser {
  let parser: Linter.Parser | undefined;
  const load = (): Linter.Parser => {
    parser ??= createRequire(import.meta.url)("@typescript-eslint/parser") as Linter.Parser;
    return parser;
  };
  return {
    meta: { name: "concurrency/lazy-typescript-parser" },
    parseForESLint: (code: string, options?: Linter.ParserOptions) => {
      const loaded = load();
      if (!("parseForESLint" in loaded)) throw new Error("@typescript-eslint/parser has no parseForESLint.");
      return loaded.parseForESLint(code, options);
    },
  } as Linter.Parser;
}

export function createConfigs(plugin: ESLint.Plugin, rules: Rules): Record<ConfigName, Linter.Config> {
  const plugins = { concurrency: plugin };
  const recommended = pick(rules, ["recommended"]);
  return {
    recommended: { name: "concurrency/recommended", plugins, rules: recommended },
    strict: { name: "concurrency/strict", plugins, rules: pickStrict(rules) },
    all: {
      name: "concurrency/all",
      plugins,
      rules: Object.fromEntries(Object.keys(rules).map((id) => [`concurrency/${id}`, "error" as const])),
    },
    "recommended-type-checked": {
      name: "concurrency/recommended-type-checked",
      files: ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"],
      plugins,
      languageOptions: { parser: lazyTypeScriptParser(), parserOptions: { projectService: true } },
      rules: recommended,
    },
  };
}
