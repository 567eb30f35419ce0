/** What a person reads: a progress bar on a TTY (plain lines in CI), then a summary table. */
import path from "node:path";
import { Presets, SingleBar } from "cli-progress";
import { MARKER } from "./annotate.js";
import type { ProgressEvent } from "./options.js";
import type { CodemodResult } from "./types.js";

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

/** `true` when progress should be drawn as a bar: a TTY and not CI. */
export function isInteractive(stream: ProgressStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.CI && env.TERM !== "dumb";
}

/**
 * A progress reporter: on a TTY, a bar with the files done and an ETA (cli-progress, redrawn at most ten
 * times a second and cleared at the end); otherwise one plain line per file that changed or failed.
 */
export function createProgress(stream: ProgressStream, interactive = isInteractive(stream)): { update: (event: ProgressEvent) => void; done: () => void } {
  if (!interactive) {
    return {
      update(event) {
        if (event.status !== "unchanged" && event.status !== "skipped-by-prefilter") stream.write(`[${event.done}/${event.total}] ${event.status}: ${event.file}\n`);
      },
      done() {},
    };
  }
  const bar = new SingleBar(
    {
      stream: stream as NodeJS.WritableStream,
      format: "{bar} {value}/{total} files | ETA {eta_formatted} | {file}",
      barsize: 24,
      clearOnComplete: true,
      hideCursor: true,
      gracefulExit: true,
      etaBuffer: 50,
    },
    Presets.shades_classic,
  );
  let started = false;
  return {
    update(event) {
      const room = Math.max(10, (stream.columns || 80) - 60);
      const file = event.file.length > room ? `…${event.file.slice(-room + 1)}` : event.file;
      if (!started) {
        bar.start(event.total, 0, { file });
        started = true;
      }
      bar.update(event.done, { file });
    },
    done() {
      if (started) bar.stop();
    },
  };
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows
    .map((row, index) => {
      const line = row.map((cell, column) => (column === 0 ? cell.padEnd(widths[column]!) : cell.padStart(widths[column]!))).join("  ");
      return index === 0 ? `${line}\n${widths.map((width) => "-".repeat(width)).join("  ")}` : line;
    })
    .join("\n");
}

/** The summary: counts, per-rule findings by outcome, dependencies, problems, elapsed time. */
export function formatSummary(result: CodemodResult): string {
  const { summary } = result;
  const lines: string[] = [];
  if (result.refused) return `concurrency-codemod: ${result.refused}\n`;
  const verb = result.mode === "write" ? "changed" : "would change";
  if (result.shard) lines.push(`Shard ${result.shard.index}/${result.shard.count}: ${summary.filesScanned} of ${result.shard.of} files.`);
  lines.push(
    `Files scanned: ${summary.filesScanned} (skipped by the pre-filter: ${summary.filesSkippedByPrefilter}), ${verb}: ${summary.filesChanged}, rolled back: ${summary.filesRolledBack}, unparsable: ${summary.filesUnparsable}, failed: ${summary.filesFailed}`,
  );
  const ruleIds = Object.keys(summary.byRule).sort();
  if (ruleIds.length > 0) {
    const rows = [["rule", "fixed", "suggested-only", "needs-dependency", "not-fixable", "rolled-back"]];
    for (const id of ruleIds) {
      const counts = summary.byRule[id]!;
      rows.push([id, counts.fixed, counts.suggestedOnly, counts.needsDependency, counts.notFixable, counts.rolledBack].map(String));
    }
    lines.push("", table(rows));
  } else {
    lines.push("", "No findings.");
  }
  for (const dep of summary.dependencies) {
    const where = dep.packageJson ?? "no package.json";
    const what = `${dep.module}@${dep.range ?? "?"}`;
    const text = {
      added: `Added ${what} to the dependencies of ${where}: run your package manager's install.`,
      "would-add": `Would add ${what} to the dependencies of ${where}.`,
      "already-listed": `${dep.module} is already listed in ${where}: run your package manager's install.`,
      "no-package-json": `${dep.module} is needed but there is no package.json to add it to.`,
      "outside-paths": `${dep.module} is needed; ${where} is outside the given paths, add it yourself.`,
      "unknown-version": `${dep.module} is needed; add it to ${where} yourself (no installed version to copy the range from).`,
    }[dep.action];
    lines.push(text);
  }
  const needed = [...new Set(result.findings.filter((finding) => finding.status === "needs-dependency").flatMap((finding) => finding.modules ?? []))].sort();
  if (needed.length > 0) lines.push(`Some fixes need ${needed.join(", ")}, which the project lacks: install it, or run with --add-dependency.`);
  const manual = result.findings.filter((finding) => finding.reason.startsWith("manual fix needed"));
  if (manual.length > 0) {
    const marked = manual.every((finding) => finding.annotated) ? "marked" : "run with --annotate to mark them";
    lines.push("", `Manual fix needed (${manual.length}; ${marked} with "// ${MARKER} <rule>: manual fix needed: …"):`);
    for (const finding of manual) lines.push(`  ${path.relative(result.cwd, finding.file)}:${finding.line}  ${finding.ruleId}: ${finding.reason.slice("manual fix needed: ".length)}`);
  }
  const problems = result.files.filter((file) => file.error);
  if (problems.length > 0) {
    lines.push("", "Problems:");
    for (const file of problems) lines.push(`  ${file.relative}: ${file.status}: ${file.error}`);
  }
  for (const warning of result.warnings) lines.push(`warning: ${warning}`);
  lines.push("", `Elapsed: ${(summary.elapsedMs / 1000).toFixed(2)}s`);
  return `${lines.join("\n")}\n`;
}
