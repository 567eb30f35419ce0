/** Parser settings for a file by its extension: shared by the fixture tests, the demo and the codemod. */
import tsParser from "@typescript-eslint/parser";
import type { Linter } from "eslint";

export const LINTABLE_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"] as const;

export function isCommonJsFile(filename: string): boolean {
  return /\.c[jt]s$/u.test(filename);
}

/** One parser (typescript-eslint's) for JS and TS; CommonJS for `.cjs`/`.cts`, modules otherwise. */
export function languageOptionsFor(filename: string, parserOptions: Record<string, unknown> = {}): Linter.LanguageOptions {
  return {
    parser: tsParser as unknown as Linter.Parser,
    ecmaVersion: "latest",
    sourceType: isCommonJsFile(filename) ? "commonjs" : "module",
    parserOptions: { ecmaFeatures: { jsx: /\.[jt]sx$/u.test(filename) }, ...parserOptions },
  };
}

/** The `files` patterns of every lintable extension (a bare `**\/*` would not match `.ts` files in flat config). */
export const LINTABLE_FILES = LINTABLE_EXTENSIONS.map((extension) => `**/*${extension}`);
