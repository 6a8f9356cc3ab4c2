import { chmodSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './helpers/cli.js';

const UNSAFE = 'CREATE TABLE IF NOT EXISTS t (a int);\nCREATE INDEX t_a ON t (a);\n';
const SAFE = 'CREATE TABLE IF NOT EXISTS t (a int);\nCREATE INDEX IF NOT EXISTS t_a ON t (a);\n';

describe('sqlidem (lint)', () => {
  it('exits 0 on clean files and 1 on findings, with file:line:column', () => {
    const dir = tempProject({ 'migrations/001.sql': SAFE, 'migrations/002.sql': UNSAFE });
    expect(runCli(['migrations/001.sql'], { cwd: dir }).code).toBe(0);
    const result = runCli(['migrations'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('002.sql:2:1');
    expect(result.stdout).toContain('require-index-if-not-exists');
  });

  it('prints ESLint-shaped JSON', () => {
    const dir = tempProject({ 'a.sql': UNSAFE });
    const result = runCli(['--format', 'json', 'a.sql'], { cwd: dir });
    expect(result.code).toBe(1);
    const [file] = JSON.parse(result.stdout);
    expect(file).toMatchObject({
      filePath: path.join(dir, 'a.sql'),
      errorCount: 1,
      warningCount: 0,
      fixableErrorCount: 1,
      fixableWarningCount: 0,
    });
    expect(file.messages[0]).toMatchObject({
      ruleId: 'require-index-if-not-exists',
      severity: 2,
      line: 2,
      column: 1,
      endLine: 2,
      endColumn: 26,
      fix: { range: [51, 51], text: 'IF NOT EXISTS ' },
    });
  });

  it('offers unsafe fixes as suggestions, not as fix', () => {
    const dir = tempProject({ 'a.sql': 'CREATE INDEX ON t (a);\n' });
    const [file] = JSON.parse(runCli(['-f', 'json', 'a.sql'], { cwd: dir }).stdout);
    expect(file.fixableErrorCount).toBe(0);
    expect(file.messages[0].fix).toBeUndefined();
    expect(file.messages[0].suggestions[0].fix.text).toBe('IF NOT EXISTS t_a_idx ');
  });

  it('reports a parse error with its position and still lints the other files', () => {
    const dir = tempProject({ 'bad.sql': 'SELECT 1;\nCREATE TABLE (;\n', 'good.sql': UNSAFE });
    const result = runCli(['-f', 'json', '.'], { cwd: dir });
    expect(result.code).toBe(1);
    const results = JSON.parse(result.stdout);
    const bad = results.find((r: { filePath: string }) => r.filePath.endsWith('bad.sql'));
    const good = results.find((r: { filePath: string }) => r.filePath.endsWith('good.sql'));
    expect(bad.messages).toEqual([
      expect.objectContaining({ ruleId: null, fatal: true, line: 2, column: 14 }),
    ]);
    expect(bad.messages[0].message).toContain('syntax error at or near "("');
    expect(good.errorCount).toBe(1);
  });

  it('reads stdin with -, named by --stdin-filename', () => {
    const result = runCli(['-', '--stdin-filename', 'x/001.sql', '-f', 'json'], { input: UNSAFE });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)[0].filePath).toMatch(/x\/001\.sql$/);
  });

  it('expands globs and skips node_modules', () => {
    const dir = tempProject({
      'db/a.sql': UNSAFE,
      'db/b.txt': UNSAFE,
      'node_modules/x/c.sql': UNSAFE,
    });
    const results = JSON.parse(runCli(['-f', 'json', '.'], { cwd: dir }).stdout);
    expect(results.map((r: { filePath: string }) => path.relative(dir, r.filePath))).toEqual([
      'db/a.sql',
    ]);
    const globbed = JSON.parse(runCli(['-f', 'json', 'db/*.sql'], { cwd: dir }).stdout);
    expect(globbed).toHaveLength(1);
  });

  it('exits 2 with a one-line message for usage and I/O errors', () => {
    const missing = runCli(['does-not-exist.sql']);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe('sqlidem: no such file or directory: does-not-exist.sql\n');
    expect(runCli(['--format', 'nope', 'x.sql']).code).toBe(2);
    expect(runCli(['--no-such-option']).code).toBe(2);
    const empty = tempProject({ 'readme.txt': 'x' });
    expect(runCli(['.'], { cwd: empty }).stderr).toMatch(/no \.sql files/);
  });

  it('prints --help and --version', () => {
    const help = runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('--fix-dry-run');
    expect(help.stdout).toContain('Exit codes');
    const version = runCli(['--version']);
    expect(version.stdout.trim()).toBe(
      JSON.parse(readFileSync(path.resolve(import.meta.dirname, '..', 'package.json'), 'utf8'))
        .version,
    );
  });
});

describe('sqlidem --fix', () => {
  it('rewrites files in place, keeps their mode, and exits 0 when all is fixed', () => {
    const dir = tempProject({ 'a.sql': UNSAFE });
    const file = path.join(dir, 'a.sql');
    chmodSync(file, 0o640);
    const result = runCli(['--fix', 'a.sql'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(readFileSync(file, 'utf8')).toBe(SAFE);
    expect(statSync(file).mode & 0o777).toBe(0o640);
    expect(result.stderr).toContain('fixed 1 problem in 1 file');
  });

  it('keeps a BOM and CRLF line endings', () => {
    const dir = tempProject({
      'a.sql': '\uFEFFCREATE TRIGGER t AFTER INSERT ON x FOR EACH ROW EXECUTE FUNCTION f();\r\n',
    });
    runCli(['--fix', 'a.sql'], { cwd: dir });
    expect(readFileSync(path.join(dir, 'a.sql'), 'utf8')).toBe(
      '\uFEFFDROP TRIGGER IF EXISTS t ON x;\r\nCREATE TRIGGER t AFTER INSERT ON x FOR EACH ROW EXECUTE FUNCTION f();\r\n',
    );
  });

  it('applies unsafe fixes only with --unsafe-fixes', () => {
    const dir = tempProject({ 'a.sql': 'CREATE INDEX ON t (a);\n' });
    expect(runCli(['--fix', 'a.sql'], { cwd: dir }).code).toBe(1);
    expect(readFileSync(path.join(dir, 'a.sql'), 'utf8')).toBe('CREATE INDEX ON t (a);\n');
    expect(runCli(['--fix', '--unsafe-fixes', 'a.sql'], { cwd: dir }).code).toBe(0);
    expect(readFileSync(path.join(dir, 'a.sql'), 'utf8')).toBe(
      'CREATE INDEX IF NOT EXISTS t_a_idx ON t (a);\n',
    );
  });

  it('prints a unified diff with --fix-dry-run and writes nothing', () => {
    const dir = tempProject({ 'a.sql': UNSAFE });
    const result = runCli(['--fix-dry-run', 'a.sql'], { cwd: dir });
    expect(result.stdout).toContain('-CREATE INDEX t_a ON t (a);');
    expect(result.stdout).toContain('+CREATE INDEX IF NOT EXISTS t_a ON t (a);');
    expect(readFileSync(path.join(dir, 'a.sql'), 'utf8')).toBe(UNSAFE);
  });

  it('never writes a file that does not parse', () => {
    const bad = 'CREATE INDEX i ON t (a);\nCREATE TABLE (;\n';
    const dir = tempProject({ 'bad.sql': bad });
    expect(runCli(['--fix', 'bad.sql'], { cwd: dir }).code).toBe(1);
    expect(readFileSync(path.join(dir, 'bad.sql'), 'utf8')).toBe(bad);
  });

  it('does not overwrite a read-only file and exits 2', () => {
    const dir = tempProject({ 'a.sql': UNSAFE });
    chmodSync(path.join(dir, 'a.sql'), 0o444);
    const result = runCli(['--fix', 'a.sql'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('read-only');
    expect(readFileSync(path.join(dir, 'a.sql'), 'utf8')).toBe(UNSAFE);
  });

  it('writes the fixed SQL to stdout when reading stdin', () => {
    const result = runCli(['--fix', '-'], { input: UNSAFE });
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(SAFE);
  });

  it('leaves binary files alone', () => {
    const dir = tempProject({ 'bin.sql': Buffer.from([0x43, 0x00, 0xff]) });
    const result = runCli(['--fix', '-f', 'json', 'bin.sql'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout)[0].messages[0].message).toMatch(/binary/);
  });
});
