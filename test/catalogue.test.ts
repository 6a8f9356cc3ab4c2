/**
 * A catalogue of 47 non-idempotent statements of every kind, all rules together: every line is
 * flagged where it stands, nothing else is; the (unsafe-)fixed file lints clean, runs twice on
 * PostgreSQL without error or drift, and its first run gives the same catalog as the original.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixText, lintText } from './helpers/lint.js';
import { drift, replay } from './helpers/replay.js';

const text = readFileSync(path.join(import.meta.dirname, 'data', 'catalogue.sql'), 'utf8');
const lines = text.split('\n');
const statementLines = lines
  .map((line, index) => ({ line, number: index + 1 }))
  .filter(({ line }) => line.trim() !== '' && !line.startsWith('--'));

describe('catalogue of non-idempotent statements', () => {
  it('flags each statement at its own line, nothing else', () => {
    const flagged = new Set(lintText(text).map((d) => d.line));
    const unflagged = statementLines
      .filter(
        ({ line, number }) => !flagged.has(number) && !line.includes('ENABLE ROW LEVEL SECURITY'),
      )
      .map(({ line }) => line);
    expect(unflagged).toEqual([]);
    expect(flagged.has(lines.findIndex((l) => l.includes('ENABLE ROW LEVEL')) + 1)).toBe(false);
  });

  it('fixes into a file that lints clean except what has no automatic fix, and replays twice', async () => {
    const { output, error } = fixText(text, { unsafe: true });
    expect(error).toBeUndefined();
    const remaining = lintText(output).map((d) => `${d.ruleId}: ${output.split('\n')[d.line - 1]}`);
    expect(remaining).toEqual(["require-idempotent-update: UPDATE shop.cache SET v = v || '!';"]);

    const [original] = await replay(text, 1);
    expect(original?.errors).toEqual([]);
    const withoutUpdate = output.replace("UPDATE shop.cache SET v = v || '!';\n", '');
    const [first, second] = await replay(withoutUpdate, 2);
    expect(first?.errors).toEqual([]);
    expect(second?.errors).toEqual([]);
    expect(drift(first!.snapshot, second!.snapshot)).toEqual([]);
    expect(drift(original!.snapshot, first!.snapshot)).toEqual([]);
  });
});
