/**
 * "Does this call hand an unbounded collection to a helper that starts a task for each element at once?"
 * `notifyAll(rows)` where `notifyAll(users)` (another module, or an exported function of this file) does
 * `Promise.all(users.map((user) => sendEmail(user)))`. The helper alone cannot tell how large its argument
 * grows; the call can: the finding is made here, where the two halves of the evidence meet.
 *
 * The argument's origin is judged first (`collection-origin.ts`, this file only), so the helper is read only
 * for a call that hands it request input or a growing collection. A helper of this file is read from the
 * file's own syntax tree, with the rule's own fan-out and per-element judgements; one of another module by
 * the project model (`src/project/`).
 */
import path from "node:path";
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { type CollectionOrigin, judgeCollection } from "./collection-origin.js";
import { judgeElementWork } from "../cost/element-work.js";
import { findVariable, getRequiredModule, skipWrappers } from "../syntax/imports.js";
import { findUnboundedSource, getCombinator, getSourceCollection } from "./promise-sources.js";
import { isFunctionNode } from "../syntax/functions.js";
import { walk } from "../syntax/traverse.js";
import { importedParameterFanOuts } from "../../project/ask.js";
import { absoluteFilename, type Cost } from "../../project/index.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export interface HelperFanOut {
  /** What each element's task costs. */
  cost: Cost;
  origin: Extract<CollectionOrigin, "request" | "unbounded">;
  /** `services/notify.js:3` (from the calling file's folder), or `line 12` in this file. */
  where: string;
}

interface FanOut {
  param: number;
  cost: Cost;
  where: string;
}

const WORK_COST: Record<string, Cost> = { remote: "remote", database: "database", limited: "limited", cheap: "cheap", serialised: "cheap", unknown: "unknown" };

/** The top-level function `identifier` names in this file, when it is exported; `undefined` otherwise. */
function exportedLocalFunction(context: Context, identifier: TSESTree.Identifier): TSESTree.FunctionLike | undefined {
  const def = findVariable(context, identifier)?.defs[0];
  if (!def) return undefined;
  let fn: TSESTree.Node | undefined;
  let statement: TSESTree.Node | undefined;
  if (def.type === "FunctionName") {
    fn = def.node;
    statement = def.node;
  } else if (def.type === "Variable" && def.node.init) {
    fn = skipWrappers(def.node.init);
    statement = def.node.parent;
  }
  if (!fn || !isFunctionNode(fn) || !statement) return undefined;
  const container = statement.parent;
  if (container?.type === AST_NODE_TYPES.ExportNamedDeclaration || container?.type === AST_NODE_TYPES.ExportDefaultDeclaration) return fn as TSESTree.FunctionLike;
  if (container?.type !== AST_NODE_TYPES.Program) return undefined;
  // `export { notifyAll }` elsewhere in the file.
  const named = container.body.some(
    (entry) => entry.type === AST_NODE_TYPES.ExportNamedDeclaration && !entry.source && entry.specifiers.some((specifier) => specifier.local.type === AST_NODE_TYPES.Identifier && specifier.local.name === identifier.name),
  );
  return named ? (fn as TSESTree.FunctionLike) : undefined;
}

/** The fan-outs over a parameter inside a function of this file, judged as the rule judges any fan-out. */
function localFanOuts(context: Context, fn: TSESTree.FunctionLike): FanOut[] {
  const params = fn.params.map((param) => (param.type === AST_NODE_TYPES.Identifier ? param.name : param.type === AST_NODE_TYPES.AssignmentPattern && param.left.type === AST_NODE_TYPES.Identifier ? param.left.name : undefined));
  const found: FanOut[] = [];
  if (!fn.body) return found;
  walk(fn.body, (node) => {
    if (node.type !== AST_NODE_TYPES.CallExpression || !getCombinator(context, node)) return;
    const source = findUnboundedSource(context, node, {});
    if (source?.kind !== "mapping") return;
    const collection = getSourceCollection(source);
    const name = collection && skipWrappers(collection).type === AST_NODE_TYPES.Identifier ? (skipWrappers(collection) as TSESTree.Identifier).name : undefined;
    const param = name === undefined ? -1 : params.indexOf(name);
    if (param === -1) return;
    found.push({ param, cost: WORK_COST[judgeElementWork(context, source.callback)] ?? "unknown", where: `line ${node.loc.start.line}` });
  });
  return found;
}

