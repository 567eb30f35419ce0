/**
 * Adding an option to a call: into the existing object literal (keeping its layout: one line stays one
 * line, a multi-line literal gets a new line at the same indentation) or as a new argument.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";

type SourceCode = Readonly<TSESLint.SourceCode>;

/** Inserts `property` (`"timeout: 10000"`) into `object`, after its last property. */
export function insertProperty(sourceCode: SourceCode, fixer: TSESLint.RuleFixer, object: TSESTree.ObjectExpression, property: string): TSESLint.RuleFix {
  const closing = sourceCode.getLastToken(object)!;
  const last = object.properties.at(-1);
  if (!last) {
    const inner = sourceCode.text.slice(object.range[0] + 1, closing.range[0]);
    return fixer.replaceTextRange([object.range[0], object.range[1]], inner.includes("\n") ? `{\n${indentOf(sourceCode, object)}  ${property},\n${indentOf(sourceCode, object)}}` : `{ ${property} }`);
  }
  const tokenAfter = sourceCode.getTokenAfter(last)!;
  const hasTrailingComma = tokenAfter.value === ",";
  const multiline = last.loc.start.line !== object.loc.start.line || closing.loc.start.line !== last.loc.end.line;
  if (multiline) {
    const indent = " ".repeat(last.loc.start.column);
    const anchor = hasTrailingComma ? tokenAfter : last;
    // `max: 10, // shared`: the comment stays with the property it describes.
    const comment = sourceCode.getCommentsAfter(anchor).find((candidate) => candidate.loc.start.line === anchor.loc.end.line);
    if (comment) {
      const between = sourceCode.text.slice(last.range[1], comment.range[1]);
      return fixer.replaceTextRange([last.range[1], comment.range[1]], `${hasTrailingComma ? "" : ","}${between}\n${indent}${property}${hasTrailingComma ? "," : ""}`);
    }
    return fixer.insertTextAfter(anchor, `${hasTrailingComma ? "" : ","}\n${indent}${property}${hasTrailingComma ? "," : ""}`);
  }
  return fixer.insertTextAfter(hasTrailingComma ? tokenAfter : last, `${hasTrailingComma ? " " : ", "}${property}`);
}

function indentOf(sourceCode: SourceCode, node: TSESTree.Node): string {
  const line = sourceCode.lines[node.loc.start.line - 1] ?? "";
  return /^\s*/u.exec(line)?.[0] ?? "";
}

/**
 * Sets argument `index` of `call` to `text`, when the call has fewer arguments: fills skipped positions
 * with `undefined` (`axios.post(url)` → `axios.post(url, undefined, { timeout: 10000 })`).
 */
export function appendArgument(sourceCode: SourceCode, fixer: TSESLint.RuleFixer, call: TSESTree.CallExpression | TSESTree.NewExpression, index: number, text: string): TSESLint.RuleFix {
  const args = call.arguments;
  const fillers = Array.from({ length: Math.max(0, index - args.length) }, () => "undefined");
  const values = [...fillers, text].join(", ");
  const closing = sourceCode.getLastToken(call)!;
  if (closing.value !== ")") {
    // `new Pool` without parentheses
    return fixer.insertTextAfter(call, `(${values})`);
  }
  const last = args.at(-1);
  if (!last) return fixer.insertTextBefore(closing, values);
  const tokenAfter = sourceCode.getTokenAfter(last)!;
  if (tokenAfter.value === ",") return fixer.insertTextAfter(tokenAfter, ` ${values}`);
  return fixer.insertTextAfter(last, `, ${values}`);
}

/** The object literal at argument `index`, `"absent"` when there is no such argument, or `"unknown"` (a variable, a spread). */
export function getOptionsArgument(call: TSESTree.CallExpression | TSESTree.NewExpression, index: number): TSESTree.ObjectExpression | "absent" | "unknown" {
  for (let position = 0; position <= index && position < call.arguments.length; position += 1) {
    if (call.arguments[position]!.type === AST_NODE_TYPES.SpreadElement) return "unknown";
  }
  const argument = call.arguments[index];
  if (!argument) return "absent";
  if (argument.type === AST_NODE_TYPES.ObjectExpression) return argument;
  if (argument.type === AST_NODE_TYPES.Identifier && argument.name === "undefined") return "absent";
  return "unknown";
}

/**
 * Whether an object literal sets `key`: `"yes"`, `"no"`, or `"unknown"` when a spread or computed key
 * could set it unseen.
 */
export function hasProperty(object: TSESTree.ObjectExpression, key: string): "yes" | "no" | "unknown" {
  let unknown = false;
  for (const property of object.properties) {
    if (property.type === AST_NODE_TYPES.SpreadElement) {
      unknown = true;
      continue;
    }
    if (property.computed) {
      if (property.key.type === AST_NODE_TYPES.Literal && property.key.value === key) return "yes";
      unknown = true;
      continue;
    }
    if (property.key.type === AST_NODE_TYPES.Identifier && property.key.name === key) return "yes";
    if (property.key.type === AST_NODE_TYPES.Literal && property.key.value === key) return "yes";
  }
  return unknown ? "unknown" : "no";
}
