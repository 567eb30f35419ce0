/** Machine-readable reports of every finding: the codemod's own JSON, and SARIF 2.1.0 for code scanning. */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { readOwnPackage } from "../util/package-info.js";
import { REPO_URL, ruleDocsUrl } from "../util/create-rule.js";
import { allRules } from "./options.js";
import type { CodemodResult, FindingStatus } from "./types.js";

function relative(result: CodemodResult, file: string): string {
  return path.relative(result.cwd, file).split(path.sep).join("/");
}

/** The JSON report: the run's settings, the summary, every file and every finding. */
export function toJsonReport(result: CodemodResult): unknown {
  const { version } = readOwnPackage();
  return {
    tool: "concurrency-codemod",
    version,
    mode: result.mode,
    exitCode: result.exitCode,
    cwd: result.cwd,
    tsconfig: result.tsconfig === undefined ? null : relative(result, result.tsconfig),
    rules: result.rules,
    ruleOptions: result.ruleOptions,
    refused: result.refused ?? null,
    warnings: result.warnings,
    summary: result.summary,
    files: result.files
      .filter((file) => file.status !== "skipped-by-prefilter" && file.status !== "unchanged")
      .map((file) => ({ path: file.relative, status: file.status, written: file.written, typed: file.typed, error: file.error ?? null, findings: file.findings.length, ...(file.passLimit ? { passLimit: file.passLimit } : {}) })),
    findings: result.findings.map((finding) => ({ ...finding, file: relative(result, finding.file) })),
  };
}

const LEVEL: Record<FindingStatus, "error" | "warning" | "note"> = {
  fixed: "note",
  "suggested-only": "warning",
  "needs-dependency": "warning",
  "not-fixable": "warning",
  "rolled-back": "error",
};

/** A SARIF 2.1.0 log: one run, the selected rules with their docs URLs, one result per finding. */
export function toSarif(result: CodemodResult): unknown {
  const { version } = readOwnPackage();
  const ruleIds = [...new Set([...result.rules, ...result.findings.map((finding) => finding.ruleId)])].sort();
  const index = new Map(ruleIds.map((id, position) => [id, position]));
  return {
    $schema: "https://json.schemastore.org/sarif-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "concurrency-codemod",
            version,
            semanticVersion: version,
            informationUri: REPO_URL,
            rules: ruleIds.map((id) => {
              const docs = allRules[id]?.meta.docs;
              return {
                id,
                name: id,
                shortDescription: { text: docs?.description ?? id },
                helpUri: docs?.url ?? ruleDocsUrl(id),
                properties: { tags: ["concurrency", "reliability"] },
              };
            }),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: `${pathToFileURL(result.cwd).href}/` } },
        results: result.findings.map((finding) => ({
          ruleId: finding.ruleId,
          ruleIndex: index.get(finding.ruleId) ?? 0,
          level: LEVEL[finding.status],
          message: { text: finding.status === "fixed" ? `${finding.message} (fixed by concurrency-codemod)` : `${finding.message} [${finding.status}: ${finding.reason}]` },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: relative(result, finding.file), uriBaseId: "SRCROOT" },
                region: { startLine: finding.line, startColumn: finding.column, endLine: finding.endLine, endColumn: finding.endColumn },
              },
            },
          ],
          properties: { status: finding.status, reason: finding.reason, ...(finding.modules ? { modules: finding.modules } : {}) },
        })),
      },
    ],
  };
}

function writeJson(file: string, value: unknown): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

export function writeJsonReport(file: string, result: CodemodResult): void {
  writeJson(file, toJsonReport(result));
}

export function writeSarifReport(file: string, result: CodemodResult): void {
  writeJson(file, toSarif(result));
}
