/**
 * "Is this resource given back on every path?" on top of ESLint's code path analysis.
 *
 * `createSegmentTracker` records, for every node, the code path segments it runs in. `searchPaths`
 * walks the segment graph from the point where a resource is taken and reports how the paths that do
 * not pass a release leave (a `return`, `break`, `continue`, `throw`, the end of the function, or the
 * next round of a loop that takes the resource again). ESLint models explicit throws but not that any
 * `await` or call may throw, so `findUnprotectedThrow` adds that: a throwing point between the take
 * and the release must sit in a `try` whose `finally` releases, or whose `catch` releases on every path.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { childNodes } from "../syntax/traverse.js";
import { isFunctionNode, isInside } from "../syntax/functions.js";

export type Segment = TSESLint.CodePathSegment;
type CodePath = TSESLint.CodePath;

export type RootNode = TSESTree.Program | TSESTree.FunctionDeclaration | TSESTree.FunctionExpression | TSESTree.ArrowFunctionExpression;

export interface SegmentTracker {
  /** Listeners to merge into the rule's listener object. */
  listeners: TSESLint.RuleListener;
  /** The segments `node` starts in (after the traversal has passed it). */
  segmentsOf(node: TSESTree.Node): readonly Segment[];
  /** The code path of a function or the program. */
  codePathOf(root: TSESTree.Node): CodePath | undefined;
  /** Whether the host ran code path analysis at all (a host with an ESLint-compatible plugin API may send no `onCodePath*` events; oxlint 1.94 does send them). */
  hasCodePaths(): boolean;
}

export function createSegmentTracker(): SegmentTracker {
  const stack: Set<Segment>[] = [];
  const nodeSegments = new WeakMap<TSESTree.Node, readonly Segment[]>();
  const codePaths = new WeakMap<TSESTree.Node, CodePath>();
  let snapshot: readonly Segment[] | undefined;
  let started = false;
  const add = (segment: Segment): void => {
    stack.at(-1)?.add(segment);
    snapshot = undefined;
  };
  const remove = (segment: Segment): void => {
    stack.at(-1)?.delete(segment);
    snapshot = undefined;
  };
  const listeners = {
    onCodePathStart(codePath: CodePath, node: TSESTree.Node) {
      started = true;
      stack.push(new Set());
      codePaths.set(node, codePath);
      snapshot = undefined;
    },
    onCodePathEnd() {
      stack.pop();
      snapshot = undefined;
    },
    onCodePathSegmentStart: add,
    onCodePathSegmentEnd: remove,
    onUnreachableCodePathSegmentStart: add,
    onUnreachableCodePathSegmentEnd: remove,
    "*"(node: TSESTree.Node) {
      snapshot ??= [...(stack.at(-1) ?? [])];
      nodeSegments.set(node, snapshot);
    },
  };
  return {
    listeners: listeners as unknown as TSESLint.RuleListener,
    segmentsOf: (node) => nodeSegments.get(node) ?? [],
    codePathOf: (root) => codePaths.get(root),
    hasCodePaths: () => started,
  };
}

/** A point where the resource is given back: from `at` (a source offset) on, in the segments of `node`. */
export interface ReleasePoint {
  node: TSESTree.Node;
  at: number;
}

export type ExitKind = "return" | "break" | "continue" | "throw" | "loop" | "end";

export interface PathQuery {
  root: RootNode;
  /** The node after which the resource is held (its end); `undefined`: from the start of `root`. */
  startAfter?: TSESTree.Node;
  /** Nodes whose segments to start from instead (a `catch` body); entered from their start. */
  startAt?: TSESTree.Node;
  releases: readonly ReleasePoint[];
  /** Entering one of this node's segments again means the resource is taken again (a loop). */
  reacquire?: TSESTree.Node;
}

export interface PathResult {
  /** How the unreleased paths leave; empty when every path releases. */
  exits: Set<ExitKind>;
  /** Every segment reached before a release, with the earliest offset it is entered at. */
  region: Map<Segment, number>;
}

/** Direct children of `root` that belong to its own code path (not nested functions). */
export function forEachOwnNode(root: TSESTree.Node, visit: (node: TSESTree.Node) => void): void {
  const stack: TSESTree.Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    if (node !== root && isFunctionNode(node)) continue;
    visit(node);
    stack.push(...childNodes(node));
  }
}

