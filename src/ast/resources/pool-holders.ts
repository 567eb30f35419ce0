/**
 * Who holds a resource taken from a pool: the local variable it is declared or assigned into (a `let`
 * declared in the same function counts; one declared outside is a hand-off), or, for the callback form
 * (`pool.connect((err, client, done) => …)`), the callback's parameters, whose `if (err)` branch holds
 * nothing.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { getEnclosingFunction } from "../syntax/functions.js";
import { skipWrappers } from "../syntax/imports.js";
import type { AcquireSite } from "./pools.js";
import type { ReleasePoint, RootNode } from "./release-paths.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type Variable = TSESLint.Scope.Variable;

export function programOf(node: TSESTree.Node): TSESTree.Program {
  let current = node;
  while (current.parent) current = current.parent;
  return current as TSESTree.Program;
}

function isNullish(node: TSESTree.Node): boolean {
  const value = skipWrappers(node);
  return (value.type === AST_NODE_TYPES.Literal && value.value === null) || (value.type === AST_NODE_TYPES.Identifier && value.name === "undefined");
}

/** The variable that holds the resource, where it is declared, and the statement that declares it. */
export interface Holder {
  variable: Variable;
  root: RootNode;
  declaration?: TSESTree.VariableDeclaration;
}

export function findHolder(context: Context, site: AcquireSite, sites: ReadonlySet<TSESTree.Node>): Holder | "discarded" | undefined {
  const value = site.value;
  const parent = value.parent;
  const root = getEnclosingFunction(value) ?? programOf(value);
  let variable: Variable | undefined;
  let declaration: TSESTree.VariableDeclaration | undefined;
  if (parent?.type === AST_NODE_TYPES.ExpressionStatement) return "discarded";
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === value && parent.id.type === AST_NODE_TYPES.Identifier) {
    variable = context.sourceCode.getDeclaredVariables(parent)[0];
    if (parent.parent.kind !== "var") declaration = parent.parent;
  } else if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.operator === "=" && parent.right === value && parent.left.type === AST_NODE_TYPES.Identifier) {
    const reference = context.sourceCode.getScope(parent.left).references.find((item) => item.identifier === parent.left);
    variable = reference?.resolved ?? undefined;
    const declared = variable?.defs[0]?.name;
    if (!declared || (getEnclosingFunction(declared) ?? programOf(declared)) !== root) return undefined;
  }
  if (!variable || variable.defs.length !== 1) return undefined;
  const writesKnown = variable.references.every((reference) => {
    if (!reference.isWrite() || reference.init) return true;
    const write = reference.identifier.parent;
    return write?.type === AST_NODE_TYPES.AssignmentExpression && write.operator === "=" && (isNullish(write.right) || sites.has(write.right));
  });
  return writesKnown ? { variable, root, declaration } : undefined;
}

/** `if (err) …`: the branch where the callback got no resource counts as released. */
export function errorBranches(callback: NonNullable<AcquireSite["callback"]>): ReleasePoint[] {
  const error = callback.params[0];
  if (error?.type !== AST_NODE_TYPES.Identifier || callback.body.type !== AST_NODE_TYPES.BlockStatement) return [];
  const points: ReleasePoint[] = [];
  for (const statement of callback.body.body) {
    if (statement.type !== AST_NODE_TYPES.IfStatement) continue;
    const test = skipWrappers(statement.test);
    if (test.type === AST_NODE_TYPES.Identifier && test.name === error.name) points.push({ node: statement.consequent, at: statement.consequent.range[0] });
    if (test.type === AST_NODE_TYPES.UnaryExpression && test.operator === "!" && test.argument.type === AST_NODE_TYPES.Identifier && test.argument.name === error.name && statement.alternate) {
      points.push({ node: statement.alternate, at: statement.alternate.range[0] });
    }
  }
  return points;
}


const LISTEN = /^\s*LISTEN\s/iu;

/** The text a query starts with, when it is written in place: a string literal or a template's first part. */
function queryText(node: TSESTree.Node | undefined): string | undefined {
  const value = node && skipWrappers(node);
  if (value?.type === AST_NODE_TYPES.Literal && typeof value.value === "string") return value.value;
  if (value?.type === AST_NODE_TYPES.TemplateLiteral) return value.quasis[0]?.value.cooked ?? undefined;
  return undefined;
}

/**
 * `client.query("LISTEN jobs")`: the client is taken to wait for notifications for as long as the process
 * runs. Holding it is the point; it goes back on shutdown, not at the end of the function.
 */
export function isHeldForNotifications(variable: Variable): boolean {
  return variable.references.some((reference) => {
    const member = reference.identifier.parent;
    if (member?.type !== AST_NODE_TYPES.MemberExpression || member.object !== reference.identifier) return false;
    const call = member.parent;
    if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member || member.property.type !== AST_NODE_TYPES.Identifier || member.property.name !== "query") return false;
    const first = call.arguments[0];
    const text = first?.type === AST_NODE_TYPES.ObjectExpression ? undefined : queryText(first);
    return text !== undefined && LISTEN.test(text);
  });
}
