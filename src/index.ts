/**
 * sqlidem's public API.
 *
 * ```ts
 * import { lint, lintText, fix, fixText, verify, rules, loadConfig } from 'sqlidem';
 * const results = await lint(['migrations/']);        // ESLint-shaped results
 * const { output } = await fixText('CREATE INDEX i ON t (c);');
 * const proof = await verify(['migrations/']);        // replay twice on PGlite, diff the catalog
 * ```
 */
import path from 'node:path';
import { allRules } from '../rules/index.js';
import { processFile, processText } from './engine.js';
import type { RunOptions } from './engine.js';
import { collectFiles } from './files.js';
import { defaultSettings } from './lint.js';
import type { LintSettings } from './lint.js';
import { toLintResult } from './results.js';
import type { LintResult } from './results.js';

export type { Diagnostic, Edit, Fix, Rule, RuleMeta, Applicability } from './rule.js';
export type { LintResult, LintMessage } from './results.js';
export type { LintSettings } from './lint.js';
export { loadConfig } from './config.js';
export type { SqlidemConfig, LoadedConfig } from './config.js';
export { verify } from './verify/index.js';
export type { VerifyOptions, VerifyResult, VerifyFinding } from './verify/index.js';

/** Every rule sqlidem has, in registry order. */
export const rules = allRules;

export interface LintOptions {
  /** Target PostgreSQL major version (default 14). */
  readonly pgVersion?: number;
  /** Rule ids to run (default: all). */
  readonly only?: readonly string[];
  readonly cwd?: string;
}

export interface FixOptions extends LintOptions {
  /** Also apply unsafe fixes. */
  readonly unsafe?: boolean;
  /** Write fixed files back (default true for `fix`). */
  readonly write?: boolean;
}

function settingsFor(options: LintOptions): LintSettings {
  const base = defaultSettings();
  return {
    ...base,
    pgVersion: options.pgVersion ?? base.pgVersion,
    rules: options.only
      ? base.rules.filter((active) => options.only?.includes(active.rule.id))
      : base.rules,
  };
}

/** Runs every file the paths name through the engine; one ESLint-shaped result per file. */
async function overFiles(
  paths: readonly string[],
  options: LintOptions,
  run: Omit<RunOptions, 'settings'>,
): Promise<LintResult[]> {
  const cwd = options.cwd ?? process.cwd();
  const settings = settingsFor(options);
  const results: LintResult[] = [];
  for (const file of await collectFiles(paths, cwd)) {
    const absolute = path.resolve(cwd, file);
    results.push(toLintResult(await processFile(absolute, { ...run, settings }), absolute));
  }
  return results;
}

/** Lints files, directories or globs; resolves to one ESLint-shaped result per file. */
export function lint(paths: readonly string[], options: LintOptions = {}): Promise<LintResult[]> {
  return overFiles(paths, options, {});
}

/** Lints SQL text; `filePath` only names it in the result. */
export async function lintText(
  text: string,
  options: LintOptions & { filePath?: string } = {},
): Promise<LintResult> {
  const filePath = options.filePath ?? '<text>';
  const report = await processText(filePath, text, { settings: settingsFor(options) });
  return toLintResult(report, filePath);
}

/** Fixes SQL text; `output` is the fixed text (equal to the input when nothing applied). */
export async function fixText(
  text: string,
  options: FixOptions & { filePath?: string } = {},
): Promise<LintResult & { output: string }> {
  const filePath = options.filePath ?? '<text>';
  const report = await processText(filePath, text, {
    settings: settingsFor(options),
    fix: true,
    unsafeFixes: options.unsafe === true,
  });
  return { ...toLintResult(report, filePath), output: report.output ?? text };
}

/** Fixes files in place (atomically); results describe what remains. */
export function fix(paths: readonly string[], options: FixOptions = {}): Promise<LintResult[]> {
  return overFiles(paths, options, {
    fix: true,
    unsafeFixes: options.unsafe === true,
    write: options.write !== false,
  });
}
