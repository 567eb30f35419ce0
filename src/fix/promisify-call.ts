/**
 * Rewriting a blocking call into its promisified callback twin: `gzipSync(buf)` → `await promisify(gzip)(buf)`,
 * `execSync(cmd).toString()` → `(await promisify(exec)(cmd)).stdout.toString()`, reusing the file's `promisify`
 * and twin bindings (`util.promisify`, `zlib.gzip`, a destructuring `require`) or adding them in the file's own
 * module style (src/fix/imports.ts), with parentheses where `await` would bind differently.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import type { PromisifiedTwin } from "../ast/cost/blocking-calls.js";
import type { FunctionNode } from "../ast/syntax/functions.js";
import { getPropertyName, skipWrappers } from "../ast/syntax/imports.js";
import { awaitFitsBare, canAwaitInPlace } from "./await-promise-api.js";
import { planImport, preferredQuote } from "./imports.js";
import { appendArgument, insertProperty } from "./object-property.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export interface PromisifyFix {
  fix: TSESLint.ReportFixFunction;
  /** `false` where the result may change type (a TypeScript `scrypt`): a suggestion only. */
  keepsBehaviour: boolean;
  /** `true` where the fix adds `encoding: "buffer"` so that `stdout` stays the Buffer the sync form returned. */
  keepsBuffer: boolean;
}

/** How many arguments the twin takes in the same order (more or fewer would put a callback in the wrong place). */
const ARITY: Readonly<Record<string, readonly [number, number]>> = {
  pbkdf2: [5, 5],
  scrypt: [3, 4],
  generateKeyPair: [1, 2],
  exec: [1, 2],
  execFile: [1, 3],
};
const ZLIB_ARITY: readonly [number, number] = [1, 2];

function propertyNamed(object: TSESTree.ObjectExpression, name: string): TSESTree.Property | undefined {
  return object.properties.find(
    (property): property is TSESTree.Property =>
      property.type === AST_NODE_TYPES.Property &&
      !property.computed &&
      ((property.key.type === AST_NODE_TYPES.Identifier && property.key.name === name) || (property.key.type === AST_NODE_TYPES.Literal && property.key.value === name)),
  );
}

/** An options object the code shows in full: a literal without spreads or computed keys. */
function isVisibleObject(node: TSESTree.Node): node is TSESTree.ObjectExpression {
  return node.type === AST_NODE_TYPES.ObjectExpression && node.properties.every((property) => property.type === AST_NODE_TYPES.Property && !property.computed);
}

/**
 * The options argument of `exec(cmd[, options])` / `execFile(file[, args][, options])`: `null` when there is none,
 * `undefined` when the code does not show which argument is what.
 */
function execOptions(call: TSESTree.CallExpression, name: string): TSESTree.ObjectExpression | null | undefined {
  const rest = call.arguments.slice(1);
  if (name === "execFile" && rest[0]?.type === AST_NODE_TYPES.ArrayExpression) rest.shift();
  if (rest.length === 0) return null;
  if (rest.length > 1) return undefined;
  const options = skipWrappers(rest[0]!);
  return isVisibleObject(options) ? options : undefined;
}

/** `encoding: "utf8"` (any encoding but `buffer`): both forms then give a string in that encoding. */
function givesString(options: TSESTree.ObjectExpression | null): boolean {
  const encoding = options ? propertyNamed(options, "encoding") : undefined;
  if (encoding?.value.type !== AST_NODE_TYPES.Literal || typeof encoding.value.value !== "string") return false;
  return encoding.value.value !== "buffer" && Buffer.isEncoding(encoding.value.value);
}

/** The Buffer result is only read as UTF-8 text: `.toString()`, `.toString("utf8")`, a template literal. */
function readsAsText(call: TSESTree.CallExpression): boolean {
  const parent = call.parent;
  if (parent?.type === AST_NODE_TYPES.TemplateLiteral) return parent.expressions.includes(call as TSESTree.Expression) && parent.parent?.type !== AST_NODE_TYPES.TaggedTemplateExpression;
  if (parent?.type !== AST_NODE_TYPES.MemberExpression || parent.object !== call || parent.optional || getPropertyName(parent) !== "toString") return false;
  const invocation = parent.parent;
  if (invocation?.type !== AST_NODE_TYPES.CallExpression || invocation.callee !== parent) return false;
  if (invocation.arguments.length === 0) return true;
  const [encoding] = invocation.arguments;
  return invocation.arguments.length === 1 && encoding?.type === AST_NODE_TYPES.Literal && typeof encoding.value === "string" && /^utf-?8$/iu.test(encoding.value);
}

