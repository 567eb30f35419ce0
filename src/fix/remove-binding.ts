/**
 * Taking an imported name out of the file when a fix replaced its last use: `readFileSync` leaves
 * `import { readFileSync, writeFileSync } from "node:fs"`, and `import { execSync } from "node:child_process"`
 * becomes `import { exec } from "node:child_process"` when the fix brings in `exec` from the same module.
 * Only named imports and destructured top-level `require`s are touched, and never where a comment would go.
 */
import type { TSESLint } from "@typescript-eslint/utils";
import type { ImportedBinding } from "../ast/syntax/imported-binding.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type Fix = TSESLint.RuleFix;

interface Removal {
  range: [number, number];
  /** The whole statement goes (it bound nothing else). */
  whole: boolean;
}

function removal(context: Context, binding: ImportedBinding): Removal | undefined {
  const { item, items, statement } = binding;
  const text = context.sourceCode.text;
  if (items.length === 1 && !binding.hasOtherClause) {
    const end = text[statement.range[1]] === "\n" ? statement.range[1] + 1 : statement.range[1];
    const range: [number, number] = [statement.range[0], end];
    return context.sourceCode.getCommentsInside(statement).length > 0 ? undefined : { range, whole: true };
  }
  const index = items.indexOf(item);
  let range: [number, number];
  if (index < items.length - 1) range = [item.range[0], items[index + 1]!.range[0]];
  else if (index > 0) range = [items[index - 1]!.range[1], item.range[1]];
  else {
    // `import def, { x } from …`: the braces go with the name.
    const open = context.sourceCode.getTokenBefore(item)!;
    const close = context.sourceCode.getTokenAfter(item, { filter: (token) => token.value === "}" })!;
    range = [context.sourceCode.getTokenBefore(open)!.range[1], close.range[1]];
  }
  const commented = context.sourceCode.ast.comments.some((comment) => comment.range[0] >= range[0] && comment.range[1] <= range[1]);
  return commented ? undefined : { range, whole: false };
}

/**
 * `edits` plus the edits that remove `binding` from its statement, merged where they meet: a name the fix
 * adds to that statement replaces it in place, and a new statement inserted right after a removed one takes
 * its place. Where the edits would overlap in any other way, `edits` alone (the name stays).
 */
export function withBindingRemoved(context: Context, fixer: TSESLint.RuleFixer, edits: readonly Fix[], binding: ImportedBinding): Fix[] {
  const gone = removal(context, binding);
  if (!gone) return [...edits];
  const { item, items } = binding;
  // A name the fix adds to the same statement (after its last name) takes the old one's place:
  // `import { execSync, spawn }` + `exec` becomes `import { exec, spawn }`.
  const last = items.at(-1)!;
  const added = (edit: Fix): string | undefined => (edit.range[0] === last.range[1] && edit.range[1] === edit.range[0] ? /^,\s*([^,]+)$/u.exec(edit.text)?.[1]?.trim() : undefined);
  const rename = edits.find((edit) => added(edit) !== undefined);
  if (rename) {
    const rest = edits.filter((edit) => edit !== rename);
    if (rest.every((edit) => edit.range[1] <= item.range[0] || edit.range[0] >= item.range[1])) return [...rest, fixer.replaceText(item, added(rename)!)];
  }
  // ESLint merges a report's edits only when none overlaps the next (an insertion at either end is fine).
  const touching = edits.filter((edit) => edit.range[0] < gone.range[1] && edit.range[1] > gone.range[0]);
  const others = edits.filter((edit) => !touching.includes(edit));
  if (touching.length === 0) return [...edits, fixer.removeRange(gone.range)];
  const statementEnd = binding.statement.range[1];
  if (gone.whole && touching.every((edit) => edit.range[0] === statementEnd && edit.range[1] === statementEnd && edit.text.startsWith("\n"))) {
    // `import { readFileSync } from "node:fs";` followed by the new `import { readFile } from "node:fs/promises";`.
    return [...others, fixer.replaceTextRange(binding.statement.range, touching.map((edit) => edit.text).join("").slice(1))];
  }
  return [...edits];
}

/** What a fix function returned, as a list of edits. */
export function editsOf(result: Fix | Iterable<Fix> | null): Fix[] {
  if (!result) return [];
  return "range" in result ? [result as Fix] : [...(result as Iterable<Fix>)];
}
