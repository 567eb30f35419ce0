/**
 * Import insertion for fixes: find a binding a file already has for a module export, or add one in the
 * file's own module style (`import` in ESM, `require` in CommonJS), merged into an existing import of the
 * same module where there is one.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { isExportOf, normalizeModule, resolveReference } from "../ast/imports.js";
import { findPackage } from "../util/resolve-module.js";

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

/** The local name a top-level import or `require` already binds to `module`'s `exportName`, if any. */
export function findExistingBinding(context: Context, module: string, exportName: string): string | undefined {
  const target = normalizeModule(module);
  for (const statement of context.sourceCode.ast.body) {
    if (statement.type === AST_NODE_TYPES.ImportDeclaration && statement.importKind !== "type" && normalizeModule(statement.source.value) === target) {
      for (const spec of statement.specifiers) {
        if (spec.type === AST_NODE_TYPES.ImportSpecifier && spec.importKind === "type") continue;
        const ref = resolveReference(context, spec.local);
        if (isExportOf(ref, target, exportName) && ref?.path.length !== 0) return spec.local.name;
        if (spec.type === AST_NODE_TYPES.ImportNamespaceSpecifier) return `${spec.local.name}.${exportName}`;
      }
    }
    if (statement.type === AST_NODE_TYPES.VariableDeclaration) {
      for (const declarator of statement.declarations) {
        if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.init) {
          const ref = resolveReference(context, declarator.id);
          if (ref && ref.module === target && isExportOf(ref, target, exportName)) {
            // `require()` of an ESM-only package gives its namespace, not its default export.
            const esmOnly = findPackage(context.filename, target)?.esmOnly === true;
            if (ref.path.length === 0 && exportName === "default" && esmOnly) return `${declarator.id.name}.default`;
            return declarator.id.name;
          }
        }
      }
    }
  }
  return undefined;
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

/** Where a new top-level import goes: after the last import (or require), else after directives, else at the start. */
function insertionPoint(context: Context, kind: ModuleKind): { after?: TSESTree.Node; atStart: boolean } {
  const body = context.sourceCode.ast.body;
  const anchor =
    kind === "module"
      ? lastMatching(body, (statement) => statement.type === AST_NODE_TYPES.ImportDeclaration)
      : lastMatching(body, isRequireDeclaration);
  if (anchor) return { after: anchor, atStart: false };
  const directive = lastMatching(body, (statement) => statement.type === AST_NODE_TYPES.ExpressionStatement && typeof (statement as TSESTree.ExpressionStatement).directive === "string");
  if (directive) return { after: directive, atStart: false };
  return { atStart: true };
}

export interface ImportRequest {
  module: string;
  /** `"default"` or a named export. */
  exportName: string;
  /** The local name to bind (ignored when the file already binds the export). */
  localName: string;
}

export interface ImportPlan {
  /** The expression to use in code for the imported value. */
  name: string;
  /** The fix that adds the binding, or `undefined` when the file already has it. */
  fix: ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix) | undefined;
}

/** Plans the binding for `request`: reuse one the file has, or add an `import`/`require` in the file's style. */
export function planImport(context: Context, request: ImportRequest): ImportPlan {
  const existing = findExistingBinding(context, request.module, request.exportName);
  if (existing) return { name: existing, fix: undefined };
  const kind = getModuleKind(context);
  const { module, exportName, localName } = request;
  const quote = preferredQuote(context);
  const source = `${quote}${module}${quote}`;
  if (kind === "module") {
    const declaration = context.sourceCode.ast.body.find(
      (statement): statement is TSESTree.ImportDeclaration =>
        statement.type === AST_NODE_TYPES.ImportDeclaration && statement.importKind !== "type" && normalizeModule(statement.source.value) === normalizeModule(module),
    );
    if (declaration && !declaration.specifiers.some((spec) => spec.type === AST_NODE_TYPES.ImportNamespaceSpecifier)) {
      const hasDefault = declaration.specifiers.some((spec) => spec.type === AST_NODE_TYPES.ImportDefaultSpecifier);
      const named = declaration.specifiers.filter((spec): spec is TSESTree.ImportSpecifier => spec.type === AST_NODE_TYPES.ImportSpecifier);
      if (exportName === "default" && !hasDefault) {
        const importToken = context.sourceCode.getFirstToken(declaration)!;
        return { name: localName, fix: (fixer) => fixer.insertTextAfter(importToken, named.length > 0 ? ` ${localName},` : ` ${localName} from`) };
      }
      if (exportName !== "default" && named.length > 0) {
        const last = named.at(-1)!;
        const spec = exportName === localName ? exportName : `${exportName} as ${localName}`;
        return { name: localName, fix: (fixer) => fixer.insertTextAfter(last, `, ${spec}`) };
      }
    }
    const clause = exportName === "default" ? localName : `{ ${exportName === localName ? exportName : `${exportName} as ${localName}`} }`;
    return { name: localName, fix: insertStatement(context, kind, `import ${clause} from ${source};`) };
  }
  const esmOnly = findPackage(context.filename, module)?.esmOnly === true;
  let statement: string;
  if (exportName === "default") {
    statement = `const ${localName} = require(${source})${esmOnly ? ".default" : ""};`;
  } else {
    statement = `const { ${exportName === localName ? exportName : `${exportName}: ${localName}`} } = require(${source});`;
  }
  return { name: localName, fix: insertStatement(context, kind, statement) };
}

function preferredQuote(context: Context): string {
  const first = context.sourceCode.ast.tokens.find((token) => token.type === "String");
  return first?.value.startsWith("'") ? "'" : '"';
}

function insertStatement(context: Context, kind: ModuleKind, statement: string): (fixer: TSESLint.RuleFixer) => TSESLint.RuleFix {
  const point = insertionPoint(context, kind);
  return (fixer) => {
    if (point.after) return fixer.insertTextAfter(point.after, `\n${statement}`);
    // At the very top (below a hashbang): never between a doc comment and what it documents.
    const text = context.sourceCode.text;
    const hashbang = text.startsWith("#!") ? text.indexOf("\n") + 1 : 0;
    return fixer.insertTextBeforeRange([hashbang, hashbang], `${statement}\n\n`);
  };
}
