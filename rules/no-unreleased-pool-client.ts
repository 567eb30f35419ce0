import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { isInside } from "../src/ast/syntax/functions.js";
import { skipWrappers } from "../src/ast/syntax/imports.js";
import { type Holder, errorBranches, findHolder, isHeldForNotifications } from "../src/ast/resources/pool-holders.js";
import { type ReleaseAnalysis, analyzeReleases } from "../src/ast/resources/pool-releases.js";
import { type AcquireSite, POOL_LIBRARIES, type PoolOption, getAcquireSite, libraryFromOption } from "../src/ast/resources/pools.js";
import { type ExitKind, type ReleasePoint, type RootNode, createSegmentTracker, findUnprotectedThrow, searchPaths } from "../src/ast/resources/release-paths.js";
import { RUNTIME_OPTION_SCHEMA, runsWhereConcurrencyMatters } from "../src/ast/runtime/runtime-context.js";
import { type TryFinallyResult, planTryFinally } from "../src/fix/try-finally.js";
import { createRule } from "../src/util/create-rule.js";
import { getTypeServices } from "../src/util/type-services.js";

export type Options = [
  {
    /** More pools: the module and export that create one, the acquire method, and the release call shapes. */
    pools?: PoolOption[];
    /**
     * Apply the `try/finally` wrap automatically wherever it keeps what the code does (the codemod turns this
     * on); where it cannot, the message says why a person has to fix it ("Manual fix needed: …").
     */
    autofix?: boolean;
    /** Also report in test files, where a test may take a client and let the pool be torn down with it. */
    checkTestFiles?: boolean;
  },
];

export type MessageIds = "neverReleased" | "releasedOnlyOnSuccess" | "notReleasedOnEarlyExit" | "releasedOnlyInCatch" | "releasedConditionally" | "wrapInTryFinally";

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;
type Variable = TSESLint.Scope.Variable;

const KNOWN_MODULES = ["pg", "pg-pool", "mysql2", "mysql2/promise", "mariadb", "generic-pool", "tarn"];

function releaseText(context: Context, site: AcquireSite, name: string): string {
  const shape = site.library.releases[0]!;
  return shape.on === "resource" ? `${name}.${shape.method}();` : `${context.sourceCode.getText(site.pool)}.${shape.method}(${name});`;
}

function exitMessage(exits: ReadonlySet<ExitKind>): { messageId: MessageIds; exit?: string } | undefined {
  for (const exit of ["return", "break", "continue"] as const) if (exits.has(exit)) return { messageId: "notReleasedOnEarlyExit", exit };
  if (exits.has("throw")) return { messageId: "releasedOnlyOnSuccess" };
  if (exits.has("end") || exits.has("loop")) return { messageId: "releasedConditionally" };
  return undefined;
}

/** Every release sits in a `catch` clause (that the take is not itself inside). */
function onlyInCatch(analysis: ReleaseAnalysis, start: TSESTree.Node, root: RootNode): boolean {
  return (
    analysis.full.length > 0 &&
    analysis.full.every((point) => {
      for (let node = point.node.parent; node && node !== root; node = node.parent) {
        if (node.type === AST_NODE_TYPES.CatchClause && !isInside(start, node)) return true;
      }
      return false;
    })
  );
}

