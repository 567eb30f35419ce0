/**
 * The TypeScript compiler the project's own lint uses: the `typescript` that typescript-eslint's parser
 * loads (the user's, a peer dependency), found through the parser this package depends on, so that a
 * program built here can reuse the parsed and bound files of the program the typed lint built. Without it
 * (a plain-JS project), ts-morph's bundled compiler, which must not be handed the lint's program.
 */
import { createRequire } from "node:module";
import type * as TypeScript from "typescript";
import { ts as bundled } from "ts-morph";

export type TS = typeof TypeScript;

let loaded: { ts: TS; sameAsLint: boolean } | undefined;

function load(): { ts: TS; sameAsLint: boolean } {
  if (loaded) return loaded;
  try {
    const parser = createRequire(import.meta.url).resolve("@typescript-eslint/parser");
    const estree = createRequire(parser).resolve("@typescript-eslint/typescript-estree");
    loaded = { ts: createRequire(estree)("typescript") as TS, sameAsLint: true };
  } catch {
    loaded = { ts: bundled as unknown as TS, sameAsLint: false };
  }
  return loaded;
}

export function loadTypeScript(): TS {
  return load().ts;
}

/** `true` when `loadTypeScript()` is the compiler typescript-eslint builds its programs with. */
export function isLintTypeScript(): boolean {
  return load().sameAsLint;
}
