/**
 * Edit builders that put started promises under a limiter: wrap a callback as `(x) => limit(() => …)`,
 * declare `const limit = pLimit(N)` before the statement, or rewrite `Promise.all(xs.map(cb))` into
 * `pMap(xs, cb, { concurrency: N })`. Builders return `undefined` where the rewrite would not keep behaviour.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { findVariable, skipWrappers } from "../ast/syntax/imports.js";
import { type FunctionNode, getContainingStatement, isFunctionNode } from "../ast/syntax/functions.js";
import { getFreeName } from "./names.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type Fixer = TSESLint.RuleFixer;
type Fix = TSESLint.RuleFix;

function usesOwnThisOrArguments(sourceCode: Readonly<TSESLint.SourceCode>, fn: TSESTree.FunctionExpression): boolean {
  // Tokens of nested non-arrow functions are counted too: conservative, never unsafe.
  return sourceCode.getTokens(fn.body).some((token) => token.value === "this" || token.value === "arguments" || token.value === "super");
}

function paramsText(sourceCode: Readonly<TSESLint.SourceCode>, fn: FunctionNode): string {
  const first = fn.params[0];
  const last = fn.params.at(-1);
  if (!first || !last) return "()";
  return `(${sourceCode.text.slice(first.range[0], last.range[1])})`;
}

/** Parameters that the local function declaration or constant arrow `name` takes, or `undefined` if unseen. */
function localArity(context: Context, identifier: TSESTree.Identifier): number | undefined {
  const variable = findVariable(context, identifier);
  const def = variable?.defs[0];
  if (!def || variable?.defs.length !== 1) return undefined;
  let fn: TSESTree.Node | null | undefined;
  if (def.type === "FunctionName") fn = def.node;
  else if (def.type === "Variable" && def.node.init) fn = skipWrappers(def.node.init);
  if (!isFunctionNode(fn)) return undefined;
  return fn.params.some((param) => param.type === AST_NODE_TYPES.RestElement) ? undefined : fn.params.length;
}

/**
 * The text of `callback` rewritten so that each call runs through `limit`: `async (x) => { … }` becomes
 * `(x) => limit(async () => { … })`. `undefined` when that would change what the callback sees
 * (`this`, `arguments`, generators, type parameters, a function whose arity is unknown).
 */
export function wrapCallbackText(context: Context, callback: TSESTree.Expression, limit: string, maxArity: number): string | undefined {
  const sourceCode = context.sourceCode;
  const node = skipWrappers(callback);
  if (node.type === AST_NODE_TYPES.Identifier) {
    const arity = localArity(context, node);
    if (arity === undefined || arity > 1) return undefined;
    const item = getFreeName(sourceCode, "item", ["element", "entry"]);
    return arity === 0 ? `() => ${limit}(() => ${node.name}())` : `(${item}) => ${limit}(() => ${node.name}(${item}))`;
  }
  if (node.type !== AST_NODE_TYPES.ArrowFunctionExpression && node.type !== AST_NODE_TYPES.FunctionExpression) return undefined;
  if (node.generator || node.typeParameters || node.params.length > maxArity) return undefined;
  if (node.type === AST_NODE_TYPES.FunctionExpression && (node.id || usesOwnThisOrArguments(sourceCode, node))) return undefined;
  const returnType = node.returnType ? sourceCode.getText(node.returnType) : "";
  let body: string;
  if (node.type === AST_NODE_TYPES.ArrowFunctionExpression) {
    const arrow = sourceCode.getTokenBefore(node.body, (token) => token.value === "=>")!;
    body = sourceCode.text.slice(arrow.range[1], node.range[1]).trimStart();
  } else {
    body = sourceCode.getText(node.body);
  }
  return `${paramsText(sourceCode, node)} => ${limit}(${node.async ? "async " : ""}()${returnType} => ${body})`;
}

function indentation(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): string {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? "";
  return /^\s*/u.exec(line)?.[0] ?? "";
}

/**
 * Inserts `const <name> = <factory>(<concurrency>);` before `statement` and touches the whole block, so
 * that two such fixes in one block never apply in the same pass (the second picks a fresh name next pass).
 */
