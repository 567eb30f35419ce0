/**
 * Wrapping the statements that follow a declaration in `try { … } finally { <release> }`, removing the
 * release statements the `finally` makes redundant. The wrapped region ends at the last release that
 * stands directly in the same block (the end of the resource's use), or at the end of the block. When a
 * declaration of the region is used after that release: if the code after it never waits (no `await`,
 * `yield`), it joins the region (nothing else can run before the `finally`); otherwise the declaration is
 * hoisted (`let x;` before the `try`, `x = …` inside) so the code after still sees it. A `return` whose
 * value still uses the resource gets an `await`, so the `finally` runs after it settles. Lines are
 * re-indented by two spaces, except inside template literals (whose text would change).
 *
 * The plan says when the wrap would be a guess (`review`): the resource is used by a function that may
 * run after the block (a callback that is not awaited), the region yields, or it is a `switch` case.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { forEachOwnNode } from "../ast/resources/release-paths.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type StatementList = TSESTree.BlockStatement | TSESTree.Program | TSESTree.SwitchCase | TSESTree.StaticBlock;

export interface TryFinallyPlan {
  /** The statements wrapped. */
  region: TSESTree.Statement[];
  /** `true` when the region ends with the only release and nothing in it leaves early. */
  trailingReleaseOnly: boolean;
  /** Why the wrap needs a person's review (it may change what the code does); `undefined` when it is safe unattended. */
  review?: string;
  fix: TSESLint.ReportFixFunction;
}

/** A plan, or why there is none. */
export type TryFinallyResult = TryFinallyPlan | { fix?: undefined; reason: string };

const WAITS = new Set<string>([AST_NODE_TYPES.AwaitExpression, AST_NODE_TYPES.YieldExpression]);

/** `true` when one of `statements` waits (`await`, `yield`, `for await`) in its own code path. */
function waits(statements: readonly TSESTree.Node[]): boolean {
  let found = false;
  for (const statement of statements) {
    forEachOwnNode(statement, (node) => {
      if (WAITS.has(node.type) || (node.type === AST_NODE_TYPES.ForOfStatement && node.await)) found = true;
    });
  }
  return found;
}

const CHAIN_METHODS = new Set(["then", "catch", "finally"]);

/**
 * `true` when the value of `node` (a function or a promise) is waited for before the code moves on: it is
 * awaited or returned, directly or through `.then`, `Promise.all([...])`, an array method's result or a
 * local `const` that is. A sync callback of `forEach` runs at once.
 */
function settlesInPlace(sourceCode: Readonly<TSESLint.SourceCode>, start: TSESTree.Node, depth = 0): boolean {
  if (depth > 3) return false;
  let node: TSESTree.Node = start;
  for (;;) {
    const parent: TSESTree.Node | undefined = node.parent;
    if (!parent) return false;
    switch (parent.type) {
      case AST_NODE_TYPES.AwaitExpression:
      case AST_NODE_TYPES.ReturnStatement:
        return true;
      case AST_NODE_TYPES.ArrowFunctionExpression:
        // The body of an arrow: its value is what the arrow returns.
        if (parent.body !== node) return false;
        node = parent;
        continue;
      case AST_NODE_TYPES.CallExpression: {
        const callee = parent.callee.type === AST_NODE_TYPES.MemberExpression ? parent.callee : undefined;
        const method = callee && !callee.computed && callee.property.type === AST_NODE_TYPES.Identifier ? callee.property.name : undefined;
        if ((parent.arguments as readonly TSESTree.Node[]).includes(node)) {
          const isFunction = node.type === AST_NODE_TYPES.ArrowFunctionExpression || node.type === AST_NODE_TYPES.FunctionExpression;
          if (isFunction && method === "forEach" && !(node as TSESTree.ArrowFunctionExpression).async && parent.parent?.type === AST_NODE_TYPES.ExpressionStatement) return true;
        } else if (parent.callee !== node) {
          return false;
        }
        node = parent;
        continue;
      }
      case AST_NODE_TYPES.MemberExpression:
        if (parent.object !== node) return false;
        // `p.then(…)`, `xs.map(…)`: the chain goes on.
        if (parent.parent?.type !== AST_NODE_TYPES.CallExpression || parent.parent.callee !== parent) return false;
        if (!parent.computed && parent.property.type === AST_NODE_TYPES.Identifier && !CHAIN_METHODS.has(parent.property.name) && node.type !== AST_NODE_TYPES.CallExpression && node.type !== AST_NODE_TYPES.Identifier && node.type !== AST_NODE_TYPES.ArrayExpression) return false;
        node = parent;
        continue;
      case AST_NODE_TYPES.ArrayExpression:
      case AST_NODE_TYPES.SpreadElement:
      case AST_NODE_TYPES.ConditionalExpression:
      case AST_NODE_TYPES.LogicalExpression:
      case AST_NODE_TYPES.TSAsExpression:
      case AST_NODE_TYPES.TSNonNullExpression:
      case AST_NODE_TYPES.TSSatisfiesExpression:
      case AST_NODE_TYPES.ChainExpression:
        node = parent;
        continue;
      case AST_NODE_TYPES.VariableDeclarator: {
        if (parent.init !== node || parent.id.type !== AST_NODE_TYPES.Identifier) return false;
        const variable = sourceCode.getDeclaredVariables(parent)[0];
        const reads = variable?.references.filter((reference) => reference.isRead()) ?? [];
        return reads.length > 0 && reads.every((reference) => settlesInPlace(sourceCode, reference.identifier, depth + 1));
      }
      default:
        return false;
    }
  }
}

