/**
 * The editor path (docs/editors.md): a real ESLint language server, `vscode-eslint-language-server --stdio`
 * from vscode-langservers-extracted (the server of VS Code's ESLint extension, as Neovim's nvim-lspconfig
 * runs it), driven over LSP on a user's project with ESLint 10 and a flat config. The client answers the
 * server's requests with VS Code's default settings. Goes through initialize, open, pulled diagnostics
 * (rule ids, docs links, exact ranges), code actions, a fix and a suggestion applied through
 * `workspace/executeCommand` → `workspace/applyEdit`, the edited text, and shutdown/exit.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers.js";
import { LspClient, nvimLspconfigSettings, vscodeEslintSettings, type CodeAction, type Diagnostic } from "./lsp-client.js";
import { DOCS_URL, LEGACY_JS, tempProject, type TempProject } from "./project.js";

const version = (dir: string) => (JSON.parse(readFileSync(path.join(ROOT, "node_modules", dir, "package.json"), "utf8")) as { version: string }).version;

/** The README's config: typescript-eslint for `.ts` files, then this plugin's `recommended`. */
const CONFIG = `import concurrency from "eslint-plugin-concurrency";
import tseslint from "typescript-eslint";

export default [
  ...tseslint.configs.recommended,
  concurrency.configs.recommended,
];
`;

/** The agent fan-out fixture: a handler that fans out over request data twice, \`Promise.all\` at 22:25 and \`Promise.allSettled\` at 27:26. */
const FANOUT = path.join(ROOT, "fixtures", "no-unbounded-promise-all", "agent-fanout");
const AGENT_TS = readFileSync(`${FANOUT}.input.ts`, "utf8");

/** After "Fix this concurrency/no-unbounded-promise-all problem" on the \`Promise.all\`: only that call is limited. */
const AGENT_TS_ONE_FIX = AGENT_TS.replace('from "express";\n', 'from "express";\nimport pLimit from "p-limit";\n').replace(
  "  const results = await Promise.all(calls.map(async (call) => {\n    const output = await invokeTool(call);\n    return { id: call.id, output };\n  }));",
  "  const limit = pLimit(5);\n  const results = await Promise.all(calls.map((call) => limit(async () => {\n    const output = await invokeTool(call);\n    return { id: call.id, output };\n  })));",
);

/** After "Fix all auto-fixable problems": the fixture's expected output (the second call gets its own limiter). */
const AGENT_TS_ALL_FIXED = readFileSync(`${FANOUT}.output.ts`, "utf8");

const range = (startLine: number, startCharacter: number, endLine: number, endCharacter: number) => ({
  start: { line: startLine, character: startCharacter },
  end: { line: endLine, character: endCharacter },
});

/** What an editor shows of a diagnostic: the rule id, its docs link, the range (0-based), severity and source. */
const shown = (diagnostics: Diagnostic[]) =>
  diagnostics.map(({ code, codeDescription, range, severity, source }) => ({ code, href: codeDescription?.href, range, severity, source }));

const action = (actions: CodeAction[], title: string) => {
  const found = actions.find((candidate) => candidate.title === title);
  if (!found?.command) throw new Error(`no code action "${title}" among ${JSON.stringify(actions.map((candidate) => candidate.title))}`);
  return found.command;
};

const ERROR = 1;
const SERVER = `vscode-eslint-language-server (vscode-langservers-extracted ${version("vscode-langservers-extracted")})`;

