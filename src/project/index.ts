/**
 * The project model: what one file cannot show, asked by the rules through `src/ast/` predicates.
 *
 * - `exportedValue(fromFile, ref)`: what a binding imported from another module of the project is made
 *   from (`export const pool = new pg.Pool(…)` in `db.js`, behind re-exports, `module.exports = { pool }`
 *   and aliases), as the external creator (`{ module: "pg", path: ["Pool"] }`) the rules' tables know.
 * - `functionCost(fromFile, ref)`: what calling an imported function of the project costs, transitively
 *   (three modules deep): `remote`, `database`, `limited`, `cheap` or `unknown`.
 *
 * Built lazily, shared by every file linted in the process, bounded (`modules.ts`). Every answer that
 * cannot be seen (a module that does not resolve or parse, a dynamic export, a cycle, depth) is
 * `undefined` or `unknown`, never a throw. It works without types; where a program exists, the rules ask
 * the type checker first. ESLint's `--cache` keys on each file alone, so a fact read from another file can
 * be stale in a cached result until that file is linted again (docs/project-model.md); the codemod starts every
 * run with an empty model.
 */
import { isBuiltin } from "node:module";
import { isAbsolute, resolve as resolvePath } from "node:path";
import { GLOBAL, type ImportRef } from "../ast/syntax/imports.js";
import {
  CHEAP_GLOBALS,
  CHEAP_METHODS,
  classifyByModule,
  DATABASE_METHODS,
  DATABASE_RECEIVER,
  GENERIC_DATABASE_METHODS,
  HTTP_RECEIVER,
  HTTP_VERBS,
  KEY_VALUE_METHODS,
  KEY_VALUE_RECEIVER,
  MODEL_METHODS,
  MODEL_RECEIVER,
  REMOTE_METHODS,
} from "../ast/cost/work-vocabulary.js";
import { clearModuleSummaries, type ModuleSummary, moduleSummary, type Operand, type Ref, type ValueShape } from "./modules.js";
import { clearPackageFacts } from "./package-facts.js";
import { clearPackageRoles } from "./package-roles.js";
import { clearReachability, reachedOnlyFromStartup } from "./reachability.js";
import { createResolver, type ModuleResolver } from "./resolver.js";

export type { ModuleResolver } from "./resolver.js";

/** A value another module of the project exports, traced to what made it. */
export type ExportedValue =
  | { kind: "create"; how: "new" | "call"; creator: Ref; keys: readonly string[] | undefined; file: string; line: number }
  | { kind: "function"; name: string; file: string; line: number; summary: ModuleSummary; shape: Extract<ValueShape, { kind: "function" }> };

export type Cost = "remote" | "database" | "limited" | "cheap" | "unknown";

const MAX_DEPTH = 6;
const MAX_COST_DEPTH = 3;
const LIMITER_MODULES = /^(?:p-limit|p-queue|p-throttle|bottleneck|async-sema|async-mutex|await-semaphore|piscina|tinypool|workerpool|p-map)$/u;

let resolver: ModuleResolver = createResolver();

/** Starts again with no module read (the codemod calls it at the start of each run). */
export function resetProject(custom?: ModuleResolver): void {
  resolver = custom ?? createResolver();
  clearModuleSummaries();
  clearPackageRoles();
  clearPackageFacts();
  clearReachability();
}

/**
 * `true` when the function `name` of `file` (or the method `member` of its class `name`) runs only at
 * startup, in tools or in tests, by its callers across the project (`reachability.ts`).
 */
export function runsOnlyAtStartup(file: string, name: string, member?: string): boolean {
  return reachedOnlyFromStartup(file, name, member, (from, specifier) => (isBuiltin(specifier) ? undefined : resolver.resolve(from, specifier)));
}

/**
 * `true` when `specifier`, imported from `fromFile`, is one of the project's own modules: a relative or
 * aliased path, or a package of the workspace that resolves to source outside `node_modules`.
 */
export function isOwnModule(fromFile: string, specifier: string): boolean {
  if (isBuiltin(specifier) || specifier === GLOBAL) return false;
  return resolver.resolve(fromFile, specifier) !== undefined;
}

