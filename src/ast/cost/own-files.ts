/**
 * "Is this path one of the package's own, fixed files?" — `path.join(__dirname, "templates", "mail.hbs")`,
 * `` `${import.meta.dirname}/sql/schema.sql` ``, `new URL("./assets/", import.meta.url)`: a path rooted at
 * the module's own folder whose every other part is a literal names a file or folder shipped with the
 * code, fixed at build time and small by construction (templates, bundled SQL, assets). A `let` counts
 * when every value written to it is such a path. A part that
 * comes from anything else (a parameter, the request, the environment) makes it "no".
 */
import { AST_NODE_TYPES, type TSESLint, type TSESTree } from "@typescript-eslint/utils";
import { findVariable, getConstantInit, getPropertyName, resolveReference, skipWrappers } from "../syntax/imports.js";

type Context = Readonly<TSESLint.RuleContext<string, readonly unknown[]>>;
type Part = "root" | "literal" | undefined;

const MAX_DEPTH = 4;

function part(context: Context, node: TSESTree.Node, depth: number): Part {
  if (depth > MAX_DEPTH) return undefined;
  const expression = skipWrappers(node);
  switch (expression.type) {
    case AST_NODE_TYPES.Literal:
      return typeof expression.value === "string" ? "literal" : undefined;
    case AST_NODE_TYPES.TemplateLiteral:
      return combine(expression.expressions.map((inner) => part(context, inner, depth + 1)), expression.quasis[0]?.value.cooked === "");
    case AST_NODE_TYPES.Identifier: {
      if (expression.name === "__dirname" || expression.name === "__filename") {
        const variable = findVariable(context, expression);
        return !variable || variable.defs.length === 0 ? "root" : undefined;
      }
      const init = getConstantInit(context, expression);
      if (init) return part(context, init, depth + 1);
      // `let dir = path.join(__dirname, "a"); … dir = path.join(__dirname, "b");`: every value it is given is one.
      const written = findVariable(context, expression)?.references.filter((reference) => reference.isWrite());
      if (!written || written.length === 0 || written.some((reference) => !reference.writeExpr || (reference.writeExpr.parent?.type === AST_NODE_TYPES.AssignmentExpression && reference.writeExpr.parent.operator !== "="))) return undefined;
      const parts = written.map((reference) => part(context, reference.writeExpr!, depth + 1));
      return parts.every((one) => one === "root") ? "root" : parts.every((one) => one === "literal") ? "literal" : undefined;
    }
    case AST_NODE_TYPES.MemberExpression: {
      const name = getPropertyName(expression);
      if (expression.object.type === AST_NODE_TYPES.MetaProperty && (name === "dirname" || name === "filename" || name === "url")) return "root";
      return undefined;
    }
    case AST_NODE_TYPES.NewExpression: {
      // `new URL("./assets/x.json", import.meta.url)`
      const [relative, base] = expression.arguments;
      if (expression.callee.type !== AST_NODE_TYPES.Identifier || expression.callee.name !== "URL" || !relative || !base) return undefined;
      return part(context, relative, depth + 1) === "literal" && part(context, base, depth + 1) === "root" ? "root" : undefined;
    }
    case AST_NODE_TYPES.CallExpression: {
      const ref = resolveReference(context, expression.callee);
      const name = ref?.path.at(-1);
      if ((ref?.module === "path" || ref?.module === "path/posix") && (name === "join" || name === "resolve" || name === "dirname")) {
        return combine(expression.arguments.map((argument) => part(context, argument, depth + 1)), true);
      }
      if (ref?.module === "url" && name === "fileURLToPath" && expression.arguments[0]) return part(context, expression.arguments[0], depth + 1) === "root" ? "root" : undefined;
      return undefined;
    }
    default:
      return undefined;
  }
}

/** Parts joined: rooted when the first is the root and the rest are literals or roots; all literals stay literal. */
function combine(parts: readonly Part[], rootFirst: boolean): Part {
  if (parts.some((one) => one === undefined)) return undefined;
  if (parts.length === 0) return "literal";
  if (parts[0] === "root" && rootFirst) return "root";
  return parts.every((one) => one === "literal") ? "literal" : undefined;
}

/** `true` when `node` is a path to the package's own fixed files (rooted at the module's folder, literals after). */
export function isOwnFixedPath(context: Context, node: TSESTree.Node | undefined): boolean {
  return node !== undefined && part(context, node, 0) === "root";
}
