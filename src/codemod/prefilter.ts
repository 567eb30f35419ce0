/**
 * A cheap text pre-filter: a file is parsed only when its text contains a word that every finding of at
 * least one selected rule needs (the global or module name the rule resolves its calls through). It can
 * only skip, never miss: a rule without an entry here makes every file pass, and a file that passes is
 * linted with all selected rules (so a fix that introduces another rule's pattern is still seen).
 */

/**
 * Per rule id, words of which at least one occurs (case-insensitively) in the text of any file the rule
 * reports with its default options. Derive them from what the rule resolves: a global (`Promise`) or the
 * modules it matches (their names appear in the import or `require`). A rule that finds its targets through
 * types (a pool passed in from another file) must not be listed by module name: use the names that its
 * report node itself must contain (a method name), or leave the rule out.
 */
export const PREFILTER_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  // Connection and pool constructors are resolved through their driver's import (redis covers ioredis and
  // @redis/client, mongo covers mongodb and mongoose, mysql covers mysql2).
  "no-connection-per-call": ["pg", "mysql", "mariadb", "redis", "mongo", "generic-pool", "tarn"],
  // Blocking calls are `…Sync` exports of fs/child_process/zlib/crypto, or the global `Atomics.wait`.
  "no-blocking-in-async": ["sync", "atomics"],
  // No entry for no-unbounded-promise-all: besides `Promise.all` & co. (the global `Promise`), it reports a call
  // that hands a collection to a helper of another module that fans out over it, which no word in the file shows.
  // Queue and limiter constructors are resolved through their module's import or require.
  "no-unbounded-queue": ["p-queue", "bottleneck", "fastq", "async", "es-toolkit", "p-map", "p-limit"],
  // Pools may be found through types, so not by module: but the acquire call names its method
  // (`connect`, `getConnection`, `acquire`).
  "no-unreleased-pool-client": ["connect", "acquire"],
  // worker_threads / global Worker / SharedWorker, child_process, cluster, cross-spawn, execa.
  "no-unbounded-worker-spawn": ["worker", "child_process", "cluster", "cross-spawn", "execa"],
  // Request calls are resolved through the global `fetch` or the import of undici, node-fetch, axios, got,
  // http/https, child_process (exec/execFile) or pg (pool options); types only shape their arguments.
  "require-timeout": ["fetch", "axios", "got", "http", "child_process", "pg"],
};

/**
 * `true` when `text` may hold a finding of `ruleId`. `lowerText` is `text.toLowerCase()` (pass it when
 * checking several rules). Rules run with explicit options (which may declare more calls) always pass.
 */
export function mayMatchRule(text: string, ruleId: string, lowerText = text.toLowerCase(), explicitOptions = false): boolean {
  const keywords = PREFILTER_KEYWORDS[ruleId];
  if (!keywords || explicitOptions) return true;
  return keywords.some((keyword) => lowerText.includes(keyword));
}

/** `true` when `text` may hold a finding of any of `ruleIds`. */
export function mayMatch(text: string, ruleIds: readonly string[], explicitOptionRules: ReadonlySet<string> = new Set()): boolean {
  const lower = text.toLowerCase();
  return ruleIds.some((ruleId) => mayMatchRule(text, ruleId, lower, explicitOptionRules.has(ruleId)));
}
