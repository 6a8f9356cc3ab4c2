/**
 * Fixes proven on the real-world corpus: every file of ../shared/corpus that applies on its own to
 * an empty PostgreSQL (PGlite) gives the same first-run catalog after `--fix`; when the fix leaves
 * no finding, the fixed file also runs a second time without error and without drift. The test
 * prints which files can be checked this way and why the others cannot.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { collectFiles } from '../src/files.js';
import { createSource } from '../src/source.js';
import { isAvailableOnPglite } from '../src/verify/extensions.js';
import { createPgliteEngine } from '../src/verify/pglite.js';
import type { SqlEngine } from '../src/verify/pglite.js';
import { planSource, requiredExtensions } from '../src/verify/plan.js';
import type { PlannedFile } from '../src/verify/plan.js';
import { applyPlannedFile } from '../src/verify/run.js';
import { diffSnapshots, takeSnapshot, withoutRowContent } from '../src/verify/snapshot.js';
import { fixText } from './helpers/lint.js';

const corpus = path.resolve(import.meta.dirname, '..', '..', 'shared', 'corpus');

describe.skipIf(!existsSync(corpus))('corpus fixes replayed on PGlite', () => {
  let engine: SqlEngine | undefined;
  afterAll(async () => engine?.close());

  it('keeps the first-run catalog of every file that applies on its own, and reruns cleanly', async () => {
    const files = await collectFiles([corpus]);
    const plans = new Map<string, PlannedFile | string>();
    const extensions = new Set<string>();
    for (const file of files) {
      const missing = new Set<string>();
      try {
        const plan = planSource(createSource(file, readFileSync(file, 'utf8')), {}, missing);
        if (missing.size > 0) plans.set(file, 'needs template values');
        else {
          const needed = requiredExtensions([plan]);
          const unavailable = needed.filter((name) => !isAvailableOnPglite(name));
          if (unavailable.length > 0) plans.set(file, `needs extension ${unavailable.join(', ')}`);
          else {
            needed.forEach((name) => extensions.add(name));
            plans.set(file, plan);
          }
        }
      } catch {
        plans.set(file, 'does not parse');
      }
    }
    engine = await createPgliteEngine({ extensions });
    const db = engine;

    const reasons = new Map<string, number>();
    const note = (reason: string) => reasons.set(reason, (reasons.get(reason) ?? 0) + 1);
    const failures: string[] = [];
    let sameCatalog = 0;
    let rerunClean = 0;
    for (const [file, plan] of plans) {
      if (typeof plan === 'string') {
        note(plan);
        continue;
      }
      await db.reset();
      const [error] = await applyPlannedFile(db, plan, true, { transaction: true });
      if (error) {
        note('does not apply on its own (needs earlier migrations or outside setup)');
        continue;
      }
      const expected = await takeSnapshot(db, db.baselineRoles);
      const fixed = fixText(plan.source.serialize(plan.source.text));
      if (fixed.error) {
        failures.push(`${path.relative(corpus, file)}: ${fixed.error}`);
        continue;
      }
      const fixedPlan = planSource(createSource(file, fixed.output));
      await db.reset();
      const [fixedError] = await applyPlannedFile(db, fixedPlan, true, { transaction: true });
      if (fixedError) {
        failures.push(
          `${path.relative(corpus, file)}:${fixedError.line}: fixed file fails: ${fixedError.message}`,
        );
        continue;
      }
      const first = await takeSnapshot(db, db.baselineRoles);
      const changed = diffSnapshots(withoutRowContent(expected), withoutRowContent(first));
      if (changed.length > 0) {
        failures.push(
          `${path.relative(corpus, file)}: first-run catalog differs: ${changed[0]!.entry}`,
        );
        continue;
      }
      sameCatalog++;
      if (fixed.diagnostics.length > 0) {
        note('same first-run catalog; rerun not checked: findings without a safe fix remain');
        continue;
      }
      const rerunErrors = await applyPlannedFile(db, fixedPlan, false, { transaction: true });
      const drift = diffSnapshots(first, await takeSnapshot(db, db.baselineRoles));
      if (rerunErrors.length > 0 || drift.length > 0) {
        failures.push(
          `${path.relative(corpus, file)}: fixed file not rerunnable: ${rerunErrors[0]?.message ?? drift[0]?.entry}`,
        );
        continue;
      }
      rerunClean++;
    }
    console.log(
      `corpus replay: ${plans.size} files; ${sameCatalog} keep their first-run catalog after --fix, ${rerunClean} of them also rerun without error or drift`,
    );
    for (const [reason, count] of [...reasons].sort((a, b) => b[1] - a[1])) {
      console.log(`  ${count} × ${reason}`);
    }
    expect(failures).toEqual([]);
    expect(sameCatalog).toBeGreaterThan(100);
  }, 1_200_000);
});
