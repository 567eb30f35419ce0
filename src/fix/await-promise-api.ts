/**
 * Rewriting a blocking call into its promise twin: `fs.readFileSync(p, "utf8")` → `await readFile(p, "utf8")`,
 * importing `readFile` from `node:fs/promises` in the file's own module style, with parentheses where `await`
 * would bind differently (`(await readFile(p)).toString()`).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import type { FunctionNode } from "../ast/syntax/functions.js";
import { isInside } from "../ast/syntax/functions.js";
import { skipWrappers } from "../ast/syntax/imports.js";
import { planImport } from "./imports.js";
import { getTypeServices } from "../util/type-services.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** `true` when `await <call>` can stand where `call` stands without parentheses. */
export function awaitFitsBare(call: TSESTree.CallExpression): boolean {
  const parent = call.parent;
  switch (parent?.type) {
    case AST_NODE_TYPES.ExpressionStatement:
    case AST_NODE_TYPES.VariableDeclarator:
    case AST_NODE_TYPES.ReturnStatement:
    case AST_NODE_TYPES.ArrowFunctionExpression:
    case AST_NODE_TYPES.ArrayExpression:
    case AST_NODE_TYPES.Property:
    case AST_NODE_TYPES.TemplateLiteral:
    case AST_NODE_TYPES.SpreadElement:
    case AST_NODE_TYPES.ConditionalExpression:
    case AST_NODE_TYPES.LogicalExpression:
    case AST_NODE_TYPES.TSAsExpression:
    case AST_NODE_TYPES.TSSatisfiesExpression:
    case AST_NODE_TYPES.ThrowStatement:
    case AST_NODE_TYPES.IfStatement:
    case AST_NODE_TYPES.SwitchStatement:
    case AST_NODE_TYPES.ForOfStatement:
    case AST_NODE_TYPES.UnaryExpression:
    case AST_NODE_TYPES.JSXExpressionContainer:
      return true;
    case AST_NODE_TYPES.AssignmentExpression:
      return parent.right === call;
    case AST_NODE_TYPES.BinaryExpression:
      return parent.operator !== "**";
    case AST_NODE_TYPES.CallExpression:
    case AST_NODE_TYPES.NewExpression:
      return parent.callee !== call;
    case AST_NODE_TYPES.MemberExpression:
      return parent.object !== call;
    default:
      return false;
  }
}

/** `readFileSync(fd)`: `node:fs/promises` takes a `FileHandle`, not a numeric descriptor. */
function mayBeDescriptor(context: Context, node: TSESTree.Node | undefined): boolean {
  if (!node) return false;
  const expression = skipWrappers(node);
  if (expression.type === AST_NODE_TYPES.Literal) return typeof expression.value === "number";
  if (expression.type === AST_NODE_TYPES.Identifier && /^fd$|fd$|Fd$|descriptor/iu.test(expression.name)) return true;
  const services = getTypeServices(context);
  if (!services) return false;
  const type = services.getTypeAtLocation(expression);
  return (type.flags & 296) !== 0; // Number | NumberLiteral | Enum
}

/** `statSync(p, { throwIfNoEntry: false })` returns `undefined` where `stat` rejects. */
function setsThrowIfNoEntry(context: Context, node: TSESTree.Node | undefined): boolean {
  return node !== undefined && /\bthrowIfNoEntry\b/u.test(context.sourceCode.getText(node));
}

/**
 * `true` when `call`'s callee can be replaced by `await <twin>` in place: not an optional call, not in a parameter
 * default (no `await` there), no spread arguments (the twin's arity is checked), no comment or type arguments on
 * the callee that the replacement would drop or misplace.
 */
export function canAwaitInPlace(context: Context, call: TSESTree.CallExpression, fn: FunctionNode): boolean {
  if (call.optional || call.parent?.type === AST_NODE_TYPES.ChainExpression) return false;
  if (fn.params.some((param) => isInside(call, param))) return false;
  if (call.arguments.some((argument) => argument.type === AST_NODE_TYPES.SpreadElement)) return false;
  if (call.typeArguments) return false;
  return context.sourceCode.getCommentsInside(call.callee).length === 0;
}

/**
 * The fix that turns `call` (in `fn`'s own body) into `await <promiseName>(…)`, or `undefined` where that
 * would not keep the arguments' meaning or where `await` is not allowed.
 */
export function buildAwaitFix(context: Context, call: TSESTree.CallExpression, fn: FunctionNode, promiseName: string): TSESLint.ReportFixFunction | undefined {
  if (!canAwaitInPlace(context, call, fn)) return undefined;
  if (mayBeDescriptor(context, call.arguments[0])) return undefined;
  if ((promiseName === "stat" || promiseName === "lstat") && call.arguments.length > 1) {
    const options = call.arguments[1]!;
    if (options.type !== AST_NODE_TYPES.ObjectExpression || setsThrowIfNoEntry(context, options)) return undefined;
  }
  const plan = planImport(context, { module: "node:fs/promises", exportName: promiseName, at: call });
  const bare = awaitFitsBare(call);
  return (fixer) => [
    ...(plan.fix ? [plan.fix(fixer)] : []),
    fixer.replaceText(call.callee, `${bare ? "await" : "(await"} ${plan.name}`),
    ...(bare ? [] : [fixer.insertTextAfter(call, ")")]),
  ];
}
