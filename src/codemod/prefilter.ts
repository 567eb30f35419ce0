/**
 * A cheap text pre-filter: a file is parsed only when its text contains a word that every finding of at
 * least one selected rule needs (the global or module name the rule resolves its calls through). It can
 * only skip, never miss: a rule without an entry here makes every file pass, and a file that passes is
 * linted with all selected rules (so a fix that introduces another rule's pattern is still seen).
 */

/**
 * Per rule id, words of which at least one occurs in the text of any file the rule reports. Derive them
 * from what the rule resolves: a global (`Promise`) or the modules it matches (their names appear in the
 * import or `require`). Keep them short and case-sensitive; when unsure, leave the rule out.
 */
export const PREFILTER_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  // `Promise.all` & co. are resolved to the global `Promise`; any alias still names it.
  "no-unbounded-promise-all": ["Promise"],
};

/** `true` when `text` may hold a finding of `ruleId`. */
export function mayMatchRule(text: string, ruleId: string): boolean {
  const keywords = PREFILTER_KEYWORDS[ruleId];
  if (!keywords) return true;
  return keywords.some((keyword) => text.includes(keyword));
}

/** `true` when `text` may hold a finding of any of `ruleIds`. */
export function mayMatch(text: string, ruleIds: readonly string[]): boolean {
  return ruleIds.some((ruleId) => mayMatchRule(text, ruleId));
}
