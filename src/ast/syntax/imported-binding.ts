/**
 * A name bound by a named import or a top-level destructured `require`, and the places that use it: what a
 * fix needs to know before it takes the name out of the file (src/fix/remove-binding.ts).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { findVariable } from "./imports.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** An imported name: the specifier (or destructured property) and the statement that holds it. */
export interface ImportedBinding {
  variable: TSESLint.Scope.Variable;
  /** `execSync` in `import { execSync } …` or `const { execSync } = require(…)`. */
  item: TSESTree.ImportSpecifier | TSESTree.Property;
  /** The other names the statement binds, in order, with `item` among them. */
  items: readonly (TSESTree.ImportSpecifier | TSESTree.Property)[];
  statement: TSESTree.ImportDeclaration | TSESTree.VariableDeclaration;
  /** `import def, { x }`: the statement binds a name outside the braces. */
  hasOtherClause: boolean;
}

/** The named import or top-level destructured `require` that `identifier` refers to, if it is one. */
export function getImportedBinding(context: Context, identifier: TSESTree.Identifier): ImportedBinding | undefined {
  const variable = findVariable(context, identifier);
  const definition = variable?.defs.length === 1 ? variable.defs[0] : undefined;
  if (!variable || !definition) return undefined;
  if (definition.type === "ImportBinding" && definition.node.type === AST_NODE_TYPES.ImportSpecifier) {
    const statement = definition.node.parent as TSESTree.ImportDeclaration;
    if (statement.importKind === "type" || definition.node.importKind === "type") return undefined;
    const items = statement.specifiers.filter((spec): spec is TSESTree.ImportSpecifier => spec.type === AST_NODE_TYPES.ImportSpecifier);
    return { variable, item: definition.node, items, statement, hasOtherClause: items.length !== statement.specifiers.length };
  }
  if (definition.type !== "Variable" || definition.node.id.type !== AST_NODE_TYPES.ObjectPattern) return undefined;
  const statement = definition.parent as TSESTree.VariableDeclaration;
  const init = definition.node.init;
  if (statement.parent?.type !== AST_NODE_TYPES.Program || statement.declarations.length !== 1 || init?.type !== AST_NODE_TYPES.CallExpression) return undefined;
  if (init.callee.type !== AST_NODE_TYPES.Identifier || init.callee.name !== "require") return undefined;
  const items = definition.node.id.properties;
  if (items.some((property) => property.type !== AST_NODE_TYPES.Property)) return undefined;
  const item = (items as TSESTree.Property[]).find((property) => property.value.type === AST_NODE_TYPES.Identifier && property.value.name === identifier.name);
  if (!item || item.computed) return undefined;
  return { variable, item, items: items as TSESTree.Property[], statement, hasOtherClause: false };
}

/** The references to the binding other than its own declaration. */
export function usesOf(binding: ImportedBinding): TSESTree.Identifier[] {
  const [start, end] = binding.statement.range;
  return binding.variable.references
    .map((reference) => reference.identifier as TSESTree.Identifier)
    .filter((identifier) => identifier.range[0] < start || identifier.range[0] >= end)
    .sort((a, b) => a.range[0] - b.range[0]);
}
