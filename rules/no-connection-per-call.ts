import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { type ConnectionKind, CONNECTION_MODULES, getConnectionKind, isConnectionCheck, isPoolFactory, isProvisioningOnly, isTargetFromCaller, runsLater } from "../src/ast/resources/connections.js";
import { type FunctionNode, getEnclosingFunction } from "../src/ast/syntax/functions.js";
import { getPropertyName, skipWrappers } from "../src/ast/syntax/imports.js";
import { classifyReference, readReferences } from "../src/ast/resources/ownership.js";
import { RUNTIME_OPTION_SCHEMA, runsWhereConcurrencyMatters } from "../src/ast/runtime/runtime-context.js";
import { createRule } from "../src/util/create-rule.js";

export type Options = [
  {
    /** Also report in test files (`*.test.*`, `*.spec.*`, `__tests__/`, `test/`), where a connection per test is common. */
    checkTestFiles?: boolean;
    /** Also report in CLIs, scripts, migrations, examples and startup code (`main`, `init…`, module level). */
    checkScripts?: boolean;
  },
];

export type MessageIds = "connectionPerCall" | "poolPerCall" | "poolPerCallNeverEnded";

type Context = Readonly<TSESLint.RuleContext<MessageIds, Options>>;
type Variable = TSESLint.Scope.Variable;

const TEST_HOOKS = new Set(["before", "beforeAll", "beforeEach", "after", "afterAll", "afterEach", "setup", "teardown", "globalSetup"]);

function isNullish(node: TSESTree.Node): boolean {
  const value = skipWrappers(node);
  return (value.type === AST_NODE_TYPES.Literal && value.value === null) || (value.type === AST_NODE_TYPES.Identifier && value.name === "undefined");
}

/** Inside a constructor, or a callback of a test hook (`beforeAll(async () => …)`). */
function isSetupCode(fn: FunctionNode): boolean {
  for (let current: FunctionNode | undefined = fn; current; current = getEnclosingFunction(current)) {
    if (current.parent?.type === AST_NODE_TYPES.MethodDefinition && current.parent.kind === "constructor") return true;
    const call = current.parent;
    if (call?.type === AST_NODE_TYPES.CallExpression && (call.arguments as readonly TSESTree.Node[]).includes(current)) {
      const callee = skipWrappers(call.callee);
      const name = callee.type === AST_NODE_TYPES.Identifier ? callee.name : callee.type === AST_NODE_TYPES.MemberExpression ? getPropertyName(callee) : undefined;
      if (name !== undefined && TEST_HOOKS.has(name)) return true;
    }
  }
  return false;
}

/**
 * Runs once per process: an IIFE at module level, or a function of this file that is not exported and
 * is only ever called from module level (`async function main() {…} main();`).
 */
function runsOnce(context: Context, fn: FunctionNode): boolean {
  const parent = fn.parent;
  if (parent?.type === AST_NODE_TYPES.CallExpression && parent.callee === fn) return getEnclosingFunction(parent) === undefined;
  let binding: TSESTree.Node | undefined;
  if (fn.type === AST_NODE_TYPES.FunctionDeclaration) binding = fn;
  else if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === fn) binding = parent;
  if (!binding || binding.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration || binding.parent?.type === AST_NODE_TYPES.ExportDefaultDeclaration) return false;
  if (binding.parent?.parent?.type === AST_NODE_TYPES.ExportNamedDeclaration) return false;
  const variable = context.sourceCode.getDeclaredVariables(binding)[0];
  const reads = variable ? readReferences(variable) : [];
  return (
    reads.length > 0 &&
    reads.every((reference) => {
      const use = classifyReference(reference);
      return use.kind === "callee" && getEnclosingFunction(use.call) === undefined;
    })
  );
}

/** Follows the value from its creation through `await` and same-object chains (`createClient().connect()`). */
function valueNode(node: TSESTree.Node, kind: ConnectionKind): TSESTree.Node {
  let current = node;
  for (;;) {
    const parent = current.parent;
    if (!parent) return current;
    if (parent.type === AST_NODE_TYPES.AwaitExpression || parent.type === AST_NODE_TYPES.TSNonNullExpression || parent.type === AST_NODE_TYPES.TSAsExpression) {
      current = parent;
      continue;
    }
    if (parent.type === AST_NODE_TYPES.MemberExpression && parent.object === current && parent.parent?.type === AST_NODE_TYPES.CallExpression && parent.parent.callee === parent) {
      const method = getPropertyName(parent);
      if (method !== undefined && kind.same?.includes(method)) {
        current = parent.parent;
        continue;
      }
    }
    return current;
  }
}

