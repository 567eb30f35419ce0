/**
 * The real-world ledger: lints pinned real npm packages (eval/packages.json) with the `recommended` config
 * and holds every finding against its verdict in eval/verdicts.tsv. Prints precision per rule and recall
 * over the ledger's real problems (TP and FN rows). Fails (exit 1) when a finding has no verdict, when a
 * verdict's finding is no longer reported (re-judge it: a lost TP becomes an FN), or when a row is malformed.
 *
 * `npm run eval [-- --pending FILE] [--write] [--config strict] [package…]`
 *   --pending FILE  write the unjudged findings, with their code, to FILE (JSON) for judging
 *   --write         record the summary in docs/eval.md
 *   --config NAME   lint with another shipped config (the ledger judges `recommended`)
 *   --prune         remove FP rows whose finding is no longer reported (a lost TP still fails: re-judge it as FN)
 *
 * Files are linted in place in the cache (`$CONCURRENCY_EVAL_CACHE`, default ~/.cache/eslint-plugin-concurrency/eval),
 * so a rule sees each file's real path and its package's package.json. JavaScript files go through ESLint's
 * default parser, TypeScript files through typescript-eslint's, as in a project that uses each.
 */
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Linter } from "eslint";
import tsParser from "@typescript-eslint/parser";
import { fetchPackages, ROOT } from "../bench/workspace.mjs";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { pending: { type: "string" }, write: { type: "boolean" }, prune: { type: "boolean" }, config: { type: "string", default: "recommended" } },
});

const plugin = (await import(path.join(ROOT, "dist", "src", "index.js"))).default;
const LEDGER = path.join(ROOT, "eval", "verdicts.tsv");
const CACHE = process.env.CONCURRENCY_EVAL_CACHE ?? path.join(os.homedir(), ".cache", "eslint-plugin-concurrency", "eval");
const LINTABLE = ["**/*.js", "**/*.cjs", "**/*.mjs", "**/*.jsx", "**/*.ts", "**/*.cts", "**/*.mts", "**/*.tsx"];
const SOURCE = /\.(?:[cm]?[jt]s|[jt]sx)$/u;
const DECLARATION = /\.d\.[cm]?ts$/u;
const NEVER = new Set(["node_modules", ".git"]);
const MAX_BYTES = 400 * 1024;
const HEADER = ["package", "location", "rule", "verdict", "class", "reason"];
/** Precision each rule in `recommended` must reach, and the least number of verdicts for the frequent ones. */
const TARGET_PRECISION = 0.9;
const TARGET_RECALL = 0.8;
const FREQUENT = { "no-unbounded-promise-all": 50, "no-blocking-in-async": 50, "require-timeout": 50 };

const list = JSON.parse(readFileSync(path.join(ROOT, "eval", "packages.json"), "utf8")).packages;
const chosen = positionals.length > 0 ? list.filter((entry) => positionals.some((name) => entry.spec.startsWith(`${name}@`) || entry.spec === name)) : list;

function collect(dir, base, include, out) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (NEVER.has(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      collect(full, base, include, out);
      continue;
    }
    const relative = path.relative(base, full).split(path.sep).join("/");
    if (!entry.isFile() || !SOURCE.test(entry.name) || DECLARATION.test(entry.name) || /\.min\.js$/u.test(entry.name)) continue;
    if (include && !include.test(relative)) continue;
    if (statSync(full).size > MAX_BYTES) continue;
    out.push(relative);
  }
}

function languageOptionsFor(file) {
  const commonjs = /\.c[jt]s$/u.test(file);
  const options = { ecmaVersion: "latest", sourceType: commonjs ? "commonjs" : "module" };
  if (/\.[cm]?tsx?$/u.test(file)) return { ...options, parser: tsParser, parserOptions: { ecmaFeatures: { jsx: file.endsWith("x") } } };
  return { ...options, parserOptions: { ecmaFeatures: { jsx: file.endsWith("x") } } };
}

