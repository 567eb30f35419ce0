/** Where code runs: the file roles and the startup judgement every rule shares, by exact filename and code. */
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Linter } from "eslint";
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { describe, expect, it } from "vitest";
import { getFileRole, isStartupCode } from "../../src/ast/runtime/runtime-context.js";
import { ROOT } from "../helpers.js";

type Context = TSESLint.RuleContext<string, []>;

/** Reports the file's role once, and `startup`/`per-call` at every `probe()` call. */
const probe = {
  meta: { type: "problem", schema: [], messages: { role: "{{role}}" } },
  create(context: Context) {
    return {
      Program(node: TSESTree.Program) {
        context.report({ node, messageId: "role", data: { role: getFileRole(context) } });
      },
      CallExpression(node: TSESTree.CallExpression) {
        if (node.callee.type === "Identifier" && node.callee.name === "probe") context.report({ node, messageId: "role", data: { role: isStartupCode(node, context) ? "startup" : "per-call" } });
      },
    };
  },
};

function judge(filename: string, code = "", cwd = ROOT): string[] {
  const linter = new Linter({ configType: "flat", cwd });
  const config = [{ files: ["**/*.js", "**/*.ts"], plugins: { t: { rules: { probe } } as never }, rules: { "t/probe": "error" as const } }];
  return linter.verify(code, config, { filename }).map((message) => message.message);
}

describe("getFileRole", () => {
  it.each([
    ["src/server.ts", "server"],
    ["src/users.test.ts", "test"],
    ["test/helpers.ts", "test"],
    ["src/__tests__/api.ts", "test"],
    ["scripts/build.ts", "script"],
    ["migrations/001-init.ts", "script"],
    ["src/cli.ts", "script"],
    ["lib/binaries/DevCLI.js", "script"],
    ["lib/CliAuth.js", "script"],
    ["src/client.ts", "server"],
    ["examples/basic.js", "script"],
  ])("%s is %s", (file, role) => {
    expect(judge(path.join(ROOT, file))).toEqual([role]);
  });

  it("a module that imports VS Code's or Electron's API serves one user: a script", () => {
    expect(judge(path.join(ROOT, "src", "commands.ts"), 'import * as vscode from "vscode";\nprobe();')).toEqual(["script", "startup"]);
    expect(judge(path.join(ROOT, "src", "main.js"), 'const { app } = require("electron");\nprobe();')).toEqual(["script", "startup"]);
    expect(judge(path.join(ROOT, "src", "uses-a-name.js"), 'const vscode = require("./vscode.js");\nprobe();')).toEqual(["server", "startup"]);
  });

  it("a shebang makes a script", () => {
    expect(judge(path.join(ROOT, "src", "tool.js"), "#!/usr/bin/env node\nprobe();")).toEqual(["script", "startup"]);
  });

  it("a bin entry of the nearest package.json makes a script; so do the package's other files, unless it depends on a server framework", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "runtime-context-"));
    mkdirSync(path.join(dir, "tool", "lib"), { recursive: true });
    mkdirSync(path.join(dir, "daemon", "lib"), { recursive: true });
    writeFileSync(path.join(dir, "tool", "package.json"), JSON.stringify({ name: "tool", bin: { tool: "./lib/run.js" } }));
    writeFileSync(path.join(dir, "daemon", "package.json"), JSON.stringify({ name: "daemon", bin: { daemon: "./lib/run.js" }, dependencies: { fastify: "^5.0.0" } }));
    expect(judge(path.join(dir, "tool", "lib", "run.js"), "", dir)).toEqual(["script"]);
    expect(judge(path.join(dir, "tool", "lib", "api.js"), "", dir)).toEqual(["script"]);
    expect(judge(path.join(dir, "daemon", "lib", "run.js"), "", dir)).toEqual(["script"]);
    expect(judge(path.join(dir, "daemon", "lib", "api.js"), "", dir)).toEqual(["server"]);
  });
});

describe("isStartupCode", () => {
  const file = path.join(ROOT, "src", "app.ts");
  it.each([
    ["probe();", "startup"],
    ["export async function handle() { probe(); }", "per-call"],
    ["async function main() { probe(); }", "startup"],
    ["export async function initDatabase() { probe(); }", "startup"],
    ["export const setup = async () => { probe(); };", "startup"],
    ["module.exports = { init: async function () { probe(); } };", "startup"],
    ["class Node { async init() { probe(); } }", "per-call"],
    ["class Server { async start() { probe(); } }", "startup"],
    ["class Adapter { async performInitialization() { probe(); } }", "startup"],
    ["export async function login() { probe(); if (!ok) process.exit(1); }", "startup"],
    ["export function start(ids) { probe(); }", "per-call"],
    // Code reached only from startup, through this file's calls.
    ["async function loadPlugins() { probe(); }\nasync function main() { await loadPlugins(); }\nmain();", "startup"],
    ["async function warm() { probe(); }\nawait warm();", "startup"],
    ["async function load() { probe(); }\nexport async function handle() { await load(); }", "per-call"],
    ["async function load() { probe(); }\napp.get('/x', load);", "per-call"],
    ["export async function load() { probe(); }\nawait load();", "per-call"],
    // A route registered by a setup function runs per request.
    ["import express from 'express';\nconst app = express();\nexport function setupRoutes() { app.get('/x', async (req, res) => { probe(); }); }", "per-call"],
    ["import express from 'express';\nconst app = express();\nexport function setupRoutes() { probe(); app.get('/x', async (req, res) => res.end()); }", "startup"],
  ])("%s → %s", (code, expected) => {
    expect(judge(file, code)).toEqual(["server", expected]);
  });
});

describe("tools that package.json scripts run", () => {
  it("a file a script runs with node is a script; the start script's file and the package's main are not", () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), "runtime-scripts-"));
    mkdirSync(path.join(dir, "extra", "release"), { recursive: true });
    mkdirSync(path.join(dir, "server"), { recursive: true });
    writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "kuma", main: "server/main.js", dependencies: { express: "^5.0.0" }, scripts: { "start-server": "node server/server.js", changelog: "node ./extra/release/changelog.js", "download-dist": "node extra/download.js && echo ok" } }),
    );
    expect(judge(path.join(dir, "extra", "release", "changelog.js"), "probe();", dir)).toEqual(["script", "startup"]);
    expect(judge(path.join(dir, "extra", "download.js"), "", dir)).toEqual(["script"]);
    expect(judge(path.join(dir, "server", "server.js"), "", dir)).toEqual(["server"]);
    expect(judge(path.join(dir, "server", "main.js"), "", dir)).toEqual(["server"]);
    expect(judge(path.join(dir, "extra", "other.js"), "", dir)).toEqual(["server"]);
  });
});
