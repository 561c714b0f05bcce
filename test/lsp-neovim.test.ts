import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { skipWithout } from './support/tools.js';

// A real editor's client: Neovim's built-in LSP client, headless, attached to `meshlint lsp`.
// The script opens a Deployment, waits for meshlint's diagnostics, writes what it received to
// a file and quits; Neovim 0.7 (Debian 12) has vim.lsp.start_client, so nothing newer is used.
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/meshlint.js');

const SCRIPT = (out: string) => `
local client = vim.lsp.start_client({
  name = 'meshlint',
  cmd = { ${JSON.stringify(process.execPath)}, ${JSON.stringify(BIN)}, 'lsp', '--stdio' },
  root_dir = vim.fn.getcwd(),
  init_options = { debounce = 20 },
})
vim.lsp.buf_attach_client(0, client)
local ok = vim.wait(30000, function() return #vim.diagnostic.get(0) > 0 end, 50)
local lines = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(lines, string.format('%d:%d %s %s', d.lnum + 1, d.col + 1, d.source or '', d.message:gsub('\\n.*', '')))
end
if not ok then table.insert(lines, 'timeout') end
vim.fn.writefile(lines, ${JSON.stringify(out)})
vim.lsp.stop_client(client)
vim.wait(2000, function() return vim.lsp.client_is_stopped(client) end, 50)
vim.cmd('qa!')
`;

test("Neovim's LSP client receives meshlint's diagnostics", { skip: skipWithout('nvim') }, () => {
  const root = mkdtempSync(path.join(tmpdir(), 'meshlint-nvim-'));
  mkdirSync(path.join(root, 'apps'));
  writeFileSync(path.join(root, 'namespace.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: orders\n  labels:\n    istio-injection: disabled\n');
  writeFileSync(path.join(root, 'apps/checkout.yaml'), [
    'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: checkout', '  namespace: orders', 'spec:', '  template:',
    '    metadata:', '      labels:', '        app: checkout', '        sidecar.istio.io/inject: "true"', '    spec:',
    '      containers: [{name: checkout, image: example/checkout:2.1}]', '',
  ].join('\n'));
  const out = path.join(root, 'diagnostics.txt');
  const script = path.join(root, 'check.lua');
  writeFileSync(script, SCRIPT(out));
  const nvim = spawnSync('nvim', ['--headless', '--clean', '-c', `luafile ${script}`, 'apps/checkout.yaml'], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  assert.equal(nvim.status, 0, nvim.stderr);
  const received = readFileSync(out, 'utf8').trim().split('\n');
  assert.deepEqual(received, ['11:9 meshlint Deployment orders/checkout asks for a sidecar, but its namespace has istio-injection: "disabled", so its pods run without an Istio proxy']);
});
