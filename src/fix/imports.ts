/**
 * Import insertion for fixes: find a binding a file already has for a module export (also through a
 * namespace, `fsp.readFile`, or the module that re-exports it, `fs.promises.readFile`), or add one in the
 * file's own module style (`import` in ESM, `require` in CommonJS), merged into an existing import or
 * destructuring `require` of the same module where there is one, so that a file never gets a second import
 * of a module nor a second name for one export.
 *
 * Several fixes of one pass may each add the same import: every such edit ends at the same place (the
 * existing import's last specifier, or the one insertion point), so ESLint applies one per pass (their
 * ranges overlap) and the next pass finds the binding and reuses it.
 */
import { isBuiltin } from "node:module";
import { AST_NODE_TYPES, ASTUtils, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { getRequiredModule, normalizeModule, resolveReference } from "../ast/syntax/imports.js";
import { findPackage } from "../util/resolve-module.js";
import { isFreeName } from "./names.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export type ModuleKind = "module" | "commonjs";

/** ESM or CommonJS: by extension, then by what the file contains, then by the parser's `sourceType`. */
export function getModuleKind(context: Context): ModuleKind {
  const filename = context.filename;
  if (/\.[mM][jt]sx?$/u.test(filename)) return "module";
  if (/\.[cC][jt]sx?$/u.test(filename)) return "commonjs";
  const body = context.sourceCode.ast.body;
  if (
    body.some(
      (statement) =>
        statement.type === AST_NODE_TYPES.ImportDeclaration ||
        statement.type === AST_NODE_TYPES.ExportNamedDeclaration ||
        statement.type === AST_NODE_TYPES.ExportDefaultDeclaration ||
        statement.type === AST_NODE_TYPES.ExportAllDeclaration,
    )
  ) {
    return "module";
  }
  if (/\brequire\s*\(|\bmodule\.exports\b|\bexports\.\w/u.test(context.sourceCode.text)) return "commonjs";
  const sourceType = (context.languageOptions as { sourceType?: string }).sourceType;
  return sourceType === "commonjs" || sourceType === "script" ? "commonjs" : "module";
}

/** Other places an export of a module can be reached: `fs/promises`' exports are `fs`'s `promises.<name>`. */
const REEXPORTED_AS: Readonly<Record<string, readonly { module: string; path: readonly string[] }[]>> = {
  "fs/promises": [{ module: "fs", path: ["promises"] }],
  "dns/promises": [{ module: "dns", path: ["promises"] }],
  "stream/promises": [{ module: "stream", path: ["promises"] }],
  "timers/promises": [{ module: "timers", path: ["promises"] }],
};

/** A top-level name the file binds, with what it refers to. */
interface Binding {
  identifier: TSESTree.Identifier;
  module: string;
  path: readonly string[];
  /** Bound by `import * as ns`: its default is `ns.default`, never the namespace itself. */
  namespaceImport: boolean;
}

function topLevelBindings(context: Context): Binding[] {
  const bindings: Binding[] = [];
  const add = (identifier: TSESTree.Identifier, namespaceImport = false): void => {
    const ref = resolveReference(context, identifier);
    if (ref) bindings.push({ identifier, module: ref.module, path: ref.path, namespaceImport });
  };
  for (const statement of context.sourceCode.ast.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration && statement.importKind !== "type") {
      for (const spec of statement.specifiers) {
        if (spec.type === AST_NODE_TYPES.ImportSpecifier && spec.importKind === "type") continue;
        add(spec.local, spec.type === AST_NODE_TYPES.ImportNamespaceSpecifier);
      }
    }
    // `import fs = require("fs")` (TypeScript's CommonJS import).
    if (statement.type === AST_NODE_TYPES.TSImportEqualsDeclaration && statement.importKind !== "type") add(statement.id, true);
    if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of statement.declarations) {
        if (!declarator.init) continue;
        if (declarator.id.type === AST_NODE_TYPES.Identifier) add(declarator.id);
        if (declarator.id.type === AST_NODE_TYPES.ObjectPattern) {
          for (const property of declarator.id.properties) {
            if (property.type !== AST_NODE_TYPES.Property) continue;
            const value = property.value.type === AST_NODE_TYPES.AssignmentPattern ? property.value.left : property.value;
            // `const { a = fallback } = require("m")`: `a` may not be the export.
            if (value.type === AST_NODE_TYPES.Identifier && property.value.type !== AST_NODE_TYPES.AssignmentPattern) add(value);
          }
        }
      }
    }
  }
  return bindings;
}

