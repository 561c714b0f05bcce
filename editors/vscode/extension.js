// A thin VS Code client for `meshlint lsp`: everything else happens in the server.
const { workspace } = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

let client;

exports.activate = async () => {
  const settings = workspace.getConfiguration('meshlint');
  const [command, ...args] = settings.get('command');
  client = new LanguageClient('meshlint', 'meshlint', { command, args, options: { shell: process.platform === 'win32' } }, {
    documentSelector: [{ scheme: 'file', language: 'yaml' }, { scheme: 'file', language: 'json' }],
    initializationOptions: { debounce: settings.get('debounce') },
    synchronize: { fileEvents: workspace.createFileSystemWatcher('**/{*.yaml,*.yml,*.json,.lintrc*}') },
  });
  await client.start();
};

exports.deactivate = () => client?.stop();
