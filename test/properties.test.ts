/**
 * Properties of the linter and fixer, checked with fast-check over generated migrations and over
 * random input: the fixer converges, its output parses, fixing again changes nothing, it only
 * ever inserts text (every byte of the input survives, comments included), BOM and line endings
 * are kept, and linting never throws.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { diffChars } from 'diff';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectFiles } from '../src/files.js';
import { lintSource } from '../src/lint.js';
import { parseSource, scanRange } from '../src/parse.js';
import { createSource, decodeSource, SourceDecodeError } from '../src/source.js';
import { fixText, lintText, parses, settingsFor } from './helpers/lint.js';

const identifier = fc.oneof(
  fc.constantFrom('users', 'orders', 'audit_log', 't', 'a', 'b'),
  fc.constantFrom('"My Table"', '"select"', '"Ünïcode"', '"x""y"'),
);
const column = fc.constantFrom('id', 'email', 'created_at', '"Name"');
const comment = fc.constantFrom('', ' -- note', ' /* é 😀 */', '<EOL>-- ünïcode comment');

/** One statement of a kind some rule flags (or a safe one), in upper or lower case. */
const statement = fc
  .tuple(
    fc.constantFrom(
      'CREATE TABLE T (C int)',
      'CREATE INDEX I ON T (C)',
      'CREATE UNIQUE INDEX CONCURRENTLY I ON T (C)',
      'CREATE INDEX ON T (C)',
      'CREATE TRIGGER I AFTER INSERT ON T FOR EACH ROW EXECUTE FUNCTION f()',
      'CREATE POLICY I ON T USING (true)',
      "CREATE TYPE I AS ENUM ('a')",
      'CREATE ROLE I',
      'ALTER TABLE T ADD COLUMN C int',
      'ALTER TABLE T DROP COLUMN C',
      'ALTER TABLE T ADD CONSTRAINT I CHECK (C > 0)',
      'DROP TABLE T',
      'CREATE FUNCTION I() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$',
      'CREATE VIEW I AS SELECT 1',
      'INSERT INTO T (C) VALUES (1)',
      "ALTER TYPE T ADD VALUE 'x'",
      'ALTER TABLE T RENAME COLUMN C TO I',
      "COMMENT ON TABLE T IS 'CREATE INDEX x ON y (z)'",
      'GRANT SELECT ON T TO PUBLIC',
      'DO $$ BEGIN CREATE INDEX I ON T (C); END $$',
    ),
    identifier,
    identifier,
    column,
    fc.boolean(),
    comment,
  )
  .map(([template, table, name, col, lower, note]) => {
    const text = template.replace(/\bT\b/g, table).replace(/\bI\b/g, name).replace(/\bC\b/g, col);
    return `${lower ? text.toLowerCase().replace(/\$\$ select 1 \$\$/, '$$ SELECT 1 $$') : text};${note}`;
  });

const migration = fc
  .tuple(
    fc.array(statement, { minLength: 1, maxLength: 12 }),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
    fc.constantFrom('', '  ', '\t'),
  )
  .map(
    ([statements, eol, bom, indent]) =>
      (bom ? '\uFEFF' : '') +
      statements
        .map((s) => indent + s)
        .join(eol)
        .replace(/<EOL>/g, eol) +
      eol,
  );

function comments(text: string): string[] {
  const source = createSource('x.sql', text);
  return scanRange(source, 0, Buffer.byteLength(source.parserText))
    .filter((token) => token.type === 'comment')
    .map((token) => token.text);
}

describe('fixer properties (generated migrations)', () => {
  it('converges, parses, is stable, only inserts, keeps comments, BOM and line endings', () => {
    let checked = 0;
    fc.assert(
      fc.property(migration, fc.boolean(), (text, unsafe) => {
        if (!parses(text)) return; // generated names can clash with grammar; not the fixer's input
        checked++;
        const first = fixText(text, { unsafe });
        expect(first.error).toBeUndefined();
        expect(parses(first.output)).toBe(true);
        expect(fixText(first.output, { unsafe }).output).toBe(first.output);
        // Only insertions: nothing of the input is removed or rewritten.
        expect(diffChars(text, first.output).filter((part) => part.removed)).toEqual([]);
        expect(comments(first.output)).toEqual(comments(text));
        expect(first.output.startsWith('\uFEFF')).toBe(text.startsWith('\uFEFF'));
        const crlf = text.includes('\r\n');
        expect(/(^|[^\r])\n/.test(first.output.replace(/^\uFEFF/, ''))).toBe(!crlf);
      }),
      { numRuns: 300 },
    );
    expect(checked).toBeGreaterThan(200); // most generated migrations parse
  });
});

describe('linting never throws', () => {
  const settings = settingsFor();

  it('on arbitrary strings', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), (text) => {
        const result = lintSource(createSource('x.sql', text), settings);
        expect(Array.isArray(result.diagnostics)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it('on SQL-ish fragments: quotes, dollar quotes, comments, placeholders', () => {
    const piece = fc.constantFrom(
      "'",
      '"',
      '$$',
      '$x$',
      '/*',
      '*/',
      '--',
      '\n',
      ';',
      '(',
      ')',
      'CREATE',
      'INDEX',
      'ON',
      'DO',
      '{{',
      '}}',
      '${',
      '}',
      ':',
      "E'\\",
      '\\set x',
      'BEGIN',
      'COPY t FROM stdin;\n',
      '\\.',
      ' ',
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join('');
        expect(() => lintSource(createSource('x.sql', text), settings)).not.toThrow();
        expect(() => fixText(text, { unsafe: true })).not.toThrow();
      }),
      { numRuns: 500 },
    );
  });

  it('on arbitrary bytes: a clear decode error or diagnostics', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        try {
          const source = decodeSource('x.sql', bytes);
          lintSource(source, settings);
        } catch (error) {
          expect(error).toBeInstanceOf(SourceDecodeError);
        }
      }),
      { numRuns: 500 },
    );
  });

  const corpus = path.resolve(import.meta.dirname, '..', '..', 'shared', 'corpus');
  it.skipIf(!existsSync(corpus))('on random cuts of corpus files', async () => {
    const files = (await collectFiles([corpus])).map((file) => readFileSync(file, 'utf8'));
    fc.assert(
      fc.property(
        fc.nat({ max: files.length - 1 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (index, a, b) => {
          const text = files[index]!;
          const [from, to] = [a, b].sort() as [number, number];
          const cut = text.slice(Math.floor(from * text.length), Math.ceil(to * text.length));
          expect(() => lintText(cut)).not.toThrow();
          const fixed = fixText(cut, { unsafe: true });
          if (!fixed.diagnostics.some((d) => d.fatal))
            expect(parseSource(createSource('x.sql', fixed.output)).error).toBeUndefined();
        },
      ),
      { numRuns: 400 },
    );
  });
});
