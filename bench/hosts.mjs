/**
 * `npm run build && node bench/hosts.mjs [--runs n] [--tree packages|fixtures|both] [--config all|strict|recommended]`:
 * the wall time of the two hosts running this plugin's seven rules (the `all` config by default: every rule,
 * default options; `strict` adds the options that also check scripts, tests and more) over the same tree, each
 * run as its own CLI process, as a user runs them:
 * - ESLint (this repository's, v10) with typescript-eslint's parser for every file, in one thread and with
 *   `--concurrency 2`;
 * - oxlint (this repository's) with `"jsPlugins"` pointing at the built plugin, on every core and on one
 *   (`--threads 1`).
 * Trees: `packages`, the sources of the real npm packages that `npm run bench` lints (bench/workspace.mjs),
 * and `fixtures`, a copy of fixtures/ (every rule's cases and the sample app: a tree with findings).
 * Prints a Markdown table per tree; best of `--runs` (default 3). Compares the findings of the two hosts (file,
 * rule, line, column) and says whether they are the same. Not a test: nothing here fails on a slow machine.
 */
import { spawnSync } from "node:child_process";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { fetchPackages, prepareWorkspace, removeWorkspace, ROOT } from "./workspace.mjs";

const { values } = parseArgs({ options: { runs: { type: "string", default: "3" }, tree: { type: "string", default: "both" }, config: { type: "string", default: "all" } } });
const CONFIG = values.config;
if (!["all", "strict", "recommended"].includes(CONFIG)) throw new Error(`--config must be all, strict or recommended, got ${CONFIG}`);
const runs = Math.max(1, Number(values.runs));
const ESLINT = path.join(ROOT, "node_modules", "eslint", "bin", "eslint.js");
const OXLINT = path.join(ROOT, "node_modules", "oxlint", "bin", "oxlint");
const DIST = path.join(ROOT, "dist", "src");
const version = (name) => JSON.parse(readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")).version;

/** The plugin's `all` config per group of extensions, with typescript-eslint's parser (as measure.mjs's eslint-fix). */
const ESLINT_CONFIG = `import concurrency from ${JSON.stringify(path.join(DIST, "index.js"))};
import { languageOptionsFor } from ${JSON.stringify(path.join(DIST, "util", "language-options.js"))};

const groups = [["**/*.cjs", "**/*.cts"], ["**/*.tsx", "**/*.jsx"], ["**/*.ts", "**/*.mts", "**/*.js", "**/*.mjs"]];
export default groups.map((files) => ({
  ...concurrency.configs[process.env.CONCURRENCY_CONFIG],
  files,
  languageOptions: languageOptionsFor(files[0].replace("**/*", "x")),
  linterOptions: { reportUnusedDisableDirectives: "off" },
}));
`;

/** The same seven rules under oxlint, its own rules off. */
async function oxlintrc() {
  const { default: plugin } = await import(path.join(DIST, "index.js"));
  return `${JSON.stringify({ plugins: [], categories: { correctness: "off" }, jsPlugins: [path.join(DIST, "index.js")], rules: plugin.configs[CONFIG].rules }, null, 2)}\n`;
}

/** One timed CLI run: wall milliseconds, findings of the plugin, files that could not be parsed, other errors. */
function timed(command, args, cwd, count) {
  const started = performance.now();
  const run = spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 512 * 1024 * 1024, env: { ...process.env, CONCURRENCY_CONFIG: CONFIG } });
  const ms = performance.now() - started;
  if (run.status !== 0 && run.status !== 1) throw new Error(`${path.basename(args[0] ?? command)} exited ${run.status}: ${run.stderr.slice(0, 2000)}`);
  return { ms, ...count(run.stdout, cwd) };
}

function countEslint(stdout, cwd) {
  const results = JSON.parse(stdout);
  const keys = results.flatMap((result) =>
    result.messages.filter((message) => message.ruleId?.startsWith("concurrency/")).map((message) => `${path.relative(cwd, result.filePath)} ${message.ruleId} ${message.line}:${message.column}`),
  );
  return {
    files: results.length,
    findings: keys.length,
    keys,
    unparsable: results.filter((result) => result.messages.some((message) => message.fatal)).length,
  };
}

function countOxlint(stdout, cwd) {
  const json = JSON.parse(stdout);
  const keys = json.diagnostics
    .filter((diagnostic) => diagnostic.code?.startsWith("concurrency("))
    .map((diagnostic) => `${path.relative(cwd, path.resolve(cwd, diagnostic.filename))} ${diagnostic.code.replace(/^concurrency\((.*)\)$/u, "concurrency/$1")} ${diagnostic.labels[0].span.line}:${diagnostic.labels[0].span.column}`);
  return {
    files: json.number_of_files,
    findings: keys.length,
    keys,
    // Parse errors and plugin errors ("Error running JS plugin.") have no rule code.
    unparsable: new Set(json.diagnostics.filter((diagnostic) => !diagnostic.code?.startsWith("concurrency(")).map((diagnostic) => diagnostic.filename)).size,
  };
}

