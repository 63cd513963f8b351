import * as path from 'node:path';
import type { ts } from 'ts-morph';
import {
  CodeActionKind,
  FileChangeType,
  TextDocumentEdit,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type FileEvent,
  type TextDocuments,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { CONFIG_FILE_NAME } from '../config/config';
import { Linter } from '../engine/linter';
import type { Logger } from '../engine/logger';
import type { Finding } from '../rules/types';
import { toDiagnostic, toRange } from './diagnostics';
import { AnalysisScheduler } from './scheduler';
import { DEFAULT_SETTINGS, readSettings, type Settings } from './settings';
import { documentPath } from './uris';

/** Delay after the last keystroke before the edited document is analyzed. */
const TYPING_DEBOUNCE_MS = 150;
/** Other open documents may depend on the edited one: they follow a little later. */
const DEPENDENT_DELAY_MS = 400;

interface Analysis {
  version: number;
  sourceFile: ts.SourceFile;
  findings: Finding[];
}

/** The language server's state and behaviour; server.ts only wires LSP events to it. */
export class LanguageSession {
  private readonly linter: Linter;
  private readonly scheduler: AnalysisScheduler;
  private readonly analyses = new Map<string, Analysis>();
  private readonly shownConfigProblems = new Set<string>();
  private settings: Settings = DEFAULT_SETTINGS;

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly logger: Logger,
  ) {
    this.linter = new Linter(logger);
    this.scheduler = new AnalysisScheduler(
      (uri) => this.analyzeAndPublish(uri),
      (uri, error) => this.logger.error(`Analysis of ${uri} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
    );
  }

  updateSettings(raw: unknown): void {
    this.settings = readSettings(raw);
    this.reanalyzeOpenDocuments(0);
  }

  get currentSettings(): Settings {
    return this.settings;
  }

  changed(document: TextDocument): void {
    // Opening a document also reports a content change: the first analysis needs no debounce.
    if (!this.analyses.has(document.uri)) {
      this.scheduler.schedule(document.uri, 0);
      return;
    }
    if (this.settings.run !== 'onType') return;
    this.scheduler.schedule(document.uri, TYPING_DEBOUNCE_MS);
    for (const other of this.documents.all()) {
      if (other.uri !== document.uri) this.scheduler.schedule(other.uri, DEPENDENT_DELAY_MS);
    }
  }

  saved(document: TextDocument): void {
    if (this.settings.run === 'onSave') this.reanalyzeOpenDocuments(0, document.uri);
  }

  closed(document: TextDocument): void {
    this.scheduler.cancel(document.uri);
    this.analyses.delete(document.uri);
    this.linter.workspace.closeDocument(documentPath(document.uri, document.languageId));
    void this.connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  }

  watchedFilesChanged(changes: readonly FileEvent[]): void {
    for (const change of changes) {
      if (!change.uri.startsWith('file:')) continue;
      const filePath = documentPath(change.uri, '');
      if (path.basename(filePath) === CONFIG_FILE_NAME) {
        this.linter.configs.invalidate();
        this.shownConfigProblems.clear();
      } else if (change.type !== FileChangeType.Created) {
        this.linter.workspace.fileChangedOnDisk(filePath);
      }
    }
    this.reanalyzeOpenDocuments(DEPENDENT_DELAY_MS);
  }

  codeActions(params: CodeActionParams): CodeAction[] {
    const document = this.documents.get(params.textDocument.uri);
    if (!document) return [];
    const analysis = this.currentAnalysis(document);
    if (!analysis) return [];
    const { sourceFile } = analysis;
    const from = document.offsetAt(params.range.start);
    const to = document.offsetAt(params.range.end);
    const actions: CodeAction[] = [];
    for (const finding of analysis.findings) {
      if (finding.end < from || finding.start > to) continue;
      const diagnostic = toDiagnostic(sourceFile, finding);
      const preferred = finding.fixes.find((fix) => fix.safe);
      for (const fix of finding.fixes) {
        actions.push({
          title: fix.safe ? fix.title : `${fix.title} (changes behaviour: review)`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix === preferred,
          edit: {
            documentChanges: [
              TextDocumentEdit.create(
                { uri: document.uri, version: document.version },
                fix.edits.map((edit) => ({ range: toRange(sourceFile, edit.start, edit.end), newText: edit.newText })),
              ),
            ],
          },
        });
      }
    }
    return actions;
  }

  dispose(): void {
    this.scheduler.dispose();
  }

  private reanalyzeOpenDocuments(delayMs: number, firstUri?: string): void {
    if (firstUri) this.scheduler.schedule(firstUri, delayMs);
    for (const document of this.documents.all()) {
      if (document.uri !== firstUri) this.scheduler.schedule(document.uri, delayMs);
    }
  }

  /** The analysis of the document's current version, computed now if the cached one is stale. */
  private currentAnalysis(document: TextDocument): Analysis | undefined {
    const cached = this.analyses.get(document.uri);
    if (cached && cached.version === document.version) return cached;
    return this.analyze(document);
  }

  private analyze(document: TextDocument): Analysis | undefined {
    if (!this.settings.enable) return undefined;
    // Every open document overlays the disk, so a file sees the unsaved state of those it imports.
    for (const open of this.documents.all()) {
      this.linter.workspace.openDocument(documentPath(open.uri, open.languageId), open.getText());
    }
    const filePath = documentPath(document.uri, document.languageId);
    if (this.linter.isIgnored(filePath)) return undefined;
    const result = this.linter.lint(filePath, this.settings.rules);
    if (!result) return undefined;
    this.showConfigProblemsOnce(result.configProblems);
    const analysis: Analysis = { version: document.version, sourceFile: result.sourceFile, findings: result.findings };
    this.analyses.set(document.uri, analysis);
    return analysis;
  }

  private analyzeAndPublish(uri: string): void {
    const document = this.documents.get(uri);
    if (!document) return;
    const analysis = this.analyze(document);
    const diagnostics = analysis ? analysis.findings.map((finding) => toDiagnostic(analysis.sourceFile, finding)) : [];
    void this.connection.sendDiagnostics({ uri, version: document.version, diagnostics });
  }

  private showConfigProblemsOnce(problems: readonly { file: string; key: string; message: string }[]): void {
    for (const problem of problems) {
      const text = `${problem.file}: "${problem.key}" ${problem.message}`;
      if (this.shownConfigProblems.has(text)) continue;
      this.shownConfigProblems.add(text);
      this.logger.warn(text);
      void this.connection.window.showWarningMessage(`Async Pitfalls config: ${text}`);
    }
  }
}