/** Why wrapping `region` would be a guess, or `undefined`. */
function reviewReason(sourceCode: Readonly<TSESLint.SourceCode>, list: StatementList, region: readonly TSESTree.Statement[], variable: TSESLint.Scope.Variable): string | undefined {
  if (list.type === AST_NODE_TYPES.SwitchCase) return "it is taken in a `switch` case, whose declarations and fall-through a `try` would change";
  const start = region[0]!.range[0];
  const end = region.at(-1)!.range[1];
  if (waits(region) && region.some((statement) => {
    let found = false;
    forEachOwnNode(statement, (node) => {
      if (node.type === AST_NODE_TYPES.YieldExpression) found = true;
    });
    return found;
  })) {
    return "the code that uses it yields, and a generator left unfinished never runs its `finally`";
  }
  for (const reference of variable.references) {
    const identifier = reference.identifier;
    if (identifier.range[0] < start || identifier.range[1] > end) continue;
    for (let node: TSESTree.Node | undefined = identifier.parent; node && node.range[0] >= start; node = node.parent) {
      if (node.type !== AST_NODE_TYPES.ArrowFunctionExpression && node.type !== AST_NODE_TYPES.FunctionExpression && node.type !== AST_NODE_TYPES.FunctionDeclaration) continue;
      if (node.type === AST_NODE_TYPES.FunctionDeclaration || !settlesInPlace(sourceCode, node)) {
        return `\`${variable.name}\` is used in a callback that may run later, after a \`finally\` gave it back`;
      }
    }
  }
  return undefined;
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
): TryFinallyResult {
  const sourceCode = context.sourceCode;
  const list = declaration.parent;
  if (!isStatementList(list)) return { reason: "it is not taken in a statement of its own" };
  const statements = statementsOf(list);
  const index = statements.indexOf(declaration);
  const following = statements.slice(index + 1);
  if (following.length === 0) return { reason: "nothing follows the statement that takes it" };
  const targets = releases.map((release) => removalTarget(release));
  if (targets.some((target) => target === undefined)) return { reason: "a release is not a statement of its own" };

  let endIndex = following.length - 1;
  let hoisted: TSESTree.VariableDeclaration[] = [];
  const topRelease = [...following].reverse().find((statement) => releases.includes(statement as TSESTree.ExpressionStatement));
  if (topRelease) {
    const candidate = following.indexOf(topRelease);
    const after = following.slice(candidate + 1);
    const afterStart = after[0]?.range[0] ?? Number.POSITIVE_INFINITY;
    const region = following.slice(0, candidate + 1);
    const usedAfter = (statement: TSESTree.Statement): boolean =>
      sourceCode.getDeclaredVariables(statement).some((declared) => declared.references.some((reference) => reference.identifier.range[0] >= afterStart));
    const cut = region.filter(usedAfter);
    const resourceUsedAfter = variable.references.some((reference) => reference.identifier.range[0] >= afterStart);
    const releaseAfter = releases.some((release) => release.range[0] >= afterStart);
    if (!resourceUsedAfter && !releaseAfter) {
      if (cut.length === 0) endIndex = candidate;
      // The code after waits: holding the resource through it could starve the pool (or deadlock on a
      // second take), so the region ends at the release and what it declares moves before the `try`.
      else if (waits(after)) {
        if (!cut.every((statement) => hoistable(statement))) return { reason: "a declaration used after the release cannot be moved before the `try`" };
        hoisted = cut as TSESTree.VariableDeclaration[];
        endIndex = candidate;
      }
    }
  }
  const region = following.slice(0, endIndex + 1);
  const regionStart = declaration.range[1];
  const regionEnd = region.at(-1)!.range[1];
  if (releases.some((release) => release.range[0] < regionStart || release.range[1] > regionEnd)) return { reason: "a release lies outside the code that uses it" };
  let review = reviewReason(sourceCode, list, region, variable);

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
  for (const target of targets) {
    const [start, end] = removalRange(sourceCode, target!);
    if (!dropped(target!.range[0], target!.range[1]) && !edits.some((edit) => edit.start === start && edit.end === end)) edits.push({ start, end });
  }
  const indent = lineIndent(sourceCode, declaration);
  let head = "";
  for (const statement of hoisted) {
    const { declare, assign } = hoist(sourceCode, statement);
    head += `\n${indent}${declare}`;
    edits.push(...assign);
  }
  // `return client.query(…)` inside the `try` would release before the query settles.
  for (const statement of region) {
    forEachOwnNode(statement, (node) => {
      if (node.type !== AST_NODE_TYPES.ReturnStatement || !node.argument || node.argument.type === AST_NODE_TYPES.AwaitExpression) return;
      const argument = node.argument;
      if (!variable.references.some((reference) => reference.identifier.range[0] >= argument.range[0] && reference.identifier.range[1] <= argument.range[1])) return;
      if (!isAsync(declaration)) {
        review ??= `a \`return\` hands on a value that still uses \`${variable.name}\``;
        return;
      }
      const bare = BARE_OPERANDS.has(argument.type) && !sourceCode.getTokenBefore(argument)?.value.startsWith("(");
      edits.push(bare ? { start: argument.range[0], end: argument.range[0], text: "await " } : { start: argument.range[0], end: argument.range[0], text: "await (" }, ...(bare ? [] : [{ start: argument.range[1], end: argument.range[1], text: ")" }]));
    });
  }
  edits.sort((a, b) => a.start - b.start || a.end - b.end);
  const flat = edits.flatMap((edit) => (edit.flat ? [edit.flat] : []));
  const text = sourceCode.text;

  let body = "";
  let position = regionStart;
  for (const { start, end, text: replacement } of [...edits, { start: regionEnd, end: regionEnd, text: undefined }]) {
    body += reindent(text, position, Math.max(position, start), templates, flat);
    if (replacement !== undefined) body += replacement;
    position = Math.max(position, end);
  }
  let fixed = `${head}\n${indent}try {${body.trimEnd()}\n${indent}} finally {\n${indent}  ${releaseText}\n${indent}}`;
  // The region is one `try … catch` that stays: it gets the `finally` itself.
  const only = region.length === 1 ? region[0] : undefined;
  if (only?.type === AST_NODE_TYPES.TryStatement && !only.finalizer && only.handler && !edits.some((edit) => edit.start <= only.range[0] && edit.end > only.range[0])) {
    let kept = "";
    let at = regionStart;
    for (const { start, end, text: replacement } of [...edits, { start: regionEnd, end: regionEnd, text: undefined }]) {
      kept += text.slice(at, Math.max(at, start));
      if (replacement !== undefined) kept += replacement;
      at = Math.max(at, end);
    }
    fixed = `${head}${kept} finally {\n${indent}  ${releaseText}\n${indent}}`;
  }
  return {
    region,
    trailingReleaseOnly,
    ...(review === undefined ? {} : { review }),
    fix: (fixer) => fixer.replaceTextRange([regionStart, regionEnd], fixed),
  };
}

