/**
 * `npm run bench`: the plugin's cost against ESLint with the same parser and no rules, and the codemod's
 * files/second, peak memory and ratio to `eslint --fix`, over the sources of real npm packages. Each
 * measurement runs in its own process; `BENCH_RUNS=n` repeats each and keeps the fastest.
 * `--record` writes the figures into docs/performance.md (between the bench markers).
 * Not a test: nothing here fails on a slow machine.
 */
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync, mkdirSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ROOT, CACHE, fetchPackages, prepareTypedWorkspace, prepareWorkspace, removeWorkspace } from "./workspace.mjs";

const runs = Math.max(1, Number(process.env.BENCH_RUNS ?? 1));
const record = process.argv.includes("--record");
const MODES = ["parse", "plugin", "eslint-fix", "codemod", "codemod-no-prefilter"];
/** Over the typed workspace (a tsconfig, type information, the codemod's type check). */
const TYPED_MODES = ["eslint-fix-typed", "codemod-typed"];

const packageDirs = fetchPackages();
if (packageDirs.length === 0) {
  console.error("bench: no package could be fetched (is the npm registry reachable?); nothing measured.");
  process.exit(0);
}
const { workspace, files } = prepareWorkspace(packageDirs);
const bytes = files.reduce((sum, file) => sum + readFileSync(file).length, 0);
console.error(`bench: ${files.length} files (${(bytes / 1024 / 1024).toFixed(1)} MB) from ${packageDirs.map((dir) => path.basename(dir)).join(", ")}`);

const results = {};
const typed = prepareTypedWorkspace();
function measure(modes, dir) {
  for (const mode of modes) {
    for (let run = 0; run < runs; run++) {
      const out = execFileSync(process.execPath, [path.join(ROOT, "bench", "measure.mjs"), mode, dir], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
      const result = JSON.parse(out.trim().split("\n").pop());
      if (!results[mode] || result.ms < results[mode].ms) results[mode] = result;
      console.error(`bench: ${mode}: ${result.ms} ms (CPU ${result.cpuMs} ms), ${result.maxRssMb} MB peak`);
    }
  }
}
try {
  measure(MODES, workspace);
  measure(TYPED_MODES, typed.workspace);
} finally {
  removeWorkspace(workspace);
  removeWorkspace(typed.workspace);
}

const ratio = (a, b) => (results[a].ms / results[b].ms).toFixed(2);
const cpuRatio = (a, b) => (results[a].cpuMs / results[b].cpuMs).toFixed(2);
const cpu = os.cpus()[0]?.model ?? "unknown CPU";
const machine = `${cpu} × ${os.cpus().length}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB RAM, ${os.type()} ${os.release()}, Node ${process.versions.node}, load average ${os.loadavg()[0].toFixed(1)}`;
const date = new Date().toISOString().slice(0, 10);
const rows = [
  "| measurement | time | CPU time | files/s | peak RSS | notes |",
  "| --- | ---: | ---: | ---: | ---: | --- |",
  ...[...MODES, ...TYPED_MODES].map((mode) => {
    const r = results[mode];
    const notes = Object.entries(r)
      .filter(([key]) => !["mode", "files", "ms", "cpuMs", "filesPerSecond", "maxRssMb"].includes(key))
      .map(([key, value]) => `${key} ${value}`)
      .join(", ");
    return `| ${mode} | ${(r.ms / 1000).toFixed(1)} s | ${(r.cpuMs / 1000).toFixed(1)} s | ${r.filesPerSecond} | ${r.maxRssMb} MB | ${notes} |`;
  }),
];
const markdown = [
  `Measured on ${date}: ${machine}.`,
  `Typed tree: ${typed.files.length} TypeScript files (the sample backend and this repository's sources) under one strict tsconfig.`,
  `Tree: ${files.length} JS/TS files (${(bytes / 1024 / 1024).toFixed(1)} MB) from the published packages ${packageDirs.map((dir) => path.basename(dir)).join(", ")}. Best of ${runs} run${runs > 1 ? "s" : ""}.`,
  "",
  ...rows,
  "",
  `- Plugin cost: all rules on / no rules = **${ratio("plugin", "parse")}×** the time of ESLint with the same parser.`,
  `- Codemod / \`eslint --fix\` (same rules and options, nothing written) = **${ratio("codemod", "eslint-fix")}×** (CPU ${cpuRatio("codemod", "eslint-fix")}×); without the pre-filter ${ratio("codemod-no-prefilter", "eslint-fix")}×.`,
  `- Typed project (${typed.files.length} files, ${results["codemod-typed"].changed} changed): codemod with its type check / typed \`eslint --fix\` = **${ratio("codemod-typed", "eslint-fix-typed")}×** (CPU ${cpuRatio("codemod-typed", "eslint-fix-typed")}×).`,
  `- Codemod: **${results.codemod.filesPerSecond} files/s**, peak RSS **${results.codemod.maxRssMb} MB**.`,
].join("\n");
console.log(markdown);
mkdirSync(CACHE, { recursive: true });
writeFileSync(path.join(CACHE, "last-run.json"), JSON.stringify({ date, machine, files: files.length, bytes, results }, null, 2));

if (record) {
  const docs = path.join(ROOT, "docs", "performance.md");
  const text = readFileSync(docs, "utf8");
  const start = "<!-- bench:start -->";
  const end = "<!-- bench:end -->";
  const before = text.slice(0, text.indexOf(start) + start.length);
  const after = text.slice(text.indexOf(end));
  writeFileSync(docs, `${before}\n${markdown}\n${after}`);
  console.error(`bench: recorded in ${path.relative(ROOT, docs)}`);
}
