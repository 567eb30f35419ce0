/**
 * Calls that can wait forever unless they are given a bound: which library call it is, where its options
 * object goes, which properties in it bound the wait, and which property a fix adds.
 *
 * Every library call is recognised through `resolveReference` (imports, requires, namespaces, aliases), so a
 * local `fetch` or a local `exec` never matches.
 */
import { absoluteFilename } from "../../project/index.js";
import { setsAxiosDefaultTimeout } from "../../project/package-facts.js";
import { listensForErrors } from "../resources/error-listeners.js";
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { GLOBAL, type ImportRef, findVariable, getConstantInit, getPropertyName, isExportOf, isGlobal, resolveReference, skipWrappers } from "../syntax/imports.js";
import { matchesDeclared } from "./declared-calls.js";
import { isFunctionNode } from "../syntax/functions.js";
import { childNodes } from "../syntax/traverse.js";
import { isLocalFileCommand, isLocalShellCommand } from "./local-commands.js";
import { getValueOrigins } from "../syntax/values.js";
import { getTypeServices } from "../../util/type-services.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type CallLike = TSESTree.CallExpression | TSESTree.NewExpression;

/**
 * What a fix adds: `signal: AbortSignal.timeout(ms)` (a total timeout), got's `timeout: { connect, response }`
 * (connect and time to the response headers: a long body is not cut off), or `<property>: ms`, where `phase` says
 * what the property bounds: establishing a connection or acquiring one (`connect`), the wait for the response
 * headers (`headers`), or the whole call (`total`).
 */
export type BoundKind = { kind: "signal" } | { kind: "got" } | { kind: "property"; property: string; phase: "connect" | "headers" | "total" };

/** `true` when the bound a fix adds ends the whole call, so a long transfer is cut off too. */
export function isTotalBound(bound: BoundKind): boolean {
  return bound.kind === "signal" || (bound.kind === "property" && bound.phase === "total");
}

/** What a declared call's `timeoutProperty` bounds, by its name (`connectTimeout`, `acquireTimeoutMillis`, `headersTimeout`). */
function propertyPhase(property: string): "connect" | "headers" | "total" {
  if (/^(?:connect|connection|acquire)/iu.test(property)) return "connect";
  if (/^(?:headers|response|idle|socket)/iu.test(property)) return "headers";
  return "total";
}

/** A call the user declares (rule option): `{ module, name, optionsArgument, timeoutProperty }`. */
export interface AdditionalTimeoutCall {
  module: string;
  /** Export name (`"default"` for the default export), or a dotted path below it (`"default.request"`, `"Client"`). */
  name: string;
  /** `true` for a constructor (`new Client(options)`). */
  construct?: boolean;
  /** Zero-based position of the options object. */
  optionsArgument: number;
  /** The property that bounds the call; a fix adds it (`signal` gets `AbortSignal.timeout(ms)`). */
  timeoutProperty: string;
}

/** A call that lacks a bound and whose options can be seen. */
export interface TimeoutTarget {
  /** How the message names the call: `fetch()`, `axios.get()`, `new Pool()`. */
  label: string;
  /** The object literal holding the options, or `undefined` when the call has none at `index`. */
  options: TSESTree.ObjectExpression | undefined;
  /** Where a new options argument goes (existing arguments from there on, a callback, move right). */
  index: number;
  bound: BoundKind;
  /** The property names that a fix may use in the message (`timeout`, `signal`, `connectionTimeoutMillis`). */
  expected: string;
  /** `false` when even `autofix: true` keeps the fix a suggestion (an aborted `http.request` emits `error`, and nothing visibly listens). */
  autofixable: boolean;
  /** A client, instance or pool that is configured once and used by later requests (`axios.create()`, `new Pool()`). */
  configures: boolean;
  /** A child process whose command is visibly a local quick tool (`git rev-parse`, `tar`, `uname`). */
  localCommand: boolean;
  /** The call visibly streams (`responseType: 'stream'`, `stream: true`, `.pipe()` or `for await` on the body) and the bound is a total timeout. */
  streams: boolean;
  /** The library's own limits when it has some but no total one (Node's fetch, undici); `undefined` when it has none. */
  defaultLimits?: "undici";
}

const AXIOS_URL_CONFIG = new Set(["get", "delete", "head", "options"]);
const AXIOS_URL_DATA_CONFIG = new Set(["post", "put", "patch", "postForm", "putForm", "patchForm"]);
const GOT_METHODS = new Set(["get", "post", "put", "patch", "delete", "head", "stream", "paginate"]);

