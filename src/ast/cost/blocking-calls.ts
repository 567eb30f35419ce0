/**
 * Synchronous calls that stop the event loop (`fs.*Sync`, `child_process.*Sync`, CPU-heavy `crypto`, `zlib.*Sync`,
 * `Atomics.wait`), and whether a call runs in async code where that stalls every other request in flight.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { matchesDeclared } from "./declared-calls.js";
import { GLOBAL, findVariable, getPropertyName, resolveReference } from "../syntax/imports.js";
import { type FunctionNode, getEnclosingFunction, isFunctionNode } from "../syntax/functions.js";
import { isOwnFixedPath } from "./own-files.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** A blocking call the user declares (rule option). */
export interface AdditionalBlockingCall {
  module: string;
  /** Export name (`"default"` for the default export), or a dotted path below it. */
  name: string;
  /** What to use instead, for the message (`"`await render()` from `./render-async`"`). */
  alternative?: string;
}

export interface BlockingCall {
  /** The blocking function's name: `readFileSync`, `Atomics.wait`. */
  name: string;
  /** What to use instead, as message text. */
  alternative: string;
  /** The `node:fs/promises` export that takes the same arguments and resolves to the same value, if any. */
  promiseName?: string;
  /**
   * The callback twin that `await promisify(twin)(…)` calls with the same arguments, resolving to the same value
   * (`result: "value"`: zlib, key derivation) or to `{ stdout, stderr }` (`result: "stdout"`: `exec`, `execFile`).
   */
  promisified?: PromisifiedTwin;
  /** A metadata call that touches no file contents (`existsSync`, `statSync`, `mkdirSync`): one of them costs microseconds. */
  cheap?: boolean;
}

export interface PromisifiedTwin {
  /** `node:zlib`, `node:crypto`, `node:child_process`. */
  module: string;
  /** `gzip`, `scrypt`, `exec`. */
  exportName: string;
  result: "value" | "stdout";
}

/** zlib one-shot calls whose callback form takes `(buffer[, options])` and yields the same Buffer. */
const ZLIB_TWINS = new Set([
  "gzipSync", "gunzipSync", "deflateSync", "inflateSync", "deflateRawSync", "inflateRawSync", "unzipSync", "brotliCompressSync", "brotliDecompressSync",
]);
/**
 * Crypto calls whose callback form takes the same arguments and, promisified, yields the same value: the key
 * derivations' Buffer and `generateKeyPair`'s `{ publicKey, privateKey }` (its
 * `util.promisify.custom` form).
 */
const CRYPTO_TWINS = new Set(["pbkdf2Sync", "scryptSync", "generateKeyPairSync"]);

const FS_MODULES = ["fs", "fs-extra", "graceful-fs"];
/**
 * `fs` calls that read or change one entry's metadata only (one or a few system calls, no file contents, no tree
 * walk): one `existsSync` check before a write or one `unlinkSync` of a temporary file is not what stalls a server,
 * unlike `readFileSync` of a large file, `rmSync` of a tree, `execSync` or `gzipSync`. `rmSync` without
 * `recursive` (one file) and reads of kernel files (`/proc`, `/sys`) are cheap too.
 */
const CHEAP_FS = new Set([
  "accessSync", "chmodSync", "existsSync", "fstatSync", "linkSync", "lstatSync", "mkdirSync", "mkdtempSync", "readlinkSync", "realpathSync",
  "renameSync", "rmdirSync", "statSync", "symlinkSync", "unlinkSync", "utimesSync",
]);
const OWN_FILE_READS = new Set(["readFileSync", "readdirSync"]);
const CPU_HEAVY_CRYPTO = new Set(["pbkdf2Sync", "scryptSync", "generateKeyPairSync", "generatePrimeSync"]);