/** The local variable that holds the connection for the whole call, or `undefined` when it leaves or cannot be seen. */
function localHolder(context: Context, value: TSESTree.Node, fn: FunctionNode): Variable | undefined {
  const parent = value.parent;
  let variable: Variable | undefined;
  if (parent?.type === AST_NODE_TYPES.VariableDeclarator && parent.init === value && parent.id.type === AST_NODE_TYPES.Identifier) {
    variable = context.sourceCode.getDeclaredVariables(parent)[0];
  } else if (parent?.type === AST_NODE_TYPES.AssignmentExpression && parent.right === value && parent.left.type === AST_NODE_TYPES.Identifier) {
    const left = parent.left;
    variable = context.sourceCode.getScope(left).references.find((reference) => reference.identifier === left)?.resolved ?? undefined;
  }
  const declared = variable?.defs[0]?.name;
  // Declared outside this function: a lazy singleton (`pool ??= new Pool()`), not a connection per call.
  if (!variable || !declared || variable.defs.length !== 1 || getEnclosingFunction(declared) !== fn) return undefined;
  const writesKnown = variable.references.every((reference) => {
    if (!reference.isWrite() || reference.init) return true;
    const write = reference.identifier.parent;
    return write?.type === AST_NODE_TYPES.AssignmentExpression && (write.right === value || isNullish(write.right));
  });
  return writesKnown ? variable : undefined;
}

/**
 * What the function does with the connection: `closed` when it never leaves and is closed here, `open`
 * when it never leaves and is never closed (only used), `unknown` when it leaves or cannot be followed.
 */
function fateOf(variable: Variable, kind: ConnectionKind): "closed" | "open" | "unknown" {
  let closed = false;
  let used = false;
  for (const reference of readReferences(variable)) {
    const use = classifyReference(reference);
    if (use.kind === "transfer" || use.kind === "argument" || use.kind === "callee") return "unknown";
    if (use.kind === "member") {
      if (!use.called) return "unknown";
      if (use.method !== undefined && kind.closes.includes(use.method)) closed = true;
      else used = true;
    }
  }
  if (closed) return "closed";
  return used ? "open" : "unknown";
}

const PROMISE_METHODS = new Set(["then", "catch", "finally"]);

/** `createPool(cfg).query(…)`: a pool used once, right where it is made, and never held (`MongoClient.connect(…).then(…)` is a promise, followed no further). */
function isUsedInPlace(value: TSESTree.Node, kind: ConnectionKind): boolean {
  const use = classifyReference(value);
  return use.kind === "member" && use.called !== undefined && use.method !== undefined && !kind.closes.includes(use.method) && !PROMISE_METHODS.has(use.method);
}

export default createRule<Options, MessageIds>({
  name: "no-connection-per-call",
  meta: {
    type: "problem",
    docs: {
      description: "Disallow opening a database or cache connection (or a pool) inside a function that closes it again before returning",
      recommended: "recommended",
      strictOptions: [{ checkTestFiles: true, checkScripts: true }],
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          ...RUNTIME_OPTION_SCHEMA,
        },
      },
    ],
    defaultOptions: [{ checkTestFiles: false, checkScripts: false }],
    messages: {
      connectionPerCall:
        "This opens a new {{what}} on every call and closes it before returning, so each call pays a connection handshake and load multiplies connections up to the server's limit. Create it once at module scope (or inject it) and reuse it across calls; for SQL, share a pool.",
      poolPerCall:
        "This creates a new {{what}} on every call and closes it before returning, so nothing in it is ever reused. Create it once at module scope (or inject it) and share it across calls.",
      poolPerCallNeverEnded:
        "This creates a new {{what}} on every call and never ends it, so each call leaves another pool holding open connections until the server refuses more. Create it once at module scope (or inject it) and share it across calls.",
    },
  },
  defaultOptions: [{ checkTestFiles: false, checkScripts: false }],
  create(context, [options]) {
    const text = context.sourceCode.text;
    if (!CONNECTION_MODULES.some((module) => text.includes(`"${module}"`) || text.includes(`'${module}'`) || text.includes(`\`${module}\``))) return {};

    function check(node: TSESTree.NewExpression | TSESTree.CallExpression): void {
      const kind = getConnectionKind(context, node);
      if (!kind) return;
      const fn = getEnclosingFunction(node);
      if (!fn || isSetupCode(fn) || runsOnce(context, fn)) return;
      // A CLI, a migration, startup code or a test: it runs once, so a connection per call costs nothing.
      if (!runsWhereConcurrencyMatters(context, node, options, runsLater(context, node))) return;
      // A health check opens a fresh connection because that is what it measures; a pool's own factory creates its connections.
      if (isConnectionCheck(node) || isPoolFactory(context, node)) return;
      const value = valueNode(node, kind);
      const variable = localHolder(context, value, fn);
      const fate = variable ? fateOf(variable, kind) : kind.pool && isUsedInPlace(value, kind) ? "open" : "unknown";
      if (fate === "closed") {
        // Where to connect comes from the caller (a monitor, a setup form), or it only provisions the server: it cannot share one.
        if (isTargetFromCaller(context, node) || isProvisioningOnly(variable!)) return;
        context.report({ node, messageId: kind.pool ? "poolPerCall" : "connectionPerCall", data: { what: kind.label } });
      } else if (fate === "open" && kind.pool) context.report({ node, messageId: "poolPerCallNeverEnded", data: { what: kind.label } });
    }

    return {
      NewExpression: check,
      CallExpression: check,
    };
  },
});
