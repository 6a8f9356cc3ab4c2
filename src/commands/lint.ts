/**
 * `sqlidem [paths…]`: lint (and fix) files with per-file configuration, then report. Output
 * choices: the report goes to stdout (or `--output-file`, with a summary on stdout); with
 * `--fix-dry-run` the diff goes to stdout and the report to stderr; fixed stdin goes to stdout.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ConfigResolver, isIgnored, loadConfigFile, settingsForFile } from '../config.js';
import type { CliOverrides, LoadedConfig } from '../config.js';
import { processFile, processText, refuseFix, writeFixed } from '../engine.js';
import type { FileReport, RunOptions } from '../engine.js';
import { collectFiles, UsageError } from '../files.js';
import { loadFormatter, rulesMeta } from '../format/index.js';
import type { LintSettings } from '../lint.js';
import { readPackageJson } from '../package-root.js';
import { toLintResult } from '../results.js';
import type { LintResult } from '../results.js';
import type { SeverityName } from '../rule.js';
import { changedFiles } from './git.js';

export interface LintCommandOptions {
  fix?: boolean;
  unsafeFixes?: boolean;
  fixDryRun?: boolean;
  verify?: boolean;
  var?: string[];
  format?: string;
  outputFile?: string;
  stdinFilename?: string;
  quiet?: boolean;
  maxWarnings?: number;
  pgVersion?: number;
  /** `--config <path>` (string), `--no-config` (false), or neither (undefined). */
  config?: string | false;
  rule?: Record<string, SeverityName>;
  reportUnusedDisableDirectives?: boolean;
  changedSince?: string;
  cache?: boolean;
  cacheLocation?: string;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_ERROR = 2;

export function varsFrom(pairs: readonly string[] = []): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** `--fix --verify`: writes each fixed file only once its fix is proven on PGlite. */
async function proveAndWrite(
  reports: FileReport[],
  settingsOf: (report: FileReport) => LintSettings,
  vars: Record<string, string>,
): Promise<void> {
  const { proveFixes } = await import('../verify/prove.js');
  const candidates = reports.flatMap((report) =>
    report.source && report.bytes
      ? [
          {
            path: report.path,
            original: report.source,
            ...(report.output !== undefined && { fixed: report.output }),
          },
        ]
      : [],
  );
  const failures = await proveFixes(candidates, { vars });
  for (const [index, report] of reports.entries()) {
    if (report.output === undefined || !report.bytes) continue;
    const failure = failures.get(report.path);
    reports[index] = failure
      ? refuseFix(report, settingsOf(report), `not proven: ${failure}`)
      : await writeFixed(report, settingsOf(report));
  }
}

function summary(results: LintResult[], outputFile: string): string {
  const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
  const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
  const files = results.filter((result) => result.messages.length > 0).length;
  return `sqlidem: ${errors + warnings} problem${errors + warnings === 1 ? '' : 's'} (${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}) in ${files} file${files === 1 ? '' : 's'}; report written to ${outputFile}\n`;
}

function readBytes(file: string): Buffer | undefined {
  try {
    return readFileSync(file);
  } catch {
    return undefined;
  }
}

function decodeText(bytes: Uint8Array): string {
  return new TextDecoder().decode(bytes).replace(/^\uFEFF/, '');
}

