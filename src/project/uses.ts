/**
 * Where a module uses its top-level bindings, and from which of its functions: the module's half of the
 * project's call graph. Each use of an import, a function or a class records its member path
 * (`Database.patch` → `["patch"]`), whether it is a call, and its owner:
 *
 * - `module`: module-level code (it runs once, when the module is first loaded);
 * - `function`: a top-level function or `const`, or a method of a top-level class (`this.m()` inside a
 *   class is a use of the class), callbacks that run while it runs (`items.map(cb)`, an IIFE) included;
 * - `deferred`: any other nested function: a callback handed to a call that keeps it for later (an event,
 *   a route, a timer, a job processor: `conventions.ts`), a closure returned or stored. It runs later,
 *   from wherever it ends up, not when the code around it runs.
 *
 * Uses of a name that an inner scope declares again are not the top-level binding's and are skipped.
 */
import { DEFERRING_CONSTRUCTORS, DEFERRING_FUNCTIONS, DEFERRING_METHODS } from "./conventions.js";
import { children, isNode, keyName, type Node, operandOf, patternNames, unwrap } from "./oxc-ast.js";

export type Owner = { kind: "module" } | { kind: "deferred" } | { kind: "function"; name: string; member?: string };

export interface Use {
  owner: Owner;
  /** The member path read below the binding (`db.query` → `["query"]`). */
  path: readonly string[];
  /** The use calls it (`f()`, `C.m()`, `new C()`); anything else hands the value on and may run it anywhere. */
  call: boolean;
  line: number;
}

export interface OwnerFacts {
  /** It calls `process.exit()`: a command's code path. */
  exits: boolean;
  /** A class method: `static`, private (`#m` or TypeScript's `private`), and the names of its decorators. */
  method?: { isStatic: boolean; isPrivate: boolean; decorators: readonly string[] };
}

const FUNCTIONS = new Set(["ArrowFunctionExpression", "FunctionExpression", "FunctionDeclaration"]);
const CLASSES = new Set(["ClassDeclaration", "ClassExpression"]);

/** The names a function declares: parameters, and the variables, functions and classes of its body. */
function declaredIn(fn: Node): Set<string> {
  const names = new Set<string>();
  for (const param of (fn.params as Node[]) ?? []) patternNames(param, names);
  const stack = isNode(fn.body) ? [fn.body] : [];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node.type === "VariableDeclarator") patternNames(node.id as Node, names);
    else if ((node.type === "FunctionDeclaration" || node.type === "ClassDeclaration") && isNode(node.id)) names.add(node.id.name as string);
    else if (node.type === "CatchClause" && isNode(node.param)) patternNames(node.param, names);
    if (FUNCTIONS.has(node.type)) continue;
    stack.push(...children(node));
  }
  return names;
}

function decoratorNames(node: Node): string[] {
  const names: string[] = [];
  for (const decorator of (node.decorators as Node[] | undefined) ?? []) {
    let expression = unwrap(decorator.expression as Node);
    if (expression.type === "CallExpression") expression = unwrap(expression.callee as Node);
    const operand = operandOf(expression);
    if (operand) names.push(operand.path.at(-1) ?? operand.base);
  }
  return names;
}

/** `true` when `callee` keeps its function arguments for later (`app.get`, `emitter.on`, `setInterval`, `new Worker`). */
function defers(callee: Node, isNew: boolean): boolean {
  const name = calleeName(callee);
  if (!name) return false;
  if (isNew) return DEFERRING_CONSTRUCTORS.has(name.last);
  if (!name.member) return DEFERRING_FUNCTIONS.has(name.last);
  return DEFERRING_METHODS.has(name.last) || DEFERRING_FUNCTIONS.has(name.last);
}

