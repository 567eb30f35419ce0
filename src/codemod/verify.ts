/**
 * Verification of a changed file before it is written: it must parse, and where the project has a
 * tsconfig, the TypeScript errors ts-morph reports for that file must not grow. A missing-module error for a
 * dependency that `--add-dependency` just added (not installed yet) does not count.
 */
import path from "node:path";
import { type Diagnostic, DiagnosticCategory, Project, ts } from "ts-morph";

export interface TypeCheckResult {
  ok: boolean;
  before: number;
  after: number;
  /** Errors that the change introduced (message texts), when it did. */
  introduced: string[];
}

/** Codes of "cannot find module" / "no declaration file" errors. */
const MISSING_MODULE_CODES = new Set([2307, 2792, 7016]);

function describe(diagnostic: Diagnostic): string {
  const text = ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, "\n");
  const line = diagnostic.getLineNumber();
  return `TS${diagnostic.getCode()}${line === undefined ? "" : ` (line ${line})`}: ${text}`;
}

export class TypeVerifier {
  private project: Project | undefined;
  private failed = false;

  constructor(readonly tsconfig: string) {}

  private getProject(): Project | undefined {
    if (this.project || this.failed) return this.project;
    try {
      this.project = new Project({ tsConfigFilePath: this.tsconfig });
    } catch {
      this.failed = true;
    }
    return this.project;
  }

  private errors(file: string, ignoreModules: readonly string[]): Diagnostic[] | undefined {
    const project = this.getProject();
    const sourceFile = project?.getSourceFile(file);
    if (!project || !sourceFile) return undefined;
    const program = project.getProgram();
    const all = [...program.getSyntacticDiagnostics(sourceFile), ...program.getSemanticDiagnostics(sourceFile)];
    return all.filter((diagnostic) => {
      if (diagnostic.getCategory() !== DiagnosticCategory.Error) return false;
      if (!MISSING_MODULE_CODES.has(diagnostic.getCode())) return true;
      const text = ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, "\n");
      return !ignoreModules.some((module) => text.includes(`'${module}'`) || text.includes(`"${module}"`));
    });
  }

  /**
   * Checks a batch of changed files at once (one type-checker before, one after, instead of two per file):
   * each file's errors with its new text against its original text. Files whose errors grow get their
   * original text back, and the others are checked again (a rollback can affect the files that import it)
   * until no more fail. Files outside the project are not in the result.
   */
  checkAll(changes: readonly FileChange[]): Map<string, TypeCheckResult> {
    const results = new Map<string, TypeCheckResult>();
    const project = this.getProject();
    if (!project) return results;
    const inProject = changes.map((change) => ({ ...change, file: path.resolve(change.file) })).filter((change) => project.getSourceFile(change.file));
    if (inProject.length === 0) return results;
    const textOf = (diagnostic: Diagnostic): string => ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, "\n");
    const setTexts = (which: "before" | "after"): void => {
      for (const change of inProject) {
        if (project.getSourceFile(change.file)!.getFullText() !== change[which]) project.createSourceFile(change.file, change[which], { overwrite: true });
      }
    };
    // With the new texts first: a file without errors passes, and most do, so one type-checker usually suffices.
    setTexts("after");
    let current = new Map(inProject.map((change) => [change.file, this.errors(change.file, change.ignoreModules) ?? []]));
    const before = new Map<string, Diagnostic[]>();
    const withErrors = inProject.filter((change) => current.get(change.file)!.length > 0);
    if (withErrors.length > 0) {
      setTexts("before");
      for (const change of withErrors) before.set(change.file, this.errors(change.file, change.ignoreModules) ?? []);
      setTexts("after");
      current = new Map(withErrors.map((change) => [change.file, this.errors(change.file, change.ignoreModules) ?? []]));
    }
    let remaining = inProject;
    for (let round = 0; round < 5 && remaining.length > 0; round++) {
      const failed: FileChange[] = [];
      for (const change of remaining) {
        const old = before.get(change.file) ?? [];
        const now = round === 0 ? (current.get(change.file) ?? []) : (this.errors(change.file, change.ignoreModules) ?? []);
        const ok = now.length <= old.length;
        // Describe the new errors while the project still holds the text they point into.
        const oldTexts = new Set(old.map(textOf));
        const introduced = ok ? [] : now.filter((diagnostic) => !oldTexts.has(textOf(diagnostic))).map(describe);
        results.set(change.file, { ok, before: old.length, after: now.length, introduced });
        if (!ok) failed.push(change);
      }
      if (failed.length === 0) break;
      for (const change of failed) project.createSourceFile(change.file, change.before, { overwrite: true });
      remaining = remaining.filter((change) => !failed.includes(change));
    }
    return results;
  }

  /** One file: see `checkAll`. `undefined` when the file is not part of the project. */
  check(file: string, before: string, after: string, ignoreModules: readonly string[] = []): TypeCheckResult | undefined {
    return this.checkAll([{ file, before, after, ignoreModules }]).get(path.resolve(file));
  }
}

export interface FileChange {
  file: string;
  before: string;
  after: string;
  /** Modules whose missing-module errors do not count (just added by `--add-dependency`). */
  ignoreModules: readonly string[];
}
