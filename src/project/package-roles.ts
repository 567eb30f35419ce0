/**
 * Where a package's code runs, from package.json files rather than folder names:
 *
 * - `server`: it depends (development dependencies included: the safe side) on what starts a long-running
 *   server, worker or daemon (an HTTP, RPC or socket framework, a queue worker, a scheduler), listed in
 *   `SERVER_PACKAGES`;
 * - `cli`: it has a `bin` or a command framework and nothing that starts a server;
 * - `editor-extension`: a VS Code extension (`engines.vscode`): one user, in the editor's extension host;
 * - `desktop`: an Electron app: one user;
 * - `library`: none of these. In a workspace (npm/yarn `workspaces`, `pnpm-workspace.yaml`, `lerna.json`),
 *   a library takes the role of the workspace packages that depend on it: when every one of them is a
 *   CLI, an editor extension or a desktop app, so is it (its code runs only there); one server among them
 *   makes it a server.
 *
 * The data (which packages mean what) is kept here, in one place. Computed once per package folder and
 * workspace; a package.json that cannot be read or parsed gives `library` (the rules then decide as before).
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { globSync } from "tinyglobby";

export type PackageRole = "server" | "cli" | "editor-extension" | "desktop" | "library";

/** Packages whose use means the code serves many requests, jobs or messages over a long run. */
export const SERVER_PACKAGES: readonly string[] = [
  "express",
  "fastify",
  "koa",
  "@koa/router",
  "koa-router",
  "@hapi/hapi",
  "hapi",
  "hono",
  "@hono/node-server",
  "restify",
  "polka",
  "micro",
  "h3",
  "elysia",
  "@nestjs/core",
  "next",
  "@remix-run/node",
  "@remix-run/server-runtime",
  "@sveltejs/kit",
  "nuxt",
  "@trpc/server",
  "@grpc/grpc-js",
  "socket.io",
  "ws",
  "graphql-yoga",
  "@apollo/server",
  "apollo-server",
  "apollo-server-express",
  "moleculer",
  "bullmq",
  "bull",
  "bee-queue",
  "pg-boss",
  "graphile-worker",
  "agenda",
  "node-cron",
  "cron",
  "kafkajs",
  "amqplib",
  "@slack/bolt",
  "telegraf",
  "discord.js",
  "probot",
  "parse-server",
];

/** Command-line frameworks: a package built on one is a command. */
export const CLI_PACKAGES: readonly string[] = ["commander", "yargs", "@oclif/core", "oclif", "cac", "meow", "clipanion", "citty", "sade", "caporal", "vorpal", "@clack/prompts", "inquirer", "enquirer", "prompts"];