interface Marker {
  node: TSESTree.Node;
  at: number;
  kind: ExitKind;
}

function jumpKind(node: TSESTree.Node): ExitKind | undefined {
  switch (node.type) {
    case AST_NODE_TYPES.ReturnStatement:
      return "return";
    case AST_NODE_TYPES.BreakStatement:
      return "break";
    case AST_NODE_TYPES.ContinueStatement:
      return "continue";
    case AST_NODE_TYPES.ThrowStatement:
    case AST_NODE_TYPES.CatchClause:
      return "throw";
    default:
      return undefined;
  }
}

const markerCache = new WeakMap<TSESTree.Node, Marker[]>();

function markersOf(root: RootNode): Marker[] {
  let markers = markerCache.get(root);
  if (!markers) {
    const found: Marker[] = [];
    forEachOwnNode(root, (node) => {
      const kind = jumpKind(node);
      if (kind) found.push({ node, at: node.range[0], kind });
    });
    markers = found;
    markerCache.set(root, markers);
  }
  return markers;
}

/** Walks the segments from the take to every end, stopping at releases. */
export function searchPaths(tracker: SegmentTracker, query: PathQuery): PathResult {
  const codePath = tracker.codePathOf(query.root);
  const exits = new Set<ExitKind>();
  const region = new Map<Segment, number>();
  if (!codePath) return { exits, region };
  const markers = markersOf(query.root);
  const reacquireSegments = new Set(query.reacquire ? tracker.segmentsOf(query.reacquire) : []);

  type State = { segment: Segment; entry: number; via: ExitKind | undefined };
  const queue: State[] = [];
  const seen = new Set<string>();
  if (query.startAt) {
    for (const segment of tracker.segmentsOf(query.startAt)) queue.push({ segment, entry: -1, via: "throw" });
  } else if (query.startAfter) {
    for (const segment of tracker.segmentsOf(query.startAfter)) queue.push({ segment, entry: query.startAfter.range[1], via: undefined });
  } else {
    queue.push({ segment: codePath.initialSegment, entry: -1, via: undefined });
  }
  const firstRelease = (segment: Segment, entry: number): number => {
    let best = Number.POSITIVE_INFINITY;
    for (const release of query.releases) {
      if (release.at > entry && release.at < best && tracker.segmentsOf(release.node).includes(segment)) best = release.at;
    }
    return best;
  };
  while (queue.length > 0) {
    const state = queue.shift()!;
    const { segment, entry } = state;
    let via = state.via;
    const previous = region.get(segment);
    if (previous === undefined || entry < previous) region.set(segment, entry);
    const cover = firstRelease(segment, entry);
    if (cover !== Number.POSITIVE_INFINITY) continue;
    let releasedByFinally = false;
    for (const marker of markers) {
      if (marker.at > entry && tracker.segmentsOf(marker.node).includes(segment)) {
        // ESLint does not route `break`/`continue` through `finally`; the runtime does.
        if (leavesThroughReleasingFinally(marker.node, query)) releasedByFinally = true;
        via ??= marker.kind;
      }
    }
    if (releasedByFinally) continue;
    if (segment.nextSegments.length === 0) {
      // Leaving by an exception (through a `finally` that does not release, for example).
      const thrown = codePath.thrownSegments.includes(segment) && !codePath.returnedSegments.includes(segment);
      exits.add(via ?? (thrown ? "throw" : "end"));
      continue;
    }
    for (const next of segment.nextSegments) {
      if (reacquireSegments.has(next)) {
        exits.add(via ?? "loop");
        continue;
      }
      const key = `${next.id}|${via ?? ""}`;
      if (seen.has(key)) continue;
      seen.add(key);
      queue.push({ segment: next, entry: -1, via });
    }
  }
  return { exits, region };
}

