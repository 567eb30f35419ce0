/**
 * A minimal LSP client, the part of an editor that the ESLint language server talks to: it spawns
 * `vscode-eslint-language-server --stdio`, answers the server's requests (`workspace/configuration`,
 * `workspace/applyEdit`, capability registration, the `eslint/*` requests) as VS Code's ESLint extension
 * does, keeps the text of the open documents, and shuts the server down with `shutdown`/`exit`.
 */
import { spawn, type ChildProcessWithoutNullStreams } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from "vscode-jsonrpc/node";
import { ROOT } from "../helpers.js";

export const SERVER_BIN = path.join(ROOT, "node_modules", "vscode-langservers-extracted", "bin", "vscode-eslint-language-server");

export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}
export interface Diagnostic {
  range: Range;
  message: string;
  severity?: number;
  source?: string;
  code?: string | number;
  codeDescription?: { href: string };
}
export interface Command {
  title: string;
  command: string;
  arguments?: unknown[];
}
export interface CodeAction {
  title: string;
  kind?: string;
  diagnostics?: Diagnostic[];
  isPreferred?: boolean;
  command?: Command;
}
interface TextEdit {
  range: Range;
  newText: string;
}
interface WorkspaceEdit {
  changes?: Record<string, TextEdit[]>;
  documentChanges?: { textDocument: { uri: string; version: number | null }; edits: TextEdit[] }[];
}

/**
 * The settings VS Code's ESLint extension (3.x) sends for a document when the user has changed none of them:
 * validate on, lint as you type, flat config decided by the server from the ESLint version and the config
 * file it finds (`useFlatConfig` unset, `experimental.useFlatConfig` off), `workingDirectory` unset (the
 * directory of the nearest `eslint.config.*`), `nodePath` null (resolve `eslint` from the file), docs links
 * on. `workspaceFolder` is the folder open in the editor.
 */
export function vscodeEslintSettings(root: string): Record<string, unknown> {
  return {
    validate: "on",
    packageManager: "npm",
    useESLintClass: false,
    experimental: { useFlatConfig: false },
    codeActionOnSave: { enable: false, mode: "all" },
    format: false,
    quiet: false,
    onIgnoredFiles: "off",
    options: {},
    rulesCustomizations: [],
    run: "onType",
    problems: { shortenToSingleLine: false },
    nodePath: null,
    workspaceFolder: { name: path.basename(root), uri: pathToFileURL(root).href },
    codeAction: {
      disableRuleComment: { enable: true, location: "separateLine", commentStyle: "line" },
      showDocumentation: { enable: true },
    },
  };
}

/**
 * The settings nvim-lspconfig's `eslint` config (lsp/eslint.lua, after neovim/nvim-lspconfig#4329) sends:
 * `nodePath` "" (resolve from the root), `format` on, and `workspaceFolder` with the root directory's
 * plain path as its `uri`, as its `before_init` sets it.
 */
export function nvimLspconfigSettings(root: string): Record<string, unknown> {
  return {
    validate: "on",
    useESLintClass: false,
    experimental: { useFlatConfig: false },
    codeActionOnSave: { enable: false, mode: "all" },
    format: true,
    quiet: false,
    onIgnoredFiles: "off",
    rulesCustomizations: [],
    run: "onType",
    problems: { shortenToSingleLine: false },
    nodePath: "",
    workingDirectory: { mode: "location" },
    codeAction: {
      disableRuleComment: { enable: true, location: "separateLine" },
      showDocumentation: { enable: true },
    },
    workspaceFolder: { uri: root, name: path.basename(root) },
  };
}

/** The offset in `text` of an LSP position (UTF-16 code units, as JavaScript strings count them). */
function offsetAt(text: string, position: Position): number {
  let offset = 0;
  for (let line = 0; line < position.line; line++) {
    const next = text.indexOf("\n", offset);
    if (next === -1) return text.length;
    offset = next + 1;
  }
  return Math.min(offset + position.character, text.length);
}

