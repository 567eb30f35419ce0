/**
 * "What does the work started for each element cost?" — the evidence that separates a fan-out that can
 * take a backend down from one that cannot. The callback (or the pushed expressions) is read with the
 * functions it calls in the same file (`helper(x)`, `this.method(x)`), three calls deep:
 *
 * - `remote`: a network request, a model/SDK call or a child process (`fetch`, axios/got/undici, http,
 *   child_process and execa by import, an LLM SDK, or an opaque call whose name says so: `api.get`,
 *   `client.invoke`, `embed…`; `.exec()` alone is a regular expression more often than a process);
 * - `database`: a query or database method (`db.query`, `Model.findOne`, `collection.insertOne`);
 * - `unknown`: calls that cannot be judged from what is visible;
 * - `cheap`: only in-memory work, local fs calls, or closing what is already held;
 * - `limited`: the work runs under a limiter inside the callee (a same-file helper or a field that is one);
 * - `serialised`: every costly call goes through one connection, transaction, pipeline or `MULTI`, which
 *   runs them one at a time anyway.
 */
import { createRequire } from "node:module";
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { isFunctionNode } from "../syntax/functions.js";
import { GLOBAL, findVariable, getConstantInit, getKeyName, getPropertyName, resolveReference, skipWrappers } from "../syntax/imports.js";
import { type LimiterOptions, isLimiterCall } from "../resources/limiter.js";
import { resolveLocalFunction } from "../resources/pools.js";
import { childNodes } from "../syntax/traverse.js";
import { getValueOrigins } from "../syntax/values.js";
import { getTypeServices } from "../../util/type-services.js";
import { importedFunctionCost } from "../../project/ask.js";
import { CHEAP_GLOBALS, CHEAP_METHODS, DATABASE_METHODS, DATABASE_RECEIVER, GENERIC_DATABASE_METHODS, HTTP_RECEIVER, HTTP_VERBS, KEY_VALUE_METHODS, KEY_VALUE_RECEIVER, MODEL_METHODS, MODEL_RECEIVER, REMOTE_METHODS, SINGLE_CONNECTION, classifyByModule } from "./work-vocabulary.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** The few TypeScript shapes read here, without importing TypeScript (it is an optional peer). */
interface TsNode {
  kind: number;
  forEachChild(visit: (node: TsNode) => void): void;
  getSourceFile(): { fileName: string; isDeclarationFile: boolean };
}
interface TsSymbol {
  flags: number;
  declarations?: TsNode[];
  getName(): string;
}
interface TypeChecker {
  getSymbolAtLocation(node: TsNode): TsSymbol | undefined;
  getAliasedSymbol(symbol: TsSymbol): TsSymbol;
}
/** `ts.SymbolFlags.Alias`. */
const ALIAS_FLAG = 2_097_152;
let isCallExpression: ((node: TsNode) => boolean) | undefined;

/** TypeScript's own `isCallExpression`, loaded only where a program exists (so TypeScript is installed). */
function callTest(): (node: TsNode) => boolean {
  isCallExpression ??= (createRequire(import.meta.url)("typescript") as { isCallExpression(node: TsNode): boolean }).isCallExpression;
  return isCallExpression;
}

export type WorkKind = "remote" | "database" | "unknown" | "cheap" | "limited" | "serialised";

const MAX_DEPTH = 3;

interface Scan {
  remote: boolean;
  database: boolean;
  unknown: boolean;
  limited: boolean;
  /** Database calls that go through something other than one connection. */
  sharedDatabase: boolean;
}

function receiverText(context: Context, node: TSESTree.Node): string {
  const object = skipWrappers(node);
  if (object.type === AST_NODE_TYPES.Identifier) return object.name;
  if (object.type === AST_NODE_TYPES.ThisExpression) return "this";
  if (object.type === AST_NODE_TYPES.MemberExpression) return `${receiverText(context, object.object)}.${getPropertyName(object) ?? "?"}`;
  if (object.type === AST_NODE_TYPES.CallExpression) return `${receiverText(context, object.callee)}()`;
  return context.sourceCode.getText(object).slice(0, 40);
}

