/** Turns a verify result into text: a readable report, or JSON for machines. */
import type { VerifyResult } from './index.js';
import type { StatementError, VerifyFinding } from './run.js';

const PHASE_LABEL = {
  'first-run': 'first run failed',
  'second-run': 'second run failed',
  'per-file': 'rerun of the file failed',
} as const;

function location(file?: string, line?: number, column?: number): string {
  if (!file) return '(statement unknown)';
  return line ? `${file}:${line}:${column ?? 1}` : file;
}

function describeError(label: string, error: StatementError): string {
  const code = error.code ? ` [${error.code}]` : '';
  return `${location(error.file, error.line, error.column)}  ${label}: ${error.message}${code}\n    ${error.statement}`;
}

function describeFinding(finding: VerifyFinding): string {
  if (finding.error) return describeError(PHASE_LABEL[finding.phase], finding.error);
  const drift = finding.drift!;
  const when =
    finding.phase === 'per-file' ? 'drift when the file ran twice' : 'drift on the second run';
  const where = `${location(drift.file, drift.line, drift.column)}  ${when}`;
  if (drift.kind === 'changed') {
    return `${where}: ${drift.category} changed\n    - ${drift.before}\n    + ${drift.entry}`;
  }
  const sign = drift.kind === 'added' ? '+' : '-';
  return `${where}: ${drift.category} ${drift.kind}\n    ${sign} ${drift.entry}`;
}

export function formatVerifyPretty(result: VerifyResult): string {
  const engine =
    result.engine === 'pglite'
      ? 'embedded PostgreSQL (PGlite)'
      : 'PostgreSQL server (scratch database)';
  const lines = [
    `sqlidem verify: ${result.files.length} file${result.files.length === 1 ? '' : 's'}, ${result.statements} statements on ${engine}`,
  ];
  if (!result.applied && result.firstRunError) {
    lines.push(describeError('first run failed', result.firstRunError));
    lines.push(
      'The migrations do not apply to an empty database, so idempotency could not be measured.',
    );
    return `${lines.join('\n')}\n`;
  }
  for (const finding of result.findings) lines.push(describeFinding(finding));
  const errors = result.findings.filter((f) => f.kind === 'error').length;
  const drifts = result.findings.filter((f) => f.kind === 'drift').length;
  if (errors + drifts === 0) {
    lines.push('✔ idempotent: the second run succeeded and changed nothing');
  } else {
    lines.push(
      `✖ not idempotent: ${errors} statement${errors === 1 ? '' : 's'} failed on a rerun, ${drifts} catalog or row difference${drifts === 1 ? '' : 's'}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

export function formatVerifyJson(result: VerifyResult): string {
  const idempotent = result.applied && result.findings.length === 0;
  return `${JSON.stringify({ idempotent, ...result })}\n`;
}

export function formatVerifySetupError(message: string, format: 'pretty' | 'json'): string {
  return format === 'json'
    ? `${JSON.stringify({ idempotent: false, applied: false, setupError: message })}\n`
    : `sqlidem verify: ${message}\n`;
}
