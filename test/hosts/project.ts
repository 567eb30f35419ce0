/** A throwaway user project in the OS temp dir whose node_modules links this plugin and the given packages of the repo. */
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT } from "../helpers.js";

export interface TempProject {
  dir: string;
  write(file: string, text: string): void;
  remove(): void;
}

/** `links` maps a package name in the temp project to a package directory name under this repo's node_modules. */
export function tempProject(prefix: string, files: Record<string, string>, links: Record<string, string> = {}): TempProject {
  const dir = mkdtempSync(path.join(os.tmpdir(), `concurrency-${prefix}-`));
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    writeFileSync(path.join(dir, file), text);
  };
  const link = (name: string, target: string) => {
    mkdirSync(path.dirname(path.join(dir, "node_modules", name)), { recursive: true });
    symlinkSync(target, path.join(dir, "node_modules", name), "dir");
  };
  link("eslint-plugin-concurrency", ROOT);
  for (const [name, source] of Object.entries(links)) link(name, path.join(ROOT, "node_modules", source));
  write("package.json", `${JSON.stringify({ name: "user-app", private: true, type: "module" }, null, 2)}\n`);
  write("eslint.config.js", 'import concurrency from "eslint-plugin-concurrency";\n\nexport default [concurrency.configs.recommended];\n');
  for (const [file, text] of Object.entries(files)) write(file, text);
  return { dir, write, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A legacy file with two findings: a blocking call in an async function (7:10) and a fetch without a signal in an express handler (11:26). */
export const LEGACY_JS = `import { execSync } from "node:child_process";
import express from "express";

const app = express();

export async function revision(dir) {
  return execSync(\`git -C \${dir} rev-parse HEAD\`).toString();
}

app.get("/users/:id", async (req, res) => {
  const response = await fetch(\`https://api.example.com/users/\${req.params.id}\`);
  res.json(await response.json());
});
`;

export const DOCS_URL = (id: string) => `https://github.com/eslint-plugin-concurrency/eslint-plugin-concurrency/blob/main/docs/rules/${id}.md`;
