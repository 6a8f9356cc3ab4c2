/**
 * The fault matrix, run against the built CLI: bad inputs get a clear one-line error and lose
 * nothing; interrupted, concurrent and failing writes never leave a truncated or mixed file.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../src/files.js';
import { BIN, runCli, tempProject } from './helpers/cli.js';

const UNSAFE = 'CREATE TABLE IF NOT EXISTS t (a int);\nCREATE INDEX t_a ON t (a);\n';
const FIXED = 'CREATE TABLE IF NOT EXISTS t (a int);\nCREATE INDEX IF NOT EXISTS t_a ON t (a);\n';

describe('bad input', () => {
  it('an empty file and a file of only comments are clean', () => {
    const dir = tempProject({ 'empty.sql': '', 'comments.sql': '-- nothing\n/* at all */\n' });
    const result = runCli(['-f', 'json', '.'], { cwd: dir });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout).map((r: { messages: unknown[] }) => r.messages)).toEqual([
      [],
      [],
    ]);
  });

  it('reports invalid UTF-8 and NUL bytes, and never rewrites them', () => {
    const latin1 = Buffer.from('CREATE INDEX caf\xe9 ON t (a);\n', 'latin1');
    const nul = Buffer.from('CREATE INDEX i ON t (a);\0\n');
    const dir = tempProject({ 'latin1.sql': latin1, 'nul.sql': nul, 'ok.sql': UNSAFE });
    const result = runCli(['--fix', '-f', 'json', '.'], { cwd: dir });
    expect(result.code).toBe(1);
    const messages = JSON.parse(result.stdout).map(
      (r: { messages: { message: string }[] }) => r.messages[0]?.message,
    );
    expect(messages).toEqual([
      'not valid UTF-8; not linted',
      'binary file (contains NUL bytes); not linted',
      undefined,
    ]);
    expect(readFileSync(path.join(dir, 'latin1.sql'))).toEqual(latin1);
    expect(readFileSync(path.join(dir, 'nul.sql'))).toEqual(nul);
    expect(readFileSync(path.join(dir, 'ok.sql'), 'utf8')).toBe(FIXED);
  });

  it('handles deeply nested expressions and very long lines', () => {
    const nested = `SELECT ${'('.repeat(5000)}1${')'.repeat(5000)};\n`;
    const longLine = `${'CREATE INDEX IF NOT EXISTS i ON t (a); '.repeat(20000)}\n`;
    const dir = tempProject({ 'nested.sql': nested, 'long.sql': longLine });
    const result = runCli(['-f', 'json', '.'], { cwd: dir });
    expect([0, 1]).toContain(result.code);
    const [long, deep] = JSON.parse(result.stdout);
    expect(long.messages).toEqual([]);
    // The parser's own stack limit is reported as a parse error, not a crash.
    for (const message of deep.messages) expect(message.fatal).toBe(true);
  });

  it('says "no such file", "no .sql files", and survives symlink loops', () => {
    expect(runCli(['missing.sql']).stderr).toBe(
      'sqlidem: no such file or directory: missing.sql\n',
    );
    const dir = tempProject({ 'db/a.sql': UNSAFE });
    symlinkSync('..', path.join(dir, 'db', 'loop'));
    const result = runCli(['-f', 'json', 'db'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(JSON.parse(result.stdout).length).toBeGreaterThanOrEqual(1);
    const empty = tempProject({ 'notes.txt': 'x' });
    expect(runCli(['.'], { cwd: empty }).stderr).toMatch(/^sqlidem: no \.sql files found/);
  });

  it.skipIf(process.getuid?.() !== 0)(
    'reports permission denied on read (as an unprivileged user)',
    () => {
      const dir = tempProject({ 'secret.sql': UNSAFE, 'open.sql': UNSAFE });
      chmodSync(dir, 0o755);
      chmodSync(path.join(dir, 'secret.sql'), 0o600);
      chmodSync(path.join(dir, 'open.sql'), 0o644);
      const result = spawnSync(
        'runuser',
        ['-u', 'nobody', '--', process.execPath, BIN, '-f', 'json', 'secret.sql', 'open.sql'],
        {
          cwd: dir,
          encoding: 'utf8',
        },
      );
      expect(result.status).toBe(2);
      const [secret, open] = JSON.parse(result.stdout);
      expect(secret.messages[0].message).toBe('cannot read file: permission denied');
      expect(open.errorCount).toBe(1);
    },
  );
});

