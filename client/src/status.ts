import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { COMMANDS, LANGUAGE_IDS, StatusNotification, type StatusParams } from '../../server/src/protocol';

/** The language status item (the `{}` next to the language mode): ready, analyzing, incomplete, or error. */
export class ServerStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('asyncPitfalls.status', [...LANGUAGE_IDS]);

  constructor() {
    this.item.name = 'Async Pitfalls';
    this.item.command = { title: 'Actions', command: COMMANDS.showMenu };
    this.starting();
  }

  starting(): void {
    this.item.text = 'Async Pitfalls: starting';
    this.item.busy = true;
    this.item.severity = vscode.LanguageStatusSeverity.Information;
    this.item.detail = undefined;
  }

  stopped(reason: string): void {
    this.item.text = 'Async Pitfalls: stopped';
    this.item.busy = false;
    this.item.severity = vscode.LanguageStatusSeverity.Error;
    this.item.detail = reason;
  }

  listen(client: LanguageClient): vscode.Disposable {
    return client.onNotification(StatusNotification.type, (params) => this.update(params));
  }

  private update(params: StatusParams): void {
    this.item.busy = params.state === 'analyzing' || params.state === 'loading';
    this.item.severity =
      params.state === 'error'
        ? vscode.LanguageStatusSeverity.Error
        : params.state === 'incomplete' || params.state === 'warning'
          ? vscode.LanguageStatusSeverity.Warning
          : vscode.LanguageStatusSeverity.Information;
    switch (params.state) {
      case 'loading': {
        const loading = params.loading;
        this.item.text = loading
          ? `Async Pitfalls: loading ${loading.project.split(/[\\/]/).slice(-2).join('/')} (${loading.loadedFiles} of ${loading.totalFiles} files)`
          : 'Async Pitfalls: loading';
        break;
      }
      case 'analyzing':
        this.item.text = `Async Pitfalls: analyzing ${params.pendingFiles ?? ''} file${params.pendingFiles === 1 ? '' : 's'}`;
        break;
      case 'ready':
        this.item.text = 'Async Pitfalls: ready';
        this.item.detail = params.lastAnalysisMs === undefined ? undefined : `last analysis ${params.lastAnalysisMs} ms`;
        break;
      case 'disabled':
        this.item.text = 'Async Pitfalls: disabled';
        this.item.detail = 'asyncPitfalls.enable is off';
        break;
      case 'warning':
        // The message names the config file or setting; its diagnostics or the output say what is wrong.
        this.item.text = 'Async Pitfalls: config problems';
        this.item.detail = params.message;
        break;
      case 'incomplete':
        // The message names the file; the output channel has the details.
        this.item.text = 'Async Pitfalls: incomplete';
        this.item.detail = params.message;
        break;
      case 'error':
        this.item.text = 'Async Pitfalls: error';
        this.item.detail = params.message;
        break;
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}
