/**
 * Runs the plugin's rules over one file's text through ESLint's `Linter` (flat config) and applies their
 * fixes in passes until nothing changes, the way `eslint --fix` does (same ordering, same overlap rule),
 * while recording which finding each applied fix came from. Unlike `eslint --fix` (10 passes), it goes on
 * to a fixed point, within `CODEMOD_MAX_PASSES`, and says when that bound stopped it.
 */
import { Linter, type SourceCode } from "eslint";
import plugin from "../index.js";
import { addedModules } from "./dependencies.js";
import { LINTABLE_EXTENSIONS, languageOptionsFor } from "../util/language-options.js";

/** ESLint's own limit on fix passes (`verifyAndFix`): within it, the codemod's output is `eslint --fix`'s. */
export const MAX_FIX_PASSES = 10;

/** The codemod's limit: fix passes go on to a fixed point, and a file still changing after this many is reported. */
export const CODEMOD_MAX_PASSES = 50;

const FILES = LINTABLE_EXTENSIONS.map((ext) => `**/*${ext}`);
const PLUGIN = plugin as unknown as NonNullable<Linter.Config["plugins"]>[string];

export interface EngineSettings {
  /** Rule ids (without the `concurrency/` prefix). */
  ruleIds: readonly string[];
  /** Options array per rule id. */
  ruleOptions: Readonly<Record<string, unknown[]>>;
  /** `settings.concurrency.assumeAvailable`: modules fixes may import although they do not resolve yet. */
  assumeAvailable?: readonly string[];
  /** Fix passes before giving up on a fixed point (default `CODEMOD_MAX_PASSES`). */
  maxPasses?: number;
}

/** Type information for a file: typescript-eslint's parser builds the program from the tsconfig. */
export interface TypedParse {
  tsconfig: string;
  tsconfigRootDir: string;
}

export interface LintResult {
  /** This plugin's findings (other messages, e.g. about unknown rules in inline comments, are dropped). */
  messages: Linter.LintMessage[];
  /** The parse error, when the text does not parse. */
  fatal: Linter.LintMessage | undefined;
  sourceCode: SourceCode | undefined;
  /** `true` when type information was used. */
  typed: boolean;
}

export interface AppliedFix {
  message: Linter.LintMessage;
  /** 1 for the original text; later passes report positions in the text of that pass. */
  pass: number;
  /** Modules the fix adds an import of (not those already imported in the text its edit spans). */
  imports: string[];
}

export interface FixResult {
  output: string;
  applied: AppliedFix[];
  /** Findings left after the last pass. */
  remaining: Linter.LintMessage[];
  sourceCode: SourceCode | undefined;
  /** Parse error of the original text (`pass` 1) or of a fixed text (a later pass). */
  fatal: { message: Linter.LintMessage; pass: number } | undefined;
  passes: number;
  /** `false` when fixes still applied after the last allowed pass: the output is not a fixed point. */
  converged: boolean;
  typed: boolean;
}

export function ruleKey(ruleId: string): string {
  return `concurrency/${ruleId}`;
}

export class Engine {
  private readonly linter = new Linter({ configType: "flat", cwd: "/" });

  constructor(
    readonly settings: EngineSettings,
    /** Shared by the engines `withAssumed` derives: the TypeScript program of the latest typed lint. */
    private readonly typedState: { program?: unknown } = {},
  ) {}

  /** The TypeScript program the latest typed lint built (verification reuses its parsed files). */
  get lastProgram(): unknown {
    return this.typedState.program;
  }

  /** An engine that runs only rule `id`, with `extra` merged into its options (the wide net, for one fix). */
  withOnly(id: string, extra: Record<string, unknown>): Engine {
    const base = (this.settings.ruleOptions[id]?.[0] ?? {}) as Record<string, unknown>;
    return new Engine({ ...this.settings, ruleIds: [id], ruleOptions: { [id]: [{ ...base, ...extra }] } }, this.typedState);
  }

  /** The same engine with more modules assumed available. */
  withAssumed(modules: readonly string[]): Engine {
    const assumeAvailable = [...new Set([...(this.settings.assumeAvailable ?? []), ...modules])].sort();
    return new Engine({ ...this.settings, assumeAvailable }, this.typedState);
  }

  /** Configs by parser settings: ESLint re-normalizes a config array on every call, a reused one is cheaper. */
  private readonly configs = new Map<string, Linter.Config[]>();

