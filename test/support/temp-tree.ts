/** A temporary folder of files for the project-model tests: `file(name)` is its path, `write(name, text)` creates it (and its folders). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

export interface TempTree {
  readonly dir: string;
  file(name: string): string;
  write(name: string, text: string): void;
  remove(): void;
}

export function tempTree(prefix: string): TempTree {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  const file = (name: string) => path.join(dir, name);
  return {
    dir,
    file,
    write(name, text) {
      mkdirSync(path.dirname(file(name)), { recursive: true });
      writeFileSync(file(name), text);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
