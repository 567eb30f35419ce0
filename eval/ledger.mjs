/**
 * eval/verdicts.tsv: one row per judged site.
 *
 *   package  location  rule  verdict  class  reason  split  readings
 *
 * - `verdict`: TP (reported, real), FP (reported, not real), FN (real, not reported), TN (a site found by
 *   searching the sources for the rule's APIs, judged fine, and not reported).
 * - `split`: `tune` (rows the rules may be changed with in view) or `check` (read to measure, never to fix).
 * - `readings`: who judged it, as `reader:TP` or `reader:FP` (a real problem or not), space-separated.
 *   `blind-a` and `blind-b` are two independent readers who saw the code and the message, never the rules'
 *   source; `blind-c` is the third reading that decides where they disagree; `second` is the second reader
 *   of ../shared/apps/verdicts.tsv (also blind to the rules); `self` is a verdict of the hands that tune the
 *   rules (the ledger before 2026-12).
 */
import { readFileSync, writeFileSync } from "node:fs";

export const HEADER = ["package", "location", "rule", "verdict", "class", "reason", "split", "readings"];
const READERS = new Set(["blind-a", "blind-b", "blind-c", "second", "self"]);
/** Readers independent of the rules' authors, in the order their readings count for agreement. */
const INDEPENDENT = ["blind-a", "blind-b", "second"];

export function parseReadings(text) {
  const readings = new Map();
  for (const token of text.trim().split(/\s+/u).filter(Boolean)) {
    const [reader, verdict] = token.split(":");
    if (!READERS.has(reader) || !["TP", "FP"].includes(verdict) || readings.has(reader)) return undefined;
    readings.set(reader, verdict);
  }
  return readings.size > 0 ? readings : undefined;
}

/** What the readings decide (TP: a real problem, FP: not), or a reason they do not. */
export function decide(readings) {
  if (readings.has("blind-c")) return { real: readings.get("blind-c") };
  const independent = INDEPENDENT.filter((reader) => readings.has(reader)).map((reader) => readings.get(reader));
  if (independent.length >= 2) {
    const [first, second] = independent;
    if (first === second) return { real: first };
    return { problem: "the independent readers disagree: a third reading (blind-c) decides" };
  }
  if (independent.length === 1 && !readings.has("self")) return { real: independent[0] };
  if (readings.has("self")) return { real: readings.get("self"), self: true };
  return { problem: "no reading" };
}

/** Whether the first two independent readings agree; undefined when there are fewer than two. */
export function agreement(readings) {
  const independent = INDEPENDENT.filter((reader) => readings.has(reader)).map((reader) => readings.get(reader));
  return independent.length >= 2 ? independent[0] === independent[1] : undefined;
}

export function verdictFor(reported, real) {
  if (reported) return real === "TP" ? "TP" : "FP";
  return real === "TP" ? "FN" : "TN";
}

export function readLedger(file) {
  const rows = new Map();
  const problems = [];
  const lines = readFileSync(file, "utf8").split("\n");
  if (lines[0] !== HEADER.join("\t")) problems.push(`eval/verdicts.tsv: the first line must be the header ${HEADER.join(" ")}`);
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === "" || line.startsWith("#")) return;
    const cells = line.split("\t");
    const [pkg, location, rule, verdict, kind, reason, split, readingsText] = cells;
    const where = `eval/verdicts.tsv:${index + 2}`;
    if (cells.length !== HEADER.length || !["TP", "FP", "FN", "TN"].includes(verdict) || !kind || !reason || !["tune", "check"].includes(split)) {
      problems.push(`${where}: needs ${HEADER.length} tab-separated cells, a verdict of TP, FP, FN or TN, a class, a reason and a split of tune or check`);
      return;
    }
    const readings = parseReadings(readingsText ?? "");
    if (!readings) {
      problems.push(`${where}: readings must be reader:TP or reader:FP tokens (readers: ${[...READERS].join(", ")})`);
      return;
    }
    const decision = decide(readings);
    if (decision.problem) problems.push(`${where}: ${decision.problem}`);
    else if (verdictFor(verdict === "TP" || verdict === "FP", decision.real) !== verdict) problems.push(`${where}: the verdict ${verdict} is not what its readings decide (${readingsText})`);
    const key = `${pkg}\t${location}\t${rule}`;
    if (rows.has(key)) problems.push(`${where}: a second verdict for ${pkg} ${location} ${rule}`);
    rows.set(key, { pkg, location, rule, verdict, kind, reason, split, readings, self: Boolean(decision.self), where, line: index + 2 });
  });
  return { rows, problems };
}

export function formatRow(row) {
  const readings = [...row.readings].map(([reader, verdict]) => `${reader}:${verdict}`).join(" ");
  return [row.pkg, row.location, row.rule, row.verdict, row.kind, row.reason, row.split, readings].join("\t");
}

export function writeLedger(file, rows) {
  const sorted = [...rows].sort((a, b) => a.pkg.localeCompare(b.pkg) || a.location.localeCompare(b.location, undefined, { numeric: true }) || a.rule.localeCompare(b.rule));
  writeFileSync(file, `${[HEADER.join("\t"), ...sorted.map(formatRow)].join("\n")}\n`);
}
