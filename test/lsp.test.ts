import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { LspClient } from './support/lsp-client.js';

const NAMESPACE = (injection: string) => `apiVersion: v1
kind: Namespace
metadata:
  name: orders
  labels:
    istio-injection: ${injection}
`;
const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: checkout
  namespace: orders
spec:
  template:
    metadata:
      labels:
        app: checkout
        sidecar.istio.io/inject: "true"
    spec:
      containers: [{name: checkout, image: example/checkout:2.1}]
`;

function repository(): string {
  const root = mkdtempSync(path.join(tmpdir(), 'meshlint-lsp-'));
  mkdirSync(path.join(root, 'apps'));
  writeFileSync(path.join(root, 'namespace.yaml'), NAMESPACE('disabled'));
  writeFileSync(path.join(root, 'apps/checkout.yaml'), DEPLOYMENT);
  return root;
}

const blocked = (d: Diagnostic[]) => d.some((x) => x.code === 'workload-injection-blocked');

/** Applies LSP text edits (non-overlapping) to a text. */
function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start))
    .reduce((out, e) => out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end)), text);
}

test('the language server publishes findings of the whole workspace and follows edits across files', async () => {
  const root = repository();
  const client = new LspClient(root);
  try {
    await client.initialize();
    // On start, every manifest is linted with the workspace as context.
    const [first] = await client.until('apps/checkout.yaml', blocked);
    assert.equal(first!.source, 'meshlint');
    assert.equal(first!.severity, 2);
    assert.deepEqual(first!.range, { start: { line: 10, character: 8 }, end: { line: 10, character: 31 } });
    assert.match(String(first!.codeDescription?.href), /rules\/docs\/workload-injection-blocked\.md$/);
    assert.equal(first!.relatedInformation?.[0]?.location.uri, client.uri('namespace.yaml'));

    // Editing the Namespace (unsaved) changes the findings of the Deployment in another file.
    const uri = client.uri('namespace.yaml');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: NAMESPACE('disabled') } });
    await client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ range: { start: { line: 5, character: 21 }, end: { line: 5, character: 29 } }, text: 'enabled' }],
    });
    await client.until('apps/checkout.yaml', (d) => !blocked(d));
    // The file on disk is unchanged: the buffer won.
    assert.match(readFileSync(path.join(root, 'namespace.yaml'), 'utf8'), /disabled/);

    // Closing the buffer without saving brings the disk's version back.
    await client.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await client.until('apps/checkout.yaml', blocked);
  } finally {
    assert.equal(await client.close(), 0);
  }
});

test('a disable code action, applied, leaves the file clean of that rule', async () => {
  const root = repository();
  const client = new LspClient(root);
  try {
    await client.initialize();
    const uri = client.uri('apps/checkout.yaml');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text: DEPLOYMENT } });
    const diagnostics = await client.until('apps/checkout.yaml', blocked);
    const target = diagnostics.find((d) => d.code === 'workload-injection-blocked')!;
    const actions = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: target.range, context: { diagnostics: [target] },
    }) as CodeAction[];
    assert.deepEqual(actions.map((a) => a.title), ['Disable workload-injection-blocked for this line', 'Disable workload-injection-blocked for this document']);
    for (const action of actions) {
      const edited = applyEdits(DEPLOYMENT, action.edit!.changes![uri]!);
      assert.match(edited, /# meshlint-disable(-next-line)? workload-injection-blocked -- reason\n/);
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: edited }] });
      await client.until('apps/checkout.yaml', (d) => !blocked(d));
      await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: DEPLOYMENT }] });
      await client.until('apps/checkout.yaml', blocked);
    }
  } finally {
    await client.close();
  }
});

test('a saved change to .lintrc reloads the configuration', async () => {
  const root = repository();
  const client = new LspClient(root);
  try {
    await client.initialize();
    await client.until('apps/checkout.yaml', blocked);
    writeFileSync(path.join(root, '.lintrc'), 'rules:\n  workload-injection-blocked: off\n');
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('.lintrc'), type: 1 }] });
    await client.until('apps/checkout.yaml', (d) => !blocked(d));
  } finally {
    await client.close();
  }
});

test('a rule\'s fix is offered as the preferred quick fix, and the fixed text lints clean of it', async () => {
  const root = repository();
  const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ledger
  namespace: orders
spec:
  template:
    spec:
      initContainers:
      - name: shipper   # ships the logs
        image: example/shipper:1
        restartPolicy: always
      containers: [{name: ledger, image: example/ledger:3}]
`;
  writeFileSync(path.join(root, 'apps/ledger.yaml'), text);
  const client = new LspClient(root);
  try {
    await client.initialize();
    const uri = client.uri('apps/ledger.yaml');
    await client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const policy = (d: Diagnostic[]) => d.some((x) => x.code === 'init-container-restart-policy');
    const target = (await client.until('apps/ledger.yaml', policy)).find((d) => d.code === 'init-container-restart-policy')!;
    const actions = await client.connection.sendRequest('textDocument/codeAction', {
      textDocument: { uri }, range: target.range, context: { diagnostics: [target] },
    }) as CodeAction[];
    const fix = actions.find((a) => a.isPreferred)!;
    assert.ok(fix, JSON.stringify(actions));
    const fixed = applyEdits(text, fix.edit!.changes![uri]!);
    assert.equal(fixed, text.replace('restartPolicy: always', 'restartPolicy: Always'));
    await client.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: fixed }] });
    await client.until('apps/ledger.yaml', (d) => !policy(d));
  } finally {
    await client.close();
  }
});
