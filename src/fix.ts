/**
 * The fixer: applies non-overlapping fix edits, re-parses and re-lints, and repeats until
 * nothing changes (at most MAX_PASSES). It refuses any result that does not parse.
 */
import { lintSource } from './lint.js';
import type { LintSettings } from './lint.js';
import type { Diagnostic, Edit, Fix } from './rule.js';
import { createSource } from './source.js';
import type { SourceFile } from './source.js';
import type { SuppressedDiagnostic } from './suppress.js';

export const MAX_PASSES = 10;

export interface FixOptions {
  /** Also apply fixes marked `unsafe`. */
  readonly unsafe?: boolean;
}

export interface FixOutcome {
  /** The fixed text (without BOM; `source.serialize` restores it). Equals the input if nothing applied. */
  readonly output: string;
  /** How many fixes were applied over all passes. */
  readonly applied: number;
  readonly passes: number;
  /** Diagnostics of the final text (what remains after fixing). */
  readonly diagnostics: Diagnostic[];
  /** Diagnostics suppressed by inline directives in the final text (never fixed). */
  readonly suppressed: SuppressedDiagnostic[];
  /** The source the final diagnostics refer to. */
  readonly source: SourceFile;
  /** Set when the result must not be written: it does not parse, or fixing did not converge. */
  readonly error?: string;
}

function pick(result: { diagnostics: Diagnostic[]; suppressed: SuppressedDiagnostic[] }) {
  return { diagnostics: result.diagnostics, suppressed: result.suppressed };
}

export function isApplicable(fix: Fix | undefined, options: FixOptions): fix is Fix {
  return fix !== undefined && (fix.applicability === 'safe' || options.unsafe === true);
}

/** Lints and fixes one source until stable; never throws for bad SQL. */
export function fixSource(
  original: SourceFile,
  settings: LintSettings,
  options: FixOptions = {},
): FixOutcome {
  let source = original;
  let result = lintSource(source, settings);
  let applied = 0;
  let passes = 0;
  // A file that does not parse has only its fatal diagnostic, which carries no fix: the loop
  // below ends at once and it is returned unchanged.

  // A refused result reports on the original text, which stays as it is.
  const refuse = (error: string): FixOutcome => ({
    output: original.text,
    applied: 0,
    passes,
    ...pick(lintSource(original, settings)),
    source: original,
    error,
  });

  while (passes < MAX_PASSES) {
    const fixes = result.diagnostics.map((d) => d.fix).filter((fix) => isApplicable(fix, options));
    if (fixes.length === 0) break;
    const { text, count } = applyFixes(source.text, fixes);
    if (count === 0 || text === source.text) break;
    passes++;
    applied += count;
    source = createSource(original.path, text);
    result = lintSource(source, settings);
    if (result.parsed.error) {
      return refuse(
        `fixing produced SQL that does not parse (${result.parsed.error.message}); file left unchanged`,
      );
    }
  }

  if (passes >= MAX_PASSES && result.diagnostics.some((d) => isApplicable(d.fix, options))) {
    return refuse(`fixes did not converge after ${MAX_PASSES} passes; file left unchanged`);
  }
  return {
    output: source.text,
    applied,
    passes,
    diagnostics: result.diagnostics,
    suppressed: result.suppressed,
    source,
  };
}

/**
 * Applies the fixes that do not overlap an earlier one (by start position); the rest wait for
 * the next pass, when they are recomputed against the new text (as ESLint does).
 */
export function applyFixes(text: string, fixes: readonly Fix[]): { text: string; count: number } {
  const ordered = fixes
    .map((fix) => ({ fix, edits: [...fix.edits].sort((a, b) => a.start - b.start) }))
    .filter(({ edits }) => edits.length > 0)
    .sort((a, b) => spanStart(a.edits) - spanStart(b.edits) || spanEnd(a.edits) - spanEnd(b.edits));

  const chosen: Edit[] = [];
  let lastEnd = -1;
  let count = 0;
  for (const { edits } of ordered) {
    // `<=`: two insertions at the same point would have an undefined order; defer the second.
    if (spanStart(edits) <= lastEnd) continue;
    chosen.push(...edits);
    lastEnd = spanEnd(edits);
    count++;
  }

  let output = '';
  let cursor = 0;
  for (const edit of chosen) {
    output += text.slice(cursor, edit.start) + edit.text;
    cursor = edit.end;
  }
  return { text: output + text.slice(cursor), count };
}

function spanStart(edits: readonly Edit[]): number {
  return edits[0]?.start ?? 0;
}

function spanEnd(edits: readonly Edit[]): number {
  return Math.max(...edits.map((edit) => edit.end));
}
