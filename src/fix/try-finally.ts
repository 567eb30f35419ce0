/**
 * Wrapping the statements that follow a declaration in `try { … } finally { <release> }`, removing the
 * release statements the `finally` makes redundant. The wrapped region ends at the last release that
 * stands directly in the same block, or at the end of the block when a declaration of the region is
 * used after that release (so no declaration is cut off from its uses). Lines are re-indented by two
 * spaces, except inside template literals (whose text would change).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { forEachOwnNode } from "../ast/release-paths.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type StatementList = TSESTree.BlockStatement | TSESTree.Program | TSESTree.SwitchCase | TSESTree.StaticBlock;

export interface TryFinallyPlan {
  /** The statements wrapped. */
  region: TSESTree.Statement[];
  /** `true` when the region ends with the only release and nothing in it leaves early. */
  trailingReleaseOnly: boolean;
  fix: TSESLint.ReportFixFunction;
}

function statementsOf(list: StatementList): TSESTree.Statement[] {
  if (list.type === AST_NODE_TYPES.SwitchCase) return list.consequent;
  return list.body as TSESTree.Statement[];
}

function isStatementList(node: TSESTree.Node | undefined): node is StatementList {
  return (
    node?.type === AST_NODE_TYPES.BlockStatement ||
    node?.type === AST_NODE_TYPES.Program ||
    node?.type === AST_NODE_TYPES.SwitchCase ||
    node?.type === AST_NODE_TYPES.StaticBlock
  );
}

function lineIndent(sourceCode: Readonly<TSESLint.SourceCode>, node: TSESTree.Node): string {
  return /^[ \t]*/u.exec(sourceCode.lines[node.loc.start.line - 1] ?? "")?.[0] ?? "";
}

/** The range to delete for a statement: its whole line when it stands alone on it. */
function removalRange(sourceCode: Readonly<TSESLint.SourceCode>, statement: TSESTree.Node): [number, number] {
  const text = sourceCode.text;
  let start = statement.range[0];
  let end = statement.range[1];
  const lineStart = text.lastIndexOf("\n", start - 1) + 1;
  const lineEndIndex = text.indexOf("\n", end);
  const lineEnd = lineEndIndex === -1 ? text.length : lineEndIndex;
  if (/^[ \t]*$/u.test(text.slice(lineStart, start)) && /^[ \t]*$/u.test(text.slice(end, lineEnd))) {
    start = lineStart - 1;
    end = lineEnd;
  }
  return [Math.max(start, 0), end];
}

/**
 * Plans the wrap of what follows `declaration` (which takes the resource) in `try/finally`.
 * `releases` are the release statements to remove; they must all stand in statement lists inside the
 * region. `undefined` when the shape does not allow a clean wrap.
 */
export function planTryFinally(
  context: Context,
  declaration: TSESTree.Statement,
  releases: readonly TSESTree.ExpressionStatement[],
  releaseText: string,
  variable: TSESLint.Scope.Variable,
): TryFinallyPlan | undefined {
  const sourceCode = context.sourceCode;
  const list = declaration.parent;
  if (!isStatementList(list)) return undefined;
  const statements = statementsOf(list);
  const index = statements.indexOf(declaration);
  const following = statements.slice(index + 1);
  if (following.length === 0) return undefined;
  if (releases.some((release) => !isStatementList(release.parent))) return undefined;

  let endIndex = following.length - 1;
  const topRelease = [...following].reverse().find((statement) => releases.includes(statement as TSESTree.ExpressionStatement));
  if (topRelease) {
    const candidate = following.indexOf(topRelease);
    const after = following.slice(candidate + 1);
    const afterStart = after[0]?.range[0] ?? Number.POSITIVE_INFINITY;
    const region = following.slice(0, candidate + 1);
    const cutsDeclaration = region.some((statement) =>
      sourceCode.getDeclaredVariables(statement).some((declared) => declared.references.some((reference) => reference.identifier.range[0] >= afterStart)),
    );
    const resourceUsedAfter = variable.references.some((reference) => reference.identifier.range[0] >= afterStart);
    const releaseAfter = releases.some((release) => release.range[0] >= afterStart);
    if (!cutsDeclaration && !resourceUsedAfter && !releaseAfter) endIndex = candidate;
  }
  const region = following.slice(0, endIndex + 1);
  const regionStart = declaration.range[1];
  const regionEnd = region.at(-1)!.range[1];
  if (releases.some((release) => release.range[0] < regionStart || release.range[1] > regionEnd)) return undefined;

  let leavesEarly = false;
  for (const statement of region) {
    forEachOwnNode(statement, (node) => {
      if (
        node.type === AST_NODE_TYPES.ReturnStatement ||
        node.type === AST_NODE_TYPES.ThrowStatement ||
        node.type === AST_NODE_TYPES.BreakStatement ||
        node.type === AST_NODE_TYPES.ContinueStatement
      ) {
        leavesEarly = true;
      }
    });
  }
  const trailingReleaseOnly = releases.length === 1 && releases[0] === region.at(-1) && !leavesEarly;

  const templates: [number, number][] = [];
  const tries: TSESTree.TryStatement[] = [];
  for (const statement of region) {
    forEachOwnNode(statement, (node) => {
      if (node.type === AST_NODE_TYPES.TemplateLiteral) templates.push(node.range);
      if (node.type === AST_NODE_TYPES.TryStatement) tries.push(node);
    });
  }
  const edits = simplifyInnerTries(sourceCode, tries, new Set(releases));
  const dropped = (start: number, end: number): boolean => edits.some((edit) => start >= edit.start && end <= edit.end);
  for (const release of releases) {
    const [start, end] = removalRange(sourceCode, release);
    if (!dropped(release.range[0], release.range[1])) edits.push({ start, end });
  }
  edits.sort((a, b) => a.start - b.start);
  const flat = edits.flatMap((edit) => (edit.flat ? [edit.flat] : []));
  const indent = lineIndent(sourceCode, declaration);
  const text = sourceCode.text;

  let body = "";
  let position = regionStart;
  for (const { start, end } of [...edits, { start: regionEnd, end: regionEnd }]) {
    body += reindent(text, position, Math.max(position, start), templates, flat);
    position = Math.max(position, end);
  }
  const fixed = `\n${indent}try {${body.trimEnd()}\n${indent}} finally {\n${indent}  ${releaseText}\n${indent}}`;
  return {
    region,
    trailingReleaseOnly,
    fix: (fixer) => fixer.replaceTextRange([regionStart, regionEnd], fixed),
  };
}