/** `(0, cp.exec)` (TypeScript's CommonJS output for a named import): the function itself. */
function skipIndirectCall(node: TSESTree.Node): TSESTree.Node {
  const expression = skipWrappers(node);
  if (expression.type === AST_NODE_TYPES.SequenceExpression && expression.expressions.length === 2 && expression.expressions[0]!.type === AST_NODE_TYPES.Literal) {
    return skipWrappers(expression.expressions[1]!);
  }
  return expression;
}

function sameRef(a: ImportRef, b: ImportRef): boolean {
  return a.module === b.module && a.path.length === b.path.length && a.path.every((name, index) => name === b.path[index]);
}

/**
 * `let got; … got = (await import("got")).got; … got.post(…)`: a binding declared without a value and only ever
 * assigned one library export (a lazy import). `undefined` when any assignment is something else.
 */
function resolveLazyBinding(context: Context, node: TSESTree.Node): ImportRef | undefined {
  const names: string[] = [];
  let root = skipWrappers(node);
  while (root.type === AST_NODE_TYPES.MemberExpression) {
    const name = getPropertyName(root);
    if (name === undefined) return undefined;
    names.unshift(name);
    root = skipWrappers(root.object);
  }
  if (root.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = findVariable(context, root);
  const def = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || def?.type !== "Variable") return undefined;
  const init = def.node.init;
  if (def.node.id.type !== AST_NODE_TYPES.Identifier || (init && !(init.type === AST_NODE_TYPES.Literal && init.value === null) && !(init.type === AST_NODE_TYPES.Identifier && init.name === "undefined"))) return undefined;
  let found: ImportRef | undefined;
  for (const reference of variable.references) {
    if (!reference.isWrite() || reference.init) continue;
    const assignment = reference.identifier.parent;
    if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.left !== reference.identifier || !["=", "??=", "||="].includes(assignment.operator)) return undefined;
    const value = resolveReference(context, assignment.right);
    if (!value || (found && !sameRef(found, value))) return undefined;
    found = value;
  }
  return found && { module: found.module, path: [...found.path, ...names] };
}

/** What library export a callee is: through imports and requires, `(0, x)` calls and lazily assigned imports. */
function resolveCallee(context: Context, callee: TSESTree.Node): ImportRef | undefined {
  const expression = skipIndirectCall(callee);
  return resolveReference(context, expression) ?? resolveLazyBinding(context, expression);
}

/** The property path below a module, with got's named `got` export and an ESM default folded away. */
function pathBelow(ref: ImportRef | undefined, module: string, roots: readonly string[]): string[] | undefined {
  if (!ref || ref.module !== module) return undefined;
  const path = [...ref.path];
  if (path.length > 0 && roots.includes(path[0]!)) path.shift();
  return path;
}

/** A callback: a function written in place, a same-file function, or a parameter whose type is a function type. */
function isFunctionArgument(context: Context, node: TSESTree.Node | undefined): boolean {
  if (node === undefined) return false;
  if (isFunctionNode(node)) return true;
  if (node.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = findVariable(context, node);
  const def = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || !def) return false;
  if (def.type === "FunctionName") return true;
  if (def.type === "Variable") {
    const init = getConstantInit(context, node);
    return init !== undefined && isFunctionNode(init);
  }
  if (def.type === "Parameter" && def.name.type === AST_NODE_TYPES.Identifier) {
    return def.name.typeAnnotation?.typeAnnotation.type === AST_NODE_TYPES.TSFunctionType;
  }
  return false;
}

/** Text of an identifier or member chain's last name (`url`, `config.endpoint` → `endpoint`). */
function lastName(node: TSESTree.Node): string | undefined {
  const expression = skipWrappers(node);
  if (expression.type === AST_NODE_TYPES.Identifier) return expression.name;
  if (expression.type === AST_NODE_TYPES.MemberExpression) return getPropertyName(expression);
  return undefined;
}

function typeName(context: Context, node: TSESTree.Node): string | undefined {
  const services = getTypeServices(context);
  if (!services) return undefined;
  const type = services.getTypeAtLocation(node);
  const checker = services.program.getTypeChecker();
  return checker.typeToString(checker.getBaseTypeOfLiteralType(type));
}

