/**
 * Does an emitter visibly get an `error` listener? An `http.request` aborted by a `signal` emits `error` on the
 * request, which crashes the process when nothing listens: the timeout fix is unattended only where it is heard.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { findVariable, getPropertyName } from "../syntax/imports.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const LISTEN = new Set(["on", "once", "addListener", "prependListener", "prependOnceListener"]);
/** Emitter methods that return the emitter itself, so a chain goes on with it. */
const CHAINABLE = new Set([...LISTEN, "setTimeout", "setHeader", "setNoDelay", "setSocketKeepAlive", "end", "write"]);

/** `emitter.on("error", …)` where `member` is `emitter.on`. */
function isErrorListener(member: TSESTree.MemberExpression): boolean {
  const call = member.parent;
  if (call?.type !== AST_NODE_TYPES.CallExpression || call.callee !== member) return false;
  const [event] = call.arguments;
  return LISTEN.has(getPropertyName(member) ?? "") && event?.type === AST_NODE_TYPES.Literal && event.value === "error";
}

/**
 * `true` when the emitter `call` returns gets an `error` listener: chained on it
 * (`https.request(…).on("error", reject)`) or through the `const` it is stored in (`req.on("error", …)`).
 */
export function listensForErrors(context: Context, call: TSESTree.CallExpression): boolean {
  let node: TSESTree.Node = call;
  while (node.parent?.type === AST_NODE_TYPES.MemberExpression && node.parent.object === node && CHAINABLE.has(getPropertyName(node.parent) ?? "")) {
    if (isErrorListener(node.parent)) return true;
    const next: TSESTree.Node | undefined = node.parent.parent;
    if (next?.type !== AST_NODE_TYPES.CallExpression) return false;
    node = next;
  }
  const declarator = node.parent;
  if (declarator?.type !== AST_NODE_TYPES.VariableDeclarator || declarator.init !== node || declarator.id.type !== AST_NODE_TYPES.Identifier) return false;
  const variable = findVariable(context, declarator.id);
  return (variable?.references ?? []).some((reference) => {
    const member = reference.identifier.parent;
    return member?.type === AST_NODE_TYPES.MemberExpression && member.object === reference.identifier && isErrorListener(member);
  });
}
