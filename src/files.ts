/**
 * File system edges: expanding the user's paths into `.sql` files, and writing fixed files
 * atomically without losing a concurrent change.
 */
import { randomBytes } from 'node:crypto';
import { promises as fs, statSync } from 'node:fs';
import type { Stats } from 'node:fs';
import path from 'node:path';

/** A user error about paths or files (exit code 2, one line, no stack). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const IGNORED = ['**/node_modules/**', '**/.git/**'];

function statOrUndefined(file: string): Stats | undefined {
  try {
    return statSync(file);
  } catch {
    return undefined;
  }
}

/**
 * Files, directories (every `**\/*.sql` below, skipping node_modules and .git) and glob
 * patterns, expanded in the order given; each file once; sorted naturally within a directory.
 */
export async function collectFiles(
  patterns: readonly string[],
  cwd = process.cwd(),
): Promise<string[]> {
  const seen = new Set<string>();
  const files: string[] = [];
  const add = (file: string) => {
    const key = path.resolve(cwd, file);
    if (!seen.has(key)) {
      seen.add(key);
      files.push(file);
    }
  };

  // fast-glob loads only when a directory or a glob needs expanding (not for plain file paths).
  const glob = async () => (await import('fast-glob')).default;
  for (const pattern of patterns) {
    // Synchronous: a pre-commit hook passes every staged file as an argument, and one awaited
    // stat per argument leaves the event loop idle (measured: ~0.1 s for 1,400 files).
    const stat = statOrUndefined(path.resolve(cwd, pattern));
    if (stat?.isFile()) {
      add(pattern);
    } else if (stat?.isDirectory()) {
      const found = await (
        await glob()
      )('**/*.sql', {
        cwd: path.resolve(cwd, pattern),
        ignore: IGNORED,
        dot: false,
        followSymbolicLinks: true,
        suppressErrors: true,
        caseSensitiveMatch: false,
      });
      for (const file of found.sort(naturalCompare)) add(path.join(pattern, file));
    } else if (/[*?[\]{}()!]/.test(pattern) && (await glob()).isDynamicPattern(pattern)) {
      const found = await (await glob())(pattern, { cwd, ignore: IGNORED, suppressErrors: true });
      for (const file of found.sort(naturalCompare)) add(file);
    } else {
      throw new UsageError(`no such file or directory: ${pattern}`);
    }
  }
  return files;
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'variant' });

/** `V2__x` before `V10__x`, `001_` before `010_`: the order migration tools apply files in. */
export function naturalCompare(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * Replaces `file`'s content atomically (temp file in the same directory + rename) and keeps its
 * mode. `expected` is the content read earlier: if the file changed on disk since, it is not
 * overwritten (the user's change wins) and an error says so.
 */
export async function writeFileAtomic(
  file: string,
  content: string,
  expected: Uint8Array,
): Promise<void> {
  const current = await fs.readFile(file);
  if (!Buffer.from(expected).equals(current)) {
    throw new Error('changed on disk while sqlidem was fixing it; not overwritten');
  }
  const stat = await fs.stat(file);
  // Root can write anything; honour the file's own read-only bits all the same.
  if ((stat.mode & 0o222) === 0) throw new Error('file is read-only; not overwritten');
  const temp = path.join(
    path.dirname(file),
    `.${path.basename(file)}.sqlidem-${process.pid}-${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    const handle = await fs.open(temp, 'wx', stat.mode & 0o7777);
    try {
      await handle.writeFile(content, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.chmod(temp, stat.mode & 0o7777);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