interface Edit {
  start: number;
  end: number;
  /** Lines in this range keep their indentation (the content of an unwrapped `try`). */
  flat?: [number, number];
}

/** `catch (e) { throw e; }` once the releases are gone. */
function isRethrowOnly(handler: TSESTree.CatchClause, removed: ReadonlySet<TSESTree.Node>): boolean {
  const rest = handler.body.body.filter((statement) => !removed.has(statement));
  const only = rest[0];
  return (
    rest.length === 1 &&
    handler.param?.type === AST_NODE_TYPES.Identifier &&
    only?.type === AST_NODE_TYPES.ThrowStatement &&
    only.argument.type === AST_NODE_TYPES.Identifier &&
    only.argument.name === handler.param.name
  );
}

/** Unwrapping `try { const x … }` would move `x` into the enclosing block: not when that name appears there. */
function leaksNames(sourceCode: Readonly<TSESLint.SourceCode>, statement: TSESTree.TryStatement): boolean {
  const names = new Set(statement.block.body.flatMap((item) => sourceCode.getDeclaredVariables(item).map((variable) => variable.name)));
  if (names.size === 0) return false;
  const container = statement.parent;
  if (!container) return true;
  return sourceCode.ast.tokens.some(
    (token) =>
      token.type === "Identifier" &&
      names.has(token.value) &&
      token.range[0] >= container.range[0] &&
      token.range[1] <= container.range[1] &&
      (token.range[0] < statement.range[0] || token.range[1] > statement.range[1]),
  );
}

/**
 * Inner `try` statements that only existed to release: a `finally` left empty is dropped, a `catch` that
 * only rethrows is dropped, and a `try` left with neither is unwrapped. Never where a comment would go.
 */
function simplifyInnerTries(sourceCode: Readonly<TSESLint.SourceCode>, tries: readonly TSESTree.TryStatement[], removed: ReadonlySet<TSESTree.Node>): Edit[] {
  const edits: Edit[] = [];
  const quiet = (start: number, end: number): boolean =>
    !sourceCode.ast.comments?.some((comment) => comment.range[0] >= start && comment.range[1] <= end);
  for (const statement of [...tries].sort((a, b) => a.range[0] - b.range[0])) {
    if (edits.some((edit) => statement.range[0] < edit.end && statement.range[1] > edit.start)) continue;
    const finalizerEmpty = !!statement.finalizer && statement.finalizer.body.every((item) => removed.has(item));
    const rethrowOnly = !!statement.handler && isRethrowOnly(statement.handler, removed);
    const body = statement.block.body;
    if ((finalizerEmpty || !statement.finalizer) && (rethrowOnly || !statement.handler) && body.length > 0) {
      const head: [number, number] = [statement.range[0], body[0]!.range[0]];
      const tail: [number, number] = [body.at(-1)!.range[1], statement.range[1]];
      if (quiet(...head) && quiet(...tail) && !leaksNames(sourceCode, statement)) {
        edits.push({ start: head[0], end: head[1], flat: [head[1], tail[0]] }, { start: tail[0], end: tail[1] });
      }
    } else if (finalizerEmpty && statement.handler && statement.finalizer) {
      if (quiet(statement.handler.range[1], statement.finalizer.range[1])) edits.push({ start: statement.handler.range[1], end: statement.finalizer.range[1] });
    } else if (rethrowOnly && statement.handler && statement.finalizer) {
      if (quiet(statement.block.range[1], statement.handler.range[1])) edits.push({ start: statement.block.range[1], end: statement.handler.range[1] });
    }
  }
  return edits;
}

/** `text[start, end)` with two more spaces after every line break outside template literals. */
function reindent(text: string, start: number, end: number, templates: readonly [number, number][], flat: readonly [number, number][]): string {
  let out = "";
  for (let offset = start; offset < end; offset += 1) {
    const char = text[offset]!;
    out += char;
    if (char === "\n") {
      const next = text[offset + 1];
      const inTemplate = [...templates, ...flat].some(([from, to]) => offset > from && offset < to);
      if (!inTemplate && next !== "\n" && next !== "\r" && offset + 1 < end) out += "  ";
    }
  }
  return out;
}
