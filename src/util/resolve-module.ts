/**
 * "Can the linted file import this module?" — an autofix that adds `import pLimit from "p-limit"` is only
 * safe where p-limit is installed for that file. Looks for `node_modules/<name>/package.json` from the
 * file's folder up, the way Node resolves packages; results are cached per folder.
 */
import { existsSync, readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import path from "node:path";

const cache = new Map<string, PackageInfo | null>();

export interface PackageInfo {
  /** Folder of the package. */
  dir: string;
  /** `true` when the package is ESM-only (`"type": "module"` with no `require` export condition). */
  esmOnly: boolean;
}

function packageName(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]!;
}

function readPackage(dir: string): PackageInfo | null {
  try {
    const json = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { type?: string; exports?: unknown };
    const exportsText = JSON.stringify(json.exports ?? {});
    return { dir, esmOnly: json.type === "module" && !exportsText.includes('"require"') };
  } catch {
    return null;
  }
}

/** Where `specifier` resolves from `filename`'s folder, or `null` (also for virtual files such as `<input>`). */
export function findPackage(filename: string, specifier: string): PackageInfo | null {
  if (!path.isAbsolute(filename)) return null;
  const name = packageName(specifier);
  let dir = path.dirname(filename);
  const visited: string[] = [];
  let result: PackageInfo | null = null;
  for (;;) {
    const key = `${dir}\0${name}`;
    const cached = cache.get(key);
    if (cached !== undefined) {
      result = cached;
      break;
    }
    visited.push(key);
    const candidate = path.join(dir, "node_modules", name);
    if (existsSync(path.join(candidate, "package.json"))) {
      result = readPackage(candidate);
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const key of visited) cache.set(key, result);
  return result;
}

/** `true` when `specifier` is a Node built-in or resolves from `filename`. */
export function isModuleAvailable(filename: string, specifier: string): boolean {
  const bare = specifier.startsWith("node:") ? specifier.slice(5) : specifier;
  if (builtinModules.includes(bare)) return true;
  if (specifier.startsWith(".") || specifier.startsWith("/")) {
    if (!path.isAbsolute(filename)) return false;
    const base = path.resolve(path.dirname(filename), specifier);
    // TypeScript's `./limit.js` names `./limit.ts`.
    const stem = base.replace(/\.[cm]?js$/u, "");
    return ["", ".ts", ".js", ".mts", ".mjs", ".cts", ".cjs", ".tsx", "/index.ts", "/index.js"].some((ext) => existsSync(base + ext) || existsSync(stem + ext));
  }
  return findPackage(filename, specifier) !== null;
}

/** Forgets cached look-ups (tests and the codemod's `--add-dependency` call it after installing). */
export function clearModuleCache(): void {
  cache.clear();
}

/** Shared settings (`settings.concurrency` in an ESLint config) that rules read. */
export interface ConcurrencySettings {
  /** Modules to treat as installed, for fixes that import them (the codemod's `--add-dependency` sets this). */
  assumeAvailable?: readonly string[];
}

/** `true` when a fix may import `specifier` into the linted file: it resolves there, or the settings say it will. */
export function isModuleAvailableFor(context: { filename: string; settings: Record<string, unknown> }, specifier: string): boolean {
  const settings = (context.settings.concurrency ?? {}) as ConcurrencySettings;
  if (settings.assumeAvailable?.includes(specifier)) return true;
  return isModuleAvailable(context.filename, specifier);
}
