/** Every output format, checked the way its consumer reads it. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './helpers/cli.js';

// The SARIF schema is JSON Schema draft-04; ajv-draft-04 (CommonJS) exports the Ajv class.
const Ajv04 = createRequire(import.meta.url)('ajv-draft-04') as typeof Ajv;

const SQL = `CREATE TABLE IF NOT EXISTS t (a int);
CREATE INDEX t_a ON t (a);
CREATE INDEX ON t (a);
`;

function project() {
  return tempProject({ 'db/001.sql': SQL });
}

describe('formats', () => {
  it('sarif: valid against the official SARIF 2.1.0 schema, with rules, help URIs and fixes', () => {
    const dir = project();
    const result = runCli(['-f', 'sarif', 'db'], { cwd: dir });
    expect(result.code).toBe(1);
    const log = JSON.parse(result.stdout);
    const schema = JSON.parse(
      readFileSync(
        path.join(
          import.meta.dirname,
          '..',
          'node_modules',
          '@microsoft',
          'jest-sarif',
          'lib',
          'schemas',
          'sarif-2.1.0-rtm.5.json',
        ),
        'utf8',
      ),
    );
    const validate = new Ajv04({
      allErrors: true,
      strict: false,
      validateFormats: false,
      // The official schema has a pattern that is invalid in unicode mode.
      unicodeRegExp: false,
    }).compile(schema);
    expect(validate(log), JSON.stringify(validate.errors)).toBe(true);
    const run = log.runs[0];
    expect(
      run.tool.driver.rules.find((r: { id: string }) => r.id === 'require-index-name').helpUri,
    ).toMatch(/rules\/require-index-name\.md$/);
    const [first, second] = run.results;
    expect(first.locations[0].physicalLocation).toEqual({
      artifactLocation: { uri: 'db/001.sql' },
      region: { startLine: 2, startColumn: 1, endLine: 2, endColumn: 26 },
    });
    expect(first.fixes[0].artifactChanges[0].replacements[0]).toEqual({
      deletedRegion: { startLine: 2, startColumn: 14, endLine: 2, endColumn: 14 },
      insertedContent: { text: 'IF NOT EXISTS ' },
    });
    expect(second.fixes[0].description.text).toMatch(/Name the index "t_a_idx"/);
  });

  it("sarif: Microsoft's SARIF multitool validates it without a finding", () => {
    const dir = project();
    runCli(['-f', 'sarif', '-o', 'report.sarif', 'db'], { cwd: dir });
    const tool = path.join(import.meta.dirname, '..', 'node_modules', '.bin', 'sarif-multitool');
    const run = spawnSync(tool, ['validate', 'report.sarif', '-o', 'validation.sarif'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    const validation = JSON.parse(readFileSync(path.join(dir, 'validation.sarif'), 'utf8'));
    expect(validation.runs[0].results).toEqual([]);
  });

  it('github: workflow commands a runner turns into annotations', () => {
    const result = runCli(['-f', 'github', 'db'], { cwd: project() });
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    const match = /^::(error|warning) (.+?)::(.*)$/.exec(lines[0]!);
    expect(match).not.toBeNull();
    const properties = Object.fromEntries(match![2]!.split(',').map((pair) => pair.split('=')));
    expect(properties).toEqual({
      file: 'db/001.sql',
      line: '2',
      col: '1',
      endLine: '2',
      endColumn: '26',
      title: 'sqlidem require-index-if-not-exists',
    });
    expect(match![3]).toMatch(/^CREATE INDEX "t_a" fails on a second run/);
  });

  it('gitlab: Code Quality issues with fingerprints that survive moved lines', () => {
    const dir = project();
    const before = JSON.parse(runCli(['-f', 'gitlab', 'db'], { cwd: dir }).stdout);
    expect(before[0]).toMatchObject({
      type: 'issue',
      check_name: 'require-index-if-not-exists',
      severity: 'major',
      location: { path: 'db/001.sql', lines: { begin: 2 } },
    });
    writeFileSync(path.join(dir, 'db', '001.sql'), `-- a new first line\n${SQL}`);
    const after = JSON.parse(runCli(['-f', 'gitlab', 'db'], { cwd: dir }).stdout);
    expect(after[0].location.lines.begin).toBe(3);
    expect(after.map((i: { fingerprint: string }) => i.fingerprint)).toEqual(
      before.map((i: { fingerprint: string }) => i.fingerprint),
    );
    expect(new Set(after.map((i: { fingerprint: string }) => i.fingerprint)).size).toBe(2);
  });

  it('junit, checkstyle and compact', () => {
    const dir = project();
    const junit = runCli(['-f', 'junit', 'db'], { cwd: dir }).stdout;
    expect(junit).toMatch(
      /^<\?xml version="1\.0" encoding="utf-8"\?>\n<testsuites name="sqlidem">/,
    );
    expect(junit).toContain('<testsuite name="db/001.sql" tests="1" failures="2" errors="0">');
    expect(junit).toContain('CREATE INDEX &quot;t_a&quot; fails');
    const checkstyle = runCli(['-f', 'checkstyle', 'db'], { cwd: dir }).stdout;
    expect(checkstyle).toContain('<error line="2" column="1" severity="error"');
    expect(checkstyle).toContain('source="sqlidem.require-index-name"');
    const compact = runCli(['-f', 'compact', 'db'], { cwd: dir }).stdout;
    expect(compact.split('\n')[0]).toMatch(
      /^db\/001\.sql:2:1: error CREATE INDEX "t_a" fails .* \[require-index-if-not-exists\]$/,
    );
  });

  it('loads any ESLint formatter module, and writes reports to --output-file', () => {
    const dir = project();
    writeFileSync(
      path.join(dir, 'count-formatter.mjs'),
      'export default (results) => `problems: ${results.reduce((n, r) => n + r.messages.length, 0)}`;\n',
    );
    expect(runCli(['-f', './count-formatter.mjs', 'db'], { cwd: dir }).stdout).toBe(
      'problems: 2\n',
    );
    const toFile = runCli(['-f', 'sarif', '-o', 'out.sarif', 'db'], { cwd: dir });
    expect(toFile.stdout).toBe(
      'sqlidem: 2 problems (2 errors, 0 warnings) in 1 file; report written to out.sarif\n',
    );
    expect(JSON.parse(readFileSync(path.join(dir, 'out.sarif'), 'utf8')).version).toBe('2.1.0');
  });
});
