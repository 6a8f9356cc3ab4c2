/** Config files, --rule, --no-config, overrides, include/ignores, and inline suppressions. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './helpers/cli.js';

const UNSAFE_INDEX = 'CREATE INDEX i ON t (a);\n';
const json = (value: unknown) => JSON.stringify(value);

function messages(stdout: string): { file: string; ruleId: string | null; severity: number }[] {
  return (
    JSON.parse(stdout) as {
      filePath: string;
      messages: { ruleId: string | null; severity: number }[];
    }[]
  ).flatMap((result) =>
    result.messages.map((m) => ({
      file: path.basename(result.filePath),
      ruleId: m.ruleId,
      severity: m.severity,
    })),
  );
}

describe('configuration', () => {
  it('finds the nearest config upward from each file, in every supported file name', () => {
    const dir = tempProject({
      'a/sqlidem.config.json': json({ rules: { 'require-index-if-not-exists': 'warn' } }),
      'a/one.sql': UNSAFE_INDEX,
      'b/.sqlidemrc.yaml': 'rules:\n  require-index-if-not-exists: "off"\n',
      'b/deeper/two.sql': UNSAFE_INDEX,
      'c/package.json': json({
        name: 'x',
        sqlidem: { rules: { 'require-index-if-not-exists': 'error' } },
      }),
      'c/three.sql': UNSAFE_INDEX,
      'd/.sqlidemrc': '{ "rules": { "require-index-if-not-exists": "warn" } }',
      'd/four.sql': UNSAFE_INDEX,
      'e/sqlidem.config.mjs': `export default { rules: { 'require-index-if-not-exists': 'off' } };`,
      'e/five.sql': UNSAFE_INDEX,
    });
    const result = runCli(['-f', 'json', '.'], { cwd: dir });
    expect(messages(result.stdout)).toEqual([
      { file: 'one.sql', ruleId: 'require-index-if-not-exists', severity: 1 },
      { file: 'three.sql', ruleId: 'require-index-if-not-exists', severity: 2 },
      { file: 'four.sql', ruleId: 'require-index-if-not-exists', severity: 1 },
    ]);
    // Warnings only: exit 0, unless --max-warnings is exceeded.
    const onlyWarnings = runCli(['a'], { cwd: dir });
    expect(onlyWarnings.code).toBe(0);
    expect(runCli(['--max-warnings', '0', 'a'], { cwd: dir }).code).toBe(1);
  });

  it('applies overrides, include and ignores relative to the config file', () => {
    const dir = tempProject({
      'sqlidem.config.json': json({
        ignores: ['legacy/**'],
        overrides: [{ files: ['**/*.down.sql'], rules: { 'require-drop-if-exists': 'off' } }],
      }),
      'legacy/old.sql': UNSAFE_INDEX,
      'm/001.up.sql': 'DROP TABLE t;\n',
      'm/001.down.sql': 'DROP TABLE t;\n',
    });
    expect(messages(runCli(['-f', 'json', '.'], { cwd: dir }).stdout)).toEqual([
      { file: '001.up.sql', ruleId: 'require-drop-if-exists', severity: 2 },
    ]);
  });

  it('--rule, --config and --no-config take precedence', () => {
    const dir = tempProject({
      'sqlidem.config.json': json({ rules: { 'require-index-if-not-exists': 'off' } }),
      'other.json': json({ rules: { 'require-index-if-not-exists': 'warn' } }),
      'x.sql': UNSAFE_INDEX,
    });
    expect(messages(runCli(['-f', 'json', 'x.sql'], { cwd: dir }).stdout)).toEqual([]);
    expect(
      messages(runCli(['-f', 'json', '--no-config', 'x.sql'], { cwd: dir }).stdout),
    ).toHaveLength(1);
    expect(
      messages(runCli(['-f', 'json', '-c', 'other.json', 'x.sql'], { cwd: dir }).stdout)[0]
        ?.severity,
    ).toBe(1);
    expect(
      messages(
        runCli(['-f', 'json', '--rule', 'require-index-if-not-exists:error', 'x.sql'], { cwd: dir })
          .stdout,
      ),
    ).toHaveLength(1);
    expect(runCli(['--rule', 'no-such-rule:error', 'x.sql'], { cwd: dir }).code).toBe(2);
  });

  it('rejects unknown keys and bad values, naming the key and the file', () => {
    const dir = tempProject({ 'sqlidem.config.json': json({ rulez: {} }), 'x.sql': UNSAFE_INDEX });
    const unknown = runCli(['x.sql'], { cwd: dir });
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/sqlidem\.config\.json: unknown key "rulez"\n$/);
    const bad = tempProject({
      'sqlidem.config.json': json({ pgVersion: 'new' }),
      'x.sql': UNSAFE_INDEX,
    });
    expect(runCli(['x.sql'], { cwd: bad }).stderr).toMatch(/"pgVersion" must be integer/);
    const rule = tempProject({
      'sqlidem.config.json': json({ rules: { nope: 'off' } }),
      'x.sql': UNSAFE_INDEX,
    });
    expect(runCli(['x.sql'], { cwd: rule }).stderr).toMatch(/unknown rule "nope"/);
  });

  it('uses the config format and a CREATE OR REPLACE trigger fix when asked', () => {
    const dir = tempProject({
      'sqlidem.config.json': json({ format: 'compact', triggerFix: 'or-replace', pgVersion: 14 }),
      't.sql': 'CREATE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();\n',
    });
    expect(runCli(['t.sql'], { cwd: dir }).stdout).toMatch(/^t\.sql:1:1: error CREATE TRIGGER/);
    runCli(['--fix', 't.sql'], { cwd: dir });
    expect(readFileSync(path.join(dir, 't.sql'), 'utf8')).toBe(
      'CREATE OR REPLACE TRIGGER tr AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION f();\n',
    );
  });

  it('lists the rules', () => {
    const result = runCli(['rules']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /require-index-name\s+error\s+unsafe fix\s+CREATE INDEX must name/,
    );
  });
});

