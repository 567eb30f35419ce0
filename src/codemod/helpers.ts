/**
 * The limiter goes where the fan-out is. `no-unbounded-promise-all` reports `notifyAll(rows)` at the call
 * (`helperFansOut`): the helper, perhaps in another module, starts one task per element of what it is
 * given, and this call gives it a collection that grows. The fix belongs inside the helper, so after
 * every file has had its own fixes, the codemod lints each such helper's file with the rule's wide net
 * (`checkUnknownWork`, which reports a fan-out over a parameter) and applies the one fix at the fan-out the
 * finding names, when the rule offers it as a fix that keeps behaviour. A helper outside the given paths,
 * a line that no longer holds that fan-out, or a fix that is only a suggestion leaves both files as they
 * are and the finding open.
 */
import path from "node:path";
import type { Linter } from "eslint";
import { applyFixes, type Engine } from "./engine.js";

const RULE = "no-unbounded-promise-all";
const WHERE = /^`[^`]*\(\)` \((?:line (\d+)|(.+):(\d+))\) starts /u;

export interface HelperTarget {
  /** The helper's file (absolute). */
  file: string;
  /** The line of its fan-out, in the text the finding was made on. */
  line: number;
}

/** Where a `helperFansOut` finding (`ruleId` without the plugin's prefix) made in `file` says the helper's fan-out is. */
export function helperTarget(finding: { ruleId: string; messageId?: string | null; message: string }, file: string): HelperTarget | undefined {
  if (finding.ruleId !== RULE || finding.messageId !== "helperFansOut") return undefined;
  const match = WHERE.exec(finding.message);
  if (!match) return undefined;
  if (match[1] !== undefined) return { file, line: Number(match[1]) };
  return { file: path.resolve(path.dirname(file), match[2]!), line: Number(match[3]) };
}

/**
 * Bounds the fan-out that `lineText` (the fan-out's line as the finding saw it, trimmed) holds in
 * `current`, the helper file's text now: the rule's own fix, found by the line's text since earlier fixes
 * may have moved it. `undefined` when there is not exactly one such fix.
 */
export function fixHelperFanOut(engine: Engine, file: string, current: string, lineText: string): { output: string; message: Linter.LintMessage } | undefined {
  const wide = engine.withOnly(RULE, { checkUnknownWork: true });
  const result = wide.lint(current, file);
  if (result.fatal) return undefined;
  const lines = current.split(/\r?\n/u);
  const matches = result.messages.filter(
    (message) => message.fix && (message.messageId === "unboundedCollection" || message.messageId === "unboundedPushLoop") && lines[message.line - 1]?.trim() === lineText,
  );
  if (matches.length !== 1) return undefined;
  const { output, applied } = applyFixes(current, matches);
  return applied.length === 1 ? { output, message: matches[0]! } : undefined;
}