/** The expression that reaches `exportName` of `module` through `binding`, or `undefined`. */
function expressionThrough(context: Context, binding: Binding, module: string, exportName: string): string | undefined {
  const name = binding.identifier.name;
  if (exportName === "default") {
    if (binding.module !== module) return undefined;
    if (binding.path.length === 1 && binding.path[0] === "default") return name;
    if (binding.path.length !== 0) return undefined;
    if (binding.namespaceImport) return `${name}.default`;
    // `require()` of an ESM-only package gives its namespace, not its default export.
    return findPackage(context.filename, module)?.esmOnly === true ? `${name}.default` : name;
  }
  // The default export of a Node built-in is the module itself: `import fs from "fs"` has `fs.promises`.
  const path = isBuiltin(binding.module) && binding.path[0] === "default" ? binding.path.slice(1) : binding.path;
  const routes = [{ module, path: [exportName] }, ...(REEXPORTED_AS[module] ?? []).map((route) => ({ module: route.module, path: [...route.path, exportName] }))];
  for (const route of routes) {
    if (route.module !== binding.module || path.length > route.path.length) continue;
    if (path.some((segment, index) => route.path[index] !== segment)) continue;
    return [name, ...route.path.slice(path.length)].join(".");
  }
  return undefined;
}

/** `true` when `identifier`'s name, seen from `at`, still means that binding (no inner declaration shadows it). */
function visibleAt(context: Context, identifier: TSESTree.Identifier, at: TSESTree.Node | undefined): boolean {
  if (!at) return true;
  const variable = ASTUtils.findVariable(context.sourceCode.getScope(at), identifier.name);
  return variable?.defs.some((def) => def.name === identifier) === true;
}

/**
 * The expression for `module`'s `exportName` through a top-level import or `require` the file already has
 * (the shortest one: `readFile` before `fsp.readFile` before `fs.promises.readFile`), if any. With `at`,
 * only a binding that is not shadowed there.
 */
export function findExistingBinding(context: Context, module: string, exportName: string, at?: TSESTree.Node): string | undefined {
  const target = normalizeModule(module);
  let best: string | undefined;
  for (const binding of topLevelBindings(context)) {
    const expression = expressionThrough(context, binding, target, exportName);
    if (expression === undefined || !visibleAt(context, binding.identifier, at)) continue;
    if (best === undefined || expression.split(".").length < best.split(".").length) best = expression;
  }
  return best;
}

function lastMatching<T>(items: readonly T[], predicate: (item: T) => boolean): T | undefined {
  for (let index = items.length - 1; index >= 0; index -= 1) if (predicate(items[index]!)) return items[index];
  return undefined;
}

function isRequireDeclaration(statement: TSESTree.Node): boolean {
  return (
    statement.type === AST_NODE_TYPES.VariableDeclaration &&
    statement.declarations.every((declarator) => declarator.init !== null && /^(?:await\s+import|require)\s*\(/u.test(textOfInit(declarator.init)))
  );
}

function textOfInit(init: TSESTree.Expression): string {
  let node: TSESTree.Node = init;
  while (node.type === AST_NODE_TYPES.MemberExpression) node = node.object;
  if (node.type === AST_NODE_TYPES.CallExpression && node.callee.type === AST_NODE_TYPES.Identifier) return `${node.callee.name}(`;
  return "";
}

/** `./x.js`, `../lib`, `/abs`: a file of the project, not a package or a built-in. */
function isRelativeModule(module: string): boolean {
  return /^\.{0,2}\//u.test(module);
}

/**
 * Where a new top-level import of `module` goes: a package or built-in after the last import (or require) of
 * one, so that it stays above the project's own `./…` imports as a person groups them; otherwise after the
 * last import, else after directives, else at the start.
 */
function insertionPoint(context: Context, kind: ModuleKind, module: string): { after?: TSESTree.Node; atStart: boolean } {
  const body = context.sourceCode.ast.body;
  const isImport = (statement: TSESTree.Node): boolean => (kind === "module" ? statement.type === AST_NODE_TYPES.ImportDeclaration : isRequireDeclaration(statement));
  const sourceOf = (statement: TSESTree.Node): string | undefined => {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) return statement.source.value;
    const init = statement.type === AST_NODE_TYPES.VariableDeclaration ? statement.declarations[0]?.init : undefined;
    return init ? requiredModuleOf(context, init) : undefined;
  };
  const packages = isRelativeModule(module) ? undefined : lastMatching(body, (statement) => isImport(statement) && !isRelativeModule(sourceOf(statement) ?? "."));
  const anchor = packages ?? lastMatching(body, isImport);
  if (anchor) return { after: anchor, atStart: false };
  const directive = lastMatching(body, (statement) => statement.type === AST_NODE_TYPES.ExpressionStatement && typeof (statement as TSESTree.ExpressionStatement).directive === "string");
  if (directive) return { after: directive, atStart: false };
  return { atStart: true };
}

