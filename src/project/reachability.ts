/**
 * "Does this function run only at startup, or in a tool or a test?", answered across the project: a
 * function whose every caller, in any module, is module-level code, a startup function (`main`,
 * `init…`, a method `start`), a command that exits the process, a test or a one-shot tool
 * (`conventions.ts`, `package-roles.ts`), or a function that is itself reached only from those.
 *
 * - **Callers** come from the modules that import the function's module (found through an index of
 *   every module's import specifiers, built once per workspace, then confirmed by resolving them) and
 *   from its own module (`uses.ts`), re-exports followed.
 * - **Unknown is no.** A function with no caller seen, one handed on as a value (a route handler, a
 *   callback, an export that leaves the namespace), a public instance method (its callers go through
 *   instances, which only types can follow), a module imported where its summary cannot see it (inside a
 *   function, dynamically), a workspace past `MAX_FILES` modules, or a cycle: all answer `false`, and the
 *   rules decide as if the function ran per request.
 */
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { globSync } from "tinyglobby";
import { CLI_FILE, HANDLER_DECORATORS, isRequestExport, ONE_USER_MODULES, SCRIPT_PATH, STARTUP_FUNCTION_NAME, STARTUP_METHOD_NAME, TEST_PATH } from "./conventions.js";
import { type ModuleSummary, moduleSummary, type Owner, type ValueShape } from "./modules.js";
import { EXPORTS } from "./uses.js";
import { packageFolder, packageRole, projectRoot, toolFilesOf } from "./package-roles.js";

