/**
 * Which files the codemod processes. Without paths: the files of the tsconfig (`--project`, default the
 * nearest `tsconfig.json`) plus the JavaScript files next to them; with paths: those files, folders and
 * globs. Always: lintable extensions only, no declaration files, never `node_modules` or build output,
 * `.gitignore` respected inside a git repository, `--include`/`--exclude` applied, symlinks that leave the
 * given roots skipped. ts-morph's TypeScript reads the tsconfig.
 */
import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from "node:fs";
import path from "node:path";
import { ts } from "ts-morph";
import { LINTABLE_EXTENSIONS } from "../util/language-options.js";
import { gitRoot, ignoredFiles } from "./git.js";
import { globBase, globToRegExp, hasGlobSyntax, matchesAny } from "./glob.js";
import { CodemodUsageError } from "./options.js";

/** Folders never entered: dependencies, build output, VCS and tool data. */
export const NEVER_DIRS = new Set(["node_modules", "dist", "build", "out", "coverage", ".git", ".next", ".nuxt", ".turbo", ".cache"]);

export interface DiscoverOptions {
  cwd: string;
  paths?: readonly string[] | undefined;
  project?: string | undefined;
  include?: readonly string[] | undefined;
  exclude?: readonly string[] | undefined;
}

export interface Discovery {
  /** Absolute paths, sorted. */
  files: string[];
  /** Real paths of the folders (or files) the codemod may write inside. */
  roots: string[];
  /** The tsconfig used for discovery, types and verification. */
  tsconfig: string | undefined;
  /** Files that tsconfig includes. */
  projectFiles: Set<string>;
  /** The git work tree, when the files live in one. */
  gitRoot: string | undefined;
  skipped: { file: string; reason: string }[];
}

export function isLintable(file: string): boolean {
  return LINTABLE_EXTENSIONS.some((ext) => file.endsWith(ext)) && !/\.d\.[cm]?ts$/u.test(file);
}

const isJavaScript = (file: string): boolean => /\.[cm]?jsx?$/u.test(file);

/** The nearest `tsconfig.json` from `dir` up, not above `stop` (the git root) when given. */
export function findTsconfig(dir: string, stop: string | undefined): string | undefined {
  let current = dir;
  for (;;) {
    const candidate = path.join(current, "tsconfig.json");
    if (existsSync(candidate)) return candidate;
    const parent = path.dirname(current);
    if (parent === current || (stop !== undefined && path.relative(stop, current) === "")) return undefined;
    current = parent;
  }
}

/** The files a tsconfig includes (through TypeScript's own config parser). */
export function tsconfigFiles(tsconfig: string): string[] {
  const read = ts.readConfigFile(tsconfig, (file) => ts.sys.readFile(file));
  if (read.error) return [];
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(tsconfig), undefined, tsconfig);
  return parsed.fileNames.map((file) => path.resolve(file));
}

export function isInside(file: string, root: string): boolean {
  const relative = path.relative(root, file);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
}

function realpath(file: string): string {
  try {
    return realpathSync(file);
  } catch {
    return path.resolve(file);
  }
}

function walk(dir: string, roots: readonly string[], out: string[], skipped: Discovery["skipped"]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!NEVER_DIRS.has(entry.name)) walk(full, roots, out, skipped);
    } else if (entry.isFile()) {
      if (isLintable(full)) out.push(full);
    } else if (entry.isSymbolicLink() && isLintable(full)) {
      // Linked folders are never followed; a linked file only when its target stays inside the roots.
      const target = realpath(full);
      if (roots.some((root) => isInside(target, root)) && existsSync(target) && statSync(target).isFile()) out.push(full);
      else skipped.push({ file: full, reason: "symbolic link that leaves the given paths" });
    }
  }
}

export function discoverFiles(options: DiscoverOptions): Discovery {
  const cwd = path.resolve(options.cwd);
  const repo = gitRoot(cwd);
  const skipped: Discovery["skipped"] = [];
  const paths = options.paths ?? [];
  let tsconfig = options.project ? path.resolve(cwd, options.project) : undefined;
  if (tsconfig && !existsSync(tsconfig)) throw new CodemodUsageError(`No tsconfig at ${tsconfig}.`);
  const candidates: string[] = [];
  let roots: string[];

  if (paths.length === 0) {
    tsconfig ??= findTsconfig(cwd, repo);
    const base = options.project && tsconfig ? path.dirname(tsconfig) : cwd;
    roots = [realpath(base)];
    if (tsconfig) {
      candidates.push(...tsconfigFiles(tsconfig).filter((file) => isInside(realpath(file), roots[0]!)));
      const js: string[] = [];
      walk(base, roots, js, skipped);
      candidates.push(...js.filter(isJavaScript));
    } else {
      walk(base, roots, candidates, skipped);
    }
  } else {
    roots = [];
    const walks: { dir: string; filter?: RegExp }[] = [];
    for (const given of paths) {
      if (hasGlobSyntax(given)) {
        const dir = path.resolve(cwd, globBase(given));
        roots.push(realpath(dir));
        walks.push({ dir, filter: globToRegExp(path.relative(cwd, path.resolve(cwd, given)).split(path.sep).join("/")) });
        continue;
      }
      const full = path.resolve(cwd, given);
      if (!existsSync(full)) throw new CodemodUsageError(`No such file or folder: ${given}.`);
      roots.push(realpath(full));
      if (lstatSync(full).isDirectory()) walks.push({ dir: full });
      else if (isLintable(full)) candidates.push(full);
      else skipped.push({ file: full, reason: "not a JavaScript or TypeScript file" });
    }
    for (const { dir, filter } of walks) {
      const found: string[] = [];
      walk(dir, roots, found, skipped);
      candidates.push(...(filter ? found.filter((file) => filter.test(path.relative(cwd, file).split(path.sep).join("/"))) : found));
    }
    // The nearest tsconfig from the first path: a folder's own, else its parent's (a file's folder's).
    const first = path.resolve(cwd, hasGlobSyntax(paths[0]!) ? globBase(paths[0]!) : paths[0]!);
    tsconfig ??= findTsconfig(existsSync(first) && lstatSync(first).isDirectory() ? first : path.dirname(first), repo);
  }

  const include = (options.include ?? []).map(globToRegExp);
  const exclude = (options.exclude ?? []).map(globToRegExp);
  let files = [...new Set(candidates.map((file) => path.resolve(file)))].filter((file) => {
    if (!isLintable(file)) return false;
    const relative = path.relative(cwd, file).split(path.sep).join("/");
    if (relative.split("/").some((segment) => NEVER_DIRS.has(segment))) return false;
    if (include.length > 0 && !matchesAny(relative, include)) return false;
    return !matchesAny(relative, exclude);
  });
  if (repo) {
    const ignored = ignoredFiles(repo, files);
    files = files.filter((file) => !ignored.has(file));
  }
  files.sort();
  const projectFiles = new Set(tsconfig ? tsconfigFiles(tsconfig) : []);
  return { files, roots, tsconfig, projectFiles, gitRoot: repo, skipped };
}
