/** The codemod's programmatic API: `runCodemod(options)` (the CLI, the demo and the tests use it). */
export { runCodemod } from "./run.js";
export { formatSummary, createProgress } from "./summary.js";
export { unifiedDiff } from "./diff.js";
export { toJsonReport, toSarif } from "./report.js";
export { Engine, applyFixes, CODEMOD_MAX_PASSES, MAX_FIX_PASSES } from "./engine.js";
export { FLAG_TO_RULE_OPTION, parseLimiter, ruleOptionsFor, rulesWithFix, selectRules, CodemodUsageError } from "./options.js";
export { PREFILTER_KEYWORDS, mayMatch, mayMatchRule } from "./prefilter.js";
export type { CodemodOptions, ProgressEvent } from "./options.js";
export type { CodemodResult, CodemodSummary, DependencyChange, FileResult, Finding, FindingStatus, RuleCounts } from "./types.js";