interface Manifest {
  name?: string;
  bin?: unknown;
  main?: unknown;
  scripts?: Record<string, unknown>;
  engines?: { vscode?: unknown };
  workspaces?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

const manifests = new Map<string, Manifest | null>();

function readManifest(dir: string): Manifest | null {
  if (manifests.has(dir)) return manifests.get(dir)!;
  let manifest: Manifest | null = null;
  try {
    manifest = JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")) as Manifest;
  } catch {
    manifest = null;
  }
  manifests.set(dir, manifest);
  return manifest;
}

const owners = new Map<string, string | null>();

/** The folder of the package.json that owns `folder` (the nearest one above it), or null. */
export function packageFolder(folder: string): string | null {
  if (owners.has(folder)) return owners.get(folder)!;
  let result: string | null;
  if (existsSync(path.join(folder, "package.json")) && readManifest(folder)) result = folder;
  else {
    const parent = path.dirname(folder);
    result = parent === folder || path.basename(folder) === "node_modules" ? null : packageFolder(parent);
  }
  owners.set(folder, result);
  return result;
}

const runtimeDependencies = (manifest: Manifest) => ({ ...manifest.optionalDependencies, ...manifest.peerDependencies, ...manifest.dependencies });

function ownRole(manifest: Manifest): PackageRole {
  if (manifest.engines?.vscode !== undefined) return "editor-extension";
  const all = { ...manifest.devDependencies, ...runtimeDependencies(manifest) };
  if ("electron" in all) return "desktop";
  // Development dependencies count for a server too: the safe side (a server keeps every finding).
  if (SERVER_PACKAGES.some((name) => name in all)) return "server";
  const runtime = runtimeDependencies(manifest);
  const hasBin = typeof manifest.bin === "string" || (typeof manifest.bin === "object" && manifest.bin !== null && Object.keys(manifest.bin).length > 0);
  if (hasBin || CLI_PACKAGES.some((name) => name in runtime)) return "cli";
  return "library";
}

interface Workspace {
  /** Package name → folder. */
  byName: Map<string, string>;
  /** Folder → the folders of the workspace packages that depend on it. */
  dependents: Map<string, string[]>;
}

const workspaces = new Map<string, Workspace | null>();

function workspacePatterns(root: string, manifest: Manifest | null): string[] | undefined {
  const declared = manifest?.workspaces;
  if (Array.isArray(declared)) return declared.filter((entry): entry is string => typeof entry === "string");
  if (declared && typeof declared === "object" && Array.isArray((declared as { packages?: unknown }).packages)) return ((declared as { packages: unknown[] }).packages).filter((entry): entry is string => typeof entry === "string");
  try {
    const yaml = readFileSync(path.join(root, "pnpm-workspace.yaml"), "utf8");
    const patterns = [...yaml.matchAll(/^\s*-\s*['"]?([^'"\n#]+?)['"]?\s*$/gmu)].map((match) => match[1]!.trim());
    if (patterns.length > 0) return patterns;
  } catch {
    // no pnpm workspace
  }
  try {
    const lerna = JSON.parse(readFileSync(path.join(root, "lerna.json"), "utf8")) as { packages?: unknown };
    if (Array.isArray(lerna.packages)) return lerna.packages.filter((entry): entry is string => typeof entry === "string");
  } catch {
    // no lerna.json
  }
  return undefined;
}

/** The workspace whose root is `root`, or null when `root` declares none. */
function workspaceAt(root: string): Workspace | null {
  if (workspaces.has(root)) return workspaces.get(root)!;
  let workspace: Workspace | null = null;
  const patterns = workspacePatterns(root, readManifest(root));
  if (patterns && patterns.length > 0) {
    let folders: string[] = [];
    try {
      folders = globSync(
        patterns.map((pattern) => `${pattern.replace(/\/+$/u, "")}/package.json`),
        { cwd: root, absolute: true, ignore: ["**/node_modules/**"], followSymbolicLinks: false },
      ).map((file) => path.dirname(path.resolve(file)));
    } catch {
      folders = [];
    }
    const byName = new Map<string, string>();
    for (const folder of folders) {
      const name = readManifest(folder)?.name;
      if (name) byName.set(name, folder);
    }
    const dependents = new Map<string, string[]>();
    for (const folder of folders) {
      const manifest = readManifest(folder);
      if (!manifest) continue;
      for (const name of Object.keys({ ...manifest.devDependencies, ...runtimeDependencies(manifest) })) {
        const target = byName.get(name);
        if (target && target !== folder) dependents.set(target, [...(dependents.get(target) ?? []), folder]);
      }
    }
    workspace = { byName, dependents };
  }
  workspaces.set(root, workspace);
  return workspace;
}

/** The workspace that `folder`'s package belongs to, and its root: the nearest ancestor that declares one. */
function workspaceWithRoot(folder: string): { root: string; workspace: Workspace } | null {
  let current = path.dirname(folder);
  for (;;) {
    if (existsSync(path.join(current, "package.json")) || existsSync(path.join(current, "pnpm-workspace.yaml"))) {
      const workspace = workspaceAt(current);
      if (workspace && [...workspace.byName.values()].includes(folder)) return { root: current, workspace };
    }
    const parent = path.dirname(current);
    if (parent === current) return null;
    current = parent;
  }
}

const workspaceOf = (folder: string): Workspace | null => workspaceWithRoot(folder)?.workspace ?? null;

/**
 * The folder whose files can import `file`'s module: the root of its package's workspace, or its package
 * folder; `null` outside any package.
 */
export function projectRoot(file: string): string | null {
  try {
    const folder = packageFolder(path.dirname(file));
    if (!folder) return null;
    return workspaceWithRoot(folder)?.root ?? folder;
  } catch {
    return null;
  }
}

/** npm script names that start the program itself (a server, a worker, a watcher), not a one-shot tool. */
const LONG_RUNNING_SCRIPT = /^(?:start|serve|server|dev|develop|prod|production|worker|watch|preview)(?:$|[-:_.])/u;
/** The file a script runs with a JavaScript runtime: `node extra/x.js`, `tsx scripts/y.ts`, `ts-node z.ts`. */
const RUN_FILE = /(?:^|[\s;&|(])(?:node|tsx|ts-node|ts-node-esm|bun|babel-node|esno|esrun|vite-node|jiti)(?:\s+--?[\w-]+(?:=\S+)?)*\s+["']?(\.{0,2}\/?[\w@./-]+?\.[cm]?[jt]sx?)["']?(?=$|[\s;&|)])/gu;

const toolFiles = new Map<string, Set<string>>();

/**
 * The one-shot tools of the package at `folder` (absolute paths): its `bin` files, and the files that its
 * package.json scripts run with a JavaScript runtime, except scripts that start the program
 * (`start`, `serve`, `dev`, `worker`, …) and the package's `main`.
 */
export function toolFilesOf(folder: string): ReadonlySet<string> {
  const cached = toolFiles.get(folder);
  if (cached) return cached;
  const files = new Set<string>();
  const manifest = readManifest(folder);
  const bin = manifest?.bin;
  for (const entry of typeof bin === "string" ? [bin] : bin && typeof bin === "object" ? Object.values(bin) : []) if (typeof entry === "string") files.add(path.resolve(folder, entry));
  const started = new Set<string>();
  for (const [name, command] of Object.entries(manifest?.scripts ?? {})) {
    if (typeof command !== "string") continue;
    for (const match of command.matchAll(RUN_FILE)) (LONG_RUNNING_SCRIPT.test(name) ? started : files).add(path.resolve(folder, match[1]!));
  }
  if (typeof manifest?.main === "string") started.add(path.resolve(folder, manifest.main));
  for (const file of started) files.delete(file);
  toolFiles.set(folder, files);
  return files;
}

const roles = new Map<string, PackageRole>();

function roleOf(folder: string, seen: Set<string>): PackageRole {
  const cached = roles.get(folder);
  if (cached) return cached;
  const manifest = readManifest(folder);
  let role: PackageRole = manifest ? ownRole(manifest) : "library";
  if (role === "library" && !seen.has(folder)) {
    seen.add(folder);
    const dependents = workspaceOf(folder)?.dependents.get(folder) ?? [];
    const theirs = dependents.map((dependent) => roleOf(dependent, seen));
    if (theirs.includes("server")) role = "server";
    else if (theirs.length > 0 && theirs.every((other) => other === "cli" || other === "editor-extension" || other === "desktop")) role = theirs.every((other) => other === theirs[0]) ? theirs[0]! : "cli";
    seen.delete(folder);
  }
  if (seen.size === 0) roles.set(folder, role);
  return role;
}

/** The role of the package that owns `file` (absolute path). */
export function packageRole(file: string): PackageRole {
  try {
    const folder = packageFolder(path.dirname(file));
    return folder ? roleOf(folder, new Set()) : "library";
  } catch {
    return "library";
  }
}

/** Forgets what was read (tests, and the codemod at the start of a run). */
export function clearPackageRoles(): void {
  manifests.clear();
  owners.clear();
  workspaces.clear();
  roles.clear();
  toolFiles.clear();
}
