/** What a codemod run returns (and what the JSON report holds). */

/**
 * - `fixed`: the rule's fix was applied (written, or in the diff of a dry run).
 * - `suggested-only`: the rule offers an edit only as a suggestion: review it by hand.
 * - `needs-dependency`: the fix imports a module the project lacks (run with `--add-dependency`).
 * - `not-fixable`: the rule has no edit for this finding.
 * - `rolled-back`: the fix was applied but the file failed verification, so none of its changes were kept.
 */
export type FindingStatus = "fixed" | "suggested-only" | "needs-dependency" | "not-fixable" | "rolled-back";

export interface Finding {
  ruleId: string;
  /** Absolute path. */
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
  messageId: string | undefined;
  status: FindingStatus;
  /** Why it is not fixed (or what fixed it). */
  reason: string;
  /** Modules the fix imports that the project lacks (`needs-dependency`) or that were added for it. */
  modules?: string[];
  /** The fix pass that applied it; positions of passes after the first are in that pass's text. */
  pass?: number;
  /** A marker comment was inserted above it (`--annotate`). */
  annotated?: boolean;
}

export type FileStatus = "unchanged" | "changed" | "skipped-by-prefilter" | "unparsable" | "rolled-back" | "failed";

export interface FileResult {
  file: string;
  /** Path relative to the working folder, `/`-separated. */
  relative: string;
  status: FileStatus;
  findings: Finding[];
  /** The new text (without a byte order mark) when the file changed (also for dry runs). */
  output?: string;
  /** Unified diff of the change (also for dry runs); `""` when unchanged. */
  diff: string;
  /** The new text was written to disk. */
  written: boolean;
  /** What went wrong (parse error, introduced type errors, write error). */
  error?: string;
  /** Type information was used while linting it. */
  typed: boolean;
  /** Set when fixes still applied after this many passes (the bound): the output is not a fixed point, run again. */
  passLimit?: number;
}

export interface DependencyChange {
  module: string;
  range: string | undefined;
  packageJson: string | undefined;
  /** `added` (written), `would-add` (dry run / check), `already-listed`, or why it could not be added. */
  action: "added" | "would-add" | "already-listed" | "no-package-json" | "outside-paths" | "unknown-version";
  files: string[];
}

export interface RuleCounts {
  fixed: number;
  suggestedOnly: number;
  needsDependency: number;
  notFixable: number;
  rolledBack: number;
}

export interface CodemodSummary {
  filesScanned: number;
  filesSkippedByPrefilter: number;
  filesLinted: number;
  filesChanged: number;
  filesRolledBack: number;
  filesUnparsable: number;
  filesFailed: number;
  byRule: Record<string, RuleCounts>;
  dependencies: DependencyChange[];
  elapsedMs: number;
}

export interface CodemodResult {
  /** 0 ok; 1 a file failed, was rolled back or could not be parsed, or the run was refused; 2 `--check` found changes. */
  exitCode: 0 | 1 | 2;
  mode: "write" | "dry-run" | "check";
  cwd: string;
  roots: string[];
  tsconfig: string | undefined;
  rules: string[];
  ruleOptions: Record<string, unknown[]>;
  files: FileResult[];
  findings: Finding[];
  summary: CodemodSummary;
  /** Set when the run refused to start (dirty git tree). */
  refused?: string;
  /** With `--shard`: which share this run took, of how many discovered files. */
  shard?: { index: number; count: number; of: number };
  warnings: string[];
}
