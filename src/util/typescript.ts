/**
 * The TypeScript compiler the project's own lint uses: the `typescript` that typescript-eslint's parser
 * loads (the user's, a peer dependency), so that a program built here can reuse the parsed and bound files
 * of the program the typed lint built. Without it (a plain-JS project), ts-morph's bundled compiler.
 */
import { createRequire } from "node:module";
import type * as TypeScript from "typescript";
import { ts as bundled } from "ts-morph";

export type TS = typeof TypeScript;

let loaded: TS | undefined;

export function loadTypeScript(): TS {
  if (loaded) return loaded;
  try {
    const require = createRequire(import.meta.url);
    const estree = require.resolve("@typescript-eslint/typescript-estree");
    loaded = createRequire(estree)("typescript") as TS;
  } catch {
    loaded = bundled as unknown as TS;
  }
  return loaded;
}