describe('inline suppressions', () => {
  const text = `-- sqlidem-disable-next-line require-index-if-not-exists -- created once by hand
CREATE INDEX a ON t (x);
CREATE INDEX b ON t (x);
/* sqlidem-disable require-drop-if-exists */
DROP TABLE old1;
DROP TABLE old2;
-- sqlidem-enable require-drop-if-exists
DROP TABLE old3;
-- sqlidem-disable-next-line require-role-guard
SELECT 1;
`;

  it('suppresses what the directives say, reports the rest, and never fixes suppressed statements', () => {
    const dir = tempProject({ 'x.sql': text });
    const [result] = JSON.parse(runCli(['-f', 'json', 'x.sql'], { cwd: dir }).stdout);
    expect(result.messages.map((m: { line: number }) => m.line)).toEqual([3, 8]);
    expect(result.suppressedMessages.map((m: { line: number }) => m.line)).toEqual([2, 5, 6]);
    expect(result.suppressedMessages[0].suppressions).toEqual([
      { kind: 'directive', justification: 'created once by hand' },
    ]);
    runCli(['--fix', 'x.sql'], { cwd: dir });
    const fixed = readFileSync(path.join(dir, 'x.sql'), 'utf8');
    expect(fixed).toContain('\nCREATE INDEX a ON t (x);\nCREATE INDEX IF NOT EXISTS b ON t (x);');
    expect(fixed).toContain('DROP TABLE old1;\nDROP TABLE old2;');
    expect(fixed).toContain('DROP TABLE IF EXISTS old3;');
  });

  it('reports unused directives on request', () => {
    const dir = tempProject({ 'x.sql': text });
    const [result] = JSON.parse(
      runCli(['-f', 'json', '--report-unused-disable-directives', 'x.sql'], { cwd: dir }).stdout,
    );
    expect(result.messages.filter((m: { ruleId: string | null }) => m.ruleId === null)).toEqual([
      expect.objectContaining({
        line: 9,
        message:
          "Unused sqlidem-disable-next-line directive (no problems were reported from 'require-role-guard')",
      }),
    ]);
  });

  it('disables a whole file', () => {
    const dir = tempProject({ 'x.sql': `-- sqlidem-disable-file\n${UNSAFE_INDEX}` });
    expect(runCli(['x.sql'], { cwd: dir }).code).toBe(0);
  });
});
