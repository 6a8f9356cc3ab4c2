/**
 * The fixture tester. For every rule, `fixtures/<rule-id>/`:
 * - `<case>.sql`: diagnostics match the snapshot; `--fix` output equals `<case>.fixed.sql` byte
 *   for byte (or the file stays unchanged when there is none); the output parses; re-linting it
 *   leaves nothing fixable; fixing again changes nothing. On PGlite the original fails or drifts
 *   when run twice (the rule flags a real problem), the fixed file runs twice without error or
 *   drift, and its first-run catalog equals the original's.
 * - `valid-<case>.sql`: no diagnostics from the rule, and it runs twice without error or drift.
 * Cases whose name contains `unsafe` or whose rule offers only unsafe fixes apply unsafe fixes.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allRules, rulesById } from '../rules/index.js';
import { fixText, lintText, parses } from './helpers/lint.js';
import { drift, replay } from './helpers/replay.js';

const root = path.resolve(import.meta.dirname, '..');
const fixturesDir = path.join(root, 'fixtures');

function describeDiagnostics(text: string, ruleId: string): string[] {
  return lintText(text, ruleId).map(
    (d) =>
      `${d.line}:${d.column}-${d.endLine}:${d.endColumn} ${d.ruleId} ${d.message}` +
      (d.fix ? ` [fix: ${d.fix.applicability}]` : ''),
  );
}

describe('every rule has fixtures and docs', () => {
  for (const rule of allRules) {
    it(rule.id, () => {
      expect(existsSync(path.join(fixturesDir, rule.id))).toBe(true);
      expect(existsSync(path.join(root, 'rules', `${rule.id}.md`))).toBe(true);
      expect(existsSync(path.join(root, 'rules', `${rule.id}.ts`))).toBe(true);
    });
  }
  it('has no fixture directory without a rule', () => {
    for (const dir of readdirSync(fixturesDir)) expect(rulesById.has(dir), dir).toBe(true);
  });
});

for (const ruleId of readdirSync(fixturesDir).sort()) {
  const dir = path.join(fixturesDir, ruleId);
  const rule = rulesById.get(ruleId);
  const cases = readdirSync(dir)
    .filter((file) => file.endsWith('.sql') && !file.endsWith('.fixed.sql'))
    .sort();

  describe(ruleId, () => {
    for (const file of cases) {
      const text = readFileSync(path.join(dir, file), 'utf8');
      const name = file.replace(/\.sql$/, '');

      if (name.startsWith('valid-')) {
        it(`${name}: no diagnostics, runs twice cleanly`, async () => {
          expect(describeDiagnostics(text, ruleId)).toEqual([]);
          const [first, second] = await replay(text, 2);
          expect(first?.errors).toEqual([]);
          expect(second?.errors).toEqual([]);
          expect(drift(first!.snapshot, second!.snapshot)).toEqual([]);
        });
        continue;
      }

      it(`${name}: diagnostics, fix, convergence and replay`, async () => {
        expect(describeDiagnostics(text, ruleId)).toMatchSnapshot();
        const unsafe = name.includes('unsafe') || rule?.meta.fixable === 'unsafe';
        const fixed = fixText(text, { unsafe, rules: [ruleId] });
        expect(fixed.error).toBeUndefined();

        const fixedPath = path.join(dir, `${name}.fixed.sql`);
        const expected = existsSync(fixedPath) ? readFileSync(fixedPath, 'utf8') : text;
        expect(fixed.output).toBe(expected);
        expect(parses(fixed.output)).toBe(true);

        const remaining = lintText(fixed.output, ruleId).filter(
          (d) => d.fix && (unsafe || d.fix.applicability === 'safe'),
        );
        expect(remaining).toEqual([]);
        expect(fixText(fixed.output, { unsafe, rules: [ruleId] }).output).toBe(fixed.output);

        const [original, originalAgain] = await replay(text, 2);
        expect(original?.errors, 'the original must apply once').toEqual([]);
        const originalBreaks =
          (originalAgain?.errors.length ?? 0) > 0 ||
          drift(original!.snapshot, originalAgain!.snapshot).length > 0;
        expect(originalBreaks, 'the original fails or drifts on a second run').toBe(true);

        if (fixed.output === text) return;
        const [fixedFirst, fixedSecond] = await replay(fixed.output, 2);
        expect(fixedFirst?.errors).toEqual([]);
        expect(fixedSecond?.errors).toEqual([]);
        expect(drift(fixedFirst!.snapshot, fixedSecond!.snapshot)).toEqual([]);
        expect(drift(original!.snapshot, fixedFirst!.snapshot)).toEqual([]);
      });
    }
  });
}
