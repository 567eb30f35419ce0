/**
 * "Is this child process visibly a local, quick, non-interactive tool?" — `git rev-parse HEAD`, `git show <hash>`,
 * `tar xzf <file>`, `which <bin>`, `uname -a`, `node --version`. Such a command has no peer that can stop
 * answering the way a network call can, so a missing timeout costs nothing. Commands that talk to the network
 * (`git fetch`, `curl`, `npm install`, `ssh`), run arbitrary scripts (`npm run build`) or cannot be seen are not local.
 *
 * Only what the code shows counts: a string literal, a template's static text, a constant initialised with
 * one, and for `execFile` the file and a literal argument array. A word built from an expression is unseen
 * (`git ${command}` is not local; `git show ${hash}` is).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { findVariable, getConstantInit, skipWrappers } from "../syntax/imports.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** Tools that work on local files or report on the machine, and return at once. */
const LOCAL_TOOLS = new Set([
  "awk", "basename", "cat", "cd", "chmod", "chown", "command", "cp", "cut", "date", "df", "dirname", "du", "echo", "env", "false",
  "file", "getconf", "grep", "gunzip", "gzip", "head", "hostname", "id", "kill", "ln", "locale", "ls", "lsb_release", "mkdir", "mv",
  "nproc", "open", "printenv", "printf", "ps", "pwd", "readlink", "realpath", "rm", "rmdir", "sed", "sort", "stat", "sw_vers",
  "shutdown", "reboot", "poweroff", "halt", "vcgencmd", "sysctl", "taskkill", "tasklist", "pgrep", "pkill", "tar", "test", "touch", "tr", "true", "type", "uname", "uniq", "unzip", "wc", "where", "which", "whoami", "xdg-open", "zip",
]);

/** git subcommands that only read or write the local repository (never `clone`, `fetch`, `pull`, `push`, `ls-remote`, `submodule`). */
const GIT_LOCAL = new Set([
  "add", "apply", "blame", "branch", "cat-file", "check-ignore", "checkout", "config", "describe", "diff", "for-each-ref", "grep",
  "hash-object", "init", "log", "ls-files", "ls-tree", "merge-base", "mv", "name-rev", "notes", "reset", "restore", "rev-list",
  "rev-parse", "rm", "shortlog", "show", "show-ref", "stash", "status", "switch", "symbolic-ref", "update-index", "var", "version", "worktree",
]);
/** git subcommands that are local but may open an editor unless given a message. */
const GIT_WITH_MESSAGE = new Set(["commit", "tag"]);
/** Package-manager subcommands that only read local state. */
const PACKAGE_MANAGER_LOCAL = new Set(["bin", "config", "list", "ls", "prefix", "root"]);
const PACKAGE_MANAGERS = new Set(["npm", "pnpm", "yarn"]);
const DOCKER_LOCAL = new Set(["version", "ps", "images", "inspect", "info"]);
const VERSION_FLAGS = new Set(["--version", "-v", "-V", "version"]);

/** One word of a command line; `undefined` where the code does not show it. */
type Token = string | undefined;

/** Stands for a part of the command line that the code does not show. */
const UNSEEN = "\u0000";

/** Text of a command string, with `UNSEEN` where an expression goes: `` `git show ${hash}` `` → `"git show \u0000"`. */
function commandText(context: Context, node: TSESTree.Node, depth = 0): string {
  const expression = skipWrappers(node);
  if (expression.type === AST_NODE_TYPES.Literal) return typeof expression.value === "string" ? expression.value : UNSEEN;
  if (expression.type === AST_NODE_TYPES.TemplateLiteral) {
    return expression.quasis.map((quasi) => quasi.value.cooked ?? UNSEEN).join(UNSEEN);
  }
  if (expression.type === AST_NODE_TYPES.BinaryExpression && expression.operator === "+" && depth < 4) {
    return commandText(context, expression.left, depth + 1) + commandText(context, expression.right, depth + 1);
  }
  if (expression.type === AST_NODE_TYPES.Identifier && depth < 4) {
    const init = getConstantInit(context, expression);
    if (init) return commandText(context, init, depth + 1);
  }
  return UNSEEN;
}

/** The words of each `&&`/`||`/`;`/`|` segment of a shell line; a word with an unseen part is `undefined`. */
function shellSegments(text: string): Token[][] {
  return text
    .split(/&&|\|\||[;|]/u)
    .map((segment) => segment.trim().split(/\s+/u).filter((word) => word.length > 0).map((word) => (word.includes(UNSEEN) ? undefined : word)))
    .filter((segment) => segment.length > 0);
}

function commandName(word: string): string {
  const base = word.split(/[\\/]/u).pop() ?? word;
  return base.replace(/\.(?:exe|cmd|bat)$/iu, "");
}

