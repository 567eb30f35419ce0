/**
 * A large real-world tree for the bench and the real-packages check: the published tarballs of a few
 * backend packages (`npm pack`, cached in .bench-cache/tarballs), unpacked, and their JS/TS sources copied
 * into a workspace outside any git repository. Folder names the codemod never enters (`dist`, `build`, …)
 * are renamed in the copy so that every tool sees the same files.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const CACHE = path.join(ROOT, ".bench-cache");
export const PACKAGES = ["express", "fastify", "pg", "mysql2", "axios", "got", "undici", "bullmq", "ioredis", "koa", "mongodb", "piscina"];

const LINTABLE = /\.(?:[cm]?[jt]s|[jt]sx)$/u;
const NEVER = new Set(["node_modules", "dist", "build", "out", "coverage", ".git", ".next", ".nuxt", ".turbo", ".cache"]);
const MAX_BYTES = 400 * 1024;

function npm(args, cwd) {
  return execFileSync(process.platform === "win32" ? "npm.cmd" : "npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

/**
 * Fetches (or reuses) the tarballs into `cache`; returns the unpacked package folders. Names may pin a
 * version (`pg@8.23.1`). Packages that cannot be fetched are reported and left out.
 */
export function fetchPackages(names = PACKAGES, log = console.error, cache = CACHE) {
  const tarballs = path.join(cache, "tarballs");
  const unpacked = path.join(cache, "packages");
  mkdirSync(tarballs, { recursive: true });
  mkdirSync(unpacked, { recursive: true });
  const dirs = [];
  for (const name of names) {
    const target = path.join(unpacked, name.replace("/", "__"));
    if (!existsSync(path.join(target, "package.json"))) {
      try {
        const out = npm(["pack", name, "--silent", "--pack-destination", tarballs], ROOT).trim().split("\n").pop();
        rmSync(target, { recursive: true, force: true });
        mkdirSync(target, { recursive: true });
        execFileSync("tar", ["-xzf", path.join(tarballs, out), "-C", target, "--strip-components=1"]);
      } catch (error) {
        log(`bench: cannot fetch ${name} (${String(error.message).split("\n")[0]}); left out`);
        continue;
      }
    }
    dirs.push(target);
  }
  return dirs;
}

function collect(dir, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) collect(full, out);
    else if (entry.isFile() && LINTABLE.test(entry.name) && !/\.d\.[cm]?ts$/u.test(entry.name) && !/\.min\.js$/u.test(entry.name) && statSync(full).size <= MAX_BYTES) out.push(full);
  }
}

/** Copies the packages' sources into a fresh workspace (outside git); returns it and its files. */
export function prepareWorkspace(packageDirs) {
  const workspace = path.join(os.tmpdir(), `concurrency-bench-${process.pid}`);
  rmSync(workspace, { recursive: true, force: true });
  const files = [];
  for (const dir of packageDirs) {
    const sources = [];
    collect(dir, sources);
    for (const source of sources) {
      const relative = path.relative(path.dirname(dir), source).split(path.sep).map((part) => (NEVER.has(part) ? `_${part}` : part));
      const target = path.join(workspace, ...relative);
      mkdirSync(path.dirname(target), { recursive: true });
      cpSync(source, target);
      files.push(target);
    }
  }
  files.sort();
  writeFileSync(path.join(workspace, "files.json"), JSON.stringify(files));
  return { workspace, files };
}

export function removeWorkspace(workspace) {
  rmSync(workspace, { recursive: true, force: true });
}

/**
 * A typed TypeScript project for the typed measurements: the bundled sample backend (fixtures/sample-app,
 * which has findings to fix) beside this repository's own rule and library sources (real TypeScript with
 * few findings), under one strict tsconfig, with node_modules linked to this repository's.
 */
export function prepareTypedWorkspace() {
  const workspace = path.join(os.tmpdir(), `concurrency-bench-typed-${process.pid}`);
  rmSync(workspace, { recursive: true, force: true });
  const files = [];
  const copy = (from, to) => {
    const sources = [];
    collect(from, sources);
    for (const source of sources) {
      const target = path.join(workspace, to, path.relative(from, source));
      mkdirSync(path.dirname(target), { recursive: true });
      cpSync(source, target);
      files.push(target);
    }
  };
  copy(path.join(ROOT, "fixtures", "sample-app", "src"), "app");
  copy(path.join(ROOT, "src"), path.join("lib", "src"));
  copy(path.join(ROOT, "rules"), path.join("lib", "rules"));
  const compilerOptions = { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: true, esModuleInterop: true, types: ["node"] };
  writeFileSync(path.join(workspace, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["app", "lib"] }, null, 2));
  writeFileSync(path.join(workspace, "package.json"), JSON.stringify({ name: "bench-typed", private: true, type: "module" }));
  symlinkSync(path.join(ROOT, "node_modules"), path.join(workspace, "node_modules"), "dir");
  files.sort();
  writeFileSync(path.join(workspace, "files.json"), JSON.stringify(files));
  return { workspace, files };
}