/** `await … as T` can stand without parentheses only where nothing binds tighter around it. */
function castFitsBare(call: TSESTree.CallExpression): boolean {
  const parent = call.parent;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator || parent?.type === AST_NODE_TYPES.ReturnStatement) return true;
  return parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === call;
}

/**
 * The fix that turns `call` (in `fn`'s own body) into `await promisify(<twin>)(…)`, or `undefined` where the twin
 * would not take the arguments the same way or would run the command differently (`input`, `stdio`, zlib's `info`).
 */
export function buildPromisifyFix(context: Context, call: TSESTree.CallExpression, fn: FunctionNode, twin: PromisifiedTwin): PromisifyFix | undefined {
  if (!canAwaitInPlace(context, call, fn)) return undefined;
  const [min, max] = ARITY[twin.exportName] ?? ZLIB_ARITY;
  if (call.arguments.length < min || call.arguments.length > max) return undefined;
  let keepsBehaviour = true;
  let unused = false;
  let bufferEncoding: ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | undefined;
  let cast = "";
  if (twin.result === "stdout") {
    const options = execOptions(call, twin.exportName);
    if (options === undefined) return undefined;
    // `exec` takes no `input` and captures output whatever `stdio` says.
    if (options && (propertyNamed(options, "input") || propertyNamed(options, "stdio"))) return undefined;
    unused = call.parent?.type === AST_NODE_TYPES.ExpressionStatement;
    const encoding = options ? propertyNamed(options, "encoding") : undefined;
    const buffer = encoding?.value.type === AST_NODE_TYPES.Literal && encoding.value.value === "buffer";
    if (!unused && !buffer && !givesString(options) && !readsAsText(call)) {
      // The result is kept as the sync form's Buffer: `encoding: "buffer"` makes `stdout` that Buffer too.
      if (encoding) keepsBehaviour = false;
      else {
        const text = `encoding: ${preferredQuote(context)}buffer${preferredQuote(context)}`;
        bufferEncoding = options ? (fixer) => insertProperty(context.sourceCode, fixer, options, text) : (fixer) => appendArgument(context.sourceCode, fixer, call, call.arguments.length, `{ ${text} }`);
      }
    }
  } else if (twin.exportName === "scrypt" && /\.[cm]?tsx?$/iu.test(context.filename)) {
    // @types/node's overloads make `promisify(scrypt)` resolve to `unknown` and take no options: the key gets
    // back its `Buffer` type with `as Buffer`; with options, types would break.
    if (call.arguments.length === 3) cast = " as Buffer";
    else keepsBehaviour = false;
  } else if (twin.module === "node:zlib" && call.arguments[1]) {
    // `info: true` changes what the sync form returns.
    const options = skipWrappers(call.arguments[1]);
    if (!isVisibleObject(options) || propertyNamed(options, "info")) return undefined;
  }
  const promisify = planImport(context, { module: "node:util", exportName: "promisify", at: call });
  const target = planImport(context, { module: twin.module, exportName: twin.exportName, at: call });
  const callee = `${promisify.name}(${target.name})`;
  const bare = cast ? castFitsBare(call) : twin.result === "value" ? awaitFitsBare(call) : unused;
  // With a cast, as Prettier writes it: `(await promisify(scrypt)(…)) as Buffer`, in parentheses where needed.
  const prefix = cast ? (bare ? "(await" : "((await") : bare ? "await" : "(await";
  const suffix = cast ? `)${cast}${bare ? "" : ")"}` : twin.result === "stdout" && !unused ? ").stdout" : ")";
  return {
    keepsBehaviour,
    keepsBuffer: bufferEncoding !== undefined,
    fix: (fixer) => [
      ...(promisify.fix ? [promisify.fix(fixer)] : []),
      ...(target.fix ? [target.fix(fixer)] : []),
      fixer.replaceText(call.callee, `${prefix} ${callee}`),
      ...(bufferEncoding ? [bufferEncoding(fixer)] : []),
      ...(bare && !cast ? [] : [fixer.insertTextAfter(call, suffix)]),
    ],
  };
}
