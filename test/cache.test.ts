/** `--cache`: unchanged files reuse their results; a changed file or changed settings re-lint. */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './helpers/cli.js';

describe('--cache', () => {
  it('gives the same results from the cache, and notices changes to files and settings', () => {
    const dir = tempProject({
      'a.sql': 'CREATE INDEX a ON t (x);\n',
      'b.sql': 'CREATE TABLE IF NOT EXISTS t (x int);\n',
    });
    const run = (...extra: string[]) =>
      JSON.parse(runCli(['--cache', '-f', 'json', ...extra, '.'], { cwd: dir }).stdout);
    const first = run();
    expect(first[0].errorCount).toBe(1);
    expect(run()).toEqual(first);

    writeFileSync(path.join(dir, 'b.sql'), 'CREATE INDEX b ON t (x);\n');
    expect(run()[1].errorCount).toBe(1);
    expect(run('--rule', 'require-index-if-not-exists:warn')[0].warningCount).toBe(1);
    expect(run('--cache-location', 'elsewhere.cache')[1].errorCount).toBe(1);
  });

  it('ignores a corrupt cache file', () => {
    const dir = tempProject({
      'a.sql': 'CREATE INDEX a ON t (x);\n',
      '.sqlidemcache': '{not json',
    });
    const result = runCli(['--cache', '-f', 'json', '.'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)[0].errorCount).toBe(1);
  });
});