/** A test that only reads (`if (log)`, `if (!opts.quiet)`): dropping it with its branch changes nothing. */
function isPureTest(node: TSESTree.Node): boolean {
  switch (node.type) {
    case AST_NODE_TYPES.Identifier:
    case AST_NODE_TYPES.Literal:
    case AST_NODE_TYPES.ThisExpression:
      return true;
    case AST_NODE_TYPES.MemberExpression:
      return isPureTest(node.object) && (!node.computed || isPureTest(node.property));
    case AST_NODE_TYPES.UnaryExpression:
      return node.operator !== "delete" && isPureTest(node.argument);
    case AST_NODE_TYPES.BinaryExpression:
    case AST_NODE_TYPES.LogicalExpression:
      return isPureTest(node.left) && isPureTest(node.right);
    case AST_NODE_TYPES.ChainExpression:
    case AST_NODE_TYPES.TSNonNullExpression:
      return isPureTest(node.expression);
    default:
      return false;
  }
}

/** What to delete for a release statement: itself, or the `if` that only guards it (`if (log) client.release();`). */
function removalTarget(release: TSESTree.ExpressionStatement): TSESTree.Statement | undefined {
  let node: TSESTree.Statement = release;
  if (release.parent?.type === AST_NODE_TYPES.BlockStatement && release.parent.body.length === 1) node = release.parent;
  const parent = node.parent;
  if (parent?.type === AST_NODE_TYPES.IfStatement && parent.consequent === node && !parent.alternate && isPureTest(parent.test) && isStatementList(parent.parent)) return parent;
  return isStatementList(release.parent) ? release : undefined;
}

