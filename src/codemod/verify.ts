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
   * Compares the file's errors with its original text against `after`. When the change is kept, the project
   * keeps the new text (later files are checked against it); otherwise the original text is restored.
   * `undefined` when the file is not part of the project.
   */
  check(file: string, before: string, after: string, ignoreModules: readonly string[] = []): TypeCheckResult | undefined {
    const absolute = path.resolve(file);
    const project = this.getProject();
    if (!project?.getSourceFile(absolute)) return undefined;
    project.createSourceFile(absolute, before, { overwrite: true });
    const old = this.errors(absolute, ignoreModules) ?? [];
    project.createSourceFile(absolute, after, { overwrite: true });
    const now = this.errors(absolute, ignoreModules) ?? [];
    const ok = now.length <= old.length;
    // Describe the new errors while the project still holds the text they point into.
    const oldTexts = new Set(old.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, "\n")));
    const introduced = ok ? [] : now.filter((diagnostic) => !oldTexts.has(ts.flattenDiagnosticMessageText(diagnostic.compilerObject.messageText, "\n"))).map(describe);
    if (!ok) project.createSourceFile(absolute, before, { overwrite: true });
    return { ok, before: old.length, after: now.length, introduced };
  }
}