const MAX_FILES = 10_000;
const MAX_BYTES = 1024 * 1024;
const MAX_DEPTH = 6;
const SOURCES = "**/*.{js,mjs,cjs,jsx,ts,mts,cts,tsx}";
const IGNORED = ["**/node_modules/**", "**/.git/**", "**/.cache/**", "**/.npm/**", "**/.yarn/**", "**/.pnpm-store/**", "**/.next/**", "**/.nuxt/**", "**/.turbo/**", "**/coverage/**", "**/*.d.ts", "**/*.d.mts", "**/*.d.cts", "**/*.min.js"];
/** Folders deeper than this below the workspace root are not read for importers. */
const MAX_DEPTH_BELOW_ROOT = 20;
const SPECIFIER = /\b(?:from|import|require)\s*\(?\s*["']([^"'\n]+)["']/gu;

type Resolve = (fromFile: string, specifier: string) => string | undefined;

interface ImportIndex {
  /** The last segment of a specifier (`../db/index.js` → `db`) → the modules whose specifiers end with it. */
  bySegment: Map<string, string[]>;
  /** Module → its import specifiers, as written. */
  specifiers: Map<string, string[]>;
}

const indexes = new Map<string, ImportIndex | null>();
const answers = new Map<string, boolean>();

/** How long the importer indexes and the answers are kept before they are read again. */
const FRESH_MS = 30_000;
let readAt = Date.now();

export function clearReachability(): void {
  indexes.clear();
  answers.clear();
  readAt = Date.now();
}

function segmentOf(specifier: string): string {
  const parts = specifier.split("/").filter((part) => part !== "" && part !== "." && part !== "..");
  let last = (parts.at(-1) ?? "").replace(/\.[cm]?[jt]sx?$/u, "");
  if (last === "index" && parts.length > 1) last = parts.at(-2)!;
  return last;
}

/** Every module's import specifiers under `root`, read once; `null` past `MAX_FILES` modules. */
function importIndex(root: string): ImportIndex | null {
  if (indexes.has(root)) return indexes.get(root)!;
  let index: ImportIndex | null = null;
  try {
    const files = globSync(SOURCES, { cwd: root, absolute: true, ignore: IGNORED, followSymbolicLinks: false, deep: MAX_DEPTH_BELOW_ROOT });
    if (files.length <= MAX_FILES) {
      index = { bySegment: new Map(), specifiers: new Map() };
      for (const found of files) {
        const file = path.resolve(found);
        let text: string;
        try {
          if (statSync(file).size > MAX_BYTES) continue;
          text = readFileSync(file, "utf8");
        } catch {
          continue;
        }
        const specifiers = [...new Set([...text.matchAll(SPECIFIER)].map((match) => match[1]!))];
        if (specifiers.length === 0) continue;
        index.specifiers.set(file, specifiers);
        for (const segment of new Set(specifiers.map(segmentOf))) {
          const list = index.bySegment.get(segment);
          if (list) list.push(file);
          else index.bySegment.set(segment, [file]);
        }
      }
    }
  } catch {
    index = null;
  }
  indexes.set(root, index);
  return index;
}

/** The modules that import `file`, or `null` when that cannot be known. */
function importersOf(file: string, resolve: Resolve): string[] | null {
  const root = projectRoot(file);
  const index = root ? importIndex(root) : null;
  if (!index) return null;
  const segment = path.basename(file).replace(/\.[cm]?[jt]sx?$/u, "");
  // `./lib/index.js`, `./lib` and `.` all name an index module.
  const candidates = segment === "index" ? [...new Set([...(index.bySegment.get("index") ?? []), ...(index.bySegment.get(path.basename(path.dirname(file))) ?? []), ...(index.bySegment.get("") ?? [])])] : (index.bySegment.get(segment) ?? []);
  return candidates.filter((candidate) => candidate !== file && index.specifiers.get(candidate)!.some((specifier) => resolve(candidate, specifier) === file));
}

/** The paths below `summary`'s namespace under which it exports its top-level binding `local` (`[]`: `module.exports = local`). */
function exportPathsOf(summary: ModuleSummary, local: string): string[][] {
  const isLocal = (shape: ValueShape | undefined) => shape !== undefined && shape.kind === "alias" && shape.of.base === local && shape.of.path.length === 0;
  const paths: string[][] = [];
  for (const [name, shape] of summary.exports) if (isLocal(shape) || (name === local && summary.locals.get(local) === shape)) paths.push([name]);
  const whole = summary.commonjs;
  if (isLocal(whole)) paths.push([]);
  if (whole?.kind === "object") for (const [name, shape] of whole.members) if (isLocal(shape)) paths.push([name]);
  return paths;
}

/** The module assigns `module.exports` or `exports.f`: ESM's default import of it is `module.exports`. */
const isCommonJs = (summary: ModuleSummary): boolean => summary.commonjs !== undefined || summary.uses.has(EXPORTS) || [...summary.owners.keys()].some((key) => key.startsWith(`${EXPORTS}.`));

interface Caller {
  file: string;
  owner: Owner;
}

const samePath = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((part, index) => part === b[index]);
const isPrefix = (prefix: readonly string[], of: readonly string[]) => prefix.length < of.length && prefix.every((part, index) => part === of[index]);

/** The calls, in other modules, of what `file` exports at `target` (re-exports followed); `null` when one may be unseen. */
function callersOfExport(file: string, target: readonly string[], resolve: Resolve, depth: number): Caller[] | null {
  if (depth > 3) return null;
  const importers = importersOf(file, resolve);
  if (!importers) return null;
  const target_ = moduleSummary(file);
  const callers: Caller[] = [];
  for (const importer of importers) {
    const summary = moduleSummary(importer);
    if (!summary) return null;
    let seen = false;
    for (const [local, ref] of summary.imports) {
      if (resolve(importer, ref.module) !== file) continue;
      seen = true;
      for (const use of summary.uses.get(local) ?? []) {
        let full = [...ref.path, ...use.path];
        // ESM's default import of a CommonJS module is its `module.exports`.
        if (target_ && isCommonJs(target_) && full[0] === "default") full = full.slice(1);
        if (samePath(full, target)) {
          if (!use.call) return null;
          callers.push({ file: importer, owner: use.owner });
        } else if (isPrefix(full, target) && !use.call) return null;
      }
    }
    for (const reexport of summary.reexports) {
      if (resolve(importer, reexport.from) !== file) continue;
      seen = true;
      const [first, ...rest] = target;
      const names = reexport.names ? [...reexport.names].filter(([, imported]) => imported === first).map(([exported]) => exported) : first === undefined || first === "default" ? [] : [first];
      for (const name of names) {
        const more = callersOfExport(importer, [name, ...rest], resolve, depth + 1);
        if (!more) return null;
        callers.push(...more);
      }
    }
    // Imported, but not where the summary reads imports (inside a function, `import()`): a caller may be unseen.
    if (!seen) return null;
  }
  return callers;
}

/** A test, or a one-shot tool: a script folder, a `bin`, a file a package.json script runs, a package that serves one user. */
function isToolOrTest(file: string): boolean {
  const folder = packageFolder(path.dirname(file));
  const shown = (folder ? path.relative(folder, file) : path.basename(file)).split(path.sep).join("/");
  if (TEST_PATH.test(shown) || SCRIPT_PATH.test(shown) || CLI_FILE.test(shown)) return true;
  if (folder && toolFilesOf(folder).has(file)) return true;
  const role = packageRole(file);
  if (role === "cli" || role === "editor-extension" || role === "desktop") return true;
  const imports = moduleSummary(file)?.imports;
  return imports !== undefined && [...imports.values()].some((ref) => ONE_USER_MODULES.has(ref.module));
}

function ownerRunsOnce(file: string, owner: Owner, resolve: Resolve, depth: number): boolean {
  if (owner.kind === "module") return true;
  if (owner.kind === "deferred") return false;
  // `exports.init` is a free function under a name, not a class's method.
  if (owner.member === undefined ? STARTUP_FUNCTION_NAME.test(owner.name) : owner.name === EXPORTS ? STARTUP_FUNCTION_NAME.test(owner.member) : STARTUP_METHOD_NAME.test(owner.member)) return true;
  const facts = moduleSummary(file)?.owners.get(owner.member === undefined ? owner.name : `${owner.name}.${owner.member}`);
  if (facts?.exits) return true;
  if (facts?.method?.decorators.some((name) => HANDLER_DECORATORS.has(name))) return false;
  return reached(file, owner.name, owner.member, resolve, depth + 1);
}

function reached(file: string, name: string, member: string | undefined, resolve: Resolve, depth: number): boolean {
  if (depth > MAX_DEPTH) return false;
  const key = `${file}\0${name}\0${member ?? ""}`;
  const known = answers.get(key);
  if (known !== undefined) return known;
  // A cycle, or a question already being answered higher up: unknown.
  answers.set(key, false);
  const result = decide(file, name, member, resolve, depth);
  answers.set(key, result);
  return result;
}

function decide(file: string, name: string, member: string | undefined, resolve: Resolve, depth: number): boolean {
  const summary = moduleSummary(file);
  if (!summary) return false;
  if (member !== undefined && name !== EXPORTS) {
    const method = summary.owners.get(`${name}.${member}`)?.method;
    // Public instance methods are called through instances, which the summaries cannot follow.
    if (!method || method.decorators.some((decorator) => HANDLER_DECORATORS.has(decorator)) || (!method.isStatic && !method.isPrivate)) return false;
  }
  const target = member === undefined ? [] : [member];
  const callers: Caller[] = [];
  for (const use of summary.uses.get(name) ?? []) {
    if (samePath(use.path, target)) {
      if (!use.call) return false;
      callers.push({ file, owner: use.owner });
    } else if (isPrefix(use.path, target) && !use.call) return false;
  }
  const shown = file.split(path.sep).join("/");
  // `exports.f = …`: exported as `f`, the target path itself.
  for (const exported of name === EXPORTS ? [[]] : exportPathsOf(summary, name)) {
    if (isRequestExport(shown, (member === undefined || name === EXPORTS ? [...exported, ...target] : exported).at(-1) ?? "default")) return false;
    const more = callersOfExport(file, [...exported, ...target], resolve, 0);
    if (!more) return false;
    callers.push(...more);
  }
  // A function calling itself adds no way in: only the others decide.
  const isSelf = (caller: Caller) => caller.file === file && caller.owner.kind === "function" && caller.owner.name === name && caller.owner.member === member;
  const entries = callers.filter((caller) => !isSelf(caller));
  if (entries.length === 0) return false;
  return entries.every((caller) => isToolOrTest(caller.file) || ownerRunsOnce(caller.file, caller.owner, resolve, depth));
}

/**
 * `true` when the function `name` of `file` (or the method `member` of its class `name`) is reached only
 * from startup code, tests and tools, across the project; `false` when it may run per request, or when
 * that cannot be seen.
 */
export function reachedOnlyFromStartup(file: string, name: string, member: string | undefined, resolve: Resolve): boolean {
  // A long-lived process (an editor's ESLint server) sees files added and callers changed within `FRESH_MS`.
  if (Date.now() - readAt > FRESH_MS) clearReachability();
  try {
    return reached(file, name, member, resolve, 0);
  } catch {
    return false;
  }
}
