/**
 * The codemod's options, and the one table that maps its flags to rule options. A rule receives an option
 * only when its own schema (`meta.schema[0].properties`) declares it, so the codemod stays generic over
 * whatever rules the registry holds.
 */
import { rules as ruleMap } from "../rules.js";

/** What `runCodemod` accepts (the CLI builds this from its flags). */
export interface CodemodOptions {
  /** Files, folders or globs to process. Default: the files of the project's tsconfig, else the working folder. */
  paths?: string[];
  /** Folder that relative paths, globs and `--include`/`--exclude` are read from. Default: `process.cwd()`. */
  cwd?: string;
  /** tsconfig that drives discovery (without paths) and type information. Default: the nearest `tsconfig.json`. */
  project?: string;
  /** Only files matching one of these globs (relative to `cwd`). */
  include?: string[];
  /** Never files matching one of these globs (relative to `cwd`). */
  exclude?: string[];
  /** Rule ids to run. Default: every rule with a fix or a suggestion. */
  rules?: string[];
  /** `--concurrency N`: the bound that fixes give the limiters they create. */
  concurrency?: number;
  /** `--limiter p-limit|p-map|<module>|<module>#<export>`. */
  limiter?: string;
  /** `--timeout-ms N`: the timeout that fixes add (a total one, or the time to the response). */
  timeoutMs?: number;
  /** `--connect-timeout-ms N`: the connect or acquire timeout that fixes add (got's `connect`, pg's `connectionTimeoutMillis`). */
  connectTimeoutMs?: number;
  /** Explicit options per rule id (the rule's options array). They replace the flag mapping for that rule. */
  ruleOptions?: Record<string, unknown[]>;
  /** Change nothing; return (and the CLI prints) a unified diff per file. */
  dryRun?: boolean;
  /** Change nothing; exit code 2 when something would change. */
  check?: boolean;
  /** Write even when the git tree has uncommitted changes in the given paths. */
  force?: boolean;
  /** Add a module that fixes import to the nearest package.json instead of leaving those fixes out. */
  addDependency?: boolean;
  /** Insert `// concurrency-codemod: <rule>: <reason>` above findings that stay unfixed. */
  annotate?: boolean;
  /** Use type information where the project has a tsconfig (default `true`). */
  types?: boolean;
  /** Skip files the text pre-filter rules out before parsing them (default `true`; the bench turns it off to measure it). */
  prefilter?: boolean;
  /** Check that the TypeScript errors of the changed files and the files importing them do not grow (default `true`). */
  verify?: boolean;
  /** Fix passes per file before the codemod stops short of a fixed point and says so (default `CODEMOD_MAX_PASSES`, 50). */
  maxPasses?: number;
  /** Write a JSON report of every finding to this file. */
  json?: string;
  /** Write a SARIF 2.1.0 report of every finding to this file. */
  sarif?: string;
  /**
   * `--shard i/n`: only the i-th of n disjoint shares of the discovered files (1-based), so that n CI jobs
   * split a large repository. Files are dealt round-robin in path order, so shares differ by one file at most.
   */
  shard?: Shard;
  /** Called once per processed file (the CLI draws its progress from it). */
  onProgress?: (event: ProgressEvent) => void;
}

export interface Shard {
  index: number;
  count: number;
}

/** `"2/4"` → `{ index: 2, count: 4 }`; a usage error otherwise. */
export function parseShard(value: string): Shard {
  const match = /^(\d+)\/(\d+)$/u.exec(value.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) throw new CodemodUsageError(`--shard needs i/n with 1 <= i <= n (e.g. 2/4), got "${value}".`);
  return { index, count };
}

/** The files of shard `index` of `count`: every `count`-th file of the sorted list, starting at `index - 1`. */
export function shardFiles<T>(files: readonly T[], shard: Shard | undefined): T[] {
  return shard ? files.filter((_, position) => position % shard.count === shard.index - 1) : [...files];
}

