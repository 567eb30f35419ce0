/**
 * eslint-plugin-concurrency: rules that find the concurrency and resource anti-patterns that take
 * Node/TypeScript backends down under load, and configs that turn them on.
 */
import type { ESLint, Linter } from "eslint";
import { type ConfigName, createConfigs } from "./configs.js";
import { rules } from "./rules.js";
import { readOwnPackage } from "./util/package-info.js";

const { name, version } = readOwnPackage();

/**
 * The plugin as ESLint's own types describe it, so that `defineConfig`, a `Linter.Config[]` annotation and
 * `plugins: { concurrency }` type-check in an `eslint.config.ts` with ESLint 9 and 10. (The rules are written
 * with typescript-eslint's `RuleCreator`; ESLint runs them as they are.)
 */
export interface ConcurrencyPlugin extends ESLint.Plugin {
  meta: { name: string; version: string; namespace: "concurrency" };
  rules: NonNullable<ESLint.Plugin["rules"]>;
  configs: Record<ConfigName, Linter.Config>;
}

const plugin: ConcurrencyPlugin = {
  meta: { name, version, namespace: "concurrency" },
  rules: rules as unknown as ConcurrencyPlugin["rules"],
  configs: {} as Record<ConfigName, Linter.Config>,
};

Object.assign(plugin.configs, createConfigs(plugin, rules));

export { rules };
export type { ConfigName };
export default plugin;
// `require("eslint-plugin-concurrency")` (Node's require of an ES module) returns the plugin itself, so an
// `eslint.config.cjs` can use `concurrency.configs.recommended` directly.
export { plugin as "module.exports" };
