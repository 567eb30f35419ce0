import type { TSESTree } from "@typescript-eslint/utils";
import { RUNTIME_OPTION_SCHEMA, getFileRole, runsWhereConcurrencyMatters } from "../src/ast/runtime/runtime-context.js";
import { type AdditionalTimeoutCall, findTimeoutTarget } from "../src/ast/cost/timeouts.js";
import { addBound, boundPropertyText } from "../src/fix/timeout.js";
import { createRule } from "../src/util/create-rule.js";

export type Options = [
  {
    /** Turn the suggestion into a fix (the codemod sets it). `http`/`https` requests without an `error` listener and a total timeout on a visible stream always stay suggestions. */
    autofix?: boolean;
    /** Milliseconds that a fix writes for the wait on an answer: a total timeout, axios's `timeout`, got's `response`, `headersTimeout`. */
    timeoutMs?: number;
    /** Milliseconds that a fix writes for establishing or acquiring a connection: pg's `connectionTimeoutMillis`, got's `connect`. */
    connectTimeoutMs?: number;
    /** More calls or constructors that need a bound: where their options go and which property bounds them. */
    additionalCalls?: AdditionalTimeoutCall[];
    /** Also report in test files. */
    checkTestFiles?: boolean;
    /** Also report in CLIs, scripts, migrations, examples and startup code. */
    checkScripts?: boolean;
    /** Also report child processes whose command is visibly a local quick tool (`git rev-parse`, `tar`, `uname`). */
    checkLocalCommands?: boolean;
  },
];

export type MessageIds = "missingTimeout" | "missingTotalTimeout" | "addTimeout" | "addTotalTimeout";

/** Generous: a total timeout must not cut off a legitimate long answer. */
const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

export default createRule<Options, MessageIds>({
  name: "require-timeout",
  meta: {
    type: "problem",
    docs: {
      description: "Require a timeout or abort signal on outgoing requests, child processes and pool acquisition that otherwise wait forever",
      recommended: "recommended",
      strictOptions: [{ checkTestFiles: true, checkScripts: true, checkLocalCommands: true }],
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
            description: "Apply the added bound as a fix instead of a suggestion (`http`/`https` requests without an `error` listener and a total timeout on a visible stream always stay suggestions).",
          },
          timeoutMs: {
            type: "integer",
            minimum: 1,
            description: "Milliseconds that a fix writes for the wait on an answer: a total timeout (`AbortSignal.timeout`, axios's and `exec`'s `timeout`), got's `response`, `headersTimeout`.",
          },
          connectTimeoutMs: {
            type: "integer",
            minimum: 1,
            description: "Milliseconds that a fix writes for establishing or acquiring a connection: pg's `connectionTimeoutMillis`, got's `connect`.",
          },
          ...RUNTIME_OPTION_SCHEMA,
          checkLocalCommands: {
            type: "boolean",
            description: "Also report `exec`/`execFile` of a command that is visibly a local quick tool (`git rev-parse`, `git show`, `tar`, `which`, `uname`, `node --version`).",
          },
          additionalCalls: {
            type: "array",
            description: "More calls or constructors that need a bound, with the position of their options object and the property that bounds them.",
            items: {
              type: "object",
              additionalProperties: false,
              required: ["module", "name", "optionsArgument", "timeoutProperty"],
              properties: {
                module: { type: "string", minLength: 1, description: "Module specifier as imported (`node:` prefix optional)." },
                name: { type: "string", minLength: 1, description: "Export name (`default` for the default export), or a dotted path below it (`default.request`)." },
                construct: { type: "boolean", description: "Match `new X(...)` instead of `X(...)`." },
                optionsArgument: { type: "integer", minimum: 0, description: "Zero-based position of the options object." },
                timeoutProperty: { type: "string", minLength: 1, description: "Property that bounds the call; `signal` gets `AbortSignal.timeout(ms)`, any other gets the milliseconds." },
              },
            },
          },
        },
      },
    ],
    defaultOptions: [{ autofix: false, timeoutMs: DEFAULT_TIMEOUT_MS, connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS, additionalCalls: [], checkTestFiles: false, checkScripts: false, checkLocalCommands: false }],
    messages: {
      missingTimeout:
        "`{{call}}` has no {{expected}}, so it can wait forever on a peer that stops answering. Bound it, for example with `{{example}}`.",
      missingTotalTimeout:
        "`{{call}}` has no {{expected}}: undici (Node's fetch) gives up only after 300 s without headers or between body chunks and sets no limit on the whole request, so a stalled peer holds it for minutes and a trickling one for good. Bound it, for example with `{{example}}`.",
      addTimeout: "Add `{{example}}`.",
      addTotalTimeout: "Add `{{example}}`, a total timeout: raise it above the longest transfer this stream may take.",
    },
  },
  defaultOptions: [{ autofix: false, timeoutMs: DEFAULT_TIMEOUT_MS, connectTimeoutMs: DEFAULT_CONNECT_TIMEOUT_MS, additionalCalls: [], checkTestFiles: false, checkScripts: false, checkLocalCommands: false }],
  create(context, [options]) {
    const autofix = options.autofix ?? false;
    const ms = { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, connectMs: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS };
    const additional = options.additionalCalls ?? [];
    // Tests and scripts: nothing else waits on their event loop (unless the options ask for them).
    const role = getFileRole(context);
    if ((role === "test" && !options.checkTestFiles) || (role === "script" && !options.checkScripts)) return {};

    function check(node: TSESTree.CallExpression | TSESTree.NewExpression): void {
      const target = findTimeoutTarget(context, node, additional);
      if (!target) return;
      if (target.localCommand && !options.checkLocalCommands) return;
      // A client or pool configured at startup is used by every later request: startup does not exempt it.
      if (!runsWhereConcurrencyMatters(context, node, options, target.configures)) return;
      const data = { call: target.label, expected: target.expected, example: boundPropertyText(target.bound, ms) };
      const messageId = target.defaultLimits === "undici" ? "missingTotalTimeout" : "missingTimeout";
      const fix = (fixer: Parameters<typeof addBound>[1]) => addBound(context.sourceCode, fixer, node, target, ms);
      // A total timeout on a visible stream may cut off a long transfer: someone must choose the milliseconds.
      if (autofix && target.autofixable && !target.streams) {
        context.report({ node, messageId, data, fix });
      } else {
        context.report({ node, messageId, data, suggest: [{ messageId: target.streams ? "addTotalTimeout" : "addTimeout", data, fix }] });
      }
    }

    return { CallExpression: check, NewExpression: check };
  },
});
