/**
 * "Is this work already running inside a limiter?" — shared by every rule that reports unbounded
 * parallelism. A limiter is recognised by where its value comes from (the import and the initialiser),
 * never by its name alone: a local function called `pLimit` is not p-limit.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { getPropertyName, isExportOf, resolveReference, skipWrappers } from "../syntax/imports.js";
import { type Creator, getValueOrigins, isCreationBy, isValueFrom } from "../syntax/values.js";
import { type FunctionNode, isFunctionNode } from "../syntax/functions.js";
import { childNodes } from "../syntax/traverse.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** A p-limit-shaped factory, configurable by rules (`{ module, import }` of the user's own limiter). */
export interface LimiterFactory {
  module: string;
  import: string;
}

/** Factories whose result is a function `limit(fn, ...args)` that runs `fn` under a concurrency bound. */
const LIMIT_FUNCTION_FACTORIES: Creator[] = [
  { module: "p-limit", name: "default" },
  { module: "p-limit", name: "pLimit" },
  { module: "p-throttle", name: "default" },
  { module: "async-sema", name: "RateLimit" },
];

/** Functions that return a limited version of the function they are given. */
const WRAPPING_FUNCTIONS: Creator[] = [{ module: "p-limit", name: "limitFunction" }];

/** Objects whose named methods run the callback or task they are given under a bound. */
const LIMITER_OBJECTS: { creators: Creator[]; methods: readonly string[]; wraps?: readonly string[] }[] = [
  { creators: [{ module: "p-queue", name: "default" }, { module: "p-queue", name: "PQueue" }], methods: ["add", "addAll"] },
  { creators: [{ module: "bottleneck", name: "default" }, { module: "bottleneck", name: "Bottleneck" }], methods: ["schedule", "submit"], wraps: ["wrap"] },
  {
    creators: [
      { module: "piscina", name: "default" },
      { module: "piscina", name: "Piscina" },
      { module: "tinypool", name: "default" },
      { module: "tinypool", name: "Tinypool" },
      { module: "workerpool", name: "pool" },
    ],
    methods: ["run", "exec"],
  },
  {
    creators: [
      { module: "async-mutex", name: "Semaphore" },
      { module: "async-mutex", name: "Mutex" },
      { module: "async-sema", name: "Sema" },
      { module: "await-semaphore", name: "Semaphore" },
      { module: "await-semaphore", name: "Mutex" },
    ],
    methods: ["runExclusive", "use"],
  },
];

const SEMAPHORE_CREATORS: Creator[] = [
  { module: "async-mutex", name: "Semaphore" },
  { module: "async-mutex", name: "Mutex" },
  { module: "async-sema", name: "Sema" },
  { module: "await-semaphore", name: "Semaphore" },
  { module: "await-semaphore", name: "Mutex" },
];
const ACQUIRE_METHODS = new Set(["acquire", "acquireAsync", "lock", "wait", "take"]);
/** A class the code itself declares or imports whose name says it is a semaphore or mutex. */
const SEMAPHORE_CLASS_NAME = /^(?:\w*Semaphore|Sema|\w*Mutex)$/u;

/** Options every parallelism rule shares: functions or methods the user declares as limiters. */
export interface LimiterOptions {
  /** Names (`limit`, `runLimited`) or `object.method` pairs (`queue.enqueue`) that bound the work they are given. */
  limiters?: readonly string[];
  /** The user's own p-limit-shaped factory (from a rule's `limiter` option). */
  factory?: LimiterFactory | undefined;
}

function calleeText(callee: TSESTree.Node): string | undefined {
  const node = skipWrappers(callee);
  if (node.type === AST_NODE_TYPES.Identifier) return node.name;
  if (node.type === AST_NODE_TYPES.MemberExpression) {
    const property = getPropertyName(node);
    const object = skipWrappers(node.object);
    if (property === undefined) return undefined;
    if (object.type === AST_NODE_TYPES.Identifier) return `${object.name}.${property}`;
    if (object.type === AST_NODE_TYPES.ThisExpression) return `this.${property}`;
    if (object.type === AST_NODE_TYPES.MemberExpression) {
      const inner = getPropertyName(object);
      return inner === undefined ? undefined : `${inner}.${property}`;
    }
  }
  return undefined;
}

