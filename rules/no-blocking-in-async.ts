import { type AdditionalBlockingCall, createsOnlyWhenMissing, getAsyncBoundary, getBlockingCall } from "../src/ast/cost/blocking-calls.js";
import { RUNTIME_OPTION_SCHEMA, getFileRole, runsOnOwnThread, runsWhereConcurrencyMatters } from "../src/ast/runtime/runtime-context.js";
import { buildAwaitFix } from "../src/fix/await-promise-api.js";
import { buildPromisifyFix } from "../src/fix/promisify-call.js";
import { type ImportedBinding, getImportedBinding, usesOf } from "../src/ast/syntax/imported-binding.js";
import { editsOf, withBindingRemoved } from "../src/fix/remove-binding.js";
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { createRule } from "../src/util/create-rule.js";
import { repeatsOverGrowingCollection } from "../src/ast/repetition/collection-origin.js";

export type Options = [
  {
    /** Apply the `node:fs/promises` and `promisify` rewrites that keep behaviour as fixes instead of suggestions (the codemod sets it). */
    autofix?: boolean;
    /** More functions that block the event loop: `{ module, name, alternative? }`. */
    additionalCalls?: AdditionalBlockingCall[];
    /** Also report in test files. */
    checkTestFiles?: boolean;
    /** Also report in CLIs, scripts, migrations, examples and startup code. */
    checkScripts?: boolean;
    /** Also report a single metadata call (`existsSync`, `statSync`, `mkdirSync`, …) and a create-if-missing write that are not repeated in a loop. */
    checkCheapCalls?: boolean;
  },
];

export type MessageIds = "blockingCall" | "usePromiseApi" | "usePromisified";