/** A member's name, private ones (`this.#load`) included as `#load`. */
function memberName(member: TSESTree.MemberExpression): string | undefined {
  return member.property.type === AST_NODE_TYPES.PrivateIdentifier ? `#${member.property.name}` : getPropertyName(member);
}

function keyName(element: TSESTree.MethodDefinition): string | undefined {
  return element.key.type === AST_NODE_TYPES.PrivateIdentifier ? `#${element.key.name}` : getKeyName(element);
}

function enclosingClassBody(node: TSESTree.Node): TSESTree.ClassBody | undefined {
  let current = node.parent;
  while (current && current.type !== AST_NODE_TYPES.ClassBody) current = current.parent;
  return current;
}

/** `this.name(…)`: the method of the enclosing class, when it is declared there. */
function resolveThisMethod(member: TSESTree.MemberExpression): TSESTree.FunctionExpression | undefined {
  if (member.object.type !== AST_NODE_TYPES.ThisExpression) return undefined;
  const name = memberName(member);
  const body = enclosingClassBody(member);
  if (name === undefined || !body) return undefined;
  const method = body.body.find((element): element is TSESTree.MethodDefinition => element.type === AST_NODE_TYPES.MethodDefinition && keyName(element) === name);
  return method?.value.type === AST_NODE_TYPES.FunctionExpression ? method.value : undefined;
}

/** `const client = await pool.connect()`, `conn = await pool.getConnection()`, `tx = db.transaction()`: one connection. */
function isOneConnection(context: Context, receiver: TSESTree.Node): boolean {
  return getValueOrigins(context, receiver).some((origin) => {
    if (origin.kind !== "expression") return false;
    let value = skipWrappers(origin.node);
    if (value.type === AST_NODE_TYPES.AwaitExpression) value = skipWrappers(value.argument);
    if (value.type !== AST_NODE_TYPES.CallExpression) return false;
    const callee = skipWrappers(value.callee);
    return callee.type === AST_NODE_TYPES.MemberExpression && /^(?:connect|getConnection|acquire|transaction|startTransaction|beginTransaction|multi|pipeline|batch|startSession|createQueryRunner)$/u.test(getPropertyName(callee) ?? "");
  });
}

/** `client.send(…)` where `const client = new S3Client()` (or `createClient()`, `this.client = new Redis()`): the kind of the creating module. */
function createdByModule(context: Context, receiver: TSESTree.Node): ReturnType<typeof classifyByModule> {
  for (const origin of getValueOrigins(context, receiver)) {
    if (origin.kind !== "expression") continue;
    let value = skipWrappers(origin.node);
    if (value.type === AST_NODE_TYPES.AwaitExpression) value = skipWrappers(value.argument);
    if (value.type !== AST_NODE_TYPES.NewExpression && value.type !== AST_NODE_TYPES.CallExpression) continue;
    const ref = resolveReference(context, value.callee);
    const kind = ref && ref.module !== GLOBAL ? classifyByModule(ref.module) : undefined;
    if (kind) return kind;
  }
  return undefined;
}

/**
 * With type information: the body of the function `callee` refers to, declared in another source file of
 * the project. `remote` or `database` when a call in it goes to such a module (or is `fetch`), `cheap` when
 * every call in it is a built-in or goes to a local module, `undefined` when a call cannot be placed (or
 * the body cannot be read).
 */
