/**
 * The TypeScript compiler API the codemod's type check uses, chosen from what the project has:
 *
 * 1. the project's own `typescript`, when it has the JavaScript API (5.x and 6.x);
 * 2. beside TypeScript 7 (a native compiler with no JavaScript API yet), the `@typescript/typescript6`
 *    package installed side by side, as the TypeScript team documents for tools;
 * 3. a project with no `typescript` at all: the compiler bundled with this package's parser.
 *
 * With TypeScript 7 and no TypeScript 6 beside it there is none: the caller skips the type check and says so.
 * The program of the typed lint (built by the bundled parser's compiler) is reused only when the chosen
 * compiler is that same one.
 */
import { createRequire } from "node:module";
import path from "node:path";
import type * as TypeScript from "typescript";

export type TS = typeof TypeScript;

export interface TypeScriptChoice {
  ts?: TS;
  /** Where it came from, for messages: `typescript 5.9.3`, `@typescript/typescript6 6.0.2`, … */
  source: string;
  /** `true` when `ts` is the compiler typescript-eslint's parser builds the typed lint's programs with. */
  sameAsLint: boolean;
  /** Why there is none (one line, says what to install). */
  missing?: string;
}

let lintTypeScript: TS | null | undefined;

/** The compiler the bundled typescript-eslint parser loads, or null when it cannot be loaded. */
function lintCompiler(): TS | null {
  if (lintTypeScript !== undefined) return lintTypeScript;
  try {
    const parser = createRequire(import.meta.url).resolve("@typescript-eslint/parser");
    const estree = createRequire(parser).resolve("@typescript-eslint/typescript-estree");
    lintTypeScript = createRequire(estree)("typescript") as TS;
  } catch {
    lintTypeScript = null;
  }
  return lintTypeScript;
}

function fromProject(request: string, dir: string): { ts?: TS; version?: string } {
  const require = createRequire(path.join(dir, "__concurrency_codemod__.js"));
  let version: string | undefined;
  try {
    version = (require(`${request}/package.json`) as { version?: string }).version;
  } catch {
    return {};
  }
  try {
    const ts = require(request) as Partial<TS>;
    return typeof ts.createProgram === "function" ? { ts: ts as TS, version } : { version };
  } catch {
    return { version };
  }
}

const choices = new Map<string, TypeScriptChoice>();

/** The compiler for the project whose tsconfig sits in `dir` (cached per folder). */
export function chooseTypeScript(dir: string): TypeScriptChoice {
  const cached = choices.get(dir);
  if (cached) return cached;
  const lint = lintCompiler();
  const same = (ts: TS | undefined): boolean => ts !== undefined && ts === lint;
  let choice: TypeScriptChoice;
  const own = fromProject("typescript", dir);
  if (own.ts) choice = { ts: own.ts, source: `typescript ${own.version}`, sameAsLint: same(own.ts) };
  else {
    const six = fromProject("@typescript/typescript6", dir);
    if (six.ts) choice = { ts: six.ts, source: `@typescript/typescript6 ${six.version}`, sameAsLint: same(six.ts) };
    else if (own.version) {
      choice = {
        source: `typescript ${own.version}`,
        sameAsLint: false,
        missing: `TypeScript ${own.version} has no JavaScript API for the type check; install @typescript/typescript6 beside it (npm i -D @typescript/typescript6) to have the fixes type-checked.`,
      };
    } else if (lint) choice = { ts: lint, source: `typescript ${lint.version} (bundled)`, sameAsLint: true };
    else choice = { source: "none", sameAsLint: false, missing: "No TypeScript compiler could be loaded for the type check." };
  }
  choices.set(dir, choice);
  return choice;
}