function matchesUserLimiter(callee: TSESTree.Node, options: LimiterOptions): boolean {
  const names = options.limiters;
  if (!names || names.length === 0) return false;
  const text = calleeText(callee);
  if (text === undefined) return false;
  const short = text.startsWith("this.") ? text.slice(5) : text;
  return names.includes(text) || names.includes(short) || names.includes(short.split(".").pop()!);
}

function limitFactories(options: LimiterOptions): Creator[] {
  return options.factory ? [...LIMIT_FUNCTION_FACTORIES, { module: options.factory.module, name: options.factory.import }] : LIMIT_FUNCTION_FACTORIES;
}

function isSemaphoreLike(context: Context, receiver: TSESTree.Node): boolean {
  if (isValueFrom(context, receiver, SEMAPHORE_CREATORS)) return true;
  return getValueOrigins(context, receiver).some((origin) => {
    if (origin.kind !== "expression") return false;
    const created = skipWrappers(origin.node);
    return created.type === AST_NODE_TYPES.NewExpression && created.callee.type === AST_NODE_TYPES.Identifier && SEMAPHORE_CLASS_NAME.test(created.callee.name);
  });
}

/** `true` when `fn` is a function produced by a limiter (`limitFunction(fn, …)`, `bottleneck.wrap(fn)`). */
function isLimitedFunctionValue(context: Context, expression: TSESTree.Expression): boolean {
  const created = skipWrappers(expression);
  if (created.type !== AST_NODE_TYPES.CallExpression) return false;
  if (isExportOf(resolveReference(context, created.callee), "p-limit", "limitFunction")) return true;
  if (isCreationBy(context, created, WRAPPING_FUNCTIONS)) return true;
  const callee = skipWrappers(created.callee);
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const method = getPropertyName(callee);
    return LIMITER_OBJECTS.some((entry) => entry.wraps?.includes(method ?? "") === true && isValueFrom(context, callee.object, entry.creators));
  }
  // p-throttle: `pThrottle(options)(fn)`
  return created.callee.type === AST_NODE_TYPES.CallExpression && isCreationBy(context, created.callee, LIMIT_FUNCTION_FACTORIES);
}

/**
 * `true` when `call` hands its work to a limiter: `limit(() => …)` of a p-limit, `queue.add(…)` of a
 * p-queue, `limiter.schedule(…)` of a Bottleneck, `pool.run(…)` of piscina/tinypool, `mutex.runExclusive(…)`,
 * a call of a function a limiter wrapped, or a user-declared limiter.
 */
export function isLimiterCall(context: Context, call: TSESTree.CallExpression, options: LimiterOptions = {}): boolean {
  const callee = skipWrappers(call.callee);
  if (matchesUserLimiter(callee, options)) return true;
  if (callee.type === AST_NODE_TYPES.Identifier) {
    return getValueOrigins(context, callee).some(
      (origin) => origin.kind === "expression" && (isCreationBy(context, origin.node, limitFactories(options)) || isLimitedFunctionValue(context, origin.node)),
    );
  }
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const method = getPropertyName(callee);
    if (method === undefined) return false;
    if (LIMITER_OBJECTS.some((entry) => entry.methods.includes(method) && isValueFrom(context, callee.object, entry.creators))) return true;
    if ((method === "runExclusive" || method === "use") && isSemaphoreLike(context, callee.object)) return true;
    // `this.limit(() => …)` where the field holds a p-limit function.
    return getValueOrigins(context, callee).some((origin) => origin.kind === "expression" && isCreationBy(context, origin.node, limitFactories(options)));
  }
  // `pLimit(2)(() => …)`, inline
  return callee.type === AST_NODE_TYPES.CallExpression && isCreationBy(context, callee, limitFactories(options));
}

