/**
 * Adding a bound to a call: `signal: AbortSignal.timeout(ms)`, `timeout: ms`, got's `timeout: { request: ms }`
 * or `connectionTimeoutMillis: ms`, into the existing options literal or as a new options argument (before a
 * trailing callback, after the URL or data).
 */
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import type { BoundKind, TimeoutTarget } from "../ast/timeouts.js";
import { appendArgument, insertProperty } from "./object-property.js";

type SourceCode = Readonly<TSESLint.SourceCode>;

/** The property text a fix adds for `bound`, with `ms` milliseconds. */
export function boundPropertyText(bound: BoundKind, ms: number): string {
  switch (bound.kind) {
    case "signal":
      return `signal: AbortSignal.timeout(${ms})`;
    case "got":
      return `timeout: { request: ${ms} }`;
    default:
      return `${bound.property}: ${ms}`;
  }
}

/** Inserts `text` as argument `index` of `call`, moving the argument there (a callback) and the ones after it right. */
export function insertArgument(sourceCode: SourceCode, fixer: TSESLint.RuleFixer, call: TSESTree.CallExpression | TSESTree.NewExpression, index: number, text: string): TSESLint.RuleFix {
  const current = call.arguments[index];
  if (!current) return appendArgument(sourceCode, fixer, call, index, text);
  if (current.type === "Identifier" && current.name === "undefined") return fixer.replaceText(current, text);
  return fixer.insertTextBefore(current, `${text}, `);
}

/** The edit that bounds `call` as `target` describes. */
export function addBound(sourceCode: SourceCode, fixer: TSESLint.RuleFixer, call: TSESTree.CallExpression | TSESTree.NewExpression, target: TimeoutTarget, ms: number): TSESLint.RuleFix {
  const property = boundPropertyText(target.bound, ms);
  if (target.options) return insertProperty(sourceCode, fixer, target.options, property);
  return insertArgument(sourceCode, fixer, call, target.index, `{ ${property} }`);
}
