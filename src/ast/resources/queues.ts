/**
 * Limiters, queues and pools that take a concurrency bound, and where that bound lives: a property of an
 * options object (`new PQueue({ concurrency })`, `new Bottleneck({ maxConcurrent })`,
 * `pMap(xs, fn, { concurrency })`) or a positional argument (`pLimit(n)`, `fastq(worker, n)`,
 * `async.queue(worker, n)`). `findUnboundedLimit` says whether a given construction leaves the bound out
 * (where the library then runs everything at once) or sets it to `Infinity` / `null`.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { getConstantInit, getKeyName, getPropertyName, isExportOf, isGlobal, resolveReference, skipWrappers } from "../syntax/imports.js";
import { type ValueOrigin, collectThisAssignments } from "../syntax/values.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** One constructor or factory and where its bound lives. */
export interface BoundedConstructor {
  module: string | readonly string[];
  /** Export name; `"default"` for the default export. */
  name: string;
  /** Index of the argument that holds the bound (or the options object); `-1` for the last argument. */
  argument: number;
  /** Key of the bound in the options object; absent when the argument is the bound itself. */
  option?: string;
  /** For a positional bound, also accept an options object with this key in its place (`pLimit({ concurrency })`). */
  objectOption?: string;
  /** `true` when leaving the bound out means "no limit" (p-queue, Bottleneck, p-map). */
  missingIsUnbounded: boolean;
  /** `true` when `null` means "no limit" (Bottleneck's `maxConcurrent`). */
  nullIsUnbounded?: boolean;
}

const ES_TOOLKIT_OPTIONS = ["mapAsync", "filterAsync", "flatMapAsync", "forEachAsync", "mapValuesAsync", "mapKeysAsync"];
const ASYNC_LIMITS = [
  "queue", "priorityQueue", "cargoQueue", "eachLimit", "eachOfLimit", "forEachLimit", "forEachOfLimit", "mapLimit", "mapValuesLimit",
  "filterLimit", "rejectLimit", "detectLimit", "someLimit", "everyLimit", "concatLimit", "groupByLimit", "timesLimit", "parallelLimit",
];
const P_MAP_FUNCTIONS = ["default", "pMapIterable", "pMapSettled", "pMapKeyed", "pMapSettledKeyed"];
const esToolkitModules = (name: string, folder: string): string[] => ["es-toolkit", `es-toolkit/${folder}`, `es-toolkit/${folder}/${name}`];

/** The built-in table. */
export const BOUNDED_CONSTRUCTORS: readonly BoundedConstructor[] = [
  { module: "p-queue", name: "default", argument: 0, option: "concurrency", missingIsUnbounded: true },
  { module: "p-queue", name: "PQueue", argument: 0, option: "concurrency", missingIsUnbounded: true },
  { module: "bottleneck", name: "default", argument: 0, option: "maxConcurrent", missingIsUnbounded: true, nullIsUnbounded: true },
  { module: "bottleneck", name: "Bottleneck", argument: 0, option: "maxConcurrent", missingIsUnbounded: true, nullIsUnbounded: true },
  { module: "bottleneck", name: "Group", argument: 0, option: "maxConcurrent", missingIsUnbounded: true, nullIsUnbounded: true },
  { module: "p-limit", name: "default", argument: 0, objectOption: "concurrency", missingIsUnbounded: false },
  { module: "p-limit", name: "pLimit", argument: 0, objectOption: "concurrency", missingIsUnbounded: false },
  { module: "p-limit", name: "limitFunction", argument: 1, option: "concurrency", missingIsUnbounded: false },
  ...P_MAP_FUNCTIONS.map((name) => ({ module: "p-map", name, argument: 2, option: "concurrency", missingIsUnbounded: true })),
  ...ES_TOOLKIT_OPTIONS.map((name) => ({
    module: esToolkitModules(name, name.startsWith("map") && name !== "mapAsync" ? "object" : "array"),
    name,
    argument: 2,
    option: "concurrency",
    missingIsUnbounded: true,
  })),
  { module: esToolkitModules("limitAsync", "promise"), name: "limitAsync", argument: 1, missingIsUnbounded: false },
  { module: esToolkitModules("semaphore", "promise"), name: "Semaphore", argument: 0, missingIsUnbounded: false },
  { module: "async-mutex", name: "Semaphore", argument: 0, missingIsUnbounded: false },
  { module: "async-sema", name: "Sema", argument: 0, missingIsUnbounded: false },
  { module: "fastq", name: "default", argument: -1, missingIsUnbounded: false },
  { module: "fastq", name: "promise", argument: -1, missingIsUnbounded: false },
  ...ASYNC_LIMITS.flatMap((name) => [
    { module: ["async", "async-es"], name, argument: 1, missingIsUnbounded: false },
    { module: [`async/${name}`, `async-es/${name}`], name: "default", argument: 1, missingIsUnbounded: false },
  ]),
];

