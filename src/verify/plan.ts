/**
 * What `verify` will execute: the migration files in the order their tool applies them, and for
 * each file the statements to run (up sections only unless asked), with template placeholders
 * replaced by the user's `--var` values.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { sectionAt } from '../drops.js';
import { collectFiles, naturalCompare } from '../files.js';
import type { MaskedRange } from '../masks.js';
import { ensureParser, parseSource } from '../parse.js';
import type { ParsedFile, Statement } from '../parse.js';
import { decodeSource } from '../source.js';
import type { SourceFile } from '../source.js';

export class VerifySetupError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VerifySetupError';
  }
}

export type FileOrder = 'natural' | 'lexical';

export interface PlanOptions {
  readonly order?: FileOrder;
  /** Also run down sections (goose, dbmate) and down files (golang-migrate, Flyway undo). */
  readonly includeDown?: boolean;
  /** Template values: `Namespace` for `{{ .Namespace }}`, `schema` for `${schema}` or `:schema`. */
  readonly vars?: Readonly<Record<string, string>>;
  readonly cwd?: string;
}

export interface PlannedStatement {
  readonly statement: Statement;
  /** The SQL sent to the server (placeholders substituted). */
  readonly sql: string;
  /** 1-based position of the statement's start. */
  readonly line: number;
  readonly column: number;
}

export interface PlannedFile {
  readonly path: string;
  readonly source: SourceFile;
  readonly parsed: ParsedFile;
  readonly statements: readonly PlannedStatement[];
}

/** golang-migrate `*.down.sql`, Flyway undo `U<version>__*.sql`. */
function isDownFile(file: string): boolean {
  const base = path.basename(file);
  return /\.down\.sql$/i.test(base) || /^U\d[\w.]*__/.test(base);
}

/** Flyway repeatable migrations (`R__*.sql`) run after all versioned ones. */
function isRepeatable(file: string): boolean {
  return /^R__/.test(path.basename(file));
}

/**
 * Orders files like migration tools do: versioned before repeatable (Flyway), then by path —
 * natural order by default (`V2__` before `V10__`, `001_` before `010_`, timestamps).
 */
export function orderFiles(files: readonly string[], order: FileOrder = 'natural'): string[] {
  const compare =
    order === 'natural' ? naturalCompare : (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return [...files].sort(
    (a, b) => Number(isRepeatable(a)) - Number(isRepeatable(b)) || compare(a, b),
  );
}

/**
 * Prisma applies `migrations/<name>/migration.sql` in lexical order of the directory names (its
 * timestamps can differ in length, where natural order would disagree); others sort naturally.
 */
export function defaultOrder(files: readonly string[]): FileOrder {
  return files.length > 0 && files.every((file) => path.basename(file) === 'migration.sql')
    ? 'lexical'
    : 'natural';
}

/** The name a placeholder refers to, e.g. `Namespace` in `{{ index .Options "Namespace" }}`. */
export function placeholderName(text: string): string {
  if (text.startsWith('${')) return text.slice(2, -1);
  if (text.startsWith(':')) return text.slice(1).replace(/^['"]|['"]$/g, '');
  const quoted = /"([^"]+)"\s*\}\}$/.exec(text);
  if (quoted?.[1]) return quoted[1];
  const field = /\.?([A-Za-z_]\w*)\s*\}\}$/.exec(text);
  return field?.[1] ?? text;
}

function substitute(mask: MaskedRange, text: string, value: string): string {
  if (mask.kind === 'psql-variable') {
    if (text.startsWith(":'")) return `'${value.replace(/'/g, "''")}'`;
    if (text.startsWith(':"')) return `"${value.replace(/"/g, '""')}"`;
  }
  return value;
}

/** The statement's SQL with placeholders replaced; collects the names that have no value. */
function executableSql(
  source: SourceFile,
  statement: Statement,
  vars: Readonly<Record<string, string>>,
  missing: Set<string>,
): string {
  let sql = '';
  let cursor = statement.start;
  for (const mask of source.masked) {
    if (mask.end <= statement.start || mask.start >= statement.end) continue;
    if (mask.kind !== 'template-placeholder' && mask.kind !== 'psql-variable') continue;
    const text = source.text.slice(mask.start, mask.end);
    const name = placeholderName(text);
    const value = vars[name];
    if (value === undefined) missing.add(name);
    sql += source.text.slice(cursor, mask.start) + substitute(mask, text, value ?? text);
    cursor = mask.end;
  }
  return sql + source.text.slice(cursor, statement.end);
}

/**
 * Plans one already-decoded file. Placeholder names without a value are added to `missing`
 * (their text is left in place, so the statement would fail).
 */
export function planSource(
  source: SourceFile,
  options: Pick<PlanOptions, 'includeDown' | 'vars'> = {},
  missing = new Set<string>(),
): PlannedFile {
  const parsed = parseSource(source);
  if (parsed.error) {
    const at = source.position(parsed.error.index);
    throw new VerifySetupError(`${source.path}:${at.line}:${at.column}: ${parsed.error.message}`);
  }
  const statements = parsed.statements
    .filter((statement) => options.includeDown || sectionAt(source, statement.start) !== 'down')
    .map((statement) => {
      const at = source.position(statement.start);
      return {
        statement,
        sql: executableSql(source, statement, options.vars ?? {}, missing),
        line: at.line,
        column: at.column,
      };
    });
  return { path: source.path, source, parsed, statements };
}

export async function planMigrations(
  paths: readonly string[],
  options: PlanOptions = {},
): Promise<PlannedFile[]> {
  await ensureParser();
  const cwd = options.cwd ?? process.cwd();
  const found = (await collectFiles(paths, cwd)).filter(
    (file) => options.includeDown || !isDownFile(file),
  );
  const files = orderFiles(found, options.order ?? defaultOrder(found));
  if (files.length === 0) throw new VerifySetupError(`no .sql files found in: ${paths.join(', ')}`);

  const missing = new Set<string>();
  const planned: PlannedFile[] = [];
  for (const file of files) {
    let source: SourceFile;
    try {
      source = decodeSource(file, await fs.readFile(path.resolve(cwd, file)));
    } catch (error) {
      throw new VerifySetupError(
        `${file}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    planned.push(planSource(source, options, missing));
  }
  if (missing.size > 0) {
    const names = [...missing].sort();
    throw new VerifySetupError(
      `template placeholders need values to run: ${names.join(', ')} (pass ${names
        .map((name) => `--var ${name}=…`)
        .join(' ')})`,
    );
  }
  return planned;
}

/** Extensions the planned migrations create (to load them into PGlite up front). */
export function requiredExtensions(files: readonly PlannedFile[]): string[] {
  const names = new Set<string>();
  for (const file of files) {
    for (const { statement } of file.statements) {
      if ('CreateExtensionStmt' in statement.node && statement.node.CreateExtensionStmt.extname) {
        names.add(statement.node.CreateExtensionStmt.extname);
      }
    }
  }
  return [...names];
}
