/**
 * One measurement in a fresh process (so its peak memory is its own): `node bench/measure.mjs <mode> <workspace>`.
 * Prints `{ mode, files, ms, maxRssMb, ... }` as JSON. Modes:
 * - `parse`: ESLint `Linter` with this plugin's parser and no rules (the cost of ESLint itself);
 * - `plugin`: the same with every rule of the plugin on (default options);
 * - `eslint-fix`: the `ESLint` class with `fix: true` and the codemod's rule options, nothing written
 *   (what `eslint --fix-dry-run` does);
 * - `codemod`: `runCodemod({ dryRun: true })` over the workspace; `codemod-no-prefilter` the same without the pre-filter.
 * - `eslint-fix-typed`, `codemod-typed`: the same two over the typed workspace (its tsconfig gives types; the
 *   codemod also type-checks the changed files and the files importing them).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { ESLint, Linter } from "eslint";

const [mode, workspace] = process.argv.slice(2);
const dist = path.resolve(path.dirname(new URL(import.meta.url).pathname), "..", "dist", "src");
const { default: plugin } = await import(path.join(dist, "index.js"));
const { languageOptionsFor, LINTABLE_EXTENSIONS } = await import(path.join(dist, "util", "language-options.js"));
const codemod = await import(path.join(dist, "codemod", "index.js"));
const files = JSON.parse(readFileSync(path.join(workspace, "files.json"), "utf8"));
const FILES = LINTABLE_EXTENSIONS.map((ext) => `**/*${ext}`);

function rulesRecord(ids, withCodemodOptions) {
  return Object.fromEntries(ids.map((id) => [`concurrency/${id}`, ["error", ...(withCodemodOptions ? codemod.ruleOptionsFor(id, {}) : [])]]));
}

const configs = new Map();
function linterConfig(filename, rules) {
  const key = path.extname(filename);
  if (!configs.has(key)) configs.set(key, buildConfig(filename, rules));
  return configs.get(key);
}

function buildConfig(filename, rules) {
  return [
    {
      files: FILES,
      languageOptions: languageOptionsFor(filename),
      linterOptions: { reportUnusedDisableDirectives: "off" },
      plugins: { concurrency: plugin },
      rules,
    },
  ];
}

const started = performance.now();
const cpuStarted = process.cpuUsage();
const extra = {};
if (mode === "parse" || mode === "plugin") {
  const linter = new Linter({ configType: "flat", cwd: "/" });
  const rules = mode === "plugin" ? rulesRecord(Object.keys(plugin.rules), false) : {};
  let findings = 0;
  let fatal = 0;
  for (const file of files) {
    const messages = linter.verify(readFileSync(file, "utf8"), linterConfig(file, rules), { filename: file });
    fatal += messages.filter((message) => message.fatal).length;
    findings += messages.filter((message) => message.ruleId?.startsWith("concurrency/")).length;
  }
  Object.assign(extra, { findings, unparsable: fatal });
} else if (mode === "eslint-fix" || mode === "eslint-fix-typed") {
  // Typed: typescript-eslint builds the program from the workspace's tsconfig, as a typed lint config does.
  const parserOptions = mode === "eslint-fix-typed" ? { project: path.join(workspace, "tsconfig.json"), tsconfigRootDir: workspace } : {};
  const rules = rulesRecord(codemod.rulesWithFix(), true);
  const groups = [
    ["**/*.cjs", "**/*.cts"],
    ["**/*.tsx", "**/*.jsx"],
    ["**/*.ts", "**/*.mts", "**/*.js", "**/*.mjs"],
  ];
  const eslint = new ESLint({
    cwd: workspace,
    overrideConfigFile: true,
    fix: true,
    overrideConfig: groups.map((patterns) => ({
      files: patterns,
      languageOptions: languageOptionsFor(patterns[0].replace("**/*", "x"), parserOptions),
      linterOptions: { reportUnusedDisableDirectives: "off" },
      plugins: { concurrency: plugin },
      rules,
    })),
  });
  const results = await eslint.lintFiles(files);
  Object.assign(extra, { changed: results.filter((result) => result.output !== undefined).length, unparsable: results.filter((result) => result.messages.some((message) => message.fatal)).length });
} else if (mode === "codemod" || mode === "codemod-no-prefilter" || mode === "codemod-typed" || mode === "codemod-typed-no-verify") {
  // Typed: the workspace's tsconfig gives type information and the type check of changed files and their importers.
  const result = await codemod.runCodemod({ cwd: workspace, paths: ["."], dryRun: true, prefilter: mode !== "codemod-no-prefilter", verify: mode !== "codemod-typed-no-verify" });
  Object.assign(extra, {
    scanned: result.summary.filesScanned,
    skippedByPrefilter: result.summary.filesSkippedByPrefilter,
    changed: result.summary.filesChanged,
    findings: result.findings.length,
    fixed: result.findings.filter((finding) => finding.status === "fixed").length,
    unparsable: result.summary.filesUnparsable,
    rolledBack: result.summary.filesRolledBack,
  });
} else {
  throw new Error(`unknown mode ${mode}`);
}
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuStarted);
// CPU time (user + system) is steadier than wall time on a shared machine.
extra.cpuMs = Math.round((cpu.user + cpu.system) / 1000);
process.stdout.write(
  `${JSON.stringify({ mode, files: files.length, ms: Math.round(ms), filesPerSecond: Math.round((files.length / ms) * 1000), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), ...extra })}\n`,
);
