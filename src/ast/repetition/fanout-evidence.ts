/**
 * "Does this fan-out show the risk?" — the verdict of `no-unbounded-promise-all` from the two halves of the
 * evidence: what each element costs (`element-work.ts`) and where the collection comes from
 * (`collection-origin.ts`).
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { judgeCollection } from "./collection-origin.js";
import { judgeElementWork, type WorkKind } from "../cost/element-work.js";
import { getEnclosingFunction, isLoopNode } from "../syntax/functions.js";
import { getSourceCollection, type UnboundedSource } from "./promise-sources.js";
import { GLOBAL, resolveReference, skipWrappers } from "../syntax/imports.js";
import { resolveLocalFunction } from "../resources/pools.js";
import { isRequestHandler } from "../runtime/request-handlers.js";
import { walk } from "../syntax/traverse.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export interface EvidenceOptions {
  /** Functions or `object.method`s that run their callback under a bound. */
  limiters?: readonly string[];
  /** The wide net: report every fan-out that the shape and the constant bounds leave. */
  checkUnknownWork?: boolean;
}

/**
 * `Array.from({ length: n }, (_, i) => start(i))` or `Array.from({ length: n }, () => runOnce())`: one task per
 * slot, all started at once. Not the worker-pool idiom (`Array.from({ length: workers }, () => lane())`),
 * whose lanes loop over shared work: a lane is a callback that loops, or calls a function of this file that
 * loops or calls itself. A callee that cannot be read (another module) counts as a lane.
 */
function isTaskPerSlot(context: Context, source: UnboundedSource): boolean {
  if (source.kind !== "mapping" || source.call.arguments[0]?.type !== AST_NODE_TYPES.ObjectExpression) return false;
  const callback = source.callback;
  if (callback.type !== AST_NODE_TYPES.ArrowFunctionExpression && callback.type !== AST_NODE_TYPES.FunctionExpression) return false;
  const index = callback.params[1];
  if (index?.type === AST_NODE_TYPES.Identifier) {
    const variable = context.sourceCode.getDeclaredVariables(callback).find((candidate) => candidate.name === index.name);
    if ((variable?.references.length ?? 0) > 0) return true;
  }
  return !loopsOverSharedWork(context, callback, new Set(), 0);
}

const MAX_LANE_DEPTH = 2;

/** `true` when `fn` (or a function of this file it calls) loops, calls itself, or calls what cannot be read. */
function loopsOverSharedWork(context: Context, fn: TSESTree.Node, seen: Set<TSESTree.Node>, depth: number): boolean {
  seen.add(fn);
  let loops = false;
  walk(fn.type === AST_NODE_TYPES.ArrowFunctionExpression || fn.type === AST_NODE_TYPES.FunctionExpression || fn.type === AST_NODE_TYPES.FunctionDeclaration ? fn.body : fn, (node) => {
    if (loops) return false;
    if (isLoopNode(node)) loops = true;
    else if (node.type === AST_NODE_TYPES.CallExpression) {
      const callee = skipWrappers(node.callee);
      const local = resolveLocalFunction(context, callee);
      if (local) {
        if (seen.has(local) || (depth < MAX_LANE_DEPTH && loopsOverSharedWork(context, local, seen, depth + 1))) loops = true;
      } else if (callee.type === AST_NODE_TYPES.Identifier && resolveReference(context, callee)?.module !== GLOBAL) loops = true;
    }
    return !loops;
  });
  return loops;
}

function inRequestHandler(context: Context, node: TSESTree.Node): boolean {
  for (let fn = getEnclosingFunction(node); fn; fn = getEnclosingFunction(fn)) if (isRequestHandler(context, fn)) return true;
  return false;
}

const SILENT_WORK: ReadonlySet<WorkKind> = new Set(["cheap", "limited", "serialised"]);

/**
 * The evidence for a finding: costly work per element over a collection that visibly grows. Remote work
 * (network, model, process) over request input, query results, listings or a growing accumulation;
 * database and unjudged work only over request input (sized by the caller: a shared pool queues the rest);
 * remote work over a collection of unknown origin only inside a request handler, or one task per slot of
 * a range. The rest is the wide net (`checkUnknownWork`, in `strict`).
 */
export function isEvidentFanOut(context: Context, call: TSESTree.CallExpression, source: UnboundedSource, options: EvidenceOptions): boolean {
  const limiterOptions = { limiters: [...(options.limiters ?? [])] };
  const works = source.kind === "mapping" ? [judgeElementWork(context, source.callback, limiterOptions)] : source.pushes.map((push) => judgeElementWork(context, push.arguments[0] ?? push, limiterOptions));
  const work: WorkKind = works.find((kind) => kind === "remote") ?? works.find((kind) => kind === "database") ?? works.find((kind) => kind === "unknown") ?? works[0] ?? "unknown";
  if (work === "limited") return false;
  if (options.checkUnknownWork === true) return true;
  if (SILENT_WORK.has(work)) return false;
  const collection = getSourceCollection(source);
  const origin = collection ? judgeCollection(context, collection) : "unknown";
  if (origin === "bounded" && !isTaskPerSlot(context, source)) return false;
  // Database work through a shared pool queues at the pool: reported when the caller sizes the collection.
  if (origin === "request") return true;
  if (origin === "unbounded") return work === "remote";
  // A collection of unknown origin: remote work started while a request waits.
  return work === "remote" && (isTaskPerSlot(context, source) || inRequestHandler(context, call));
}
