/**
 * The command line: commander definitions only. Each command's behaviour lives in
 * `src/commands/`; this file maps options onto them and turns errors into exit codes:
 * 0 = no errors, 1 = errors remain (or too many warnings), 2 = usage, I/O or internal error.
 */
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { ConfigError } from './config.js';
import { UsageError } from './files.js';
import { BUILTIN_FORMATS, FormatterError } from './format/index.js';
import { readPackageJson } from './package-root.js';
import { rulesById } from '../rules/index.js';
import type { SeverityName } from './rule.js';
import { EXIT_ERROR, EXIT_OK, lintCommand } from './commands/lint.js';
import type { LintCommandOptions } from './commands/lint.js';
import type { VerifyCommandOptions } from './commands/verify.js';

function packageVersion(): string {
  return (readPackageJson('package.json') as { version: string }).version;
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

function collectVar(value: string, previous: string[] = []): string[] {
  if (!/^[A-Za-z_][\w.-]*=/.test(value)) throw new InvalidArgumentError('expected name=value');
  return [...previous, value];
}

/** `--rule <id>:<severity>`, repeatable. */
function collectRule(
  value: string,
  previous: Record<string, SeverityName> = {},
): Record<string, SeverityName> {
  const match = /^([\w-]+):(off|warn|error)$/.exec(value.trim());
  if (!match) throw new InvalidArgumentError('expected <rule-id>:off|warn|error');
  if (!rulesById.has(match[1]!)) {
    throw new InvalidArgumentError(`unknown rule "${match[1]}" (sqlidem rules lists them)`);
  }
  return { ...previous, [match[1]!]: match[2] as SeverityName };
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
    .option('--var <name=value>', 'value for a template placeholder (repeatable)', collectVar)
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
    .action(async (paths: string[], options: VerifyCommandOptions) => {
      const { verifyCommand } = await import('./commands/verify.js');
      process.exitCode = await verifyCommand(paths, options);
    });
}

function addRulesCommand(program: Command) {
  program
    .command('rules')
    .description('List every rule with its default severity, fix safety and description.')
    .addOption(
      new Option('-f, --format <name>', 'output format').choices(['text', 'json']).default('text'),
    )
    .action(async (options: { format: 'text' | 'json' }) => {
      const { rulesCommand } = await import('./commands/rules.js');
      process.exitCode = rulesCommand(options);
    });
}

function addInitCommand(program: Command) {
  program
    .command('init')
    .description('Write a starter sqlidem.config.json (never overwrites an existing file).')
    .option('--pre-commit', 'also write .pre-commit-config.yaml with the sqlidem hook')
    .option(
      '--lint-staged',
      'also write .lintstagedrc.json running sqlidem --fix on staged .sql files',
    )
    .action(async (options: { preCommit?: boolean; lintStaged?: boolean }) => {
      const { initCommand } = await import('./commands/init.js');
      process.exitCode = initCommand(options);
    });
}

function buildProgram() {
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
    )
    .option(
      '-f, --format <name>',
      `report format: ${BUILTIN_FORMATS.join(', ')}, or an ESLint formatter (eslint-formatter-<name> or a path) (default: pretty)`,
    )
    .option('-o, --output-file <path>', 'write the report to a file; print a summary instead')
    .option(
      '-c, --config <path>',
      'use this config file (instead of searching upward from each file)',
    )
    .option('--no-config', 'ignore config files')
    .option(
      '--rule <id:severity>',
      "set a rule's severity: off, warn or error (repeatable)",
      collectRule,
    )
    .option(
      '--report-unused-disable-directives',
      'report sqlidem-disable comments that suppress nothing',
    )
    .option(
      '--changed-since <ref>',
      'lint only files changed since this git ref (committed or not)',
    )
    .option('--cache', 'reuse results of files whose content and settings did not change')
    .option('--cache-location <path>', 'where --cache keeps its file (default: .sqlidemcache)')
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

Examples:
  sqlidem migrations/                 lint every .sql file below migrations/
  sqlidem --fix migrations/           rewrite unsafe statements into guarded forms
  sqlidem --fix-dry-run db/*.sql      show what --fix would change
  sqlidem -f sarif -o sqlidem.sarif . a SARIF report for code scanning
  cat 001_init.sql | sqlidem - --stdin-filename 001_init.sql`,
    )
    .showHelpAfterError('(run sqlidem --help for usage)')
    .action(async (paths: string[], options: LintCommandOptions) => {
      process.exitCode = await lintCommand(paths, options);
    });
  program.enablePositionalOptions();
  addVerifyCommand(program);
  addRulesCommand(program);
  addInitCommand(program);
  program.exitOverride();
  program.configureOutput({
    writeOut: (text) => process.stdout.write(text),
    writeErr: (text) => process.stderr.write(text),
  });
  return program;
}

/** Runs the CLI; resolves to the exit code (also set on process.exitCode). */
export async function main(argv: readonly string[]): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    await buildProgram().parseAsync([...argv]);
    return Number(process.exitCode ?? EXIT_OK);
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version end here with code 0; usage errors were already printed.
      process.exitCode = error.exitCode === 0 ? EXIT_OK : EXIT_ERROR;
    } else if (
      error instanceof UsageError ||
      error instanceof ConfigError ||
      error instanceof FormatterError
    ) {
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
