/** Package roles from package.json files and the workspace (src/project/package-roles.ts), and what rules make of them. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Linter } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import plugin from "../../src/index.js";
import { clearPackageRoles, packageRole } from "../../src/project/package-roles.js";

let root: string;
const at = (...parts: string[]) => path.join(root, ...parts);
const write = (file: string, text: string) => {
  mkdirSync(path.dirname(at(file)), { recursive: true });
  writeFileSync(at(file), text);
};
const manifest = (folder: string, fields: object) => write(path.join(folder, "package.json"), JSON.stringify(fields));

/** A request without a timeout: `require-timeout` reports it where the code serves others. */
const FETCH = "export async function load(id) {\n  const response = await fetch(`https://api.example.com/items/${id}`);\n  return response.json();\n}\n";

beforeAll(() => {
  root = mkdtempSync(path.join(os.tmpdir(), "concurrency-roles-"));
  manifest("", { name: "acme", private: true, workspaces: ["packages/*"] });
  manifest("packages/cli", { name: "@acme/cli", bin: { acme: "./bin/acme.js" }, dependencies: { commander: "^12.0.0", "@acme/core": "*", "@acme/shared": "*" } });
  manifest("packages/core", { name: "@acme/core" });
  manifest("packages/api", { name: "@acme/api", dependencies: { express: "^5.0.0", "@acme/shared": "*" } });
  manifest("packages/shared", { name: "@acme/shared" });
  manifest("packages/ext", { name: "acme-vscode", engines: { vscode: "^1.90.0" }, dependencies: { "@acme/ui": "*" } });
  manifest("packages/ui", { name: "@acme/ui" });
  manifest("packages/desk", { name: "acme-desktop", devDependencies: { electron: "^30.0.0" } });
  manifest("packages/lonely", { name: "@acme/lonely" });
  manifest("packages/tool", { name: "@acme/tool", bin: "./tool.js", devDependencies: { fastify: "^5.0.0" } });
  for (const folder of ["cli", "core", "api", "shared", "ext", "ui", "desk", "lonely", "tool"]) write(`packages/${folder}/src/load.js`, FETCH);
  write("packages/broken/package.json", "{ not json");
  write("packages/broken/src/load.js", FETCH);
  clearPackageRoles();
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("packageRole", () => {
  it.each([
    ["cli", "cli"],
    ["core", "cli"],
    ["api", "server"],
    ["shared", "server"],
    ["ext", "editor-extension"],
    ["ui", "editor-extension"],
    ["desk", "desktop"],
    ["lonely", "library"],
    ["tool", "server"],
    ["broken", "library"],
  ])("packages/%s is %s", (folder, role) => {
    expect(packageRole(at("packages", folder, "src", "load.js"))).toBe(role);
  });
});

describe("rules by package role", () => {
  const lint = (folder: string) => {
    const file = at("packages", folder, "src", "load.js");
    const linter = new Linter({ cwd: root });
    return linter.verify(FETCH, [{ files: ["**/*.js"], ...plugin.configs.recommended }], { filename: file }).map((message) => [message.ruleId, message.line, message.column]);
  };

  it("report in a server package and in a library that a server uses", () => {
    expect(lint("api")).toEqual([["concurrency/require-timeout", 2, 26]]);
    expect(lint("shared")).toEqual([["concurrency/require-timeout", 2, 26]]);
    expect(lint("lonely")).toEqual([["concurrency/require-timeout", 2, 26]]);
  });

  it("stay silent in a CLI, a library only a CLI uses, an editor extension and a desktop app", () => {
    for (const folder of ["cli", "core", "ext", "ui", "desk"]) expect(lint(folder), folder).toEqual([]);
  });
});