function judgeByTypes(context: Context, callee: TSESTree.Node): ReturnType<typeof classifyByModule> {
  const services = getTypeServices(context);
  if (!services) return undefined;
  const ts = services.program as unknown as { getTypeChecker(): TypeChecker };
  const checker = ts.getTypeChecker();
  let symbol = checker.getSymbolAtLocation(services.esTreeNodeToTSNodeMap.get(callee) as unknown as TsNode);
  if (symbol && symbol.flags & ALIAS_FLAG) symbol = checker.getAliasedSymbol(symbol);
  const declaration = symbol?.declarations?.find((candidate) => functionBody(candidate) !== undefined);
  const body = declaration && functionBody(declaration);
  if (!body || declaration.getSourceFile().isDeclarationFile || /[\\/]node_modules[\\/]/u.test(declaration.getSourceFile().fileName)) return undefined;
  let found: ReturnType<typeof classifyByModule>;
  let unplaced = false;
  const isCall = callTest();
  const visit = (node: TsNode): void => {
    if (found === "remote") return;
    if (isCall(node)) {
      const target = (node as unknown as { expression: TsNode }).expression;
      let called = checker.getSymbolAtLocation(target);
      if (called && called.flags & ALIAS_FLAG) called = checker.getAliasedSymbol(called);
      const file = called?.declarations?.[0]?.getSourceFile().fileName.replaceAll("\\", "/") ?? "";
      const module = /\/node_modules\/(?:@types\/)?((?:@[^/]+\/)?[^/]+)/u.exec(file)?.[1]?.replace(/^([^@][^/]*)__/u, "@$1/");
      const builtIn = /\/node_modules\/typescript\/lib\//u.test(file);
      const kind = called?.getName() === "fetch" && file.includes("/node_modules/") ? "remote" : builtIn ? "cheap" : module ? classifyByModule(module) : undefined;
      if (kind === "remote" || kind === "database") found = kind === "remote" || found === undefined ? kind : found;
      else if (kind === undefined) unplaced = true;
    }
    node.forEachChild(visit);
  };
  visit(body);
  return found ?? (unplaced ? undefined : "cheap");
}

/** The project model's cost of an imported project function, or `undefined` where it cannot be read. */
function projectCost(context: Context, callee: TSESTree.Node): "remote" | "database" | "limited" | "cheap" | undefined {
  const cost = importedFunctionCost(context, callee);
  return cost === "unknown" ? undefined : cost;
}

/** The body of a TypeScript function-like declaration, or of a variable initialised with one. */
function functionBody(declaration: TsNode): TsNode | undefined {
  const node = declaration as unknown as { body?: TsNode; initializer?: { body?: TsNode } };
  return node.body ?? node.initializer?.body;
}


function scanCall(context: Context, call: TSESTree.CallExpression | TSESTree.NewExpression, scan: Scan, seen: Set<TSESTree.Node>, depth: number, options: LimiterOptions): void {
  if (call.type === AST_NODE_TYPES.CallExpression && isLimiterCall(context, call, options)) {
    scan.limited = true;
    return;
  }
  const callee = skipWrappers(call.callee);
  const ref = resolveReference(context, callee);
  if (ref?.module === GLOBAL) {
    const name = ref.path[0] ?? "";
    if (name === "fetch" || name === "WebSocket" || name === "EventSource") scan.remote = true;
    else if (!CHEAP_GLOBALS.has(name)) scan.unknown = true;
    return;
  }
  if (ref) {
    const kind = classifyByModule(ref.module);
    // `new UploadPartCommand(…)`, `new OpenAI()`: building a command or a client sends nothing (a worker or socket does).
    if (call.type === AST_NODE_TYPES.NewExpression && kind !== undefined && !/^(?:worker_threads|net|tls|dgram)$/u.test(ref.module) && !/Socket|Worker/u.test(ref.path.at(-1) ?? "")) return;
    if (kind === "remote" || kind === "database") {
      scan[kind] = true;
      if (kind === "database") scan.sharedDatabase = true;
      return;
    }
    if (kind === "cheap") return;
  }
  // A function of another module of the project: read by the project model, else through the type checker.
  if (depth < MAX_DEPTH && ref) {
    const kind = projectCost(context, callee) ?? judgeByTypes(context, callee);
    if (kind) {
      if (kind === "limited") scan.limited = true;
      else if (kind !== "cheap") scan[kind] = true;
      if (kind === "database") scan.sharedDatabase = true;
      return;
    }
  }
  // A same-file function or method: read its body.
  const local = callee.type === AST_NODE_TYPES.MemberExpression ? resolveThisMethod(callee) : resolveLocalFunction(context, callee);
  if (local) {
    if (depth < MAX_DEPTH && !seen.has(local)) {
      seen.add(local);
      scanBody(context, local.body, scan, seen, depth + 1, options);
    }
    return;
  }
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const created = createdByModule(context, callee.object);
    if (created === "remote" || created === "database") {
      scan[created] = true;
      if (created === "database") scan.sharedDatabase = true;
      return;
    }
    const method = memberName(callee) ?? "";
    const receiver = receiverText(context, callee.object).replace(/\(\)$/u, "");
    const last = receiver.split(".").at(-1) ?? receiver;
    if (REMOTE_METHODS.test(method)) {
      scan.remote = true;
      return;
    }
    if ((HTTP_VERBS.test(method) || method === "send") && HTTP_RECEIVER.test(receiver)) {
      scan.remote = true;
      return;
    }
    if (MODEL_METHODS.test(method) && MODEL_RECEIVER.test(receiver)) {
      scan.remote = true;
      return;
    }
    if (DATABASE_METHODS.test(method) || (GENERIC_DATABASE_METHODS.test(method) && DATABASE_RECEIVER.test(receiver)) || (KEY_VALUE_METHODS.test(method) && KEY_VALUE_RECEIVER.test(receiver))) {
      scan.database = true;
      if (!SINGLE_CONNECTION.test(last) && !isOneConnection(context, callee.object)) scan.sharedDatabase = true;
      return;
    }
    if (CHEAP_METHODS.test(method)) return;
    scan.unknown = true;
    return;
  }
  if (callee.type === AST_NODE_TYPES.Identifier && !isParameter(context, callee)) {
    if (/^(?:fetch|request|query|embed|invoke|scrape|crawl|download|upload|call(?:Api|Tool|Model|Llm|LLM))(?:[A-Z_]|$)|^(?:get|post|put|send)(?:Json|Request|Http|Api)/u.test(callee.name)) {
      scan.remote = true;
      return;
    }
    if (/^(?:resolve|reject|next|done|cb|callback|noop|assert|clone|format|parse|serialize|deserialize|normalize|validate|toArray|merge)$/u.test(callee.name)) return;
  }
  scan.unknown = true;
}

