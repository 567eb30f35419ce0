/** The parts of an oxc-parser (ESTree) syntax tree that the project model reads, without types from the parser. */
import type { Operand } from "./modules.js";

export interface Node {
  type: string;
  start: number;
  [key: string]: unknown;
}

export function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && typeof (value as { type?: unknown }).type === "string";
}

export function children(node: Node): Node[] {
  const out: Node[] = [];
  for (const [key, value] of Object.entries(node)) {
    if (key === "parent" || key === "typeAnnotation" || key === "returnType" || key === "typeParameters" || key === "decorators") continue;
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) out.push(item);
    } else if (isNode(value)) out.push(value);
  }
  return out;
}

export const WRAPPERS = new Set(["TSAsExpression", "TSNonNullExpression", "TSSatisfiesExpression", "TSTypeAssertion", "ParenthesizedExpression", "ChainExpression"]);

export function unwrap(node: Node): Node {
  let current = node;
  while (WRAPPERS.has(current.type)) current = current.expression as Node;
  return current;
}

export function stringValue(node: unknown): string | undefined {
  if (!isNode(node)) return undefined;
  if (node.type === "Literal" && typeof node.value === "string") return node.value;
  if (node.type === "TemplateLiteral" && (node.expressions as unknown[]).length === 0) return ((node.quasis as Node[])[0]?.value as { cooked?: string })?.cooked;
  return undefined;
}

export function keyName(property: Node): string | undefined {
  const key = property.key as Node;
  if (!property.computed && key.type === "Identifier") return key.name as string;
  return stringValue(key);
}

/** `a.b.c` → `{ base: "a", path: ["b", "c"] }`; `this.x` → base `this`; anything else `undefined`. */
export function operandOf(node: Node): Operand | undefined {
  const path: string[] = [];
  let current = unwrap(node);
  while (current.type === "MemberExpression") {
    const property = current.property as Node;
    const name = current.computed ? stringValue(property) : property.type === "Identifier" ? (property.name as string) : property.type === "PrivateIdentifier" ? `#${property.name as string}` : undefined;
    if (name === undefined) return undefined;
    path.unshift(name);
    current = unwrap(current.object as Node);
  }
  if (current.type === "Identifier") return { base: current.name as string, path };
  if (current.type === "ThisExpression") return { base: "this", path };
  return undefined;
}


/** The names a binding pattern declares. */
export function patternNames(pattern: Node | undefined, out: Set<string>): void {
  if (!pattern) return;
  if (pattern.type === "Identifier") out.add(pattern.name as string);
  else if (pattern.type === "ObjectPattern") for (const property of pattern.properties as Node[]) patternNames((property.type === "RestElement" ? property.argument : property.value) as Node, out);
  else if (pattern.type === "ArrayPattern") for (const element of pattern.elements as (Node | null)[]) patternNames(element ?? undefined, out);
  else if (pattern.type === "AssignmentPattern") patternNames(pattern.left as Node, out);
  else if (pattern.type === "RestElement") patternNames(pattern.argument as Node, out);
}

