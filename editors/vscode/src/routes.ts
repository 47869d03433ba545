// The route table command: `prodready routes` for a workspace folder, shown
// as a read-only document.

import { execFile } from 'child_process';
import * as vscode from 'vscode';

/** The URI scheme of route table documents. */
export const routesScheme = 'prodready-routes';

/**
 * RouteTables holds the route table of each folder it was asked for and
 * serves it as the content of a read-only document.
 */
export class RouteTables implements vscode.TextDocumentContentProvider {
  private readonly tables = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.tables.get(uri.toString()) ?? '';
  }

  /**
   * show runs `prodready routes ./...` in folder and opens (or refreshes)
   * its route table document. It reads the files as saved on disk.
   */
  async show(binary: string, folder: vscode.WorkspaceFolder): Promise<void> {
    const table = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: `prodready: routes of ${folder.name}` },
      () => run(binary, ['routes', './...'], folder.uri.fsPath),
    );
    const uri = vscode.Uri.from({ scheme: routesScheme, path: `/Routes (${folder.name})`, query: folder.uri.toString() });
    this.tables.set(uri.toString(), table);
    this.changed.fire(uri);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/** run runs binary with args in dir and returns its output, or fails with its one-line reason. */
function run(binary: string, args: string[], dir: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(binary, args, { cwd: dir, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err) {
        const reason = stderr.trim() || err.message;
        reject(new Error(`prodready ${args[0]}: ${reason}`));
        return;
      }
      resolve(stdout);
    });
  });
}
