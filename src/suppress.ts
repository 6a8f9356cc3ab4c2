/**
 * Inline suppressions, as ESLint users write them:
 *
 *   -- sqlidem-disable-next-line require-index-name, require-insert-on-conflict -- why
 *   -- sqlidem-disable require-drop-if-exists      … -- sqlidem-enable require-drop-if-exists
 *   -- sqlidem-disable-file
 *   /* sqlidem-disable-next-line require-trigger-guard *\/
 *
 * No rule list means every rule. A suppressed diagnostic is kept aside (ESLint's
 * `suppressedMessages`) and never fixed.
 */
import { positioned } from './diagnostics.js';
import type { Diagnostic } from './rule.js';
import type { SourceFile } from './source.js';

export type DirectiveKind = 'disable-next-line' | 'disable' | 'enable' | 'disable-file';

export interface Directive {
  readonly kind: DirectiveKind;
  /** Rule ids; empty means every rule. */
  readonly rules: readonly string[];
  /** The text after ` -- `, if any. */
  readonly justification: string;
  readonly start: number;
  readonly end: number;
}

export interface SuppressedDiagnostic extends Diagnostic {
  readonly justification: string;
}

const LINE_DIRECTIVE =
  /--[ \t]*sqlidem-(disable-next-line|disable-file|disable|enable)\b([^\r\n]*)/g;
const BLOCK_DIRECTIVE =
  /\/\*\s*sqlidem-(disable-next-line|disable-file|disable|enable)\b([\s\S]*?)\*\//g;

function parseBody(body: string): { rules: string[]; justification: string } {
  const separator = body.indexOf(' -- ');
  const list = separator === -1 ? body : body.slice(0, separator);
  const justification = separator === -1 ? '' : body.slice(separator + 4).trim();
  const rules = list
    .split(/[\s,]+/)
    .map((rule) => rule.trim())
    .filter((rule) => rule !== '' && rule !== '--');
  return { rules, justification };
}

export function findDirectives(text: string): Directive[] {
  if (!text.includes('sqlidem-')) return [];
  const directives: Directive[] = [];
  for (const pattern of [LINE_DIRECTIVE, BLOCK_DIRECTIVE]) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index ?? 0;
      directives.push({
        kind: match[1] as DirectiveKind,
        ...parseBody(match[2] ?? ''),
        start,
        end: start + match[0].length,
      });
    }
  }
  return directives.sort((a, b) => a.start - b.start);
}

function covers(directive: Directive, ruleId: string | null): boolean {
  return ruleId !== null && (directive.rules.length === 0 || directive.rules.includes(ruleId));
}

export interface SuppressionResult {
  readonly diagnostics: Diagnostic[];
  readonly suppressed: SuppressedDiagnostic[];
}

/**
 * Sets aside the diagnostics the file's directives suppress. With `reportUnused`, a directive
 * that suppressed nothing becomes an error of its own.
 */
export function applySuppressions(
  source: SourceFile,
  diagnostics: readonly Diagnostic[],
  reportUnused: boolean,
): SuppressionResult {
  const directives = findDirectives(source.text);
  if (directives.length === 0) return { diagnostics: [...diagnostics], suppressed: [] };

  const used = new Set<Directive>();
  const suppressedBy = (diagnostic: Diagnostic): Directive | undefined => {
    const line = diagnostic.line;
    for (const directive of directives) {
      if (!covers(directive, diagnostic.ruleId)) continue;
      if (directive.kind === 'disable-file') return directive;
      if (directive.kind === 'disable-next-line') {
        if (source.position(directive.end).line + 1 === line) return directive;
      } else if (directive.kind === 'disable' && directive.end <= diagnostic.start) {
        // Active until an `enable` that covers the same rule.
        const enabled = directives.some(
          (other) =>
            other.kind === 'enable' &&
            other.start > directive.end &&
            other.start <= diagnostic.start &&
            (other.rules.length === 0 ||
              directive.rules.every((rule) => other.rules.includes(rule))),
        );
        if (!enabled) return directive;
      }
    }
    return undefined;
  };

  const kept: Diagnostic[] = [];
  const suppressed: SuppressedDiagnostic[] = [];
  for (const diagnostic of diagnostics) {
    const directive = diagnostic.fatal ? undefined : suppressedBy(diagnostic);
    if (directive) {
      used.add(directive);
      suppressed.push({ ...diagnostic, justification: directive.justification });
    } else kept.push(diagnostic);
  }

  if (reportUnused) {
    for (const directive of directives) {
      if (directive.kind === 'enable' || used.has(directive)) continue;
      const what = directive.rules.length
        ? ` (no problems were reported from ${directive.rules.map((rule) => `'${rule}'`).join(', ')})`
        : '';
      kept.push(
        positioned(source, {
          ruleId: null,
          severity: 2,
          message: `Unused sqlidem-${directive.kind} directive${what}`,
          start: directive.start,
          end: directive.end,
        }),
      );
    }
    kept.sort((a, b) => a.start - b.start);
  }
  return { diagnostics: kept, suppressed };
}
