/**
 * The hooks as users run them: Debian's real `pre-commit` against this checkout
 * (`pre-commit try-repo`), and lint-staged on staged files, each in a temporary git repository.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, tempProject } from './helpers/cli.js';

const root = path.resolve(import.meta.dirname, '..');
const hasPreCommit = spawnSync('pre-commit', ['--version']).status === 0;
const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 't',
  GIT_AUTHOR_EMAIL: 't@example.com',
  GIT_COMMITTER_NAME: 't',
  GIT_COMMITTER_EMAIL: 't@example.com',
};

function gitRepo(files: Record<string, string>): string {
  const dir = tempProject(files);
  execFileSync('git', ['init', '-q'], { cwd: dir, env: gitEnv });
  execFileSync('git', ['add', '-A'], { cwd: dir, env: gitEnv });
  return dir;
}

describe.skipIf(!hasPreCommit && !process.env.CI)('pre-commit', () => {
  it('runs the sqlidem hook from this repository: passes clean SQL, fails unsafe SQL', () => {
    const home = mkdtempSync(path.join(tmpdir(), 'sqlidem-pre-commit-home-'));
    const env = { ...gitEnv, PRE_COMMIT_HOME: home };
    const run = (dir: string) =>
      spawnSync('pre-commit', ['try-repo', root, 'sqlidem', '--all-files'], {
        cwd: dir,
        env,
        encoding: 'utf8',
        timeout: 600_000,
      });
    const clean = run(gitRepo({ 'db/001.sql': 'CREATE TABLE IF NOT EXISTS t (a int);\n' }));
    expect(clean.status, clean.stdout + clean.stderr).toBe(0);
    const unsafe = run(gitRepo({ 'db/001.sql': 'CREATE INDEX i ON t (a);\n' }));
    expect(unsafe.status).toBe(1);
    expect(unsafe.stdout).toContain('require-index-if-not-exists');
  }, 900_000);
});

describe('lint-staged', () => {
  it('fixes staged .sql files and stages the result; fails on what cannot be fixed', () => {
    const lintStaged = path.join(root, 'node_modules', '.bin', 'lint-staged');
    expect(existsSync(lintStaged)).toBe(true);
    const config = { '*.sql': `node ${BIN} --fix` };
    const dir = gitRepo({
      '.lintstagedrc.json': JSON.stringify(config),
      'db/001.sql': 'CREATE INDEX i ON t (a);\n',
    });
    const fixed = spawnSync(lintStaged, [], { cwd: dir, env: gitEnv, encoding: 'utf8' });
    expect(fixed.status, fixed.stdout + fixed.stderr).toBe(0);
    expect(execFileSync('git', ['show', ':db/001.sql'], { cwd: dir, encoding: 'utf8' })).toBe(
      'CREATE INDEX IF NOT EXISTS i ON t (a);\n',
    );

    writeFileSync(path.join(dir, 'db', '002.sql'), 'INSERT INTO t VALUES (1);\n');
    execFileSync('git', ['add', 'db/002.sql'], { cwd: dir, env: gitEnv });
    const failing = spawnSync(lintStaged, [], { cwd: dir, env: gitEnv, encoding: 'utf8' });
    expect(failing.status).toBe(1);
  });
});
