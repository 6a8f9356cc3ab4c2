/** `--changed-since <ref>`: the files git says changed since a ref (what a PR check wants). */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { UsageError } from '../files.js';

function git(args: string[], cwd: string): string {
  try {
    return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr?.trim().split('\n')[0];
    throw new UsageError(`--changed-since: git ${args[0]} failed${stderr ? `: ${stderr}` : ''}`);
  }
}

/**
 * Absolute paths of files added, copied, modified or renamed between `ref` and the working tree
 * (committed or not), plus untracked files that are not ignored.
 */
export function changedFiles(ref: string, cwd: string): Set<string> {
  const root = git(['rev-parse', '--show-toplevel'], cwd).trim();
  git(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`], cwd);
  const changed = git(['diff', '--name-only', '--diff-filter=ACMR', ref, '--'], cwd);
  const untracked = git(['ls-files', '--others', '--exclude-standard'], root);
  return new Set(
    [...changed.split('\n'), ...untracked.split('\n')]
      .filter((line) => line.trim() !== '')
      .map((file) => path.resolve(root, file)),
  );
}