function readLedger() {
  const rows = new Map();
  const problems = [];
  const lines = readFileSync(LEDGER, "utf8").split("\n");
  if (lines[0] !== HEADER.join("\t")) problems.push(`eval/verdicts.tsv: the first line must be the header ${HEADER.join(" ")}`);
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === "" || line.startsWith("#")) return;
    const cells = line.split("\t");
    const [pkg, location, rule, verdict, kind, reason] = cells;
    const where = `eval/verdicts.tsv:${index + 2}`;
    if (cells.length !== HEADER.length || !["TP", "FP", "FN"].includes(verdict) || !kind || !reason) {
      problems.push(`${where}: needs ${HEADER.length} tab-separated cells, a verdict of TP, FP or FN, a class and a reason`);
      return;
    }
    const key = `${pkg}\t${location}\t${rule}`;
    if (rows.has(key)) problems.push(`${where}: a second verdict for ${pkg} ${location} ${rule}`);
    rows.set(key, { pkg, location, rule, verdict, kind, reason, where });
  });
  return { rows, problems };
}

const config = plugin.configs[values.config];
if (!config) throw new Error(`No config named ${values.config}`);
const started = performance.now();
const dirs = fetchPackages(chosen.map((entry) => entry.spec), console.error, CACHE);
const fetched = new Set(dirs.map((dir) => path.basename(dir)));
const missing = chosen.filter((entry) => !fetched.has(entry.spec.replace("/", "__")));
if (missing.length === chosen.length) {
  console.log("eval: skipped, no package could be fetched (is the npm registry reachable?).");
  process.exit(0);
}
// A package that could not be fetched is left out of the judgement, and said so.
for (const entry of missing) console.log(`eval: ${entry.spec} could not be fetched; its verdicts are not checked in this run`);
chosen.splice(0, chosen.length, ...chosen.filter((entry) => !missing.includes(entry)));
const findings = new Map();
let fileCount = 0;
let unparsable = 0;
for (const entry of chosen) {
  const dir = dirs.find((candidate) => path.basename(candidate) === entry.spec.replace("/", "__"));
  if (!dir) continue;
  const linter = new Linter({ configType: "flat", cwd: dir });
  const files = [];
  collect(dir, dir, entry.include ? new RegExp(entry.include, "u") : undefined, files);
  files.sort();
  for (const relative of files) {
    fileCount++;
    const filename = path.join(dir, relative);
    const text = readFileSync(filename, "utf8").replace(/^\uFEFF/u, "");
    const messages = linter.verify(text, [{ files: LINTABLE, languageOptions: languageOptionsFor(relative), ...config, linterOptions: { reportUnusedDisableDirectives: "off" } }], { filename });
    for (const message of messages) {
      if (message.fatal) {
        unparsable++;
        continue;
      }
      if (!message.ruleId?.startsWith("concurrency/")) continue;
      const rule = message.ruleId.slice("concurrency/".length);
      const location = `${relative}:${message.line}`;
      const key = `${entry.spec}\t${location}\t${rule}`;
      if (!findings.has(key)) findings.set(key, { pkg: entry.spec, location, rule, filename, line: message.line, column: message.column, message: message.message });
    }
  }
}
const seconds = (performance.now() - started) / 1000;

const { rows, problems } = readLedger();
const inScope = (row) => chosen.some((entry) => entry.spec === row.pkg);
const unjudged = [...findings.entries()].filter(([key]) => !rows.has(key)).map(([, finding]) => finding);
const pruned = new Set();
for (const [key, row] of rows) {
  if (!inScope(row)) continue;
  const found = findings.has(key);
  if (values.prune && row.verdict === "FP" && !found && values.config === "recommended") {
    pruned.add(row.where);
    rows.delete(key);
    continue;
  }
  if (row.verdict === "FN" && found) problems.push(`${row.where}: judged a miss (FN) but now reported: judge the finding as TP or FP`);
  if (row.verdict !== "FN" && !found) problems.push(`${row.where}: ${row.verdict} no longer reported${row.verdict === "TP" ? " (a lost real problem: make it an FN row, or restore the finding)" : " (remove the row)"}`);
}

if (pruned.size > 0) {
  const lines = readFileSync(LEDGER, "utf8").split("\n");
  writeFileSync(LEDGER, lines.filter((_, index) => !pruned.has(`eval/verdicts.tsv:${index + 1}`)).join("\n"));
  console.log(`eval: pruned ${pruned.size} FP rows no longer reported`);
}

