/**
 * One module of the project, read once: parsed with a fast parser (oxc-parser) and kept only as a summary
 * of its top level (what it imports, declares and exports, and what each top-level function calls), so
 * that memory stays small. Summaries are cached by path and checked against the file's mtime and size;
 * the cache holds at most `MAX_MODULES` modules and drops the oldest first. A module that cannot be read
 * or parsed is `undefined` ("unknown").
 */
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { runsOnWorkerThread } from "./conventions.js";
import { children, isNode, keyName, type Node, operandOf, patternNames, stringValue, unwrap } from "./oxc-ast.js";
import { type ParameterUse, parameterUses } from "./parameter-uses.js";
import { collectUses, type OwnerFacts, type Use } from "./uses.js";

export type { Owner, OwnerFacts, Use } from "./uses.js";

/** A module and a property path below its namespace, as `src/ast/syntax/imports.ts` names one (`["default"]`, `["Pool"]`). */
export interface Ref {
  module: string;
  path: readonly string[];
}

/** A name at the module's top level (`base`: an import, a declaration or a global) and a member path below it. */
export interface Operand {
  base: string;
  path: readonly string[];
  /** The base is declared inside the function (a parameter or a local): only its member names can be read. */
  inner?: boolean;
}

export interface CallShape {
  callee: Operand | undefined;
  isNew: boolean;
  line: number;
}

/** `Promise.all(param.map((x) => work(x)))` inside a function: one task per element of parameter `param`, all at once. */
export interface FanOutShape {
  /** The position of the parameter fanned out over. */
  param: number;
  /** The calls each element's task makes. */
  calls: readonly CallShape[];
  line: number;
}

export type ValueShape =
  | { kind: "create"; how: "new" | "call"; callee: Operand | undefined; keys: readonly string[] | undefined; line: number }
  | { kind: "alias"; of: Operand }
  | { kind: "function"; name: string; line: number; calls: readonly CallShape[]; fanOuts: readonly FanOutShape[]; params: readonly ParameterUse[] }
  | { kind: "object"; members: ReadonlyMap<string, ValueShape> }
  | { kind: "unknown" };

export interface ModuleSummary {
  file: string;
  imports: ReadonlyMap<string, Ref>;
  locals: ReadonlyMap<string, ValueShape>;
  /** Named exports, `default` included, ESM and `exports.x = …` alike. */
  exports: ReadonlyMap<string, ValueShape>;
  /** `export { a as b } from "./m"` (`names`: exported → imported) and `export * from "./m"` (`names` absent). */
  reexports: readonly { from: string; names?: ReadonlyMap<string, string> }[];
  /** `module.exports = …`. */
  commonjs: ValueShape | undefined;
  /** Each top-level binding (an import, a function, a class) and where the module uses it (`uses.ts`). */
  uses: ReadonlyMap<string, readonly Use[]>;
  /** The module's functions and class methods (`name`, or `Class.method`), with what decides where they run. */
  owners: ReadonlyMap<string, OwnerFacts>;
  /** The module runs on its own worker thread (it reads `parentPort` or `workerData` from `worker_threads`). */
  workerThread: boolean;
}

const MAX_MODULES = 4000;
const MAX_BYTES = 1024 * 1024;


type Parse = (filename: string, text: string, options: object) => { program: Node };
let parser: Parse | null | undefined;

function parse(): Parse | null {
  if (parser !== undefined) return parser;
  try {
    parser = (createRequire(import.meta.url)("oxc-parser") as { parseSync: Parse }).parseSync;
  } catch {
    parser = null;
  }
  return parser;
}

const cache = new Map<string, { mtimeMs: number; size: number; summary: ModuleSummary | undefined }>();

/** Forgets every summary (the codemod starts each run with none). */
export function clearModuleSummaries(): void {
  cache.clear();
}

/** The summary of `file`, read and parsed at most once while the file is unchanged. */
export function moduleSummary(file: string): ModuleSummary | undefined {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return undefined;
  }
  const cached = cache.get(file);
  if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) {
    cache.delete(file);
    cache.set(file, cached);
    return cached.summary;
  }
  let summary: ModuleSummary | undefined;
  try {
    const run = parse();
    if (run && stat.size <= MAX_BYTES) summary = summarize(file, readFileSync(file, "utf8"), run);
  } catch {
    summary = undefined;
  }
  cache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, summary });
  if (cache.size > MAX_MODULES) cache.delete(cache.keys().next().value!);
  return summary;
}

