// The repository lints itself: typescript-eslint's recommended rules, eslint-plugin-eslint-plugin on the
// rules and their tests, and this plugin's own `all` config (built into dist/ by `npm run lint`).
import eslintPlugin from "eslint-plugin-eslint-plugin";
import tseslint from "typescript-eslint";
import concurrency from "./dist/src/index.js";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "fixtures/", ".bench-cache/", "coverage/", ".scratch-*/"] },
  ...tseslint.configs.recommended,
  {
    files: ["**/*.ts", "**/*.mjs", "**/*.js"],
    rules: {
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },
  { ...eslintPlugin.configs.rules, files: ["rules/**/*.ts"] },
  { ...eslintPlugin.configs.tests, files: ["test/rules/**/*.ts"] },
  {
    files: ["rules/**/*.ts"],
    rules: {
      // Docs URLs come from the one RuleCreator.
      "eslint-plugin/require-meta-docs-url": "off",
      // `meta.docs.recommended` names the lowest config (as in typescript-eslint), not a boolean.
      "eslint-plugin/require-meta-docs-recommended": "off",
      // typescript-eslint's rule types have no \`meta.languages\` yet; every rule targets JS/TS.
      "eslint-plugin/require-meta-languages": "off",
      "eslint-plugin/require-meta-docs-description": ["error", { pattern: "^(Disallow|Require|Enforce)" }],
    },
  },
  concurrency.configs.all,
);