export async function lintCommand(paths: string[], options: LintCommandOptions): Promise<number> {
  if (paths.length === 0) {
    throw new UsageError('no paths given (try: sqlidem migrations/, or sqlidem --help)');
  }
  const cwd = process.cwd();
  const fixed: LoadedConfig | null | undefined =
    options.config === false
      ? null
      : options.config
        ? await loadConfigFile(options.config)
        : undefined;
  const resolver = new ConfigResolver(fixed);
  const cli: CliOverrides = {
    ...(options.pgVersion !== undefined && { pgVersion: options.pgVersion }),
    rules: options.rule,
  };
  const settingsFor = async (
    file: string,
  ): Promise<{ settings: LintSettings; ignored: boolean }> => {
    const loaded = await resolver.forFile(file);
    return {
      settings: {
        ...settingsForFile(loaded, file, cli),
        reportUnusedDisableDirectives: options.reportUnusedDisableDirectives === true,
      },
      ignored: isIgnored(loaded, file),
    };
  };

  const dryRun = options.fixDryRun === true;
  const fixing = options.fix === true || options.unsafeFixes === true || dryRun;
  if (options.verify && !fixing) {
    throw new UsageError('--verify goes with --fix (to verify migrations, use: sqlidem verify)');
  }
  const base: Omit<RunOptions, 'settings'> = {
    fix: fixing,
    unsafeFixes: options.unsafeFixes === true,
    // With --verify, files are written only after their fix is proven.
    write: !dryRun && !options.verify,
  };
  const cwdConfig = await resolver.forFile(path.join(cwd, 'stdin.sql'));
  const format = options.format ?? cwdConfig?.config.format ?? 'pretty';
  const formatter = await loadFormatter(format, cwd);

  const reports: FileReport[] = [];
  /** Results reused from the cache, by position in the output (file order is kept). */
  const cachedAt = new Map<number, { result: LintResult; text: string }>();
  const settingsByPath = new Map<string, LintSettings>();
  const version = (readPackageJson('package.json') as { version: string }).version;
  // The cache only serves plain lint runs: a fix must see the file itself.
  const cache =
    options.cache && !fixing
      ? (await import('../cache.js')).LintCache.open(
          path.resolve(cwd, options.cacheLocation ?? '.sqlidemcache'),
          version,
        )
      : undefined;
  const cacheKeys = new Map<FileReport, string>();
  const fromStdin = paths.includes('-');
  if (fromStdin) {
    const name = options.stdinFilename ?? '<stdin>';
    const { settings } = await settingsFor(path.resolve(cwd, options.stdinFilename ?? 'stdin.sql'));
    settingsByPath.set(name, settings);
    reports.push(await processText(name, await readStdin(), { ...base, settings, write: false }));
  }
  let files = await collectFiles(paths.filter((p) => p !== '-'));
  if (files.length === 0 && !fromStdin) {
    throw new UsageError(`no .sql files found in: ${paths.join(', ')}`);
  }
  if (options.changedSince) {
    const changed = changedFiles(options.changedSince, cwd);
    files = files.filter((file) => changed.has(path.resolve(cwd, file)));
  }
  for (const file of files) {
    const { settings, ignored } = await settingsFor(file);
    if (ignored) continue;
    settingsByPath.set(file, settings);
    let key: string | undefined;
    let bytes: Buffer | undefined;
    if (cache) {
      bytes = readBytes(file);
      if (bytes) {
        key = cache.key(bytes, settings);
        const hit = cache.get(file, key);
        if (hit) {
          cachedAt.set(reports.length + cachedAt.size, { result: hit, text: decodeText(bytes) });
          continue;
        }
      }
    }
    const report = await processFile(file, { ...base, settings }, bytes);
    if (key && !report.ioError) cacheKeys.set(report, key);
    reports.push(report);
  }
  if (options.verify && !dryRun) {
    await proveAndWrite(
      reports,
      (report) => settingsByPath.get(report.path)!,
      varsFrom(options.var),
    );
  }

  if (dryRun) {
    const { createTwoFilesPatch } = await import('diff');
    for (const report of reports) {
      if (report.output === undefined || !report.source) continue;
      const before = report.source.serialize(report.source.text);
      const patch = createTwoFilesPatch(report.path, report.path, before, report.output);
      process.stdout.write(patch.endsWith('\n') ? patch : `${patch}\n`);
    }
  } else if (fromStdin && fixing) {
    const stdinReport = reports[0];
    if (stdinReport) {
      process.stdout.write(
        stdinReport.output ?? stdinReport.source?.serialize(stdinReport.source.text) ?? '',
      );
    }
  }

  const computed = reports.map((report) => {
    const result = toLintResult(report, path.resolve(report.path));
    const key = cacheKeys.get(report);
    if (cache && key) cache.set(report.path, key, result);
    return result;
  });
  cache?.save();
  const ordered: LintResult[] = [];
  for (let index = 0, next = 0; index < computed.length + cachedAt.size; index++) {
    ordered.push(cachedAt.get(index)?.result ?? computed[next++]!);
  }
  const results = ordered.map((result) => {
    if (options.quiet) {
      result.messages = result.messages.filter((m) => m.severity === 2);
      result.warningCount = 0;
      result.fixableWarningCount = 0;
    }
    return result;
  });
  const sources = new Map([
    ...reports.flatMap((report) => {
      const text = report.output ?? report.source?.text;
      return text === undefined
        ? []
        : [[path.resolve(report.path), { text: text.replace(/^\uFEFF/, '') }] as const];
    }),
    ...[...cachedAt.values()].map(({ result, text }) => [result.filePath, { text }] as const),
  ]);
  const output = await formatter(results, { cwd, rulesMeta: rulesMeta(), sources, version });
  const text = output && !output.endsWith('\n') ? `${output}\n` : output;
  if (options.outputFile) {
    writeFileSync(path.resolve(cwd, options.outputFile), text);
    process.stdout.write(summary(results, options.outputFile));
  } else if (text) {
    const toStderr = dryRun || (fromStdin && fixing);
    (toStderr ? process.stderr : process.stdout).write(text);
  }

  const applied = reports.reduce((sum, report) => sum + report.applied, 0);
  if (fixing && applied > 0 && format === 'pretty') {
    const changed = reports.filter((report) => report.output !== undefined).length;
    const verb = dryRun ? 'would fix' : 'fixed';
    process.stderr.write(
      `sqlidem: ${verb} ${applied} problem${applied === 1 ? '' : 's'} in ${changed} file${changed === 1 ? '' : 's'}\n`,
    );
  }

  if (reports.some((report) => report.ioError)) return EXIT_ERROR;
  const errors = results.reduce((sum, result) => sum + result.errorCount, 0);
  const warnings = results.reduce((sum, result) => sum + result.warningCount, 0);
  if (errors > 0) return EXIT_FINDINGS;
  if (options.maxWarnings !== undefined && warnings > options.maxWarnings) return EXIT_FINDINGS;
  return EXIT_OK;
}
