/** Diagnostics get their 1-based line/column from the source (one place for it). */
import type { Diagnostic } from './rule.js';
import type { SourceFile } from './source.js';

export type Unpositioned = Omit<Diagnostic, 'line' | 'column' | 'endLine' | 'endColumn'>;

export function positioned(source: SourceFile, diagnostic: Unpositioned): Diagnostic {
  const start = source.position(diagnostic.start);
  const end = source.position(diagnostic.end);
  return {
    ...diagnostic,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
  };
}
