/**
 * "Is this collection (or number) bounded by a constant?" — the question that separates a fan-out that
 * grows with the input from one that cannot. Shared by the promise, worker and loop checks.
 *
 * Bounded: array literals of fixed arity, numeric literals and `const` numbers, `Math.min(…, N)`,
 * `os.availableParallelism()`/`os.cpus().length`, `slice(i, i + N)`/`splice(0, N)` batches, an element of
 * `chunk(xs, N)`, tuple-typed values, and anything the type checker knows to be a tuple.
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { findVariable, getConstantInit, getPropertyName, isExportOf, isGlobal, resolveReference, skipWrappers } from "../syntax/imports.js";
import { getTypeServices } from "../../util/type-services.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;

const MAX_DEPTH = 6;
const CHUNK_MODULES = ["lodash", "lodash-es", "lodash/chunk", "lodash.chunk", "es-toolkit", "es-toolkit/compat", "es-toolkit/array", "remeda", "radash", "underscore"];

function isMemberCall(node: TSESTree.Node, object: string, property: string): boolean {
  if (node.type !== AST_NODE_TYPES.CallExpression) return false;
  const callee = skipWrappers(node.callee);
  return (
    callee.type === AST_NODE_TYPES.MemberExpression &&
    callee.object.type === AST_NODE_TYPES.Identifier &&
    callee.object.name === object &&
    getPropertyName(callee) === property
  );
}

function isCpuCount(context: Context, node: TSESTree.Node): boolean {
  // os.availableParallelism(), os.cpus().length, navigator.hardwareConcurrency
  if (node.type === AST_NODE_TYPES.CallExpression && isExportOf(resolveReference(context, node.callee), "os", "availableParallelism")) return true;
  if (node.type === AST_NODE_TYPES.MemberExpression && getPropertyName(node) === "length") {
    const object = skipWrappers(node.object);
    if (object.type === AST_NODE_TYPES.CallExpression && isExportOf(resolveReference(context, object.callee), "os", "cpus")) return true;
  }
  if (node.type === AST_NODE_TYPES.MemberExpression && getPropertyName(node) === "hardwareConcurrency") {
    return isGlobal(resolveReference(context, node.object), "navigator");
  }
  return false;
}

/** `true` when `node` evaluates to a number bounded by constants known where it is written. */
export function isBoundedNumber(context: Context, node: TSESTree.Node, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const expression = skipWrappers(node);
  switch (expression.type) {
    case AST_NODE_TYPES.Literal:
      return typeof expression.value === "number" || typeof expression.value === "bigint";
    case AST_NODE_TYPES.UnaryExpression:
      return (expression.operator === "-" || expression.operator === "+") && isBoundedNumber(context, expression.argument, depth + 1);
    case AST_NODE_TYPES.BinaryExpression:
      return (
        ["+", "-", "*", "/", "%", "**", ">>", "<<", "|", "&"].includes(expression.operator) &&
        isBoundedNumber(context, expression.left, depth + 1) &&
        isBoundedNumber(context, expression.right, depth + 1)
      );
    case AST_NODE_TYPES.ConditionalExpression:
      return isBoundedNumber(context, expression.consequent, depth + 1) && isBoundedNumber(context, expression.alternate, depth + 1);
    case AST_NODE_TYPES.Identifier: {
      const init = getConstantInit(context, expression);
      return init !== undefined && isBoundedNumber(context, init, depth + 1);
    }
    case AST_NODE_TYPES.CallExpression: {
      if (isMemberCall(expression, "Math", "min")) {
        return expression.arguments.some((argument) => argument.type !== AST_NODE_TYPES.SpreadElement && isBoundedNumber(context, argument, depth + 1));
      }
      if (isMemberCall(expression, "Math", "max")) {
        return expression.arguments.length > 0 && expression.arguments.every((argument) => argument.type !== AST_NODE_TYPES.SpreadElement && isBoundedNumber(context, argument, depth + 1));
      }
      if (isMemberCall(expression, "Math", "floor") || isMemberCall(expression, "Math", "ceil") || isMemberCall(expression, "Math", "round") || isMemberCall(expression, "Math", "trunc")) {
        const argument = expression.arguments[0];
        return argument !== undefined && argument.type !== AST_NODE_TYPES.SpreadElement && isBoundedNumber(context, argument, depth + 1);
      }
      return isCpuCount(context, expression);
    }
    case AST_NODE_TYPES.MemberExpression: {
      if (isCpuCount(context, expression)) return true;
      if (getPropertyName(expression) === "length") return isBoundedCollection(context, expression.object, depth + 1);
      return false;
    }
    default:
      return false;
  }
}

