/**
 * The linting pass over one parsed file: runs every active rule's statement visitors in file
 * order and turns their reports into positioned diagnostics.
 */
import { allRules } from '../rules/index.js';
import { positioned } from './diagnostics.js';
import { unguardedNestedStatements } from './nested.js';
import { parseSource, statementTokens } from './parse.js';
import type { ParsedFile, Statement } from './parse.js';
import type {
  Diagnostic,
  ReportDescriptor,
  Rule,
  RuleContext,
  RuleSettings,
  SeverityLevel,
  Visitors,
} from './rule.js';
import type { SourceFile } from './source.js';
import { applySuppressions } from './suppress.js';
import type { SuppressedDiagnostic } from './suppress.js';

export interface ActiveRule {
  readonly rule: Rule;
  readonly severity: SeverityLevel;
  /** The `[severity, options]` options from a config file. */
  readonly options?: Readonly<Record<string, unknown>>;
}

export interface LintSettings extends RuleSettings {
  readonly rules: readonly ActiveRule[];
  /** Report `sqlidem-disable` directives that suppress nothing. */
  readonly reportUnusedDisableDirectives?: boolean;
}

export const DEFAULT_PG_VERSION = 14;

/** Every registered rule at its default severity. */
export function defaultSettings(): LintSettings {
  return {
    pgVersion: DEFAULT_PG_VERSION,
    trustDropBeforeCreate: true,
    triggerFix: 'drop-first',
    rules: allRules.map((rule) => ({
      rule,
      severity: rule.meta.defaultSeverity === 'error' ? 2 : 1,
    })),
  };
}

export interface SourceLintResult {
  readonly parsed: ParsedFile;
  readonly diagnostics: Diagnostic[];
  /** Diagnostics an inline `sqlidem-disable…` directive suppressed (never fixed). */
  readonly suppressed: SuppressedDiagnostic[];
}

export { positioned };

/** Parses and lints one source. Never throws for bad SQL: a parse error is a fatal diagnostic. */
export function lintSource(source: SourceFile, settings: LintSettings): SourceLintResult {
  const parsed = parseSource(source);
  if (parsed.error) {
    return {
      parsed,
      diagnostics: [
        positioned(source, {
          ruleId: null,
          severity: 2,
          fatal: true,
          message: `Parsing error: ${parsed.error.message}`,
          start: parsed.error.index,
          end: parsed.error.index,
        }),
      ],
      suppressed: [],
    };
  }
  const { diagnostics, suppressed } = applySuppressions(
    source,
    runRules(parsed, settings),
    settings.reportUnusedDisableDirectives === true,
  );
  return { parsed, diagnostics, suppressed };
}

function runRules(parsed: ParsedFile, settings: LintSettings): Diagnostic[] {
  const { source } = parsed;
  const diagnostics: Diagnostic[] = [];
  const visitorsByKind = new Map<string, ((node: unknown, statement: Statement) => void)[]>();

  for (const { rule, severity } of settings.rules) {
    const context: RuleContext = {
      source,
      file: parsed,
      settings,
      tokens: (statement) => statementTokens(source, statement),
      report: (descriptor) => diagnostics.push(toDiagnostic(source, rule, severity, descriptor)),
    };
    const visitors: Visitors = rule.create(context);
    for (const [kind, visit] of Object.entries(visitors)) {
      if (typeof visit !== 'function') continue;
      let list = visitorsByKind.get(kind);
      if (!list) visitorsByKind.set(kind, (list = []));
      list.push(visit as (node: unknown, statement: Statement) => void);
    }
  }

  const dispatch = (statement: Statement) => {
    const visits = visitorsByKind.get(statement.kind);
    if (!visits) return;
    const node = (statement.node as Record<string, unknown>)[statement.kind];
    for (const visit of visits) visit(node, statement);
  };
  for (const statement of parsed.statements) {
    dispatch(statement);
    if (statement.kind === 'DoStmt') {
      for (const nested of unguardedNestedStatements(parsed, statement)) dispatch(nested);
    }
  }
  return diagnostics.sort(
    (a, b) => a.start - b.start || (a.ruleId ?? '').localeCompare(b.ruleId ?? ''),
  );
}

function toDiagnostic(
  source: SourceFile,
  rule: Rule,
  severity: SeverityLevel,
  descriptor: ReportDescriptor<string>,
): Diagnostic {
  const template = rule.messages[descriptor.messageId] ?? descriptor.messageId;
  return positioned(source, {
    ruleId: rule.id,
    severity,
    message: interpolate(template, descriptor.data ?? {}),
    start: descriptor.statement.start,
    end: descriptor.statement.end,
    ...(descriptor.fix && { fix: descriptor.fix }),
  });
}

function interpolate(template: string, data: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => data[key] ?? whole);
}
