/** `runCodemod`: discovery → pre-filter → rules' fixes in passes → verification → atomic writes → reports. */
import { readFileSync, realpathSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Linter } from "eslint";
import { clearModuleCache } from "../util/resolve-module.js";
import { chooseTypeScript } from "../util/typescript.js";
import { resetProject } from "../project/index.js";
import { annotate, manualReason, shortReason } from "./annotate.js";
import { addDependencyText, candidateModules, findingKey, modulesOf, nearestPackageJson, versionRangeFor } from "./dependencies.js";
import { unifiedDiff } from "./diff.js";
import { discoverFiles, isInside } from "./discover.js";
import { fixHelperFanOut, helperTarget } from "./helpers.js";
import { type AppliedFix, CODEMOD_MAX_PASSES, Engine, type FixResult, type TypedParse } from "./engine.js";
import { uncommittedChanges } from "./git.js";
import { type CodemodOptions, ruleOptionsFor, selectRules, shardFiles, CodemodUsageError } from "./options.js";
import { mayMatch } from "./prefilter.js";
import { writeJsonReport, writeSarifReport } from "./report.js";
import type { CodemodResult, CodemodSummary, DependencyChange, FileResult, Finding, FindingStatus, RuleCounts } from "./types.js";
import { type TypeCheckResult, TypeVerifier, type VerifierOptions } from "./verify.js";
import { writeFileAtomic } from "./write.js";

const BOM = "\uFEFF";

/** The options array for each rule; flag-mapped options a rule's schema rejects are dropped with a warning. */
function resolveRuleOptions(ruleIds: readonly string[], options: CodemodOptions, warnings: string[]): Record<string, unknown[]> {
  const result: Record<string, unknown[]> = {};
  for (const id of ruleIds) {
    const wanted = ruleOptionsFor(id, options);
    const explicit = options.ruleOptions?.[id] !== undefined;
    const engine = new Engine({ ruleIds: [id], ruleOptions: { [id]: wanted } });
    try {
      new Linter({ configType: "flat", cwd: "/" }).verify("", engine.config("/x.ts", undefined), { filename: "/x.ts" });
      result[id] = wanted;
    } catch (error) {
      if (explicit) throw new CodemodUsageError(`Invalid options for ${id}: ${(error as Error).message.split("\n")[0]}`);
      const kept: Record<string, unknown> = {};
      for (const [key, value] of Object.entries((wanted[0] ?? {}) as Record<string, unknown>)) {
        const probe = new Engine({ ruleIds: [id], ruleOptions: { [id]: [{ ...kept, [key]: value }] } });
        try {
          new Linter({ configType: "flat", cwd: "/" }).verify("", probe.config("/x.ts", undefined), { filename: "/x.ts" });
          kept[key] = value;
        } catch {
          warnings.push(`${id} does not accept ${key}=${JSON.stringify(value)}; it keeps its default.`);
        }
      }
      result[id] = Object.keys(kept).length > 0 ? [kept] : [];
    }
  }
  return result;
}

/** `{ modules }` for a fixed finding whose fix imports a module the run added to package.json. */
function modulesAdded(fix: AppliedFix, added: readonly string[]): Pick<Finding, "modules"> {
  const modules = fix.imports.filter((module) => added.includes(module));
  return modules.length > 0 ? { modules } : {};
}

function toFinding(message: Linter.LintMessage, file: string, status: FindingStatus, reason: string, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: (message.ruleId ?? "").replace(/^concurrency\//u, ""),
    file,
    line: message.line,
    column: message.column,
    endLine: message.endLine ?? message.line,
    endColumn: message.endColumn ?? message.column,
    message: message.message,
    messageId: message.messageId,
    status,
    reason,
    ...extra,
  };
}

interface FileWork {
  output: string;
  applied: AppliedFix[];
  remaining: Linter.LintMessage[];
  needs: Map<string, string[]>;
  added: string[];
  sourceCode: FixResult["sourceCode"];
  typed: boolean;
  /** `false` when the pass bound stopped the fixes short of a fixed point. */
  converged: boolean;
}