describe.each([
  { eslint: "eslint", settingsName: "VS Code's default settings", settings: vscodeEslintSettings },
  { eslint: "eslint", settingsName: "nvim-lspconfig's settings", settings: nvimLspconfigSettings },
  { eslint: "eslint-v9", settingsName: "VS Code's default settings", settings: vscodeEslintSettings },
])(`${SERVER} with ESLint $eslint and eslint.config.js, $settingsName`, ({ eslint, settings }) => {
  let project: TempProject;
  let client: LspClient;

  beforeAll(async () => {
    project = tempProject(
      "lsp",
      { "eslint.config.js": CONFIG, "src/agent-turn.ts": AGENT_TS, "src/legacy.js": LEGACY_JS },
      { eslint, "typescript-eslint": "typescript-eslint", "@typescript-eslint": "@typescript-eslint", typescript: "typescript", "p-limit": "p-limit" },
    );
    client = await LspClient.start(project.dir, settings(project.dir));
  });
  afterAll(async () => {
    await client?.stop();
    project?.remove();
  });

  it("initialize: the server offers quick fixes, its fix commands and pulled diagnostics", () => {
    expect(client.capabilities).toMatchObject({
      codeActionProvider: { codeActionKinds: ["quickfix", "source.fixAll.eslint"] },
      executeCommandProvider: { commands: expect.arrayContaining(["eslint.applySingleFix", "eslint.applySuggestion", "eslint.applyAllFixes"]) },
      diagnosticProvider: { identifier: "eslint" },
    });
  });

  it("open a .ts file: diagnostics with rule ids, docs links and exact ranges", async () => {
    const started = performance.now();
    const uri = await client.open("src/agent-turn.ts", "typescript", AGENT_TS);
    const diagnostics = await client.diagnostics(uri);
    const elapsed = performance.now() - started;
    console.log(`${SERVER}, ESLint ${version(eslint)}: didOpen → diagnostics of the first file (cold: loads ESLint, the config, typescript-eslint) in ${elapsed.toFixed(0)} ms`);

    expect(shown(diagnostics)).toEqual([
      { code: "concurrency/no-unbounded-promise-all", href: DOCS_URL("no-unbounded-promise-all"), range: range(20, 24, 23, 5), severity: ERROR, source: "eslint" },
      { code: "concurrency/no-unbounded-promise-all", href: DOCS_URL("no-unbounded-promise-all"), range: range(25, 25, 27, 3), severity: ERROR, source: "eslint" },
    ]);
    expect(diagnostics[0]?.message).toMatch(/^`Promise\.all\(\)` waits on one promise started per element/);
    expect(diagnostics[1]?.message).toMatch(/^`Promise\.allSettled\(\)` waits on one promise started per element/);
    // The server linted with the project's ESLint (a link to this repo's ESLint 10, or 9 from eslint-v9).
    expect(client.log.join("\n")).toContain(`ESLint library loaded from: ${path.join(ROOT, "node_modules", eslint, "lib", "api.js")}`);
    expect(elapsed).toBeLessThan(20_000);
  });

  it("code action at the finding: the fix goes through executeCommand → applyEdit, and the edited text is exact", async () => {
    const uri = client.uri("src/agent-turn.ts");
    const [first] = await client.diagnostics(uri);
    const actions = await client.codeActions(uri, first!.range, [first!]);
    expect(actions.map((candidate) => candidate.title)).toEqual([
      "Fix this concurrency/no-unbounded-promise-all problem",
      "Disable concurrency/no-unbounded-promise-all for this line",
      "Disable concurrency/no-unbounded-promise-all for the entire file",
      "Show documentation for concurrency/no-unbounded-promise-all",
      "Fix all auto-fixable problems",
    ]);
    const fix = action(actions, "Fix this concurrency/no-unbounded-promise-all problem");
    expect(fix.command).toBe("eslint.applySingleFix");

    await client.execute(fix);
    expect(client.appliedEdits).toHaveLength(1);
    expect(client.text(uri)).toBe(AGENT_TS_ONE_FIX);

    // The editor sent the new text (didChange): only the second call is left.
    expect(shown(await client.diagnostics(uri))).toEqual([
      { code: "concurrency/no-unbounded-promise-all", href: DOCS_URL("no-unbounded-promise-all"), range: range(27, 25, 29, 3), severity: ERROR, source: "eslint" },
    ]);
  });

  it('"Fix all auto-fixable problems" (eslint.applyAllFixes) limits the second call too, and leaves no finding', async () => {
    const uri = client.uri("src/agent-turn.ts");
    const [left] = await client.diagnostics(uri);
    const fixAll = action(await client.codeActions(uri, left!.range, [left!]), "Fix all auto-fixable problems");
    expect(fixAll.command).toBe("eslint.applyAllFixes");

    await client.execute(fixAll);
    expect(client.text(uri)).toBe(AGENT_TS_ALL_FIXED);
    expect(await client.diagnostics(uri)).toEqual([]);
  });

  it("open a .js file: a suggestion (no autofix) applied through executeCommand → applyEdit", async () => {
    const started = performance.now();
    const uri = await client.open("src/legacy.js", "javascript", LEGACY_JS);
    const diagnostics = await client.diagnostics(uri);
    console.log(`${SERVER}, ESLint ${version(eslint)}: didOpen → diagnostics of a second file (warm) in ${(performance.now() - started).toFixed(0)} ms`);
    expect(shown(diagnostics)).toEqual([
      { code: "concurrency/no-blocking-in-async", href: DOCS_URL("no-blocking-in-async"), range: range(6, 9, 6, 49), severity: ERROR, source: "eslint" },
      { code: "concurrency/require-timeout", href: DOCS_URL("require-timeout"), range: range(10, 25, 10, 80), severity: ERROR, source: "eslint" },
    ]);

    const timeout = diagnostics[1]!;
    const actions = await client.codeActions(uri, timeout.range, [timeout]);
    const suggestion = action(actions, "Add `signal: AbortSignal.timeout(60000)`. (concurrency/require-timeout)");
    expect(suggestion.command).toBe("eslint.applySuggestion");
    expect(actions.some((candidate) => candidate.command?.command === "eslint.applySingleFix")).toBe(false);

    await client.execute(suggestion);
    expect(client.text(uri)).toBe(
      LEGACY_JS.replace(
        "const response = await fetch(`https://api.example.com/users/${req.params.id}`);",
        "const response = await fetch(`https://api.example.com/users/${req.params.id}`, { signal: AbortSignal.timeout(60000) });",
      ),
    );
    expect(shown(await client.diagnostics(uri)).map((diagnostic) => diagnostic.code)).toEqual(["concurrency/no-blocking-in-async"]);
  });

  it("shutdown and exit: the server process ends with code 0", async () => {
    const pid = client.pid;
    expect(await client.stop()).toBe(0);
    expect(() => process.kill(pid!, 0)).toThrow();
  });
});

describe(`${SERVER} with ESLint ${version("eslint")} and "experimental.useFlatConfig": true`, () => {
  // nvim-lspconfig's eslint config set this whenever it found an eslint.config.* until neovim/nvim-lspconfig#4329
  // (2026-02): the server then loads `eslint/use-at-your-own-risk`, which has no FlatESLint class in ESLint 10.
  it("turns validation off: no diagnostics, and the server says why", async () => {
    const project = tempProject("lsp-experimental", { "src/legacy.js": LEGACY_JS }, { eslint: "eslint" });
    const settings = { ...vscodeEslintSettings(project.dir), experimental: { useFlatConfig: true } };
    const client = await LspClient.start(project.dir, settings);
    try {
      const uri = await client.open("src/legacy.js", "javascript", LEGACY_JS);
      expect(await client.diagnostics(uri)).toEqual([]);
      expect(client.log.join("\n")).toContain("doesn't export a FlatESLint class");
    } finally {
      expect(await client.stop()).toBe(0);
      project.remove();
    }
  });
});
