import { type AdditionalBlockingCall, createsOnlyWhenMissing, getAsyncBoundary, getBlockingCall } from "../src/ast/blocking-calls.js";
import { RUNTIME_OPTION_SCHEMA, getFileRole, runsWhereConcurrencyMatters } from "../src/ast/runtime-context.js";
import { buildAwaitFix } from "../src/fix/await-promise-api.js";
import { buildPromisifyFix } from "../src/fix/promisify-call.js";
import { createRule } from "../src/util/create-rule.js";
import { repeatsOverGrowingCollection } from "../src/ast/collection-origin.js";

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
    return {
      CallExpression(node) {
        const blocking = getBlockingCall(context, node, additional);
        if (!blocking) return;
        const fn = getAsyncBoundary(context, node);
        if (!fn) return;
        if (!options.checkCheapCalls && !repeatsOverGrowingCollection(context, node, fn) && (blocking.cheap || createsOnlyWhenMissing(context, node, blocking.name))) return;
        if (!runsWhereConcurrencyMatters(context, node, options)) return;
        const data = { name: blocking.name, alternative: blocking.alternative, promiseName: blocking.promiseName ?? "" };
        if (blocking.promisified) {
          const twin = blocking.promisified;
          const built = buildPromisifyFix(context, node, fn, twin);
          const suggestionData = {
            ...data,
            promiseName: twin.exportName,
            module: twin.module,
            note: twin.result === "stdout" ? " (its `stdout` is a string, not a Buffer)" : "",
          };
          if (!built) {
            context.report({ node, messageId: "blockingCall", data });
          } else if (autofix && built.keepsBehaviour) {
            context.report({ node, messageId: "blockingCall", data, fix: built.fix });
          } else {
            context.report({ node, messageId: "blockingCall", data, suggest: [{ messageId: "usePromisified", data: suggestionData, fix: built.fix }] });
          }
          return;
        }
        const fix = blocking.promiseName === undefined ? undefined : buildAwaitFix(context, node, fn, blocking.promiseName);
        if (!fix) {
          context.report({ node, messageId: "blockingCall", data });
        } else if (autofix) {
          context.report({ node, messageId: "blockingCall", data, fix });
        } else {
          context.report({ node, messageId: "blockingCall", data, suggest: [{ messageId: "usePromiseApi", data, fix }] });
        }
      },
    };
  },
});
