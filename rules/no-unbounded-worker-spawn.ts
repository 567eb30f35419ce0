import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { isFunctionNode } from "../src/ast/syntax/functions.js";
import { isGuardedByLimiter } from "../src/ast/repetition/guarded.js";
import { getConstantInit, getPropertyName, skipWrappers } from "../src/ast/syntax/imports.js";
import { getRepetitionAt, isSerialReduce, type Repetition } from "../src/ast/repetition/repetition.js";
import { isRequestHandler } from "../src/ast/runtime/request-handlers.js";
import { RUNTIME_OPTION_SCHEMA, runsWhereConcurrencyMatters } from "../src/ast/runtime/runtime-context.js";
import { getSpawn, isAwaitedPerIteration } from "../src/ast/resources/spawns.js";
import { createRule } from "../src/util/create-rule.js";

export type Options = [
  {
    /** Extra functions or `object.method`s that run their callback under a bound (`limit`, `queue.enqueue`). */
    limiters?: string[];
    /** Extra functions (`route`) or `object.method`s (`api.get`) whose function arguments handle requests; a bare object name stands for its HTTP-method calls. */
    registrars?: string[];
    /** Also report in test files. */
    checkTestFiles?: boolean;
    /** Also report in CLIs, scripts, migrations, examples and startup code (`main`, `init…`, `start…`, module level). */
    checkScripts?: boolean;
  },
];

export type MessageIds = "perItem" | "perRequest";

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;
type SpawnNode = TSESTree.CallExpression | TSESTree.NewExpression;

type Region = { kind: "item"; repetition: Repetition; root: TSESTree.Node } | { kind: "request"; root: TSESTree.Node };

/** The innermost unbounded loop, unbounded iteration callback or request handler that runs `node` again and again. */
function findRegion(context: Context, node: TSESTree.Node, registrars: readonly string[]): Region | undefined {
  let child: TSESTree.Node = node;
  let current = node.parent;
  while (current) {
    const repetition = getRepetitionAt(context, current, child);
    if (repetition) return { kind: "item", repetition, root: repetition.kind === "loop" ? repetition.node : repetition.callback };
    if (isFunctionNode(current) && isRequestHandler(context, current, { registrars })) return { kind: "request", root: current };
    child = current;
    current = current.parent;
  }
  return undefined;
}

function isInsideRequestHandler(context: Context, node: TSESTree.Node, registrars: readonly string[]): boolean {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunctionNode(current) && isRequestHandler(context, current, { registrars })) return true;
  }
  return false;
}

/**
 * A lazily created singleton: `worker ??= new Worker(…)`, or `if (!this.worker) this.worker = new Worker(…)`.
 * It starts at most one worker however often it runs.
 */
function isLazySingleton(context: Context, node: SpawnNode, root: TSESTree.Node): boolean {
  let value: TSESTree.Node = node;
  while (value.parent && skipWrappers(value.parent) !== value.parent) value = value.parent;
  const assignment = value.parent;
  if (assignment?.type !== AST_NODE_TYPES.AssignmentExpression || assignment.right !== value) return false;
  if (assignment.operator === "??=" || assignment.operator === "||=") return true;
  if (assignment.operator !== "=") return false;
  const target = context.sourceCode.getText(assignment.left).replace(/[.*+?^${}()|[\]\\]/gu, "\\$&");
  const mentionsTarget = new RegExp(`(?:^|[^\\w$.])${target}(?![\\w$])`, "u");
  let current: TSESTree.Node | undefined = assignment.parent;
  while (current && current !== root) {
    if (current.type === AST_NODE_TYPES.IfStatement && mentionsTarget.test(context.sourceCode.getText(current.test))) return true;
    current = current.parent;
  }
  return false;
}

/** `xs.length`, `xs.size`, `Object.keys(x).length`: how many items a collection holds. */
function isCollectionSize(context: Context, node: TSESTree.Node, depth = 0): boolean {
  const value = skipWrappers(node);
  if (value.type === AST_NODE_TYPES.MemberExpression) {
    const name = getPropertyName(value);
    return name === "length" || name === "size";
  }
  if (value.type === AST_NODE_TYPES.Identifier && depth < 2) {
    const init = getConstantInit(context, value);
    return init !== undefined && isCollectionSize(context, init, depth + 1);
  }
  if (value.type === AST_NODE_TYPES.CallExpression && depth < 2) return value.arguments.some((argument) => isCollectionSize(context, argument, depth + 1));
  return false;
}

