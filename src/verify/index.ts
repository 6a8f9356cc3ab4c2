/**
 * `verify`: plan the migrations, pick the engine (embedded PGlite, or a server through
 * `--database-url`), run both passes, and always release the engine.
 */
import { isAvailableOnPglite } from './extensions.js';
import { createPgliteEngine } from './pglite.js';
import type { SqlEngine } from './pglite.js';
import { planMigrations, requiredExtensions, VerifySetupError } from './plan.js';
import type { PlanOptions, PlannedFile } from './plan.js';
import { createPostgresEngine } from './postgres.js';
import { runVerification } from './run.js';
import type { RunCallbacks, VerifyOutcome } from './run.js';

export { VerifySetupError } from './plan.js';
export type { VerifyOutcome, VerifyFinding, StatementError, DriftItem } from './run.js';

export interface VerifyOptions extends PlanOptions, RunCallbacks {
  /** Run on this server (in a scratch database) instead of the embedded PGlite. */
  readonly databaseUrl?: string;
  readonly perFile?: boolean;
  /** Run each file in one transaction, as migration tools do (default true). */
  readonly transaction?: boolean;
  readonly statementTimeoutMs?: number;
  readonly lockTimeoutMs?: number;
}

export interface VerifyResult extends VerifyOutcome {
  readonly engine: 'pglite' | 'postgres';
  /** Milliseconds to get an empty database. */
  readonly setupMs: number;
}

/** Opens the engine the options ask for; PGlite gets the contrib modules the files need. */
export async function openEngine(
  files: readonly PlannedFile[],
  options: Pick<VerifyOptions, 'databaseUrl' | 'statementTimeoutMs' | 'lockTimeoutMs'>,
): Promise<SqlEngine> {
  if (options.databaseUrl) {
    return createPostgresEngine(options.databaseUrl, {
      migrationText: files
        .flatMap((file) => file.statements.map((planned) => planned.sql))
        .join('\n'),
      ...(options.statementTimeoutMs !== undefined && {
        statementTimeoutMs: options.statementTimeoutMs,
      }),
      ...(options.lockTimeoutMs !== undefined && { lockTimeoutMs: options.lockTimeoutMs }),
    });
  }
  const extensions = requiredExtensions(files);
  const missing = extensions.filter((name) => !isAvailableOnPglite(name));
  if (missing.length > 0) {
    throw new VerifySetupError(
      `the embedded PostgreSQL (PGlite) has no extension ${missing.join(', ')}; verify on a server that has it with --database-url postgres://…`,
    );
  }
  return createPgliteEngine({ extensions });
}

export async function verify(
  paths: readonly string[],
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const files = await planMigrations(paths, options);
  const setupStart = performance.now();
  const engine = await openEngine(files, options);
  const setupMs = performance.now() - setupStart;
  try {
    const outcome = await runVerification(engine, files, options);
    return { ...outcome, engine: options.databaseUrl ? 'postgres' : 'pglite', setupMs };
  } finally {
    await engine.close();
  }
}

export { planMigrations };