function fanOutsOf(context: Context, callee: TSESTree.Node): FanOut[] {
  const node = skipWrappers(callee);
  if (node.type !== AST_NODE_TYPES.Identifier && node.type !== AST_NODE_TYPES.MemberExpression) return [];
  if (node.type === AST_NODE_TYPES.Identifier) {
    const variable = findVariable(context, node);
    if (variable && variable.defs.length > 0 && variable.defs[0]!.type !== "ImportBinding") {
      const local = exportedLocalFunction(context, node);
      return local ? localFanOuts(context, local) : [];
    }
  }
  const from = absoluteFilename(context.filename, context.cwd);
  // Named from the calling file's folder, as its import names it (`lib/notify.js:5`, `../services/notify.js:3`).
  return importedParameterFanOuts(context, node).map((fanOut) => ({ param: fanOut.param, cost: fanOut.cost, where: `${path.relative(path.dirname(from), fanOut.file).split(path.sep).join("/")}:${fanOut.line}` }));
}

/** A cheap first look: the callee is an import or an exported top-level function of this file. */
function mayBeHelper(context: Context, callee: TSESTree.Node): boolean {
  let root = skipWrappers(callee);
  while (root.type === AST_NODE_TYPES.MemberExpression) root = skipWrappers(root.object);
  if (root.type !== AST_NODE_TYPES.Identifier) return false;
  const def = findVariable(context, root)?.defs[0];
  if (!def) return false;
  if (def.type === "ImportBinding") return true;
  if (def.type === "Variable" && def.node.init && getRequiredModule(context, def.node.init) !== undefined) return true;
  return root === skipWrappers(callee) && exportedLocalFunction(context, root) !== undefined;
}

/**
 * The evidence at `call`: an argument that visibly grows, handed to a helper that fans out over it with
 * costly work. Remote work over request input or a growing collection; database work only over request
 * input (a shared pool queues the rest); `checkUnknownWork` adds work that cannot be judged.
 */
export function findHelperFanOut(context: Context, call: TSESTree.CallExpression, checkUnknownWork: boolean): HelperFanOut | undefined {
  if (call.arguments.length === 0 || !mayBeHelper(context, call.callee)) return undefined;
  const growing = new Map<number, HelperFanOut["origin"]>();
  call.arguments.forEach((argument, index) => {
    if (argument.type === AST_NODE_TYPES.SpreadElement || call.arguments.slice(0, index).some((earlier) => earlier.type === AST_NODE_TYPES.SpreadElement)) return;
    if (argument.type !== AST_NODE_TYPES.Identifier && argument.type !== AST_NODE_TYPES.MemberExpression && argument.type !== AST_NODE_TYPES.CallExpression && argument.type !== AST_NODE_TYPES.AwaitExpression) return;
    const origin = judgeCollection(context, argument);
    if (origin === "request" || origin === "unbounded") growing.set(index, origin);
  });
  if (growing.size === 0) return undefined;
  for (const fanOut of fanOutsOf(context, call.callee)) {
    const origin = growing.get(fanOut.param);
    if (!origin) continue;
    if (fanOut.cost === "cheap" || fanOut.cost === "limited" || (fanOut.cost === "unknown" && !checkUnknownWork)) continue;
    if (fanOut.cost === "database" && origin !== "request") continue;
    return { cost: fanOut.cost, origin, where: fanOut.where };
  }
  return undefined;
}
