/**
 * Adding a bound to a call: `signal: AbortSignal.timeout(ms)`, `timeout: ms`, got's
 * `timeout: { connect: ms, response: ms }` or `connectionTimeoutMillis: ms`, into the existing options literal or as
 * a new options argument (before a trailing callback, after the URL or data).
 */
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import type { BoundKind, TimeoutTarget } from "../ast/cost/timeouts.js";
import { appendArgument, insertProperty } from "./object-property.js";

type SourceCode = Readonly<TSESLint.SourceCode>;

/** The milliseconds a fix writes: `connectMs` for establishing or acquiring a connection, `timeoutMs` for waiting on an answer or the whole call. */
export interface BoundMilliseconds {
  connectMs: number;
  timeoutMs: number;
}

/** The property text a fix adds for `bound`. */
export function boundPropertyText(bound: BoundKind, ms: BoundMilliseconds): string {
  switch (bound.kind) {
    case "signal":
      return `signal: AbortSignal.timeout(${ms.timeoutMs})`;
    case "got":
      // Connect, then the time to the response headers: a long download or stream is not cut off.
      return `timeout: { connect: ${ms.connectMs}, response: ${ms.timeoutMs} }`;
    default:
      return `${bound.property}: ${bound.phase === "connect" ? ms.connectMs : ms.timeoutMs}`;
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
export function addBound(sourceCode: SourceCode, fixer: TSESLint.RuleFixer, call: TSESTree.CallExpression | TSESTree.NewExpression, target: TimeoutTarget, ms: BoundMilliseconds): TSESLint.RuleFix {
  const property = boundPropertyText(target.bound, ms);
  if (target.options) return insertProperty(sourceCode, fixer, target.options, property);
  return insertArgument(sourceCode, fixer, call, target.index, `{ ${property} }`);
}
