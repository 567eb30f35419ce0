/**
 * `--annotate`: a searchable marker comment on the line above a finding that stays unfixed,
 * `// concurrency-codemod: <rule id>: <short reason>`. Never twice for one rule on one line, never where a
 * line comment would change the code (inside a string, template, comment or JSX).
 */
import type { SourceCode } from "eslint";

export const MARKER = "concurrency-codemod:";

export interface Annotation {
  /** 1-based line of the finding. */
  line: number;
  ruleId: string;
  reason: string;
}

/** A one-line reason: no line breaks, no `*\/`, at most ~120 characters. */
export function shortReason(text: string): string {
  const firstSentence = /^(.*?[.!?])(?:\s|$)/su.exec(text)?.[1] ?? text;
  const flat = firstSentence.replace(/\s+/gu, " ").replace(/\*\//gu, "* /").trim();
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat;
}

const MANUAL = /(?:^|\.\s+)Manual fix needed:\s*(.+?)\.?\s*$/su;

/**
 * A rule that cannot fix a finding unattended says why in its message ("… Manual fix needed: <why>."):
 * `manual fix needed: <why>`, or `undefined` when the message says nothing of the kind.
 */
export function manualReason(message: string): string | undefined {
  const why = MANUAL.exec(message)?.[1];
  return why === undefined ? undefined : `manual fix needed: ${why.replace(/\s+/gu, " ").trim()}.`;
}

function lineStarts(text: string): number[] {
  const starts = [0];
  for (let index = 0; index < text.length; index++) if (text[index] === "\n") starts.push(index + 1);
  return starts;
}

/** Rule ids already marked in the block of marker comments right above `line` (0-based). */
function markedAbove(lines: readonly string[], line: number): Set<string> {
  const marked = new Set<string>();
  for (let index = line - 1; index >= 0; index--) {
    const match = /^\s*\/\/\s*concurrency-codemod:\s*([^:\s]+):/u.exec(lines[index]!);
    if (!match) break;
    marked.add(match[1]!);
  }
  return marked;
}

/** `true` when a `//` comment line inserted at `offset` (a line start) leaves the program unchanged. */
function canInsertAt(sourceCode: SourceCode, offset: number): boolean {
  const all = [...sourceCode.ast.tokens, ...(sourceCode.ast.comments ?? [])];
  for (const token of all) {
    const [start, end] = token.range!;
    if (start < offset && offset < end) return false;
  }
  let node = sourceCode.getNodeByRangeIndex(offset + (/^[ \t]*/u.exec(sourceCode.text.slice(offset))?.[0].length ?? 0)) as { type: string; parent?: unknown } | null;
  while (node) {
    if (node.type.startsWith("JSX")) return false;
    node = (node.parent as typeof node) ?? null;
  }
  return true;
}

/** `text` with the marker comments added; `sourceCode` must be `text` parsed. */
export function annotate(text: string, sourceCode: SourceCode, annotations: readonly Annotation[]): { output: string; added: Annotation[] } {
  const lines = text.split("\n");
  const starts = lineStarts(text);
  const byLine = new Map<number, Annotation[]>();
  for (const annotation of annotations) {
    const list = byLine.get(annotation.line) ?? [];
    if (!list.some((existing) => existing.ruleId === annotation.ruleId)) list.push(annotation);
    byLine.set(annotation.line, list);
  }
  const inserts: { offset: number; text: string; annotations: Annotation[] }[] = [];
  for (const [line, list] of byLine) {
    const index = line - 1;
    const offset = starts[index];
    if (offset === undefined) continue;
    const marked = markedAbove(lines, index);
    const fresh = list.filter((annotation) => !marked.has(annotation.ruleId));
    if (fresh.length === 0 || !canInsertAt(sourceCode, offset)) continue;
    const indent = /^[ \t]*/u.exec(lines[index]!)?.[0] ?? "";
    const eol = lines[index - 1]?.endsWith("\r") || lines[index]!.endsWith("\r") ? "\r\n" : "\n";
    const comment = fresh.map((annotation) => `${indent}// ${MARKER} ${annotation.ruleId}: ${shortReason(annotation.reason)}${eol}`).join("");
    inserts.push({ offset, text: comment, annotations: fresh });
  }
  inserts.sort((a, b) => b.offset - a.offset);
  let output = text;
  for (const insert of inserts) output = output.slice(0, insert.offset) + insert.text + output.slice(insert.offset);
  return { output, added: inserts.flatMap((insert) => insert.annotations) };
}
