/**
 * Writing: only inside the given roots (checked on real paths, so a symlink cannot lead out), never
 * half-written (a temporary file next to the target, then `rename`), file mode kept.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, lstatSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { isInside } from "./discover.js";

export class UnsafeWriteError extends Error {}

/** The real path the write would land on, if it is inside one of `roots`; else `undefined`. */
export function writeTarget(file: string, roots: readonly string[]): string | undefined {
  let target: string;
  try {
    target = realpathSync(file);
  } catch {
    return undefined;
  }
  return roots.some((root) => isInside(target, root)) ? target : undefined;
}

/** Writes `text` to `file` atomically; refuses anything outside `roots`. */
export function writeFileAtomic(file: string, text: string, roots: readonly string[]): void {
  const target = writeTarget(file, roots);
  if (!target) throw new UnsafeWriteError(`refusing to write outside the given paths: ${file}`);
  if (lstatSync(target).isSymbolicLink()) throw new UnsafeWriteError(`refusing to write through a symbolic link: ${file}`);
  const mode = statSync(target).mode & 0o7777;
  const temp = path.join(path.dirname(target), `.${path.basename(target)}.concurrency-codemod-${process.pid}-${randomBytes(4).toString("hex")}.tmp`);
  try {
    writeFileSync(temp, text, { encoding: "utf8", flag: "wx", mode });
    chmodSync(temp, mode);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