/** The expressions a function produces: its expression body, or the arguments of its own `return`s. */
export function getResultExpressions(fn: FunctionNode): TSESTree.Expression[] {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return [fn.body];
  const results: TSESTree.Expression[] = [];
  const stack: TSESTree.Node[] = [...fn.body.body];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (isFunctionNode(node) || node.type === AST_NODE_TYPES.ClassDeclaration || node.type === AST_NODE_TYPES.ClassExpression) continue;
    if (node.type === AST_NODE_TYPES.ReturnStatement) {
      if (node.argument) results.push(node.argument);
      continue;
    }
    stack.push(...childNodes(node));
  }
  return results;
}

/** `true` when `expression` is `await sem.acquire()` (or a user-declared limiter call) of a semaphore, mutex or rate limit. */
export function isAcquireExpression(context: Context, expression: TSESTree.Node, options: LimiterOptions = {}): boolean {
  const node = skipWrappers(expression);
  if (node.type !== AST_NODE_TYPES.AwaitExpression) return false;
  const argument = skipWrappers(node.argument);
  if (argument.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipWrappers(argument.callee);
  if (matchesUserLimiter(callee, options)) return true;
  if (callee.type === AST_NODE_TYPES.MemberExpression) {
    const method = getPropertyName(callee);
    return method !== undefined && ACQUIRE_METHODS.has(method) && isSemaphoreLike(context, callee.object);
  }
  // async-sema's `const lim = RateLimit(5); await lim();`
  return callee.type === AST_NODE_TYPES.Identifier && getValueOrigins(context, callee).some((origin) => origin.kind === "expression" && isCreationBy(context, origin.node, [{ module: "async-sema", name: "RateLimit" }]));
}

/** `true` when the first statement of `fn` that awaits anything acquires a semaphore, mutex or rate limit. */
export function acquiresSemaphoreFirst(context: Context, fn: FunctionNode, options: LimiterOptions = {}): boolean {
  if (fn.body.type !== AST_NODE_TYPES.BlockStatement) return false;
  for (const statement of fn.body.body) {
    if (statement.type === AST_NODE_TYPES.ExpressionStatement) {
      if (isAcquireExpression(context, statement.expression, options)) return true;
      if (context.sourceCode.getText(statement).includes("await")) return false;
    } else if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
      const init = statement.declarations[0]?.init;
      if (init && isAcquireExpression(context, init, options)) return true;
      if (context.sourceCode.getText(statement).includes("await")) return false;
    } else if (statement.type === AST_NODE_TYPES.TryStatement) {
      return false;
    } else if (context.sourceCode.getText(statement).includes("await")) {
      return false;
    }
  }
  return false;
}

/** `true` when `node` (a call, or the value a callback produces) runs under a limiter. */
export function isLimitedExpression(context: Context, node: TSESTree.Node, options: LimiterOptions = {}): boolean {
  let expression = skipWrappers(node);
  while (expression.type === AST_NODE_TYPES.AwaitExpression) expression = skipWrappers(expression.argument);
  return expression.type === AST_NODE_TYPES.CallExpression && isLimiterCall(context, expression, options);
}

/**
 * `true` when a callback passed to `map`/`Array.from` already runs under a limiter: every value it
 * produces is a limiter call, it acquires a semaphore before its first other await, or it is a function
 * value that a limiter produced.
 */
export function isLimitedCallback(context: Context, callback: TSESTree.Node, options: LimiterOptions = {}): boolean {
  const node = skipWrappers(callback);
  if (isFunctionNode(node)) {
    const results = getResultExpressions(node);
    if (results.length > 0 && results.every((result) => isLimitedExpression(context, result, options))) return true;
    return acquiresSemaphoreFirst(context, node, options);
  }
  if (node.type === AST_NODE_TYPES.Identifier || node.type === AST_NODE_TYPES.MemberExpression) {
    if (matchesUserLimiter(node, options)) return true;
    return getValueOrigins(context, node).some((origin) => origin.kind === "expression" && isLimitedFunctionValue(context, origin.node));
  }
  return false;
}
