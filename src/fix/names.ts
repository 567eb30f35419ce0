/** Free identifier names for code that a fix inserts. */
import type { TSESLint } from "@typescript-eslint/utils";

const namesCache = new WeakMap<object, Set<string>>();
const boundCache = new WeakMap<object, Set<string>>();

/** Every identifier-like token in the file: a name not in it cannot clash with anything. */
function fileNames(sourceCode: Readonly<TSESLint.SourceCode>): Set<string> {
  let names = namesCache.get(sourceCode.ast);
  if (!names) {
    names = new Set<string>();
    for (const token of sourceCode.ast.tokens) {
      if (token.type === "Identifier" || token.type === "Keyword" || token.type === "JSXIdentifier") names.add(token.value);
    }
    namesCache.set(sourceCode.ast, names);
  }
  return names;
}

/** Names declared in any scope of the file, and globals it refers to: a new module-level binding must avoid them. */
function boundNames(sourceCode: Readonly<TSESLint.SourceCode>): Set<string> {
  let names = boundCache.get(sourceCode.ast);
  if (!names) {
    names = new Set<string>();
    const manager = sourceCode.scopeManager;
    if (manager) {
      for (const scope of manager.scopes) {
        for (const variable of scope.variables) names.add(variable.name);
        for (const reference of scope.through) names.add(reference.identifier.name);
      }
    } else {
      for (const name of fileNames(sourceCode)) names.add(name);
    }
    boundCache.set(sourceCode.ast, names);
  }
  return names;
}

const RESERVED = new Set(
  "arguments await break case catch class const continue debugger default delete do else enum eval export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield undefined NaN Infinity".split(" "),
);

/**
 * `true` when a new module-level binding `name` clashes with nothing: no scope declares it and no code
 * refers to it as a global (a property or key of that name does not count).
 */
export function isFreeName(sourceCode: Readonly<TSESLint.SourceCode>, name: string): boolean {
  return !RESERVED.has(name) && !boundNames(sourceCode).has(name);
}

/**
 * The first of `base`, then `alternatives` (readable other names: `queriesLimit`, `entry`), then `_base`,
 * `__base`, … that no scope declares and no code refers to as a global. Never a numbered name.
 */
export function getFreeName(sourceCode: Readonly<TSESLint.SourceCode>, base: string, alternatives: readonly string[] = []): string {
  for (const candidate of [base, ...alternatives]) if (isFreeName(sourceCode, candidate)) return candidate;
  for (let prefix = "_"; ; prefix += "_") if (isFreeName(sourceCode, `${prefix}${base}`)) return `${prefix}${base}`;
}
