/** Temporary git repositories and the built codemod CLI, shared by the CLI tests. */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "../helpers.js";

export const CLI = path.join(ROOT, "dist", "src", "codemod", "cli.js");
const created: string[] = [];

export function sh(cwd: string, command: string, args: string[]): string {
  const result = spawnSync(command, args, { cwd, encoding: "utf8" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed: ${result.stderr}`);
  return result.stdout;
}

export function gitStatus(cwd: string): string {
  return sh(cwd, "git", ["status", "--porcelain"]);
}

export function commitAll(cwd: string, message: string): void {
  sh(cwd, "git", ["add", "-A"]);
  sh(cwd, "git", ["commit", "-q", "--allow-empty", "-m", message]);
}

/** Writes `files` into a fresh directory, lets `prepare` add to it, then commits everything in a new git repository. */
export function makeGitProject(prefix: string, files: Record<string, string>, prepare?: (dir: string) => void): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  created.push(dir);
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  }
  prepare?.(dir);
  sh(dir, "git", ["init", "-q"]);
  sh(dir, "git", ["config", "user.email", "codemod@example.com"]);
  sh(dir, "git", ["config", "user.name", "codemod test"]);
  sh(dir, "git", ["config", "commit.gpgsign", "false"]);
  commitAll(dir, "initial");
  return dir;
}

/** Runs the built `concurrency-codemod` in `cwd`, as CI would (no colours, no TTY). */
export function runCli(cwd: string, args: string[]): { status: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: "utf8", env: { ...process.env, CI: "1", NO_COLOR: "1" } });
  return { status: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

export function assertBuilt(): void {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: build first (npm run build, or npm test which builds).`);
}

export function removeProjects(): void {
  for (const dir of created.splice(0)) rmSync(dir, { recursive: true, force: true });
}
