/**
 * What a function does with a resource it is given (a pooled client, a connection): `releases` it on
 * every path (`client.release()` as a statement of the body, or in the body's `finally`), only `uses`
 * it (calls its methods, reads its fields), or something the summary cannot follow (`unknown`: hands it
 * on, returns or stores it, releases it on some paths only). A caller that hands its client to a helper
 * that only uses it still owns it, and must release it itself.
 */
import { children, isNode, type Node, patternNames, unwrap } from "./oxc-ast.js";

export type ParameterUse = "releases" | "uses" | "unknown";

/** The methods that give a pooled resource back or close it (`client.release()`, `conn.end()`). */
export const RELEASE_METHODS: ReadonlySet<string> = new Set(["release", "done", "end", "close", "destroy"]);
const FUNCTIONS = new Set(["ArrowFunctionExpression", "FunctionExpression", "FunctionDeclaration"]);

/** The statements that run on every path of `body`: its own top-level statements and its `finally` blocks' top-level statements. */
function alwaysRun(body: Node): Set<Node> {
  const always = new Set<Node>();
  for (const statement of (body.body as Node[]) ?? []) {
    always.add(statement);
    if (statement.type === "TryStatement" && isNode(statement.finalizer)) for (const inner of (statement.finalizer.body as Node[]) ?? []) always.add(inner);
  }
  return always;
}

function mentions(node: Node, name: string): boolean {
  if (node.type === "Identifier" && node.name === name) return true;
  return children(node).some((child) => mentions(child, name));
}

function useOf(fn: Node, name: string): ParameterUse {
  const body = fn.body as Node | undefined;
  if (!body) return "unknown";
  if (body.type !== "BlockStatement") return "unknown";
  const always = alwaysRun(body);
  let releases = false;
  let unknown = false;
  const visit = (node: Node, parent: Node | undefined, statement: Node | undefined): void => {
    if (unknown) return;
    if (FUNCTIONS.has(node.type)) {
      const declared = new Set<string>();
      for (const param of (node.params as Node[]) ?? []) patternNames(param, declared);
      // A callback that uses the resource may run later, or not at all: only a callback that never names it is clear.
      if (!declared.has(name) && mentions(node, name)) unknown = true;
      return;
    }
    if (node.type === "VariableDeclarator") {
      const declared = new Set<string>();
      patternNames(node.id as Node, declared);
      if (declared.has(name)) unknown = true;
    }
    if (node.type === "Identifier" && node.name === name && parent) {
      if (parent.type === "MemberExpression" && parent.object === node) {
        const property = parent.property as Node;
        const method = !parent.computed && property.type === "Identifier" ? (property.name as string) : undefined;
        if (method !== undefined && RELEASE_METHODS.has(method)) {
          // `client.release()` as a statement that always runs; any other release is on some paths only.
          if (statement && always.has(statement) && statement.type === "ExpressionStatement" && unwrap(statement.expression as Node).type === "CallExpression") releases = true;
          else unknown = true;
        }
        return;
      }
      if (parent.type === "MemberExpression" && parent.property === node && !parent.computed) return;
      if (parent.type === "Property" && parent.key === node && !parent.computed && parent.value !== node) return;
      unknown = true;
      return;
    }
    for (const child of children(node)) visit(child, node, always.has(child) ? child : statement);
  };
  for (const statement of (body.body as Node[]) ?? []) visit(statement, body, statement);
  if (unknown) return "unknown";
  return releases ? "releases" : "uses";
}

/** What `fn` does with each of its parameters (a plain name; anything else is `unknown`). */
export function parameterUses(fn: Node): ParameterUse[] {
  return ((fn.params as Node[]) ?? []).map((param) => (param.type === "Identifier" ? useOf(fn, param.name as string) : "unknown"));
}
