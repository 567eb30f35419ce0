#!/usr/bin/env node
// Keeps the docs in step with the rules: every rule has docs/rules/<id>.md whose title and description
// match its meta and whose sections are the required ones, no page exists without a rule, and the
// README rules table equals the one generated from the rules' meta. `--fix` rewrites the generated parts.
// Reads the built plugin: run `npm run build` first.
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { default: plugin } = await import(path.join(root, "dist/src/index.js"));
const fix = process.argv.includes("--fix");
const problems = [];

export const SECTIONS = ["## Why", "## Examples", "## What counts as evidence", "## Options", "## What the fix does", "## When not to use it", "## Known misses", "## Related rules"];
const BEGIN = "<!-- begin auto-generated rules list -->";
const END = "<!-- end auto-generated rules list -->";

function configsOf(id) {
  return Object.entries(plugin.configs)
    .filter(([name, config]) => name !== "all" && config.rules?.[`concurrency/${id}`] !== undefined)
    .map(([name]) => `\`${name}\``);
}

function rulesTable() {
  const header = "| Rule | Description | Configs | 🔧 | 💡 | 💭 |\n| --- | --- | --- | --- | --- | --- |";
  const rows = Object.entries(plugin.rules)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([id, rule]) => {
      const meta = rule.meta;
      return `| [${id}](docs/rules/${id}.md) | ${meta.docs.description}. | ${configsOf(id).join(", ")} | ${meta.fixable ? "🔧" : ""} | ${meta.hasSuggestions ? "💡" : ""} | ${meta.docs.requiresTypeChecking ? "💭" : ""} |`;
    });
  const legend = "\n\n🔧 fixable with `--fix` (where the fix keeps behaviour) · 💡 offers suggestions · 💭 requires type information";
  return `${header}\n${rows.join("\n")}${legend}`;
}

for (const [id, rule] of Object.entries(plugin.rules)) {
  const file = path.join(root, "docs/rules", `${id}.md`);
  if (!existsSync(file)) {
    problems.push(`docs/rules/${id}.md is missing`);
    continue;
  }
  let text = readFileSync(file, "utf8");
  const expectedHead = `# ${id}\n\n> ${rule.meta.docs.description}.\n`;
  if (!text.startsWith(expectedHead)) {
    if (fix) {
      const body = text.replace(/^# .*\n+(> .*\n)?/u, "");
      text = `${expectedHead}\n${body.replace(/^\n+/u, "")}`;
      writeFileSync(file, text);
    } else {
      problems.push(`docs/rules/${id}.md: must start with "# ${id}" and "> ${rule.meta.docs.description}." (npm run docs:update)`);
    }
  }
  const headings = text.split("\n").filter((line) => line.startsWith("## "));
  if (JSON.stringify(headings) !== JSON.stringify(SECTIONS)) {
    problems.push(`docs/rules/${id}.md: sections must be exactly ${SECTIONS.join(", ")}; found ${headings.join(", ")}`);
  }
  if (!text.includes("### ❌ Incorrect") || !text.includes("### ✅ Correct")) problems.push(`docs/rules/${id}.md: needs ❌ Incorrect and ✅ Correct examples`);
  const schema = rule.meta.schema?.[0]?.properties ?? {};
  for (const option of Object.keys(schema)) {
    if (!text.includes(`\`${option}\``)) problems.push(`docs/rules/${id}.md: option \`${option}\` is not documented`);
  }
  if (rule.meta.docs.url !== `https://github.com/eslint-plugin-concurrency/eslint-plugin-concurrency/blob/main/docs/rules/${id}.md`) {
    problems.push(`${id}: meta.docs.url is not the stable docs URL`);
  }
}

for (const file of readdirSync(path.join(root, "docs/rules"))) {
  if (file.endsWith(".md") && !(file.slice(0, -3) in plugin.rules)) problems.push(`docs/rules/${file} documents no rule`);
}

const readmePath = path.join(root, "README.md");
const readme = readFileSync(readmePath, "utf8");
const start = readme.indexOf(BEGIN);
const end = readme.indexOf(END);
if (start === -1 || end === -1) {
  problems.push(`README.md: rules table markers ${BEGIN} … ${END} are missing`);
} else {
  const current = readme.slice(start + BEGIN.length, end).trim();
  const expected = rulesTable();
  if (current !== expected) {
    if (fix) writeFileSync(readmePath, `${readme.slice(0, start + BEGIN.length)}\n\n${expected}\n\n${readme.slice(end)}`);
    else problems.push("README.md: the rules table is out of date (npm run docs:update)");
  }
}

if (problems.length > 0) {
  console.error(`docs check failed:\n- ${problems.join("\n- ")}`);
  process.exit(1);
}
console.log(`docs check: ${Object.keys(plugin.rules).length} rules, docs pages and README table in step`);
