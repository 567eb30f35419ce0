/** Generic AST traversal: the one place that walks child nodes by key. */
import type { TSESTree } from "@typescript-eslint/utils";

/** Children of an AST node (without `parent`). */
export function childNodes(node: TSESTree.Node): TSESTree.Node[] {
  const children: TSESTree.Node[] = [];
  for (const key of Object.keys(node)) {
    if (key === "parent") continue;
    const value = (node as unknown as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof item === "object" && "type" in item) children.push(item as TSESTree.Node);
    } else if (value && typeof value === "object" && "type" in value) {
      children.push(value as TSESTree.Node);
    }
  }
  return children;
}

/** Visits `root` and every node below it, depth first; `visit` returning `false` skips that node's children. */
export function walk(root: TSESTree.Node, visit: (node: TSESTree.Node) => boolean | void): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (visit(node) === false) continue;
    stack.push(...childNodes(node));
  }
}
