/**
 * sqlidem flags a strict superset of squawk's rerun findings: every `prefer-robust-stmts`
 * "Missing `IF NOT EXISTS`" / "Missing `IF EXISTS`" that squawk 2.66 (a dev dependency) reports
 * on ../shared/corpus is flagged by sqlidem at the same statement. (squawk's "Missing
 * transaction" findings are another concern. It panics on PostgREST's big_schema.sql, so that
 * file is left out.)
 *
 * squawk also flags a CREATE that follows a DROP of the same object; sqlidem treats that pair as
 * rerunnable by default (the DROP is what makes it so), so the comparison runs with that
 * recognition off, and a second test lists what it recognises.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { collectFiles } from '../src/files.js';
import { lintText } from './helpers/lint.js';

const root = path.resolve(import.meta.dirname, '..');
const corpus = path.resolve(root, '..', 'shared', 'corpus');
const squawk = path.join(root, 'node_modules', '.bin', 'squawk');

interface SquawkFinding {
  file: string;
  line: number;
  message: string;
  rule_name: string;
}

describe.skipIf(!existsSync(corpus) || !existsSync(squawk))('squawk comparison', () => {
  it('flags every statement squawk finds missing IF [NOT] EXISTS', async () => {
    const files = (await collectFiles([corpus]))
      .map((file) => path.relative(corpus, file))
      .filter((file) => !file.endsWith('big_schema.sql'));
    const result = spawnSync(squawk, ['--reporter', 'json', ...files], {
      cwd: corpus,
      encoding: 'utf8',
      maxBuffer: 1 << 28,
    });
    const findings = (JSON.parse(result.stdout) as SquawkFinding[]).filter(
      (f) => f.rule_name === 'prefer-robust-stmts' && /Missing `IF (NOT )?EXISTS`/.test(f.message),
    );
    expect(findings.length).toBeGreaterThan(3000);

    const cache = new Map<string, { line: number; endLine: number }[]>();
    const misses: string[] = [];
    for (const finding of findings) {
      let ranges = cache.get(finding.file);
      if (!ranges) {
        const diagnostics = lintText(readFileSync(path.join(corpus, finding.file), 'utf8'), {
          trustDropBeforeCreate: false,
        });
        ranges = diagnostics
          .filter((d) => d.ruleId)
          .map((d) => ({ line: d.line, endLine: d.endLine }));
        cache.set(finding.file, ranges);
      }
      // squawk's lines are 0-based and point into the statement.
      const line = finding.line + 1;
      if (!ranges.some((range) => range.line <= line && line <= range.endLine)) {
        misses.push(`${finding.file}:${line} ${finding.message.slice(0, 24)}`);
      }
    }
    console.log(
      `squawk: ${findings.length} IF [NOT] EXISTS findings; sqlidem misses ${misses.length}`,
    );
    expect(misses).toEqual([]);

    // With the default settings, the only difference is the DROP-then-CREATE pairs.
    let pairs = 0;
    const defaults = new Map<string, { line: number; endLine: number }[]>();
    for (const finding of findings) {
      let ranges = defaults.get(finding.file);
      if (!ranges) {
        ranges = lintText(readFileSync(path.join(corpus, finding.file), 'utf8')).filter(
          (d) => d.ruleId,
        );
        defaults.set(finding.file, ranges);
      }
      const line = finding.line + 1;
      if (!ranges.some((range) => range.line <= line && line <= range.endLine)) pairs++;
    }
    console.log(`squawk: ${pairs} findings are CREATEs after a DROP of the same object (safe)`);
    expect(pairs).toBeLessThan(findings.length / 100);
  });
});