function follow(fromFile: string, ref: Ref, depth: number): { summary: ModuleSummary; shape: ValueShape; rest: readonly string[] } | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const file = resolver.resolve(fromFile, ref.module);
  const summary = file ? moduleSummary(file) : undefined;
  if (!summary) return undefined;
  const [first, ...rest] = ref.path;
  if (first !== undefined && summary.exports.has(first)) return { summary, shape: summary.exports.get(first)!, rest };
  // CommonJS: the namespace, or ESM's default of a CommonJS module, is `module.exports`.
  if (summary.commonjs && (first === undefined || first === "default")) return { summary, shape: summary.commonjs, rest: first === undefined ? [] : rest };
  if (summary.commonjs && first !== undefined) return { summary, shape: summary.commonjs, rest: ref.path };
  for (const reexport of summary.reexports) {
    if (first === undefined) break;
    if (reexport.names && !reexport.names.has(first)) continue;
    const imported = reexport.names ? reexport.names.get(first)! : first;
    const found = follow(summary.file, { module: reexport.from, path: [imported, ...rest] }, depth + 1);
    if (found) return found;
  }
  return undefined;
}

/** Evaluates `shape` (then `rest` below it) inside `summary` to what made it. */
function evaluate(summary: ModuleSummary, shape: ValueShape, rest: readonly string[], depth: number): ExportedValue | undefined {
  if (depth > MAX_DEPTH) return undefined;
  switch (shape.kind) {
    case "object": {
      const [first, ...more] = rest;
      const member = first === undefined ? undefined : shape.members.get(first);
      return member ? evaluate(summary, member, more, depth + 1) : undefined;
    }
    case "alias":
      return evaluateOperand(summary, shape.of, rest, depth + 1);
    case "create": {
      if (rest.length > 0 || !shape.callee) return undefined;
      const creator = refOf(summary, shape.callee);
      if (!creator || isOwnModule(summary.file, creator.module)) return undefined;
      return { kind: "create", how: shape.how, creator, keys: shape.keys, file: summary.file, line: shape.line };
    }
    case "function":
      return rest.length === 0 ? { kind: "function", name: shape.name, file: summary.file, line: shape.line, summary, shape } : undefined;
    default:
      return undefined;
  }
}

function evaluateOperand(summary: ModuleSummary, operand: Operand, rest: readonly string[], depth: number): ExportedValue | undefined {
  const path = [...operand.path, ...rest];
  const imported = summary.imports.get(operand.base);
  if (imported) {
    if (!isOwnModule(summary.file, imported.module)) return undefined;
    const found = follow(summary.file, { module: imported.module, path: [...imported.path, ...path] }, depth + 1);
    return found ? evaluate(found.summary, found.shape, found.rest, depth + 1) : undefined;
  }
  const local = summary.locals.get(operand.base);
  return local ? evaluate(summary, local, path, depth + 1) : undefined;
}

/** An operand as a module reference through the module's imports (`pg.Pool` → `{ module: "pg", path: ["Pool"] }`). */
function refOf(summary: ModuleSummary, operand: Operand): Ref | undefined {
  if (operand.inner) return undefined;
  const imported = summary.imports.get(operand.base);
  return imported ? { module: imported.module, path: [...imported.path, ...operand.path] } : undefined;
}

/** What the binding `ref` (a module of the project and a path below it, seen from `fromFile`) is made from. */
export function exportedValue(fromFile: string, ref: ImportRef): ExportedValue | undefined {
  try {
    if (!isOwnModule(fromFile, ref.module)) return undefined;
    const found = follow(fromFile, ref, 0);
    return found ? evaluate(found.summary, found.shape, found.rest, 0) : undefined;
  } catch {
    return undefined;
  }
}

const RANK: Record<Cost, number> = { limited: 5, remote: 4, database: 3, unknown: 2, cheap: 1 };

function worse(a: Cost, b: Cost): Cost {
  return RANK[a] >= RANK[b] ? a : b;
}

