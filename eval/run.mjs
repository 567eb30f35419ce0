/**
 * The real-world ledger: lints the pinned npm packages (eval/packages.json) and the real applications of
 * ../shared/apps (eval/apps.json) with the `recommended` config, and holds every finding against its
 * verdict in eval/verdicts.tsv (format: eval/ledger.mjs). Prints precision and recall per rule for each
 * split (`tune`, `check`), then, last, three lines a script reads:
 *
 *   tune split: precision P recall R, N verdicts (M on applications)   (a verdict: a judged site, TP FP FN or TN)
 *   check split: precision P recall R, N verdicts (M on applications)
 *   judges agree on A of B findings
 *
 * Fails (exit 1) when a finding has no verdict, when a row no longer matches what the rules report (a TP
 * no longer reported, an FN or TN now reported: `--update` turns them into FN, TP and FP keeping their
 * readings), or when a row is malformed.
 *
 * `npm run eval [-- --pending FILE] [--update] [--write] [--config strict] [project…]`
 *   --pending FILE  write the unjudged findings, with their code, to FILE (JSON) for blind readers
 *   --update        rewrite the verdicts of rows whose finding appeared or went (their readings stay)
 *   --write         record the summary in docs/eval.md
 *   --config NAME   lint with another shipped config (the ledger judges `recommended`)
 *   --findings FILE write every finding (judged or not) to FILE (JSON)
 *
 * Files are linted in place in the cache (`$CONCURRENCY_EVAL_CACHE`, default ~/.cache/eslint-plugin-concurrency/eval),
 * so a rule sees each file's real path and its package's package.json. JavaScript files go through ESLint's
 * default parser, TypeScript files through typescript-eslint's, as in a project that uses each. Where
 * ../shared/apps is absent (a clone without it), the applications are left out and the run says so.
 */
import { readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Linter } from "eslint";
import tsParser from "@typescript-eslint/parser";
import { ROOT } from "../bench/workspace.mjs";
import { agreement, readLedger, verdictFor, writeLedger } from "./ledger.mjs";
import { listProjects, materialize, sourceFiles } from "./projects.mjs";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    pending: { type: "string" },
    findings: { type: "string" },
    write: { type: "boolean" },
    update: { type: "boolean" },
    config: { type: "string", default: "recommended" },
  },
});

const plugin = (await import(path.join(ROOT, "dist", "src", "index.js"))).default;
const LEDGER = path.join(ROOT, "eval", "verdicts.tsv");
const CACHE = process.env.CONCURRENCY_EVAL_CACHE ?? path.join(os.homedir(), ".cache", "eslint-plugin-concurrency", "eval");
const LINTABLE = ["**/*.js", "**/*.cjs", "**/*.mjs", "**/*.jsx", "**/*.ts", "**/*.cts", "**/*.mts", "**/*.tsx"];
const SPLITS = ["tune", "check"];
const TARGET_PRECISION = 0.9;
const TARGET_RECALL = 0.8;

const { projects: all, appsSource } = listProjects();
const named = (project) => positionals.some((name) => project.id === name || project.id.startsWith(`${name}@`) || project.id === `apps/${name}`);
const chosen = materialize(positionals.length > 0 ? all.filter(named) : all, appsSource, CACHE, console.log);
if (chosen.length === 0) {
  console.log("eval: skipped, no project could be fetched or unpacked (is the npm registry reachable?).");
  process.exit(0);
}

function languageOptionsFor(file) {
  const commonjs = /\.c[jt]s$/u.test(file);
  const options = { ecmaVersion: "latest", sourceType: commonjs ? "commonjs" : "module" };
  if (/\.[cm]?tsx?$/u.test(file)) return { ...options, parser: tsParser, parserOptions: { ecmaFeatures: { jsx: file.endsWith("x") } } };
  return { ...options, parserOptions: { ecmaFeatures: { jsx: file.endsWith("x") } } };
}

const config = plugin.configs[values.config];
if (!config) throw new Error(`No config named ${values.config}`);
const started = performance.now();
const findings = new Map();
let fileCount = 0;
let unparsable = 0;
for (const project of chosen) {
  const linter = new Linter({ configType: "flat", cwd: project.dir });
  for (const relative of sourceFiles(project)) {
    fileCount++;
    const filename = path.join(project.dir, relative);
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
      const key = `${project.id}\t${location}\t${rule}`;
      if (!findings.has(key)) findings.set(key, { pkg: project.id, split: project.split, app: project.kind === "app", location, rule, filename, line: message.line, column: message.column, message: message.message });
    }
  }
}
const seconds = (performance.now() - started) / 1000;

const { rows, problems } = readLedger(LEDGER);
const inScope = new Map(chosen.map((project) => [project.id, project]));
const judgedCode = values.config === "recommended";
let updated = 0;
for (const [key, row] of rows) {
  const project = inScope.get(row.pkg);
  if (!project || !judgedCode) continue;
  if (row.split !== project.split && !row.reason.includes("moved to")) problems.push(`${row.where}: split ${row.split}, but ${row.pkg} is in ${project.split} (a row moves only with a note: "moved to ${row.split}: why")`);
  const reported = findings.has(key);
  const wasReported = row.verdict === "TP" || row.verdict === "FP";
  if (reported === wasReported) continue;
  const now = verdictFor(reported, row.verdict === "TP" || row.verdict === "FN" ? "TP" : "FP");
  if (values.update) {
    row.verdict = now;
    updated++;
  } else problems.push(`${row.where}: ${row.verdict} but ${reported ? "now reported" : "no longer reported"}; it is now ${now} (npm run eval -- --update rewrites it, keeping its readings)`);
}
if (updated > 0) {
  writeLedger(LEDGER, rows.values());
  console.log(`eval: ${updated} rows now match what the rules report (their readings kept)`);
}