/** The statement a `break`/`continue` jumps out of. */
function jumpTarget(jump: TSESTree.BreakStatement | TSESTree.ContinueStatement): TSESTree.Node | undefined {
  for (let node: TSESTree.Node | undefined = jump.parent; node && !isFunctionNode(node); node = node.parent) {
    if (jump.label) {
      if (node.type === AST_NODE_TYPES.LabeledStatement && node.label.name === jump.label.name) return node;
      continue;
    }
    const loop =
      node.type === AST_NODE_TYPES.ForStatement ||
      node.type === AST_NODE_TYPES.ForInStatement ||
      node.type === AST_NODE_TYPES.ForOfStatement ||
      node.type === AST_NODE_TYPES.WhileStatement ||
      node.type === AST_NODE_TYPES.DoWhileStatement;
    if (loop || (jump.type === AST_NODE_TYPES.BreakStatement && node.type === AST_NODE_TYPES.SwitchStatement)) return node;
  }
  return undefined;
}

function leavesThroughReleasingFinally(node: TSESTree.Node, query: PathQuery): boolean {
  if (node.type !== AST_NODE_TYPES.BreakStatement && node.type !== AST_NODE_TYPES.ContinueStatement) return false;
  const target = jumpTarget(node);
  if (!target) return false;
  for (let current: TSESTree.Node | undefined = node.parent; current && current !== target; current = current.parent) {
    if (current.type === AST_NODE_TYPES.TryStatement && current.finalizer && !isInside(node, current.finalizer)) {
      const finalizer = current.finalizer;
      if (query.releases.some((release) => isInside(release.node, finalizer))) return true;
    }
  }
  return false;
}

function enclosingTries(node: TSESTree.Node, root: RootNode): TSESTree.TryStatement[] {
  const tries: TSESTree.TryStatement[] = [];
  let current: TSESTree.Node | undefined = node.parent;
  while (current && current !== root) {
    if (isFunctionNode(current)) break;
    if (current.type === AST_NODE_TYPES.TryStatement) tries.push(current);
    current = current.parent;
  }
  return tries;
}

/**
 * The first point in the held region that may throw (an `await`, a `yield`, a `for await`) and whose
 * throw is not caught by a `try` that releases, or `undefined` when every one is. Synchronous calls are
 * not counted: in this code they return promises, and counting every call would report
 * `client.on("error", …)` between the take and the `try`.
 */
export function findUnprotectedThrow(tracker: SegmentTracker, query: PathQuery, result: PathResult): TSESTree.Node | undefined {
  const releaseNodes = query.releases.map((release) => release.node);
  const candidates: TSESTree.Node[] = [];
  forEachOwnNode(query.root, (node) => {
    const throwing =
      node.type === AST_NODE_TYPES.AwaitExpression ||
      node.type === AST_NODE_TYPES.YieldExpression ||
      (node.type === AST_NODE_TYPES.ForOfStatement && node.await);
    if (throwing) candidates.push(node);
  });
  candidates.sort((a, b) => a.range[0] - b.range[0]);
  for (const node of candidates) {
    if (releaseNodes.some((release) => isInside(node, release))) continue;
    const end = node.range[1];
    const inRegion = tracker.segmentsOf(node).some((segment) => {
      const entry = region(result, segment);
      if (entry === undefined || end <= entry) return false;
      return query.releases.every((release) => !(release.at > entry && release.at <= end && tracker.segmentsOf(release.node).includes(segment)));
    });
    if (inRegion && !isProtected(tracker, query, node)) return node;
  }
  return undefined;
}

function region(result: PathResult, segment: Segment): number | undefined {
  return result.region.get(segment);
}

function isProtected(tracker: SegmentTracker, query: PathQuery, node: TSESTree.Node): boolean {
  const releasesIn = (block: TSESTree.Node | null | undefined): boolean => !!block && query.releases.some((release) => isInside(release.node, block));
  for (const tryStatement of enclosingTries(node, query.root)) {
    if (isInside(node, tryStatement.block)) {
      if (releasesIn(tryStatement.finalizer)) return true;
      if (tryStatement.handler) {
        const fromCatch = searchPaths(tracker, { ...query, startAfter: undefined, startAt: tryStatement.handler.body });
        return fromCatch.exits.size === 0;
      }
    } else if (tryStatement.handler && isInside(node, tryStatement.handler)) {
      if (releasesIn(tryStatement.finalizer)) return true;
    }
  }
  return false;
}