export async function runCodemod(options: CodemodOptions = {}): Promise<CodemodResult> {
  const started = performance.now();
  const cwd = path.resolve(options.cwd ?? process.cwd());
  const mode: CodemodResult["mode"] = options.check ? "check" : options.dryRun ? "dry-run" : "write";
  const writing = mode === "write";
  // Facts about other modules are never carried over from an earlier run (files may have changed since).
  resetProject();
  const warnings: string[] = [];
  const ruleIds = selectRules(options.rules);
  const ruleOptions = resolveRuleOptions(ruleIds, options, warnings);
  const discovery = discoverFiles({ cwd, paths: options.paths, project: options.project, include: options.include, exclude: options.exclude });
  for (const skipped of discovery.skipped) warnings.push(`skipped ${path.relative(cwd, skipped.file)}: ${skipped.reason}`);
  const discovered = discovery.files.length;
  discovery.files = shardFiles(discovery.files, options.shard);
  const base: Omit<CodemodResult, "exitCode" | "files" | "findings" | "summary"> = {
    mode,
    cwd,
    roots: discovery.roots,
    tsconfig: discovery.tsconfig,
    rules: ruleIds,
    ruleOptions,
    ...(options.shard ? { shard: { ...options.shard, of: discovered } } : {}),
    warnings,
  };

  if (writing && discovery.gitRoot && !options.force) {
    const dirty = uncommittedChanges(discovery.gitRoot, discovery.roots);
    if (dirty.length > 0) {
      const refused = `The git tree has uncommitted changes in the given paths (${dirty.length} file${dirty.length > 1 ? "s" : ""}, e.g. ${dirty[0]!.slice(3)}). Commit or stash them, or run with --force (or --dry-run).`;
      const summary = summarize([], [], [], started);
      return { ...base, exitCode: 1, files: [], findings: [], summary, refused };
    }
  }

  const maxPasses = options.maxPasses ?? CODEMOD_MAX_PASSES;
  const engine = new Engine({ ruleIds, ruleOptions, maxPasses });
  const explicitRules = new Set(Object.keys(options.ruleOptions ?? {}).filter((id) => (options.ruleOptions![id] ?? []).length > 0));
  const typedParse: TypedParse | undefined =
    options.types !== false && discovery.tsconfig ? { tsconfig: discovery.tsconfig, tsconfigRootDir: path.dirname(discovery.tsconfig) } : undefined;
  const compiler = options.verify !== false && discovery.tsconfig ? chooseTypeScript(path.dirname(discovery.tsconfig)) : undefined;
  if (compiler?.missing) warnings.push(`The type check is skipped: ${compiler.missing}`);
  const verifier =
    compiler?.ts && discovery.tsconfig
      ? new TypeVerifier(discovery.tsconfig, { cwd, compiler, reuse: () => engine.lastProgram as ReturnType<NonNullable<VerifierOptions["reuse"]>> })
      : undefined;
  const canAddFor = (file: string): { packageJson: string | undefined; allowed: boolean } => {
    const packageJson = nearestPackageJson(file);
    const allowed = packageJson !== undefined && discovery.roots.some((root) => isInside(realpathSync(packageJson), root));
    return { packageJson, allowed };
  };

  const files: FileResult[] = [];
  /** Changed files that parse, waiting for the type check and the write. */
  const pending = new Map<FileResult, { text: string; bom: string; added: string[] }>();
  const dependencyFiles = new Map<string, { packageJson: string | undefined; allowed: boolean; files: Set<string> }>();
  const total = discovery.files.length;
  for (const [index, file] of discovery.files.entries()) {
    const relative = path.relative(cwd, file).split(path.sep).join("/");
    const result = processFile(file, relative);
    files.push(result);
    options.onProgress?.({ done: index + 1, total, file: relative, status: result.status });
  }

  function processFile(file: string, relative: string): FileResult {
    let raw: string;
    try {
      raw = readFileSync(file, "utf8");
    } catch (error) {
      return { file, relative, status: "failed", findings: [], diff: "", written: false, error: (error as Error).message, typed: false };
    }
    const bom = raw.startsWith(BOM) ? BOM : "";
    const text = raw.slice(bom.length);
    if (options.prefilter !== false && !mayMatch(text, ruleIds, explicitRules)) return { file, relative, status: "skipped-by-prefilter", findings: [], diff: "", written: false, typed: false };
    const typed = typedParse && discovery.projectFiles.has(file) ? typedParse : undefined;
    let work: FileWork;
    try {
      const outcome = fixFile(file, text, typed);
      if ("unparsable" in outcome) return { file, relative, status: "unparsable", findings: [], diff: "", written: false, error: outcome.unparsable, typed: false };
      if ("brokenBy" in outcome) {
        const findings = outcome.brokenBy.map((fix) => toFinding(fix.message, file, "rolled-back", "a fix produced code that does not parse", { pass: fix.pass }));
        return { file, relative, status: "rolled-back", findings, diff: "", written: false, error: outcome.error, typed: false };
      }
      work = outcome;
    } catch (error) {
      return { file, relative, status: "failed", findings: [], diff: "", written: false, error: `the rules crashed: ${(error as Error).message}`, typed: false };
    }

    const { allowed } = canAddFor(file);
    const findings: Finding[] = work.applied.map((fix) =>
      toFinding(fix.message, file, "fixed", "fix applied", { pass: fix.pass, ...modulesAdded(fix, work.added) }),
    );
    for (const message of work.remaining) {
      const modules = work.needs.get(findingKey(message));
      if (modules) {
        const why = options.addDependency && !allowed ? "no package.json inside the given paths to add it to" : "run with --add-dependency";
        findings.push(toFinding(message, file, "needs-dependency", `needs ${modules.join(", ")} (${why})`, { modules }));
      } else if (message.suggestions?.length) {
        const reason = manualReason(message.message) ?? `suggestion only, review by hand: ${message.suggestions.map((suggestion) => suggestion.desc).join(" / ")}`;
        findings.push(toFinding(message, file, "suggested-only", reason));
      } else {
        findings.push(toFinding(message, file, "not-fixable", manualReason(message.message) ?? shortReason(message.message)));
      }
    }
    let output = work.output;
    if (options.annotate && work.sourceCode) {
      const unfixed = findings.filter((finding) => finding.status !== "fixed");
      const annotations = unfixed.map((finding) => ({ line: finding.line, ruleId: finding.ruleId, reason: finding.reason }));
      const { output: annotated, added } = annotate(output, work.sourceCode, annotations);
      output = annotated;
      for (const finding of unfixed) if (added.some((annotation) => annotation.line === finding.line && annotation.ruleId === finding.ruleId)) finding.annotated = true;
    }
    if (!work.converged) warnings.push(`${relative}: fixes still applied after ${maxPasses} passes; the result is not final, run the codemod again.`);
    const passLimit = work.converged ? {} : { passLimit: maxPasses };
    if (output === text) return { file, relative, status: "unchanged", findings, diff: "", written: false, typed: work.typed };

    // Verification, part one: the new text must parse. The type check runs over all changed files at once.
    const parseError = engine.parseError(output, file);
    if (parseError) {
      const result: FileResult = { file, relative, status: "changed", findings, diff: "", written: false, typed: work.typed, ...passLimit };
      rollBack(result, `the fixed text does not parse: ${parseError}`);
      return result;
    }
    const result: FileResult = { file, relative, status: "changed", findings, output, diff: unifiedDiff(text, output, { name: relative }), written: false, typed: work.typed, ...passLimit };
    pending.set(result, { text, bom, added: work.added });
    return result;
  }

  function rollBack(result: FileResult, error: string): void {
    for (const finding of result.findings) {
      if (finding.status === "fixed") {
        finding.status = "rolled-back";
        finding.reason = error;
      }
      finding.annotated = false;
    }
    Object.assign(result, { status: "rolled-back", error, diff: "", written: false });
    delete result.output;
  }

  function fixFile(file: string, text: string, typed: TypedParse | undefined): FileWork | { unparsable: string } | { brokenBy: AppliedFix[]; error: string } {
    let current: Engine = engine;
    let result = current.fix(text, file, typed);
    if (result.fatal?.pass === 1) return { unparsable: `${result.fatal.message.message} (${result.fatal.message.line}:${result.fatal.message.column})` };
    const applied = [...result.applied];
    const added: string[] = [];
    let needs = new Map<string, string[]>();
    const { allowed } = canAddFor(file);
    for (let round = 0; round < 3 && !result.fatal; round++) {
      needs = new Map();
      if (result.remaining.length === 0) break;
      const candidates = candidateModules(file, result.remaining, ruleOptions, result.output).filter((module) => !added.includes(module));
      if (candidates.length === 0) break;
      const probe = current.withAssumed(candidates).lint(result.output, file, typed);
      const fixable = new Map(probe.messages.filter((message) => message.fix).map((message) => [findingKey(message), message]));
      for (const message of result.remaining) {
        const now = fixable.get(findingKey(message));
        if (now) needs.set(findingKey(message), modulesOf(now, candidates, result.output));
      }
      if (needs.size === 0 || !options.addDependency || !allowed) break;
      const modules = [...new Set([...needs.values()].flat())].sort();
      added.push(...modules);
      current = current.withAssumed(modules);
      const passes = result.passes;
      result = current.fix(result.output, file, typed);
      applied.push(...result.applied.map((fix) => ({ ...fix, pass: fix.pass + passes - 1 })));
    }
    if (result.fatal) return { brokenBy: applied, error: `a fix produced code that does not parse: ${result.fatal.message.message}` };
    return { output: result.output, applied, remaining: result.remaining, needs, added, sourceCode: result.sourceCode, typed: result.typed, converged: result.converged };
  }

  /** Findings at a call that were fixed inside the helper, and the helper's fix. */
  const boundAt = new Map<Finding, { fix: Finding; reason: string }>();
  boundHelpers();

  /**
   * The limiter goes into the helper that a `helperFansOut` finding names (helpers.ts), in this run, when
   * the helper's file is inside the given paths and the rule fixes its fan-out safely; the finding at the
   * call is then fixed too. A finding already annotated in place is left as it is.
   */
  function boundHelpers(): void {
    const results = new Map(files.map((result) => [path.resolve(result.file), result]));
    const bounded = new Map<string, { where: string; fix: Finding }>();
    for (const caller of [...files]) {
      for (const finding of caller.findings) {
        if (finding.status !== "not-fixable" || finding.annotated) continue;
        const target = helperTarget(finding, caller.file);
        if (!target) continue;
        const key = `${target.file}:${target.line}`;
        let done = bounded.get(key);
        if (done === undefined) {
          done = boundHelper(target.file, target.line, caller.relative);
          if (done === undefined) continue;
          bounded.set(key, done);
        }
        finding.status = "fixed";
        finding.reason = `fix applied inside the helper (${done.where})`;
        boundAt.set(finding, { fix: done.fix, reason: finding.reason });
      }
    }

    function boundHelper(file: string, line: number, callerRelative: string): { where: string; fix: Finding } | undefined {
      let raw: string;
      try {
        if (!discovery.roots.some((root) => isInside(realpathSync(file), root))) return undefined;
        raw = readFileSync(file, "utf8");
      } catch {
        return undefined;
      }
      const bom = raw.startsWith(BOM) ? BOM : "";
      const original = raw.slice(bom.length);
      const lineText = original.split(/\r?\n/u)[line - 1]?.trim();
      const existing = results.get(path.resolve(file));
      if (!lineText || (existing && existing.status !== "changed" && existing.status !== "unchanged" && existing.status !== "skipped-by-prefilter")) return undefined;
      const current = existing?.status === "changed" ? existing.output! : original;
      const fixed = fixHelperFanOut(engine, file, current, lineText);
      if (!fixed || engine.parseError(fixed.output, file)) return undefined;
      const relative = path.relative(cwd, file).split(path.sep).join("/");
      const finding = toFinding(fixed.message, file, "fixed", `fix applied: ${callerRelative} hands this fan-out a collection that grows`);
      const result: FileResult = existing ?? { file, relative, status: "unchanged", findings: [], diff: "", written: false, typed: false };
      if (!existing) {
        files.push(result);
        results.set(path.resolve(file), result);
      }
      result.findings.push(finding);
      const change = pending.get(result) ?? { text: original, bom, added: [] };
      Object.assign(result, { status: "changed", output: fixed.output, diff: unifiedDiff(change.text, fixed.output, { name: relative }) });
      pending.set(result, change);
      return { where: `${relative}:${fixed.message.line}`, fix: finding };
    }
  }

  /**
   * A finding at a call fixed inside its helper ends as the helper's fix does: open again when the type
   * check rolls the helper back, fixed even when the calling file's own fixes are rolled back.
   */
  function settleHelperFindings(): void {
    for (const [finding, { fix, reason }] of boundAt) {
      if (fix.status === "fixed") {
        finding.status = "fixed";
        finding.reason = reason;
      } else {
        finding.status = "not-fixable";
        finding.reason = `the fix inside the helper was not kept: ${fix.reason}`;
      }
    }
  }

  // Verification, part two: the TypeScript errors of each changed file must not grow; then the writes.
  const checks = verifier ? verifier.checkAll([...pending].map(([result, change]) => ({ file: result.file, before: change.text, after: result.output!, ignoreModules: change.added }))) : new Map<string, TypeCheckResult>();
  for (const [result, change] of pending) {
    const check = checks.get(path.resolve(result.file));
    if (check && !check.ok) {
      rollBack(result, `the fix adds type errors (${check.before} → ${check.after}): ${check.introduced.join("; ")}`);
      continue;
    }
    if (writing) {
      try {
        writeFileAtomic(result.file, change.bom + result.output!, discovery.roots);
        result.written = true;
      } catch (error) {
        for (const finding of result.findings) if (finding.status === "fixed") finding.status = "rolled-back";
        Object.assign(result, { status: "failed", error: `cannot write: ${(error as Error).message}` });
        continue;
      }
    }
    for (const module of change.added) {
      const { packageJson, allowed: canAdd } = canAddFor(result.file);
      const key = `${packageJson ?? ""}\0${module}`;
      const entry = dependencyFiles.get(key) ?? { packageJson, allowed: canAdd, files: new Set<string>() };
      entry.files.add(result.relative);
      dependencyFiles.set(key, entry);
    }
  }

  settleHelperFindings();
  const dependencies = applyDependencies(dependencyFiles, writing);
  clearModuleCache();
  const findings = files.flatMap((file) => file.findings);
  const summary = summarize(files, findings, dependencies, started);
  const failed = files.some((file) => file.status === "unparsable" || file.status === "rolled-back" || file.status === "failed");
  const exitCode = failed ? 1 : mode === "check" && (summary.filesChanged > 0 || dependencies.some((dep) => dep.action === "would-add")) ? 2 : 0;
  const result: CodemodResult = { ...base, exitCode, files, findings, summary };
  if (options.json) writeJsonReport(path.resolve(cwd, options.json), result);
  if (options.sarif) writeSarifReport(path.resolve(cwd, options.sarif), result);
  return result;
}

