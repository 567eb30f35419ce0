/**
 * "Where does this code run?" — the judgement every rule shares. A sync call, a missing timeout or a
 * connection per call costs a server or a worker its other requests; in a one-shot CLI, a script, a
 * migration, startup code or a test nothing else waits on the event loop, so the same line costs nothing.
 *
 * A file is a `test` (test folders and `*.test.*`/`*.spec.*` names), a `script` (a shebang, a `bin` entry of
 * its package.json, a file of a package whose role is a CLI, an editor extension or a desktop app
 * (`src/project/package-roles.ts`: from package.json files and the workspace, not folder names), or a `bin/`, `scripts/`, `migrations/`, `seeds/`, `examples/`, `benchmark/` folder, a
 * `cli/` folder, a file named for a command line (`cli.js`, `DevCLI.js`) or a `*.config.*`
 * file), or `server` code (everything else). Inside a server file, a function
 * named `main`, `init…`, `setup…`, `bootstrap…`, `startup`, `configure…`, `migrate…`, `seed…` or `install…`
 * and module-level code run once, at startup; so does a function that calls `process.exit()` (a command), and
 * a function of the file that is only ever called from startup code (code reached only from `main()`), and
 * a function whose every caller in the project runs once (`src/project/reachability.ts`). A class method
 * counts only when named `start`, `main`, `bootstrap…`, `startup`, `migrate…`, `install…` or
 * `…Initialization`: a method `init()` often runs per job or per flow. A route or middleware
 * (`request-handlers.ts`) runs per request even inside a setup function. The names and paths are data in
 * `src/project/conventions.ts`; so are a file that a package.json script runs as a tool (a `script`) and a
 * worker thread's file (`runsOnOwnThread`).
 *
 * Cheap: the file's role is computed once per file (paths and the first line), package.json files once per
 * folder.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { isFunctionNode } from "../syntax/functions.js";
import { getPropertyName } from "../syntax/imports.js";
import { walk } from "../syntax/traverse.js";
import { type PackageRole, packageFolder, packageRole, toolFilesOf } from "../../project/package-roles.js";
import { CLI_FILE, ONE_USER_MODULES, SCRIPT_PATH, STARTUP_FUNCTION_NAME as STARTUP_NAME, STARTUP_METHOD_NAME as METHOD_STARTUP_NAME, TEST_PATH, runsOnWorkerThread } from "../../project/conventions.js";
import { absoluteFilename, runsOnlyAtStartup } from "../../project/index.js";
import { isRequestHandler } from "./request-handlers.js";

const ONE_USER_ROLES: ReadonlySet<PackageRole> = new Set(["cli", "editor-extension", "desktop"]);

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export type FileRole = "test" | "script" | "server";

/** Options that rules expose to widen the net (the `strict` config turns them on). */
export interface RuntimeOptions {
  /** Also report in test files. */
  checkTestFiles?: boolean;
  /** Also report in CLIs, scripts, migrations and startup code. */
  checkScripts?: boolean;
}

const roles = new WeakMap<object, FileRole>();
const binsByFolder = new Map<string, Set<string> | null>();

/** The `bin` files (absolute) of the package that owns `folder`, or `null` when there is none. */
function packageBins(folder: string): Set<string> | null {
  if (binsByFolder.has(folder)) return binsByFolder.get(folder)!;
  let result: Set<string> | null = null;
  let json: string | undefined;
  try {
    json = readFileSync(path.join(folder, "package.json"), "utf8");
  } catch {
    const parent = path.dirname(folder);
    result = parent === folder ? null : packageBins(parent);
  }
  if (json !== undefined) {
    try {
      const bin = (JSON.parse(json) as { bin?: unknown }).bin;
      const entries = typeof bin === "string" ? [bin] : bin && typeof bin === "object" ? Object.values(bin).filter((value): value is string => typeof value === "string") : [];
      result = new Set(entries.map((entry) => path.resolve(folder, entry)));
    } catch {
      result = null;
    }
  }
  binsByFolder.set(folder, result);
  return result;
}