export interface ImportRequest {
  module: string;
  /** `"default"` or a named export. */
  exportName: string;
  /** The local name to bind (ignored when the file already binds the export); default: a free, readable one. */
  localName?: string;
  /** Where the value is used: a binding shadowed there is not reused. */
  at?: TSESTree.Node;
}

export interface ImportPlan {
  /** The expression to use in code for the imported value. */
  name: string;
  /** The fix that adds the binding, or `undefined` when the file already has it. */
  fix: ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | undefined;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** `fs/promises` → `fsPromises`, `@acme/rate-limit` → `acmeRateLimit`. */
function moduleWords(module: string): string {
  const words = normalizeModule(module).split(/[^A-Za-z0-9]+/u).filter(Boolean);
  return words.map((word, index) => (index === 0 ? word.toLowerCase() : capitalize(word))).join("");
}

/**
 * A name for a new binding of `exportName` that nothing in the file uses: `preferred` (default: the export's
 * own name), else `readFileAsync` (for a promise API), `fsReadFile`, `fsPromisesReadFile` — never a number.
 */
export function freeImportName(sourceCode: Readonly<TSESLint.SourceCode>, module: string, exportName: string, preferred?: string): string {
  const base = preferred ?? (exportName === "default" ? moduleWords(module.split("/").pop()!) || "imported" : exportName);
  const target = normalizeModule(module);
  const words = moduleWords(target);
  const first = moduleWords(target.replace(/^@[^/]+\//u, "").split("/")[0]!);
  const candidates = [
    base,
    ...(target.endsWith("/promises") ? [`${base}Async`] : []),
    ...(first && first !== words ? [`${first}${capitalize(base)}`] : []),
    ...(words ? [`${words}${capitalize(base)}`] : []),
    `${base}Export`,
  ];
  for (const candidate of candidates) if (isFreeName(sourceCode, candidate)) return candidate;
  for (let prefix = "_"; ; prefix += "_") if (isFreeName(sourceCode, `${prefix}${base}`)) return `${prefix}${base}`;
}

/** `node:fs` or `fs`: the file's own way of naming Node built-ins (`node:` unless it names them all without). */
function builtinSpecifier(context: Context, module: string): string {
  const bare = normalizeModule(module);
  if (!isBuiltin(bare) || !module.startsWith("node:")) return module;
  const specifiers: string[] = [];
  for (const statement of context.sourceCode.ast.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration) specifiers.push(statement.source.value);
    if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of statement.declarations) {
        const required = declarator.init ? requiredModuleOf(context, declarator.init) : undefined;
        if (required !== undefined) specifiers.push(required);
      }
    }
  }
  const builtins = specifiers.filter((specifier) => isBuiltin(specifier));
  return builtins.length > 0 && builtins.every((specifier) => !specifier.startsWith("node:")) ? bare : module;
}

/** The module of `require("m")`, `require("m").x` or `await import("m")`. */
function requiredModuleOf(context: Context, init: TSESTree.Expression): string | undefined {
  let node: TSESTree.Node = init;
  while (node.type === AST_NODE_TYPES.MemberExpression) node = node.object;
  return getRequiredModule(context, node);
}