/** The name a call's callee ends with (`a.b.on` → `on`, `[1, 2].forEach` → `forEach`, `app.route(p).get` → `get`), and whether it is a member. */
function calleeName(callee: Node): { last: string; member: boolean } | undefined {
  if (callee.type === "Identifier") return { last: callee.name as string, member: false };
  if (callee.type !== "MemberExpression") return undefined;
  const property = callee.property as Node;
  if (callee.computed || property.type !== "Identifier") return undefined;
  return { last: property.name as string, member: true };
}

/** Calls that run their callback before they return or as their promise settles: array methods, `then`, `new Promise`. */
const RUNS_NOW = new Set(["map", "flatMap", "forEach", "filter", "some", "every", "find", "findIndex", "reduce", "sort", "then", "catch", "finally", "from"]);

function runsCallbackNow(callee: Node, isNew: boolean): boolean {
  const name = calleeName(callee);
  if (!name) return false;
  if (isNew) return !name.member && name.last === "Promise";
  return name.member && RUNS_NOW.has(name.last);
}

const isExportTarget = (left: Node): boolean => {
  const target = operandOf(left);
  return target !== undefined && ((target.base === "module" && target.path[0] === "exports") || (target.base === "exports" && target.path.length === 1));
};

export function collectUses(program: Node, topLevel: ReadonlySet<string>, lineOf: (offset: number) => number): { uses: Map<string, Use[]>; owners: Map<string, OwnerFacts> } {
  const uses = new Map<string, Use[]>();
  const owners = new Map<string, OwnerFacts>();
  const record = (name: string, use: Use) => {
    const list = uses.get(name);
    if (list) list.push(use);
    else uses.set(name, [use]);
  };
  const ownerKey = (owner: Owner) => (owner.kind === "function" ? (owner.member === undefined ? owner.name : `${owner.name}.${owner.member}`) : undefined);

  interface Scope {
    owner: Owner;
    shadow: ReadonlySet<string>;
    /** The top-level class whose methods are being read (`this.m()` is a use of it). */
    klass?: string;
    /** Uses inside `module.exports = …` / `export default …` are the export, not a use. */
    exporting?: boolean;
  }

  const visit = (node: Node, scope: Scope): void => {
    switch (node.type) {
      case "CallExpression":
      case "NewExpression": {
        const isNew = node.type === "NewExpression";
        const callee = unwrap(node.callee as Node);
        // An IIFE runs where it stands.
        if (FUNCTIONS.has(callee.type)) visitFunction(callee, scope);
        const operand = operandOf(callee);
        if (operand) {
          const base = operand.base === "this" ? scope.klass : operand.base;
          const exported = scope.shadow.has(operand.base) ? undefined : exportsPath(operand);
          if (exported !== undefined && exported.length > 0) record(EXPORTS, { owner: scope.owner, path: exported, call: true, line: lineOf(node.start) });
          else if (base !== undefined && topLevel.has(base) && (operand.base === "this" || !scope.shadow.has(base))) record(base, { owner: scope.owner, path: operand.path, call: true, line: lineOf(node.start) });
          if (operand.base === "process" && operand.path.length === 1 && operand.path[0] === "exit") {
            const key = ownerKey(scope.owner);
            if (key !== undefined) owners.get(key)!.exits = true;
          }
          // Computed members (`a[b].c()`) are not in an operand; nothing else in the callee reads a binding.
        } else if (!FUNCTIONS.has(callee.type)) visit(callee, scope);
        // Everything handed to a call that keeps it runs later (`app.post(path, wrap(async (req) => …))`).
        const argumentScope: Scope = defers(callee, isNew) ? { ...scope, owner: { kind: "deferred" } } : scope;
        const now = runsCallbackNow(callee, isNew);
        for (const argument of (node.arguments as Node[]) ?? []) {
          const value = unwrap(argument);
          if (FUNCTIONS.has(value.type)) visitFunction(value, now ? argumentScope : later(argumentScope));
          else visit(argument, argumentScope);
        }
        return;
      }
      case "Identifier": {
        const name = node.name as string;
        if (!scope.exporting && topLevel.has(name) && !scope.shadow.has(name)) record(name, { owner: scope.owner, path: [], call: false, line: lineOf(node.start) });
        return;
      }
      case "MemberExpression": {
        const operand = operandOf(node);
        const exported = operand && !scope.exporting && !scope.shadow.has(operand.base) ? exportsPath(operand) : undefined;
        if (exported !== undefined && exported.length > 0) {
          // `router.get("/", exports.list)`: the export handed on as a value.
          record(EXPORTS, { owner: scope.owner, path: exported, call: false, line: lineOf(node.start) });
          return;
        }
        if (operand && operand.base !== "this") {
          if (!scope.exporting && topLevel.has(operand.base) && !scope.shadow.has(operand.base)) record(operand.base, { owner: scope.owner, path: operand.path, call: false, line: lineOf(node.start) });
          return;
        }
        visit(node.object as Node, scope);
        if (node.computed) visit(node.property as Node, scope);
        return;
      }
      case "Property":
      case "PropertyDefinition":
      case "MethodDefinition": {
        if (node.computed) visit(node.key as Node, scope);
        const value = node.value as Node | null;
        if (value && FUNCTIONS.has(unwrap(value).type)) visitFunction(unwrap(value), later(scope));
        else if (value) visit(value, scope);
        return;
      }
      case "ImportDeclaration":
      case "ExportAllDeclaration":
      case "LabeledStatement":
      case "BreakStatement":
      case "ContinueStatement":
        return;
      case "ExportNamedDeclaration":
        if (isNode(node.declaration)) visit(node.declaration, scope);
        return;
      case "ExportDefaultDeclaration":
        visit(node.declaration as Node, { ...scope, exporting: (node.declaration as Node).type === "Identifier" });
        return;
      case "AssignmentExpression":
        if (scope.owner.kind === "module" && isExportTarget(node.left as Node)) {
          const right = unwrap(node.right as Node);
          // `module.exports = { a, b }`, `exports.a = a`: the export itself; functions inside still run when called.
          if (right.type === "Identifier" || right.type === "ObjectExpression") visit(right, { ...scope, exporting: true });
          else visit(right, scope);
          return;
        }
        break;
      case "VariableDeclarator":
        if (isNode(node.init)) visit(node.init, scope);
        return;
      default:
        if (FUNCTIONS.has(node.type)) {
          visitFunction(node, later(scope));
          return;
        }
        if (CLASSES.has(node.type)) {
          for (const member of ((node.body as Node).body as Node[]) ?? []) visit(member, scope);
          if (isNode(node.superClass)) visit(node.superClass, scope);
          return;
        }
    }
    for (const child of children(node)) visit(child, scope);
  };

  /**
   * A nested function that is not called where it stands (an IIFE) or by a call that runs it at once
   * (`items.map(cb)`, `then(cb)`) runs later, from wherever it ends up (`exports.handler = async () => …`,
   * a middleware a factory returns, an object's method): unknown.
   */
  const later = (scope: Scope): Scope => ({ ...scope, owner: { kind: "deferred" } });

  const visitFunction = (fn: Node, scope: Scope): void => {
    const shadow = new Set([...scope.shadow, ...declaredIn(fn)]);
    const inner: Scope = { ...scope, shadow, exporting: false };
    for (const param of (fn.params as Node[]) ?? []) if (param.type === "AssignmentPattern") visit(param.right as Node, inner);
    if (isNode(fn.body)) visit(fn.body, inner);
  };

  const topFunction = (fn: Node, name: string, member?: string, facts?: OwnerFacts["method"]) => {
    const owner: Owner = { kind: "function", name, ...(member === undefined ? {} : { member }) };
    owners.set(member === undefined ? name : `${name}.${member}`, { exits: false, ...(facts ? { method: facts } : {}) });
    visitFunction(fn, { owner, shadow: new Set(), klass: facts ? name : undefined });
  };

  const topClass = (klass: Node, name: string) => {
    for (const member of ((klass.body as Node).body as Node[]) ?? []) {
      const value = member.value as Node | null | undefined;
      const key = member.type === "MethodDefinition" || member.type === "PropertyDefinition" ? (member.key as Node).type === "PrivateIdentifier" ? `#${(member.key as Node).name as string}` : keyName(member) : undefined;
      if (key !== undefined && value && FUNCTIONS.has(unwrap(value).type) && member.kind !== "constructor") {
        topFunction(unwrap(value), name, key, { isStatic: member.static === true, isPrivate: key.startsWith("#") || member.accessibility === "private", decorators: decoratorNames(member) });
      } else visit(member, { owner: { kind: "module" }, shadow: new Set(), klass: name });
    }
    if (isNode(klass.superClass)) visit(klass.superClass, { owner: { kind: "module" }, shadow: new Set() });
  };

  const moduleScope: Scope = { owner: { kind: "module" }, shadow: new Set() };
  const topStatement = (statement: Node): void => {
    if (statement.type === "FunctionDeclaration" && isNode(statement.id)) topFunction(statement, statement.id.name as string);
    else if (statement.type === "ClassDeclaration" && isNode(statement.id)) topClass(statement, statement.id.name as string);
    else if (statement.type === "VariableDeclaration") {
      for (const declarator of statement.declarations as Node[]) {
        const init = declarator.init ? unwrap(declarator.init as Node) : undefined;
        const id = declarator.id as Node;
        if (init && id.type === "Identifier" && FUNCTIONS.has(init.type)) topFunction(init, id.name as string);
        else if (init && id.type === "Identifier" && CLASSES.has(init.type)) topClass(init, id.name as string);
        else if (init) visit(init, moduleScope);
      }
    } else if ((statement.type === "ExportNamedDeclaration" || statement.type === "ExportDefaultDeclaration") && isNode(statement.declaration) && (FUNCTIONS.has(statement.declaration.type) || CLASSES.has(statement.declaration.type) || statement.declaration.type === "VariableDeclaration") && (statement.declaration.type === "VariableDeclaration" || isNode(statement.declaration.id))) {
      topStatement(statement.declaration);
    } else if (!commonJsExports(statement)) visit(statement, moduleScope);
  };

  /**
   * `exports.f = async function () {…}`, `module.exports.f = …` and `module.exports = { f() {…}, g: async () => … }`:
   * each function is the owner `exports.f` (its callers are the module's `exports.f()` and other modules' calls).
   */
  const commonJsExports = (statement: Node): boolean => {
    if (statement.type !== "ExpressionStatement") return false;
    const expression = unwrap(statement.expression as Node);
    if (expression.type !== "AssignmentExpression" || expression.operator !== "=") return false;
    const target = exportsPath(operandOf(expression.left as Node));
    const right = unwrap(expression.right as Node);
    if (target?.length === 1 && FUNCTIONS.has(right.type)) {
      topFunction(right, EXPORTS, target[0]);
      return true;
    }
    if (target?.length === 0 && right.type === "ObjectExpression") {
      for (const property of right.properties as Node[]) {
        const key = property.type === "Property" ? keyName(property) : undefined;
        const value = property.type === "Property" ? unwrap(property.value as Node) : undefined;
        if (key !== undefined && value && FUNCTIONS.has(value.type)) topFunction(value, EXPORTS, key);
        else visit(property, { ...moduleScope, exporting: true });
      }
      return true;
    }
    return false;
  };
  for (const statement of (program.body as Node[]) ?? []) topStatement(statement);
  return { uses, owners };
}

/** The owner name of CommonJS exports: `exports.f` is the function `f` that `module.exports` holds. */
export const EXPORTS = "exports";

/** `exports.f` and `module.exports.f` → `["f"]`; `module.exports` → `[]`; anything else `undefined`. */
export function exportsPath(operand: { base: string; path: readonly string[] } | undefined): readonly string[] | undefined {
  if (!operand) return undefined;
  if (operand.base === "exports") return operand.path;
  if (operand.base === "module" && operand.path[0] === "exports") return operand.path.slice(1);
  return undefined;
}
