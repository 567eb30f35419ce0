import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { type BoundedConstructor, findUnboundedLimit, getBoundedConstructor, type UnboundedLimit } from "../src/ast/resources/queues.js";
import { RUNTIME_OPTION_SCHEMA, runsWhereConcurrencyMatters } from "../src/ast/runtime/runtime-context.js";
import { appendArgument, insertProperty } from "../src/fix/object-property.js";
import { createRule } from "../src/util/create-rule.js";

/** A constructor or factory the user adds: its module, its export, and where its bound lives. */
export interface QueueOption {
  module: string;
  /** Export name, `"default"` for the default export. */
  name: string;
  /** Key of the bound in the options object; leave out when the argument is the bound itself. */
  option?: string;
  /** Index of the argument that holds the options object (or the bound); default 0. */
  argument?: number;
}

export type Options = [
  {
    /** The bound a fix sets. */
    concurrency?: number;
    /** Extra constructors or factories whose bound must be set. */
    queues?: QueueOption[];
    /** Apply the add-a-bound edit as a fix instead of a suggestion (the codemod turns this on). */
    autofix?: boolean;
    /** Also report in test files. */
    checkTestFiles?: boolean;
    /** Also report in CLIs, scripts, migrations and examples. */
    checkScripts?: boolean;
  },
];

export type MessageIds = "missingBound" | "unlimitedBound" | "unlimitedFallback" | "addBound";

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;
type Construction = TSESTree.CallExpression | TSESTree.NewExpression;

function boundText(key: string | undefined): string {
  return key === undefined ? "its limit argument" : `\`${key}\``;
}

function buildFix(context: Context, node: Construction, found: UnboundedLimit, concurrency: number): TSESLint.ReportFixFunction | undefined {
  const sourceCode = context.sourceCode;
  const value = String(concurrency);
  if (found.kind === "fallback") {
    // Only in place: a constant may feed other code, which the edit must not change.
    const target = found.value;
    return found.through === "inline" ? (fixer) => fixer.replaceText(target, value) : undefined;
  }
  if (found.kind === "infinite") {
    const target = found.value;
    const property = target.parent;
    if (property?.type === AST_NODE_TYPES.Property && property.shorthand && found.key !== undefined) {
      return (fixer) => fixer.replaceText(property, `${found.key}: ${value}`);
    }
    return (fixer) => fixer.replaceText(target, value);
  }
  const entry = found.key === undefined ? value : `${found.key}: ${value}`;
  if (found.options) {
    const options = found.options;
    return (fixer) => insertProperty(sourceCode, fixer, options, entry);
  }
  const wrapped = found.key === undefined ? entry : `{ ${entry} }`;
  const existing = node.arguments[found.index];
  // `undefined` in the options position: replace it.
  if (existing) return (fixer) => fixer.replaceText(existing, wrapped);
  // Only when every earlier argument is there: never invent a missing callback.
  if (node.arguments.length !== found.index) return undefined;
  return (fixer) => appendArgument(sourceCode, fixer, node, found.index, wrapped);
}

function userConstructors(queues: readonly QueueOption[]): BoundedConstructor[] {
  return queues.map((queue) => ({
    module: queue.module.startsWith("node:") ? queue.module.slice(5) : queue.module,
    name: queue.name,
    argument: queue.argument ?? 0,
    ...(queue.option === undefined ? {} : { option: queue.option }),
    missingIsUnbounded: true,
  }));
}

export default createRule<Options, MessageIds>({
  name: "no-unbounded-queue",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow limiters, queues and pools created without an upper bound on concurrency",
      recommended: "recommended",
      strictOptions: [{ checkTestFiles: true, checkScripts: true }],
    },
    fixable: "code",
    hasSuggestions: true,
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          concurrency: { type: "integer", minimum: 1, description: "The bound that the fix sets." },
          queues: {
            type: "array",
            description: "Extra constructors or factories whose concurrency bound must be set: `{ module, name, option?, argument? }`.",
            items: {
              type: "object",
              additionalProperties: false,
              required: ["module", "name"],
              properties: {
                module: { type: "string", minLength: 1, description: "Module that exports it." },
                name: { type: "string", minLength: 1, description: "Export name (`default` for the default export)." },
                option: { type: "string", minLength: 1, description: "Key of the bound in the options object; leave out when the argument is the bound itself." },
                argument: { type: "integer", minimum: 0, description: "Index of the argument that holds the options object or the bound (default 0)." },
              },
            },
          },
          autofix: { type: "boolean", description: "Apply the add-a-bound edit as a fix instead of offering it as a suggestion." },
          ...RUNTIME_OPTION_SCHEMA,
        },
      },
    ],
    defaultOptions: [{ concurrency: 5, queues: [], autofix: false, checkTestFiles: false, checkScripts: false }],
    messages: {
      missingBound:
        "`{{callee}}` is {{verb}} without {{bound}}, so it runs every task it is given at once. Set {{bound}} to a finite number (for example {{concurrency}}).",
      unlimitedBound:
        "`{{callee}}` sets {{bound}} to `{{value}}`, which means no limit: it runs every task it is given at once. Set {{bound}} to a finite number (for example {{concurrency}}).",
      unlimitedFallback:
        "`{{callee}}` falls back to `{{value}}` for {{bound}} when no limit is passed, which means no limit: by default it runs every task it is given at once. Fall back to a finite number (for example {{concurrency}}).",
      addBound: "Set {{bound}} to {{concurrency}}.",
    },
  },
  defaultOptions: [{ concurrency: 5, queues: [], autofix: false, checkTestFiles: false, checkScripts: false }],
  create(context, [options]) {
    const concurrency = options.concurrency ?? 5;
    const autofix = options.autofix ?? false;
    const extra = userConstructors(options.queues ?? []);
    function check(node: Construction): void {
      const spec = getBoundedConstructor(context, node, extra);
      if (!spec) return;
      const found = findUnboundedLimit(context, node, spec);
      if (!found) return;
      // A queue made at startup serves every request later, so startup code counts; tests and scripts do not.
      if (!runsWhereConcurrencyMatters(context, node, options, true)) return;
      const callee = context.sourceCode.getText(node.callee);
      const data = {
        callee: node.type === AST_NODE_TYPES.NewExpression ? `new ${callee}()` : `${callee}()`,
        verb: node.type === AST_NODE_TYPES.NewExpression ? "created" : "called",
        bound: boundText(found.key),
        value: found.kind === "missing" ? "" : context.sourceCode.getText(found.value),
        concurrency,
      };
      const messageId = found.kind === "missing" ? "missingBound" : found.kind === "fallback" ? "unlimitedFallback" : "unlimitedBound";
      const fix = buildFix(context, node, found, concurrency);
      if (!fix) context.report({ node, messageId, data });
      else if (autofix) context.report({ node, messageId, data, fix });
      else context.report({ node, messageId, data, suggest: [{ messageId: "addBound", data, fix }] });
    }
    return { CallExpression: check, NewExpression: check };
  },
});