/** `true` when `node` is visibly a URL or a string (a literal, a template, `new URL()`, a `…Url` name, a `string`/`URL` type). */
export function isUrlLike(context: Context, node: TSESTree.Node, depth = 0): boolean {
  const expression = skipWrappers(node);
  switch (expression.type) {
    case AST_NODE_TYPES.Literal:
      return typeof expression.value === "string";
    case AST_NODE_TYPES.TemplateLiteral:
      return true;
    case AST_NODE_TYPES.BinaryExpression:
      return expression.operator === "+" && (isUrlLike(context, expression.left, depth + 1) || isUrlLike(context, expression.right, depth + 1));
    case AST_NODE_TYPES.NewExpression:
      return isGlobal(resolveReference(context, expression.callee), "URL") || isExportOf(resolveReference(context, expression.callee), "url", "URL");
    case AST_NODE_TYPES.CallExpression: {
      const callee = skipWrappers(expression.callee);
      return callee.type === AST_NODE_TYPES.MemberExpression && ["toString", "concat", "replace", "trim"].includes(getPropertyName(callee) ?? "");
    }
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.MemberExpression: {
      if (/(?:url|uri|href|endpoint)s?$/iu.test(lastName(expression) ?? "")) return true;
      const type = typeName(context, expression);
      if (type !== undefined) return type === "string" || type === "URL";
      if (expression.type === AST_NODE_TYPES.Identifier && depth < 3) {
        const init = getConstantInit(context, expression);
        return init !== undefined && isUrlLike(context, init, depth + 1);
      }
      return false;
    }
    default:
      return false;
  }
}

/** `true` when `node` holds visibly an array (`["-c", cmd]`, a constant initialised with one, a `string[]` type). */
function isArrayLike(context: Context, node: TSESTree.Node): boolean {
  const expression = skipWrappers(node);
  if (expression.type === AST_NODE_TYPES.ArrayExpression) return true;
  if (expression.type !== AST_NODE_TYPES.Identifier && expression.type !== AST_NODE_TYPES.MemberExpression) return false;
  const type = typeName(context, expression);
  if (type !== undefined) return type.endsWith("[]") || type.startsWith("readonly ") || type.startsWith("Array<");
  if (expression.type !== AST_NODE_TYPES.Identifier) return false;
  return getValueOrigins(context, expression).some(
    (origin) =>
      (origin.kind === "expression" && skipWrappers(origin.node).type === AST_NODE_TYPES.ArrayExpression) ||
      (origin.kind === "type" && (origin.node.type === AST_NODE_TYPES.TSArrayType || origin.node.type === AST_NODE_TYPES.TSTupleType)),
  );
}

/** The options slot of a call: an object literal, nothing there (`index` is where one goes), or unseen. */
type Slot = { options: TSESTree.ObjectExpression | undefined; index: number } | "unknown";

