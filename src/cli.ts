/**
 * The command line: parses options with commander and calls into the library. It holds no
 * linting logic of its own, only I/O choices (where output goes) and exit codes:
 * 0 = no errors, 1 = errors remain (or too many warnings), 2 = usage, I/O or internal error.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { processFile, processText, refuseFix, writeFixed } from './engine.js';
import type { FileReport, RunOptions } from './engine.js';
import { collectFiles, UsageError } from './files.js';
import { BUILTIN_FORMATS, loadFormatter, rulesMeta } from './format/index.js';
import { defaultSettings } from './lint.js';
import type { LintSettings } from './lint.js';
import { toLintResult } from './results.js';

interface LintCliOptions {
  fix?: boolean;
  verify?: boolean;
  var: string[];
  unsafeFixes?: boolean;
  fixDryRun?: boolean;
  format: string;
  stdinFilename?: string;
  quiet?: boolean;
  maxWarnings?: number;
  pgVersion?: number;
  debug?: boolean;
}

const EXIT_OK = 0;
const EXIT_FINDINGS = 1;
const EXIT_ERROR = 2;

function packageVersion(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  for (const candidate of ['../../package.json', '../package.json']) {
    try {
      return (JSON.parse(readFileSync(path.join(here, candidate), 'utf8')) as { version: string })
        .version;
    } catch {
      // try the next layout (built vs. source)
    }
  }
  return 'unknown';
}

function parseInteger(name: string, min: number) {
  return (value: string): number => {
    const number = Number(value);
    if (!Number.isInteger(number) || number < min) {
      throw new InvalidArgumentError(`${name} must be an integer ≥ ${min}`);
    }
    return number;
  };
}

interface VerifyCliOptions {
  databaseUrl?: string;
  transaction: boolean;
  perFile?: boolean;
  includeDown?: boolean;
  order?: 'natural' | 'lexical';
  list?: boolean;
  var: string[];
  format: 'pretty' | 'json';
  quiet?: boolean;
  statementTimeout?: number;
  lockTimeout?: number;
}

function collectVar(value: string, previous: string[]): string[] {
  if (!/^[A-Za-z_][\w.-]*=/.test(value)) {
    throw new InvalidArgumentError('expected name=value');
  }
  return [...previous, value];
}

function addVerifyCommand(program: Command) {
  program
    .command('verify')
    .description(
      'Prove idempotency: apply the migrations to an empty database, apply them again, and diff the catalog.',
    )
    .argument(
      '[paths...]',
      'migration files, directories or globs (applied in migration-tool order)',
    )
    .option(
      '--database-url <url>',
      'verify on this PostgreSQL server, in a scratch database it creates and drops (default: embedded PGlite; also $SQLIDEM_DATABASE_URL)',
    )
    .option('--per-file', 'also apply each file twice in a row (a restart right after it)')
    .option(
      '--no-transaction',
      'run statements one by one in autocommit, as psql -f does (default: each file in one transaction, as migration tools do)',
    )
    .option('--include-down', 'also run down sections and down files')
    .addOption(
      new Option(
        '--order <order>',
        'file order (default: natural, V2__ before V10__; lexical for Prisma migration.sql directories)',
      ).choices(['natural', 'lexical']),
    )
    .option('--list', 'print the files in the order they would run, and exit')
    .option('--var <name=value>', 'value for a template placeholder (repeatable)', collectVar, [])
    .addOption(
      new Option('-f, --format <name>', 'report format')
        .choices(['pretty', 'json'])
        .default('pretty'),
    )
    .option('--quiet', 'no progress display')
    .option(
      '--statement-timeout <ms>',
      'statement_timeout on a server',
      parseInteger('--statement-timeout', 1),
    )
    .option('--lock-timeout <ms>', 'lock_timeout on a server', parseInteger('--lock-timeout', 1))
    .addHelpText(
      'after',
      `
Exit codes: 0 idempotent (both runs succeed, no drift), 1 not idempotent,
2 verification could not run (bad URL, missing extension, first run fails).`,
    )
    .action(async (paths: string[], options: VerifyCliOptions) => {
      process.exitCode = await verifyCommand(paths, options);
    });
}

async function verifyCommand(paths: string[], options: VerifyCliOptions): Promise<number> {
  const { verify, planMigrations, VerifySetupError } = await import('./verify/index.js');
  const { formatVerifyJson, formatVerifyPretty, formatVerifySetupError } =
    await import('./verify/report.js');
  if (paths.length === 0) throw new UsageError('no paths given (try: sqlidem verify migrations/)');
  const vars = Object.fromEntries(
    options.var.map((pair) => [
      pair.slice(0, pair.indexOf('=')),
      pair.slice(pair.indexOf('=') + 1),
    ]),
  );
  const databaseUrl = options.databaseUrl ?? process.env.SQLIDEM_DATABASE_URL;
  const common = {
    ...(options.order && { order: options.order }),
    includeDown: options.includeDown === true,
    vars,
  };
  try {
    if (options.list) {
      const files = await planMigrations(paths, common);
      for (const file of files) process.stdout.write(`${file.path}\n`);
      return EXIT_OK;
    }
    const progress = !options.quiet && options.format === 'pretty' && process.stderr.isTTY;
    const result = await verify(paths, {
      ...common,
      perFile: options.perFile === true,
      transaction: options.transaction,
      ...(databaseUrl && { databaseUrl }),
      ...(options.statementTimeout !== undefined && {
        statementTimeoutMs: options.statementTimeout,
      }),
      ...(options.lockTimeout !== undefined && { lockTimeoutMs: options.lockTimeout }),
      ...(progress && {
        onFile: (pass: string, index: number, total: number, file: string) => {
          const text = `${pass} [${index + 1}/${total}] ${file}`;
          process.stderr.write(`\r\x1b[K${text.slice(0, (process.stderr.columns || 80) - 1)}`);
        },
      }),
    });
    if (progress) process.stderr.write('\r\x1b[K');
    process.stdout.write(
      options.format === 'json' ? formatVerifyJson(result) : formatVerifyPretty(result),
    );
    if (!result.applied) return EXIT_ERROR;
    return result.findings.length > 0 ? EXIT_FINDINGS : EXIT_OK;
  } catch (error) {
    if (error instanceof VerifySetupError) {
      (options.format === 'json' ? process.stdout : process.stderr).write(
        formatVerifySetupError(error.message, options.format),
      );
      return EXIT_ERROR;
    }
    throw error;
  }
}

function buildProgram(run: (paths: string[], options: LintCliOptions) => Promise<number>) {
  const program = new Command('sqlidem')
    .description(
      'Lint PostgreSQL migrations for statements that fail or drift when run twice, and fix them.',
    )
    .version(packageVersion(), '-V, --version')
    .argument('[paths...]', 'files, directories (every **/*.sql) or globs; "-" reads stdin')
    .option('--fix', 'rewrite files into guarded, rerunnable forms (safe fixes only)')
    .option(
      '--unsafe-fixes',
      'also apply unsafe fixes (e.g. naming an unnamed index); implies --fix',
    )
    .option('--fix-dry-run', 'print the fixes as a unified diff; write nothing')
    .option(
      '--verify',
      'with --fix: prove each fix on an embedded PostgreSQL before writing it (same first-run catalog, reruns cleanly)',
    )
    .option(
      '--var <name=value>',
      'with --verify: value for a template placeholder (repeatable)',
      collectVar,
      [],
    )
    .addOption(
      new Option('-f, --format <name>', 'report format').choices(BUILTIN_FORMATS).default('pretty'),
    )
    .option('--stdin-filename <name>', 'file name to report for input read from stdin')
    .option('--quiet', 'report errors only, not warnings')
    .option(
      '--max-warnings <n>',
      'exit 1 when there are more than n warnings',
      parseInteger('--max-warnings', 0),
    )
    .option(
      '--pg-version <n>',
      'target PostgreSQL major version: fixes use only syntax it has',
      parseInteger('--pg-version', 9),
    )
    .option('--debug', 'print stack traces for internal errors')
    .addHelpText(
      'after',
      `
Exit codes: 0 no errors, 1 errors found (or more warnings than --max-warnings),
2 usage, I/O or internal error.

Commands:
  sqlidem verify [paths...]           replay the migrations twice and diff the catalog
                                      (sqlidem verify --help)

Examples:
  sqlidem migrations/                 lint every .sql file below migrations/
  sqlidem --fix migrations/           rewrite unsafe statements into guarded forms
  sqlidem --fix-dry-run db/*.sql      show what --fix would change
  cat 001_init.sql | sqlidem - --stdin-filename 001_init.sql`,
    )
    .showHelpAfterError('(run sqlidem --help for usage)')
    .action(async (paths: string[], options: LintCliOptions) => {
      process.exitCode = await run(paths, options);
    });
  program.enablePositionalOptions();
  addVerifyCommand(program);
  program.exitOverride();
  program.configureOutput({
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
  });
  return program;
}