/** `, item` after `last` in a `{ … }` list, or on a line of its own when the list has one item per line. */
function appendToList(context: Context, open: TSESTree.Node | TSESLint.AST.Token, last: TSESTree.Node, item: string): (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix {
  const multiline = open.loc.start.line !== last.loc.start.line;
  const line = context.sourceCode.lines[last.loc.start.line - 1] ?? "";
  const indent = /^\s*/u.exec(line)?.[0] ?? "";
  return (fixer) => fixer.insertTextAfter(last, multiline ? `,\n${indent}${item}` : `, ${item}`);
}

/** The top-level `const { a, b } = require("m")` (or `let`, `var`) of `module` that a new name can join, if any. */
function findDestructuringRequire(context: Context, module: string): TSESTree.ObjectPattern | undefined {
  for (const statement of context.sourceCode.ast.body) {
    if (statement.type !== AST_NODE_TYPES.VariableDeclaration || statement.declarations.length !== 1) continue;
    const declarator = statement.declarations[0]!;
    if (declarator.id.type !== AST_NODE_TYPES.ObjectPattern || !declarator.init) continue;
    const required = getRequiredModule(context, declarator.init);
    if (required === undefined || normalizeModule(required) !== module || declarator.init.type !== AST_NODE_TYPES.CallExpression) continue;
    if (declarator.id.properties.length === 0 || declarator.id.properties.some((property) => property.type !== AST_NODE_TYPES.Property)) continue;
    return declarator.id;
  }
  return undefined;
}

/** Plans the binding for `request`: reuse one the file has, or add an `import`/`require` in the file's style. */
export function planImport(context: Context, request: ImportRequest): ImportPlan {
  const existing = findExistingBinding(context, request.module, request.exportName, request.at);
  if (existing) return { name: existing, fix: undefined };
  const kind = getModuleKind(context);
  const { exportName } = request;
  const target = normalizeModule(request.module);
  const module = builtinSpecifier(context, request.module);
  const localName = request.localName !== undefined && isFreeName(context.sourceCode, request.localName) ? request.localName : freeImportName(context.sourceCode, module, exportName, request.localName);
  const quote = preferredQuote(context);
  const source = `${quote}${module}${quote}`;
  if (kind === "module") {
    const declaration = context.sourceCode.ast.body.find(
      (statement): statement is TSESTree.ImportDeclaration =>
        statement.type === AST_NODE_TYPES.ImportDeclaration && statement.importKind !== "type" && normalizeModule(statement.source.value) === target,
    );
    if (declaration && !declaration.specifiers.some((spec) => spec.type === AST_NODE_TYPES.ImportNamespaceSpecifier)) {
      const defaultSpec = declaration.specifiers.find((spec) => spec.type === AST_NODE_TYPES.ImportDefaultSpecifier);
      const named = declaration.specifiers.filter((spec): spec is TSESTree.ImportSpecifier => spec.type === AST_NODE_TYPES.ImportSpecifier);
      if (exportName === "default" && !defaultSpec) {
        const importToken = context.sourceCode.getFirstToken(declaration)!;
        return { name: localName, fix: (fixer) => fixer.insertTextAfter(importToken, named.length > 0 ? ` ${localName},` : ` ${localName} from`) };
      }
      if (exportName !== "default") {
        const spec = exportName === localName ? exportName : `${exportName} as ${localName}`;
        if (named.length > 0) {
          const open = context.sourceCode.getTokenBefore(named[0]!)!;
          return { name: localName, fix: appendToList(context, open, named.at(-1)!, spec) };
        }
        if (defaultSpec) return { name: localName, fix: (fixer) => fixer.insertTextAfter(defaultSpec, `, { ${spec} }`) };
      }
    }
    const clause = exportName === "default" ? localName : `{ ${exportName === localName ? exportName : `${exportName} as ${localName}`} }`;
    return { name: localName, fix: insertStatement(context, kind, `import ${clause} from ${source};`, module) };
  }
  const esmOnly = findPackage(context.filename, module)?.esmOnly === true;
  if (exportName !== "default") {
    const pattern = findDestructuringRequire(context, target);
    const item = exportName === localName ? exportName : `${exportName}: ${localName}`;
    if (pattern) return { name: localName, fix: appendToList(context, pattern, pattern.properties.at(-1)!, item) };
    return { name: localName, fix: insertStatement(context, kind, `const { ${item} } = require(${source});`, module) };
  }
  return { name: localName, fix: insertStatement(context, kind, `const ${localName} = require(${source})${esmOnly ? ".default" : ""};`, module) };
}

/** The quote the file's first string uses. */
export function preferredQuote(context: Context): string {
  const first = context.sourceCode.ast.tokens.find((token) => token.type === "String");
  return first?.value.startsWith("'") ? "'" : '"';
}

function insertStatement(context: Context, kind: ModuleKind, statement: string, module: string): (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix {
  const point = insertionPoint(context, kind, module);
  return (fixer) => {
    if (point.after) return fixer.insertTextAfter(point.after, `\n${statement}`);
    // At the very top (below a hashbang): never between a doc comment and what it documents.
    const text = context.sourceCode.text;
    const hashbang = text.startsWith("#!") ? text.indexOf("\n") + 1 : 0;
    return fixer.insertTextBeforeRange([hashbang, hashbang], `${statement}\n\n`);
  };
}