export default createRule<Options, MessageIds>({
  name: "no-unreleased-pool-client",
  meta: {
    type: "problem",
    docs: {
      description: "Require a client taken from a pool (pg, mysql2, mariadb, generic-pool, tarn) to be released on every path, the throw path included",
      recommended: "recommended",
      strictOptions: [{ checkTestFiles: true }],
    },
    fixable: "code",
    hasSuggestions: true,
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          pools: {
            type: "array",
            description: "More pools: `{ module, creators, types?, acquire, release }`, where `release` lists `resource.<method>` or `pool.<method>` shapes.",
            items: {
              type: "object",
              additionalProperties: false,
              required: ["module", "creators", "acquire", "release"],
              properties: {
                module: { type: "string", minLength: 1 },
                creators: { type: "array", items: { type: "string", minLength: 1 }, minItems: 1 },
                types: { type: "array", items: { type: "string", minLength: 1 } },
                acquire: { type: "string", minLength: 1 },
                release: { type: "array", items: { type: "string", pattern: "^(resource|pool)\\.[A-Za-z_$][\\w$]*$" }, minItems: 1 },
              },
            },
          },
          autofix: {
            type: "boolean",
            description: "Apply the `try/finally` wrap automatically wherever it keeps what the code does; otherwise it is a suggestion, and the message says why it needs a person.",
          },
          checkTestFiles: RUNTIME_OPTION_SCHEMA.checkTestFiles,
        },
      },
    ],
    defaultOptions: [{ pools: [], autofix: false, checkTestFiles: false }],
    messages: {
      neverReleased: "This {{what}} is never released, so every call keeps one out of the pool until it runs dry. Release it in a `finally` block (`{{release}}`){{manual}}.",
      releasedOnlyOnSuccess: "This {{what}} is released only when nothing throws: an error leaks it and the pool runs dry. Release it in a `finally` block (`{{release}}`){{manual}}.",
      notReleasedOnEarlyExit: "This {{what}} is not released when the code leaves through `{{exit}}`. Release it in a `finally` block (`{{release}}`) so every exit gives it back{{manual}}.",
      releasedOnlyInCatch: "This {{what}} is released only in a `catch` block, so the success path never gives it back. Release it in a `finally` block (`{{release}}`) instead{{manual}}.",
      releasedConditionally: "This {{what}} is not released on every path through the function. Release it in a `finally` block (`{{release}}`) so every path gives it back{{manual}}.",
      wrapInTryFinally: "Wrap the code that uses `{{name}}` in `try { … } finally { {{release}} }`.",
    },
  },
  defaultOptions: [{ pools: [], autofix: false, checkTestFiles: false }],
  create(context, [options]) {
    const extra = (options.pools ?? []).map(libraryFromOption);
    const libraries = [...POOL_LIBRARIES, ...extra];
    const modules = [...KNOWN_MODULES, ...extra.map((library) => String(library.creators[0]?.module))];
    const typed = getTypeServices(context) !== undefined;
    const text = context.sourceCode.text;
    // A quick pass over the text: a pool module named here, or an acquire call on a pool another module may create.
    const mentionsPool = modules.some((module) => text.includes(`"${module}"`) || text.includes(`'${module}'`) || text.includes(`\`${module}\``));
    if (!typed && !mentionsPool && !libraries.some((library) => text.includes(`.${library.acquire}(`))) return {};

    const tracker = createSegmentTracker();
    const sites: AcquireSite[] = [];

    // A leak is a leak in a server, a script or startup code alike (a script that leaks hangs on exit); a test's pool dies with it.
    const where = { checkTestFiles: options.checkTestFiles === true, checkScripts: true };

    function check(site: AcquireSite, valueNodes: ReadonlySet<TSESTree.Node>): void {
      if (!runsWhereConcurrencyMatters(context, site.call, where, true)) return;
      const data = { what: site.library.label, release: "", exit: "", name: "", manual: "" };
      let root: RootNode;
      let analysis: ReleaseAnalysis;
      let holder: Holder | undefined;
      const extraPoints: ReleasePoint[] = [];
      if (site.callback) {
        const callback = site.callback;
        const declared = context.sourceCode.getDeclaredVariables(callback);
        const byIndex = (index: number | undefined): Variable | undefined => {
          const param = index === undefined ? undefined : callback.params[index];
          return param?.type === AST_NODE_TYPES.Identifier ? declared.find((variable) => variable.name === param.name) : undefined;
        };
        const resource = byIndex(site.library.callback?.resource);
        if (resource && isHeldForNotifications(resource)) return;
        root = callback;
        data.release = resource ? releaseText(context, site, resource.name) : "done()";
        analysis = analyzeReleases(context, tracker, { site, resource, done: byIndex(site.library.callback?.done) }, callback);
        extraPoints.push(...errorBranches(callback));
      } else {
        const found = findHolder(context, site, valueNodes);
        if (found === undefined) return;
        if (found === "discarded") {
          data.release = releaseText(context, site, "client");
          if (options.autofix) data.manual = manual("the client is not kept in a variable");
          context.report({ node: site.call, messageId: "neverReleased", data });
          return;
        }
        // Taken to `LISTEN`: held on purpose for as long as the process runs.
        if (isHeldForNotifications(found.variable)) return;
        holder = found;
        root = found.root;
        data.name = found.variable.name;
        data.release = releaseText(context, site, found.variable.name);
        analysis = analyzeReleases(context, tracker, { site, resource: found.variable }, root);
      }
      if (analysis.transferred) return;

      let messageId: MessageIds | undefined;
      const start = site.callback ?? site.value;
      if (analysis.full.length === 0) {
        if (analysis.successOnly.length > 0) messageId = "releasedOnlyOnSuccess";
        else if (analysis.catchOnly.length > 0) messageId = "releasedOnlyInCatch";
        else if (!analysis.written) messageId = "neverReleased";
        else {
          const inner = exitMessage(analysis.innerExits);
          messageId = inner?.messageId ?? "releasedConditionally";
          data.exit = inner?.exit ?? "";
        }
      } else if (onlyInCatch(analysis, start, root)) {
        messageId = "releasedOnlyInCatch";
      } else {
        const query = {
          root,
          startAfter: site.callback ? undefined : site.value,
          releases: [...analysis.full, ...extraPoints],
          reacquire: site.callback ? undefined : site.value,
        };
        const result = searchPaths(tracker, query);
        const exit = exitMessage(result.exits);
        if (exit) {
          messageId = exit.messageId;
          data.exit = exit.exit ?? "";
        } else if (holder && findUnprotectedThrow(tracker, query, result)) {
          messageId = "releasedOnlyOnSuccess";
        }
      }
      if (!messageId) return;
      const plan = planFix(context, site, holder, analysis, data.release);
      if (!plan.fix) {
        if (options.autofix) data.manual = manual(plan.reason);
        context.report({ node: site.call, messageId, data });
      } else if (options.autofix && plan.review === undefined) {
        context.report({ node: site.call, messageId, data, fix: plan.fix });
      } else {
        if (options.autofix && plan.review !== undefined) data.manual = manual(plan.review);
        context.report({ node: site.call, messageId, data, suggest: [{ messageId: "wrapInTryFinally", data, fix: plan.fix }] });
      }
    }

    return {
      ...tracker.listeners,
      CallExpression(node) {
        const site = getAcquireSite(context, node, libraries);
        if (site) sites.push(site);
      },
      "Program:exit"() {
        // Without code path analysis (a host that sends no `onCodePath*` events) "released on every path"
        // cannot be decided: report nothing rather than a partial answer.
        if (!tracker.hasCodePaths()) return;
        const valueNodes = new Set<TSESTree.Node>(sites.map((site) => site.value));
        for (const site of sites) check(site, valueNodes);
      },
    };
  },
});

