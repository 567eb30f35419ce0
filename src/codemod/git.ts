/** The little the codemod asks git: is this a repository, what is ignored, what is uncommitted. */
import { spawnSync } from "node:child_process";

function git(cwd: string, args: string[], input?: string): { status: number; stdout: string } | undefined {
  const result = spawnSync("git", args, { cwd, input, encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
  if (result.error) return undefined;
  return { status: result.status ?? 1, stdout: result.stdout };
}

/** The top folder of the git work tree holding `dir`, or `undefined`. */
export function gitRoot(dir: string): string | undefined {
  const result = git(dir, ["rev-parse", "--show-toplevel"]);
  return result?.status === 0 ? result.stdout.trim() : undefined;
}

/** The files among `files` that `.gitignore` (and the other standard excludes) ignore. */
export function ignoredFiles(repo: string, files: readonly string[]): Set<string> {
  if (files.length === 0) return new Set();
  const result = git(repo, ["check-ignore", "--stdin", "-z"], files.join("\0") + "\0");
  // Exit code 1: nothing ignored; 128: an error (treat as nothing ignored).
  if (!result || result.status !== 0) return new Set();
  return new Set(result.stdout.split("\0").filter(Boolean));
}

/** Uncommitted changes (modified, staged, untracked, not ignored) under `paths`, as `git status` lines. */
export function uncommittedChanges(repo: string, paths: readonly string[]): string[] {
  const result = git(repo, ["status", "--porcelain", "--untracked-files=all", "--", ...paths]);
  if (!result || result.status !== 0) return [];
  return result.stdout.split("\n").filter((line) => line.trim() !== "");
}
