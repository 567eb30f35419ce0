import path from "node:path";
import { fileURLToPath } from "node:url";
import { RuleTester } from "@typescript-eslint/rule-tester";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** A file inside this repository: p-limit and p-map resolve from it (they are dev dependencies). */
export const IN_REPO_TS = path.join(ROOT, "fixtures", "virtual.ts");
export const IN_REPO_TSX = path.join(ROOT, "fixtures", "virtual.tsx");
export const IN_REPO_MJS = path.join(ROOT, "fixtures", "virtual.mjs");
export const IN_REPO_CJS = path.join(ROOT, "fixtures", "virtual.cjs");
export const IN_REPO_JS = path.join(ROOT, "fixtures", "virtual.js");
/** A file where no package resolves: fixes that need one become suggestions. */
export const OUTSIDE_TS = path.join(path.parse(ROOT).root, "nonexistent-project", "src", "virtual.ts");

/** Rule tester for TypeScript and JavaScript files, without type information (as in editors). */
export function createRuleTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
  });
}

/** Rule tester with type information from `test/type-aware/tsconfig.json`. */
export function createTypedRuleTester(): RuleTester {
  return new RuleTester({
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: path.join(ROOT, "test", "type-aware"),
      },
    },
  });
}

export const TYPED_FILE = path.join(ROOT, "test", "type-aware", "file.ts");

/** The rule ids of the product contract (DEVELOPERS.md), sorted. */
export const CONTRACT_RULE_IDS = [
  "no-blocking-in-async",
  "no-connection-per-call",
  "no-unbounded-promise-all",
  "no-unbounded-queue",
  "no-unbounded-worker-spawn",
  "no-unreleased-pool-client",
  "require-timeout",
];
