/**
 * Fixes that import a module the project lacks: rules only autofix when the module resolves from the file
 * (or `settings.concurrency.assumeAvailable` lists it). The codemod finds such findings by re-linting with
 * the candidate modules assumed available and seeing which findings become fixable; with
 * `--add-dependency` it then applies those fixes and adds the module to the nearest package.json.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Linter } from "eslint";
import { findPackage, isModuleAvailable } from "../util/resolve-module.js";
import { limiterModule } from "./options.js";

/** Modules that the plugin's fixes are known to import. */
const KNOWN_FIX_MODULES = ["p-limit", "p-map"];

const IMPORT_PATTERNS = [/\bfrom\s*(["'])([^"'\n]+)\1/gu, /\brequire\s*\(\s*(["'])([^"'\n]+)\1\s*\)/gu, /\bimport\s*\(\s*(["'])([^"'\n]+)\1\s*\)/gu];

/** Module specifiers an edit's text imports. */
export function importedModules(text: string): string[] {
  const found = new Set<string>();
  for (const pattern of IMPORT_PATTERNS) for (const match of text.matchAll(pattern)) found.add(match[2]!);
  return [...found];
}

type Edit = { range: readonly [number, number]; text: string };

/**
 * Modules an edit adds an import of: those its new text imports that the text it replaces did not. An edit
 * ESLint merged from several (an import at the top and a change further down) carries the file's text in
 * between, with whatever that imports: only the difference is the fix's own.
 */
export function addedModules(edit: Edit, source: string | undefined): string[] {
  const imported = importedModules(edit.text);
  if (source === undefined || imported.length === 0) return imported;
  const before = new Set(importedModules(source.slice(edit.range[0], edit.range[1])));
  return imported.filter((module) => !before.has(module));
}

/**
 * Modules that could turn an unfixed finding into a fixed one: those its suggestions add (`text` is the
 * source the messages refer to), the limiter module of the rules' options and the modules the plugin's fixes
 * use — that do not resolve. Never a module the file merely imports already.
 */
export function candidateModules(filename: string, messages: readonly Linter.LintMessage[], ruleOptions: Readonly<Record<string, unknown[]>>, text?: string): string[] {
  const candidates = new Set<string>(KNOWN_FIX_MODULES);
  for (const message of messages) for (const suggestion of message.suggestions ?? []) for (const module of addedModules(suggestion.fix, text)) candidates.add(module);
  for (const options of Object.values(ruleOptions)) {
    const module = limiterModule((options[0] as { limiter?: unknown } | undefined)?.limiter);
    if (module) candidates.add(module);
  }
  return [...candidates].filter((module) => !module.startsWith(".") && !module.startsWith("/") && !isModuleAvailable(filename, module)).sort();
}

export function findingKey(message: Pick<Linter.LintMessage, "ruleId" | "line" | "column" | "endLine" | "endColumn">): string {
  return `${message.ruleId}:${message.line}:${message.column}:${message.endLine}:${message.endColumn}`;
}

/**
 * The modules a finding's fix needs: those of `candidates` its (assumed) fix or suggestions add to `text`,
 * else all candidates (the fix reaches a candidate through a binding the file has).
 */
export function modulesOf(message: Linter.LintMessage, candidates: readonly string[], text?: string): string[] {
  const edits = [...(message.fix ? [message.fix] : []), ...(message.suggestions ?? []).map((suggestion) => suggestion.fix)];
  const added = new Set(edits.flatMap((edit) => addedModules(edit, text)));
  const named = candidates.filter((module) => added.has(module));
  return named.length > 0 ? named : [...candidates];
}

/** The version range to add for `module`: `^<version installed alongside this plugin>`, if it is. */
export function versionRangeFor(module: string): string | undefined {
  const here = findPackage(path.join(ownRoot(), "package.json"), module);
  if (!here) return undefined;
  try {
    const version = (JSON.parse(readFileSync(path.join(here.dir, "package.json"), "utf8")) as { version?: string }).version;
    return version ? `^${version}` : undefined;
  } catch {
    return undefined;
  }
}

function ownRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, "package.json");
    if (existsSync(candidate)) {
      try {
        if ((JSON.parse(readFileSync(candidate, "utf8")) as { name?: string }).name === "eslint-plugin-concurrency") return dir;
      } catch {
        // keep walking
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

/** The nearest package.json from `filename`'s folder up. */
export function nearestPackageJson(filename: string): string | undefined {
  let dir = path.dirname(filename);
  for (;;) {
    const candidate = path.join(dir, "package.json");
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * `package.json` text with `module` added to `dependencies` (kept sorted, indentation and final newline
 * kept), or `undefined` when it is already listed in any dependency field.
 */
export function addDependencyText(text: string, module: string, range: string): string | undefined {
  const json = JSON.parse(text) as Record<string, unknown>;
  for (const field of ["dependencies", "devDependencies", "peerDependencies", "optionalDependencies"]) {
    const deps = json[field] as Record<string, string> | undefined;
    if (deps && Object.hasOwn(deps, module)) return undefined;
  }
  const dependencies = { ...((json.dependencies as Record<string, string> | undefined) ?? {}), [module]: range };
  json.dependencies = Object.fromEntries(Object.entries(dependencies).sort(([a], [b]) => a.localeCompare(b)));
  const indent = /^\{\s*\n([ \t]+)"/u.exec(text)?.[1] ?? "  ";
  return JSON.stringify(json, null, indent) + (text.endsWith("\n") ? "\n" : "");
}