/** The path that folder names are read from: relative to the working directory, or the file name alone outside it. */
function readablePath(context: Context): string {
  const relative = path.relative(context.cwd, context.filename);
  const shown = relative.startsWith("..") || path.isAbsolute(relative) ? path.basename(context.filename) : relative;
  return shown.split(path.sep).join("/");
}

/** What the file is: a test, a script (CLI, migration, tool) or server code. Computed once per file. */
export function getFileRole(context: Context): FileRole {
  const key = context.sourceCode.ast;
  const cached = roles.get(key);
  if (cached) return cached;
  const shown = readablePath(context);
  let role: FileRole = "server";
  if (TEST_PATH.test(shown)) role = "test";
  else if (SCRIPT_PATH.test(shown) || CLI_FILE.test(shown) || context.sourceCode.text.startsWith("#!")) role = "script";
  else if (path.isAbsolute(context.filename) && packageBins(path.dirname(context.filename))?.has(context.filename)) role = "script";
  // A file that a package.json script runs as a one-shot tool (`"changelog": "node extra/changelog.mjs"`).
  else if (path.isAbsolute(context.filename) && isToolFile(context.filename)) role = "script";
  // The package's role (src/project/package-roles.ts): a CLI, an editor extension or a desktop app serves one
  // user, and nothing else waits on its event loop.
  else if (path.isAbsolute(context.filename) && ONE_USER_ROLES.has(packageRole(context.filename))) role = "script";
  // A module that imports VS Code's or Electron's API runs only in an extension host or a desktop app.
  else if (importsOneUserHost(context.sourceCode.ast)) role = "script";
  roles.set(key, role);
  return role;
}

function importsOneUserHost(program: TSESTree.Program): boolean {
  return program.body.some((statement) => {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) return statement.importKind !== "type" && ONE_USER_MODULES.has(statement.source.value);
    if (statement.type !== AST_NODE_TYPES.VariableDeclaration) return false;
    return statement.declarations.some((declarator) => {
      const init = declarator.init;
      return init?.type === AST_NODE_TYPES.CallExpression && init.callee.type === AST_NODE_TYPES.Identifier && init.callee.name === "require" && init.arguments[0]?.type === AST_NODE_TYPES.Literal && ONE_USER_MODULES.has(String(init.arguments[0].value));
    });
  });
}

function isToolFile(file: string): boolean {
  const folder = packageFolder(path.dirname(file));
  return folder !== null && toolFilesOf(folder).has(file);
}

/**
 * `true` when the file is a worker of its own: a worker thread (it reads `parentPort` or `workerData` from
 * `worker_threads`) or a forked child that takes IPC messages (`process.on("message")`, `process.send`).
 * A blocking call there stalls only that worker, which exists to take it.
 */
export function runsOnOwnThread(context: Context): boolean {
  return runsOnWorkerThread(context.sourceCode.text);
}

const atTopLevel = (node: TSESTree.Node | undefined): boolean =>
  node?.type === AST_NODE_TYPES.Program || ((node?.type === AST_NODE_TYPES.ExportNamedDeclaration || node?.type === AST_NODE_TYPES.ExportDefaultDeclaration) && node.parent.type === AST_NODE_TYPES.Program);