function varsFrom(pairs: readonly string[]): Record<string, string> {
  return Object.fromEntries(
    pairs.map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );
}

/** `--fix --verify`: writes each fixed file only once its fix is proven on PGlite. */
async function proveAndWrite(
  reports: FileReport[],
  settings: LintSettings,
  vars: Record<string, string>,
): Promise<void> {
  const { proveFixes } = await import('./verify/prove.js');
  const candidates = reports.flatMap((report) =>
    report.source && report.path !== '<stdin>'
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
    if (report.output === undefined) continue;
    const failure = failures.get(report.path);
    reports[index] = failure
      ? refuseFix(report, settings, `not proven: ${failure}`)
      : await writeFixed(report, settings);
  }
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function lintCommand(paths: string[], options: LintCliOptions): Promise<number> {
  if (paths.length === 0) {
    throw new UsageError('no paths given (try: sqlidem migrations/, or sqlidem --help)');
  }
  const settings: LintSettings = {
    ...defaultSettings(),
    ...(options.pgVersion !== undefined && { pgVersion: options.pgVersion }),
  };
  const dryRun = options.fixDryRun === true;
  const fixing = options.fix === true || options.unsafeFixes === true || dryRun;
  if (options.verify && !fixing)
    throw new UsageError('--verify goes with --fix (to verify migrations, use: sqlidem verify)');
  const runOptions: RunOptions = {
    settings,
    fix: fixing,
    unsafeFixes: options.unsafeFixes === true,
    // With --verify, files are written only after their fix is proven.
    write: !dryRun && !options.verify,
  };
  const formatter = await loadFormatter(options.format);

  const reports: FileReport[] = [];
  const fromStdin = paths.includes('-');
  if (fromStdin) {
    const name = options.stdinFilename ?? '<stdin>';
    reports.push(await processText(name, await readStdin(), { ...runOptions, write: false }));
  }
  const files = await collectFiles(paths.filter((p) => p !== '-'));
  if (files.length === 0 && !fromStdin) {
    throw new UsageError(`no .sql files found in: ${paths.join(', ')}`);
  }
  for (const file of files) reports.push(await processFile(file, runOptions));
  if (options.verify && !dryRun) await proveAndWrite(reports, settings, varsFrom(options.var));

  if (dryRun) {
    const { createTwoFilesPatch } = await import('diff');
    for (const report of reports) {
      if (report.output === undefined || !report.source) continue;
      const before = report.source.serialize(report.source.text);
      process.stdout.write(createTwoFilesPatch(report.path, report.path, before, report.output));
    }
  } else if (fromStdin && runOptions.fix) {
    // Fixed stdin goes to stdout (there is no file to write); the report goes to stderr.
    const stdinReport = reports[0];
    if (stdinReport) {
      process.stdout.write(
        stdinReport.output ?? stdinReport.source?.serialize(stdinReport.source.text) ?? '',
      );
    }
  }

  const results = reports.map((report) => {
    const result = toLintResult(report, path.resolve(report.path));
    if (options.quiet) {
      result.messages = result.messages.filter((m) => m.severity === 2);
      result.warningCount = 0;
      result.fixableWarningCount = 0;
    }
    return result;
  });
  const output = formatter(results, { cwd: process.cwd(), rulesMeta: rulesMeta() });
  const toStderr = dryRun || (fromStdin && runOptions.fix);
  if (output)
    (toStderr ? process.stderr : process.stdout).write(
      output.endsWith('\n') ? output : `${output}\n`,
    );

  const applied = reports.reduce((sum, report) => sum + report.applied, 0);
  if (runOptions.fix && applied > 0 && options.format === 'pretty') {
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

/** Runs the CLI; resolves to the exit code (also set on process.exitCode). */
export async function main(argv: readonly string[]): Promise<number> {
  const debug = argv.includes('--debug');
  const program = buildProgram(lintCommand);
  try {
    await program.parseAsync([...argv]);
    return Number(process.exitCode ?? EXIT_OK);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed.
      process.exitCode = error.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    } else if (error instanceof UsageError) {
      process.stderr.write(`sqlidem: ${error.message}\n`);
      process.exitCode = EXIT_ERROR;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`sqlidem: internal error: ${message}\n`);
      if (debug && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
      process.exitCode = EXIT_ERROR;
    }
    return Number(process.exitCode);
  }
}
