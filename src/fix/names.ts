/** Free identifier names for code that a fix inserts. */
import type { TSESLint } from "@typescript-eslint/utils";

const namesCache = new WeakMap<object, Set<string>>();

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

/** `base`, or `base2`, `base3`, … : the first name that appears nowhere in the file. */
export function getFreeName(sourceCode: Readonly<TSESLint.SourceCode>, base: string): string {
  const names = fileNames(sourceCode);
  if (!names.has(base)) return base;
  for (let index = 2; ; index += 1) {
    const candidate = `${base}${index}`;
    if (!names.has(candidate)) return candidate;
  }
}