export type UnboundedLimit =
  /** The bound is left out: `options` is the literal to add `key` to, or `undefined` when argument `index` is absent. */
  | { kind: "missing"; spec: BoundedConstructor; key: string | undefined; options: TSESTree.ObjectExpression | undefined; index: number }
  /** The bound is `Infinity`, `Number.POSITIVE_INFINITY`, or `null`/`undefined` where that means no limit. */
  | { kind: "infinite"; spec: BoundedConstructor; key: string | undefined; value: TSESTree.Node }
  /**
   * The bound falls back to no limit: `options.max ?? Infinity`, written in place (`inline`) or in a constant
   * the bound reads (`variable`). `value` is the unlimited fallback itself.
   */
  | { kind: "fallback"; spec: BoundedConstructor; key: string | undefined; value: TSESTree.Node; through: "inline" | "variable" };

const MAX_DEPTH = 4;

/** `true` when `node` evaluates to "no limit": `Infinity`, `Number.POSITIVE_INFINITY`, a constant holding one, or `null`. */
export function isUnlimitedValue(context: Context, node: TSESTree.Node, nullIsUnbounded: boolean, depth = 0): boolean {
  const value = skipWrappers(node);
  if (value.type === AST_NODE_TYPES.Literal) return nullIsUnbounded && value.value === null && value.raw === "null";
  if (value.type === AST_NODE_TYPES.Identifier) {
    if (isGlobal(resolveReference(context, value), "Infinity")) return true;
    const init = depth < MAX_DEPTH ? getConstantInit(context, value) : undefined;
    return init !== undefined && isUnlimitedValue(context, init, nullIsUnbounded, depth + 1);
  }
  if (value.type === AST_NODE_TYPES.MemberExpression && getPropertyName(value) === "POSITIVE_INFINITY") {
    return isGlobal(resolveReference(context, value.object), "Number");
  }
  return false;
}

function isUndefined(context: Context, node: TSESTree.Node): boolean {
  const value = skipWrappers(node);
  return value.type === AST_NODE_TYPES.Identifier && value.name === "undefined" && isGlobal(resolveReference(context, value), "undefined");
}

/** The value of `key` in `object` as the object literal will have it; `"unknown"` when a spread or computed key may set it unseen. */
function propertyValue(object: TSESTree.ObjectExpression, key: string): TSESTree.Node | "absent" | "unknown" {
  let found: TSESTree.Node | "absent" | "unknown" = "absent";
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      found = "unknown";
      continue;
    }
    const name = getKeyName(property);
    if (name === undefined) found = "unknown";
    else if (name === key) found = property.value;
  }
  return found;
}

/**
 * The unlimited fallback of `a ?? Infinity` / `a || Infinity` (also at the end of a chain, or in a constant
 * holding one), or `undefined`. A conditional (`argv.parallel ? Infinity : 4`) is a deliberate choice
 * between a bound and none, made by whoever passes the flag: not a fallback.
 */
function unlimitedFallback(
  context: Context,
  node: TSESTree.Node,
  nullIsUnbounded: boolean,
  depth = 0,
  through: "inline" | "variable" = "inline",
): { value: TSESTree.Node; through: "inline" | "variable" } | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const value = skipWrappers(node);
  if (value.type === AST_NODE_TYPES.LogicalExpression && (value.operator === "??" || value.operator === "||")) {
    if (isUnlimitedValue(context, value.right, nullIsUnbounded)) return { value: value.right, through };
    return unlimitedFallback(context, value.right, nullIsUnbounded, depth + 1, through);
  }
  if (value.type === AST_NODE_TYPES.Identifier) {
    const init = getConstantInit(context, value);
    return init ? unlimitedFallback(context, init, nullIsUnbounded, depth + 1, "variable") : undefined;
  }
  if (value.type === AST_NODE_TYPES.MemberExpression && value.object.type === AST_NODE_TYPES.ThisExpression) {
    const init = constructorField(value);
    return init ? unlimitedFallback(context, init, nullIsUnbounded, depth + 1, "variable") : undefined;
  }
  return undefined;
}

/** `this.max` where the class's constructor sets it exactly once (`this.max = params.max ?? Infinity`): that value. */
function constructorField(member: TSESTree.MemberExpression): TSESTree.Expression | undefined {
  const name = getPropertyName(member);
  let body: TSESTree.Node | undefined = member.parent;
  while (body && body.type !== AST_NODE_TYPES.ClassBody) body = body.parent;
  if (name === undefined || body?.type !== AST_NODE_TYPES.ClassBody) return undefined;
  const constructor = body.body.find((item) => item.type === AST_NODE_TYPES.MethodDefinition && item.kind === "constructor") as TSESTree.MethodDefinition | undefined;
  if (!constructor) return undefined;
  const found: ValueOrigin[] = [];
  collectThisAssignments(constructor.value.body ?? constructor.value, name, found);
  const only = found.length === 1 ? found[0] : undefined;
  return only?.kind === "expression" ? only.node : undefined;
}