function applyDependencies(entries: Map<string, { packageJson: string | undefined; allowed: boolean; files: Set<string> }>, writing: boolean): DependencyChange[] {
  const changes: DependencyChange[] = [];
  for (const [key, entry] of entries) {
    const module = key.split("\0")[1]!;
    const files = [...entry.files].sort();
    const range = versionRangeFor(module);
    const change: DependencyChange = { module, range, packageJson: entry.packageJson, action: "would-add", files };
    if (!entry.packageJson) change.action = "no-package-json";
    else if (!entry.allowed) change.action = "outside-paths";
    else if (!range) change.action = "unknown-version";
    else {
      const text = readFileSync(entry.packageJson, "utf8");
      const updated = addDependencyText(text, module, range);
      if (updated === undefined) change.action = "already-listed";
      else if (writing) {
        writeFileAtomic(entry.packageJson, updated, [path.dirname(realpathSync(entry.packageJson))]);
        change.action = "added";
      }
    }
    changes.push(change);
  }
  return changes;
}

function summarize(files: readonly FileResult[], findings: readonly Finding[], dependencies: DependencyChange[], started: number): CodemodSummary {
  const byRule: Record<string, RuleCounts> = {};
  const field: Record<FindingStatus, keyof RuleCounts> = {
    fixed: "fixed",
    "suggested-only": "suggestedOnly",
    "needs-dependency": "needsDependency",
    "not-fixable": "notFixable",
    "rolled-back": "rolledBack",
  };
  for (const finding of findings) {
    const counts = (byRule[finding.ruleId] ??= { fixed: 0, suggestedOnly: 0, needsDependency: 0, notFixable: 0, rolledBack: 0 });
    counts[field[finding.status]]++;
  }
  const count = (status: FileResult["status"]): number => files.filter((file) => file.status === status).length;
  return {
    filesScanned: files.length,
    filesSkippedByPrefilter: count("skipped-by-prefilter"),
    filesLinted: files.length - count("skipped-by-prefilter") - count("failed"),
    filesChanged: count("changed"),
    filesRolledBack: count("rolled-back"),
    filesUnparsable: count("unparsable"),
    filesFailed: count("failed"),
    byRule,
    dependencies,
    elapsedMs: Math.round(performance.now() - started),
  };
}

