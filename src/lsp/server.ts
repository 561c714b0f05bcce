import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  CodeActionKind, createConnection, DidChangeWatchedFilesNotification, FileChangeType, ProposedFeatures,
  TextDocuments, TextDocumentSyncKind, type Connection,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_NAMES } from '../config/load.js';
import { disableActions, fixActions } from './code-actions.js';
import { diagnosticOf } from './diagnostics.js';
import { Workspace } from './workspace.js';
import type { Finding } from '../rule.js';

/** What was last sent for a file: the findings (by identity) and their diagnostics as JSON. */
interface Published { readonly findings: readonly Finding[]; readonly text: string }

export interface ServerOptions {
  /** Milliseconds to wait after the last change before linting (initializationOptions.debounce wins). */
  readonly debounce?: number;
  readonly pluginsOff?: string;
}

/**
 * `meshlint lsp`: a language server over stdio. Each workspace folder (or the folder of a
 * file opened outside every folder) is linted as the CLI lints it; diagnostics are published
 * for every file with findings, and cleared when they go.
 */
export function startServer(connection: Connection = createConnection(ProposedFeatures.all, process.stdin, process.stdout), options: ServerOptions = {}): Connection {
  const documents = new TextDocuments(TextDocument);
  const workspaces = new Map<string, Workspace>();
  const published = new Map<Workspace, Map<string, Published>>();
  let debounce = options.debounce ?? 200;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const dirty = new Set<Workspace>();

  const workspaceOf = (file: string): Workspace => {
    let best: Workspace | undefined;
    for (const ws of workspaces.values()) {
      if (ws.contains(file) && (!best || ws.root.length > best.root.length)) best = ws;
    }
    if (best) return best;
    // A file outside every folder: its own directory, with the configuration the CLI would find there.
    const root = path.dirname(file);
    const ws = new Workspace(root, options);
    workspaces.set(root, ws);
    return ws;
  };

  const lintNow = (targets: Iterable<Workspace>) => {
    const list = [...targets];
    running = running.then(async () => {
      for (const ws of list) {
        try {
          const byFile = await ws.lint();
          const before = published.get(ws) ?? new Map<string, Published>();
          const now = new Map<string, Published>();
          for (const [file, findings] of byFile) {
            const last = before.get(file);
            // The lint keeps the array of a file whose findings did not change.
            if (last?.findings === findings) { if (findings.length > 0) now.set(file, last); continue; }
            const diagnostics = findings.map(diagnosticOf);
            const text = JSON.stringify(diagnostics);
            // Only what changed is sent: an edit usually changes the diagnostics of a few files.
            if (diagnostics.length > 0) now.set(file, { findings, text });
            if ((last?.text ?? '[]') !== text) void connection.sendDiagnostics({ uri: pathToFileURL(file).href, diagnostics });
          }
          for (const file of before.keys()) if (!byFile.has(file)) void connection.sendDiagnostics({ uri: pathToFileURL(file).href, diagnostics: [] });
          published.set(ws, now);
        } catch (error) {
          connection.console.error(`meshlint: ${String((error as Error)?.message ?? error)}`);
          connection.window.showErrorMessage(`meshlint: ${String((error as Error)?.message ?? error).split('\n')[0]}`);
        }
      }
    });
    return running;
  };
  const schedule = (ws: Workspace, now = false) => {
    dirty.add(ws);
    if (timer) clearTimeout(timer);
    const flush = () => { timer = undefined; const list = [...dirty]; dirty.clear(); void lintNow(list); };
    if (now) flush(); else timer = setTimeout(flush, debounce);
  };
  const fileOf = (uri: string) => (uri.startsWith('file:') ? fileURLToPath(uri) : undefined);
  const isConfig = (file: string) => CONFIG_NAMES.includes(path.basename(file));

  connection.onInitialize((params) => {
    const init = params.initializationOptions as { debounce?: number } | undefined;
    if (typeof init?.debounce === 'number') debounce = init.debounce;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    for (const uri of folders) {
      const root = fileOf(uri);
      if (root) workspaces.set(root, new Workspace(root, options));
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'meshlint' },
    };
  });
  connection.onInitialized(() => {
    // Configuration files and manifests changed outside the editor.
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml,json}' }, { globPattern: '**/.lintrc*' }] }).catch(() => {});
    for (const ws of workspaces.values()) schedule(ws, true);
  });

  documents.onDidOpen(({ document }) => {
    const file = fileOf(document.uri);
    if (!file || isConfig(file)) return;
    const ws = workspaceOf(file);
    ws.setBuffer(file, document.getText());
    schedule(ws, true);
  });
  documents.onDidChangeContent(({ document }) => {
    const file = fileOf(document.uri);
    if (!file || isConfig(file)) return;
    const ws = workspaceOf(file);
    ws.setBuffer(file, document.getText());
    schedule(ws);
  });
  documents.onDidClose(({ document }) => {
    const file = fileOf(document.uri);
    if (!file || isConfig(file)) return;
    const ws = workspaceOf(file);
    ws.setBuffer(file, undefined);
    schedule(ws);
  });
  documents.onDidSave(({ document }) => {
    const file = fileOf(document.uri);
    if (!file) return;
    if (isConfig(file)) return reloadAll();
    schedule(workspaceOf(file), true);
  });
  const reloadAll = () => {
    running = running.then(async () => {
      for (const ws of workspaces.values()) await ws.reload().catch((error) => connection.window.showErrorMessage(`meshlint: ${String((error as Error)?.message ?? error).split('\n')[0]}`));
    });
    for (const ws of workspaces.values()) schedule(ws, true);
  };
  connection.onDidChangeWatchedFiles(({ changes }) => {
    const files = changes.map((c) => ({ file: fileOf(c.uri), type: c.type })).filter((c): c is { file: string; type: FileChangeType } => Boolean(c.file));
    if (files.some((c) => isConfig(c.file))) return reloadAll();
    for (const { file } of files) {
      if (documents.get(pathToFileURL(file).href)) continue; // the buffer wins
      const ws = workspaceOf(file);
      ws.touch(file);
      schedule(ws);
    }
  });

  connection.onCodeAction(async ({ textDocument, context }) => {
    const file = fileOf(textDocument.uri);
    if (!file) return [];
    await running;
    const ws = workspaceOf(file);
    const text = documents.get(textDocument.uri)?.getText() ?? ws.textOf(file);
    if (text === undefined) return [];
    return context.diagnostics.filter((d) => d.source === 'meshlint').flatMap((d) => [...fixActions(textDocument.uri, d), ...disableActions(textDocument.uri, d, text, ws.parsedOf(file))]);
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}
