// The prodready extension: runs `prodready serve` as the language server for
// Go files, passes it the rule settings, and adds the restart and route table
// commands.

import * as path from 'path';
import * as vscode from 'vscode';
import { DidChangeConfigurationNotification, LanguageClient, ServerOptions } from 'vscode-languageclient/node';

import { expandHome, findServer, installCommand } from './binary';
import { RouteTables, routesScheme } from './routes';
import { TraceChannel } from './trace';

const installGuide = 'https://github.com/prodready/prodready/tree/main/editors/vscode#install';

let output: vscode.LogOutputChannel;
let trace: TraceChannel;
let client: LanguageClient | undefined;
let starting: Promise<void> = Promise.resolve();

export function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('prodready', { log: true });
  trace = new TraceChannel('prodready trace');
  const routes = new RouteTables();
  context.subscriptions.push(
    output,
    trace,
    routes,
    vscode.workspace.registerTextDocumentContentProvider(routesScheme, routes),
    vscode.commands.registerCommand('prodready.restartServer', restart),
    vscode.commands.registerCommand('prodready.showRoutes', () => showRoutes(routes)),
    vscode.workspace.onDidChangeConfiguration(configurationChanged),
  );
  return restart();
}

export function deactivate(): Promise<void> | undefined {
  return client?.stop();
}

/** restart stops the running server, if any, and starts a new one. */
function restart(): Promise<void> {
  starting = starting.then(async () => {
    if (client) {
      const old = client;
      client = undefined;
      await old.dispose().catch((err) => output.error(`stop: ${err}`));
    }
    await start();
  });
  return starting;
}

async function start(): Promise<void> {
  const binary = serverBinary();
  if (!binary) {
    return;
  }
  const exe = { command: binary, args: ['serve'] };
  const serverOptions: ServerOptions = { run: exe, debug: exe };
  // The id "prodready" makes the client read prodready.trace.server for the
  // detail of its trace; the trace channel decides whether it traces at all.
  client = new LanguageClient('prodready', 'prodready', serverOptions, {
    documentSelector: [{ scheme: 'file', language: 'go' }],
    initializationOptions: { prodready: serverSettings() },
    outputChannel: output,
    traceOutputChannel: trace,
  });
  try {
    await client.start();
  } catch (err) {
    void vscode.window.showErrorMessage(`prodready: the language server did not start: ${err}`);
  }
}

/**
 * serverSettings are the settings the server reads, from initializationOptions
 * and workspace/didChangeConfiguration (lsp/configuration.go).
 */
function serverSettings(): { rules: Record<string, string>; config?: string } {
  const cfg = vscode.workspace.getConfiguration('prodready');
  const settings: { rules: Record<string, string>; config?: string } = { rules: { ...cfg.get('rules', {}) } };
  const file = cfg.get('config', '').trim();
  if (file !== '') {
    settings.config = absolute(file);
  }
  return settings;
}

/** absolute resolves a path from the settings: ~ is the home directory, a relative path is in the first workspace folder. */
function absolute(p: string): string {
  p = expandHome(p);
  const folder = vscode.workspace.workspaceFolders?.[0];
  return folder && !path.isAbsolute(p) ? path.join(folder.uri.fsPath, p) : p;
}

async function configurationChanged(e: vscode.ConfigurationChangeEvent): Promise<void> {
  if (e.affectsConfiguration('prodready.path')) {
    await restart();
    return;
  }
  if (e.affectsConfiguration('prodready.rules') || e.affectsConfiguration('prodready.config')) {
    await starting;
    if (client?.isRunning()) {
      await client.sendNotification(DidChangeConfigurationNotification.type, { settings: { prodready: serverSettings() } });
    }
  }
}

/** serverBinary finds the prodready binary, telling the user how to install it when it is missing. */
function serverBinary(): string | undefined {
  const found = findServer(vscode.workspace.getConfiguration('prodready').get('path', ''), process.env);
  if ('path' in found) {
    return found.path;
  }
  output.error(`${found.error}; install it with: ${installCommand}`);
  const copy = 'Copy Install Command';
  const guide = 'Installation Guide';
  const settings = 'Open Settings';
  void vscode.window
    .showErrorMessage(`prodready: ${found.error}. Install it with "${installCommand}" or set prodready.path.`, copy, guide, settings)
    .then((choice) => {
      if (choice === copy) {
        void vscode.env.clipboard.writeText(installCommand);
      } else if (choice === guide) {
        void vscode.env.openExternal(vscode.Uri.parse(installGuide));
      } else if (choice === settings) {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'prodready.path');
      }
    });
  return undefined;
}

async function showRoutes(routes: RouteTables): Promise<void> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showInformationMessage('prodready: open a folder with a Go module to see its routes');
    return;
  }
  const folder = folders.length === 1 ? folders[0] : await vscode.window.showWorkspaceFolderPick();
  const binary = folder && serverBinary();
  if (!folder || !binary) {
    return;
  }
  try {
    await routes.show(binary, folder);
  } catch (err) {
    void vscode.window.showErrorMessage(err instanceof Error ? err.message : String(err));
  }
}