/** How the project model names `fn`: a top-level function or `const` (`name`), or a method of a top-level class (`name`, `member`). */
function projectName(fn: TSESTree.Node): { name: string; member?: string } | undefined {
  const parent = fn.parent;
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id && atTopLevel(parent) ? { name: fn.id.name } : undefined;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn && parent.id.type === AST_NODE_TYPES.Identifier && atTopLevel(parent.parent.parent)) return { name: parent.id.name };
  // CommonJS: `exports.f = async function () {…}`, `module.exports.f = …`, `module.exports = { f() {…} }`.
  if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === fn && parent.operator === "=" && parent.parent.type === AST_NODE_TYPES.ExpressionStatement && parent.parent.parent.type === AST_NODE_TYPES.Program) {
    const target = exportsTarget(parent.left);
    return target?.length === 1 ? { name: "exports", member: target[0] } : undefined;
  }
  if (parent?.type === AST_NODE_TYPES.Property && parent.value === fn && !parent.computed && parent.key.type === AST_NODE_TYPES.Identifier) {
    const object = parent.parent;
    const assignment = object.type === AST_NODE_TYPES.ObjectExpression ? object.parent : undefined;
    if (assignment?.type === AST_NODE_TYPES.AssignmentExpression && assignment.right === object && assignment.parent.type === AST_NODE_TYPES.ExpressionStatement && assignment.parent.parent.type === AST_NODE_TYPES.Program && exportsTarget(assignment.left)?.length === 0) return { name: "exports", member: parent.key.name };
    return undefined;
  }
  if ((parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.PropertyDefinition) && parent.value === fn && !parent.computed) {
    const klass = parent.parent.parent;
    const member = parent.key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${parent.key.name}` : parent.key.type === AST_NODE_TYPES.Identifier ? parent.key.name : undefined;
    if (member === undefined) return undefined;
    if (klass.type === AST_NODE_TYPES.ClassDeclaration && klass.id && atTopLevel(klass.parent)) return { name: klass.id.name, member };
    if (klass.type === AST_NODE_TYPES.ClassExpression && klass.parent.type === AST_NODE_TYPES.VariableDeclarator && klass.parent.id.type === AST_NODE_TYPES.Identifier && atTopLevel(klass.parent.parent.parent)) return { name: klass.parent.id.name, member };
  }
  return undefined;
}

/** `exports.a` / `module.exports.a` → `["a"]`; `module.exports` → `[]`; anything else `undefined`. */
function exportsTarget(node: TSESTree.Node): string[] | undefined {
  const path: string[] = [];
  let current = node;
  while (current.type === AST_NODE_TYPES.MemberExpression && !current.computed && current.property.type === AST_NODE_TYPES.Identifier) {
    path.unshift(current.property.name);
    current = current.object;
  }
  if (current.type !== AST_NODE_TYPES.Identifier) return undefined;
  if (current.name === "exports") return path;
  return current.name === "module" && path[0] === "exports" ? path.slice(1) : undefined;
}

/** `true` when the project model finds `fn` reached only from startup code, tools and tests, in any module. */
function reachedOnlyFromStartup(context: Context, fn: TSESTree.Node): boolean {
  if (!path.isAbsolute(absoluteFilename(context.filename, context.cwd))) return false;
  const name = projectName(fn);
  return name !== undefined && runsOnlyAtStartup(absoluteFilename(context.filename, context.cwd), name.name, name.member);
}

function functionName(fn: TSESTree.Node): string | undefined {
  if ((fn.type === AST_NODE_TYPES.FunctionDeclaration || fn.type === AST_NODE_TYPES.FunctionExpression) && fn.id) return fn.id.name;
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id.name;
  if ((parent?.type === AST_NODE_TYPES.MethodDefinition || parent?.type === AST_NODE_TYPES.Property || parent?.type === AST_NODE_TYPES.PropertyDefinition) && parent.key.type === AST_NODE_TYPES.Identifier) return parent.key.name;
  return undefined;
}

const exits = new WeakMap<TSESTree.Node, boolean>();

/** A function that calls `process.exit()` is a command's code path, not a server's (computed once per function). */
function exitsProcess(fn: TSESTree.Node): boolean {
  let result = exits.get(fn);
  if (result === undefined) {
    result = false;
    walk(fn, (node) => {
      if (node !== fn && isFunctionNode(node)) return false;
      if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression && node.callee.object.type === AST_NODE_TYPES.Identifier && node.callee.object.name === "process" && getPropertyName(node.callee) === "exit") result = true;
      return !result;
    });
    exits.set(fn, result);
  }
  return result;
}

/** `true` when `node` runs once at startup: module-level code, or inside a `main`/`init…`/`setup…`-named function. */
export function isStartupCode(node: TSESTree.Node, context?: Context, depth = 0): boolean {
  let current: TSESTree.Node | undefined = node.parent;
  let inFunction = false;
  while (current) {
    if (isFunctionNode(current)) {
      inFunction = true;
      // A route or middleware runs per request, even when registered from a setup function.
      if (context && isRequestHandler(context, current)) return false;
      const name = functionName(current);
      // A class's `init()` is often a lifecycle method that runs per job or per flow; a free or exported `init()` runs once.
      const isMethod = current.parent?.type === AST_NODE_TYPES.MethodDefinition || current.parent?.type === AST_NODE_TYPES.PropertyDefinition;
      if (name !== undefined && (isMethod ? METHOD_STARTUP_NAME : STARTUP_NAME).test(name)) return true;
      if (exitsProcess(current)) return true;
      if (context && onlyCalledFromStartup(context, current, depth)) return true;
      if (context && depth === 0 && reachedOnlyFromStartup(context, current)) return true;
    }
    current = current.parent;
  }
  return !inFunction;
}

const calledFromStartup = new WeakMap<TSESTree.Node, boolean>();

/**
 * Code reached only from startup: a function of this file, not exported, whose every use is a call made
 * from startup code (`async function loadPlugins() {…}` called only from `main()` or at module level).
 */
function onlyCalledFromStartup(context: Context, fn: TSESTree.Node, depth: number): boolean {
  if (depth >= 3) return false;
  const cached = calledFromStartup.get(fn);
  if (cached !== undefined) return cached;
  calledFromStartup.set(fn, false);
  let id: TSESTree.Identifier | undefined;
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration && fn.id) id = fn.id;
  else if (fn.parent?.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.id.type === AST_NODE_TYPES.Identifier && fn.parent.init === fn) id = fn.parent.id;
  const declaration = fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn : fn.parent?.parent;
  if (!id || declaration?.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration || declaration?.parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration) return false;
  const variable = context.sourceCode.getDeclaredVariables(fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn : fn.parent!).find((candidate) => candidate.name === id.name);
  const uses = (variable?.references ?? []).filter((reference) => reference.identifier !== id);
  const result =
    uses.length > 0 &&
    uses.every((reference) => {
      const call = reference.identifier.parent;
      return call?.type === AST_NODE_TYPES.CallExpression && call.callee === reference.identifier && isStartupCode(call, context, depth + 1);
    });
  calledFromStartup.set(fn, result);
  return result;
}

/**
 * `true` when a finding at `node` is worth reporting by where the code runs: server or worker code, or
 * tests and scripts when the options ask for them. `startupCounts`: the finding matters even in startup
 * code, because what it creates there is used later on every request (a pool or client configured at
 * module level).
 */
export function runsWhereConcurrencyMatters(context: Context, node: TSESTree.Node, options: RuntimeOptions, startupCounts = false): boolean {
  const role = getFileRole(context);
  if (role === "test") return options.checkTestFiles === true;
  if (options.checkScripts === true) return true;
  return role === "server" && (startupCounts || !isStartupCode(node, context));
}

/** The options schema entries for `RuntimeOptions`, shared by every rule that takes them. */
export const RUNTIME_OPTION_SCHEMA = {
  checkTestFiles: { type: "boolean", description: "Also report in test files (`*.test.*`, `*.spec.*`, `test/`, `__tests__/`)." },
  checkScripts: { type: "boolean", description: "Also report in CLIs, scripts, migrations, examples and startup code (`main`, `init…`, module level)." },
} as const;
