/**
 * The rules' questions to the project model, asked from a node of the file being linted: the node is
 * resolved through the file's imports first (`src/ast/syntax/imports.ts`), then followed into the module it
 * comes from. `undefined` or `unknown` wherever that cannot be seen.
 */
import type { TSESLint, TSESTree } from "@typescript-eslint/utils";
import { GLOBAL, resolveReference } from "../ast/syntax/imports.js";
import type { ParameterUse } from "./parameter-uses.js";
import { absoluteFilename, type Cost, type ExportedValue, exportedValue, functionCost, type ParameterFanOut, parameterFanOuts } from "./index.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

/** What the imported binding `node` (`pool`, `db.pool`) is made from in the module that exports it. */
export function importedValue(context: Context, node: TSESTree.Node): ExportedValue | undefined {
  const ref = resolveReference(context, node);
  if (!ref || ref.module === GLOBAL) return undefined;
  return exportedValue(absoluteFilename(context.filename, context.cwd), ref);
}

/** What calling the imported function `callee` costs, read from the module that exports it. */
export function importedFunctionCost(context: Context, callee: TSESTree.Node): Cost {
  const ref = resolveReference(context, callee);
  if (!ref || ref.module === GLOBAL) return "unknown";
  return functionCost(absoluteFilename(context.filename, context.cwd), ref);
}

/** The fan-outs over its parameters of the imported function `callee`, read from the module that exports it. */
export function importedParameterFanOuts(context: Context, callee: TSESTree.Node): ParameterFanOut[] {
  const ref = resolveReference(context, callee);
  if (!ref || ref.module === GLOBAL) return [];
  return parameterFanOuts(absoluteFilename(context.filename, context.cwd), ref);
}

/** What the imported function `callee` does with the resource handed to it at argument `index` (`parameter-uses.ts`). */
export function importedParameterUse(context: Context, callee: TSESTree.Node, index: number): ParameterUse {
  const value = importedValue(context, callee);
  return value?.kind === "function" ? (value.shape.params[index] ?? "unknown") : "unknown";
}
