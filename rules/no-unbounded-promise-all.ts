import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { getPropertyName, skipWrappers } from "../src/ast/syntax/imports.js";
import { isDeferrableCall, isOnlyFilledAndAwaited } from "../src/ast/repetition/stable.js";
import type { LimiterFactory } from "../src/ast/resources/limiter.js";
import { isEvidentFanOut } from "../src/ast/repetition/fanout-evidence.js";
import { findHelperFanOut } from "../src/ast/repetition/helper-fanout.js";
import { findUnboundedSource, getCombinator, type UnboundedSource } from "../src/ast/repetition/promise-sources.js";
import { RUNTIME_OPTION_SCHEMA, type RuntimeOptions, runsWhereConcurrencyMatters } from "../src/ast/runtime/runtime-context.js";
import { type ImportPlan, planImport } from "../src/fix/imports.js";
import { declareAndReplace, keepsComments, limiterName, pMapCallbackText, wrapCallbackText } from "../src/fix/limiter-wrap.js";
import { getFreeName } from "../src/fix/names.js";
import { createRule } from "../src/util/create-rule.js";
import { isModuleAvailableFor } from "../src/util/resolve-module.js";

export type LimiterChoice = "p-limit" | "p-map" | LimiterFactory;

export type Options = [
  {
    /** Concurrency that a fix gives the limiter it creates. */
    concurrency?: number;
    /** What a fix uses: p-limit (default), p-map, or the user's own p-limit-shaped factory. */
    limiter?: LimiterChoice;
    /** Apply the fix automatically where it keeps behaviour and the limiter resolves; otherwise offer it as a suggestion. */
    autofix?: boolean;
    /** Extra functions or `object.method`s that run their callback under a bound (`limit`, `queue.enqueue`). */
    limiters?: string[];
    /** Also report when the per-element work or the collection's origin cannot be judged from the file (the wide net). */
    checkUnknownWork?: boolean;
  } & RuntimeOptions,
];

export type MessageIds = "unboundedCollection" | "unboundedPushLoop" | "helperFansOut" | "wrapInLimiter" | "useMap";

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;

/** `await Promise.all(…)` / `return Promise.all(…)` / `=> Promise.all(…)`: nothing runs between the start and the wait. */
function isAwaitedRightAway(call: TSESTree.CallExpression): boolean {
  const parent = call.parent;
  return (
    parent?.type === AST_NODE_TYPES.AwaitExpression ||
    parent?.type === AST_NODE_TYPES.ReturnStatement ||
    (parent?.type === AST_NODE_TYPES.ArrowFunctionExpression && parent.body === call)
  );
}

