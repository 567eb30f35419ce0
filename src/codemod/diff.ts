/** Unified diffs (3 lines of context) of a file's text before and after, coloured on request. */

type Op = { kind: " " | "-" | "+"; text: string; oldLine: number; newLine: number };

function splitLines(text: string): { lines: string[]; finalNewline: boolean } {
  const lines = text.split("\n");
  const finalNewline = text.endsWith("\n");
  if (finalNewline) lines.pop();
  return { lines, finalNewline };
}

/** Longest common subsequence of the changed middle (after trimming the common prefix and suffix). */
function middleOps(a: readonly string[], b: readonly string[]): ("=" | "-" | "+")[] {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0 || n * m > 4_000_000) return [...Array<"-">(n).fill("-"), ...Array<"+">(m).fill("+")];
  const table = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
  }
  const ops: ("=" | "-" | "+")[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push("=");
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) {
      ops.push("-");
      i++;
    } else {
      ops.push("+");
      j++;
    }
  }
  while (i++ < n) ops.push("-");
  while (j++ < m) ops.push("+");
  return ops;
}

function editScript(a: readonly string[], b: readonly string[]): Op[] {
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const kinds: ("=" | "-" | "+")[] = [
    ...Array<"=">(prefix).fill("="),
    ...middleOps(a.slice(prefix, a.length - suffix), b.slice(prefix, b.length - suffix)),
    ...Array<"=">(suffix).fill("="),
  ];
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  for (const kind of kinds) {
    if (kind === "=") ops.push({ kind: " ", text: a[i]!, oldLine: ++i, newLine: ++j });
    else if (kind === "-") ops.push({ kind: "-", text: a[i]!, oldLine: ++i, newLine: j });
    else ops.push({ kind: "+", text: b[j]!, oldLine: i, newLine: ++j });
  }
  return ops;
}

const COLOURS = { red: "\u001B[31m", green: "\u001B[32m", cyan: "\u001B[36m", bold: "\u001B[1m", reset: "\u001B[0m" };

export interface DiffOptions {
  /** Name shown in the `---`/`+++` header lines. */
  name: string;
  context?: number;
  colour?: boolean;
}

/** The unified diff from `before` to `after`, or `""` when they are equal. */
export function unifiedDiff(before: string, after: string, options: DiffOptions): string {
  if (before === after) return "";
  const context = options.context ?? 3;
  const paint = (colour: keyof typeof COLOURS, text: string): string => (options.colour ? `${COLOURS[colour]}${text}${COLOURS.reset}` : text);
  const old = splitLines(before);
  const next = splitLines(after);
  const ops = editScript(old.lines, next.lines);
  const out = [paint("bold", `--- a/${options.name}`), paint("bold", `+++ b/${options.name}`)];
  const changed = ops.map((op, index) => (op.kind === " " ? -1 : index)).filter((index) => index >= 0);
  let cursor = 0;
  while (cursor < changed.length) {
    const first = changed[cursor]!;
    let last = first;
    while (cursor + 1 < changed.length && changed[cursor + 1]! - last <= context * 2 + 1) last = changed[++cursor]!;
    cursor++;
    const start = Math.max(0, first - context);
    const end = Math.min(ops.length - 1, last + context);
    const hunk = ops.slice(start, end + 1);
    const oldCount = hunk.filter((op) => op.kind !== "+").length;
    const newCount = hunk.filter((op) => op.kind !== "-").length;
    const oldStart = hunk.find((op) => op.kind !== "+")?.oldLine ?? hunk[0]!.oldLine;
    const newStart = hunk.find((op) => op.kind !== "-")?.newLine ?? hunk[0]!.newLine;
    out.push(paint("cyan", `@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`));
    for (const op of hunk) {
      const line = `${op.kind}${op.text}`;
      out.push(op.kind === "-" ? paint("red", line) : op.kind === "+" ? paint("green", line) : line);
      const lastOld = op.kind !== "+" && op.oldLine === old.lines.length && !old.finalNewline;
      const lastNew = op.kind !== "-" && op.newLine === next.lines.length && !next.finalNewline;
      if ((op.kind === "-" && lastOld) || (op.kind === "+" && lastNew) || (op.kind === " " && (lastOld || lastNew))) out.push("\\ No newline at end of file");
    }
  }
  return `${out.join("\n")}\n`;
}

/** Colours a unified diff's lines for a terminal. */
export function colourDiff(diff: string): string {
  return diff
    .split("\n")
    .map((line) => {
      if (line.startsWith("--- ") || line.startsWith("+++ ")) return `${COLOURS.bold}${line}${COLOURS.reset}`;
      if (line.startsWith("@@")) return `${COLOURS.cyan}${line}${COLOURS.reset}`;
      if (line.startsWith("-")) return `${COLOURS.red}${line}${COLOURS.reset}`;
      if (line.startsWith("+")) return `${COLOURS.green}${line}${COLOURS.reset}`;
      return line;
    })
    .join("\n");
}
