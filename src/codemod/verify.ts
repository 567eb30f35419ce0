/**
 * Verification of the changed files before they are written: where the project has a tsconfig, the
 * TypeScript errors must not grow, neither in a changed file nor in a file that imports one (directly or
 * through others). A missing-module error for a dependency that `--add-dependency` just added (not installed
 * yet) does not count.
 *
 * The check uses the project's own TypeScript, or TypeScript 6 installed beside TypeScript 7
 * (`src/util/typescript.ts`), and builds its programs from the program of the typed lint where that comes
 * from the same compiler, so that the library and unchanged files are not parsed and bound a second time.
 */
import path from "node:path";
import type * as TypeScript from "typescript";
import { chooseTypeScript, type TS, type TypeScriptChoice } from "../util/typescript.js";

export interface TypeCheckResult {
  ok: boolean;
  /** Errors before and after, in the file and in the files importing it that the change broke. */
  before: number;
  after: number;
  /** Errors that the change introduced (message texts), when it did. */
  introduced: string[];
}

export interface FileChange {
  file: string;
  before: string;
  after: string;
  /** Modules whose missing-module errors do not count (just added by `--add-dependency`). */
  ignoreModules: readonly string[];
}

export interface VerifierOptions {
  /** A program of the same project to reuse parsed files from (the typed lint's). */
  reuse?: () => TypeScript.Program | undefined;
  /** Folder that error locations are shown relative to. */
  cwd?: string;
  /** The compiler to check with (default: the one `chooseTypeScript` finds for the tsconfig's folder). */
  compiler?: TypeScriptChoice;
}

/** Codes of "cannot find module" / "no declaration file" errors. */
const MISSING_MODULE_CODES = new Set([2307, 2792, 7016]);

export class TypeVerifier {
  private readonly ts: TS;
  private readonly sameAsLint: boolean;
  private parsed: TypeScript.ParsedCommandLine | undefined | null;
  private last: TypeScript.Program | undefined;

  constructor(
    readonly tsconfig: string,
    private readonly options: VerifierOptions = {},
  ) {
    const compiler = options.compiler ?? chooseTypeScript(path.dirname(tsconfig));
    if (!compiler.ts) throw new Error(compiler.missing);
    this.ts = compiler.ts;
    this.sameAsLint = compiler.sameAsLint;
  }

