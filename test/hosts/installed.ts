/**
 * The plugin as a user gets it: `npm pack` of the built repository, and throwaway projects in the OS temp dir
 * that `npm install` the tarball (from the npm cache when it holds the packages, else from the registry).
 */
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "../helpers.js";

const NPM = process.platform === "win32" ? "npm.cmd" : "npm";

function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  const run = spawnSync(NPM, args, { cwd, encoding: "utf8", timeout: 180_000 });
  if (run.status !== 0) throw new Error(`npm ${args.join(" ")} failed in ${cwd} (exit ${run.status}):\n${run.stderr}`);
  return run;
}

/**
 * Packs the repository (`dist/` must be built: `npm run build`) into a fresh temp dir; returns the tarball's
 * path. `--ignore-scripts`: packing must not rebuild `dist/` under the feet of whoever else builds.
 */
export function packPlugin(): { tarball: string; remove(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "concurrency-pack-"));
  npm(["pack", "--ignore-scripts", "--silent", "--pack-destination", dir], ROOT);
  const tarball = readdirSync(dir).find((file) => file.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack wrote no tarball into ${dir}`);
  return { tarball: path.join(dir, tarball), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface InstalledProject {
  dir: string;
  write(file: string, text: string): void;
  remove(file: string): void;
  /** Runs `node <cwd>/node_modules/.bin/<bin> …args` (the bin's JS file, so no shell is involved). */
  run(bin: string, args: string[], options?: { timeout?: number; env?: Record<string, string> }): { status: number | null; stdout: string; stderr: string };
  destroy(): void;
}

/** Bin names to the JS file npm links them to, for the packages these tests run. */
const BIN_FILES: Record<string, string> = {
  eslint: "eslint/bin/eslint.js",
  "concurrency-codemod": "eslint-plugin-concurrency/dist/src/codemod/cli.js",
};

/**
 * A user project (`"type": "module"`) whose `devDependencies` are `dependencies` (name → version range or
 * `file:` tarball), installed with `npm install --prefer-offline --no-audit --no-fund`.
 */
export function installedProject(prefix: string, dependencies: Record<string, string>, files: Record<string, string> = {}): InstalledProject {
  const dir = mkdtempSync(path.join(os.tmpdir(), `concurrency-${prefix}-`));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  write("package.json", `${JSON.stringify({ name: "user-app", version: "1.0.0", private: true, type: "module", devDependencies: dependencies }, null, 2)}\n`);
  npm(["install", "--prefer-offline", "--no-audit", "--no-fund"], dir);
  for (const [file, text] of Object.entries(files)) write(file, text);
  return {
    dir,
    write,
    remove: (file) => rmSync(path.join(dir, file), { force: true }),
    run(bin, args, options = {}) {
      const script = BIN_FILES[bin] ?? bin;
      const result = spawnSync(process.execPath, [path.join(dir, "node_modules", script), ...args], {
        cwd: dir,
        encoding: "utf8",
        timeout: options.timeout ?? 60_000,
        env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0", ...options.env },
      });
      return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    },
    destroy: () => rmSync(dir, { recursive: true, force: true }),
  };
}
