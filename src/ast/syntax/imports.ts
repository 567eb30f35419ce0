/**
 * Import resolution through scope analysis: what module export (or global) does an expression refer to?
 *
 * `resolveReference` answers for identifiers, member chains, `require(...)`, `await import(...)` and
 * aliases (`const exec = cp.exec`, `const { readFileSync: read } = require("fs")`), so rules match
 * `import { exec } from "node:child_process"`, `const cp = require("child_process"); cp.exec(...)` and
 * `import * as cp from "child_process"` alike, and a local function that merely shares a name does not match.
 */
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from "@typescript-eslint/utils";

/** Where an expression's value comes from: a module (or `GLOBAL`) and the property path below it. */
export interface ImportRef {
  /** Normalised module specifier (`node:` prefix removed), or `GLOBAL` for a global. */
  module: string;
  /** Property path below the module namespace: `["default"]`, `["exec"]`, `["promises", "readFile"]`, or `[]` for the namespace itself. */
  path: readonly string[];
}

export const GLOBAL = "<global>";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type Variable = TSESLint.Scope.Variable;

const MAX_DEPTH = 8;

export function normalizeModule(specifier: string): string {
  return specifier.startsWith("node:") ? specifier.slice(5) : specifier;
}

/** Unwraps parentheses-free TS wrappers (`x!`, `x as T`, `<T>x`, `x satisfies T`) and optional chains. */
export function skipWrappers(node: TSESTree.Node): TSESTree.Node {
  let current = node;
  for (;;) {
    switch (current.type) {
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSTypeAssertion:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.ChainExpression:
        current = current.expression;
        break;
      default:
        return current;
    }
  }
}