/** `fs` sync functions whose `node:fs/promises` twin takes the same arguments and resolves to the same value. */
const FS_PROMISE_TWINS: Readonly<Record<string, string>> = {
  accessSync: "access",
  appendFileSync: "appendFile",
  chmodSync: "chmod",
  chownSync: "chown",
  copyFileSync: "copyFile",
  linkSync: "link",
  lstatSync: "lstat",
  mkdirSync: "mkdir",
  mkdtempSync: "mkdtemp",
  readFileSync: "readFile",
  readdirSync: "readdir",
  readlinkSync: "readlink",
  realpathSync: "realpath",
  renameSync: "rename",
  rmSync: "rm",
  rmdirSync: "rmdir",
  statSync: "stat",
  symlinkSync: "symlink",
  truncateSync: "truncate",
  unlinkSync: "unlink",
  utimesSync: "utimes",
  writeFileSync: "writeFile",
};

/** The export name below a module (`fs.readFileSync`, `fs.default.readFileSync` → `readFileSync`). */
function exportName(path: readonly string[]): string | undefined {
  const rest = path[0] === "default" ? path.slice(1) : path;
  return rest.length === 1 ? rest[0] : undefined;
}

/** `(0, fs_1.readFileSync)` (TypeScript's CommonJS output for a named import): the function itself. */
function skipIndirectCall(node: TSESTree.Node): TSESTree.Node {
  if (node.type === AST_NODE_TYPES.SequenceExpression && node.expressions.length === 2 && node.expressions[0]!.type === AST_NODE_TYPES.Literal) {
    return node.expressions[1]!;
  }
  return node;
}

/** What blocking call `call` is, or `undefined`. */
export function getBlockingCall(context: Context, call: TSESTree.CallExpression, additional: readonly AdditionalBlockingCall[] = []): BlockingCall | undefined {
  const blocking = findBlockingCall(context, call, additional);
  // `(0, fs_1.readFileSync)(…)` is compiled output: reported, but not rewritten.
  return blocking && call.callee.type === AST_NODE_TYPES.SequenceExpression ? { ...blocking, promiseName: undefined, promisified: undefined } : blocking;
}

/** The last string a path expression visibly ends with: `"package.json"`, `join(dir, "io-package.json")`, `` `${dir}/config.json` ``. */
function pathSuffix(node: TSESTree.Node | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === "string") return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral) return node.quasis.at(-1)?.value.cooked ?? undefined;
  if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.MemberExpression && /^(?:join|resolve)$/u.test(getPropertyName(node.callee) ?? "")) {
    return pathSuffix(node.arguments.at(-1));
  }
  return undefined;
}

/** A path held under a settings name: `configFile`, `this.settingsPath`, `getConfigFileName()`. */
function namesSettingsFile(node: TSESTree.Node | undefined): boolean {
  if (!node) return false;
  const named = node.type === AST_NODE_TYPES.CallExpression ? node.callee : node;
  const name = named.type === AST_NODE_TYPES.Identifier ? named.name : named.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(named) : undefined;
  return name !== undefined && /^(?:get)?(?:config|settings|conf|rc)(?:File|Path)(?:Name)?$/iu.test(name);
}

/**
 * A read of a JSON manifest or settings file (`package.json`, `*.json` named in the code, a path held as
 * `configFile`/`settingsPath`) or a write of a literal (`writeFileSync(log, "")`): small by what they are, unlike a read of a file the caller names, a
 * listing of a directory that grows, or a write of data that grows.
 */
function isSmallFileCall(name: string, call: TSESTree.CallExpression): boolean {
  // fs-extra's JSON readers read settings and manifests; a plain read counts when the code names a JSON file.
  if (/^(?:readJSONSync|readJsonSync)$/u.test(name)) return true;
  if (name === "readFileSync" && /\.json5?$/u.test(pathSuffix(call.arguments[0]) ?? "")) return true;
  if (/^(?:readFileSync|writeFileSync)$/u.test(name) && namesSettingsFile(call.arguments[0])) return true;
  if (/^(?:writeFileSync|appendFileSync)$/u.test(name)) {
    const data = call.arguments[1];
    return data?.type === AST_NODE_TYPES.Literal || (data?.type === AST_NODE_TYPES.TemplateLiteral && data.expressions.length === 0);
  }
  return false;
}

