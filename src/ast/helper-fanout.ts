/**
 * "Does this call hand an unbounded collection to a helper that starts a task for each element at once?"
 * `notifyAll(rows)` where `notifyAll(users)` (another module, or an exported function of this file) does
 * `Promise.all(users.map((user) => sendEmail(user)))`. The helper alone cannot tell how large its argument
 * grows; the call can: the finding is made here, where the two halves of the evidence meet. The helper's
 * work is read by the project model (`src/project/`); the argument's origin by `collection-origin.ts`.
 */
import path from "node:path";
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { type CollectionOrigin, judgeCollection } from "./collection-origin.js";
import { GLOBAL, findVariable, resolveReference, skipWrappers } from "./imports.js";
import { absoluteFilename, exportedLocalFanOuts, type ParameterFanOut, parameterFanOuts } from "../project/index.js";
import { summarizeText } from "../project/modules.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

export interface HelperFanOut {
  fanOut: ParameterFanOut;
  origin: Extract<CollectionOrigin, "request" | "unbounded">;
  /** `services/notify.js:3`, relative to the working directory. */
  where: string;
}

const summaries = new WeakMap<object, ReturnType<typeof summarizeText>>();

function ownSummary(context: Context) {
  const key = context.sourceCode.ast;
  if (!summaries.has(key)) summaries.set(key, summarizeText(absoluteFilename(context.filename, context.cwd), context.sourceCode.text));
  return summaries.get(key);
}

function fanOutsOf(context: Context, callee: TSESTree.Node): ParameterFanOut[] {
  const node = skipWrappers(callee);
  if (node.type !== AST_NODE_TYPES.Identifier && node.type !== AST_NODE_TYPES.MemberExpression) return [];
  if (node.type === AST_NODE_TYPES.Identifier) {
    const def = findVariable(context, node)?.defs[0];
    if (def && (def.type === "FunctionName" || def.type === "Variable")) {
      // A top-level function of this file: only an exported one (a file-local one's parameter takes its
      // callers' origin where it fans out, and is reported there).
      const container = def.type === "FunctionName" ? def.node.parent : def.node.parent?.parent;
      const topLevel = container?.type === AST_NODE_TYPES.Program || container?.type === AST_NODE_TYPES.ExportNamedDeclaration;
      return topLevel ? exportedLocalFanOuts(ownSummary(context), node.name) : [];
    }
  }
  const ref = resolveReference(context, node);
  if (!ref || ref.module === GLOBAL) return [];
  return parameterFanOuts(absoluteFilename(context.filename, context.cwd), ref);
}

/**
 * The evidence at `call`: the helper fans out over the argument at a position with costly work, and the
 * argument visibly grows. Remote work over request input or a growing collection; database work only over
 * request input (a shared pool queues the rest); `checkUnknownWork` adds work that cannot be judged.
 */
export function findHelperFanOut(context: Context, call: TSESTree.CallExpression, checkUnknownWork: boolean): HelperFanOut | undefined {
  if (call.arguments.length === 0) return undefined;
  for (const fanOut of fanOutsOf(context, call.callee)) {
    const argument = call.arguments[fanOut.param];
    if (!argument || argument.type === AST_NODE_TYPES.SpreadElement || call.arguments.slice(0, fanOut.param).some((earlier) => earlier.type === AST_NODE_TYPES.SpreadElement)) continue;
    if (fanOut.cost === "cheap" || fanOut.cost === "limited" || (fanOut.cost === "unknown" && !checkUnknownWork)) continue;
    const origin = judgeCollection(context, argument);
    if (origin !== "request" && origin !== "unbounded") continue;
    if (fanOut.cost === "database" && origin !== "request") continue;
    const file = path.relative(context.cwd, fanOut.file).split(path.sep).join("/");
    return { fanOut, origin, where: `${file.startsWith("..") ? path.basename(fanOut.file) : file}:${fanOut.line}` };
  }
  return undefined;
}
