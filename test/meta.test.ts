/** The plugin's shape: every rule is registered, documented, tested and has fixtures; configs match rule meta. */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import plugin, { rules } from "../src/index.js";
import { CONTRACT_RULE_IDS, ROOT } from "./helpers.js";

const CONTRACT_RULES = CONTRACT_RULE_IDS;

const pkg = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { name: string; version: string };
const ruleFiles = readdirSync(path.join(ROOT, "rules"))
  .filter((file) => file.endsWith(".ts"))
  .map((file) => file.slice(0, -3))
  .sort();

describe("plugin", () => {
  it("has the contract's meta", () => {
    expect(plugin.meta).toEqual({ name: "eslint-plugin-concurrency", version: pkg.version, namespace: "concurrency" });
  });

  it("registers exactly the contract's rules, one file each under rules/", () => {
    expect(Object.keys(plugin.rules).sort()).toEqual(CONTRACT_RULES);
    // The exported `rules` are the same rule objects, typed for typescript-eslint's RuleTester.
    expect(plugin.rules).toBe(rules);
    expect(ruleFiles).toEqual(CONTRACT_RULES);
  });

  it("ships the four named flat configs with every rule at error", () => {
    expect(Object.keys(plugin.configs).sort()).toEqual(["all", "recommended", "recommended-type-checked", "strict"]);
    for (const [name, config] of Object.entries(plugin.configs)) {
      expect(config.name).toBe(`concurrency/${name}`);
      expect(config.plugins?.concurrency).toBe(plugin);
      for (const entry of Object.values(config.rules ?? {})) expect(Array.isArray(entry) ? entry[0] : entry).toBe("error");
    }
  });

  it("configs follow each rule's meta.docs.recommended", () => {
    const ids = Object.keys(plugin.rules);
    const level = (id: string) => rules[id as keyof typeof rules].meta.docs?.recommended;
    const names = (rules: object | undefined) => Object.keys(rules ?? {}).sort();
    expect(names(plugin.configs.all.rules)).toEqual(ids.map((id) => `concurrency/${id}`).sort());
    expect(names(plugin.configs.recommended.rules)).toEqual(ids.filter((id) => level(id) === "recommended").map((id) => `concurrency/${id}`).sort());
    expect(names(plugin.configs.strict.rules)).toEqual(ids.filter((id) => level(id) !== undefined).map((id) => `concurrency/${id}`).sort());
    expect(plugin.configs["recommended-type-checked"].rules).toEqual(plugin.configs.recommended.rules);
    // strict adds each rule's strictOptions (no-connection-per-call also checks test files).
    expect(plugin.configs.strict.rules?.["concurrency/no-connection-per-call"]).toEqual(["error", { checkTestFiles: true, checkScripts: true }]);
    for (const [id, rule] of Object.entries(rules)) {
      const options = rule.meta.docs?.strictOptions;
      if (options) expect(plugin.configs.strict.rules?.[`concurrency/${id}`]).toEqual(["error", ...options]);
    }
    expect(plugin.configs["recommended-type-checked"].languageOptions?.parserOptions).toMatchObject({ projectService: true });
  });
});

describe.each(Object.entries(rules))("rule %s", (id, rule) => {
  const meta = rule.meta;

  it("has a docs page, a test file and fixtures", () => {
    expect(existsSync(path.join(ROOT, "docs", "rules", `${id}.md`))).toBe(true);
    expect(existsSync(path.join(ROOT, "test", "rules", `${id}.test.ts`))).toBe(true);
    const fixtures = path.join(ROOT, "fixtures", id);
    expect(readdirSync(fixtures).some((file) => file.includes(".input."))).toBe(true);
    expect(readdirSync(path.join(fixtures, "valid")).length).toBeGreaterThan(0);
  });

  it("has the stable docs URL and a description", () => {
    expect(meta.docs?.url).toBe(`https://github.com/eslint-plugin-concurrency/eslint-plugin-concurrency/blob/main/docs/rules/${id}.md`);
    expect(meta.docs?.description).toMatch(/^[A-Z].*[^.]$/u);
    expect(rule.name).toBe(id);
  });

  it("writes messages in sentence case, ending with a period", () => {
    for (const message of Object.values(meta.messages)) {
      expect(message).toMatch(/^[A-Z`]/u);
      expect(message).toMatch(/\.$/u);
    }
  });

  it("names its options positively, closes its schema and documents each option", () => {
    const schema = (meta.schema as { type?: string; additionalProperties?: boolean; properties?: Record<string, { description?: string }> }[])[0];
    if (!schema) return;
    expect(schema.additionalProperties).toBe(false);
    for (const [name, property] of Object.entries(schema.properties ?? {})) {
      expect(name).not.toMatch(/^(?:ignore|skip|disable|allow)/iu);
      expect(property.description, `${id}: option ${name} needs a description`).toBeTruthy();
    }
    expect(meta.defaultOptions).toBeDefined();
  });
});

describe("package", () => {
  it("is importable by its own name from the repository root (self-reference through exports)", async () => {
    const imported = (await import("eslint-plugin-concurrency")) as unknown as { default: typeof plugin };
    expect(Object.keys(imported.default.rules).sort()).toEqual(Object.keys(plugin.rules).sort());
    expect(imported.default.meta.namespace).toBe("concurrency");
  });

  it("returns the plugin itself to require(), so an eslint.config.cjs works", async () => {
    const required = createRequire(import.meta.url)("eslint-plugin-concurrency") as typeof plugin;
    expect(Object.keys(required).sort()).toEqual(["configs", "meta", "rules"]);
    expect(required.meta.namespace).toBe("concurrency");
    const dir = mkdtempSync(path.join(os.tmpdir(), "concurrency-cjs-config-"));
    try {
      mkdirSync(path.join(dir, "node_modules"));
      symlinkSync(ROOT, path.join(dir, "node_modules", "eslint-plugin-concurrency"), "dir");
      writeFileSync(path.join(dir, "eslint.config.cjs"), 'const concurrency = require("eslint-plugin-concurrency");\nmodule.exports = [concurrency.configs.recommended];\n');
      writeFileSync(path.join(dir, "jobs.cjs"), 'const { execSync } = require("node:child_process");\nasync function sha(dir) { return execSync(`git -C ${dir} log`).toString(); }\nmodule.exports = { sha };\n');
      const [result] = await new ESLint({ cwd: dir, overrideConfigFile: path.join(dir, "eslint.config.cjs") }).lintFiles(["jobs.cjs"]);
      expect(result!.messages.map((message) => [message.ruleId, message.line, message.column])).toEqual([["concurrency/no-blocking-in-async", 2, 34]]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("exposes the codemod's API as eslint-plugin-concurrency/codemod", async () => {
    const codemod = (await import("eslint-plugin-concurrency/codemod")) as { runCodemod?: unknown; formatSummary?: unknown };
    expect(typeof codemod.runCodemod).toBe("function");
    expect(typeof codemod.formatSummary).toBe("function");
  });
});