export default createRule<Options, MessageIds>({
  name: "no-blocking-in-async",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow synchronous file, process, compression and key-derivation calls inside async functions, where they stall the event loop",
      recommended: "recommended",
      strictOptions: [{ checkTestFiles: true, checkScripts: true, checkCheapCalls: true }],
    },
    fixable: "code",
    hasSuggestions: true,
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          autofix: {
            type: "boolean",
            description: "Apply the rewrite to `await` the `node:fs/promises` twin, or `promisify` of the callback twin where the result keeps its type, as a fix instead of a suggestion.",
          },
          ...RUNTIME_OPTION_SCHEMA,
          checkCheapCalls: {
            type: "boolean",
            description: "Also report a single `fs` metadata call (`existsSync`, `statSync`, `accessSync`, `mkdirSync`, `mkdtempSync`, `unlinkSync`, `renameSync`, …) and a write or copy guarded by `!existsSync(sameTarget)` (first-run initialisation), when not repeated in a loop.",
          },
          additionalCalls: {
            type: "array",
            description: "More functions that block the event loop, by module and export name.",
            items: {
              type: "object",
              additionalProperties: false,
              required: ["module", "name"],
              properties: {
                module: { type: "string", minLength: 1, description: "Module specifier as imported (`node:` prefix optional)." },
                name: { type: "string", minLength: 1, description: "Export name (`default` for the default export), or a dotted path below it (`default.renderSync`)." },
                alternative: { type: "string", minLength: 1, description: "What to use instead, shown in the message." },
              },
            },
          },
        },
      },
    ],
    defaultOptions: [{ autofix: false, additionalCalls: [], checkTestFiles: false, checkScripts: false, checkCheapCalls: false }],
    messages: {
      blockingCall: "`{{name}}()` blocks the event loop inside an async function, stalling every other request in flight. Use {{alternative}} instead.",
      usePromiseApi: "Use `await {{promiseName}}()` from `node:fs/promises`.",
      usePromisified: "Use `await promisify({{promiseName}})()` with `{{promiseName}}` from `{{module}}`{{note}}.",
    },
  },
  defaultOptions: [{ autofix: false, additionalCalls: [], checkTestFiles: false, checkScripts: false, checkCheapCalls: false }],
  create(context, [options]) {
    const autofix = options.autofix ?? false;
    const additional = options.additionalCalls ?? [];
    // Tests and scripts: nothing else waits on their event loop (unless the options ask for them).
    const role = getFileRole(context);
    if ((role === "test" && !options.checkTestFiles) || (role === "script" && !options.checkScripts)) return {};
    // A worker thread exists to take blocking work off the main thread: it stalls only itself.
    if (runsOnOwnThread(context) && !options.checkScripts) return {};
    type Planned = { data: Record<string, string>; fix?: TSESLint.ReportFixFunction; autofix: boolean; suggestion?: { messageId: "usePromisified" | "usePromiseApi"; data: Record<string, string> } };

    /** What the rule reports at `node`, without reporting it (also asked of the other uses of a name). */
    function plan(node: TSESTree.CallExpression): Planned | undefined {
      const blocking = getBlockingCall(context, node, additional);
      if (!blocking) return undefined;
      const fn = getAsyncBoundary(context, node);
      if (!fn) return undefined;
      if (!options.checkCheapCalls && !repeatsOverGrowingCollection(context, node, fn) && (blocking.cheap || createsOnlyWhenMissing(context, node, blocking.name))) return undefined;
      if (!runsWhereConcurrencyMatters(context, node, options)) return undefined;
      const data = { name: blocking.name, alternative: blocking.alternative, promiseName: blocking.promiseName ?? "" };
      if (blocking.promisified) {
        const twin = blocking.promisified;
        const built = buildPromisifyFix(context, node, fn, twin);
        const note = twin.result !== "stdout" ? "" : built?.keepsBuffer ? " (with `encoding: \"buffer\"`, its `stdout` stays a Buffer)" : " (its `stdout` is a string, not a Buffer)";
        const suggestion = { messageId: "usePromisified" as const, data: { ...data, promiseName: twin.exportName, module: twin.module, note } };
        return built ? { data, fix: built.fix, autofix: autofix && built.keepsBehaviour, suggestion } : { data, autofix: false };
      }
      const fix = blocking.promiseName === undefined ? undefined : buildAwaitFix(context, node, fn, blocking.promiseName);
      return fix ? { data, fix, autofix, suggestion: { messageId: "usePromiseApi", data } } : { data, autofix: false };
    }

    /**
     * What the fix at `node` does with the imported name it calls: `remove` it when this is its only use left;
     * `wait` when this is its last use and every other use is fixed unattended (this fix comes in the next
     * pass, once they are gone, and takes the name out then); `keep` it otherwise. A fix that removed the name
     * while other uses were still being fixed would start first and push theirs out of the pass.
     */
    function importedName(node: TSESTree.CallExpression, unattended: boolean): { binding: ImportedBinding; action: "remove" | "wait" } | undefined {
      if (node.callee.type !== AST_NODE_TYPES.Identifier) return undefined;
      const binding = getImportedBinding(context, node.callee);
      if (!binding) return undefined;
      const uses = usesOf(binding);
      if (uses.at(-1) !== node.callee) return undefined;
      const others = uses.slice(0, -1);
      if (others.length === 0) return { binding, action: "remove" };
      const fixedToo = (use: TSESTree.Identifier): boolean => use.parent.type === AST_NODE_TYPES.CallExpression && use.parent.callee === use && plan(use.parent)?.autofix === true;
      return unattended && others.every(fixedToo) ? { binding, action: "wait" } : undefined;
    }

    return {
      CallExpression(node) {
        const planned = plan(node);
        if (!planned) return;
        const { data, fix: base, suggestion } = planned;
        if (!base || !suggestion) {
          context.report({ node, messageId: "blockingCall", data });
          return;
        }
        const name = importedName(node, planned.autofix);
        if (name?.action === "wait") {
          context.report({ node, messageId: "blockingCall", data });
          return;
        }
        const fix: TSESLint.ReportFixFunction = name ? (fixer) => withBindingRemoved(context, fixer, editsOf(base(fixer)), name.binding) : base;
        if (planned.autofix) context.report({ node, messageId: "blockingCall", data, fix });
        else context.report({ node, messageId: "blockingCall", data, suggest: [{ ...suggestion, fix }] });
      },
    };
  },
});
