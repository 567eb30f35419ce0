/**
 * Blind readings for the ledger: deals what needs judging into batches for independent readers, and
 * merges what they return into eval/verdicts.tsv (format: eval/ledger.mjs).
 *
 * A reader sees an item's project folder, file, line and message (or, for a site found by searching the
 * sources, the concern the rule is about), never the rules' source nor which change produced it. Each
 * batch goes to two readers independently (`a` and `b`); where they disagree, the item goes to a third
 * (`c`) in a batch of its own.
 *
 *   node eval/readings.mjs batches --dir D --size N [--pending F] [--sites F] [--rejudge] [--second]
 *       writes D/batch-NN.json (and D/items.json, the whole list); --split S keeps one split's items; --rejudge adds the ledger's rows that no
 *       independent reader has read (judged only by `self`), bulk rows (a reason shared with others) first; --second takes the
 *       readings of ../shared/apps/verdicts.tsv as the `second` reader's; --findings F (from
 *       `npm run eval -- --findings F`) gives re-judged rows their finding's message
 *   node eval/readings.mjs merge --dir D
 *       reads D/out-NN-a.tsv, D/out-NN-b.tsv and D/out-*-c.tsv (id, TP|FP, class, reason) and writes the rows;
 *       lists the items whose readers disagree in D/disputed.json; with --second --findings F, the second
 *       reader's sites that are fine and that nothing reports become TN rows on its reading alone
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ROOT } from "../bench/workspace.mjs";
import { decide, readLedger, verdictFor, writeLedger } from "./ledger.mjs";
import { APP_PREFIX, listProjects } from "./projects.mjs";

const LEDGER = path.join(ROOT, "eval", "verdicts.tsv");
const CACHE = process.env.CONCURRENCY_EVAL_CACHE ?? path.join(os.homedir(), ".cache", "eslint-plugin-concurrency", "eval");
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { dir: { type: "string" }, size: { type: "string", default: "20" }, pending: { type: "string", multiple: true }, sites: { type: "string", multiple: true }, rejudge: { type: "boolean" }, second: { type: "boolean" }, findings: { type: "string" }, split: { type: "string" } },
});
const dir = values.dir;
if (!dir) throw new Error("--dir is required");
const { projects } = listProjects();
const projectOf = new Map(projects.map((project) => [project.id, project]));

function rootOf(pkg) {
  if (pkg.startsWith(APP_PREFIX)) {
    const apps = path.join(CACHE, "apps");
    const stamp = readdirSync(apps).find((name) => existsSync(path.join(apps, name, ".unpacked")));
    return path.join(apps, stamp, pkg.slice(APP_PREFIX.length));
  }
  return path.join(CACHE, "packages", pkg.replace("/", "__"));
}

function secondReadings() {
  const file = path.join(ROOT, "..", "shared", "apps", "verdicts.tsv");
  if (!existsSync(file)) return [];
  return readFileSync(file, "utf8").trim().split("\n").slice(1).map((line) => {
    const [rule, location, verdict, kind, reason] = line.split("\t");
    const [, app, file_, lineNumber] = location.match(/^([^/]+)\/(.*):(\d+)$/u);
    return { pkg: `${APP_PREFIX}${app}`, file: file_, line: Number(lineNumber), rule, verdict, kind: kind || "unclassed", reason };
  });
}

const near = (a, b) => a.pkg === b.pkg && a.rule === b.rule && a.file === b.file && Math.abs(a.line - b.line) <= 1;
const fileOf = (location) => location.replace(/:\d+$/u, "");
const lineOf = (location) => Number(location.match(/:(\d+)$/u)[1]);

if (positionals[0] === "batches") {
  const items = [];
  const add = (entry, reported) => {
    if (values.split && projectOf.get(entry.pkg)?.split !== values.split) return;
    const key = `${entry.pkg}\t${entry.location}\t${entry.rule}`;
    // A site found by searching is left out where a finding (or another site) within one line stands for it.
    const here = { ...entry, file: fileOf(entry.location), line: lineOf(entry.location) };
    if (items.some((item) => item.key === key || (!reported && near({ ...item, file: fileOf(item.location) }, here)))) return;
    items.push({ key, pkg: entry.pkg, location: entry.location, rule: entry.rule, line: lineOf(entry.location), reported, message: entry.message ?? entry.concern, legacy: entry.legacy });
  };
  for (const file of values.pending ?? []) for (const finding of JSON.parse(readFileSync(file, "utf8"))) add(finding, true);
  for (const file of values.sites ?? []) for (const site of JSON.parse(readFileSync(file, "utf8"))) add(site, false);
  const { CONCERNS } = await import("./search.mjs");
  if (values.second) {
    // The second reader's recall sample: its real problems that nothing reports need blind readings too.
    const reportedNow = new Set(items.filter((item) => item.reported).map((item) => item.key));
    for (const row of secondReadings()) {
      if (row.verdict !== "TP" || !projectOf.has(row.pkg)) continue;
      const matched = items.find((item) => item.reported && near({ ...item, file: fileOf(item.location) }, row));
      if (!matched && !reportedNow.has(`${row.pkg}\t${row.file}:${row.line}\t${row.rule}`)) add({ pkg: row.pkg, location: `${row.file}:${row.line}`, rule: row.rule, concern: CONCERNS[row.rule] }, false);
    }
  }
  if (values.rejudge) {
    const { rows } = readLedger(LEDGER);
    const byReason = new Map();
    for (const row of rows.values()) byReason.set(row.reason, (byReason.get(row.reason) ?? 0) + 1);
    const messages = new Map(values.findings ? JSON.parse(readFileSync(values.findings, "utf8")).map((finding) => [`${finding.pkg}\t${finding.location}\t${finding.rule}`, finding.message]) : []);
    // Bulk rows (a reason shared with other rows) first, then every other row no independent reader has read.
    const unread = [...rows.values()].filter((row) => !row.readings.has("blind-a") && !row.readings.has("second"));
    unread.sort((a, b) => byReason.get(b.reason) - byReason.get(a.reason));
    for (const row of unread) {
      const finding = row.verdict === "TP" || row.verdict === "FP";
      add({ pkg: row.pkg, location: row.location, rule: row.rule, message: messages.get(`${row.pkg}\t${row.location}\t${row.rule}`), concern: CONCERNS[row.rule], legacy: true }, finding);
    }
  }
  const size = Number(values.size);
  let number = 0;
  for (let start = 0; start < items.length; start += size) {
    number++;
    const batch = items.slice(start, start + size).map((item, index) => {
      item.id = `${String(number).padStart(2, "0")}-${String(index + 1).padStart(2, "0")}`;
      return { id: item.id, projectRoot: rootOf(item.pkg), file: fileOf(item.location), line: item.line, message: item.message };
    });
    writeFileSync(path.join(dir, `batch-${String(number).padStart(2, "0")}.json`), JSON.stringify(batch, null, 1));
  }
  writeFileSync(path.join(dir, "items.json"), JSON.stringify(items, null, 1));
  console.log(`${items.length} items in ${number} batches in ${dir}`);
} else if (positionals[0] === "merge") {
  const items = new Map(JSON.parse(readFileSync(path.join(dir, "items.json"), "utf8")).map((item) => [item.id, item]));
  const readings = new Map();
  for (const name of readdirSync(dir)) {
    const match = name.match(/^out-.+-([abc])\.tsv$/u);
    if (!match) continue;
    for (const line of readFileSync(path.join(dir, name), "utf8").split("\n")) {
      const [id, verdict, kind, reason] = line.split("\t").map((cell) => cell?.trim());
      if (!items.has(id) || !["TP", "FP"].includes(verdict) || !reason) continue;
      if (!readings.has(id)) readings.set(id, {});
      readings.get(id)[match[1]] = { verdict, kind: kind || "unclassed", reason: reason.replace(/\s+/gu, " ") };
    }
  }
  const { rows } = readLedger(LEDGER);
  const second = values.second ? secondReadings() : [];
  const disputed = [];
  let written = 0;
  for (const [id, item] of items) {
    const read = readings.get(id);
    if (!read?.a || !read?.b) continue;
    const tokens = new Map(item.legacy ? [...(rows.get(item.key)?.readings ?? [])].filter(([reader]) => reader === "self") : []);
    tokens.set("blind-a", read.a.verdict);
    tokens.set("blind-b", read.b.verdict);
    if (read.c) tokens.set("blind-c", read.c.verdict);
    const other = second.find((row) => near(row, { pkg: item.pkg, rule: item.rule, file: fileOf(item.location), line: item.line }));
    if (other) tokens.set("second", other.verdict);
    const decision = decide(tokens);
    if (decision.problem) {
      disputed.push({ id, a: read.a, b: read.b });
      continue;
    }
    const deciding = read.c ?? read.a;
    let reason = deciding.reason;
    if (other && other.verdict !== decision.real) reason += ` (the second reader said ${other.verdict}: ${other.reason}; the blind readings decide)`;
    const project = projectOf.get(item.pkg);
    rows.set(item.key, { pkg: item.pkg, location: item.location, rule: item.rule, verdict: verdictFor(item.reported, decision.real), kind: deciding.kind, reason, split: project?.split ?? "tune", readings: tokens });
    written++;
  }
  if (values.second && values.findings) {
    const found = JSON.parse(readFileSync(values.findings, "utf8")).map((finding) => ({ ...finding, file: fileOf(finding.location) }));
    const ledger = [...rows.values()].map((row) => ({ ...row, file: fileOf(row.location), line: lineOf(row.location) }));
    for (const other of second) {
      if (other.verdict !== "FP" || !projectOf.has(other.pkg) || found.some((finding) => near(finding, other)) || ledger.some((row) => near(row, other))) continue;
      const key = `${other.pkg}\t${other.file}:${other.line}\t${other.rule}`;
      rows.set(key, { pkg: other.pkg, location: `${other.file}:${other.line}`, rule: other.rule, verdict: "TN", kind: other.kind, reason: other.reason, split: projectOf.get(other.pkg).split, readings: new Map([["second", "FP"]]) });
      written++;
    }
  }
  writeLedger(LEDGER, rows.values());
  writeFileSync(path.join(dir, "disputed.json"), JSON.stringify(disputed, null, 1));
  console.log(`${written} rows written; ${disputed.length} disputed (need a third reading): ${path.join(dir, "disputed.json")}`);
} else {
  console.log("usage: node eval/readings.mjs batches|merge --dir D …");
  process.exit(2);
}