export interface ProgressEvent {
  done: number;
  total: number;
  file: string;
  status: string;
}

export type LimiterValue = "p-limit" | "p-map" | { module: string; import: string };

/** `p-limit` / `p-map` as they are; `module` → its default export; `module#name` → that named export. */
export function parseLimiter(value: string): LimiterValue {
  if (value === "p-limit" || value === "p-map") return value;
  const hash = value.lastIndexOf("#");
  if (hash > 0) return { module: value.slice(0, hash), import: value.slice(hash + 1) || "default" };
  return { module: value, import: "default" };
}

/** The module a limiter option makes fixes import. */
export function limiterModule(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  if (value && typeof value === "object" && typeof (value as { module?: unknown }).module === "string") return (value as { module: string }).module;
  return undefined;
}

interface FlagMapping {
  /** The CLI flag (`undefined`: always set by the codemod). */
  flag: string | undefined;
  /** The rule option it sets, where the rule's schema has it. */
  option: string;
  value: (options: CodemodOptions) => unknown;
}

/** Every flag → rule option mapping, in one place. */
export const FLAG_TO_RULE_OPTION: readonly FlagMapping[] = [
  { flag: "--concurrency", option: "concurrency", value: (options) => options.concurrency },
  { flag: "--limiter", option: "limiter", value: (options) => (options.limiter === undefined ? undefined : parseLimiter(options.limiter)) },
  { flag: "--timeout-ms", option: "timeoutMs", value: (options) => options.timeoutMs },
  { flag: "--connect-timeout-ms", option: "connectTimeoutMs", value: (options) => options.connectTimeoutMs },
  // Rules mark suggestions that are safe for unattended runs with an `autofix` option: the codemod turns it on.
  { flag: undefined, option: "autofix", value: () => true },
];

type AnyRule = {
  meta: { fixable?: string; hasSuggestions?: boolean; schema?: unknown; docs?: { description?: string; url?: string } };
};

export const allRules = ruleMap as unknown as Record<string, AnyRule>;

/** Rules with something to apply: an autofix or a suggestion. */
export function rulesWithFix(): string[] {
  return Object.keys(allRules)
    .filter((id) => Boolean(allRules[id]!.meta.fixable) || allRules[id]!.meta.hasSuggestions === true)
    .sort();
}

/** The option names a rule's first schema entry declares. */
export function schemaProperties(ruleId: string): Set<string> {
  const schema = allRules[ruleId]?.meta.schema;
  const first = Array.isArray(schema) ? (schema[0] as { properties?: Record<string, unknown> } | undefined) : undefined;
  return new Set(Object.keys(first?.properties ?? {}));
}

/** The options array a rule runs with: the explicit one from `ruleOptions`, or the flag mapping. */
export function ruleOptionsFor(ruleId: string, options: CodemodOptions): unknown[] {
  const explicit = options.ruleOptions?.[ruleId];
  if (explicit) return explicit;
  const properties = schemaProperties(ruleId);
  const result: Record<string, unknown> = {};
  for (const mapping of FLAG_TO_RULE_OPTION) {
    if (!properties.has(mapping.option)) continue;
    const value = mapping.value(options);
    if (value !== undefined) result[mapping.option] = value;
  }
  return Object.keys(result).length > 0 ? [result] : [];
}

/** The rule ids to run: validated against the registry. */
export function selectRules(requested: readonly string[] | undefined): string[] {
  if (!requested || requested.length === 0) return rulesWithFix();
  const unknown = requested.filter((id) => !(id in allRules));
  if (unknown.length > 0) {
    throw new CodemodUsageError(`Unknown rule${unknown.length > 1 ? "s" : ""}: ${unknown.join(", ")}. Known rules: ${Object.keys(allRules).sort().join(", ")}.`);
  }
  return [...new Set(requested)].sort();
}

/** A mistake in how the codemod was called (exit code 1, no stack trace). */
export class CodemodUsageError extends Error {}
