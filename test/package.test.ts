/**
 * The package as a consumer gets it: `npm pack`, install the tarball in a fresh project, import
 * the typed API and run the CLI from there. Also: `sqlidem init` and `--changed-since`.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempProject } from './helpers/cli.js';

const root = path.resolve(import.meta.dirname, '..');

describe('packed package', () => {
  it('contains only what users need, installs, and works through its API and bin', () => {
    const packDir = mkdtempSync(path.join(tmpdir(), 'sqlidem-pack-'));
    const packed = JSON.parse(
      execFileSync('npm', ['pack', '--json', '--pack-destination', packDir], {
        cwd: root,
        encoding: 'utf8',
      }),
    )[0] as { filename: string; files: { path: string }[] };
    const files = packed.files.map((file) => file.path);
    expect(files).toContain('dist/src/index.js');
    expect(files).toContain('dist/cli/cli.js');
    expect(files).toContain('dist/src/index.d.ts');
    expect(files).toContain('schema/sqlidem.schema.json');
    expect(files).toContain('rules/require-index-if-not-exists.md');
    expect(
      files.filter(
        (file) =>
          /^(test|fixtures|src|scripts)\/|corpus|\.ts$/.test(file) && !file.endsWith('.d.ts'),
      ),
    ).toEqual([]);

    const project = tempProject({
      'package.json': JSON.stringify({
        name: 'consumer',
        version: '1.0.0',
        type: 'module',
        private: true,
      }),
      'migrations/001.sql': 'CREATE TABLE IF NOT EXISTS t (a int);\nCREATE INDEX i ON t (a);\n',
      'use.mjs': `import { lint, fixText, verify, rules, loadConfig } from 'sqlidem';
const [result] = await lint(['migrations']);
const fixed = await fixText('CREATE INDEX i ON t (a);');
const proof = await verify(['migrations']);
console.log(JSON.stringify({
  errors: result.errorCount,
  output: fixed.output,
  rules: rules.length,
  config: (await loadConfig()) === undefined,
  idempotent: proof.applied && proof.findings.length === 0,
  rerunErrors: proof.findings.length,
}));
`,
    });
    execFileSync(
      'npm',
      ['install', '--no-audit', '--no-fund', path.join(packDir, packed.filename)],
      {
        cwd: project,
        stdio: 'pipe',
      },
    );
    const used = JSON.parse(execFileSync('node', ['use.mjs'], { cwd: project, encoding: 'utf8' }));
    expect(used).toEqual({
      errors: 1,
      output: 'CREATE INDEX IF NOT EXISTS i ON t (a);',
      rules: 19,
      config: true,
      idempotent: false,
      rerunErrors: 1,
    });
    const bin = spawnSync(path.join(project, 'node_modules', '.bin', 'sqlidem'), ['migrations'], {
      cwd: project,
      encoding: 'utf8',
    });
    expect(bin.status).toBe(1);
    expect(bin.stdout).toContain('require-index-if-not-exists');
  }, 300_000);
});

describe('sqlidem init', () => {
  it('writes a starter config that validates, and never overwrites', () => {
    const dir = tempProject({
      'db/001.sql': 'CREATE INDEX i ON t (a);\n',
      '.lintstagedrc.json': '{}',
    });
    const first = runCli(['init', '--lint-staged', '--pre-commit'], { cwd: dir });
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('wrote sqlidem.config.json');
    expect(first.stdout).toContain('wrote .pre-commit-config.yaml');
    expect(first.stderr).toContain('.lintstagedrc.json exists; left as it is');
    expect(readFileSync(path.join(dir, '.lintstagedrc.json'), 'utf8')).toBe('{}');
    expect(runCli(['db'], { cwd: dir }).code).toBe(1); // the written config loads and validates
    expect(runCli(['init'], { cwd: dir }).code).toBe(1);
  });
});

describe('--changed-since', () => {
  it('lints only migrations changed since a git ref, committed or not', () => {
    const env = {
      ...process.env,
      GIT_AUTHOR_NAME: 't',
      GIT_AUTHOR_EMAIL: 't@e',
      GIT_COMMITTER_NAME: 't',
      GIT_COMMITTER_EMAIL: 't@e',
    };
    const dir = tempProject({ 'db/001.sql': 'CREATE INDEX a ON t (x);\n' });
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, stdio: 'pipe' });
    git('init', '-q');
    git('add', '-A');
    git('commit', '-qm', 'base');
    writeFileSync(path.join(dir, 'db', '002.sql'), 'CREATE INDEX b ON t (x);\n');
    git('add', '-A');
    git('commit', '-qm', 'second');
    writeFileSync(path.join(dir, 'db', '003.sql'), 'CREATE INDEX c ON t (x);\n');
    const files = (args: string[]) =>
      JSON.parse(runCli(['-f', 'json', ...args, 'db'], { cwd: dir }).stdout).map(
        (r: { filePath: string }) => path.basename(r.filePath),
      );
    expect(files(['--changed-since', 'HEAD~1'])).toEqual(['002.sql', '003.sql']);
    expect(files([])).toEqual(['001.sql', '002.sql', '003.sql']);
    expect(runCli(['--changed-since', 'no-such-ref', 'db'], { cwd: dir }).code).toBe(2);
    expect(existsSync(path.join(dir, 'db', '003.sql'))).toBe(true);
  });
});
