/**
 * Applies a parsed migration statement by statement (never as one multi-statement string: that
 * runs as one implicit transaction, breaks CREATE INDEX CONCURRENTLY and hides which statement
 * failed).
 */
import type { ParsedFile, Statement } from '../parse.js';
import type { SqlEngine } from './pglite.js';

export interface StatementFailure {
  readonly statement: Statement;
  readonly message: string;
  /** PostgreSQL's SQLSTATE, e.g. 42P07 (duplicate_table). */
  readonly code?: string;
}

export function statementText(file: ParsedFile, statement: Statement): string {
  return file.source.text.slice(statement.start, statement.end);
}

/**
 * Runs every statement; with `stopOnError` the first failure ends the run, otherwise failing
 * statements are skipped (rolled back to a savepoint inside an explicit transaction) and all
 * failures are returned.
 */
export async function applyFile(
  engine: Pick<SqlEngine, 'exec'>,
  file: ParsedFile,
  options: { stopOnError: boolean },
): Promise<StatementFailure[]> {
  const failures: StatementFailure[] = [];
  let inTransaction = false;
  for (const statement of file.statements) {
    const control = transactionControl(statement);
    if (inTransaction && !control) await engine.exec('SAVEPOINT sqlidem_statement');
    try {
      await engine.exec(statementText(file, statement));
      if (inTransaction && !control) await engine.exec('RELEASE SAVEPOINT sqlidem_statement');
    } catch (error) {
      failures.push(toFailure(statement, error));
      if (options.stopOnError) return failures;
      if (inTransaction && !control) {
        await engine.exec('ROLLBACK TO SAVEPOINT sqlidem_statement');
        await engine.exec('RELEASE SAVEPOINT sqlidem_statement');
      }
    }
    if (control === 'begin') inTransaction = true;
    else if (control === 'end') inTransaction = false;
  }
  return failures;
}

function transactionControl(statement: Statement): 'begin' | 'end' | 'other' | undefined {
  if (!('TransactionStmt' in statement.node)) return undefined;
  switch (statement.node.TransactionStmt.kind) {
    case 'TRANS_STMT_BEGIN':
    case 'TRANS_STMT_START':
      return 'begin';
    case 'TRANS_STMT_COMMIT':
    case 'TRANS_STMT_ROLLBACK':
    case 'TRANS_STMT_PREPARE':
    case 'TRANS_STMT_COMMIT_PREPARED':
    case 'TRANS_STMT_ROLLBACK_PREPARED':
      return 'end';
    default:
      return 'other';
  }
}

function toFailure(statement: Statement, error: unknown): StatementFailure {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown })?.code;
  return { statement, message, ...(typeof code === 'string' && { code }) };
}