/** What one call in `summary` costs, by its callee. */
function callCost(summary: ModuleSummary, call: { callee: Operand | undefined; isNew: boolean }, depth: number, seen: Set<object>): Cost {
  const callee = call.callee;
  if (!callee || callee.base === "this") return "unknown";
  const ref = refOf(summary, callee);
  if (ref) {
    if (isOwnModule(summary.file, ref.module)) {
      const found = depth < MAX_COST_DEPTH ? follow(summary.file, ref, 0) : undefined;
      const value = found && evaluate(found.summary, found.shape, found.rest, 0);
      if (value?.kind === "function") return shapeCost(value.summary, value.shape, depth + 1, seen);
      return methodCost(callee);
    }
    if (LIMITER_MODULES.test(ref.module)) return call.isNew ? "cheap" : "limited";
    const kind = classifyByModule(ref.module);
    // Building a client or a command sends nothing.
    if (call.isNew && kind !== undefined && !/Socket|Worker/u.test(ref.path.at(-1) ?? "")) return "cheap";
    if (kind) return kind;
    return methodCost(callee);
  }
  if (!callee.inner) {
    const local = summary.locals.get(callee.base);
    if (local?.kind === "function" && callee.path.length === 0) return depth < MAX_COST_DEPTH ? shapeCost(summary, local, depth + 1, seen) : "unknown";
    if (local?.kind === "create" && local.callee) {
      // `const limit = pLimit(4); limit(…)`: a limiter; `const client = new OpenAI(); client.chat(…)`: the creating module's kind.
      const creator = refOf(summary, local.callee);
      if (creator && LIMITER_MODULES.test(creator.module)) return "limited";
      if (callee.path.length === 0) return "unknown";
      const kind = creator && !isOwnModule(summary.file, creator.module) ? classifyByModule(creator.module) : undefined;
      if (kind === "remote" || kind === "database") return kind;
    }
    if (!local && !summary.imports.has(callee.base)) {
      if (callee.path.length === 0 && (callee.base === "fetch" || callee.base === "WebSocket" || callee.base === "EventSource")) return "remote";
      if (CHEAP_GLOBALS.has(callee.base)) return "cheap";
    }
  }
  return methodCost(callee);
}

/** A member call judged by its method and receiver names, as one file's judgement does. */
function methodCost(callee: Operand): Cost {
  const method = callee.path.at(-1);
  if (method === undefined) return "unknown";
  const receiver = [callee.base, ...callee.path.slice(0, -1)].join(".");
  if (REMOTE_METHODS.test(method)) return "remote";
  if ((HTTP_VERBS.test(method) || method === "send") && HTTP_RECEIVER.test(receiver)) return "remote";
  if (MODEL_METHODS.test(method) && MODEL_RECEIVER.test(receiver)) return "remote";
  if (DATABASE_METHODS.test(method) || (GENERIC_DATABASE_METHODS.test(method) && DATABASE_RECEIVER.test(receiver)) || (KEY_VALUE_METHODS.test(method) && KEY_VALUE_RECEIVER.test(receiver))) return "database";
  if (CHEAP_METHODS.test(method)) return "cheap";
  return "unknown";
}

function shapeCost(summary: ModuleSummary, shape: Extract<ValueShape, { kind: "function" }>, depth: number, seen: Set<object>): Cost {
  if (seen.has(shape)) return "unknown";
  seen.add(shape);
  let cost: Cost = "cheap";
  for (const call of shape.calls) {
    cost = worse(cost, callCost(summary, call, depth, seen));
    if (cost === "limited") break;
  }
  return cost;
}

/** What calling the project function `ref` (seen from `fromFile`) costs; `unknown` where it cannot be read. */
export function functionCost(fromFile: string, ref: ImportRef): Cost {
  const value = exportedValue(fromFile, ref);
  if (value?.kind !== "function") return "unknown";
  try {
    return shapeCost(value.summary, value.shape, 0, new Set());
  } catch {
    return "unknown";
  }
}

/** The absolute path of the file being linted (a host may give a relative one). */
export function absoluteFilename(filename: string, cwd: string): string {
  return isAbsolute(filename) ? filename : resolvePath(cwd, filename);
}

/** A function that starts one task per element of a parameter, all at once (`Promise.all(users.map(send))`). */
export interface ParameterFanOut {
  name: string;
  file: string;
  /** The line of the `Promise.all(…)` inside the function. */
  line: number;
  /** The position of the parameter it fans out over. */
  param: number;
  /** What each element's task costs. */
  cost: Cost;
}

function fanOutsOfShape(summary: ModuleSummary, shape: Extract<ValueShape, { kind: "function" }>): ParameterFanOut[] {
  return shape.fanOuts.map((fanOut) => {
    let cost: Cost = fanOut.calls.length === 0 ? "unknown" : "cheap";
    for (const call of fanOut.calls) {
      cost = worse(cost, callCost(summary, call, 0, new Set([shape])));
      if (cost === "limited") break;
    }
    return { name: shape.name, file: summary.file, line: fanOut.line, param: fanOut.param, cost };
  });
}

/** The fan-outs over its parameters of the project function `ref` (seen from `fromFile`). */
export function parameterFanOuts(fromFile: string, ref: ImportRef): ParameterFanOut[] {
  try {
    const value = exportedValue(fromFile, ref);
    return value?.kind === "function" ? fanOutsOfShape(value.summary, value.shape) : [];
  } catch {
    return [];
  }
}