function slotAt(context: Context, call: CallLike, index: number): Slot {
  const args = call.arguments;
  if (args.slice(0, index + 1).some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return "unknown";
  const argument = args[index];
  if (!argument || isFunctionArgument(context, argument)) return { options: undefined, index };
  if (argument.type === AST_NODE_TYPES.Identifier && argument.name === "undefined") return { options: undefined, index };
  const unwrapped = skipWrappers(argument);
  if (unwrapped.type === AST_NODE_TYPES.ObjectExpression) return { options: unwrapped, index };
  return "unknown";
}

/** `fn(urlOrOptions, options?)` (axios, got, http): options first when the first argument is an object literal. */
function urlOrOptionsSlot(context: Context, call: CallLike): Slot {
  const first = call.arguments[0];
  if (!first || first.type === AST_NODE_TYPES.SpreadElement) return "unknown";
  if (skipWrappers(first).type === AST_NODE_TYPES.ObjectExpression) {
    // `http.request(options, callback)`; `got(options)`: an options object, nothing more to see.
    return slotAt(context, call, 0);
  }
  // With a second argument the first is the URL; alone, it must visibly be one.
  if (call.arguments.length < 2 || isFunctionArgument(context, call.arguments[1])) {
    if (!isUrlLike(context, first)) return "unknown";
  }
  return slotAt(context, call, 1);
}

function execFileSlot(context: Context, call: CallLike): Slot {
  const second = call.arguments[1];
  if (!second || isFunctionArgument(context, second)) return slotAt(context, call, 1);
  if (second.type === AST_NODE_TYPES.SpreadElement) return "unknown";
  if (skipWrappers(second).type === AST_NODE_TYPES.ObjectExpression) return slotAt(context, call, 1);
  return isArrayLike(context, second) ? slotAt(context, call, 2) : "unknown";
}

function fetchSlot(context: Context, call: CallLike): Slot {
  const input = call.arguments[0];
  if (!input || input.type === AST_NODE_TYPES.SpreadElement) return "unknown";
  // `fetch(request)`: a `Request` may carry its own signal.
  const isRequest = (expression: TSESTree.Node): boolean =>
    expression.type === AST_NODE_TYPES.NewExpression && isGlobal(resolveReference(context, expression.callee), "Request");
  if (isRequest(skipWrappers(input))) return "unknown";
  if (input.type === AST_NODE_TYPES.Identifier) {
    const origins = getValueOrigins(context, input);
    if (origins.some((origin) => (origin.kind === "expression" ? isRequest(skipWrappers(origin.node)) : origin.node.type === AST_NODE_TYPES.TSTypeReference && origin.node.typeName.type === AST_NODE_TYPES.Identifier && origin.node.typeName.name === "Request"))) {
      return "unknown";
    }
  }
  if (typeName(context, input) === "Request") return "unknown";
  return slotAt(context, call, 1);
}

/** `promisify(exec)` / `util.promisify(execFile)`: which child_process function a constant wraps. */
function promisifiedChildProcess(context: Context, callee: TSESTree.Node): "exec" | "execFile" | undefined {
  const expression = skipWrappers(callee);
  if (expression.type !== AST_NODE_TYPES.Identifier) return undefined;
  const init = getConstantInit(context, expression);
  if (init?.type !== AST_NODE_TYPES.CallExpression || init.arguments.length !== 1) return undefined;
  if (!isExportOf(resolveReference(context, init.callee), "util", "promisify")) return undefined;
  const wrapped = resolveReference(context, init.arguments[0]!);
  if (isExportOf(wrapped, "child_process", "exec")) return "exec";
  if (isExportOf(wrapped, "child_process", "execFile")) return "execFile";
  return undefined;
}

interface Match {
  label: string;
  slot: Slot;
  bounding: readonly string[];
  bound: BoundKind;
  expected: string;
  autofixable?: boolean;
  /** Bounds that can be added after the call. */
  later?: LaterBound;
  /** Goes through a binding whose `defaults.timeout` may be set (axios). */
  defaults?: boolean;
  /** Creates a client, instance or pool that later requests use. */
  configures?: boolean;
  /** The command is visibly a local quick tool. */
  localCommand?: boolean;
  defaultLimits?: "undici";
}

const REQUEST_LATER: LaterBound = { methods: ["setTimeout", "destroy", "abort"], assigned: [], escapes: true };
const CHILD_LATER: LaterBound = { methods: ["kill"], assigned: [], escapes: true };

const SIGNAL: BoundKind = { kind: "signal" };
const TIMEOUT: BoundKind = { kind: "property", property: "timeout", phase: "total" };

function matchCall(context: Context, call: TSESTree.CallExpression, additional: readonly AdditionalTimeoutCall[]): Match | undefined {
  const ref = resolveCallee(context, call.callee);
  if (isGlobal(ref, "fetch") || isExportOf(ref, "undici", "fetch") || isExportOf(ref, "node-fetch", "default")) {
    const nodeFetch = ref?.module === "node-fetch";
    // Node's fetch is undici's: 300 s for the headers and 300 s between body chunks, no total. node-fetch has none.
    return { label: "fetch()", slot: fetchSlot(context, call), bounding: nodeFetch ? ["signal", "timeout"] : ["signal", "dispatcher"], bound: SIGNAL, expected: "`signal`", ...(nodeFetch ? {} : { defaultLimits: "undici" as const }) };
  }
  const axiosPath = pathBelow(ref, "axios", ["default"]);
  if (axiosPath) {
    const axiosBound = { bounding: ["timeout", "signal", "cancelToken"], bound: TIMEOUT, expected: "`timeout` or `signal`", defaults: true };
    if (axiosPath.length === 0) return { label: "axios()", slot: urlOrOptionsSlot(context, call), ...axiosBound };
    const method = axiosPath.length === 1 ? axiosPath[0]! : "";
    if (method === "request") return { label: "axios.request()", slot: slotAt(context, call, 0), ...axiosBound };
    if (AXIOS_URL_CONFIG.has(method)) return { label: `axios.${method}()`, slot: slotAt(context, call, 1), ...axiosBound };
    if (AXIOS_URL_DATA_CONFIG.has(method)) return { label: `axios.${method}()`, slot: slotAt(context, call, 2), ...axiosBound };
    if (method === "create") {
      const later: LaterBound = { methods: [], assigned: ["defaults.timeout"], escapes: false };
      return { label: "axios.create()", slot: slotAt(context, call, 0), bounding: ["timeout"], bound: TIMEOUT, expected: "`timeout`", later, configures: true };
    }
    return undefined;
  }
  const gotPath = pathBelow(ref, "got", ["default", "got"]);
  if (gotPath) {
    const gotBound = { bounding: ["timeout", "signal"], bound: { kind: "got" } as const, expected: "`timeout`" };
    if (gotPath.length === 0) return { label: "got()", slot: urlOrOptionsSlot(context, call), ...gotBound };
    const method = gotPath.length === 1 ? gotPath[0]! : "";
    if (GOT_METHODS.has(method)) return { label: `got.${method}()`, slot: urlOrOptionsSlot(context, call), ...gotBound };
    if (method === "extend") {
      // `got.extend(...optionsOrInstances)`: only a single options literal can be read.
      return { label: "got.extend()", slot: call.arguments.length <= 1 ? slotAt(context, call, 0) : "unknown", bounding: ["timeout"], bound: { kind: "got" }, expected: "`timeout`", configures: true };
    }
    return undefined;
  }
  for (const module of ["http", "https"]) {
    for (const name of ["request", "get"]) {
      if (isExportOf(ref, module, name)) {
        return { label: `${module}.${name}()`, slot: urlOrOptionsSlot(context, call), bounding: ["timeout", "signal"], bound: SIGNAL, expected: "`timeout` or `signal`", autofixable: listensForErrors(context, call), later: REQUEST_LATER };
      }
    }
  }
  const execBound = { bounding: ["timeout", "signal"], bound: TIMEOUT, expected: "`timeout`" };
  const shell = () => isLocalShellCommand(context, call.arguments[0]);
  const file = () => isLocalFileCommand(context, call.arguments[0], call.arguments[1]);
  if (isExportOf(ref, "child_process", "exec")) return { label: "exec()", slot: slotAt(context, call, 1), ...execBound, later: CHILD_LATER, localCommand: shell() };
  if (isExportOf(ref, "child_process", "execFile")) return { label: "execFile()", slot: execFileSlot(context, call), ...execBound, later: CHILD_LATER, localCommand: file() };
  const promisified = promisifiedChildProcess(context, skipIndirectCall(call.callee));
  if (promisified === "exec") return { label: "exec()", slot: slotAt(context, call, 1), ...execBound, localCommand: shell() };
  if (promisified === "execFile") return { label: "execFile()", slot: execFileSlot(context, call), ...execBound, localCommand: file() };
  return matchAdditional(context, call, ref, additional, false);
}

function matchAdditional(context: Context, call: CallLike, ref: ImportRef | undefined, additional: readonly AdditionalTimeoutCall[], construct: boolean): Match | undefined {
  for (const entry of additional) {
    if ((entry.construct ?? false) !== construct || !matchesDeclared(ref, entry.module, entry.name)) continue;
    const property = entry.timeoutProperty;
    return {
      label: `${construct ? "new " : ""}${context.sourceCode.getText(call.callee)}()`,
      slot: slotAt(context, call, entry.optionsArgument),
      bounding: [property],
      bound: property === "signal" ? SIGNAL : { kind: "property", property, phase: propertyPhase(property) },
      expected: `\`${property}\``,
      configures: construct,
    };
  }
  return undefined;
}

function matchNew(context: Context, node: TSESTree.NewExpression, additional: readonly AdditionalTimeoutCall[]): Match | undefined {
  const ref = resolveCallee(context, node.callee);
  if (isExportOf(ref, "pg", "Pool") || isExportOf(ref, "pg-pool", "default")) {
    const property = "connectionTimeoutMillis";
    return { label: "new Pool()", slot: slotAt(context, node, 0), bounding: [property], bound: { kind: "property", property, phase: "connect" }, expected: `\`${property}\``, configures: true };
  }
  return matchAdditional(context, node, ref, additional, true);
}

type Sets = "yes" | "no" | "unknown";

/** `true` when a constant's object may change after it is made: `opts.timeout = …`, `Object.assign(opts, …)`, `configure(opts)`. */
function isChangedLater(context: Context, identifier: TSESTree.Identifier): boolean {
  const variable = findVariable(context, identifier);
  if (!variable) return true;
  return variable.references.some((reference) => {
    if (reference.init) return false;
    const use = reference.identifier.parent;
    if (use?.type === AST_NODE_TYPES.CallExpression || use?.type === AST_NODE_TYPES.NewExpression) return true;
    if (use?.type !== AST_NODE_TYPES.MemberExpression || use.object !== reference.identifier) return false;
    let target: TSESTree.Node = use;
    while (target.parent?.type === AST_NODE_TYPES.MemberExpression && target.parent.object === target) target = target.parent;
    const parent = target.parent;
    return (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.left === target) || parent?.type === AST_NODE_TYPES.UpdateExpression || parent?.type === AST_NODE_TYPES.UnaryExpression;
  });
}

/** The object literals a same-file function returns (`function defaults() { return { … }; }`), or `undefined` when any return is something else. */
function returnedObjects(context: Context, callee: TSESTree.Node): TSESTree.ObjectExpression[] | undefined {
  const expression = skipWrappers(callee);
  if (expression.type !== AST_NODE_TYPES.Identifier) return undefined;
  const variable = findVariable(context, expression);
  const def = variable?.defs[0];
  if (!variable || variable.defs.length !== 1 || !def) return undefined;
  let fn: TSESTree.Node | undefined;
  if (def.type === "FunctionName") fn = def.node;
  else if (def.type === "Variable" && def.node.id.type === AST_NODE_TYPES.Identifier) fn = getConstantInit(context, expression);
  if (!fn || !isFunctionNode(fn)) return undefined;
  const results: TSESTree.Node[] = [];
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) {
    results.push(fn.body);
  } else {
    const stack: TSESTree.Node[] = [...fn.body.body];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (isFunctionNode(node) || node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression) continue;
      if (node.type === AST_NODE_TYPES.ReturnStatement) {
        if (!node.argument) return undefined;
        results.push(node.argument);
        continue;
      }
      stack.push(...childNodes(node));
    }
  }
  const objects = results.map((result) => skipWrappers(result));
  return objects.length > 0 && objects.every((object) => object.type === AST_NODE_TYPES.ObjectExpression) ? (objects as TSESTree.ObjectExpression[]) : undefined;
}