/**
 * `for (let i = 0; i < workerCount; i++)`: a loop that counts to a number rather than walking a
 * collection's items starts a pool of that many workers, sized by whoever configures it (`instances`,
 * `os.cpus().length` behind an option) — not one per item of work.
 */
function isCountedPool(context: Context, loop: TSESTree.Node): boolean {
  if (loop.type !== AST_NODE_TYPES.ForStatement || !loop.test || loop.test.type !== AST_NODE_TYPES.BinaryExpression) return false;
  const { operator, left, right } = loop.test;
  const bound = operator === "<" || operator === "<=" ? right : operator === ">" || operator === ">=" ? left : undefined;
  const counter = bound === right ? left : right;
  if (!bound || counter.type !== AST_NODE_TYPES.Identifier) return false;
  const declared = loop.init?.type === AST_NODE_TYPES.VariableDeclaration && loop.init.declarations.some((declarator) => declarator.id.type === AST_NODE_TYPES.Identifier && declarator.id.name === counter.name);
  return declared && !isCollectionSize(context, bound);
}

function spawnName(context: Context, node: SpawnNode): string {
  const callee = context.sourceCode.getText(node.callee);
  return node.type === AST_NODE_TYPES.NewExpression ? `new ${callee}()` : `${callee}()`;
}

export default createRule<Options, MessageIds>({
  name: "no-unbounded-worker-spawn",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow starting a worker thread or child process once per item or per request without a bound",
      recommended: "recommended",
      strictOptions: [{ checkTestFiles: true, checkScripts: true }],
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          limiters: {
            type: "array",
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
            description: "Functions or `object.method`s that run their callback under a concurrency bound.",
          },
          registrars: {
            type: "array",
            items: { type: "string", minLength: 1 },
            uniqueItems: true,
            description: "Extra functions or `object.method`s whose function arguments handle requests; a bare object name stands for its HTTP-method calls.",
          },
          ...RUNTIME_OPTION_SCHEMA,
        },
      },
    ],
    defaultOptions: [{ limiters: [], registrars: [], checkTestFiles: false, checkScripts: false }],
    messages: {
      perItem:
        "`{{name}}` starts a new {{what}} on every iteration of a loop or callback whose number of iterations is not bounded. Run the work on a fixed-size worker pool (piscina, tinypool), through a limiter (p-limit, p-queue), or await each {{what}} before starting the next.",
      perRequest:
        "`{{name}}` starts a new {{what}} on every request, so concurrent requests start as many as there are requests. Run the work on a worker pool created once (piscina, tinypool) or guard it with a limiter (p-limit, a semaphore).",
    },
  },
  defaultOptions: [{ limiters: [], registrars: [], checkTestFiles: false, checkScripts: false }],
  create(context, [options]) {
    const limiterOptions = { limiters: options.limiters ?? [] };
    const registrars = options.registrars ?? [];
    function check(node: SpawnNode): void {
      const spawn = getSpawn(context, node);
      if (!spawn) return;
      const region = findRegion(context, node, registrars);
      if (!region) return;
      // A CLI, a script, startup code or a test starts its workers once; nothing else waits on them. A
      // request handler runs per request even when startup code (`setupRoutes`) registers it.
      if (!runsWhereConcurrencyMatters(context, node, options, region.kind === "request")) return;
      if (region.kind === "item") {
        const { repetition } = region;
        if (repetition.kind === "loop" && isAwaitedPerIteration(context, node, spawn, repetition.node)) return;
        if (repetition.kind === "loop" && isCountedPool(context, repetition.node) && !isInsideRequestHandler(context, repetition.node, registrars)) return;
        if (repetition.kind === "iteration" && isSerialReduce(repetition.callback, repetition.node) && isAwaitedPerIteration(context, node, spawn, repetition.callback)) return;
      }
      if (isGuardedByLimiter(context, node, region.root, limiterOptions)) return;
      if (isLazySingleton(context, node, region.root)) return;
      const data = { name: spawnName(context, node), what: spawn.kind === "thread" ? "worker thread" : "child process" };
      context.report({ node, messageId: region.kind === "item" ? "perItem" : "perRequest", data });
    }
    return { CallExpression: check, NewExpression: check };
  },
});
