/**
 * `sqlidem verify --database-url` against a real PostgreSQL server that the test setup starts
 * (test/helpers/pg-server.ts). Checks that only a scratch database is touched and always dropped,
 * roles the run created are removed, timeouts apply, and the password never appears.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { BIN, runCli, tempProject } from './helpers/cli.js';
import { TEST_PASSWORD } from './helpers/pg-server.js';

const url = inject('pgUrl');
const authority = readFileSync(
  path.join(import.meta.dirname, 'data', 'authority-schema.sql'),
  'utf8',
);

describe.skipIf(!url)('sqlidem verify --database-url (real PostgreSQL)', () => {
  let admin: pg.Client;

  beforeAll(async () => {
    admin = new pg.Client({ connectionString: url });
    await admin.connect();
  });
  afterAll(async () => {
    await admin.end();
  });

  const scratchDatabases = async () =>
    (await admin.query("SELECT datname FROM pg_database WHERE datname LIKE 'sqlidem_verify_%'"))
      .rows;
  const roles = async () =>
    (await admin.query('SELECT rolname FROM pg_roles ORDER BY rolname')).rows.map((r) => r.rolname);

  function expectNoPassword(result: { stdout: string; stderr: string }) {
    expect(result.stdout + result.stderr).not.toContain(TEST_PASSWORD);
    expect(result.stdout + result.stderr).not.toContain(encodeURIComponent(TEST_PASSWORD));
  }

  it('finds the non-idempotent statements, passes once fixed, and cleans up', async () => {
    const rolesBefore = await roles();
    const dir = tempProject({ 'migrations/001_initial_schema.sql': authority });
    const before = runCli(['verify', '--database-url', url, 'migrations'], { cwd: dir });
    expectNoPassword(before);
    expect(before.code).toBe(1);
    expect(before.stdout).toContain('PostgreSQL server');
    expect(before.stdout).toContain('migrations/001_initial_schema.sql:109:1  second run failed');

    runCli(['--fix', 'migrations'], { cwd: dir });
    const after = runCli(['verify', '--database-url', url, 'migrations'], { cwd: dir });
    expectNoPassword(after);
    expect(after.stdout).toContain('✔ idempotent');
    expect(after.code).toBe(0);

    expect(await scratchDatabases()).toEqual([]);
    // authority_app / authority_admin were created in the scratch run and removed again.
    expect(await roles()).toEqual(rolesBefore);
  });

  it("never runs a migration statement in the URL's own database", async () => {
    await admin.query('DROP DATABASE IF EXISTS sqlidem_target');
    await admin.query('CREATE DATABASE sqlidem_target');
    const target = url.replace(/\/postgres$/, '/sqlidem_target');
    const dir = tempProject({
      '001.sql':
        'CREATE TABLE IF NOT EXISTS t (a int);\nINSERT INTO t VALUES (1);\nCREATE DATABASE sqlidem_sibling;\n',
    });
    const result = runCli(['verify', '--no-transaction', '--database-url', target, '.'], {
      cwd: dir,
    });
    expect(result.code).toBe(1); // the seed row and CREATE DATABASE are not rerunnable
    const client = new pg.Client({ connectionString: target });
    await client.connect();
    const tables = await client.query(
      "SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema', 'pg_toast')",
    );
    await client.end();
    expect(tables.rows[0].n).toBe(0);
    expect(await scratchDatabases()).toEqual([]);
    // A sibling database the migration created is dropped with the scratch database.
    const siblings = await admin.query(
      "SELECT 1 FROM pg_database WHERE datname = 'sqlidem_sibling'",
    );
    expect(siblings.rowCount).toBe(0);
    await admin.query('DROP DATABASE sqlidem_target');
  });

  it('a user without CREATEDB gets a clear error and nothing on the server changes', async () => {
    await admin.query('DROP ROLE IF EXISTS sqlidem_limited');
    await admin.query("CREATE ROLE sqlidem_limited LOGIN PASSWORD 'limited-pw-123'");
    const rolesBefore = await roles();
    const databasesBefore = (await admin.query('SELECT datname FROM pg_database ORDER BY 1')).rows;
    const limited = url.replace(/\/\/[^@]+@/, '//sqlidem_limited:limited-pw-123@');
    const result = runCli(['verify', '--database-url', limited, '.'], {
      cwd: tempProject({ '001.sql': 'CREATE ROLE someone;\n' }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot create a scratch database \(the user needs CREATEDB\)/);
    expect(result.stderr).not.toContain('limited-pw-123');
    expect(await roles()).toEqual(rolesBefore);
    expect((await admin.query('SELECT datname FROM pg_database ORDER BY 1')).rows).toEqual(
      databasesBefore,
    );
    await admin.query('DROP ROLE sqlidem_limited');
  });

  it('drops the scratch database when the first run fails', async () => {
    const dir = tempProject({
      '001.sql': 'CREATE TABLE IF NOT EXISTS t (a int);\nSELECT * FROM nope;\n',
    });
    const result = runCli(['verify', '--database-url', url, '.'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain(
      '001.sql:2:1  first run failed: relation "nope" does not exist [42P01]',
    );
    expect(await scratchDatabases()).toEqual([]);
  });

  it('applies statement_timeout so a hung migration cannot hang CI', async () => {
    const dir = tempProject({ '001.sql': 'SELECT pg_sleep(20);\n' });
    const result = runCli(['verify', '--database-url', url, '--statement-timeout', '300', '.'], {
      cwd: dir,
    });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('canceling statement due to statement timeout [57014]');
    expect(await scratchDatabases()).toEqual([]);
  });

  it('never prints the password, even when the connection fails', () => {
    const wrong = url.replace(encodeURIComponent(TEST_PASSWORD), 'wrong-Pa55word');
    const result = runCli(['verify', '--database-url', wrong, '.'], {
      cwd: tempProject({ '001.sql': 'SELECT 1;\n' }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /cannot connect \(postgres:\/\/sqlidem_admin@127\.0\.0\.1:\d+\/postgres\)/,
    );
    expect(result.stderr).not.toContain('wrong-Pa55word');
    expect(runCli(['verify', '--database-url', 'not a url', '.']).code).toBe(2);
  });

  it('drops the scratch database on SIGINT', async () => {
    const dir = tempProject({ '001.sql': 'SELECT pg_sleep(30);\n' });
    const child = spawn(process.execPath, [BIN, 'verify', '--database-url', url, '.'], {
      cwd: dir,
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) =>
      child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : null))),
    );
    for (let i = 0; i < 100 && (await scratchDatabases()).length === 0; i++) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await scratchDatabases()).toHaveLength(1);
    child.kill('SIGINT');
    await exited;
    expect(await scratchDatabases()).toEqual([]);
  });
});