/**
 * `{ ...defaults(), baseURL }`, `{ ...opts }`: what a spread brings in, when it comes from a same-file object
 * literal (a constant never changed later, or what a same-file function returns). `"unknown"` when it cannot be seen.
 */
function spreadSets(context: Context, spread: TSESTree.SpreadElement, keys: readonly string[], depth: number): Sets {
  if (depth > 3) return "unknown";
  const argument = skipWrappers(spread.argument);
  let objects: TSESTree.ObjectExpression[] | undefined;
  if (argument.type === AST_NODE_TYPES.ObjectExpression) {
    objects = [argument];
  } else if (argument.type === AST_NODE_TYPES.Identifier) {
    const init = getConstantInit(context, argument);
    if (init && skipWrappers(init).type === AST_NODE_TYPES.ObjectExpression && !isChangedLater(context, argument)) objects = [skipWrappers(init) as TSESTree.ObjectExpression];
  } else if (argument.type === AST_NODE_TYPES.CallExpression) {
    objects = returnedObjects(context, argument.callee);
  }
  if (!objects) return "unknown";
  const results = objects.map((object) => setsAny(context, object, keys, depth + 1));
  if (results.includes("yes")) return "yes";
  return results.includes("unknown") ? "unknown" : "no";
}

/** `"yes"` when the literal sets one of `keys`, `"unknown"` when a spread that cannot be seen or a computed key might. */
function setsAny(context: Context, object: TSESTree.ObjectExpression, keys: readonly string[], depth = 0): Sets {
  let unknown = false;
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      const spread = spreadSets(context, property, keys, depth);
      if (spread === "yes") return "yes";
      if (spread === "unknown") unknown = true;
      continue;
    }
    let key: string | undefined;
    if (!property.computed && property.key.type === AST_NODE_TYPES.Identifier) key = property.key.name;
    else if (property.key.type === AST_NODE_TYPES.Literal) key = String(property.key.value);
    else unknown = true;
    if (key !== undefined && keys.includes(key)) return "yes";
  }
  return unknown ? "unknown" : "no";
}