function requiredModule(node: Node): string | undefined {
  const call = unwrap(node);
  if (call.type !== "CallExpression") return undefined;
  const callee = call.callee as Node;
  if (callee.type !== "Identifier" || callee.name !== "require") return undefined;
  return stringValue((call.arguments as Node[])[0]);
}

const normalize = (specifier: string) => (specifier.startsWith("node:") ? specifier.slice(5) : specifier);

function summarize(file: string, text: string, run: Parse): ModuleSummary {
  const program = run(file, text, { preserveParens: false }).program;
  const lineStarts = [0];
  for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) lineStarts.push(index + 1);
  const lineOf = (offset: number) => {
    let low = 0;
    let high = lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (lineStarts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return low + 1;
  };

  const imports = new Map<string, Ref>();
  const locals = new Map<string, ValueShape>();
  const exports = new Map<string, ValueShape>();
  const reexports: { from: string; names?: Map<string, string> }[] = [];
  let commonjs: ValueShape | undefined;

  /** The names a function declares (parameters and locals): calls through them are not the module's. */
  const declaredIn = (fn: Node): Set<string> => {
    const names = new Set<string>();
    for (const param of (fn.params as Node[]) ?? []) patternNames(param, names);
    const stack = [fn.body as Node];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === "VariableDeclarator") patternNames(node.id as Node, names);
      else if ((node.type === "FunctionDeclaration" || node.type === "ClassDeclaration") && isNode(node.id)) names.add(node.id.name as string);
      if (node.type === "ArrowFunctionExpression" || node.type === "FunctionExpression") for (const param of node.params as Node[]) patternNames(param, names);
      stack.push(...children(node));
    }
    return names;
  };

  const callsIn = (root: Node, inner: ReadonlySet<string>): CallShape[] => {
    const calls: CallShape[] = [];
    const stack = [root];
    while (stack.length > 0) {
      const node = stack.pop()!;
      if (node.type === "CallExpression" || node.type === "NewExpression") {
        const callee = operandOf(node.callee as Node);
        calls.push({ callee: callee && inner.has(callee.base) ? { ...callee, inner: true } : callee, isNew: node.type === "NewExpression", line: lineOf(node.start) });
      }
      stack.push(...children(node));
    }
    return calls;
  };

  /** `Promise.all(p.map(cb))`, `Promise.allSettled(Array.from(p, cb))` over a parameter `p` of `fn`. */
  const fanOutsIn = (fn: Node, inner: ReadonlySet<string>): FanOutShape[] => {
    const params = ((fn.params as Node[]) ?? []).map((param) => (param.type === "Identifier" ? (param.name as string) : param.type === "AssignmentPattern" && (param.left as Node).type === "Identifier" ? ((param.left as Node).name as string) : undefined));
    const fanOuts: FanOutShape[] = [];
    const stack = [fn.body as Node];
    while (stack.length > 0) {
      const node = stack.pop()!;
      stack.push(...children(node));
      if (node.type !== "CallExpression") continue;
      const callee = operandOf(node.callee as Node);
      if (!callee || callee.base !== "Promise" || callee.path.length !== 1 || !["all", "allSettled"].includes(callee.path[0]!)) continue;
      const argument = (node.arguments as Node[])[0];
      const mapping = argument && unwrap(argument);
      if (mapping?.type !== "CallExpression") continue;
      const mapper = operandOf(mapping.callee as Node);
      const args = mapping.arguments as Node[];
      let collection: Node | undefined;
      let callback: Node | undefined;
      if (mapper && mapper.path.length === 1 && (mapper.path[0] === "map" || mapper.path[0] === "flatMap") && unwrap((mapping.callee as Node).object as Node).type === "Identifier") {
        collection = unwrap((mapping.callee as Node).object as Node);
        callback = args[0];
      } else if (mapper?.base === "Array" && mapper.path[0] === "from" && args.length === 2) {
        collection = unwrap(args[0]!);
        callback = args[1];
      }
      if (collection?.type !== "Identifier" || !callback) continue;
      const param = params.indexOf(collection.name as string);
      if (param === -1) continue;
      const work = unwrap(callback);
      const calls =
        work.type === "ArrowFunctionExpression" || work.type === "FunctionExpression"
          ? callsIn(work.body as Node, inner)
          : work.type === "Identifier" || work.type === "MemberExpression"
            ? [{ callee: operandOf(work), isNew: false, line: lineOf(work.start) }]
            : [];
      fanOuts.push({ param, calls, line: lineOf(node.start) });
    }
    return fanOuts;
  };

  const functionShape = (fn: Node, name: string): ValueShape => {
    const inner = declaredIn(fn);
    return { kind: "function", name, line: lineOf(fn.start), calls: callsIn(fn.body as Node, inner), fanOuts: fanOutsIn(fn, inner), params: parameterUses(fn) };
  };

  const shapeOf = (expression: Node | undefined | null, name: string): ValueShape => {
    if (!expression) return { kind: "unknown" };
    let node = unwrap(expression);
    if (node.type === "AwaitExpression") node = unwrap(node.argument as Node);
    switch (node.type) {
      case "NewExpression":
      case "CallExpression": {
        if (requiredModule(node) !== undefined) return { kind: "unknown" };
        const first = (node.arguments as Node[])[0];
        const keys = first && unwrap(first).type === "ObjectExpression" ? ((unwrap(first).properties as Node[]).map((property) => (property.type === "Property" ? keyName(property) : undefined)).filter(Boolean) as string[]) : undefined;
        return { kind: "create", how: node.type === "NewExpression" ? "new" : "call", callee: operandOf(node.callee as Node), keys, line: lineOf(node.start) };
      }
      case "Identifier":
      case "MemberExpression": {
        const of = operandOf(node);
        return of ? { kind: "alias", of } : { kind: "unknown" };
      }
      case "ArrowFunctionExpression":
      case "FunctionExpression":
        return functionShape(node, name);
      case "ObjectExpression": {
        const members = new Map<string, ValueShape>();
        for (const property of node.properties as Node[]) {
          if (property.type !== "Property") continue;
          const key = keyName(property);
          if (key !== undefined) members.set(key, shapeOf(property.value as Node, key));
        }
        return { kind: "object", members };
      }
      default:
        return { kind: "unknown" };
    }
  };

  const declare = (declaration: Node, exported: boolean): void => {
    if (declaration.type === "FunctionDeclaration" && isNode(declaration.id)) {
      const name = declaration.id.name as string;
      locals.set(name, functionShape(declaration, name));
      if (exported) exports.set(name, locals.get(name)!);
    } else if (declaration.type === "VariableDeclaration") {
      for (const declarator of declaration.declarations as Node[]) {
        const id = declarator.id as Node;
        const init = declarator.init as Node | null;
        const required = init ? requiredModule(init) ?? (unwrap(init).type === "MemberExpression" ? requiredModule(unwrapMemberBase(unwrap(init))) : undefined) : undefined;
        if (required !== undefined && init) {
          // `const pg = require("pg")`, `const { Pool } = require("pg")`, `const Pool = require("pg").Pool`.
          const below = unwrap(init).type === "MemberExpression" ? (operandOfRequireMember(unwrap(init)) ?? []) : [];
          if (id.type === "Identifier") imports.set(id.name as string, { module: normalize(required), path: below });
          else if (id.type === "ObjectPattern") {
            for (const property of id.properties as Node[]) {
              if (property.type !== "Property") continue;
              const key = keyName(property);
              let value = property.value as Node;
              if (value.type === "AssignmentPattern") value = value.left as Node;
              if (key !== undefined && value.type === "Identifier") imports.set(value.name as string, { module: normalize(required), path: [...below, key] });
            }
          }
          continue;
        }
        if (id.type !== "Identifier") continue;
        const name = id.name as string;
        locals.set(name, shapeOf(init, name));
        if (exported) exports.set(name, locals.get(name)!);
      }
    } else if (declaration.type === "ClassDeclaration" && isNode(declaration.id)) {
      const shape: ValueShape = { kind: "unknown" };
      locals.set(declaration.id.name as string, shape);
      if (exported) exports.set(declaration.id.name as string, shape);
    }
  };

  const body = (program.body as Node[]) ?? [];
  for (const statement of body) {
    switch (statement.type) {
      case "ImportDeclaration": {
        const module = normalize(String((statement.source as Node).value));
        for (const specifier of statement.specifiers as Node[]) {
          const local = ((specifier.local as Node).name as string) ?? "";
          if (specifier.type === "ImportDefaultSpecifier") imports.set(local, { module, path: ["default"] });
          else if (specifier.type === "ImportNamespaceSpecifier") imports.set(local, { module, path: [] });
          else {
            const imported = specifier.imported as Node;
            imports.set(local, { module, path: [imported.type === "Identifier" ? (imported.name as string) : String(imported.value)] });
          }
        }
        break;
      }
      case "ExportNamedDeclaration": {
        if (statement.declaration) declare(statement.declaration as Node, true);
        const source = statement.source ? String((statement.source as Node).value) : undefined;
        const names = new Map<string, string>();
        for (const specifier of (statement.specifiers as Node[]) ?? []) {
          const local = specifier.local as Node;
          const exported = specifier.exported as Node;
          const localName = local.type === "Identifier" ? (local.name as string) : String(local.value);
          const exportedName = exported.type === "Identifier" ? (exported.name as string) : String(exported.value);
          if (source) names.set(exportedName, localName);
          else exports.set(exportedName, { kind: "alias", of: { base: localName, path: [] } });
        }
        if (source) reexports.push({ from: source, names });
        break;
      }
      case "ExportAllDeclaration":
        if (!statement.exported) reexports.push({ from: String((statement.source as Node).value) });
        break;
      case "ExportDefaultDeclaration": {
        const declaration = statement.declaration as Node;
        if ((declaration.type === "FunctionDeclaration" || declaration.type === "ClassDeclaration") && isNode(declaration.id)) {
          declare(declaration, false);
          exports.set("default", { kind: "alias", of: { base: declaration.id.name as string, path: [] } });
        } else if (declaration.type === "FunctionDeclaration") exports.set("default", functionShape(declaration, "default"));
        else exports.set("default", shapeOf(declaration, "default"));
        break;
      }
      case "FunctionDeclaration":
      case "VariableDeclaration":
      case "ClassDeclaration":
        declare(statement, false);
        break;
      case "ExpressionStatement": {
        const expression = unwrap(statement.expression as Node);
        if (expression.type !== "AssignmentExpression" || expression.operator !== "=") break;
        const target = operandOf(expression.left as Node);
        if (!target) break;
        if (target.base === "module" && target.path.length === 1 && target.path[0] === "exports") commonjs = shapeOf(expression.right as Node, "default");
        else if (target.base === "module" && target.path[0] === "exports" && target.path.length === 2) exports.set(target.path[1]!, shapeOf(expression.right as Node, target.path[1]!));
        else if (target.base === "exports" && target.path.length === 1) exports.set(target.path[0]!, shapeOf(expression.right as Node, target.path[0]!));
        break;
      }
      default:
        break;
    }
  }
  const { uses, owners } = collectUses(program, new Set([...imports.keys(), ...locals.keys()]), lineOf);
  return { file, imports, locals, exports, reexports, commonjs, uses, owners, workerThread: runsOnWorkerThread(text) };
}

/** `require("m").a.b` → the `require("m")` call. */
function unwrapMemberBase(member: Node): Node {
  let current = member;
  while (current.type === "MemberExpression") current = unwrap(current.object as Node);
  return current;
}

/** `require("m").a.b` → `["a", "b"]`. */
function operandOfRequireMember(member: Node): string[] | undefined {
  const path: string[] = [];
  let current = member;
  while (current.type === "MemberExpression") {
    const property = current.property as Node;
    const name = current.computed ? stringValue(property) : property.type === "Identifier" ? (property.name as string) : undefined;
    if (name === undefined) return undefined;
    path.unshift(name);
    current = unwrap(current.object as Node);
  }
  return path;
}
