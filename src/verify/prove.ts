/**
 * `--fix --verify`: proves each fix before it is written. On a fresh database with the earlier
 * migrations applied, the fixed file must give the same catalog as the original on its first run,
 * and must run a second time without error and without drift — except for problems the original
 * has too and that no rule can fix (a seed into a keyless table, say): a fix may leave those, never
 * add one.
 */
import { createSource } from '../source.js';
import type { SourceFile } from '../source.js';
import { openEngine } from './index.js';
import { orderFiles, planSource, VerifySetupError } from './plan.js';
import type { PlannedFile } from './plan.js';
import type { SqlEngine } from './pglite.js';
import { applyPlannedFile } from './run.js';
import { diffSnapshots, takeSnapshot, withoutRowContent } from './snapshot.js';

export interface FixCandidate {
  readonly path: string;
  readonly original: SourceFile;
  /** The fixed text (BOM included or not: it is decoded again). */
  readonly fixed?: string;
}

/** Why a fix could not be proven (per path); proven fixes are absent from the map. */
export type ProofFailures = Map<string, string>;

function plan(source: SourceFile, vars: Readonly<Record<string, string>>): PlannedFile {
  return planSource(source, { vars });
}

export async function proveFixes(
  candidates: readonly FixCandidate[],
  options: { vars?: Readonly<Record<string, string>>; databaseUrl?: string } = {},
): Promise<ProofFailures> {
  const failures: ProofFailures = new Map();
  const changed = candidates.filter((candidate) => candidate.fixed !== undefined);
  if (changed.length === 0) return failures;
  const ordered = orderFiles(candidates.map((candidate) => candidate.path))
    .map((file) => candidates.find((candidate) => candidate.path === file))
    .filter((candidate): candidate is FixCandidate => candidate !== undefined);

  let originals: PlannedFile[];
  try {
    originals = ordered.map((candidate) => plan(candidate.original, options.vars ?? {}));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    for (const candidate of changed)
      failures.set(candidate.path, `cannot prove the fix: ${reason}`);
    return failures;
  }

  let engine: SqlEngine;
  try {
    engine = await openEngine(originals, options);
  } catch (error) {
    const reason = error instanceof VerifySetupError ? error.message : String(error);
    for (const candidate of changed)
      failures.set(candidate.path, `cannot prove the fix: ${reason}`);
    return failures;
  }

  try {
    for (const [index, candidate] of ordered.entries()) {
      if (candidate.fixed === undefined) continue;
      const failure = await proveOne(
        engine,
        originals.slice(0, index),
        originals[index]!,
        candidate,
        options.vars ?? {},
      );
      if (failure) failures.set(candidate.path, failure);
    }
  } finally {
    await engine.close();
  }
  return failures;
}

async function proveOne(
  engine: SqlEngine,
  earlier: readonly PlannedFile[],
  original: PlannedFile,
  candidate: FixCandidate,
  vars: Readonly<Record<string, string>>,
): Promise<string | undefined> {
  const fixed = plan(createSource(candidate.path, candidate.fixed ?? ''), vars);
  const applyEarlier = async () => {
    for (const file of earlier) {
      const [error] = await applyPlannedFile(engine, file, true);
      if (error)
        return `an earlier migration does not apply (${error.file}:${error.line}: ${error.message})`;
    }
    return undefined;
  };

  await engine.reset();
  const earlierFailure = await applyEarlier();
  if (earlierFailure) return `cannot prove the fix: ${earlierFailure}`;
  const [originalError] = await applyPlannedFile(engine, original, true);
  if (originalError) {
    return `cannot prove the fix: the original does not apply (line ${originalError.line}: ${originalError.message})`;
  }
  const expected = await takeSnapshot(engine, engine.baselineRoles);
  // What the original itself does on a rerun: problems a fix is allowed to leave in place.
  const originalErrors = new Set(
    (await applyPlannedFile(engine, original, false)).map(
      (error) => `${error.statement}\n${error.message}`,
    ),
  );
  const originalDrift = new Set(
    diffSnapshots(expected, await takeSnapshot(engine, engine.baselineRoles)).map(
      (change) => `${change.kind} ${change.entry}`,
    ),
  );

  await engine.reset();
  await applyEarlier();
  const [firstError] = await applyPlannedFile(engine, fixed, true);
  if (firstError)
    return `the fixed file fails on its first run (line ${firstError.line}: ${firstError.message})`;
  const first = await takeSnapshot(engine, engine.baselineRoles);
  // Two separate runs: now() and random defaults differ, so rows are compared by count here.
  const changedByFix = diffSnapshots(withoutRowContent(expected), withoutRowContent(first));
  if (changedByFix.length > 0) {
    return `the fixed file's first run differs from the original's (${changedByFix[0]!.category}: ${changedByFix[0]!.entry})`;
  }
  const secondError = (await applyPlannedFile(engine, fixed, false)).find(
    (error) => !originalErrors.has(`${error.statement}\n${error.message}`),
  );
  if (secondError)
    return `the fixed file fails on a second run (line ${secondError.line}: ${secondError.message})`;
  const second = await takeSnapshot(engine, engine.baselineRoles);
  const drift = diffSnapshots(first, second).find(
    (change) => !originalDrift.has(`${change.kind} ${change.entry}`),
  );
  if (drift) return `the fixed file drifts on a second run (${drift.category}: ${drift.entry})`;
  return undefined;
}