/** `true` when a command line (program and arguments) is a local quick tool. */
export function isLocalCommandLine(tokens: readonly Token[]): boolean {
  let index = 0;
  // `LANG=C git log`: environment assignments before the program; `sudo -n kill 1`: the program sudo runs
  // (non-interactive only: a plain `sudo` may wait for a password).
  while (typeof tokens[index] === "string" && /^[A-Za-z_]\w*=/u.test(tokens[index]!)) index++;
  if (tokens[index] === "sudo") {
    if (!tokens.includes("-n") && !tokens.includes("--non-interactive")) return false;
    index++;
    while (typeof tokens[index] === "string" && tokens[index]!.startsWith("-")) index++;
  }
  const program = tokens[index];
  if (program === undefined) return false;
  const name = commandName(program);
  const args = tokens.slice(index + 1);
  if (args.length === 1 && args[0] !== undefined && VERSION_FLAGS.has(args[0])) return true;
  if (LOCAL_TOOLS.has(name)) return !(name === "kill" && args.length === 0);
  if (name === "git") {
    let position = 0;
    // `git -C dir …`, `git -c key=value …`, `git --no-pager …`
    while (typeof args[position] === "string" && args[position]!.startsWith("-")) position += args[position] === "-C" || args[position] === "-c" ? 2 : 1;
    const sub = args[position];
    if (sub === undefined) return false;
    if (GIT_LOCAL.has(sub)) return true;
    if (sub === "remote") return args[position + 1] === "get-url" || args[position + 1] === "-v" || args.length === position + 1;
    if (GIT_WITH_MESSAGE.has(sub)) return args.some((arg) => arg === "-m" || arg === "--message" || arg === "-F" || arg?.startsWith("--message=") === true) || (sub === "tag" && args.length === position + 1);
    return false;
  }
  // `docker version`, `docker ps`: read from the local daemon.
  if (name === "docker") return args[0] !== undefined && DOCKER_LOCAL.has(args[0]);
  if (PACKAGE_MANAGERS.has(name)) {
    const sub = args[0];
    return sub !== undefined && PACKAGE_MANAGER_LOCAL.has(sub) && (sub !== "config" || args[1] === "get" || args[1] === "list");
  }
  return false;
}

/**
 * `function get(cmd, cb) { exec(cmd, …) } … get("git rev-parse HEAD", next)`: the arguments that a same-file
 * function's parameter receives, when the function is only ever called directly (at most 8 calls).
 */
function parameterArguments(context: Context, identifier: TSESTree.Identifier): TSESTree.Node[] | undefined {
  const variable = findVariable(context, identifier);
  const def = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || def?.type !== "Parameter") return undefined;
  const fn = def.node;
  const index = fn.params.findIndex((param) => param === def.name);
  if (index < 0) return undefined;
  let name: TSESTree.Identifier | undefined;
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) name = fn.id ?? undefined;
  else if (fn.parent?.type === AST_NODE_TYPES.VariableDeclarator && fn.parent.id.type === AST_NODE_TYPES.Identifier) name = fn.parent.id;
  const callee = name && findVariable(context, name);
  if (!callee) return undefined;
  const uses = callee.references.filter((reference) => !reference.init);
  if (uses.length === 0 || uses.length > 8) return undefined;
  const values: TSESTree.Node[] = [];
  for (const use of uses) {
    const call = use.identifier.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== use.identifier) return undefined;
    const argument = call.arguments[index];
    if (!argument || argument.type === AST_NODE_TYPES.SpreadElement) return undefined;
    values.push(argument);
  }
  return values;
}

function isLocalShellLine(context: Context, command: TSESTree.Node): boolean {
  const segments = shellSegments(commandText(context, command));
  return segments.length > 0 && segments.every(isLocalCommandLine);
}

/** `exec(command)`: `true` when every command of the shell line is visibly local and quick (also through a same-file helper's parameter). */
export function isLocalShellCommand(context: Context, command: TSESTree.Node | undefined): boolean {
  if (!command || command.type === AST_NODE_TYPES.SpreadElement) return false;
  const expression = skipWrappers(command);
  if (expression.type === AST_NODE_TYPES.Identifier) {
    const values = parameterArguments(context, expression);
    if (values) return values.every((value) => isLocalShellLine(context, value));
  }
  return isLocalShellLine(context, command);
}

/** `execFile(file, args)`: `true` when the program and its visible arguments are a local quick tool. */
export function isLocalFileCommand(context: Context, file: TSESTree.Node | undefined, args: TSESTree.Node | undefined): boolean {
  if (!file || file.type === AST_NODE_TYPES.SpreadElement) return false;
  const program = commandText(context, file).trim();
  if (program.length === 0 || program.includes(UNSEEN) || /\s/u.test(program)) return false;
  const tokens: Token[] = [program];
  const list = args && args.type !== AST_NODE_TYPES.SpreadElement ? skipWrappers(args) : undefined;
  if (list?.type === AST_NODE_TYPES.ArrayExpression) {
    for (const element of list.elements) {
      const word = element && element.type !== AST_NODE_TYPES.SpreadElement ? commandText(context, element) : UNSEEN;
      tokens.push(word.includes(UNSEEN) ? undefined : word);
    }
  } else if (list && list.type !== AST_NODE_TYPES.ObjectExpression && !(list.type === AST_NODE_TYPES.ArrowFunctionExpression || list.type === AST_NODE_TYPES.FunctionExpression)) {
    tokens.push(undefined);
  }
  return isLocalCommandLine(tokens);
}
