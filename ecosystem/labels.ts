import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RuleId } from '../server/src/rules/types';

/**
 * Labels are the reviewed state of the check: every finding the rules report on the corpus, judged by
 * reading the code. A finding is identified by where it is, which the pinned corpus keeps stable.
 */
export type Verdict = 'tp' | 'fp' | 'unsure';
export interface Label {
  readonly label: Verdict;
  readonly reason: string;
}
export type Labels = Readonly<Record<string, Label>>;

/** What the check needs of a finding of the CLI's JSON report. */
export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly rule: RuleId;
  readonly message: string;
}

/**
 * `<package>/<path inside the package>:<line>:<column>`: the CLI runs from the corpus root, so its `file`
 * already starts with the package's folder; separators are made `/` so keys match on every platform.
 */
export function findingKey(finding: Pick<Finding, 'file' | 'line' | 'column'>): string {
  return `${finding.file.split(path.sep).join('/').replace(/\\/g, '/')}:${finding.line}:${finding.column}`;
}

/** Reads and checks a labels file; a missing file is an empty one (nothing reviewed yet). */
export function readLabels(file: string): Labels {
  if (!fs.existsSync(file)) return {};
  const parsed: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error(`${file}: expected an object of labels`);
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    const label = value as Partial<Label> | null;
    if (!/^.+:\d+:\d+$/.test(key)) throw new Error(`${file}: key "${key}" is not <package>/<path>:<line>:<column>`);
    if (!label || (label.label !== 'tp' && label.label !== 'fp' && label.label !== 'unsure')) throw new Error(`${file}: "${key}" needs "label": "tp" | "fp" | "unsure"`);
    if (typeof label.reason !== 'string' || label.reason.trim() === '') throw new Error(`${file}: "${key}" needs a one-line "reason"`);
  }
  return parsed as Labels;
}

/** The labels file's text: keys sorted, so a review shows as a small diff. */
export function formatLabels(labels: Labels): string {
  const sorted: Record<string, Label> = {};
  for (const key of Object.keys(labels).sort()) sorted[key] = { label: labels[key].label, reason: labels[key].reason };
  return `${JSON.stringify(sorted, null, 2)}\n`;
}

export interface RuleDiff {
  readonly rule: RuleId;
  readonly findings: number;
  readonly tp: number;
  readonly fp: number;
  readonly unsure: number;
  /** tp / (tp + fp + unsure) over the labeled findings of this run; undefined when none is labeled. */
  readonly precision: number | undefined;
  /** Findings with no label: not reviewed yet. */
  readonly unlabeled: readonly Finding[];
  /** Labeled findings the run no longer reports, with their label. */
  readonly vanished: readonly { key: string; label: Label }[];
}

/** Compares one rule's findings of this run with its labels (the last reviewed run). */
export function diffRule(rule: RuleId, findings: readonly Finding[], labels: Labels): RuleDiff {
  const seen = new Set<string>();
  const unlabeled: Finding[] = [];
  let tp = 0;
  let fp = 0;
  let unsure = 0;
  for (const finding of findings) {
    const key = findingKey(finding);
    seen.add(key);
    const label = Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined;
    if (!label) unlabeled.push(finding);
    else if (label.label === 'tp') tp++;
    else if (label.label === 'fp') fp++;
    else unsure++;
  }
  const vanished = Object.keys(labels)
    .filter((key) => !seen.has(key))
    .sort()
    .map((key) => ({ key, label: labels[key] }));
  return { rule, findings: findings.length, tp, fp, unsure, precision: precision(tp, fp, unsure), unlabeled, vanished };
}

export function precision(tp: number, fp: number, unsure: number): number | undefined {
  const judged = tp + fp + unsure;
  return judged === 0 ? undefined : tp / judged;
}

/** What fails the check: a finding nobody judged, or a true positive the rules stopped reporting. */
export function failures(diff: RuleDiff): { unlabeled: readonly Finding[]; vanishedTp: readonly string[] } {
  return { unlabeled: diff.unlabeled, vanishedTp: diff.vanished.filter((v) => v.label.label === 'tp').map((v) => v.key) };
}
