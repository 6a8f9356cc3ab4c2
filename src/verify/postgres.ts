/**
 * A real PostgreSQL server as the engine (`--database-url`). sqlidem never runs a migration
 * statement in the URL's own database: it connects there only to create a scratch database with
 * a generated name, runs everything in the scratch database, and drops it afterwards (also on
 * failure and on SIGINT), together with the roles the run created. The password never appears in
 * any message.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { resetDatabase } from './pglite.js';
import type { SqlEngine } from './pglite.js';
import { baselineDatabases, baselineRoles } from './snapshot.js';
import { VerifySetupError } from './plan.js';

export interface PostgresOptions {
  /**
   * The migrations' SQL. Roles and databases are cluster-wide: at the end, only those that did
   * not exist before the run AND whose names appear in this text are removed, so a role someone
   * else creates on the server meanwhile is never touched.
   */
  readonly migrationText?: string;
  /** Per statement; a hung migration cannot hang CI. */
  readonly statementTimeoutMs?: number;
  readonly lockTimeoutMs?: number;
}

/** `postgres://user@host:port/db` with the password (and any query string) left out. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    const user = parsed.username ? `${decodeURIComponent(parsed.username)}@` : '';
    return `${parsed.protocol}//${user}${parsed.host}${parsed.pathname}`;
  } catch {
    return '(unparseable database URL)';
  }
}

/** Removes every occurrence of the URL's password (raw or percent-decoded) from a message. */
export function scrub(message: string, url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return message;
  }
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      return text;
    }
  };
  const secrets = [parsed.password, decode(parsed.password)].filter((secret) => secret.length > 0);
  return secrets.reduce((text, secret) => text.split(secret).join('***'), message);
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${encodeURIComponent(database)}`;
  return parsed.toString();
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function createPostgresEngine(
  url: string,
  options: PostgresOptions = {},
): Promise<SqlEngine & { readonly databaseName: string }> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new VerifySetupError(
      '--database-url is not a valid URL (expected postgres://user:password@host:port/database)',
    );
  }
  if (!/^postgres(ql)?:$/.test(parsed.protocol)) {
    throw new VerifySetupError(
      `--database-url must start with postgres:// (got ${parsed.protocol}//…)`,
    );
  }
  const fail = (what: string, error: unknown): never => {
    const message = error instanceof Error ? error.message : String(error);
    throw new VerifySetupError(scrub(`${what} (${redactUrl(url)}): ${message}`, url));
  };

  const admin = new pg.Client({ connectionString: url, connectionTimeoutMillis: 10_000 });
  admin.on('error', () => undefined);
  await admin.connect().catch((error: unknown) => fail('cannot connect', error));

  // Generated, never taken from input: the only database sqlidem ever modifies.
  const databaseName = `sqlidem_verify_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  // What exists before the run: cleanup removes only roles and databases that are not in these
  // sets, so they are taken before anything is created (and before anything can fail).
  let rolesAtStart: Set<string>;
  let databasesAtStart: Set<string>;
  try {
    const adminQuery = async (sql: string) => (await admin.query(sql)).rows;
    rolesAtStart = await baselineRoles({ query: adminQuery });
    databasesAtStart = await baselineDatabases({ query: adminQuery });
    databasesAtStart.add(databaseName);
    await admin.query(`CREATE DATABASE ${quoteIdent(databaseName)}`);
  } catch (error) {
    await admin.end().catch(() => undefined);
    fail('cannot create a scratch database (the user needs CREATEDB)', error);
  }

  const client = new pg.Client({ connectionString: withDatabase(url, databaseName) });
  client.on('error', () => undefined);
  let dropped = false;
  const createdByRun = (name: string) =>
    options.migrationText === undefined || options.migrationText.includes(name);

  const cleanup = async () => {
    if (dropped) return;
    dropped = true;
    await client.end().catch(() => undefined);
    await admin
      .query(`DROP DATABASE IF EXISTS ${quoteIdent(databaseName)} WITH (FORCE)`)
      .catch(async () => {
        // Before PostgreSQL 13 there is no WITH (FORCE): end the sessions, then drop.
        await admin.query(
          'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
          [databaseName],
        );
        await admin.query(`DROP DATABASE IF EXISTS ${quoteIdent(databaseName)}`);
      })
      .catch(() => undefined);
    // A migration's CREATE DATABASE makes a sibling database: drop only those the run created.
    const { rows: databases } = await admin
      .query<{ datname: string }>('SELECT datname FROM pg_database')
      .catch(() => ({ rows: [] }));
    for (const { datname } of databases) {
      if (!databasesAtStart.has(datname) && createdByRun(datname)) {
        await admin
          .query(`DROP DATABASE IF EXISTS ${quoteIdent(datname)} WITH (FORCE)`)
          .catch(() => undefined);
      }
    }
    // Roles are cluster-wide: remove the ones this run created.
    const { rows } = await admin
      .query<{ rolname: string }>('SELECT rolname FROM pg_roles')
      .catch(() => ({ rows: [] }));
    for (const { rolname } of rows) {
      if (!rolesAtStart.has(rolname) && createdByRun(rolname))
        await admin.query(`DROP ROLE IF EXISTS ${quoteIdent(rolname)}`).catch(() => undefined);
    }
    await admin.end().catch(() => undefined);
  };

  const onSignal = (signal: NodeJS.Signals) => {
    void cleanup().finally(() => process.kill(process.pid, signal));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    await client.connect();
    const statementTimeout = options.statementTimeoutMs ?? 300_000;
    const lockTimeout = options.lockTimeoutMs ?? 30_000;
    await client.query(`SET statement_timeout = ${Math.floor(statementTimeout)}`);
    await client.query(`SET lock_timeout = ${Math.floor(lockTimeout)}`);
  } catch (error) {
    await cleanup();
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    fail('cannot use the scratch database', error);
  }

  const engine: SqlEngine & { databaseName: string } = {
    databaseName,
    get baselineRoles() {
      return rolesAtStart;
    },
    async query(sql) {
      return (await client.query(sql)).rows as Record<string, unknown>[];
    },
    async exec(sql) {
      try {
        await client.query(sql);
      } catch (error) {
        // Keep PostgreSQL's message and SQLSTATE, never the connection details.
        const message = scrub(error instanceof Error ? error.message : String(error), url);
        const wrapped = new Error(message) as Error & { code?: string };
        const code = (error as { code?: unknown }).code;
        if (typeof code === 'string') wrapped.code = code;
        throw wrapped;
      }
    },
    async reset() {
      await resetDatabase(engine, rolesAtStart, databasesAtStart, createdByRun);
    },
    async close() {
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      await cleanup();
    },
  };
  return engine;
}