/** `Promise.race([fetch(…), timer])`, `pTimeout(fetch(…), …)`, `withTimeout(got(…))`: the wait is bounded elsewhere. */
function isRacedOrWrapped(context: Context, call: CallLike): boolean {
  let node: TSESTree.Node = call;
  let parent: TSESTree.Node | undefined = node.parent;
  for (;;) {
    if (parent?.type === AST_NODE_TYPES.AwaitExpression || parent?.type === AST_NODE_TYPES.ArrayExpression || parent?.type === AST_NODE_TYPES.TSAsExpression) {
      node = parent;
    } else if (
      parent?.type === AST_NODE_TYPES.MemberExpression &&
      parent.object === node &&
      parent.parent?.type === AST_NODE_TYPES.CallExpression &&
      ["then", "catch", "finally"].includes(getPropertyName(parent) ?? "")
    ) {
      // `pTimeout(fetch(url).then((response) => response.json()), …)`
      node = parent.parent;
    } else {
      break;
    }
    parent = node.parent;
  }
  if (parent?.type !== AST_NODE_TYPES.CallExpression || !(parent.arguments as readonly TSESTree.Node[]).includes(node)) return false;
  const ref = resolveReference(context, parent.callee);
  if (ref?.module === GLOBAL && ref.path[0] === "Promise" && ref.path[1] === "race") return true;
  if (ref && ["p-timeout", "p-cancelable"].includes(ref.module)) return true;
  const callee = skipWrappers(parent.callee);
  const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
  return name !== undefined && /timeout|deadline|race/iu.test(name);
}