/** `x.slice(a, a + N)`, `x.slice(0, N)`, `x.splice(0, N)`: a batch of at most N elements. */
function isConstantSizeSlice(context: Context, call: TSESTree.CallExpression, depth: number): boolean {
  const callee = skipWrappers(call.callee);
  if (callee.type !== AST_NODE_TYPES.MemberExpression) return false;
  const method = getPropertyName(callee);
  const [start, end] = call.arguments;
  if (!start || !end || start.type === AST_NODE_TYPES.SpreadElement || end.type === AST_NODE_TYPES.SpreadElement) return false;
  if (method === "splice") return isBoundedNumber(context, end, depth + 1);
  if (method !== "slice") return false;
  if (isBoundedNumber(context, start, depth + 1) && isBoundedNumber(context, end, depth + 1)) return true;
  // slice(i, i + N) or slice(i, N + i)
  if (end.type === AST_NODE_TYPES.BinaryExpression && end.operator === "+") {
    const startText = context.sourceCode.getText(start);
    const { left, right } = end;
    if (context.sourceCode.getText(left) === startText && isBoundedNumber(context, right, depth + 1)) return true;
    if (context.sourceCode.getText(right) === startText && isBoundedNumber(context, left, depth + 1)) return true;
  }
  return false;
}

/** `chunk(xs, N)` from lodash/es-toolkit/…, `_.chunk(xs, N)`, or a local helper named `chunk`/`chunks`. */
export function isChunkCall(context: Context, node: TSESTree.Node): node is TSESTree.CallExpression {
  const expression = skipWrappers(node);
  if (expression.type !== AST_NODE_TYPES.CallExpression) return false;
  const size = expression.arguments[1];
  if (!size || size.type === AST_NODE_TYPES.SpreadElement || !isBoundedNumber(context, size)) return false;
  const ref = resolveReference(context, expression.callee);
  if (ref && CHUNK_MODULES.includes(ref.module)) {
    const last = ref.path.at(-1);
    return ref.path.length === 0 || last === "chunk" || last === "default";
  }
  const callee = skipWrappers(expression.callee);
  if (callee.type === AST_NODE_TYPES.Identifier && /^(?:chunk|chunks|chunked|batch|batches|toBatches|chunkArray)$/u.test(callee.name)) {
    // A local helper: declared in this file (not a global and not an unknown import).
    const variable = findVariable(context, callee);
    return variable !== null && variable.defs.length > 0 && variable.defs[0]!.type !== "ImportBinding";
  }
  return false;
}

/** `true` when `identifier` is the loop variable of `for (const batch of chunk(xs, N))`. */
function isChunkLoopVariable(context: Context, identifier: TSESTree.Identifier): boolean {
  const variable = findVariable(context, identifier);
  const def = variable?.defs[0];
  if (def?.type !== "Variable") return false;
  const declaration = def.parent;
  const loop = declaration?.parent;
  if (loop?.type !== AST_NODE_TYPES.ForOfStatement || loop.left !== declaration) return false;
  if (isChunkCall(context, loop.right)) return true;
  const right = skipWrappers(loop.right);
  if (right.type === AST_NODE_TYPES.Identifier) {
    const init = getConstantInit(context, right);
    return init !== undefined && isChunkCall(context, init);
  }
  return false;
}

function hasTupleAnnotation(context: Context, identifier: TSESTree.Identifier): boolean {
  const variable = findVariable(context, identifier);
  const def = variable?.defs[0];
  const name = def?.name;
  if (name?.type !== AST_NODE_TYPES.Identifier || !name.typeAnnotation) return false;
  let type = name.typeAnnotation.typeAnnotation;
  if (type.type === AST_NODE_TYPES.TSTypeOperator && type.typeAnnotation) type = type.typeAnnotation;
  return type.type === AST_NODE_TYPES.TSTupleType && type.elementTypes.every((element) => element.type !== AST_NODE_TYPES.TSRestType);
}

/** With type information (the type-checked config or the codemod), `true` when the checker says `node` is a tuple. */
export function isTupleByType(context: Context, node: TSESTree.Node): boolean {
  const services = getTypeServices(context);
  if (!services) return false;
  const checker = services.program.getTypeChecker();
  const type = checker.getTypeAtLocation(services.esTreeNodeToTSNodeMap.get(node));
  const isTuple = (checker as { isTupleType?: (t: unknown) => boolean }).isTupleType;
  if (!isTuple?.call(checker, type)) return false;
  // A tuple with a rest element (`[A, ...B[]]`) is not bounded.
  const target = (type as { target?: { hasRestElement?: boolean } }).target;
  return target?.hasRestElement !== true;
}

const GROWING_METHODS = new Set(["push", "unshift", "splice", "fill", "set", "add"]);

/** `true` when the array behind `identifier` is grown after its declaration (`xs.push(…)`): its literal size says nothing. */
function isGrown(context: Context, identifier: TSESTree.Identifier): boolean {
  const variable = findVariable(context, identifier);
  return (variable?.references ?? []).some((reference) => {
    const member = reference.identifier.parent;
    return (
      member?.type === AST_NODE_TYPES.MemberExpression &&
      member.object === reference.identifier &&
      member.parent?.type === AST_NODE_TYPES.CallExpression &&
      member.parent.callee === member &&
      GROWING_METHODS.has(getPropertyName(member) ?? "")
    );
  });
}