const unjudged = [...findings.entries()].filter(([key]) => !rows.has(key)).map(([, finding]) => finding);
const ruleIds = Object.keys(plugin.rules).sort();
const empty = () => Object.fromEntries(ruleIds.map((id) => [id, { TP: 0, FP: 0, FN: 0, TN: 0, unjudged: 0, apps: 0 }]));
const stats = { tune: empty(), check: empty() };
let agreeing = 0;
let doublyRead = 0;
for (const finding of unjudged) stats[finding.split][finding.rule].unjudged++;
for (const row of rows.values()) {
  const project = inScope.get(row.pkg);
  if (!project || !judgedCode || !stats[row.split]?.[row.rule]) continue;
  const cell = stats[row.split][row.rule];
  cell[row.verdict]++;
  if (project.kind === "app") cell.apps++;
  if (row.verdict === "TP" || row.verdict === "FP") {
    const agree = agreement(row.readings);
    if (agree !== undefined) {
      doublyRead++;
      if (agree) agreeing++;
    }
  }
}

const ratio = (a, b) => (b === 0 ? "n/a" : (a / b).toFixed(2));
const totals = {};
const tables = {};
const misses = [];
for (const split of SPLITS) {
  const table = ["| rule | findings | TP | FP | precision | FN (misses) | recall | TN | verdicts (on applications) |", "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"];
  const total = { TP: 0, FP: 0, FN: 0, TN: 0, apps: 0 };
  for (const id of ruleIds) {
    const s = stats[split][id];
    for (const field of ["TP", "FP", "FN", "TN", "apps"]) total[field] += s[field];
    const verdicts = s.TP + s.FP + s.FN + s.TN;
    table.push(`| ${id} | ${s.TP + s.FP + s.unjudged} | ${s.TP} | ${s.FP} | ${ratio(s.TP, s.TP + s.FP)} | ${s.FN} | ${ratio(s.TP, s.TP + s.FN)} | ${s.TN} | ${verdicts} (${s.apps}) |`);
    if (split === "check" && s.TP + s.FP > 0 && s.TP / (s.TP + s.FP) < TARGET_PRECISION) misses.push(`${id}: check precision ${ratio(s.TP, s.TP + s.FP)} < ${TARGET_PRECISION}`);
    if (split === "check" && s.TP + s.FN > 0 && s.TP / (s.TP + s.FN) < TARGET_RECALL) misses.push(`${id}: check recall ${ratio(s.TP, s.TP + s.FN)} < ${TARGET_RECALL}`);
  }
  totals[split] = total;
  tables[split] = table.join("\n");
}
const line = (split) => {
  const t = totals[split];
  return `${split} split: precision ${ratio(t.TP, t.TP + t.FP)} recall ${ratio(t.TP, t.TP + t.FN)}, ${t.TP + t.FP + t.FN + t.TN} verdicts (${t.apps} on applications)`;
};
const summaryLines = [line("tune"), line("check"), `judges agree on ${agreeing} of ${doublyRead} findings`];

const apps = chosen.filter((project) => project.kind === "app").length;
console.log(`eval: ${chosen.length - apps} packages and ${apps} applications, ${fileCount} files (${unparsable} not parsable as given), ${findings.size} findings, ${seconds.toFixed(1)} s, config ${values.config}`);
for (const split of SPLITS) console.log(`\n${split} split\n${tables[split]}`);
for (const miss of misses) console.log(`target missed: ${miss}`);

if (values.write && positionals.length === 0 && judgedCode) {
  const page = path.join(ROOT, "docs", "eval.md");
  const begin = "<!-- begin eval summary -->";
  const end = "<!-- end eval summary -->";
  const summary = [
    begin,
    "",
    `${chosen.length - apps} npm packages and ${apps} applications, ${fileCount} files, ${findings.size} findings (\`recommended\`).`,
    "",
    "```",
    ...summaryLines,
    "```",
    "",
    ...SPLITS.flatMap((split) => [`**${split} split**`, "", tables[split], ""]),
    end,
  ].join("\n");
  writeFileSync(page, readFileSync(page, "utf8").replace(new RegExp(`${begin}[\\s\\S]*${end}`, "u"), summary));
}

const withCode = (finding) => {
  const lines = readFileSync(finding.filename, "utf8").split("\n");
  const from = Math.max(0, finding.line - 16);
  const code = lines.slice(from, finding.line + 10).map((text, index) => `${from + index + 1}${from + index + 1 === finding.line ? ">" : " "} ${text}`).join("\n");
  return { ...finding, code };
};
if (values.pending) {
  writeFileSync(values.pending, JSON.stringify(unjudged.map(withCode), null, 1));
  console.log(`eval: ${unjudged.length} unjudged findings written to ${values.pending}`);
}
if (values.findings) writeFileSync(values.findings, JSON.stringify([...findings.values()], null, 1));

for (const problem of problems) console.log(`FAIL ${problem}`);
for (const finding of unjudged.slice(0, 50)) console.log(`UNJUDGED ${finding.pkg}\t${finding.location}\t${finding.rule}`);
if (unjudged.length > 50) console.log(`… and ${unjudged.length - 50} more unjudged findings (--pending FILE lists them all)`);
if (judgedCode) console.log(`\n${summaryLines.join("\n")}`);
process.exit(problems.length > 0 || unjudged.length > 0 ? 1 : 0);