/** `rmSync(p, { recursive: true })` removes a tree; without `recursive` it removes one file (one unlink). */
function removesTree(call: TSESTree.CallExpression): boolean {
  const options = call.arguments[1];
  if (!options) return false;
  if (options.type !== AST_NODE_TYPES.ObjectExpression) return true;
  return options.properties.some((property) => property.type !== AST_NODE_TYPES.Property || (property.key.type === AST_NODE_TYPES.Identifier && property.key.name === "recursive" && !(property.value.type === AST_NODE_TYPES.Literal && property.value.value === false)));
}

function findBlockingCall(context: Context, call: TSESTree.CallExpression, additional: readonly AdditionalBlockingCall[]): BlockingCall | undefined {
  const ref = resolveReference(context, skipIndirectCall(call.callee));
  if (!ref) return undefined;
  if (ref.module === GLOBAL) {
    return ref.path.length === 2 && ref.path[0] === "Atomics" && ref.path[1] === "wait" ? { name: "Atomics.wait", alternative: "`await Atomics.waitAsync(…).value`" } : undefined;
  }
  const name = exportName(ref.path);
  if (name?.endsWith("Sync")) {
    const base = name.slice(0, -4);
    if (FS_MODULES.includes(ref.module)) {
      // Kernel files (`/proc/meminfo`, `/sys/…`) are served from memory.
      const first = call.arguments[0];
      const path = first?.type === AST_NODE_TYPES.Literal ? first.value : first?.type === AST_NODE_TYPES.TemplateLiteral ? first.quasis[0]?.value.cooked : undefined;
      const cheap =
        CHEAP_FS.has(name) ||
        (typeof path === "string" && /^\/(?:proc|sys)\//u.test(path)) ||
        (name === "rmSync" && !removesTree(call)) ||
        isSmallFileCall(name, call) ||
        // Reading or listing the package's own fixed files (templates, bundled SQL): small by construction.
        (OWN_FILE_READS.has(name) && isOwnFixedPath(context, first));
      const promiseName = ref.module === "fs" ? FS_PROMISE_TWINS[name] : undefined;
      if (promiseName) return { name, alternative: `\`await ${promiseName}()\` from \`node:fs/promises\``, promiseName, cheap };
      if (name === "existsSync") return { name, alternative: "`await access()` from `node:fs/promises` (it rejects when the path is missing)", cheap };
      return { name, alternative: "the `node:fs/promises` API with `await`", cheap };
    }
    if (ref.module === "child_process") {
      if (base === "spawn") return { name, alternative: "`spawn` from `node:child_process` and `await once(child, \"close\")` (from `node:events`)" };
      const promisified = base === "exec" || base === "execFile" ? { module: "node:child_process", exportName: base, result: "stdout" as const } : undefined;
      return { name, alternative: `\`await promisify(${base})(…)\` from \`node:child_process\` (with a \`timeout\`)`, promisified };
    }
    if (ref.module === "zlib") {
      const promisified = ZLIB_TWINS.has(name) ? { module: "node:zlib", exportName: base, result: "value" as const } : undefined;
      return { name, alternative: `\`await promisify(${base})(…)\` from \`node:zlib\` (or a stream)`, promisified };
    }
    if (ref.module === "crypto" && CPU_HEAVY_CRYPTO.has(name)) {
      const promisified = CRYPTO_TWINS.has(name) ? { module: "node:crypto", exportName: base, result: "value" as const } : undefined;
      return { name, alternative: `\`await promisify(${base})(…)\` from \`node:crypto\` (it runs on the libuv thread pool)`, promisified };
    }
  }
  for (const entry of additional) {
    if (matchesDeclared(ref, entry.module, entry.name)) {
      return { name: context.sourceCode.getText(call.callee), alternative: entry.alternative ?? "a non-blocking alternative and `await` it" };
    }
  }
  return undefined;
}

const CREATES = new Map([["writeFileSync", 0], ["copyFileSync", 1], ["mkdirSync", 0], ["cpSync", 1]]);

/** `true` when `test` is `existsSync(path)` (from an fs module) with `path` written as `text`; `negated` for `!existsSync(path)`. */
function isExistsCheck(context: Context, test: TSESTree.Node, text: string, negated: boolean): boolean {
  let expression = test;
  if (negated) {
    if (expression.type !== AST_NODE_TYPES.UnaryExpression || expression.operator !== "!") return false;
    expression = expression.argument;
  }
  if (expression.type !== AST_NODE_TYPES.CallExpression || !expression.arguments[0]) return false;
  const ref = resolveReference(context, expression.callee);
  if (!ref || !FS_MODULES.includes(ref.module) || exportName(ref.path) !== "existsSync") return false;
  return context.sourceCode.getText(expression.arguments[0]) === text;
}

/**
 * `if (!existsSync(file)) writeFileSync(file, defaults)`: a write or copy that creates a file only when it is
 * missing runs once in the file's life (first-run initialisation), not on every call.
 */
export function createsOnlyWhenMissing(context: Context, call: TSESTree.CallExpression, name: string): boolean {
  const index = CREATES.get(name);
  const target = index === undefined ? undefined : call.arguments[index];
  if (!target) return false;
  const text = context.sourceCode.getText(target);
  let child: TSESTree.Node = call;
  let current: TSESTree.Node | undefined = call.parent;
  while (current && !isFunctionNode(current)) {
    if (current.type === AST_NODE_TYPES.IfStatement) {
      if (current.consequent === child && isExistsCheck(context, current.test, text, true)) return true;
      if (current.alternate === child && isExistsCheck(context, current.test, text, false)) return true;
    }
    child = current;
    current = current.parent;
  }
  return false;
}

/** `(async () => { … })()` at module level: startup code that runs once. */
function isTopLevelIife(fn: FunctionNode): boolean {
  let node: TSESTree.Node = fn;
  const parent = node.parent;
  if (parent?.type !== AST_NODE_TYPES.CallExpression || parent.callee !== node) return false;
  node = parent;
  return getEnclosingFunction(node) === undefined;
}

/** The variable that names `fn`: `async function main()`, `const main = async () => …`. */
function namingIdentifier(fn: FunctionNode): TSESTree.Identifier | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id ?? undefined;
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn && parent.id.type === AST_NODE_TYPES.Identifier) return parent.id;
  return undefined;
}