  config(filename: string, typed: TypedParse | undefined, ruleIds: readonly string[] = this.settings.ruleIds): Linter.Config[] {
    const { parser: _parser, ...languageOptions } = languageOptionsFor(filename);
    const key = `${JSON.stringify(languageOptions)}|${typed?.tsconfig ?? ""}|${ruleIds.join(",")}`;
    const cached = this.configs.get(key);
    if (cached) return cached;
    const config = this.buildConfig(filename, typed, ruleIds);
    this.configs.set(key, config);
    return config;
  }

  private buildConfig(filename: string, typed: TypedParse | undefined, ruleIds: readonly string[]): Linter.Config[] {
    const parserOptions = typed ? { project: typed.tsconfig, tsconfigRootDir: typed.tsconfigRootDir } : {};
    const rules: Linter.RulesRecord = {};
    for (const id of ruleIds) rules[ruleKey(id)] = ["error", ...(this.settings.ruleOptions[id] ?? [])] as Linter.RuleEntry;
    return [
      {
        files: FILES,
        languageOptions: languageOptionsFor(filename, parserOptions),
        linterOptions: { reportUnusedDisableDirectives: "off", reportUnusedInlineConfigs: "off" },
        plugins: { concurrency: PLUGIN },
        settings: { concurrency: { assumeAvailable: [...(this.settings.assumeAvailable ?? [])] } },
        rules,
      },
    ];
  }

  /** Lints `text`; with `typed`, falls back to no type information when the typed parse fails. */
  lint(text: string, filename: string, typed?: TypedParse): LintResult {
    if (typed) {
      const result = this.lintOnce(text, filename, typed);
      if (!result.fatal) return result;
    }
    return this.lintOnce(text, filename, undefined);
  }

  private lintOnce(text: string, filename: string, typed: TypedParse | undefined): LintResult {
    const all = this.linter.verify(text, this.config(filename, typed), { filename });
    const fatal = all.find((message) => message.fatal);
    const prefix = "concurrency/";
    const messages = all.filter((message) => !message.fatal && message.ruleId?.startsWith(prefix));
    const sourceCode = fatal ? undefined : this.linter.getSourceCode();
    if (typed && sourceCode?.parserServices?.program) this.typedState.program = sourceCode.parserServices.program;
    return { messages, fatal, sourceCode, typed: typed !== undefined };
  }

  /** Only parses `text` (no rules): `undefined` when it parses, else the parse error. */
  parseError(text: string, filename: string): string | undefined {
    const messages = this.linter.verify(text, this.config(filename, undefined, []), { filename });
    const fatal = messages.find((message) => message.fatal);
    return fatal ? `${fatal.message} (${fatal.line}:${fatal.column})` : undefined;
  }

  /** Lints and applies fixes in passes until none applies (at most `maxPasses`; `converged` says whether that was enough). */
  fix(text: string, filename: string, typed?: TypedParse): FixResult {
    const maxPasses = this.settings.maxPasses ?? CODEMOD_MAX_PASSES;
    let current = text;
    const applied: AppliedFix[] = [];
    let usedTypes = typed;
    for (let pass = 1; ; pass++) {
      const result = this.lint(current, filename, usedTypes);
      if (!result.typed) usedTypes = undefined;
      if (result.fatal) {
        return { output: current, applied, remaining: [], sourceCode: undefined, fatal: { message: result.fatal, pass }, passes: pass, converged: true, typed: usedTypes !== undefined };
      }
      const step = pass > maxPasses ? { output: current, applied: [] } : applyFixes(current, result.messages);
      if (step.applied.length === 0) {
        const converged = pass <= maxPasses || !result.messages.some((message) => message.fix);
        return { output: current, applied, remaining: result.messages, sourceCode: result.sourceCode, fatal: undefined, passes: pass, converged, typed: usedTypes !== undefined };
      }
      for (const message of step.applied) applied.push({ message, pass, imports: addedModules(message.fix!, current) });
      current = step.output;
    }
  }
}

/** One fix pass, as ESLint's source-code fixer does it: by range, skipping a fix that overlaps an earlier one. */
export function applyFixes(text: string, messages: readonly Linter.LintMessage[]): { output: string; applied: Linter.LintMessage[] } {
  const fixable = messages
    .filter((message) => message.fix)
    .sort((a, b) => a.fix!.range[0] - b.fix!.range[0] || a.fix!.range[1] - b.fix!.range[1]);
  let output = "";
  let lastPos = Number.NEGATIVE_INFINITY;
  const applied: Linter.LintMessage[] = [];
  for (const message of fixable) {
    const [start, end] = message.fix!.range;
    if (lastPos >= start || start > end) continue;
    output += text.slice(Math.max(0, lastPos), Math.max(0, start)) + message.fix!.text;
    lastPos = end;
    applied.push(message);
  }
  output += text.slice(Math.max(0, lastPos));
  return { output, applied };
}
