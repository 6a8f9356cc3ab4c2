/**
 * The rule framework's types: what a rule declares (meta, messages), what it sees (context,
 * statement visitors) and what it produces (diagnostics with fixes made of text edits).
 */
import type { NodeKind, NodeMap, ParsedFile, Statement, Token } from './parse.js';
import type { SourceFile } from './source.js';

/** Replace `text.slice(start, end)` with `text`; indexes into `SourceFile.text`. */
export interface Edit {
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/**
 * `safe`: keeps comments and gives the same catalog on a first run; applied by `--fix`.
 * `unsafe`: may change what a first run creates (e.g. an index name); only with `--unsafe-fixes`.
 */
export type Applicability = 'safe' | 'unsafe';

export interface Fix {
  readonly title: string;
  readonly applicability: Applicability;
  /** Non-overlapping edits, applied together or not at all. */
  readonly edits: readonly Edit[];
}

/** 1 = warning, 2 = error (ESLint's numbers, so ESLint formatters work unchanged). */
export type SeverityLevel = 1 | 2;
export type SeverityName = 'off' | 'warn' | 'error';

export interface Diagnostic {
  /** The rule that reported it; `null` for a file that could not be read or parsed. */
  readonly ruleId: string | null;
  readonly severity: SeverityLevel;
  readonly message: string;
  /** Range in `SourceFile.text` (the offending statement). */
  readonly start: number;
  readonly end: number;
  /** 1-based positions of `start` and `end`. */
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  /** Set on parse and read errors: nothing else could be checked in this file. */
  readonly fatal?: boolean;
  readonly fix?: Fix;
}

export interface RuleMeta {
  /** One line: what the rule flags. */
  readonly description: string;
  readonly docs: { readonly url: string };
  /** The strongest fix the rule can offer: `none`, `unsafe` only, or `safe`. */
  readonly fixable: 'safe' | 'unsafe' | 'none';
  readonly defaultSeverity: Exclude<SeverityName, 'off'>;
}

/** Options every rule can read. */
export interface RuleSettings {
  /** Target PostgreSQL major version; fixes never emit syntax it lacks. */
  readonly pgVersion: number;
  /**
   * A DROP of an object earlier in the same file (and goose/dbmate section) makes a later CREATE
   * of it safe to rerun. On by default; off reports such CREATEs too (as squawk does).
   */
  readonly trustDropBeforeCreate: boolean;
  /** How triggers are made rerunnable: DROP TRIGGER IF EXISTS first, or CREATE OR REPLACE. */
  readonly triggerFix: 'drop-first' | 'or-replace';
}

export interface ReportDescriptor<M extends string> {
  readonly statement: Statement;
  readonly messageId: M;
  readonly data?: Readonly<Record<string, string>>;
  readonly fix?: Fix;
}

export interface RuleContext<M extends string = string> {
  readonly source: SourceFile;
  readonly file: ParsedFile;
  readonly settings: RuleSettings;
  report(descriptor: ReportDescriptor<M>): void;
  /** Scanner tokens of a statement (comments included), scanned on first use. */
  tokens(statement: Statement): readonly Token[];
}

export type Visitors = {
  readonly [K in NodeKind]?: (node: NodeMap[K], statement: Statement) => void;
};

export interface Rule<M extends string = string> {
  /** Equals the rule's file name in `rules/`. */
  readonly id: string;
  readonly meta: RuleMeta;
  readonly messages: Readonly<Record<M, string>>;
  /** Called once per file; keep per-file state in the closure. */
  create(context: RuleContext<M>): Visitors;
}

/** Identity with type inference for message ids; every rule module default-exports one. */
export function defineRule<M extends string>(rule: Rule<M>): Rule<M> {
  return rule;
}

/** Base of every rule's documentation URL (the rule docs live in `rules/<id>.md`). */
export const DOCS_BASE = 'https://github.com/sqlidem/sqlidem/blob/main/rules/';

export function docsUrl(ruleId: string): string {
  return `${DOCS_BASE}${ruleId}.md`;
}