/** `true` when `node` is a collection whose size is bounded by constants (see the module comment). */
export function isBoundedCollection(context: Context, node: TSESTree.Node, depth = 0): boolean {
  if (depth > MAX_DEPTH) return false;
  const expression = skipWrappers(node);
  if (node.type === AST_NODE_TYPES.TSAsExpression && node.typeAnnotation.type === AST_NODE_TYPES.TSTypeReference && node.typeAnnotation.typeName.type === AST_NODE_TYPES.Identifier && node.typeAnnotation.typeName.name === "const" && expression.type === AST_NODE_TYPES.ArrayExpression) {
    return expression.elements.every((element) => element?.type !== AST_NODE_TYPES.SpreadElement || isBoundedCollection(context, element.argument, depth + 1));
  }
  switch (expression.type) {
    case AST_NODE_TYPES.ArrayExpression:
      return expression.elements.every((element) => element?.type !== AST_NODE_TYPES.SpreadElement || isBoundedCollection(context, element.argument, depth + 1));
    case AST_NODE_TYPES.Identifier: {
      if (hasTupleAnnotation(context, expression) || isChunkLoopVariable(context, expression)) return true;
      if (isGrown(context, expression)) return false;
      const init = getConstantInit(context, expression);
      if (init !== undefined && isBoundedCollection(context, init, depth + 1)) return true;
      return isTupleByType(context, expression);
    }
    case AST_NODE_TYPES.CallExpression: {
      if (isConstantSizeSlice(context, expression, depth)) return true;
      const callee = skipWrappers(expression.callee);
      if (callee.type === AST_NODE_TYPES.MemberExpression) {
        const method = getPropertyName(callee);
        // xs.filter(…), xs.map(…) of a bounded xs stay bounded
        if (method !== undefined && ["map", "filter", "slice", "concat", "reverse", "toReversed", "toSorted", "sort", "flat"].includes(method) && method !== "flat") {
          if (method === "concat") {
            return isBoundedCollection(context, callee.object, depth + 1) && expression.arguments.every((argument) => argument.type !== AST_NODE_TYPES.SpreadElement && isBoundedCollection(context, argument, depth + 1));
          }
          if (isBoundedCollection(context, callee.object, depth + 1)) return true;
        }
        // Object.keys/values/entries of an object literal
        if (callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === "Object" && (method === "keys" || method === "values" || method === "entries")) {
          const argument = expression.arguments[0];
          if (argument && argument.type !== AST_NODE_TYPES.SpreadElement) {
            const target = skipWrappers(argument);
            const object = target.type === AST_NODE_TYPES.Identifier ? getConstantInit(context, target) : target;
            if (object && skipWrappers(object).type === AST_NODE_TYPES.ObjectExpression) {
              return (skipWrappers(object) as TSESTree.ObjectExpression).properties.every((property) => property.type === AST_NODE_TYPES.Property);
            }
          }
        }
        // Array.from({ length: N }), Array.from(bounded)
        if (callee.object.type === AST_NODE_TYPES.Identifier && callee.object.name === "Array" && method === "from") {
          const source = expression.arguments[0];
          return source !== undefined && source.type !== AST_NODE_TYPES.SpreadElement && isBoundedArrayLikeSource(context, source, depth);
        }
      }
      return isTupleByType(context, expression);
    }
    case AST_NODE_TYPES.NewExpression:
      // new Array(N)
      return (
        expression.callee.type === AST_NODE_TYPES.Identifier &&
        expression.callee.name === "Array" &&
        expression.arguments.length === 1 &&
        expression.arguments[0]!.type !== AST_NODE_TYPES.SpreadElement &&
        isBoundedNumber(context, expression.arguments[0]!, depth + 1)
      );
    case AST_NODE_TYPES.MemberExpression:
      return isTupleByType(context, expression);
    default:
      return false;
  }
}

/** The first argument of `Array.from`: `{ length: N }` with a bounded N, or a bounded collection. */
export function isBoundedArrayLikeSource(context: Context, source: TSESTree.Expression, depth = 0): boolean {
  const expression = skipWrappers(source);
  if (expression.type === AST_NODE_TYPES.ObjectExpression) {
    const length = expression.properties.find(
      (property): property is TSESTree.Property =>
        property.type === AST_NODE_TYPES.Property && !property.computed && property.key.type === AST_NODE_TYPES.Identifier && property.key.name === "length",
    );
    return length !== undefined && isBoundedNumber(context, length.value, depth + 1);
  }
  return isBoundedCollection(context, expression, depth + 1);
}