  private config(): TypeScript.ParsedCommandLine | undefined {
    if (this.parsed === undefined) {
      const host = { ...this.ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} };
      try {
        this.parsed = this.ts.getParsedCommandLineOfConfigFile(this.tsconfig, {}, host) ?? null;
      } catch {
        this.parsed = null;
      }
    }
    return this.parsed ?? undefined;
  }

  /** A program of the project with `texts` in place of what is on disk; unchanged files come from an earlier program. */
  private build(config: TypeScript.ParsedCommandLine, texts: ReadonlyMap<string, string>): TypeScript.Program {
    const { ts } = this;
    const host = ts.createCompilerHost(config.options, true);
    // The typed lint's program only when it comes from the same compiler (never across TypeScript versions).
    const old = this.last ?? (this.sameAsLint ? this.options.reuse?.() : undefined);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (name, language, onError, create) => {
      const text = texts.get(path.resolve(name));
      if (text !== undefined) return ts.createSourceFile(name, text, language, true);
      const previous = old?.getSourceFile(name);
      // Reused only when it holds what is on disk: the typed lint's program may hold a file's fixed text.
      if (previous && previous.text === host.readFile(name)) return previous;
      return read(name, language, onError, create);
    };
    this.last = ts.createProgram({ rootNames: config.fileNames, options: config.options, host, oldProgram: old, projectReferences: config.projectReferences });
    return this.last;
  }

  private errors(program: TypeScript.Program, file: string, ignoreModules: readonly string[]): TypeScript.Diagnostic[] {
    const sourceFile = program.getSourceFile(file);
    if (!sourceFile) return [];
    const all = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
    return all.filter((diagnostic) => {
      if (diagnostic.category !== this.ts.DiagnosticCategory.Error) return false;
      if (!MISSING_MODULE_CODES.has(diagnostic.code)) return true;
      const text = this.ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
      return !ignoreModules.some((module) => text.includes(`'${module}'`) || text.includes(`"${module}"`));
    });
  }

  /** For each project file, the project files it imports (import, export … from, require, import()). */
  private importGraph(program: TypeScript.Program, config: TypeScript.ParsedCommandLine): Map<string, Set<string>> {
    const { ts } = this;
    const own = new Set(config.fileNames.map((file) => path.resolve(file)));
    const cache = ts.createModuleResolutionCache(program.getCurrentDirectory(), (name) => name, config.options);
    const graph = new Map<string, Set<string>>();
    for (const file of own) {
      const sourceFile = program.getSourceFile(file);
      if (!sourceFile) continue;
      const imports = new Set<string>();
      for (const imported of ts.preProcessFile(sourceFile.text, true, true).importedFiles) {
        const resolved = ts.resolveModuleName(imported.fileName, file, config.options, ts.sys, cache, undefined, sourceFile.impliedNodeFormat).resolvedModule;
        const target = resolved && path.resolve(resolved.resolvedFileName);
        if (target && own.has(target) && target !== file) imports.add(target);
      }
      graph.set(file, imports);
    }
    return graph;
  }

  private describe(diagnostic: TypeScript.Diagnostic, owner: string): string {
    const text = this.ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    const line = diagnostic.file && diagnostic.start !== undefined ? diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start).line + 1 : undefined;
    const where = diagnostic.file && path.resolve(diagnostic.file.fileName) !== owner ? `${path.relative(this.options.cwd ?? process.cwd(), diagnostic.file.fileName)}, ` : "";
    return `TS${diagnostic.code}${line === undefined ? "" : ` (${where}line ${line})`}: ${text}`;
  }

  /**
   * Checks a batch of changed files at once. A change fails when its file's errors grow, or when the errors
   * of a file that imports it grow (every changed file that such a file depends on is failed). Failed changes
   * get their original text back and the rest are checked again, until none fails. Files outside the
   * project are not in the result.
   */
  checkAll(changes: readonly FileChange[]): Map<string, TypeCheckResult> {
    const results = new Map<string, TypeCheckResult>();
    const config = this.config();
    if (!config) return results;
    const own = new Set(config.fileNames.map((file) => path.resolve(file)));
    const inProject = new Map(changes.map((change) => [path.resolve(change.file), change] as const).filter(([file]) => own.has(file)));
    if (inProject.size === 0) return results;
    const textOf = (diagnostic: TypeScript.Diagnostic): string => this.ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n");
    const ignoreFor = (file: string): readonly string[] => inProject.get(file)?.ignoreModules ?? [...inProject.values()].flatMap((change) => change.ignoreModules);

    let beforeProgram: TypeScript.Program | undefined;
    const beforeErrors = new Map<string, TypeScript.Diagnostic[]>();
    const errorsBefore = (file: string): TypeScript.Diagnostic[] => {
      beforeProgram ??= this.build(config, new Map([...inProject].map(([changed, change]) => [changed, change.before])));
      if (!beforeErrors.has(file)) beforeErrors.set(file, this.errors(beforeProgram, file, ignoreFor(file)));
      return beforeErrors.get(file)!;
    };

    const active = new Set(inProject.keys());
    for (let round = 0; round < 5 && active.size > 0; round++) {
      const texts = new Map([...inProject].map(([file, change]) => [file, active.has(file) ? change.after : change.before]));
      const program = this.build(config, texts);
      const graph = this.importGraph(program, config);
      const dependsOn = (file: string): Set<string> => {
        const seen = new Set<string>();
        const stack = [file];
        while (stack.length > 0) {
          for (const next of graph.get(stack.pop()!) ?? []) {
            if (seen.has(next)) continue;
            seen.add(next);
            stack.push(next);
          }
        }
        return seen;
      };
      // Every project file that depends on an active change, and the active changes it depends on.
      const affected = new Map<string, string[]>();
      for (const file of own) {
        const changed = [...dependsOn(file)].filter((dependency) => active.has(dependency));
        if (active.has(file)) changed.unshift(file);
        if (changed.length > 0) affected.set(file, changed);
      }
      const blame = new Map<string, { before: number; after: number; introduced: string[] }>();
      for (const [file, changed] of affected) {
        const now = this.errors(program, file, ignoreFor(file));
        const old = now.length === 0 ? [] : errorsBefore(file);
        const mine = active.has(file) ? [file] : changed;
        for (const owner of mine) {
          const entry = blame.get(owner) ?? { before: 0, after: 0, introduced: [] };
          if (owner === file || now.length > old.length) {
            entry.before += old.length;
            entry.after += now.length;
          }
          if (now.length > old.length) {
            const oldTexts = new Set(old.map(textOf));
            entry.introduced.push(...now.filter((diagnostic) => !oldTexts.has(textOf(diagnostic))).map((diagnostic) => this.describe(diagnostic, owner)));
            if (entry.introduced.length === 0) entry.introduced.push(`${now.length - old.length} more error(s) in ${path.relative(this.options.cwd ?? process.cwd(), file)}`);
          }
          blame.set(owner, entry);
        }
      }
      const failed: string[] = [];
      for (const file of active) {
        const entry = blame.get(file) ?? { before: 0, after: 0, introduced: [] };
        const ok = entry.introduced.length === 0;
        results.set(file, { ok, before: entry.before, after: entry.after, introduced: entry.introduced });
        if (!ok) failed.push(file);
      }
      if (failed.length === 0) break;
      for (const file of failed) active.delete(file);
    }
    return results;
  }

  /** One file: see `checkAll`. `undefined` when the file is not part of the project. */
  check(file: string, before: string, after: string, ignoreModules: readonly string[] = []): TypeCheckResult | undefined {
    return this.checkAll([{ file, before, after, ignoreModules }]).get(path.resolve(file));
  }
}