const NO_LIMIT_WORDS = /\b(?:Infinity|unlimited|unbounded|no limit)\b/iu;

/**
 * `true` when a comment of the file documents the unlimited default of the option the fallback stands
 * in for (`maxConcurrency … defaults to Infinity`): a library's stated default, chosen on purpose.
 */
function isDocumentedDefault(context: Context, fallback: TSESTree.Node): boolean {
  const logical = fallback.parent;
  if (logical?.type !== AST_NODE_TYPES.LogicalExpression || logical.right !== fallback) return false;
  const left = skipWrappers(logical.left);
  const name = left.type === AST_NODE_TYPES.Identifier ? left.name : left.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(left) : undefined;
  if (name === undefined || name.length < 3) return false;
  return context.sourceCode.getAllComments().some((comment) => comment.value.includes(name) && NO_LIMIT_WORDS.test(comment.value));
}

function checkValue(context: Context, spec: BoundedConstructor, key: string | undefined, value: TSESTree.Node): UnboundedLimit | undefined {
  if (isUnlimitedValue(context, value, spec.nullIsUnbounded === true)) return { kind: "infinite", spec, key, value };
  const fallback = unlimitedFallback(context, value, spec.nullIsUnbounded === true);
  if (fallback && !isDocumentedDefault(context, fallback.value)) return { kind: "fallback", spec, key, ...fallback };
  return undefined;
}

function checkOptions(context: Context, spec: BoundedConstructor, key: string, object: TSESTree.ObjectExpression, index: number): UnboundedLimit | undefined {
  const value = propertyValue(object, key);
  if (value === "unknown") return undefined;
  if (value === "absent") return spec.missingIsUnbounded ? { kind: "missing", spec, key, options: object, index } : undefined;
  if (spec.missingIsUnbounded && isUndefined(context, value)) return { kind: "infinite", spec, key, value };
  return checkValue(context, spec, key, value);
}

/** The constructor of the table (or `extra`) that `node` calls, if any. */
export function getBoundedConstructor(context: Context, node: TSESTree.CallExpression | TSESTree.NewExpression, extra: readonly BoundedConstructor[] = []): BoundedConstructor | undefined {
  const specs = [...extra, ...BOUNDED_CONSTRUCTORS];
  const find = (callee: TSESTree.Node): BoundedConstructor | undefined => {
    const ref = resolveReference(context, callee);
    return ref ? specs.find((spec) => isExportOf(ref, spec.module, spec.name)) : undefined;
  };
  const direct = find(node.callee);
  if (direct) return direct;
  // CommonJS interop: `const PQueue = "default" in PQueueMod ? PQueueMod.default : PQueueMod`.
  const callee = skipWrappers(node.callee);
  const init = callee.type === AST_NODE_TYPES.Identifier ? getConstantInit(context, callee) : undefined;
  if (init?.type !== AST_NODE_TYPES.ConditionalExpression) return undefined;
  const branches = [init.consequent, init.alternate].map((branch) => skipWrappers(branch));
  const plain = branches.find((branch) => branch.type === AST_NODE_TYPES.Identifier);
  const member = branches.find((branch) => branch.type === AST_NODE_TYPES.MemberExpression);
  if (!plain || member?.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(member) !== "default" || context.sourceCode.getText(member.object) !== context.sourceCode.getText(plain)) return undefined;
  return find(plain);
}

/** How `node` (a call of a constructor in the table) leaves its concurrency unbounded, or `undefined` when it is bounded or cannot be seen. */
export function findUnboundedLimit(context: Context, node: TSESTree.CallExpression | TSESTree.NewExpression, spec: BoundedConstructor): UnboundedLimit | undefined {
  const args = node.arguments;
  const index = spec.argument === -1 ? args.length - 1 : spec.argument;
  if (index < 0) return undefined;
  // A spread at or before the bound's position hides it.
  if (args.slice(0, index + 1).some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return undefined;
  const argument = args[index];
  if (spec.option !== undefined) {
    if (!argument || isUndefined(context, argument)) {
      return spec.missingIsUnbounded ? { kind: "missing", spec, key: spec.option, options: undefined, index } : undefined;
    }
    const object = skipWrappers(argument);
    return object.type === AST_NODE_TYPES.ObjectExpression ? checkOptions(context, spec, spec.option, object, index) : undefined;
  }
  if (!argument) return spec.missingIsUnbounded ? { kind: "missing", spec, key: undefined, options: undefined, index } : undefined;
  const value = skipWrappers(argument);
  if (spec.objectOption !== undefined && value.type === AST_NODE_TYPES.ObjectExpression) return checkOptions(context, spec, spec.objectOption, value, index);
  return checkValue(context, spec, undefined, argument);
}
