import { ESLintUtils } from "@typescript-eslint/utils";

/** Extra `meta.docs` fields that every rule of this plugin declares. */
export interface ConcurrencyRuleDocs {
  description: string;
  /** The lowest shipped config that turns the rule on. */
  recommended: "recommended" | "strict";
  /** `true` when the rule needs type information (it never does: types only sharpen it). */
  requiresTypeChecking?: boolean;
  /** Options the `strict` config sets: checks that trade some precision for coverage. */
  strictOptions?: readonly unknown[];
}

export const REPO_URL = "https://github.com/eslint-plugin-concurrency/eslint-plugin-concurrency";

/** Stable docs URL of a rule: used in `meta.docs.url`, the README table and SARIF output. */
export function ruleDocsUrl(name: string): string {
  return `${REPO_URL}/blob/main/docs/rules/${name}.md`;
}

export const createRule = ESLintUtils.RuleCreator<ConcurrencyRuleDocs>(ruleDocsUrl);
