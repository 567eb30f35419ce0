/**
 * Facts about a whole package that no single file shows: `axios.defaults.timeout = …` set once, at startup,
 * in one module bounds every call made through the default axios instance in all of them. Read once per
 * package folder (its source files, dependencies, tests, fixtures, examples and scripts aside, at most
 * `MAX_FILES`, by a text search: no parse),
 * cached for the process; `false` when it cannot be read.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { globSync } from "tinyglobby";
import { packageFolder } from "./package-roles.js";

const MAX_FILES = 5000;
/** A statement `axios.defaults.timeout = 300 * 1000` at the start of a line (not `= 0`, which turns the bound off; not in a comment). */
const AXIOS_DEFAULT_TIMEOUT = /^[ \t]*axios\s*\.\s*defaults\s*\.\s*timeout\s*=\s*(?!0\s*[;,)\n])[\w(]/mu;

/** Where a default set would not be the running code's: dependencies, tests, fixtures, examples, docs, scripts. */
const IGNORED = ["**/node_modules/**", "**/*.d.ts", "**/*.{test,spec}.*", "**/{test,tests,__tests__,__mocks__,spec,specs,e2e,fixtures,__fixtures__,examples,example,docs,scripts,bench,benchmarks}/**"];

const axiosDefaults = new Map<string, boolean>();

/** `true` when a module of `file`'s package sets a default timeout on the default axios instance. */
export function setsAxiosDefaultTimeout(file: string): boolean {
  const folder = packageFolder(path.dirname(file));
  if (!folder) return false;
  const cached = axiosDefaults.get(folder);
  if (cached !== undefined) return cached;
  let found = false;
  try {
    const files = globSync(["**/*.{js,cjs,mjs,jsx,ts,cts,mts,tsx}"], { cwd: folder, absolute: true, ignore: IGNORED, followSymbolicLinks: false });
    for (const candidate of files.slice(0, MAX_FILES)) {
      const text = readFileSync(candidate, "utf8");
      if (text.includes("defaults") && AXIOS_DEFAULT_TIMEOUT.test(text)) {
        found = true;
        break;
      }
    }
  } catch {
    found = false;
  }
  axiosDefaults.set(folder, found);
  return found;
}

/** Forgets what was read (the codemod at the start of a run). */
export function clearPackageFacts(): void {
  axiosDefaults.clear();
}
