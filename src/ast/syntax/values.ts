/**
 * Where a receiver's value comes from: the initialiser of a constant, the value assigned to a class field
 * (`this.pool = new Pool()`, a field initialiser, a constructor parameter property), or a declared type
 * (`pool: Pool`). Rules use it to tell a p-queue from any other object with an `add` method, a pg `Pool`
 * from anything with a `connect` method.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { childNodes } from "./traverse.js";
import { type ImportRef, findVariable, getKeyName, getPropertyName, isExportOf, isNeverReassigned, resolveReference, skipWrappers } from "./imports.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** One way a value may have been produced: an expression that created it, or a type it was declared with. */
export type ValueOrigin =
  | { kind: "expression"; node: TSESTree.Expression }
  | { kind: "type"; node: TSESTree.TypeNode };

function unwrapAwait(node: TSESTree.Expression): TSESTree.Expression {
  let current = skipWrappers(node) as TSESTree.Expression;
  while (current.type === AST_NODE_TYPES.AwaitExpression) current = skipWrappers(current.argument) as TSESTree.Expression;
  return current;
}

function enclosingClass(node: TSESTree.Node): TSESTree.ClassDeclaration | TSESTree.ClassExpression | undefined {
  let current: TSESTree.Node | undefined = node.parent;
  while (current) {
    if (current.type === AST_NODE_TYPES.ClassBody) return current.parent;
    current = current.parent;
  }
  return undefined;
}

function classFieldOrigins(classNode: TSESTree.ClassDeclaration | TSESTree.ClassExpression, field: string): ValueOrigin[] {
  const origins: ValueOrigin[] = [];
  for (const member of classNode.body.body) {
    if (member.type === AST_NODE_TYPES.PropertyDefinition && !member.static && getKeyName(member) === field) {
      if (member.value) origins.push({ kind: "expression", node: member.value });
      if (member.typeAnnotation) origins.push({ kind: "type", node: member.typeAnnotation.typeAnnotation });
    }
    if (member.type === AST_NODE_TYPES.MethodDefinition && member.kind === "constructor") {
      for (const param of member.value.params) {
        if (param.type === AST_NODE_TYPES.TSParameterProperty) {
          const inner = param.parameter.type === AST_NODE_TYPES.AssignmentPattern ? param.parameter.left : param.parameter;
          if (inner.type === AST_NODE_TYPES.Identifier && inner.name === field && inner.typeAnnotation) {
            origins.push({ kind: "type", node: inner.typeAnnotation.typeAnnotation });
          }
        }
      }
    }
  }
  collectThisAssignments(classNode.body, field, origins);
  return origins;
}

/** Pushes the value of every `this.<field> = value` below `root` onto `origins`. */
export function collectThisAssignments(root: TSESTree.Node, field: string, origins: ValueOrigin[]): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (
      node.type === AST_NODE_TYPES.AssignmentExpression &&
      node.operator === "=" &&
      node.left.type === AST_NODE_TYPES.MemberExpression &&
      node.left.object.type === AST_NODE_TYPES.ThisExpression &&
      getPropertyName(node.left) === field
    ) {
      origins.push({ kind: "expression", node: node.right });
    }
    stack.push(...childNodes(node));
  }
}

/** Every origin that can be seen for the value of `node` (empty when none can). */
export function getValueOrigins(context: Context, node: TSESTree.Node): ValueOrigin[] {
  const expression = skipWrappers(node);
  if (expression.type === AST_NODE_TYPES.Identifier) {
    const variable = findVariable(context, expression);
    const def = variable?.defs[0];
    if (!variable || !def || variable.defs.length !== 1) return [];
    if (def.type === "Variable") {
      const origins: ValueOrigin[] = [];
      const declarator = def.node;
      if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.id.typeAnnotation) {
        origins.push({ kind: "type", node: declarator.id.typeAnnotation.typeAnnotation });
      }
      if (declarator.id.type === AST_NODE_TYPES.Identifier && declarator.init && isNeverReassigned(variable)) {
        origins.push({ kind: "expression", node: declarator.init });
      }
      return origins;
    }
    if (def.type === "Parameter") {
      const name = def.name;
      if (name.type === AST_NODE_TYPES.Identifier && name.typeAnnotation) {
        return [{ kind: "type", node: name.typeAnnotation.typeAnnotation }];
      }
    }
    return [];
  }
  if (expression.type === AST_NODE_TYPES.MemberExpression && expression.object.type === AST_NODE_TYPES.ThisExpression) {
    const field = getPropertyName(expression);
    const classNode = enclosingClass(expression);
    if (field === undefined || !classNode) return [];
    return classFieldOrigins(classNode, field);
  }
  return [];
}

/** A module export that creates a value: `{ module: "p-queue", name: "default" }`. */
export interface Creator {
  module: string | readonly string[];
  name: string;
}

/** `true` when `expression` is `new X(…)`/`X(…)`/`await X(…)`/`X.create(…)`-free call of one of `creators`. */
export function isCreationBy(context: Context, expression: TSESTree.Expression, creators: readonly Creator[]): boolean {
  const created = unwrapAwait(expression);
  if (created.type !== AST_NODE_TYPES.NewExpression && created.type !== AST_NODE_TYPES.CallExpression) return false;
  const ref = resolveReference(context, created.callee);
  return creators.some((creator) => isExportOf(ref, creator.module, creator.name));
}

function typeMatches(context: Context, type: TSESTree.TypeNode, creators: readonly Creator[]): boolean {
  if (type.type !== AST_NODE_TYPES.TSTypeReference) return false;
  const name = type.typeName;
  let ref: ImportRef | undefined;
  if (name.type === AST_NODE_TYPES.Identifier) {
    ref = resolveReference(context, name);
  } else if (name.type === AST_NODE_TYPES.TSQualifiedName && name.left.type === AST_NODE_TYPES.Identifier) {
    const base = resolveReference(context, name.left);
    ref = base ? { module: base.module, path: [...base.path, name.right.name] } : undefined;
  }
  return creators.some((creator) => isExportOf(ref, creator.module, creator.name));
}

/**
 * `true` when some origin of `node` shows it was created by one of `creators` (or declared with that
 * class as its type). Sees through constants, `this.x` fields and typed parameters.
 */
export function isValueFrom(context: Context, node: TSESTree.Node, creators: readonly Creator[]): boolean {
  return getValueOrigins(context, node).some((origin) =>
    origin.kind === "expression" ? isCreationBy(context, origin.node, creators) : typeMatches(context, origin.node, creators),
  );
}
