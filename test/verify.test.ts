/** `sqlidem verify` on the embedded PGlite, run as a user would: the built CLI on temp dirs. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './helpers/cli.js';

const authority = readFileSync(
  path.join(import.meta.dirname, 'data', 'authority-schema.sql'),
  'utf8',
);

describe('sqlidem verify (PGlite)', () => {
  it('fails on the first unguarded index of the authority schema, and passes once fixed', () => {
    const dir = tempProject({ 'migrations/001_initial_schema.sql': authority });
    const before = runCli(['verify', 'migrations'], { cwd: dir });
    expect(before.code).toBe(1);
    expect(before.stdout).toContain(
      'migrations/001_initial_schema.sql:109:1  second run failed: relation "idx_tenants_name" already exists [42P07]',
    );
    expect(before.stdout).toMatch(/42 statements failed on a rerun/);

    expect(runCli(['--fix', 'migrations'], { cwd: dir }).code).toBe(0);
    const after = runCli(['verify', 'migrations'], { cwd: dir });
    expect(after.stdout).toContain('✔ idempotent');
    expect(after.code).toBe(0);
  });

  it('reports drift without errors: an unnamed index and a seed into a keyless table', () => {
    const dir = tempProject({
      '001.sql': 'CREATE TABLE IF NOT EXISTS notes (body text);\nCREATE INDEX ON notes (body);\n',
      '002.sql': "INSERT INTO notes VALUES ('hello');\n",
    });
    const result = runCli(['verify', '-f', 'json', '.'], { cwd: dir });
    expect(result.code).toBe(1);
    const report = JSON.parse(result.stdout);
    expect(report.idempotent).toBe(false);
    const drift = report.findings.map((f: { drift: Record<string, unknown> }) => f.drift);
    expect(drift).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ category: 'indexes', kind: 'added', file: '001.sql', line: 2 }),
        expect.objectContaining({ category: 'rows', kind: 'changed', file: '002.sql', line: 1 }),
      ]),
    );
  });

  it('exits 2 when the first run fails, naming the statement and SQLSTATE', () => {
    const dir = tempProject({ '001.sql': 'SELECT 1;\nCREATE INDEX i ON missing_table (a);\n' });
    const result = runCli(['verify', '.'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      '001.sql:2:1  first run failed: relation "missing_table" does not exist [42P01]',
    );
  });

  it('orders files as migration tools do, and lists them', () => {
    const dir = tempProject({
      'V10__later.sql': 'CREATE TABLE IF NOT EXISTS b (a int REFERENCES a (id));\n',
      'V2__first.sql': 'CREATE TABLE IF NOT EXISTS a (id int PRIMARY KEY);\n',
      'R__view.sql': 'CREATE OR REPLACE VIEW v AS SELECT * FROM b;\n',
      'U2__undo.sql': 'DROP TABLE a;\n',
    });
    expect(runCli(['verify', '--list', '.'], { cwd: dir }).stdout).toBe(
      'V2__first.sql\nV10__later.sql\nR__view.sql\n',
    );
    expect(runCli(['verify', '--list', '--order', 'lexical', '.'], { cwd: dir }).stdout).toBe(
      'V10__later.sql\nV2__first.sql\nR__view.sql\n',
    );
    expect(runCli(['verify', '.'], { cwd: dir }).code).toBe(0);
  });

  it('orders Prisma migration directories lexically', () => {
    const dir = tempProject({
      'migrations/20250625_add_chart/migration.sql':
        "ALTER TYPE chart ADD VALUE IF NOT EXISTS 'pivot';\n",
      'migrations/20250624103000_init/migration.sql':
        "DO $$ BEGIN CREATE TYPE chart AS ENUM ('bar'); EXCEPTION WHEN duplicate_object THEN NULL; END $$;\n",
    });
    expect(runCli(['verify', '--list', 'migrations'], { cwd: dir }).stdout).toBe(
      'migrations/20250624103000_init/migration.sql\nmigrations/20250625_add_chart/migration.sql\n',
    );
    expect(runCli(['verify', 'migrations'], { cwd: dir }).code).toBe(0);
  });

  it('runs each file in one transaction like migration tools, or autocommit with --no-transaction', () => {
    const dir = tempProject({
      '001.sql': 'CREATE TABLE IF NOT EXISTS t (a int);\nLOCK TABLE t IN ACCESS EXCLUSIVE MODE;\n',
    });
    expect(runCli(['verify', '.'], { cwd: dir }).code).toBe(0);
    const psqlStyle = runCli(['verify', '--no-transaction', '.'], { cwd: dir });
    expect(psqlStyle.code).toBe(2);
    expect(psqlStyle.stdout).toContain('LOCK TABLE can only be used in transaction blocks');
  });

  it('runs only up sections and up files unless --include-down', () => {
    const dir = tempProject({
      '001_init.up.sql': 'CREATE TABLE IF NOT EXISTS t (a int);\n',
      '001_init.down.sql': 'DROP TABLE t;\n',
      '002.sql':
        '-- +goose Up\nCREATE TABLE IF NOT EXISTS u (a int);\n-- +goose Down\nDROP TABLE u;\n',
    });
    expect(runCli(['verify', '--list', '.'], { cwd: dir }).stdout).toBe(
      '001_init.up.sql\n002.sql\n',
    );
    expect(runCli(['verify', '.'], { cwd: dir }).code).toBe(0);
    expect(runCli(['verify', '--include-down', '--list', '.'], { cwd: dir }).stdout).toContain(
      '001_init.down.sql',
    );
  });

  it('--per-file applies each file twice in a row', () => {
    const dir = tempProject({
      '001.sql': 'CREATE TABLE IF NOT EXISTS counters (n int);\nINSERT INTO counters VALUES (1);\n',
    });
    const report = JSON.parse(
      runCli(['verify', '--per-file', '-f', 'json', '.'], { cwd: dir }).stdout,
    );
    expect(report.findings.map((f: { phase: string }) => f.phase)).toEqual([
      'per-file',
      'second-run',
    ]);
  });

  it('loads bundled extensions and names the missing ones', () => {
    const ok = tempProject({
      '001.sql':
        'CREATE EXTENSION IF NOT EXISTS citext;\nCREATE TABLE IF NOT EXISTS u (e citext);\n',
    });
    expect(runCli(['verify', '.'], { cwd: ok }).code).toBe(0);
    const missing = tempProject({ '001.sql': 'CREATE EXTENSION IF NOT EXISTS postgis;\n' });
    const result = runCli(['verify', '.'], { cwd: missing });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /no extension postgis; verify on a server that has it with --database-url/,
    );
  });

  it('needs --var values for template placeholders', () => {
    const dir = tempProject({
      '001.sql':
        'CREATE SCHEMA IF NOT EXISTS {{ index .Options "Namespace" }};\nCREATE TABLE IF NOT EXISTS ${schema}.t (a int);\n',
    });
    const without = runCli(['verify', '.'], { cwd: dir });
    expect(without.code).toBe(2);
    expect(without.stderr).toContain('--var Namespace=… --var schema=…');
    expect(
      runCli(['verify', '--var', 'Namespace=app', '--var', 'schema=app', '.'], { cwd: dir }).code,
    ).toBe(0);
  });

  it('--fix --verify writes a fix only once it is proven', () => {
    const dir = tempProject({
      '001.sql': 'CREATE TABLE IF NOT EXISTS t_a_idx (x int);\n',
      // A fresh database names this index t_a_idx1 (t_a_idx is taken by the table above), so
      // the unsafe fix's name would make IF NOT EXISTS skip it: the proof must refuse that.
      '002.sql': 'CREATE TABLE IF NOT EXISTS t (a int);\nCREATE INDEX ON t (a);\n',
      '003.sql': 'CREATE TABLE IF NOT EXISTS u (a int);\nCREATE INDEX u_a ON u (a);\n',
    });
    const result = runCli(['--fix', '--unsafe-fixes', '--verify', '-f', 'json', '.'], { cwd: dir });
    expect(result.code).toBe(1);
    const [, second, third] = JSON.parse(result.stdout);
    expect(second.messages[0].message).toMatch(
      /^fix not written: not proven: the fixed file's first run differs/,
    );
    expect(readFileSync(path.join(dir, '002.sql'), 'utf8')).toBe(
      'CREATE TABLE IF NOT EXISTS t (a int);\nCREATE INDEX ON t (a);\n',
    );
    expect(third.messages).toEqual([]);
    expect(readFileSync(path.join(dir, '003.sql'), 'utf8')).toBe(
      'CREATE TABLE IF NOT EXISTS u (a int);\nCREATE INDEX IF NOT EXISTS u_a ON u (a);\n',
    );
    expect(runCli(['--verify', '.'], { cwd: dir }).code).toBe(2);
  });
});
