/** Small helpers for walking a statement's scanner tokens while skipping comments. */
import type { Token } from './parse.js';

/** Index of the first non-comment token at or after `from`, or -1. */
export function nextCode(tokens: readonly Token[], from: number): number {
  for (let i = from; i < tokens.length; i++) {
    if (tokens[i]?.type !== 'comment') return i;
  }
  return -1;
}

/** Index of the first keyword token `keyword` (upper case) at or after `from`, or -1. */
export function findKeyword(tokens: readonly Token[], keyword: string, from = 0): number {
  for (let i = from; i < tokens.length; i++) {
    if (tokens[i]?.keyword === keyword) return i;
  }
  return -1;
}

/**
 * Index of the code token after a run of keywords that must follow each other in order (e.g.
 * `CREATE`, `INDEX`), each optional keyword skipped when absent; -1 when a required one is missing.
 */
export function afterKeywords(
  tokens: readonly Token[],
  sequence: readonly (string | { optional: string })[],
  from = 0,
): number {
  let i = nextCode(tokens, from);
  for (const step of sequence) {
    if (i === -1) return -1;
    const wanted = typeof step === 'string' ? step : step.optional;
    if (tokens[i]?.keyword === wanted) i = nextCode(tokens, i + 1);
    else if (typeof step === 'string') return -1;
  }
  return i;
}

/** The text of the single name token that follows a keyword sequence, as written. */
export function writtenName(
  tokens: readonly Token[],
  sequence: readonly (string | { optional: string })[],
): string | undefined {
  const index = afterKeywords(tokens, sequence);
  const token = index === -1 ? undefined : tokens[index];
  return token && (token.type === 'identifier' || token.type === 'keyword')
    ? token.text
    : undefined;
}
