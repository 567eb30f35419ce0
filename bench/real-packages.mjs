/**
 * Integration check over real npm packages' sources: every rule (with the codemod's options, `autofix` on,
 * over the wide net of each rule's `strict` options)
 * through the codemod's engine and `--fix` passes. Fails (exit 1) on any rule crash, any fixed output that
 * does not parse, any file whose fix passes do not reach a fixed point, any second run that changes it,
 * and any import a person would not write (a second import of a module, a numbered name such as `readFile2`).
 * Skips cleanly (exit 0, with a message) when the registry is unreachable.
 * `npm run build && node bench/real-packages.mjs [package…]`.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fetchPackages, PACKAGES, prepareWorkspace, removeWorkspace, ROOT } from "./workspace.mjs";

/**
 * Besides the libraries that `npm run bench` times, application code, where the rules report and the fixes
 * apply most: agent platforms and app servers of the real-world ledger (eval/packages.json), pinned.
 */
const APPLICATIONS = ["flowise-components@3.1.4", "uptime-kuma@2.0.0-dev.0", "parse-server@9.10.0", "signalk-server@2.23.0"];

const dist = path.join(ROOT, "dist", "src");
const { Engine, ruleOptionsFor, mayMatch } = await import(path.join(dist, "codemod", "index.js"));
const { rules } = await import(path.join(dist, "rules.js"));

const names = process.argv.slice(2);
const packageDirs = fetchPackages(names.length > 0 ? names : [...PACKAGES, ...APPLICATIONS]);
if (packageDirs.length === 0) {
  console.log("real-packages: skipped, no package could be fetched (the npm registry is unreachable?).");
  process.exit(0);
}
const { workspace, files } = prepareWorkspace(packageDirs);
const ruleIds = Object.keys(rules).sort();
// The wide net (each rule's `strict` options) on top of the codemod's options: `recommended` is silent on most
// library code, and this check is about what the fixes do to real code, so it exercises as many as it can.
const wideNet = (id) => {
  const [codemod = {}] = ruleOptionsFor(id, {});
  const [strict = {}] = rules[id].meta.docs?.strictOptions ?? [];
  const merged = { ...strict, ...codemod };
  return Object.keys(merged).length > 0 ? [merged] : [];
};
const engine = new Engine({ ruleIds, ruleOptions: Object.fromEntries(ruleIds.map((id) => [id, wideNet(id)])) });

/** Module specifiers a text imports or requires, with how often (`node:` folded). */
function importCounts(text) {
  const counts = new Map();
  for (const match of text.matchAll(/(?:\bfrom\s*|\brequire\(\s*|\bimport\(\s*)["']([^"']+)["']/gu)) {
    const module = match[1].replace(/^node:/u, "");
    counts.set(module, (counts.get(module) ?? 0) + 1);
  }
  return counts;
}

/** What a person would not write: a second import of a module the fix added to, or a numbered name (`readFile2`) the fix introduced. */
function importProblems(before, after) {
  const problems = [];
  const old = importCounts(before);
  for (const [module, count] of importCounts(after)) {
    if (count > 1 && count > (old.get(module) ?? 0)) problems.push(`the fix adds a second import of ${module}`);
  }
  const identifiers = (text) => new Set(text.match(/\b[A-Za-z_$][\w$]*\b/gu) ?? []);
  const known = identifiers(before);
  for (const name of identifiers(after)) {
    const base = /^([A-Za-z_$][\w$]*?[A-Za-z_$])\d+$/u.exec(name)?.[1];
    if (base && !known.has(name) && (known.has(base) || after.includes(`${base} `))) problems.push(`the fix introduces a numbered name ${name}`);
  }
  return problems;
}

const failures = [];
let unparsable = 0;
let changed = 0;
let findings = 0;
let skippable = 0;
try {
  for (const file of files) {
    const text = readFileSync(file, "utf8").replace(/^\uFEFF/u, "");
    const name = path.relative(workspace, file);
    let result;
    try {
      result = engine.fix(text, file);
    } catch (error) {
      failures.push(`${name}: a rule crashed: ${error.stack ?? error}`);
      continue;
    }
    if (result.fatal?.pass === 1) {
      unparsable++;
      continue;
    }
    if (result.fatal) {
      failures.push(`${name}: fixed output does not parse (pass ${result.fatal.pass}): ${result.fatal.message.message}`);
      continue;
    }
    if (!result.converged) failures.push(`${name}: the fix passes did not reach a fixed point within the bound`);
    const found = result.applied.length + result.remaining.length;
    findings += found;
    // The pre-filter may only skip files without findings.
    if (!mayMatch(text, ruleIds)) {
      skippable++;
      if (found > 0) failures.push(`${name}: the pre-filter would skip a file with ${found} finding(s)`);
    }
    if (result.output !== text) {
      changed++;
      for (const problem of importProblems(text, result.output)) failures.push(`${name}: ${problem}`);
      const error = engine.parseError(result.output, file);
      if (error) failures.push(`${name}: fixed output does not parse: ${error}`);
      const again = engine.fix(result.output, file);
      if (again.output !== result.output) failures.push(`${name}: a second run changes the fixed output again`);
    }
  }
} finally {
  removeWorkspace(workspace);
}

console.log(`real-packages: ${files.length} files from ${packageDirs.map((dir) => path.basename(dir)).join(", ")}; ${findings} findings, ${changed} files fixed, ${unparsable} not parsable as given (skipped), ${skippable} the pre-filter would skip, ${failures.length} failures.`);
for (const failure of failures) console.log(`  FAIL ${failure}`);
process.exit(failures.length > 0 ? 1 : 0);