/** What can bound a value after the call: methods called on it, paths assigned on it, or its escape. */
interface LaterBound {
  /** `req.setTimeout(ms)`, `child.kill()`. */
  methods: readonly string[];
  /** `api.defaults.timeout = ms`. */
  assigned: readonly string[];
  /** Returned, stored or handed to another function: whoever gets it may bound it. */
  escapes: boolean;
}

/** `new Promise((resolve) => http.get(url, resolve))`: an executor's return value is dropped. */
function isPromiseExecutorBody(context: Context, node: TSESTree.Node): boolean {
  const arrow = node.parent;
  return (
    arrow?.type === AST_NODE_TYPES.ArrowFunctionExpression &&
    arrow.body === node &&
    arrow.parent?.type === AST_NODE_TYPES.NewExpression &&
    arrow.parent.arguments[0] === arrow &&
    isGlobal(resolveReference(context, arrow.parent.callee), "Promise")
  );
}

/**
 * For values that can be bounded after the call (`req.setTimeout(ms)`, `child.kill()`, `api.defaults.timeout = ms`):
 * `true` when that can be seen, or when the value escapes where this file cannot follow it and `later.escapes`.
 */
export function isBoundedLater(context: Context, node: CallLike, later: LaterBound): boolean {
  const { methods, assigned, escapes } = later;
  let current: TSESTree.Node = node;
  // `http.get(url, cb).on("error", …).setTimeout(5000)`: event methods return the request itself.
  for (;;) {
    const member: TSESTree.Node | undefined = current.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== current || member.parent?.type !== AST_NODE_TYPES.CallExpression) break;
    const method = getPropertyName(member);
    if (method !== undefined && methods.includes(method)) return true;
    if (!["on", "once", "prependListener", "setHeader", "end", "write"].includes(method ?? "")) return false;
    current = member.parent;
  }
  const parent = current.parent;
  if (parent?.type === AST_NODE_TYPES.ExpressionStatement || isPromiseExecutorBody(context, current)) return false;
  if (parent?.type !== AST_NODE_TYPES.VariableDeclarator || parent.id.type !== AST_NODE_TYPES.Identifier) return escapes;
  const variable = findVariable(context, parent.id);
  if (!variable) return escapes;
  for (const reference of variable.references) {
    if (reference.init) continue;
    const identifier = reference.identifier;
    const use = identifier.parent;
    if (use?.type !== AST_NODE_TYPES.MemberExpression || use.object !== identifier) {
      if (escapes) return true;
      continue;
    }
    const name = getPropertyName(use);
    if (name !== undefined && methods.includes(name) && use.parent?.type === AST_NODE_TYPES.CallExpression) return true;
    const outer = use.parent;
    if (name !== undefined && outer?.type === AST_NODE_TYPES.MemberExpression && outer.object === use) {
      const inner = getPropertyName(outer);
      if (inner !== undefined && assigned.includes(`${name}.${inner}`) && outer.parent?.type === AST_NODE_TYPES.AssignmentExpression && outer.parent.left === outer) return true;
      if (name === "interceptors" && mentionsBound(context, outer.parent?.parent)) return true;
    }
  }
  return false;
}

/** `api.interceptors.request.use((config) => { config.timeout = … })`: an interceptor that sets a bound. */
function mentionsBound(context: Context, node: TSESTree.Node | undefined): boolean {
  return node?.type === AST_NODE_TYPES.CallExpression && /\b(?:timeout|signal)\b/u.test(context.sourceCode.getText(node));
}

