// The channel the language client writes its protocol trace to.

import * as vscode from 'vscode';

/**
 * TraceChannel makes prodready.trace.server decide whether the protocol is
 * traced. vscode-languageclient traces only while its trace channel's log
 * level is Trace, and then in the detail trace.server asks for; this channel
 * reports Trace whenever the setting is not "off" and writes what it is given
 * to a log channel of its own, so the setting works without also changing a
 * log level.
 */
export class TraceChannel implements vscode.LogOutputChannel {
  private readonly out: vscode.LogOutputChannel;
  private readonly changed = new vscode.EventEmitter<vscode.LogLevel>();
  readonly onDidChangeLogLevel = this.changed.event;
  private readonly listener: vscode.Disposable;

  constructor(readonly name: string) {
    this.out = vscode.window.createOutputChannel(name, { log: true });
    this.listener = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('prodready.trace.server')) {
        this.changed.fire(this.logLevel);
      }
    });
  }

  get logLevel(): vscode.LogLevel {
    const setting = vscode.workspace.getConfiguration('prodready').get('trace.server', 'off');
    return setting === 'off' ? vscode.LogLevel.Off : vscode.LogLevel.Trace;
  }

  trace(message: string, ...args: unknown[]): void {
    this.out.info(message, ...args);
  }
  debug(message: string, ...args: unknown[]): void {
    this.out.info(message, ...args);
  }
  info(message: string, ...args: unknown[]): void {
    this.out.info(message, ...args);
  }
  warn(message: string, ...args: unknown[]): void {
    this.out.warn(message, ...args);
  }
  error(error: string | Error, ...args: unknown[]): void {
    this.out.error(error, ...args);
  }
  append(value: string): void {
    this.out.append(value);
  }
  appendLine(value: string): void {
    this.out.appendLine(value);
  }
  replace(value: string): void {
    this.out.replace(value);
  }
  clear(): void {
    this.out.clear();
  }
  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserveFocus === 'boolean' || columnOrPreserveFocus === undefined) {
      this.out.show(columnOrPreserveFocus);
    } else {
      this.out.show(columnOrPreserveFocus, preserveFocus);
    }
  }
  hide(): void {
    this.out.hide();
  }
  dispose(): void {
    this.listener.dispose();
    this.changed.dispose();
    this.out.dispose();
  }
}
