/** `sqlidem verify`: replays the migrations twice and reports, with exit codes 0 / 1 / 2. */
import { UsageError } from '../files.js';
import { EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, varsFrom } from './lint.js';

export interface VerifyCommandOptions {
  databaseUrl?: string;
  transaction: boolean;
  perFile?: boolean;
  includeDown?: boolean;
  order?: 'natural' | 'lexical';
  list?: boolean;
  var?: string[];
  format: 'pretty' | 'json';
  quiet?: boolean;
  statementTimeout?: number;
  lockTimeout?: number;
}

export async function verifyCommand(
  paths: string[],
  options: VerifyCommandOptions,
): Promise<number> {
  const { verify, planMigrations, VerifySetupError } = await import('../verify/index.js');
  const { formatVerifyJson, formatVerifyPretty, formatVerifySetupError } =
    await import('../verify/report.js');
  if (paths.length === 0) throw new UsageError('no paths given (try: sqlidem verify migrations/)');
  const vars = varsFrom(options.var);
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
        onFile: (at: {
          pass: string;
          file: number;
          files: number;
          path: string;
          statement: number;
          statements: number;
        }) => {
          // One rewritten line: a bar, the counts, and the file being applied.
          const width = 20;
          const filled = Math.round((width * at.statement) / Math.max(at.statements, 1));
          const bar = `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
          const text = `${at.pass} ${bar} file ${at.file + 1}/${at.files}, statement ${at.statement}/${at.statements}  ${at.path}`;
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
