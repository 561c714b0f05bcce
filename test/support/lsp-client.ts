import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  createProtocolConnection, StreamMessageReader, StreamMessageWriter, type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';

const BIN = fileURLToPath(new URL('../../../bin/meshlint.js', import.meta.url));

/** A real LSP client connection to `meshlint lsp` in a child process, with the diagnostics it received. */
export class LspClient {
  readonly connection: ProtocolConnection;
  private readonly child: ChildProcess;
  private readonly latest = new Map<string, Diagnostic[]>();
  private readonly waiters: (() => void)[] = [];
  stderr = '';

  constructor(readonly root: string) {
    this.child = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { cwd: root, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stderr!.on('data', (chunk) => { this.stderr += String(chunk); });
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.latest.set(params.uri, params.diagnostics);
      for (const wake of this.waiters.splice(0)) wake();
    });
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onNotification('window/showMessage', () => {});
    this.connection.listen();
  }

  uri(file: string): string {
    return pathToFileURL(`${this.root}/${file}`).href;
  }

  async initialize(debounce = 20): Promise<void> {
    await this.connection.sendRequest('initialize', {
      processId: process.pid, rootUri: pathToFileURL(this.root).href, capabilities: {},
      workspaceFolders: [{ uri: pathToFileURL(this.root).href, name: 'test' }], initializationOptions: { debounce },
    });
    await this.connection.sendNotification('initialized', {});
  }

  diagnostics(file: string): Diagnostic[] | undefined {
    return this.latest.get(this.uri(file));
  }

  /** Waits until the diagnostics of `file` satisfy `test` (as last published), or fails after `ms`. */
  async until(file: string, test: (d: Diagnostic[]) => boolean, ms = 20_000): Promise<Diagnostic[]> {
    const deadline = Date.now() + ms;
    for (;;) {
      const now = this.diagnostics(file);
      if (now && test(now)) return now;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`diagnostics of ${file} never matched; last: ${JSON.stringify(now)}; stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => { this.waiters.push(resolve); setTimeout(resolve, left); });
    }
  }

  async close(): Promise<number | null> {
    await this.connection.sendRequest('shutdown');
    await this.connection.sendNotification('exit');
    return new Promise((resolve) => this.child.once('exit', (code) => { this.connection.dispose(); resolve(code); }));
  }
}
