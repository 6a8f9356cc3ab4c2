/**
 * Building the new SQL text that fixes insert: identifier quoting as PostgreSQL needs it,
 * keyword case that follows the user's statement, and line layout (indentation, line ending).
 * Nothing here ever rewrites the user's own text.
 */
import { pg } from './pg-parser.js';
import type { RangeVar } from 'libpg-query';
import type { Statement } from './parse.js';
import type { SourceFile } from './source.js';

const keywordKindCache = new Map<string, number>();

/** 0 = not a keyword, 1 = unreserved, 2 = column name, 3 = type/function name, 4 = reserved. */
function keywordKind(word: string): number {
  let kind = keywordKindCache.get(word);
  if (kind === undefined) {
    try {
      const tokens = pg().scanSync(word).tokens;
      kind = tokens.length === 1 ? (tokens[0]?.keywordKind ?? 0) : 0;
    } catch {
      kind = 0;
    }
    keywordKindCache.set(word, kind);
  }
  return kind;
}

/**
 * Quotes an identifier exactly when PostgreSQL's `quote_ident` would: anything but a lower-case
 * plain name, or a keyword other than an unreserved one.
 */
export function quoteIdent(name: string): string {
  if (/^[a-z_][a-z0-9_$]*$/.test(name) && keywordKind(name) <= 1) return name;
  return `"${name.replace(/"/g, '""')}"`;
}

/** `schema.name` or `name`, each part quoted as needed. */
export function qualifiedName(parts: readonly (string | undefined)[]): string {
  return parts
    .filter((part): part is string => part !== undefined && part !== '')
    .map(quoteIdent)
    .join('.');
}

export function relationName(relation: RangeVar | undefined): string {
  return qualifiedName([relation?.catalogname, relation?.schemaname, relation?.relname]);
}

export type KeywordCase = 'upper' | 'lower';

/** The case of the statement's first keyword; generated keywords follow it. */
export function keywordCaseOf(source: SourceFile, statement: Statement): KeywordCase {
  const firstWord = /^[A-Za-z]+/.exec(source.text.slice(statement.start, statement.start + 32));
  return firstWord && firstWord[0] === firstWord[0].toLowerCase() ? 'lower' : 'upper';
}

/** Writes SQL keywords (given in upper case) in the statement's case. */
export function keywords(text: string, keywordCase: KeywordCase): string {
  return keywordCase === 'lower' ? text.toLowerCase() : text;
}

/**
 * Text to insert before a statement so that `line` becomes its own line above it: same
 * indentation and the file's line ending. When other code precedes the statement on its line,
 * the new text goes inline, separated by a space.
 */
export function lineBefore(source: SourceFile, statement: Statement, line: string): string {
  const indent = indentationOf(source, statement.start);
  return indent === undefined ? `${line} ` : `${line}${source.eol}${indent}`;
}

/** The blanks before `index` on its line, or undefined when code precedes it there. */
export function indentationOf(source: SourceFile, index: number): string | undefined {
  const lineStart = source.text.lastIndexOf('\n', index - 1) + 1;
  const prefix = source.text.slice(lineStart, index);
  return /^[ \t]*$/.test(prefix) ? prefix : undefined;
}