/** The message's tail when the codemod (autofix on) leaves the finding to a person: the codemod's marker shows it. */
function manual(reason: string): string {
  return `. Manual fix needed: ${reason}`;
}

/** The `try/finally` plan for a finding, or why there is none. */
function planFix(context: Context, site: AcquireSite, holder: Holder | undefined, analysis: ReleaseAnalysis, release: string): TryFinallyResult {
  if (site.callback) return { reason: "the client is used through callbacks, which a `try/finally` cannot wrap" };
  if (!holder) return { reason: "the client is not kept in a variable" };
  if (!holder.declaration) return { reason: "the client is assigned to a variable declared elsewhere" };
  if (analysis.successOnly.length > 0 || analysis.catchOnly.length > 0) return { reason: "the client is released in a promise callback (`.then`/`.catch`)" };
  if (analysis.indirect) return { reason: "the client is released in a callback, a helper or behind a condition" };
  const canonical = site.library.releases[0]!;
  const statements: TSESTree.ExpressionStatement[] = [];
  for (const call of analysis.direct) {
    const expected = canonical.on === "resource" ? 0 : 1;
    if (call.arguments.length !== expected) return { reason: "a release passes an argument (an error destroys the client), which a plain `finally` would drop" };
    const callee = skipWrappers(call.callee);
    if (callee.type !== AST_NODE_TYPES.MemberExpression || context.sourceCode.getText(callee.property) !== canonical.method) return { reason: "the client is released through another method than the one a `finally` would call" };
    let node: TSESTree.Node = call;
    while (node.parent?.type === AST_NODE_TYPES.AwaitExpression || node.parent?.type === AST_NODE_TYPES.ChainExpression) node = node.parent;
    if (node.parent?.type !== AST_NODE_TYPES.ExpressionStatement) return { reason: "a release is part of a larger expression" };
    statements.push(node.parent);
  }
  const awaited = analysis.direct.some((call) => call.parent?.type === AST_NODE_TYPES.AwaitExpression);
  return planTryFinally(context, holder.declaration, statements, awaited ? `await ${release}` : release, holder.variable);
}
