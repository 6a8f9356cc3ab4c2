import { describe, expect, it } from 'vitest';
import { MAX_PARSE_BYTES, parseSource, statementTokens } from '../src/parse.js';
import { createSource, decodeSource, SourceDecodeError } from '../src/source.js';
import './helpers/lint.js';

function statementTexts(text: string): string[] {
  const source = createSource('x.sql', text);
  return parseSource(source).statements.map((s) => source.text.slice(s.start, s.end));
}

describe('source', () => {
  it('sets a BOM aside and restores it on serialize', () => {
    const source = createSource('x.sql', '\uFEFFSELECT 1;');
    expect(source.bom).toBe(true);
    expect(source.text).toBe('SELECT 1;');
    expect(source.serialize('SELECT 2;')).toBe('\uFEFFSELECT 2;');
  });

  it('detects CRLF line endings', () => {
    expect(createSource('x.sql', 'a\r\nb\r\n').eol).toBe('\r\n');
    expect(createSource('x.sql', 'a\nb\r\n').eol).toBe('\n');
  });

  it('gives 1-based line and column', () => {
    const source = createSource('x.sql', 'ab\ncd\r\nef');
    expect(source.position(0)).toEqual({ line: 1, column: 1 });
    expect(source.position(4)).toEqual({ line: 2, column: 2 });
    expect(source.position(8)).toEqual({ line: 3, column: 2 });
  });

  it('masks psql meta-commands with same-width white space', () => {
    const source = createSource('x.sql', '\\set x 1\nSELECT 1;\n  \\echo é😀\n');
    expect(source.masked.map((m) => m.kind)).toEqual(['psql-meta-command', 'psql-meta-command']);
    expect(Buffer.byteLength(source.parserText)).toBe(Buffer.byteLength(source.text));
    expect(source.parserText.trim()).toBe('SELECT 1;');
  });

  it('masks COPY … FROM stdin data up to the terminator', () => {
    const text = 'COPY t (a) FROM stdin;\n1\n2\n\\.\nCREATE INDEX i ON t (a);\n';
    expect(statementTexts(text)).toEqual(['COPY t (a) FROM stdin', 'CREATE INDEX i ON t (a)']);
  });

  it('refuses binary files and invalid UTF-8', () => {
    expect(() => decodeSource('x.sql', Buffer.from([0x53, 0x00, 0x51]))).toThrow(SourceDecodeError);
    expect(() => decodeSource('x.sql', Buffer.from([0x53, 0xff, 0x51]))).toThrow(/UTF-8/);
  });
});

describe('parse', () => {
  it('converts byte offsets to string indexes after multibyte text', () => {
    const text = '-- 日本語 😀 ééé\nCREATE INDEX i ON t (a); /* ü */ CREATE TABLE t (a int);';
    expect(statementTexts(text)).toEqual(['CREATE INDEX i ON t (a)', 'CREATE TABLE t (a int)']);
  });

  it('returns no statements for an empty file or one of only comments', () => {
    expect(parseSource(createSource('x.sql', '')).statements).toEqual([]);
    expect(parseSource(createSource('x.sql', '-- just a note\n/* and */')).statements).toEqual([]);
  });

  it('places a syntax error after multibyte text at the right line and column', () => {
    const source = createSource('x.sql', '-- 😀 ééé\nSELECT 1;\nCREATE TABLE (;');
    const parsed = parseSource(source);
    expect(parsed.error?.message).toBe('syntax error at or near "("');
    expect(source.position(parsed.error!.index)).toEqual({ line: 3, column: 14 });
  });

  it('reports unterminated strings, dollar quotes and comments', () => {
    for (const text of ["SELECT 'abc", 'SELECT $$abc', 'SELECT /* x']) {
      expect(parseSource(createSource('x.sql', text)).error?.message).toMatch(/unterminated/);
    }
  });

  it('refuses a file larger than the parser handles with a clear error', () => {
    const big = 'SELECT 1;\n'.repeat(MAX_PARSE_BYTES / 10 + 1);
    expect(parseSource(createSource('x.sql', big)).error?.message).toMatch(/file too large/);
  });

  it('scans tokens of one statement with positions in the file', () => {
    const source = createSource('x.sql', '-- é\nCREATE /* c */ INDEX "Ä" ON t (a);');
    const [statement] = parseSource(source).statements;
    const tokens = statementTokens(source, statement!);
    expect(tokens.slice(0, 4).map((t) => [t.type, source.text.slice(t.start, t.end)])).toEqual([
      ['keyword', 'CREATE'],
      ['comment', '/* c */'],
      ['keyword', 'INDEX'],
      ['identifier', '"Ä"'],
    ]);
  });
});
