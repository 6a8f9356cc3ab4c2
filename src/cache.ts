/**
 * `--cache`: results of files whose content and settings did not change are reused, as ESLint's
 * cache does. The key is a hash of the file's bytes and of its effective settings (rules,
 * severities, options, target version) and of sqlidem's version, so any change re-lints. A cache
 * that cannot be read is ignored; one that cannot be written is skipped, never an error.
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LintSettings } from './lint.js';
import type { LintResult } from './results.js';

interface CacheEntry {
  readonly key: string;
  readonly result: Omit<LintResult, 'filePath'>;
}

interface CacheFile {
  readonly version: string;
  readonly entries: Record<string, CacheEntry>;
}

export const DEFAULT_CACHE_LOCATION = '.sqlidemcache';

export function settingsKey(settings: LintSettings): string {
  return JSON.stringify({
    pgVersion: settings.pgVersion,
    triggerFix: settings.triggerFix,
    trust: settings.trustDropBeforeCreate,
    unused: settings.reportUnusedDisableDirectives === true,
    rules: settings.rules.map((active) => [
      active.rule.id,
      active.severity,
      active.options ?? null,
    ]),
  });
}

export class LintCache {
  private entries: Record<string, CacheEntry> = {};
  private changed = false;

  private constructor(
    private readonly location: string,
    private readonly version: string,
  ) {}

  static open(location: string, version: string): LintCache {
    const cache = new LintCache(path.resolve(location), version);
    try {
      const file = JSON.parse(readFileSync(cache.location, 'utf8')) as CacheFile;
      if (file.version === version && file.entries && typeof file.entries === 'object') {
        cache.entries = file.entries;
      }
    } catch {
      // No cache yet, or an unreadable one: start empty.
    }
    return cache;
  }

  key(bytes: Uint8Array, settings: LintSettings): string {
    return createHash('sha1').update(bytes).update(settingsKey(settings)).digest('hex');
  }

  get(file: string, key: string): LintResult | undefined {
    const entry = this.entries[path.resolve(file)];
    if (!entry || entry.key !== key) return undefined;
    return { filePath: path.resolve(file), ...structuredClone(entry.result) };
  }

  set(file: string, key: string, result: LintResult): void {
    const { filePath: _filePath, output: _output, ...rest } = result;
    this.entries[path.resolve(file)] = { key, result: rest };
    this.changed = true;
  }

  save(): void {
    if (!this.changed) return;
    const temp = `${this.location}.${process.pid}.tmp`;
    try {
      writeFileSync(temp, JSON.stringify({ version: this.version, entries: this.entries }));
      renameSync(temp, this.location);
    } catch {
      // A read-only directory: run without persisting the cache.
    }
  }
}