/** What the fan-out goes over, for the limiter's name: `queries` in `queries.map(…)`, `rows` in `Array.from(rows, …)`, the pushed-to array. */
function boundedCollection(source: UnboundedSource): TSESTree.Node | undefined {
  if (source.kind === "push") return source.declarator.id;
  const callee = skipWrappers(source.call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return undefined;
  return getPropertyName(callee) === "from" ? source.call.arguments[0] : callee.object;
}

function buildFix(context: Context, call: TSESTree.CallExpression, method: string, source: UnboundedSource, options: Required<Options[0]>): { fix: TSESLint.ReportFixFunction; messageId: MessageIds; safe: boolean } | undefined {
  const { limiter, concurrency } = options;
  const module = typeof limiter === "string" ? limiter : limiter.module;
  // Safe unattended: awaited right where it is started, or an array only filled and then awaited (its
  // `.length` aside), where deferring each element's work changes only when it runs.
  const onlyAwaited =
    source.kind === "mapping" ? source.viaVariable === undefined || isOnlyFilledAndAwaited(context, source.viaVariable, call, []) : isOnlyFilledAndAwaited(context, source.declarator, call, source.pushes);
  const shapeIsSafe = isAwaitedRightAway(call) && onlyAwaited;
  // Autofix needs the limiter: already imported by the file, or resolvable from it.
  const isSafe = (plan: ImportPlan): boolean => shapeIsSafe && (plan.fix === undefined || isModuleAvailableFor(context, module));

  if (limiter === "p-map") {
    if (method !== "all" || source.kind !== "mapping" || source.viaVariable) return undefined;
    const argument = call.arguments[0];
    const mapCall = source.call;
    const callee = skipWrappers(mapCall.callee);
    if (argument !== mapCall || callee.type !== AST_NODE_TYPES.MemberExpression || getPropertyName(callee) !== "map") return undefined;
    const callbackText = pMapCallbackText(context, source.callback);
    if (callbackText === undefined || !keepsComments(context, call, [callee.object, source.callback])) return undefined;
    const plan = planImport(context, { module: "p-map", exportName: "default", localName: getFreeName(context.sourceCode, "pMap", ["mapConcurrently"]) });
    const collection = context.sourceCode.getText(callee.object);
    return {
      messageId: "useMap",
      safe: isSafe(plan),
      fix: (fixer) => [...(plan.fix ? [plan.fix(fixer)] : []), fixer.replaceText(call, `${plan.name}(${collection}, ${callbackText}, { concurrency: ${concurrency} })`)],
    };
  }

  const factory = typeof limiter === "string" ? { module: "p-limit", import: "default" } : limiter;
  const localName =
    factory.import === "default" ? getFreeName(context.sourceCode, factory.module === "p-limit" ? "pLimit" : "createLimit", ["createLimit", "limiterFor"]) : getFreeName(context.sourceCode, factory.import);
  const plan = planImport(context, { module: factory.module, exportName: factory.import, localName });
  const limit = limiterName(context, boundedCollection(source));
  const declaration = `const ${limit} = ${plan.name}(${concurrency});`;
  let edit: ((fixer: TSESLint.RuleFixer) => TSESLint.RuleFix[]) | undefined;
  if (source.kind === "mapping") {
    const replacement = wrapCallbackText(context, source.callback, limit, 3);
    if (replacement !== undefined) edit = declareAndReplace(context, source.viaVariable ?? call, declaration, [{ target: source.callback, text: replacement }]);
  } else {
    // Each pushed call is deferred into the limiter: only where it sees the same values later.
    const pushed = source.pushes.map((push) => push.arguments[0]);
    if (source.pushes.every((push) => push.arguments.length === 1) && pushed.every((argument) => argument !== undefined && isDeferrableCall(context, argument))) {
      const replacements = pushed.map((argument) => ({ target: argument!, text: `${limit}(() => ${context.sourceCode.getText(argument!)})` }));
      edit = declareAndReplace(context, source.declarator, declaration, replacements);
    }
  }
  if (!edit) return undefined;
  const apply = edit;
  return {
    messageId: "wrapInLimiter",
    safe: isSafe(plan),
    fix: (fixer) => [...(plan.fix ? [plan.fix(fixer)] : []), ...apply(fixer)],
  };
}

export default createRule<Options, MessageIds>({
  name: "no-unbounded-promise-all",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow `Promise.all` and friends over promises started for every element of an unbounded collection",
      recommended: "recommended",
      strictOptions: [{ checkUnknownWork: true, checkTestFiles: true, checkScripts: true }],
    },
    fixable: "code",
    hasSuggestions: true,
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          concurrency: { type: "integer", minimum: 1, description: "Concurrency that a fix gives the limiter it creates." },
          limiter: {
            description: "What a fix uses: `p-limit`, `p-map`, or `{ module, import }` of a p-limit-shaped factory.",
            oneOf: [
              { type: "string", enum: ["p-limit", "p-map"], description: "A limiter package the fix imports." },
              {
                type: "object",
                description: "A p-limit-shaped factory of your own: `factory(concurrency)` returns `limit(fn)`.",
                additionalProperties: false,
                required: ["module", "import"],
                properties: {
                  module: { type: "string", minLength: 1, description: "Module specifier the fix imports from." },
                  import: { type: "string", minLength: 1, description: "Export name, or `default`." },
                },
              },
            ],
          },
          autofix: { type: "boolean", description: "Apply the fix automatically where it keeps behaviour; otherwise it is a suggestion." },
          limiters: { type: "array", items: { type: "string", minLength: 1, description: "A function name or `object.method`." }, uniqueItems: true, description: "Functions or `object.method`s that run their callback under a bound." },
          checkUnknownWork: { type: "boolean", description: "Also report when the per-element work or the collection's origin cannot be judged from the file." },
          ...RUNTIME_OPTION_SCHEMA,
        },
      },
    ],
    defaultOptions: [{ concurrency: 5, limiter: "p-limit", autofix: true, limiters: [], checkUnknownWork: false, checkTestFiles: false, checkScripts: false }],
    messages: {
      unboundedCollection:
        "`Promise.{{method}}()` waits on one promise started per element of a collection whose size is not bounded. Run the callbacks through a limiter (p-limit, p-map with `concurrency`) or process the collection in fixed-size batches.",
      unboundedPushLoop:
        "`Promise.{{method}}()` waits on promises that a loop over an unbounded collection starts all at once. Start them through a limiter (p-limit, p-queue) or await fixed-size batches inside the loop.",
      helperFansOut:
        "`{{helper}}()` ({{where}}) starts {{work}} for every element of what it is given, all at once, and this call gives it {{origin}}. Bound the fan-out inside `{{helper}}()`, for example with a limiter of concurrency {{concurrency}} (p-limit, p-map).",
      wrapInLimiter: "Run each callback through a limiter with concurrency {{concurrency}}.",
      useMap: "Use p-map with concurrency {{concurrency}}.",
    },
  },
  defaultOptions: [{ concurrency: 5, limiter: "p-limit", autofix: true, limiters: [], checkUnknownWork: false, checkTestFiles: false, checkScripts: false }],
  create(context, [options]) {
    const resolved = {
      concurrency: options.concurrency ?? 5,
      limiter: options.limiter ?? "p-limit",
      autofix: options.autofix ?? true,
      limiters: options.limiters ?? [],
      checkUnknownWork: options.checkUnknownWork ?? false,
      checkTestFiles: options.checkTestFiles ?? false,
      checkScripts: options.checkScripts ?? false,
    } satisfies Required<Options[0]>;
    const limiterOptions = {
      limiters: resolved.limiters,
      factory: typeof resolved.limiter === "object" ? resolved.limiter : undefined,
    };
    /** `notifyAll(rows)`: a helper that fans out over what this call hands it (the project model reads the helper). */
    function reportHelperCall(node: TSESTree.CallExpression): void {
      const found = findHelperFanOut(context, node, resolved.checkUnknownWork);
      if (!found || !runsWhereConcurrencyMatters(context, node, resolved)) return;
      const helper = context.sourceCode.getText(node.callee);
      const work = found.cost === "database" ? "a query" : found.cost === "remote" ? "a request" : "a task";
      const origin = found.origin === "request" ? "request input" : "a collection that grows (query rows, a listing, a response)";
      context.report({ node, messageId: "helperFansOut", data: { helper, where: found.where, work, origin, concurrency: resolved.concurrency } });
    }

    return {
      CallExpression(node) {
        const method = getCombinator(context, node);
        if (method === undefined) {
          reportHelperCall(node);
          return;
        }
        const source = findUnboundedSource(context, node, limiterOptions);
        if (!source || !runsWhereConcurrencyMatters(context, node, resolved) || !isEvidentFanOut(context, node, source, resolved)) return;
        const plan = buildFix(context, node, method, source, resolved);
        const messageId = source.kind === "push" ? "unboundedPushLoop" : "unboundedCollection";
        const data = { method, concurrency: resolved.concurrency };
        if (!plan) {
          context.report({ node, messageId, data });
        } else if (plan.safe && resolved.autofix) {
          context.report({ node, messageId, data, fix: plan.fix });
        } else {
          context.report({ node, messageId, data, suggest: [{ messageId: plan.messageId, data, fix: plan.fix }] });
        }
      },
    };
  },
});
