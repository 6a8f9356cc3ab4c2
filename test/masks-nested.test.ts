import { describe, expect, it } from 'vitest';
import { sectionAt } from '../src/drops.js';
import { parseSource } from '../src/parse.js';
import { createSource } from '../src/source.js';
import { fixText, lintText } from './helpers/lint.js';

describe('migration-tool formats', () => {
  it('ends a goose statement at StatementEnd even without a semicolon', () => {
    const text = `-- +goose Up
-- +goose StatementBegin
ALTER TABLE t ADD COLUMN a int
-- +goose StatementEnd

-- +goose Down
ALTER TABLE t DROP COLUMN a;
`;
    const source = createSource('x.sql', text);
    const parsed = parseSource(source);
    expect(parsed.error).toBeUndefined();
    expect(parsed.statements.map((s) => s.kind)).toEqual(['AlterTableStmt', 'AlterTableStmt']);
    expect(parsed.statements.map((s) => sectionAt(source, s.start))).toEqual(['up', 'down']);
    expect(fixText(text).output).toContain(
      'ADD COLUMN IF NOT EXISTS a int\n-- +goose StatementEnd',
    );
  });

  it('knows dbmate sections and never lets a DROP in one guard a CREATE in the other', () => {
    const text = `-- migrate:up
DROP INDEX IF EXISTS i;
CREATE INDEX i ON t (a);
-- migrate:down
CREATE INDEX i ON t (a);
`;
    const diagnostics = lintText(text, 'require-index-if-not-exists');
    expect(diagnostics.map((d) => d.line)).toEqual([5]);
  });

  it('records goose NO TRANSACTION', () => {
    expect(createSource('x.sql', '-- +goose NO TRANSACTION\nSELECT 1;').noTransaction).toBe(true);
  });
});

describe('template placeholders', () => {
  it('masks Go templates, Flyway placeholders and psql variables, and keeps them in fixes', () => {
    const text = `CREATE INDEX i ON {{ index .Options "Namespace" }}.users (email);
CREATE TRIGGER t AFTER INSERT ON \${schema}.users FOR EACH ROW EXECUTE FUNCTION f();
GRANT SELECT ON users TO :role;
ALTER ROLE app SET search_path = :'path';
SELECT a::text, b[1:2] FROM c;
`;
    expect(lintText(text).filter((d) => d.fatal)).toEqual([]);
    const { output } = fixText(text);
    expect(output).toContain(
      'CREATE INDEX IF NOT EXISTS i ON {{ index .Options "Namespace" }}.users (email);',
    );
    expect(output).toContain('DROP TRIGGER IF EXISTS t ON ${schema}.users;\nCREATE TRIGGER');
    expect(output).toContain(':role;');
  });

  it('does not treat casts, slices or text in strings as placeholders', () => {
    const source = createSource('x.sql', "SELECT a::text, b[1:2], ':x' FROM c;");
    expect(source.masked).toEqual([]);
  });
});

describe('DO blocks', () => {
  const body = (inner: string) => `DO $$\nBEGIN\n${inner}\nEND\n$$;\n`;

  it('flags unguarded DDL inside a DO block at its own line', () => {
    const diagnostics = lintText(body('  CREATE INDEX i ON t (a);'));
    expect(diagnostics.map((d) => [d.ruleId, d.line, d.column])).toEqual([
      ['require-index-if-not-exists', 3, 3],
    ]);
  });

  it('accepts DDL under an IF [NOT] EXISTS check or a duplicate_object handler', () => {
    expect(
      lintText(
        body(`  IF NOT EXISTS (SELECT 1 FROM pg_type WHERE typname = 'mood') THEN
    CREATE TYPE mood AS ENUM ('a');
  END IF;
  BEGIN
    CREATE TYPE level AS ENUM ('low');
  EXCEPTION WHEN duplicate_object THEN NULL;
  END;
  EXECUTE 'CREATE TABLE dynamic (a int)';`),
      ),
    ).toEqual([]);
  });

  it('fixes DDL inside the block in place', () => {
    const { output } = fixText(body("  CREATE TYPE mood AS ENUM ('a');"));
    expect(output).toBe(
      body(
        `  BEGIN\n  CREATE TYPE mood AS ENUM ('a');\n  EXCEPTION WHEN duplicate_object THEN NULL; END;`,
      ),
    );
  });

  it('leaves non-PL/pgSQL and single-quoted DO bodies alone', () => {
    expect(
      lintText("DO LANGUAGE plperl $$ 1; $$;\nDO 'BEGIN CREATE INDEX i ON t (a); END';"),
    ).toEqual([]);
  });
});