/** The static name of a member expression's property (`a.b`, `a["b"]`), or `undefined`. */
export function getPropertyName(member: TSESTree.MemberExpression): string | undefined {
  if (!member.computed) {
    return member.property.type === AST_NODE_TYPES.Identifier ? member.property.name : undefined;
  }
  const property = member.property;
  if (property.type === AST_NODE_TYPES.Literal && typeof property.value === "string") return property.value;
  if (property.type === AST_NODE_TYPES.TemplateLiteral && property.expressions.length === 0) {
    return property.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

/** The static key name of an object property (`a`, `"a"`, `[`a`]`), or `undefined`. */
export function getKeyName(property: TSESTree.Property | TSESTree.PropertyDefinition | TSESTree.MethodDefinition): string | undefined {
  const key = property.key;
  if (!property.computed && key.type === AST_NODE_TYPES.Identifier) return key.name;
  if (key.type === AST_NODE_TYPES.Literal && (typeof key.value === "string" || typeof key.value === "number")) {
    return String(key.value);
  }
  if (key.type === AST_NODE_TYPES.TemplateLiteral && key.expressions.length === 0) {
    return key.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

export function findVariable(context: Context, identifier: TSESTree.Identifier): Variable | null {
  return ASTUtils.findVariable(context.sourceCode.getScope(identifier), identifier);
}

/** `true` when the variable is never written after its declaration (a `const`, or a `let`/`var` never reassigned). */
export function isNeverReassigned(variable: Variable): boolean {
  if (variable.defs.length !== 1) return false;
  return variable.references.every((reference) => !reference.isWrite() || reference.init === true);
}

/**
 * The initialiser of a variable that holds one value for its whole life (`const x = …`, or a `let` never
 * reassigned), with destructuring left to the caller. `undefined` for parameters, imports and reassigned names.
 */
export function getConstantInit(context: Context, identifier: TSESTree.Identifier): TSESTree.Expression | undefined {
  const variable = findVariable(context, identifier);
  if (!variable || !isNeverReassigned(variable)) return undefined;
  const def = variable.defs[0];
  if (def?.type !== "Variable") return undefined;
  const declarator = def.node;
  if (declarator.id.type !== AST_NODE_TYPES.Identifier || !declarator.init) return undefined;
  return declarator.init;
}

function isRequireCall(context: Context, node: TSESTree.Node): node is TSESTree.CallExpression {
  if (node.type !== AST_NODE_TYPES.CallExpression || node.callee.type !== AST_NODE_TYPES.Identifier) return false;
  if (node.callee.name !== "require" || node.arguments.length !== 1) return false;
  const variable = findVariable(context, node.callee);
  return !variable || variable.defs.length === 0;
}

function stringArgument(node: TSESTree.CallExpressionArgument | TSESTree.Expression | undefined): string | undefined {
  if (!node) return undefined;
  if (node.type === AST_NODE_TYPES.Literal && typeof node.value === "string") return node.value;
  if (node.type === AST_NODE_TYPES.TemplateLiteral && node.expressions.length === 0) {
    return node.quasis[0]?.value.cooked ?? undefined;
  }
  return undefined;
}

/** The module a `require("x")` / `await import("x")` expression loads, or `undefined`. */
export function getRequiredModule(context: Context, node: TSESTree.Node): string | undefined {
  const unwrapped = skipWrappers(node);
  if (isRequireCall(context, unwrapped)) return stringArgument(unwrapped.arguments[0]);
  if (unwrapped.type === AST_NODE_TYPES.AwaitExpression && unwrapped.argument.type === AST_NODE_TYPES.ImportExpression) {
    return stringArgument(unwrapped.argument.source);
  }
  return undefined;
}

function resolveDefinition(context: Context, variable: Variable, identifier: TSESTree.Identifier, depth: number): ImportRef | undefined {
  if (variable.defs.length === 0) {
    // Declared by the environment (`globals`), not by code: a global.
    return { module: GLOBAL, path: [identifier.name] };
  }
  if (variable.defs.length !== 1) return undefined;
  const def = variable.defs[0]!;
  switch (def.type) {
    case "ImportBinding": {
      const spec = def.node;
      if (spec.type === AST_NODE_TYPES.TSImportEqualsDeclaration) {
        const reference = spec.moduleReference;
        if (reference.type === AST_NODE_TYPES.TSExternalModuleReference) {
          const source = stringArgument(reference.expression);
          return source === undefined ? undefined : { module: normalizeModule(source), path: [] };
        }
        return undefined;
      }
      const declaration = spec.parent as TSESTree.ImportDeclaration;
      const module = normalizeModule(declaration.source.value);
      if (spec.type === AST_NODE_TYPES.ImportDefaultSpecifier) return { module, path: ["default"] };
      if (spec.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return { module, path: [] };
      const imported = spec.imported.type === AST_NODE_TYPES.Identifier ? spec.imported.name : String(spec.imported.value);
      return { module, path: [imported] };
    }
    case "Variable": {
      if (!isNeverReassigned(variable)) return undefined;
      const declarator = def.node;
      if (!declarator.init) return undefined;
      if (declarator.id.type === AST_NODE_TYPES.Identifier) {
        return resolveInternal(context, declarator.init, depth + 1);
      }
      if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
        const key = findPatternKey(declarator.id, identifier);
        if (key === undefined) return undefined;
        const base = resolveInternal(context, declarator.init, depth + 1);
        return base ? { module: base.module, path: [...base.path, key] } : undefined;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function findPatternKey(pattern: TSESTree.ObjectPattern, identifier: TSESTree.Identifier): string | undefined {
  for (const property of pattern.properties) {
    if (property.type !== AST_NODE_TYPES.Property) continue;
    let value: TSESTree.Node = property.value;
    if (value.type === AST_NODE_TYPES.AssignmentPattern) value = value.left;
    if (value.type === AST_NODE_TYPES.Identifier && value.name === identifier.name) return getKeyName(property);
  }
  return undefined;
}

function resolveInternal(context: Context, node: TSESTree.Node, depth: number): ImportRef | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const expression = skipWrappers(node);
  switch (expression.type) {
    case AST_NODE_TYPES.Identifier: {
      const variable = findVariable(context, expression);
      if (!variable) return { module: GLOBAL, path: [expression.name] };
      return resolveDefinition(context, variable, expression, depth);
    }
    case AST_NODE_TYPES.MemberExpression: {
      const name = getPropertyName(expression);
      if (name === undefined) return undefined;
      const base = resolveInternal(context, expression.object, depth + 1);
      if (!base) return undefined;
      // `globalThis.fetch`, `window.fetch`, `self.Worker`: the global itself.
      if (base.module === GLOBAL && base.path.length === 1 && ["globalThis", "window", "self", "global"].includes(base.path[0]!)) {
        return { module: GLOBAL, path: [name] };
      }
      return { module: base.module, path: [...base.path, name] };
    }
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.AwaitExpression: {
      const module = getRequiredModule(context, expression);
      return module === undefined ? undefined : { module: normalizeModule(module), path: [] };
    }
    default:
      return undefined;
  }
}

/** Resolves an expression to the module export or global it refers to, or `undefined` when that cannot be seen. */
export function resolveReference(context: Context, node: TSESTree.Node): ImportRef | undefined {
  return resolveInternal(context, node, 0);
}

/**
 * `true` when `ref` is export `exportName` of one of `modules` ("default" for the default export). Interop
 * is allowed for: `require("m")` and `import * as m` (namespace) standing for the default of a CommonJS
 * module, and `import m from "m"; m.name` standing for a named export.
 */
export function isExportOf(ref: ImportRef | undefined, modules: string | readonly string[], exportName: string): boolean {
  if (!ref) return false;
  const list = typeof modules === "string" ? [modules] : modules;
  if (!list.includes(ref.module)) return false;
  const path = ref.path;
  if (exportName === "default") {
    return path.length === 0 || (path.length === 1 && path[0] === "default");
  }
  if (path.length === 1) return path[0] === exportName;
  return path.length === 2 && path[0] === "default" && path[1] === exportName;
}

/** `true` when `ref` is the global `name` (not shadowed by any declaration). */
export function isGlobal(ref: ImportRef | undefined, name: string): boolean {
  return ref?.module === GLOBAL && ref.path.length === 1 && ref.path[0] === name;
}

/** Resolves a call's callee: the common entry point for "is this call `fs.readFileSync`?". */
export function resolveCallee(context: Context, call: TSESTree.CallExpression | TSESTree.NewExpression): ImportRef | undefined {
  return resolveReference(context, call.callee);
}