/** Applies LSP text edits (non-overlapping, all against the same original text) from last to first. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  const located = edits.map((edit) => ({ start: offsetAt(text, edit.range.start), end: offsetAt(text, edit.range.end), newText: edit.newText }));
  located.sort((a, b) => b.start - a.start || b.end - a.end);
  let result = text;
  for (const edit of located) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}

export class LspClient {
  /** What the server logged (`window/logMessage`) and wrote to stderr: shown when a test fails. */
  readonly log: string[] = [];
  /** Every request and notification method the server sent, in order. */
  readonly received: string[] = [];
  /** The `workspace/applyEdit` requests the server sent. */
  readonly appliedEdits: WorkspaceEdit[] = [];
  /** What the server answered to `initialize`. */
  capabilities: Record<string, unknown> = {};
  private readonly documents = new Map<string, { text: string; version: number }>();
  private exited: Promise<number | null>;

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly connection: MessageConnection,
    readonly root: string,
    private readonly settings: Record<string, unknown>,
  ) {
    this.exited = new Promise((resolve) => child.once("exit", (code) => resolve(code)));
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => this.log.push(`stderr: ${chunk}`));

    connection.onRequest("workspace/configuration", (params: { items: { scopeUri?: string; section?: string }[] }) => {
      this.received.push("workspace/configuration");
      return params.items.map(() => this.settings);
    });
    connection.onRequest("workspace/applyEdit", (params: { edit: WorkspaceEdit }) => {
      this.received.push("workspace/applyEdit");
      this.appliedEdits.push(params.edit);
      return { applied: this.applyWorkspaceEdit(params.edit) };
    });
    // Capability registration, progress, and the extension's own requests (eslint/noLibrary, eslint/noConfig,
    // eslint/probeFailed, eslint/openDoc): acknowledged as the extension does, and recorded.
    connection.onRequest((method: string) => {
      this.received.push(method);
      return method.startsWith("eslint/") ? {} : null;
    });
    connection.onNotification("window/logMessage", (params: { type: number; message: string }) => {
      this.log.push(params.message);
    });
    connection.onNotification((method: string) => {
      this.received.push(method);
    });
    connection.listen();
  }

  /** Spawns the server in `root`, then `initialize` and `initialized`, as an editor opening the folder `root`. */
  static async start(root: string, settings: Record<string, unknown> = vscodeEslintSettings(root)): Promise<LspClient> {
    const child = spawn(process.execPath, [SERVER_BIN, "--stdio"], { cwd: root, stdio: "pipe" });
    const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
    const client = new LspClient(child, connection, root, settings);
    const rootUri = pathToFileURL(root).href;
    const initialized = await connection.sendRequest<{ capabilities: Record<string, unknown> }>("initialize", {
      processId: process.pid,
      clientInfo: { name: "eslint-plugin-concurrency test client" },
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: path.basename(root) }],
      initializationOptions: {},
      capabilities: {
        workspace: { applyEdit: true, configuration: true, workspaceFolders: true, workspaceEdit: { documentChanges: true } },
        textDocument: {
          synchronization: { didSave: true },
          diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false },
          codeAction: {
            codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "source", "source.fixAll", "source.fixAll.eslint"] } },
          },
        },
      },
    });
    client.capabilities = initialized.capabilities;
    await connection.sendNotification("initialized", {});
    return client;
  }

  uri(file: string): string {
    return pathToFileURL(path.join(this.root, file)).href;
  }

  /** `textDocument/didOpen` of a file of the workspace with the given text; returns its uri. */
  async open(file: string, languageId: string, text: string): Promise<string> {
    const uri = this.uri(file);
    this.documents.set(uri, { text, version: 1 });
    await this.connection.sendNotification("textDocument/didOpen", { textDocument: { uri, languageId, version: 1, text } });
    return uri;
  }

  /** A full-text `textDocument/didChange`, as an editor sends after it applied an edit. */
  async change(uri: string, text: string): Promise<void> {
    const document = this.document(uri);
    document.text = text;
    document.version += 1;
    await this.connection.sendNotification("textDocument/didChange", { textDocument: { uri, version: document.version }, contentChanges: [{ text }] });
  }

  /** The diagnostics of a document, pulled with `textDocument/diagnostic` (LSP 3.17), as VS Code and Neovim do. */
  async diagnostics(uri: string): Promise<Diagnostic[]> {
    const report = await this.connection.sendRequest<{ kind: string; items: Diagnostic[] }>("textDocument/diagnostic", { textDocument: { uri } });
    return report.items;
  }

  /** `textDocument/codeAction` for a range with the diagnostics the editor shows there. */
  async codeActions(uri: string, range: Range, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    return (await this.connection.sendRequest<CodeAction[] | null>("textDocument/codeAction", { textDocument: { uri }, range, context: { diagnostics } })) ?? [];
  }

  /** Runs a code action's command through `workspace/executeCommand`; the server answers with `workspace/applyEdit`. */
  async execute(command: Command): Promise<unknown> {
    return this.connection.sendRequest("workspace/executeCommand", { command: command.command, arguments: command.arguments });
  }

  text(uri: string): string {
    return this.document(uri).text;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  /** `shutdown`, then `exit`; waits for the process to end (kills it after 5 s) and returns its exit code. */
  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      try {
        await Promise.race([this.connection.sendRequest("shutdown"), new Promise((resolve) => setTimeout(resolve, 5_000))]);
        await this.connection.sendNotification("exit");
      } catch {
        // The connection is already gone: the process is ending.
      }
      const timer = setTimeout(() => this.child.kill("SIGKILL"), 5_000);
      const code = await this.exited;
      clearTimeout(timer);
      this.connection.dispose();
      return code;
    }
    this.connection.dispose();
    return this.child.exitCode;
  }

  private document(uri: string): { text: string; version: number } {
    const document = this.documents.get(uri);
    if (!document) throw new Error(`not open: ${uri}`);
    return document;
  }

  /** Applies the edit to the open documents and sends their new text (what an editor does), checking document versions. */
  private applyWorkspaceEdit(edit: WorkspaceEdit): boolean {
    const changes = edit.documentChanges ?? Object.entries(edit.changes ?? {}).map(([uri, edits]) => ({ textDocument: { uri, version: null }, edits }));
    for (const change of changes) {
      const document = this.documents.get(change.textDocument.uri);
      if (!document || (change.textDocument.version !== null && change.textDocument.version !== document.version)) return false;
    }
    for (const change of changes) void this.change(change.textDocument.uri, applyTextEdits(this.text(change.textDocument.uri), change.edits));
    return true;
  }
}