async function measure(name, workspace, description) {
  writeFileSync(path.join(workspace, "eslint.config.mjs"), ESLINT_CONFIG);
  writeFileSync(path.join(workspace, ".oxlintrc.json"), await oxlintrc());
  const hosts = [
    ["ESLint " + version("eslint"), process.execPath, [ESLINT, "--config", "eslint.config.mjs", ".", "--format", "json"], countEslint],
    ["ESLint " + version("eslint") + " `--concurrency 2`", process.execPath, [ESLINT, "--config", "eslint.config.mjs", ".", "--format", "json", "--concurrency", "2"], countEslint],
    [`oxlint ${version("oxlint")} (${os.cpus().length} threads)`, process.execPath, [OXLINT, "-c", ".oxlintrc.json", "-f", "json", "."], countOxlint],
    [`oxlint ${version("oxlint")} \`--threads 1\``, process.execPath, [OXLINT, "-c", ".oxlintrc.json", "-f", "json", "--threads", "1", "."], countOxlint],
  ];
  const best = [];
  for (const [label, command, args, count] of hosts) {
    let fastest;
    for (let run = 0; run < runs; run++) {
      const result = timed(command, args, workspace, count);
      console.error(`hosts: ${name}: ${label}: ${Math.round(result.ms)} ms, ${result.files} files, ${result.findings} findings, ${result.unparsable} unparsable`);
      if (!fastest || result.ms < fastest.ms) fastest = result;
    }
    best.push([label, fastest]);
  }
  const eslintMs = best[0][1].ms;
  const rows = best.map(([label, r]) => `| ${label} | ${(r.ms / 1000).toFixed(2)} s | ${(eslintMs / r.ms).toFixed(1)}× | ${r.files} | ${r.findings} | ${r.unparsable} |`);
  const sorted = (keys) => [...keys].sort().join("\n");
  const eslintKeys = sorted(best[0][1].keys);
  const disagreeing = best.filter(([, r]) => sorted(r.keys) !== eslintKeys).map(([label]) => label);
  const onlyIn = (a, b) => a.keys.filter((key) => !new Set(b.keys).has(key));
  for (const [label, r] of best.slice(1)) {
    for (const key of onlyIn(r, best[0][1]).slice(0, 20)) console.error(`hosts: ${name}: only under ${label}: ${key}`);
    for (const key of onlyIn(best[0][1], r).slice(0, 20)) console.error(`hosts: ${name}: not under ${label}: ${key}`);
  }
  return [
    `**${name}**, \`${CONFIG}\` config: ${description}. Best of ${runs} run${runs > 1 ? "s" : ""} each.`,
    "",
    "| host | wall time | speed-up over ESLint | files | findings | unparsable |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
    "",
    disagreeing.length === 0
      ? `Each host reports the same ${best[0][1].findings} findings (file, rule, line, column).`
      : `**Findings differ from ESLint's** under ${disagreeing.join(", ")} (listed on stderr).`,
  ].join("\n");
}

const sections = [];
if (values.tree === "packages" || values.tree === "both") {
  const packageDirs = fetchPackages();
  if (packageDirs.length === 0) console.error("hosts: no package could be fetched (is the npm registry reachable?); the packages tree is left out.");
  else {
    const { workspace, files } = prepareWorkspace(packageDirs);
    const bytes = files.reduce((sum, file) => sum + readFileSync(file).length, 0);
    try {
      sections.push(await measure("packages", workspace, `${files.length} JS/TS files (${(bytes / 1024 / 1024).toFixed(1)} MB) of the published ${packageDirs.map((dir) => path.basename(dir)).join(", ")}`));
    } finally {
      removeWorkspace(workspace);
    }
  }
}
if (values.tree === "fixtures" || values.tree === "both") {
  const workspace = mkdtempSync(path.join(os.tmpdir(), "concurrency-hosts-fixtures-"));
  try {
    cpSync(path.join(ROOT, "fixtures"), path.join(workspace, "fixtures"), { recursive: true });
    sections.push(await measure("fixtures", workspace, "a copy of fixtures/ (every rule's inputs, outputs and valid files, and the sample app)"));
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

const cpu = os.cpus()[0]?.model ?? "unknown CPU";
console.log(
  [
    `Measured on ${new Date().toISOString().slice(0, 10)}: ${cpu} × ${os.cpus().length}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GB RAM, ${os.type()} ${os.release()}, Node ${process.versions.node}, load average ${os.loadavg()[0].toFixed(1)}.`,
    "",
    sections.join("\n\n"),
  ].join("\n"),
);