/** `axios.defaults.timeout = ms` (or an interceptor that sets one) on the binding that the call goes through. */
function hasDefaultTimeout(context: Context, call: TSESTree.CallExpression): boolean {
  let root: TSESTree.Node = skipWrappers(call.callee);
  while (root.type === AST_NODE_TYPES.MemberExpression) root = skipWrappers(root.object);
  if (root.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = findVariable(context, root);
  if (!variable) return false;
  return variable.references.some((reference) => {
    const use = reference.identifier.parent;
    if (use?.type !== AST_NODE_TYPES.MemberExpression || use.object !== reference.identifier) return false;
    const name = getPropertyName(use);
    const outer = use.parent;
    if (outer?.type !== AST_NODE_TYPES.MemberExpression || outer.object !== use) return false;
    if (name === "defaults" && getPropertyName(outer) === "timeout") return outer.parent?.type === AST_NODE_TYPES.AssignmentExpression && outer.parent.left === outer;
    return name === "interceptors" && mentionsBound(context, outer.parent?.parent);
  });
}

/** The target of a call or constructor that should carry a bound and visibly does not; `undefined` otherwise. */
export function findTimeoutTarget(context: Context, node: CallLike, additional: readonly AdditionalTimeoutCall[] = []): TimeoutTarget | undefined {
  const match = node.type === AST_NODE_TYPES.NewExpression ? matchNew(context, node, additional) : matchCall(context, node, additional);
  if (!match || match.slot === "unknown") return undefined;
  const { options, index } = match.slot;
  if (options && setsAny(context, options, match.bounding) !== "no") return undefined;
  if (isRacedOrWrapped(context, node)) return undefined;
  if (match.later && isBoundedLater(context, node, match.later)) return undefined;
  if (match.defaults && node.type === AST_NODE_TYPES.CallExpression && (hasDefaultTimeout(context, node) || setsAxiosDefaultTimeout(absoluteFilename(context.filename, context.cwd)))) return undefined;
  return {
    label: match.label,
    options,
    index,
    bound: match.bound,
    expected: match.expected,
    autofixable: match.autofixable ?? true,
    configures: match.configures ?? false,
    localCommand: match.localCommand ?? false,
    streams: isTotalBound(match.bound) && (hasStreamOption(node) || isStreamed(context, node)),
    ...(match.defaultLimits ? { defaultLimits: match.defaultLimits } : {}),
  };
}

/** Options that ask for a stream: `responseType: 'stream'` (axios), `isStream: true` (got), `stream: true` (an LLM request body, also inside `JSON.stringify`). */
function hasStreamOption(call: CallLike): boolean {
  const stack: TSESTree.Node[] = [...call.arguments];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isFunctionNode(node)) continue;
    if (node.type === AST_NODE_TYPES.Property && !node.computed) {
      const key = node.key.type === AST_NODE_TYPES.Identifier ? node.key.name : node.key.type === AST_NODE_TYPES.Literal ? String(node.key.value) : undefined;
      const value = skipWrappers(node.value);
      if (value.type === AST_NODE_TYPES.Literal) {
        if ((key === "stream" || key === "isStream") && value.value === true) return true;
        if (key === "responseType" && value.value === "stream") return true;
      }
    }
    stack.push(...childNodes(node));
  }
  return false;
}

const STREAM_METHODS = new Set(["pipe", "pipeTo", "pipeThrough", "getReader"]);

/** `response.body.pipe(…)`, `data.pipe(…)`, `for await (const chunk of response.body)`, `pipeline(response.data, …)`: `node` (a response or its body) is read as a stream. */
function isStreamUse(context: Context, node: TSESTree.Node, depth = 0): boolean {
  const parent = node.parent;
  if (!parent || depth > 2) return false;
  if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === node) {
    const name = getPropertyName(parent);
    if (name !== undefined && STREAM_METHODS.has(name) && parent.parent?.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent) return true;
    return (name === "body" || name === "data") && isStreamUse(context, parent, depth + 1);
  }
  if (parent.type === AST_NODE_TYPES.ForOfStatement && parent.await && parent.right === node) return true;
  if (parent.type === AST_NODE_TYPES.CallExpression && (parent.arguments as readonly TSESTree.Node[]).includes(node)) {
    const callee = skipWrappers(parent.callee);
    const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
    return name === "pipeline" || name === "fromWeb";
  }
  if ((parent.type === AST_NODE_TYPES.AwaitExpression || parent.type === AST_NODE_TYPES.TSAsExpression || parent.type === AST_NODE_TYPES.TSNonNullExpression) && depth === 0) return isStreamUse(context, parent, depth);
  return false;
}

/** The call's result (awaited or not, kept in a variable or destructured to `data`/`body`) is read as a stream. */
function isStreamed(context: Context, call: CallLike): boolean {
  if (isStreamUse(context, call)) return true;
  let node: TSESTree.Node = call;
  while (node.parent?.type === AST_NODE_TYPES.AwaitExpression || node.parent?.type === AST_NODE_TYPES.TSAsExpression) node = node.parent;
  const declarator = node.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== node) return false;
  const names: TSESTree.Identifier[] = [];
  if (declarator.id.type === AST_NODE_TYPES.Identifier) names.push(declarator.id);
  else if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
    for (const property of declarator.id.properties) {
      if (property.type === AST_NODE_TYPES.Property && !property.computed && property.key.type === AST_NODE_TYPES.Identifier && ["body", "data"].includes(property.key.name) && property.value.type === AST_NODE_TYPES.Identifier) names.push(property.value);
    }
  }
  return names.some((name) => findVariable(context, name)?.references.some((reference) => !reference.init && isStreamUse(context, reference.identifier)) ?? false);
}
