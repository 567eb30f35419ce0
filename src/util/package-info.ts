import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** This package's own `package.json`, found from the running file (source or `dist/`). */
export function readOwnPackage(): { name: string; version: string } {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    try {
      const json = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as { name: string; version: string };
      if (json.name === "eslint-plugin-concurrency") return json;
    } catch {
      // not here: keep walking up
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("eslint-plugin-concurrency: cannot find its own package.json");
    dir = parent;
  }
}
