/** Text formats for CI systems: GitHub annotations, GitLab Code Quality, JUnit, Checkstyle, compact. */
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { LintMessage, LintResult } from '../results.js';
import type { FormatterContext } from './index.js';

function relative(context: FormatterContext, file: string): string {
  return path.relative(context.cwd, file).split(path.sep).join('/') || file;
}

/** GitHub's workflow-command escaping for properties and messages. */
function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}
function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message` per problem. */
export function formatGithub(results: LintResult[], context: FormatterContext): string {
  const lines: string[] = [];
  for (const result of results) {
    for (const message of result.messages) {
      const level = message.severity === 2 ? 'error' : 'warning';
      const properties = [
        `file=${escapeProperty(relative(context, result.filePath))}`,
        `line=${message.line}`,
        `col=${message.column}`,
        `endLine=${message.endLine}`,
        `endColumn=${message.endColumn}`,
        `title=${escapeProperty(`sqlidem${message.ruleId ? ` ${message.ruleId}` : ''}`)}`,
      ].join(',');
      lines.push(`::${level} ${properties}::${escapeData(message.message)}`);
    }
  }
  return lines.join('\n');
}

/** GitLab Code Quality: stable fingerprints (file, rule, and the statement's line text, not its number). */
export function formatGitlab(
  results: LintResult[],
  context: FormatterContext,
  lineText: (file: string, line: number) => string,
): string {
  const seen = new Map<string, number>();
  const issues = results.flatMap((result) =>
    result.messages.map((message) => {
      const file = relative(context, result.filePath);
      const base = `${file}\0${message.ruleId ?? ''}\0${lineText(result.filePath, message.line).trim()}`;
      const occurrence = (seen.get(base) ?? 0) + 1;
      seen.set(base, occurrence);
      return {
        type: 'issue',
        check_name: message.ruleId ?? 'sqlidem',
        description: message.message,
        categories: ['Bug Risk'],
        severity: message.fatal ? 'blocker' : message.severity === 2 ? 'major' : 'minor',
        fingerprint: createHash('sha256').update(`${base}\0${occurrence}`).digest('hex'),
        location: { path: file, lines: { begin: message.line, end: message.endLine } },
      };
    }),
  );
  return JSON.stringify(issues, null, 2);
}

function xml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

function where(message: LintMessage): string {
  return `line ${message.line}, col ${message.column}`;
}

/** JUnit XML: a test case per file, a failure per problem. */
export function formatJunit(results: LintResult[], context: FormatterContext): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>', '<testsuites name="sqlidem">'];
  for (const result of results) {
    const file = relative(context, result.filePath);
    const failures = result.messages.length;
    out.push(`  <testsuite name="${xml(file)}" tests="1" failures="${failures}" errors="0">`);
    out.push(`    <testcase name="${xml(file)}" classname="sqlidem">`);
    for (const message of result.messages) {
      out.push(
        `      <failure type="${xml(message.ruleId ?? 'error')}" message="${xml(message.message)}">${xml(
          `${where(message)}, ${message.severity === 2 ? 'Error' : 'Warning'} - ${message.message} (${message.ruleId ?? 'error'})`,
        )}</failure>`,
      );
    }
    out.push('    </testcase>', '  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n');
}

/** Checkstyle XML, as ESLint's checkstyle formatter writes it. */
export function formatCheckstyle(results: LintResult[]): string {
  const out = ['<?xml version="1.0" encoding="utf-8"?>', '<checkstyle version="4.3">'];
  for (const result of results) {
    out.push(`  <file name="${xml(result.filePath)}">`);
    for (const message of result.messages) {
      out.push(
        `    <error line="${message.line}" column="${message.column}" severity="${message.severity === 2 ? 'error' : 'warning'}" message="${xml(message.message)}" source="${xml(`sqlidem.${message.ruleId ?? 'error'}`)}" />`,
      );
    }
    out.push('  </file>');
  }
  out.push('</checkstyle>');
  return out.join('\n');
}

/** One line per problem: `file:line:col: severity message [rule]`. */
export function formatCompact(results: LintResult[], context: FormatterContext): string {
  const lines: string[] = [];
  for (const result of results) {
    for (const message of result.messages) {
      lines.push(
        `${relative(context, result.filePath)}:${message.line}:${message.column}: ${message.severity === 2 ? 'error' : 'warning'} ${message.message}${message.ruleId ? ` [${message.ruleId}]` : ''}`,
      );
    }
  }
  const total = lines.length;
  if (total > 0) lines.push('', `${total} problem${total === 1 ? '' : 's'}`);
  return lines.join('\n');
}