/** Operands `await` can precede without parentheses. */
const BARE_OPERANDS = new Set<string>([
  AST_NODE_TYPES.CallExpression,
  AST_NODE_TYPES.MemberExpression,
  AST_NODE_TYPES.Identifier,
  AST_NODE_TYPES.NewExpression,
  AST_NODE_TYPES.ArrayExpression,
  AST_NODE_TYPES.ObjectExpression,
  AST_NODE_TYPES.TemplateLiteral,
  AST_NODE_TYPES.TaggedTemplateExpression,
]);

function isAsync(node: TSESTree.Node): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === AST_NODE_TYPES.ArrowFunctionExpression || current.type === AST_NODE_TYPES.FunctionExpression || current.type === AST_NODE_TYPES.FunctionDeclaration) return current.async;
  }
  return false;
}

/** `const x = …` (or a destructuring) whose every declarator has a value. */
function hoistable(statement: TSESTree.Statement): statement is TSESTree.VariableDeclaration {
  return (
    statement.type === AST_NODE_TYPES.VariableDeclaration &&
    (statement.kind === "const" || statement.kind === "let") &&
    statement.declarations.every((declarator) => declarator.init !== null)
  );
}

/** `let a: T, b;` to put before the `try`, and the edits that turn `const a: T = x, { b } = y;` into `a = x, ({ b } = y);`. */
function hoist(sourceCode: Readonly<TSESLint.SourceCode>, statement: TSESTree.VariableDeclaration): { declare: string; assign: Edit[] } {
  const names: string[] = [];
  const assign: Edit[] = [];
  const first = statement.declarations[0]!;
  const before = sourceCode.getTokenBefore(statement);
  const needsSemicolon = before !== null && ![";", "{", "}"].includes(before.value);
  let lead = false;
  for (const declarator of statement.declarations) {
    const id = declarator.id;
    if (id.type === AST_NODE_TYPES.Identifier) {
      names.push(id.typeAnnotation ? `${id.name}${sourceCode.getText(id.typeAnnotation)}` : id.name);
      if (id.typeAnnotation) assign.push({ start: id.typeAnnotation.range[0], end: id.typeAnnotation.range[1] });
    } else {
      for (const variable of sourceCode.getDeclaredVariables(declarator)) names.push(variable.name);
      if ("typeAnnotation" in id && id.typeAnnotation) assign.push({ start: id.typeAnnotation.range[0], end: id.typeAnnotation.range[1] });
      assign.push({ start: declarator.range[0], end: declarator.range[0], text: "(" }, { start: declarator.range[1], end: declarator.range[1], text: ")" });
      if (declarator === first) lead = true;
    }
  }
  assign.push({ start: statement.range[0], end: first.range[0], text: lead && needsSemicolon ? ";" : "" });
  return { declare: `let ${names.join(", ")};`, assign };
}

interface Edit {
  start: number;
  end: number;
  /** Text put in place of `[start, end)`. */
  text?: string;
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
