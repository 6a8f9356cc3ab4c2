/** Replays SQL on PGlite for tests: one engine per test file, reset between uses. */
import { createSource } from '../../src/source.js';
import { createPgliteEngine } from '../../src/verify/pglite.js';
import type { SqlEngine } from '../../src/verify/pglite.js';
import { planSource } from '../../src/verify/plan.js';
import { applyPlannedFile } from '../../src/verify/run.js';
import { diffSnapshots, takeSnapshot } from '../../src/verify/snapshot.js';
import type { Snapshot, SnapshotChange } from '../../src/verify/snapshot.js';

let engine: Promise<SqlEngine> | undefined;

export function sharedEngine(): Promise<SqlEngine> {
  engine ??= createPgliteEngine({ extensions: ['citext', 'pgcrypto', 'uuid-ossp', 'pg_trgm'] });
  return engine;
}

export interface RunOutcome {
  /** Messages of statements that failed. */
  readonly errors: string[];
  readonly snapshot: Snapshot;
}

/** Applies `runs` times on a freshly reset database; snapshots after each run. */
export async function replay(text: string, runs: number): Promise<RunOutcome[]> {
  const db = await sharedEngine();
  await db.reset();
  const file = planSource(createSource('replay.sql', text), { includeDown: true });
  const outcomes: RunOutcome[] = [];
  for (let run = 0; run < runs; run++) {
    const errors = await applyPlannedFile(db, file, false);
    outcomes.push({
      errors: errors.map((e) => `line ${e.line}: ${e.message}`),
      snapshot: await takeSnapshot(db, db.baselineRoles),
    });
  }
  return outcomes;
}

export function drift(a: Snapshot, b: Snapshot): SnapshotChange[] {
  return diffSnapshots(a, b);
}
