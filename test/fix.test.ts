import { describe, expect, it } from 'vitest';
import { applyFixes, fixSource } from '../src/fix.js';
import { defaultSettings } from '../src/lint.js';
import { defineRule } from '../src/rule.js';
import type { Rule } from '../src/rule.js';
import { createSource } from '../src/source.js';
import { quoteIdent } from '../src/sqltext.js';
import { fixText, lintText } from './helpers/lint.js';

describe('applyFixes', () => {
  it('applies non-overlapping fixes and defers overlapping ones', () => {
    const fix = (start: number, end: number, text: string) => ({
      title: text,
      applicability: 'safe' as const,
      edits: [{ start, end, text }],
    });
    const result = applyFixes('abcdef', [fix(4, 5, 'E'), fix(0, 2, 'AB'), fix(1, 3, 'x')]);
    expect(result).toEqual({ text: 'ABcdEf', count: 2 });
  });

  it('defers a second insertion at the same point to the next pass', () => {
    const insert = (text: string) => ({
      title: text,
      applicability: 'safe' as const,
      edits: [{ start: 1, end: 1, text }],
    });
    expect(applyFixes('ab', [insert('1'), insert('2')])).toEqual({ text: 'a1b', count: 1 });
  });
});

describe('fixSource', () => {
  it('keeps everything outside the edits byte-identical', () => {
    const text =
      '/* header */\r\n  create index /* why */ "Idx" on "S"."T" (a); -- tail\r\n\r\n-- end\r\n';
    const { output } = fixText(text);
    expect(output).toBe(
      '/* header */\r\n  create index /* why */ if not exists "Idx" on "S"."T" (a); -- tail\r\n\r\n-- end\r\n',
    );
  });

  it('only applies unsafe fixes when asked', () => {
    const text = 'CREATE INDEX ON t (a);';
    expect(fixText(text).output).toBe(text);
    expect(fixText(text, { unsafe: true }).output).toBe(
      'CREATE INDEX IF NOT EXISTS t_a_idx ON t (a);',
    );
  });

  it('stops after 10 passes when fixes never converge, and leaves the file unchanged', () => {
    // A rule whose fix keeps asking for more: every pass inserts another comment.
    const restless = defineRule({
      id: 'restless',
      meta: { description: 'test', docs: { url: 'x' }, fixable: 'safe', defaultSeverity: 'error' },
      messages: { again: 'again' },
      create: (context) => ({
        SelectStmt: (_node, statement) =>
          context.report({
            statement,
            messageId: 'again',
            fix: {
              title: 't',
              applicability: 'safe',
              edits: [{ start: statement.start, end: statement.start, text: '/* x */ ' }],
            },
          }),
      }),
    });
    const settings = {
      ...defaultSettings(),
      rules: [{ rule: restless as Rule, severity: 2 as const }],
    };
    const outcome = fixSource(createSource('x.sql', 'SELECT 1;'), settings);
    expect(outcome.error).toMatch(/did not converge after 10 passes/);
    expect(outcome.output).toBe('SELECT 1;');
    expect(outcome.diagnostics[0]?.start).toBe(0);
  });

  it('does not touch a file that does not parse', () => {
    const text = 'CREATE INDEX i ON t (a);\nCREATE TABLE (;';
    const outcome = fixText(text);
    expect(outcome.output).toBe(text);
    expect(outcome.diagnostics[0]?.fatal).toBe(true);
  });

  it('fixes statements inside BEGIN … COMMIT too', () => {
    expect(lintText('BEGIN;\nCREATE INDEX i ON t (a);\nCOMMIT;')).toHaveLength(1);
  });

  it('ignores DDL inside strings, function bodies and DO blocks', () => {
    const text = `COMMENT ON TABLE t IS 'CREATE INDEX i ON t (a)';
CREATE OR REPLACE FUNCTION f() RETURNS void LANGUAGE sql AS $$ CREATE INDEX j ON t (a) $$;
DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'r') THEN CREATE ROLE r; END IF; END $$;`;
    expect(lintText(text)).toEqual([]);
  });
});

describe('quoteIdent', () => {
  it('quotes exactly what PostgreSQL needs', () => {
    expect(quoteIdent('users')).toBe('users');
    expect(quoteIdent('name')).toBe('name'); // unreserved keyword
    expect(quoteIdent('select')).toBe('"select"');
    expect(quoteIdent('user')).toBe('"user"');
    expect(quoteIdent('int')).toBe('"int"'); // column-name keyword
    expect(quoteIdent('Audit Trigger')).toBe('"Audit Trigger"');
    expect(quoteIdent('My"Q')).toBe('"My""Q"');
    expect(quoteIdent('città')).toBe('"città"');
  });
});
