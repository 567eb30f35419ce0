/**
 * "Is this function a request handler?" — a function that runs once per incoming HTTP request: an
 * Express/Koa/Fastify/Hono route or middleware, or an `http.createServer` / `server.on("request")`
 * callback. The receiver is recognised by where it comes from (`express()`, `express.Router()`,
 * `new Koa()`, `fastify()`, `new Hono()`, or a parameter typed `Express`/`Router`/`FastifyInstance`/…),
 * never by its name alone; extra registrars come from the rule's options.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { findVariable, getKeyName, getPropertyName, isExportOf, isNeverReassigned, resolveReference, skipWrappers } from "../syntax/imports.js";
import { type Creator, isValueFrom } from "../syntax/values.js";
import type { FunctionNode } from "../syntax/functions.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const HTTP_METHODS = ["get", "post", "put", "patch", "delete", "del", "head", "options", "all"];

interface Framework {
  creators: Creator[];
  methods: readonly string[];
}

const FRAMEWORKS: Framework[] = [
  {
    creators: [
      { module: "express", name: "default" },
      { module: "express", name: "Router" },
      { module: "express", name: "Express" },
      { module: "express", name: "Application" },
      { module: "express", name: "IRouter" },
      { module: "express-serve-static-core", name: "Express" },
      { module: "express-serve-static-core", name: "Router" },
    ],
    methods: [...HTTP_METHODS, "use"],
  },
  { creators: [{ module: "koa", name: "default" }], methods: ["use"] },
  {
    creators: [
      { module: ["@koa/router", "koa-router"], name: "default" },
      { module: ["@koa/router", "koa-router"], name: "Router" },
    ],
    methods: [...HTTP_METHODS, "use"],
  },
  {
    creators: [
      { module: "fastify", name: "default" },
      { module: "fastify", name: "fastify" },
      { module: "fastify", name: "FastifyInstance" },
    ],
    methods: [...HTTP_METHODS, "route"],
  },
  { creators: [{ module: ["hono", "hono/tiny", "hono/quick"], name: "Hono" }], methods: [...HTTP_METHODS, "use", "on"] },
];

const SERVER_MODULES = ["http", "https", "http2"];
const SERVER_FACTORIES = ["createServer", "createSecureServer"];
/** Properties of a route options object (Fastify's `route({ handler })`, `get(path, { handler })`) that run per request. */
const HANDLER_KEYS = new Set(["handler", "preHandler", "onRequest", "preValidation"]);

export interface RequestHandlerOptions {
  /** Functions (`route`) or `object.method`s (`api.get`) whose function arguments handle requests; a bare object name (`api`) stands for its HTTP-method calls. */
  registrars?: readonly string[];
}

function isServerCreation(context: Context, node: TSESTree.Node): boolean {
  const call = skipWrappers(node);
  if (call.type !== AST_NODE_TYPES.CallExpression) return false;
  const ref = resolveReference(context, call.callee);
  return SERVER_FACTORIES.some((name) => isExportOf(ref, SERVER_MODULES, name));
}

function calleeText(callee: TSESTree.Node): string | undefined {
  const node = skipWrappers(callee);
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  const object = skipWrappers(node.object);
  const property = getPropertyName(node);
  if (property === undefined) return undefined;
  if (object.type === AST_NODE_TYPES.Identifier) return `${object.name}.${property}`;
  if (object.type === AST_NODE_TYPES.ThisExpression) return `this.${property}`;
  return undefined;
}

function matchesRegistrar(callee: TSESTree.Node, registrars: readonly string[]): boolean {
  const text = calleeText(callee);
  if (text === undefined) return false;
  const short = text.startsWith("this.") ? text.slice(5) : text;
  if (registrars.includes(text) || registrars.includes(short)) return true;
  const [object, method] = short.split(".");
  return method !== undefined && HTTP_METHODS.includes(method) && registrars.includes(object!);
}

/** `true` when `receiver` is an app or router of a known framework (seeing through `app.route(p).get(…)` chains). */
function frameworkOf(context: Context, receiver: TSESTree.Node, depth = 0): Framework | undefined {
  const node = skipWrappers(receiver);
  if (depth < 4 && node.type === AST_NODE_TYPES.CallExpression) {
    const callee = skipWrappers(node.callee);
    if (callee.type === AST_NODE_TYPES.MemberExpression) return frameworkOf(context, callee.object, depth + 1);
  }
  return FRAMEWORKS.find((framework) => isValueFrom(context, node, framework.creators));
}

/** `true` when `call` registers request handlers with the function arguments it is given. */
export function isHandlerRegistration(context: Context, call: TSESTree.CallExpression, options: RequestHandlerOptions = {}): boolean {
  if (options.registrars && options.registrars.length > 0 && matchesRegistrar(call.callee, options.registrars)) return true;
  const ref = resolveReference(context, call.callee);
  if (SERVER_FACTORIES.some((name) => isExportOf(ref, SERVER_MODULES, name))) return true;
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = getPropertyName(callee);
  if (method === undefined) return false;
  if (method === "on" || method === "addListener") {
    const event = call.arguments[0];
    if (event?.type === AST_NODE_TYPES.Literal && event.value === "request" && isValueFromServer(context, callee.object)) return true;
  }
  const framework = frameworkOf(context, callee.object);
  return framework !== undefined && framework.methods.includes(method);
}

function isValueFromServer(context: Context, node: TSESTree.Node): boolean {
  if (isServerCreation(context, node)) return true;
  const creators = SERVER_MODULES.flatMap((module) => SERVER_FACTORIES.map((name) => ({ module, name })));
  const expression = skipWrappers(node);
  if (expression.type !== AST_NODE_TYPES.Identifier) return false;
  return isValueFrom(context, expression, creators);
}

/** `true` when `argument` is an argument of a registration call (directly, or as a route's `handler`). */
function isRegisteredAt(context: Context, argument: TSESTree.Node, options: RequestHandlerOptions): boolean {
  const property = argument.parent;
  if (property?.type === AST_NODE_TYPES.Property && property.value === argument && HANDLER_KEYS.has(getKeyName(property) ?? "")) {
    if (property.parent.type !== AST_NODE_TYPES.ObjectExpression) return false;
    argument = property.parent;
  }
  const call = argument.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || !(call.arguments as readonly TSESTree.Node[]).includes(argument)) return false;
  return isHandlerRegistration(context, call, options);
}

/** The name a function is declared under: `function handler() {}` or `const handler = () => {}`. */
function declaredName(fn: FunctionNode): TSESTree.Identifier | undefined {
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) return fn.id ?? undefined;
  const declarator = fn.parent;
  if (declarator?.type === AST_NODE_TYPES.VariableDeclarator && declarator.init === fn && declarator.id.type === AST_NODE_TYPES.Identifier) return declarator.id;
  return undefined;
}

/**
 * `true` when `fn` handles requests: it is passed to a registration (`app.get(path, fn)`, a route's
 * `handler`), or it is declared under a name that is passed to one (`app.post("/x", auth, createSummary)`).
 */
export function isRequestHandler(context: Context, fn: FunctionNode, options: RequestHandlerOptions = {}): boolean {
  if (isRegisteredAt(context, fn, options)) return true;
  const name = declaredName(fn);
  const variable = name && findVariable(context, name);
  if (!variable || !isNeverReassigned(variable)) return false;
  return variable.references.some((reference) => reference.identifier !== name && isRegisteredAt(context, reference.identifier, options));
}
