/**
 * eslint-plugin-concurrency: rules that find the concurrency and resource anti-patterns that take
 * Node/TypeScript backends down under load, and configs that turn them on.
 */
import type { TSESLint } from "@typescript-eslint/utils";
import { type ConfigName, createConfigs } from "./configs.js";
import { rules } from "./rules.js";
import { readOwnPackage } from "./util/package-info.js";

const { name, version } = readOwnPackage();

const plugin = {
  meta: { name, version, namespace: "concurrency" },
  rules,
  configs: {} as Record<ConfigName, TSESLint.FlatConfig.Config>,
};

Object.assign(plugin.configs, createConfigs(plugin as unknown as TSESLint.FlatConfig.Plugin, rules));

export { rules };
export type { ConfigName };
export default plugin;
// `require("eslint-plugin-concurrency")` (Node's require of an ES module) returns the plugin itself, so an
// `eslint.config.cjs` can use `concurrency.configs.recommended` directly.
export { plugin as "module.exports" };
