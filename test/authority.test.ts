/**
 * The motivating case: an initial schema with 27 CREATE INDEX, 3 CREATE TRIGGER and 12 CREATE
 * POLICY among statements that are already safe. Exactly those 42 are flagged, the fixed file
 * lints clean, keeps every comment, runs twice on PostgreSQL (PGlite) and leaves the same schema.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseSource, scanRange } from '../src/parse.js';
import { createSource } from '../src/source.js';
import { fixText, lintText } from './helpers/lint.js';
import { drift, replay } from './helpers/replay.js';

const text = readFileSync(path.join(import.meta.dirname, 'data', 'authority-schema.sql'), 'utf8');

function commentsOf(sql: string): string[] {
  const source = createSource('x.sql', sql);
  return scanRange(source, 0, Buffer.byteLength(source.parserText))
    .filter((token) => token.type === 'comment')
    .map((token) => token.text);
}

describe('authority-style schema', () => {
  const diagnostics = lintText(text);

  it('flags exactly the 27 indexes, 3 triggers and 12 policies', () => {
    const lines = text.split('\n');
    const flagged = diagnostics.map((d) => lines[d.line - 1]?.split(' ').slice(0, 2).join(' '));
    expect(flagged.filter((l) => l === 'CREATE INDEX' || l === 'CREATE UNIQUE')).toHaveLength(27);
    expect(flagged.filter((l) => l === 'CREATE TRIGGER')).toHaveLength(3);
    expect(flagged.filter((l) => l === 'CREATE POLICY')).toHaveLength(12);
    expect(diagnostics).toHaveLength(42);
  });

  it('fixes into a lint-clean file that keeps every comment and replays twice', async () => {
    const { output, error } = fixText(text);
    expect(error).toBeUndefined();
    expect(lintText(output)).toEqual([]);
    expect(commentsOf(output)).toEqual(commentsOf(text));
    expect(parseSource(createSource('x.sql', output)).statements).toHaveLength(
      parseSource(createSource('x.sql', text)).statements.length + 15,
    );

    const [original, originalAgain] = await replay(text, 2);
    expect(original?.errors).toEqual([]);
    expect(originalAgain?.errors[0]).toMatch(/already exists/);

    const [first, second, third] = await replay(output, 3);
    expect(first?.errors).toEqual([]);
    expect(second?.errors).toEqual([]);
    expect(third?.errors).toEqual([]);
    expect(drift(original!.snapshot, first!.snapshot)).toEqual([]);
    expect(drift(first!.snapshot, third!.snapshot)).toEqual([]);
  });
});
