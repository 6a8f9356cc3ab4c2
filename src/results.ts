/**
 * ESLint-shaped results, so ESLint formatters (pretty, SARIF, JUnit…) work on sqlidem output.
 * `fix` holds a safe fix as one `{ range, text }`; unsafe fixes are offered as `suggestions`.
 */
import type { FileReport } from './engine.js';
import { isApplicable } from './fix.js';
import type { Diagnostic, Fix } from './rule.js';

export interface EslintFix {
  range: [number, number];
  text: string;
}

export interface LintMessage {
  ruleId: string | null;
  severity: 1 | 2;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  fatal?: true;
  fix?: EslintFix;
  suggestions?: { desc: string; fix: EslintFix }[];
}

export interface LintResult {
  filePath: string;
  messages: LintMessage[];
  suppressedMessages: (LintMessage & {
    suppressions: { kind: 'directive'; justification: string }[];
  })[];
  errorCount: number;
  fatalErrorCount: number;
  warningCount: number;
  fixableErrorCount: number;
  fixableWarningCount: number;
  usedDeprecatedRules: never[];
  /** Present after fixing: the fixed file content. */
  output?: string;
}

/** Merges a multi-edit fix into ESLint's single-range form (text between edits is kept). */
export function toEslintFix(fix: Fix, text: string): EslintFix {
  const edits = [...fix.edits].sort((a, b) => a.start - b.start);
  const start = edits[0]?.start ?? 0;
  const end = Math.max(start, ...edits.map((edit) => edit.end));
  let replacement = '';
  let cursor = start;
  for (const edit of edits) {
    replacement += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return { range: [start, end], text: replacement + text.slice(cursor, end) };
}

function toMessage(diagnostic: Diagnostic, text: string): LintMessage {
  const message: LintMessage = {
    ruleId: diagnostic.ruleId,
    severity: diagnostic.severity,
    message: diagnostic.message,
    line: diagnostic.line,
    column: diagnostic.column,
    endLine: diagnostic.endLine,
    endColumn: diagnostic.endColumn,
  };
  if (diagnostic.fatal) message.fatal = true;
  if (diagnostic.fix?.applicability === 'safe') message.fix = toEslintFix(diagnostic.fix, text);
  else if (diagnostic.fix) {
    message.suggestions = [{ desc: diagnostic.fix.title, fix: toEslintFix(diagnostic.fix, text) }];
  }
  return message;
}

export function toLintResult(report: FileReport, filePath: string): LintResult {
  // Fix ranges index the text the diagnostics were computed on (the fixed text after --fix).
  const text = report.output ?? report.source?.serialize(report.source.text) ?? '';
  const bomless = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const messages = report.diagnostics.map((d) => toMessage(d, bomless));
  const suppressedMessages = (report.suppressed ?? []).map((d) => ({
    ...toMessage(d, bomless),
    suppressions: [{ kind: 'directive' as const, justification: d.justification }],
  }));
  const count = (severity: 1 | 2, fixable = false) =>
    report.diagnostics.filter(
      (d) => d.severity === severity && (!fixable || isApplicable(d.fix, {})),
    ).length;
  return {
    filePath,
    messages,
    suppressedMessages,
    errorCount: count(2),
    fatalErrorCount: report.diagnostics.filter((d) => d.fatal).length,
    warningCount: count(1),
    fixableErrorCount: count(2, true),
    fixableWarningCount: count(1, true),
    usedDeprecatedRules: [],
    ...(report.output !== undefined && { output: report.output }),
  };
}