const ruleIds = Object.keys(plugin.rules).sort();
const recommended = new Set(Object.keys(plugin.configs.recommended.rules).map((id) => id.replace("concurrency/", "")));
const stats = Object.fromEntries(ruleIds.map((id) => [id, { TP: 0, FP: 0, FN: 0, unjudged: 0 }]));
for (const [key, finding] of findings) {
  const row = rows.get(key);
  stats[finding.rule][row ? row.verdict : "unjudged"]++;
}
for (const row of rows.values()) if (row.verdict === "FN" && inScope(row) && stats[row.rule]) stats[row.rule].FN++;

const ratio = (a, b) => (b === 0 ? "n/a" : (a / b).toFixed(2));
const table = ["| rule | findings | TP | FP | precision | FN (misses) | recall | target |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |"];
const misses = [];
let totalTP = 0;
let totalFN = 0;
for (const id of ruleIds) {
  const s = stats[id];
  const judged = s.TP + s.FP;
  totalTP += s.TP;
  totalFN += s.FN;
  const needed = FREQUENT[id] ?? 0;
  const precisionOk = judged === 0 || s.TP / judged >= TARGET_PRECISION;
  const countOk = judged >= needed;
  const target = !recommended.has(id) ? "not in recommended" : judged === 0 && needed === 0 ? "no findings to judge" : precisionOk && countOk ? "met" : [!precisionOk && `precision < ${TARGET_PRECISION}`, !countOk && `fewer than ${needed} verdicts`].filter(Boolean).join(", ");
  if (recommended.has(id) && !(precisionOk && countOk)) misses.push(`${id}: ${target}`);
  table.push(`| ${id} | ${judged + s.unjudged} | ${s.TP} | ${s.FP} | ${ratio(s.TP, judged)} | ${s.FN} | ${ratio(s.TP, s.TP + s.FN)} | ${target} |`);
}
const recall = totalTP + totalFN === 0 ? 1 : totalTP / (totalTP + totalFN);
if (recall < TARGET_RECALL) misses.push(`recall ${recall.toFixed(2)} < ${TARGET_RECALL}`);

console.log(`eval: ${chosen.length} packages, ${fileCount} files (${unparsable} not parsable as given), ${findings.size} findings, ${seconds.toFixed(1)} s, config ${values.config}`);
console.log(table.join("\n"));
console.log(`recall over the ledger's real problems: ${totalTP} found of ${totalTP + totalFN} (${ratio(totalTP, totalTP + totalFN)})`);
for (const miss of misses) console.log(`target missed: ${miss}`);

if (values.write && positionals.length === 0 && values.config === "recommended") {
  const page = path.join(ROOT, "docs", "eval.md");
  const old = readFileSync(page, "utf8");
  const begin = "<!-- begin eval summary -->";
  const end = "<!-- end eval summary -->";
  const summary = `${begin}\n\n${chosen.length} packages, ${fileCount} files, ${findings.size} findings (\`recommended\`).\n\n${table.join("\n")}\n\nRecall over the ledger's real problems (TP and FN rows): ${totalTP} of ${totalTP + totalFN} (${ratio(totalTP, totalTP + totalFN)}).\n\n${end}`;
  writeFileSync(page, old.replace(new RegExp(`${begin}[\\s\\S]*${end}`, "u"), summary));
}

if (values.pending) {
  const withCode = unjudged.map((finding) => {
    const lines = readFileSync(finding.filename, "utf8").split("\n");
    const from = Math.max(0, finding.line - 16);
    const code = lines.slice(from, finding.line + 10).map((text, index) => `${from + index + 1}${from + index + 1 === finding.line ? ">" : " "} ${text}`).join("\n");
    return { ...finding, code };
  });
  writeFileSync(values.pending, JSON.stringify(withCode, null, 1));
  console.log(`eval: ${unjudged.length} unjudged findings written to ${values.pending}`);
}

for (const problem of problems) console.log(`FAIL ${problem}`);
for (const finding of unjudged.slice(0, 50)) console.log(`UNJUDGED ${finding.pkg}\t${finding.location}\t${finding.rule}`);
if (unjudged.length > 50) console.log(`… and ${unjudged.length - 50} more unjudged findings (--pending FILE lists them all)`);
process.exit(problems.length > 0 || unjudged.length > 0 ? 1 : 0);