export function declareBefore(context: Context, fixer: Fixer, statement: TSESTree.Statement, declaration: string): Fix[] {
  const sourceCode = context.sourceCode;
  const container = statement.parent!;
  const lineStart = sourceCode.text.lastIndexOf("\n", statement.range[0] - 1) + 1;
  const startsLine = sourceCode.text.slice(lineStart, statement.range[0]).trim() === "";
  // On a line of its own: same indentation on a new line; sharing a line (`{ return … }`): a space.
  const separator = startsLine ? `\n${indentation(sourceCode, statement)}` : " ";
  const fixes = [fixer.insertTextBefore(statement, `${declaration}${separator}`)];
  const end = container.type === AST_NODE_TYPES.BlockStatement ? container.range[1] - 1 : container.range[1];
  fixes.push(fixer.insertTextAfterRange([end, end], ""));
  const start = container.type === AST_NODE_TYPES.BlockStatement ? container.range[0] + 1 : container.range[0];
  fixes.push(fixer.insertTextBeforeRange([start, start], ""));
  return fixes;
}

/**
 * Declares `declaration` where `anchor` can see it and applies `replacements`: before the
 * statement holding `anchor`, or, when `anchor` sits in an arrow's expression body, by turning that body
 * into a block (`(x) => { const limit = …; return …; }`). `undefined` when neither applies.
 */
export function declareAndReplace(
  context: Context,
  anchor: TSESTree.Node,
  declaration: string,
  replacements: readonly { target: TSESTree.Node; text: string }[],
): ((fixer: Fixer) => Fix[]) | undefined {
  const sourceCode = context.sourceCode;
  const statement = getContainingStatement(anchor);
  if (statement) {
    return (fixer) => [...declareBefore(context, fixer, statement, declaration), ...replacements.map(({ target, text }) => fixer.replaceText(target, text))];
  }
  let current: TSESTree.Node | undefined = anchor;
  while (current.parent && !(current.parent.type === AST_NODE_TYPES.ArrowFunctionExpression && current.parent.body === current)) {
    if (isFunctionNode(current.parent)) return undefined;
    current = current.parent;
  }
  const arrow = current.parent;
  if (arrow?.type !== AST_NODE_TYPES.ArrowFunctionExpression || arrow.body.type === AST_NODE_TYPES.BlockStatement) return undefined;
  const body = arrow.body;
  const open = sourceCode.getTokenBefore(body, (token) => token.value === "=>")!;
  // The body text with parentheses around it (`=> (…)`), and the target replaced inside it.
  const bodyStart = sourceCode.getTokenAfter(open)!.range[0];
  const bodyEnd = arrow.range[1];
  const original = sourceCode.text.slice(bodyStart, bodyEnd);
  let rewritten = original;
  for (const { target, text } of [...replacements].sort((a, b) => b.target.range[0] - a.target.range[0])) {
    rewritten = rewritten.slice(0, target.range[0] - bodyStart) + text + rewritten.slice(target.range[1] - bodyStart);
  }
  const indent = indentation(sourceCode, arrow);
  return (fixer) => [fixer.replaceTextRange([bodyStart, bodyEnd], `{\n${indent}  ${declaration}\n${indent}  return ${rewritten};\n${indent}}`)];
}

/** The callback's text for p-map (`(element, index)`), or `undefined` when it takes more than p-map passes. */
export function pMapCallbackText(context: Context, callback: TSESTree.Expression): string | undefined {
  const node = skipWrappers(callback);
  if (node.type === AST_NODE_TYPES.Identifier) {
    const arity = localArity(context, node);
    return arity !== undefined && arity <= 2 ? node.name : undefined;
  }
  if (!isFunctionNode(node) || node.params.length > 2 || node.params.some((param) => param.type === AST_NODE_TYPES.RestElement)) return undefined;
  return context.sourceCode.getText(callback);
}

/** A free local name for a limiter created by a fix. */
export function limiterName(context: Context, collection?: TSESTree.Node): string {
  // A second limiter in the file takes the name of what it bounds: `queriesLimit` for `queries.map(…)`.
  const node = collection && skipWrappers(collection);
  const name = node?.type === AST_NODE_TYPES.Identifier ? node.name : node?.type === AST_NODE_TYPES.MemberExpression && !node.computed && node.property.type === AST_NODE_TYPES.Identifier ? node.property.name : undefined;
  return getFreeName(context.sourceCode, "limit", name ? [`${name}Limit`, "innerLimit"] : ["innerLimit"]);
}

/** `true` when every comment inside `outer` is inside one of `kept` (so a rewrite built from their text loses none). */
export function keepsComments(context: Context, outer: TSESTree.Node, kept: readonly TSESTree.Node[]): boolean {
  return context.sourceCode
    .getCommentsInside(outer)
    .every((comment) => kept.some((node) => comment.range[0] >= node.range[0] && comment.range[1] <= node.range[1]));
}