/** A parameter (`(request) => request()`): what it calls cannot be told from its name. */
function isParameter(context: Context, identifier: TSESTree.Identifier): boolean {
  return findVariable(context, identifier)?.defs[0]?.type === "Parameter";
}

function scanBody(context: Context, root: TSESTree.Node, scan: Scan, seen: Set<TSESTree.Node>, depth: number, options: LimiterOptions): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === AST_NODE_TYPES.CallExpression || node.type === AST_NODE_TYPES.NewExpression) {
      scanCall(context, node, scan, seen, depth, options);
      if (scan.limited && node.type === AST_NODE_TYPES.CallExpression && isLimiterCall(context, node, options)) continue;
    }
    stack.push(...childNodes(node));
  }
}

/**
 * Judges the work started per element by `work`: a callback, a function reference, or a started
 * expression (`ps.push(load(x))` gives `load(x)`).
 */
export function judgeElementWork(context: Context, work: TSESTree.Node, options: LimiterOptions = {}): WorkKind {
  const scan: Scan = { remote: false, database: false, unknown: false, limited: false, sharedDatabase: false };
  const node = skipWrappers(work);
  const seen = new Set<TSESTree.Node>();
  if (isFunctionNode(node)) {
    seen.add(node);
    scanBody(context, node.body, scan, seen, 0, options);
  } else if (node.type === AST_NODE_TYPES.Identifier && getConstantInit(context, node) && !isFunctionNode(skipWrappers(getConstantInit(context, node)!))) {
    // `const p = (async () => …)(); ps.push(p)`: the work is the initialiser.
    scanBody(context, getConstantInit(context, node)!, scan, seen, 0, options);
  } else if (node.type === AST_NODE_TYPES.Identifier || node.type === AST_NODE_TYPES.MemberExpression) {
    // `xs.map(load)`: judge `load` as if it were called.
    const call = { type: AST_NODE_TYPES.CallExpression, callee: node, arguments: [], optional: false, parent: node.parent } as unknown as TSESTree.CallExpression;
    scanCall(context, call, scan, seen, 0, options);
  } else {
    scanBody(context, node, scan, seen, 0, options);
  }
  if (scan.limited) return "limited";
  if (scan.remote) return "remote";
  if (scan.database) return scan.sharedDatabase ? "database" : "serialised";
  return scan.unknown ? "unknown" : "cheap";
}
