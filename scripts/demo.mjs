#!/usr/bin/env node
// `npm run demo`: lints the bundled sample backend (fixtures/sample-app) with every rule, prints the
// findings as a person reads them (file:line, rule, message, fix or suggestion, docs link) grouped by
// file and counted per rule, then shows the codemod's dry-run diff of a copy of the same app.
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const app = path.join(root, "fixtures", "sample-app");
const { default: plugin } = await import(path.join(root, "dist/src/index.js"));
const { languageOptionsFor, LINTABLE_FILES } = await import(path.join(root, "dist/src/util/language-options.js"));

const color = process.stdout.isTTY && !process.env.NO_COLOR;
const paint = (code) => (text) => (color ? `\u001B[${code}m${text}\u001B[0m` : text);
const bold = paint("1");
const dim = paint("2");
const red = paint("31");
const yellow = paint("33");
const cyan = paint("36");

const eslint = new ESLint({
  cwd: app,
  overrideConfigFile: true,
  overrideConfig: [
    { files: LINTABLE_FILES, languageOptions: languageOptionsFor("x.ts") },
    { files: ["**/*.cjs", "**/*.cts"], languageOptions: languageOptionsFor("x.cjs") },
    plugin.configs.all,
  ],
});

const results = (await eslint.lintFiles(["src"])).filter((result) => result.messages.length > 0);
const perRule = new Map();
let total = 0;

console.log(bold(`eslint-plugin-concurrency demo: linting ${path.relative(root, app)}/src with every rule\n`));
for (const result of results.sort((a, b) => a.filePath.localeCompare(b.filePath))) {
  const relative = path.relative(app, result.filePath);
  console.log(bold(cyan(relative)) + dim(`  (${result.messages.length} finding${result.messages.length === 1 ? "" : "s"})`));
  for (const message of result.messages) {
    total += 1;
    if (message.fatal) {
      console.log(`  ${red(`${relative}:${message.line}:${message.column}`)}  ${red("parse error")}  ${message.message}`);
      continue;
    }
    const id = message.ruleId.replace(/^concurrency\//u, "");
    perRule.set(id, (perRule.get(id) ?? 0) + 1);
    const remedy = message.fix ? yellow("[autofix]") : message.suggestions?.length ? yellow("[suggestion]") : dim("[manual]");
    console.log(`  ${relative}:${message.line}:${message.column}  ${bold(id)} ${remedy}`);
    console.log(`    ${message.message}`);
    console.log(`    ${dim(plugin.rules[id].meta.docs.url)}`);
  }
  console.log("");
}

console.log(bold(`${total} finding${total === 1 ? "" : "s"} in ${results.length} file${results.length === 1 ? "" : "s"}`));
for (const [id, count] of [...perRule].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))) {
  console.log(`  ${String(count).padStart(3)}  ${id}`);
}

// The codemod over a copy of the app, as a dry run: what it would change, and what it would leave.
let codemod;
try {
  codemod = await import(path.join(root, "dist/src/codemod/index.js"));
} catch {
  codemod = undefined;
}
if (codemod?.runCodemod) {
  const copy = mkdtempSync(path.join(os.tmpdir(), "concurrency-demo-"));
  try {
    cpSync(app, copy, { recursive: true });
    // The copy resolves p-limit and type definitions from this repository, as the app does in place.
    symlinkSync(path.join(root, "node_modules"), path.join(copy, "node_modules"), "dir");
    console.log(bold(`\nconcurrency-codemod --dry-run (on a copy of the sample app)\n`));
    const result = await codemod.runCodemod({ cwd: copy, paths: ["src"], dryRun: true });
    for (const file of result.files) {
      if (file.diff) process.stdout.write(color ? colorDiff(file.diff) : file.diff);
    }
    process.stdout.write(`\n${codemod.formatSummary(result)}`);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}

function colorDiff(diff) {
  return diff
    .split("\n")
    .map((line) => (line.startsWith("+") && !line.startsWith("+++") ? `\u001B[32m${line}\u001B[0m` : line.startsWith("-") && !line.startsWith("---") ? `\u001B[31m${line}\u001B[0m` : line))
    .join("\n");
}
