/**
 * The ledger's projects: the pinned npm packages of eval/packages.json (fetched with `npm pack`) and the
 * real applications of ../shared/apps (eval/apps.json; unpacked from sources.tar.gz). Each project is a
 * folder in the cache, linted in place so that a rule sees each file's real path and its package.json.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fetchPackages, ROOT } from "../bench/workspace.mjs";

const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/u;
const DECLARATION = /\.d\.[cm]?ts$/u;
const NEVER = new Set(["node_modules", ".git"]);
const MAX_BYTES = 400 * 1024;

/** The prefix of an application's cell in the ledger's `package` column. */
export const APP_PREFIX = "apps/";

/**
 * @typedef {{ id: string, kind: "package" | "app", split: "tune" | "check", dir?: string, include?: RegExp }} Project
 */

/** Every project of the ledger, with its split; `dir` is filled by `materialize`. */
export function listProjects() {
  const packages = JSON.parse(readFileSync(path.join(ROOT, "eval", "packages.json"), "utf8")).packages.map((entry) => ({
    id: entry.spec,
    kind: "package",
    split: entry.split ?? "tune",
    include: entry.include ? new RegExp(entry.include, "u") : undefined,
  }));
  const apps = JSON.parse(readFileSync(path.join(ROOT, "eval", "apps.json"), "utf8"));
  const applications = apps.apps.map((entry) => ({ id: `${APP_PREFIX}${entry.name}`, name: entry.name, kind: "app", split: entry.split }));
  return { projects: [...packages, ...applications], appsSource: path.resolve(ROOT, process.env.CONCURRENCY_SHARED_APPS ?? apps.source) };
}

/**
 * Unpacks the applications' sources once into `cache` (keyed by the tarball's size and mtime) and
 * returns their folder, or undefined (with the reason logged) when ../shared/apps is absent.
 */
export function unpackApps(source, cache, log) {
  const tarball = path.join(source, "sources.tar.gz");
  if (!existsSync(tarball)) {
    log(`eval: ${path.relative(ROOT, source) || source} is not here (no sources.tar.gz); the real applications are left out of this run (CI runs them)`);
    return undefined;
  }
  const stamp = statSync(tarball);
  const target = path.join(cache, "apps", `${stamp.size}-${Math.floor(stamp.mtimeMs)}`);
  if (!existsSync(path.join(target, ".unpacked"))) {
    const partial = `${target}.partial`;
    rmSync(partial, { recursive: true, force: true });
    mkdirSync(partial, { recursive: true });
    execFileSync("tar", ["-xzf", tarball, "-C", partial]);
    writeFileSync(path.join(partial, ".unpacked"), "");
    rmSync(target, { recursive: true, force: true });
    renameSync(partial, target);
  }
  return target;
}

/** Fills each project's `dir`; returns the projects that are here and says which are not. */
export function materialize(projects, appsSource, cache, log) {
  const packages = projects.filter((project) => project.kind === "package");
  const dirs = fetchPackages(packages.map((project) => project.id), log, cache);
  for (const project of packages) project.dir = dirs.find((dir) => path.basename(dir) === project.id.replace("/", "__"));
  const apps = projects.filter((project) => project.kind === "app");
  const appsDir = apps.length > 0 ? unpackApps(appsSource, cache, log) : undefined;
  for (const project of apps) {
    const dir = appsDir && path.join(appsDir, project.name);
    if (dir && existsSync(dir)) project.dir = dir;
    else if (appsDir) log(`eval: ${project.id} is not in ${appsSource}; left out`);
  }
  for (const project of packages) if (!project.dir) log(`eval: ${project.id} could not be fetched; its verdicts are not checked in this run`);
  return projects.filter((project) => project.dir);
}

/** The project's lintable files, relative to its folder, sorted. */
export function sourceFiles(project) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (NEVER.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        walk(full);
        continue;
      }
      const relative = path.relative(project.dir, full).split(path.sep).join("/");
      if (!entry.isFile() || !SOURCE.test(entry.name) || DECLARATION.test(entry.name) || /\.min\.js$/u.test(entry.name)) continue;
      if (project.include && !project.include.test(relative)) continue;
      if (statSync(full).size > MAX_BYTES) continue;
      out.push(relative);
    }
  };
  walk(project.dir);
  return out.sort();
}