/**
 * `async function main() { … } main();`: a module-level function that is not exported and is only called from
 * module level or from other startup code (startup code that runs once, before any request).
 */
function isStartupFunction(context: Context, fn: FunctionNode, depth = 0): boolean {
  if (isTopLevelIife(fn)) return true;
  if (depth > 3) return false;
  const id = namingIdentifier(fn);
  if (!id || getEnclosingFunction(fn) !== undefined) return false;
  const declaration = fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn : fn.parent?.parent;
  if (declaration?.parent?.type !== AST_NODE_TYPES.Program) return false;
  const variable = findVariable(context, id);
  if (!variable) return false;
  const uses = variable.references.filter((reference) => !reference.init);
  return (
    uses.length > 0 &&
    uses.every((reference) => {
      const identifier = reference.identifier;
      if (identifier.parent?.type !== AST_NODE_TYPES.CallExpression || identifier.parent.callee !== identifier) return false;
      // Called from module level, or from other startup code (`(async () => { await run(); })()`).
      const caller = getEnclosingFunction(identifier);
      return caller === undefined || isStartupFunction(context, caller, depth + 1);
    })
  );
}

/**
 * The async function whose body `node` runs in directly (the nearest function boundary decides: a sync callback
 * inside an async function resets it), or `undefined` at module level, in sync code, in class field
 * initialisers, and in startup code (an async IIFE at module level, a `main()` only called from module level,
 * a file with a `#!` line).
 */
export function getAsyncBoundary(context: Context, node: TSESTree.Node): FunctionNode | undefined {
  if (context.sourceCode.text.startsWith("#!")) return undefined;
  let current = node.parent;
  while (current) {
    if (isFunctionNode(current)) {
      if (!current.async || isStartupFunction(context, current)) return undefined;
      return current;
    }
    if (current.type === AST_NODE_TYPES.PropertyDefinition || current.type === AST_NODE_TYPES.StaticBlock || current.type === AST_NODE_TYPES.AccessorProperty) return undefined;
    current = current.parent;
  }
  return undefined;
}