describe('writes', () => {
  it('does not overwrite a file that changed on disk since it was read', async () => {
    const dir = tempProject({ 'a.sql': UNSAFE });
    const file = path.join(dir, 'a.sql');
    const readBefore = readFileSync(file);
    writeFileSync(file, '-- edited by the user meanwhile\n');
    await expect(writeFileAtomic(file, FIXED, readBefore)).rejects.toThrow(/changed on disk/);
    expect(readFileSync(file, 'utf8')).toBe('-- edited by the user meanwhile\n');
    expect(readdirSync(dir)).toEqual(['a.sql']);
  });

  it('two --fix processes on the same tree leave every file fixed and whole', async () => {
    const files = Object.fromEntries(
      Array.from({ length: 60 }, (_, i) => [`m/${String(i).padStart(3, '0')}.sql`, UNSAFE]),
    );
    const dir = tempProject(files);
    const run = () =>
      new Promise<number | null>((resolve) => {
        spawn(process.execPath, [BIN, '--fix', '-f', 'json', 'm'], {
          cwd: dir,
          stdio: 'ignore',
        }).on('exit', resolve);
      });
    const codes = await Promise.all([run(), run()]);
    for (const code of codes) expect([0, 2]).toContain(code);
    for (const name of Object.keys(files))
      expect(readFileSync(path.join(dir, name), 'utf8')).toBe(FIXED);
    expect(readdirSync(path.join(dir, 'm')).filter((name) => name.endsWith('.tmp'))).toEqual([]);
  });

  it('a kill during --fix leaves every file either old or new, never truncated', async () => {
    const big = `${UNSAFE}${'-- padding line to make the file larger\n'.repeat(2000)}`;
    const bigFixed = big.replace('CREATE INDEX t_a', 'CREATE INDEX IF NOT EXISTS t_a');
    for (const signal of ['SIGKILL', 'SIGINT'] as const) {
      const files = Object.fromEntries(
        Array.from({ length: 300 }, (_, i) => [`m/${String(i).padStart(3, '0')}.sql`, big]),
      );
      const dir = tempProject(files);
      const child = spawn(process.execPath, [BIN, '--fix', 'm'], { cwd: dir, stdio: 'ignore' });
      const exited = new Promise((resolve) => child.on('exit', resolve));
      // Kill once some files have been written.
      for (let i = 0; i < 200; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        if (
          Object.keys(files).some((name) => readFileSync(path.join(dir, name), 'utf8') === bigFixed)
        )
          break;
      }
      child.kill(signal);
      await exited;
      let fixed = 0;
      for (const name of Object.keys(files)) {
        const content = readFileSync(path.join(dir, name), 'utf8');
        expect([big, bigFixed]).toContain(content);
        if (content === bigFixed) fixed++;
      }
      expect(fixed).toBeGreaterThan(0);
    }
  });

  it.skipIf(process.getuid?.() !== 0)('a full disk fails the write and keeps the original', () => {
    const mountPoint = path.join(tmpdir(), `sqlidem-tiny-${process.pid}`);
    mkdirSync(mountPoint, { recursive: true });
    const mounted =
      spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', mountPoint]).status === 0;
    if (!mounted && process.env.CI) throw new Error('cannot mount a tmpfs to simulate a full disk');
    if (!mounted) return;
    try {
      const content = `${UNSAFE}${'-- filler\n'.repeat(4500)}`; // ~45 KB: the temp copy does not fit
      const file = path.join(mountPoint, 'big.sql');
      writeFileSync(file, content);
      const result = runCli(['--fix', 'big.sql'], { cwd: mountPoint });
      expect(result.code).toBe(2);
      expect(result.stdout).toContain('fix not written: no space left on device');
      expect(readFileSync(file, 'utf8')).toBe(content);
      expect(readdirSync(mountPoint)).toEqual(['big.sql']);
    } finally {
      execFileSync('umount', [mountPoint]);
      rmSync(mountPoint, { recursive: true, force: true });
    }
  });

  it('a read-only file is reported and kept', () => {
    const dir = tempProject({ 'a.sql': UNSAFE });
    chmodSync(path.join(dir, 'a.sql'), 0o444);
    const result = runCli(['--fix', 'a.sql'], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stdout).toContain('fix not written: file is read-only');
    expect(existsSync(path.join(dir, 'a.sql'))).toBe(true);
    expect(readFileSync(path.join(dir, 'a.sql'), 'utf8')).toBe(UNSAFE);
  });
});
