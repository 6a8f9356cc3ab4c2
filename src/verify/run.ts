/**
 * The verify algorithm: apply every planned migration on an empty database (it must succeed),
 * snapshot the catalog, apply everything again (errors are findings; the failing statement is
 * skipped), snapshot again and diff (differences are drift).
 */
import { cannotRunInBlock } from '../fixes.js';
import type { Statement } from '../parse.js';
import type { SqlEngine } from './pglite.js';
import type { PlannedFile, PlannedStatement } from './plan.js';
import { diffSnapshots, takeSnapshot } from './snapshot.js';
import type { Snapshot, SnapshotChange } from './snapshot.js';

export interface StatementError {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** The statement's first line, for the report. */
  readonly statement: string;
  readonly message: string;
  readonly code?: string;
}

export interface DriftItem {
  readonly category: string;
  /** `changed`: the same object (first word of its entry) is present before and after. */
  readonly kind: 'added' | 'removed' | 'changed';
  /** The entry after the second run (for `removed`: the entry that vanished). */
  readonly entry: string;
  /** For `changed`: the entry after the first run. */
  readonly before?: string;
  /** The statement that most likely caused it, when it can be told. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
}

export type VerifyPhase = 'first-run' | 'second-run' | 'per-file';

export interface VerifyFinding {
  readonly phase: VerifyPhase;
  readonly kind: 'error' | 'drift';
  readonly error?: StatementError;
  readonly drift?: DriftItem;
}

export interface VerifyOutcome {
  /** False when the first run failed: nothing else could be measured. */
  readonly applied: boolean;
  readonly firstRunError?: StatementError;
  readonly findings: VerifyFinding[];
  readonly files: readonly string[];
  readonly statements: number;
  readonly milliseconds: { firstRun: number; snapshot: number; secondRun: number };
}

export interface RunCallbacks {
  /** Called before each file of each pass (for a progress display). */
  onFile?(progress: {
    pass: VerifyPhase;
    /** 0-based index of the file about to run, of `files`. */
    file: number;
    files: number;
    path: string;
    /** Statements already applied in this pass, of `statements`. */
    statement: number;
    statements: number;
  }): void;
}

export interface RunOptions extends RunCallbacks {
  /** Run each file in one transaction, as migration tools do (default true). */
  readonly transaction?: boolean;
  /** Also apply each file twice in a row during the first run (restart right after it). */
  readonly perFile?: boolean;
}

function firstLine(sql: string): string {
  const line = sql.trimStart().split('\n')[0] ?? '';
  return line.length > 120 ? `${line.slice(0, 117)}…` : line;
}

function toError(file: PlannedFile, planned: PlannedStatement, error: unknown): StatementError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown })?.code;
  return {
    file: file.path,
    line: planned.line,
    column: planned.column,
    statement: firstLine(planned.sql),
    message,
    ...(typeof code === 'string' && { code }),
  };
}

function transactionControl(statement: Statement): 'begin' | 'end' | undefined {
  if (!('TransactionStmt' in statement.node)) return undefined;
  const kind = statement.node.TransactionStmt.kind;
  if (kind === 'TRANS_STMT_BEGIN' || kind === 'TRANS_STMT_START') return 'begin';
  if (
    kind === 'TRANS_STMT_COMMIT' ||
    kind === 'TRANS_STMT_ROLLBACK' ||
    kind === 'TRANS_STMT_PREPARE' ||
    kind === 'TRANS_STMT_COMMIT_PREPARED' ||
    kind === 'TRANS_STMT_ROLLBACK_PREPARED'
  ) {
    return 'end';
  }
  return undefined;
}

/**
 * Applies one file. With `stopOnError` the first failure is returned at once; otherwise a failing
 * statement is skipped (inside an explicit transaction, rolled back to a savepoint taken just
 * before it, so the rest of the transaction still runs) and every failure is returned.
 */
export async function applyPlannedFile(
  engine: Pick<SqlEngine, 'exec'>,
  file: PlannedFile,
  stopOnError: boolean,
  options: { transaction?: boolean } = {},
): Promise<StatementError[]> {
  const errors: StatementError[] = [];
  const wrap = options.transaction === true && runsInTransaction(file);
  if (wrap) await engine.exec('BEGIN');
  let inTransaction = wrap;
  const finish = async () => {
    if (!wrap) return;
    await engine.exec(errors.length > 0 && stopOnError ? 'ROLLBACK' : 'COMMIT');
  };
  for (const planned of file.statements) {
    const control = transactionControl(planned.statement);
    const savepoint = inTransaction && !control && !stopOnError;
    if (savepoint) await engine.exec('SAVEPOINT sqlidem_statement');
    try {
      await engine.exec(planned.sql);
      if (savepoint) await engine.exec('RELEASE SAVEPOINT sqlidem_statement');
    } catch (error) {
      errors.push(toError(file, planned, error));
      if (stopOnError) {
        await finish();
        return errors;
      }
      if (savepoint) {
        await engine.exec('ROLLBACK TO SAVEPOINT sqlidem_statement');
        await engine.exec('RELEASE SAVEPOINT sqlidem_statement');
      } else if (control === 'begin') {
        continue;
      }
    }
    if (control === 'begin') inTransaction = true;
    else if (control === 'end') inTransaction = false;
  }
  if (wrap) await finish();
  // A file that leaves its own transaction open would swallow the next file's statements.
  else if (inTransaction) await engine.exec('ROLLBACK').catch(() => undefined);
  return errors;
}

/**
 * Whether a migration tool would run the file as one transaction, as Flyway, Prisma, goose,
 * dbmate, golang-migrate and sqlx do by default: not when the file manages transactions itself,
 * asks not to (goose NO TRANSACTION), or holds a statement PostgreSQL refuses in a transaction.
 */
export function runsInTransaction(file: PlannedFile): boolean {
  if (file.source.noTransaction) return false;
  return !file.statements.some(
    (planned) => 'TransactionStmt' in planned.statement.node || cannotRunInBlock(planned.statement),
  );
}

/** Relation names a statement mentions (RangeVar nodes anywhere in its tree). */
function mentionedRelations(statement: Statement): Set<string> {
  const names = new Set<string>();
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      const range = object.RangeVar as { relname?: string } | undefined;
      if (range?.relname) names.add(range.relname);
      for (const key of ['relation', 'view', 'sequence', 'typevar', 'table']) {
        const child = object[key] as { relname?: string } | undefined;
        if (child?.relname) names.add(child.relname);
      }
      Object.values(object).forEach(walk);
    }
  };
  walk(statement.node);
  return names;
}

/** Statement kinds that can change each catalog category on a rerun without failing. */
const DRIFT_SOURCES: Record<string, readonly string[]> = {
  rows: ['InsertStmt', 'UpdateStmt', 'DeleteStmt', 'DoStmt', 'CopyStmt', 'MergeStmt'],
  indexes: ['IndexStmt', 'AlterTableStmt', 'CreateStmt', 'DoStmt'],
  constraints: ['AlterTableStmt', 'CreateStmt', 'DoStmt'],
  triggers: ['CreateTrigStmt', 'DoStmt'],
  policies: ['CreatePolicyStmt', 'DoStmt'],
  rules: ['RuleStmt'],
  relations: ['GrantStmt', 'AlterTableStmt', 'DoStmt'],
  schemas: ['GrantStmt'],
  functions: ['GrantStmt', 'CreateFunctionStmt', 'DoStmt'],
  default_privileges: ['AlterDefaultPrivilegesStmt'],
};
const ANY_SOURCE = [
  'IndexStmt',
  'InsertStmt',
  'UpdateStmt',
  'AlterTableStmt',
  'DoStmt',
  'GrantStmt',
];

/** The object a snapshot entry is about: its first word (`schema.name`). */
function subjectOf(entry: string): string {
  return entry.split(' ')[0] ?? '';
}

/**
 * Attributes a drift item to the last statement (in run order) of a kind that can cause it and
 * that mentions the object or its table; grants on "ALL TABLES IN SCHEMA" mention no table, so
 * an ACL-only change goes to the last GRANT.
 */
function attribute(item: DriftItem, files: readonly PlannedFile[]): DriftItem {
  const parts = subjectOf(item.entry)
    .split('.')
    .map((part) => part.replace(/^"|"$/g, ''));
  const onTable = /\bON (?:ONLY )?(?:[\w"]+\.)?"?([\w$]+)"?/.exec(item.entry)?.[1];
  const candidates = new Set([...parts, ...(onTable ? [onTable] : [])]);
  const kinds = DRIFT_SOURCES[item.category] ?? ANY_SOURCE;
  const aclOnly =
    item.before !== undefined &&
    item.before.replace(/ acl=\S*/, '') === item.entry.replace(/ acl=\S*/, '');
  let found: { file: PlannedFile; planned: PlannedStatement } | undefined;
  for (const file of files) {
    for (const planned of file.statements) {
      if (!kinds.includes(planned.statement.kind)) continue;
      if (
        aclOnly
          ? planned.statement.kind === 'GrantStmt'
          : [...candidates].some((name) => mentionedRelations(planned.statement).has(name))
      ) {
        found = { file, planned };
      }
    }
  }
  if (!found) return item;
  return { ...item, file: found.file.path, line: found.planned.line, column: found.planned.column };
}

/** Pairs a removed and an added entry for the same object into one `changed` item. */
function pairChanges(changes: readonly SnapshotChange[]): DriftItem[] {
  const items: DriftItem[] = [];
  const added = changes.filter((change) => change.kind === 'added');
  const used = new Set<SnapshotChange>();
  for (const change of changes) {
    if (change.kind !== 'removed') continue;
    const partner = added.find(
      (candidate) =>
        !used.has(candidate) &&
        candidate.category === change.category &&
        subjectOf(candidate.entry) === subjectOf(change.entry),
    );
    if (partner) {
      used.add(partner);
      items.push({
        category: change.category,
        kind: 'changed',
        entry: partner.entry,
        before: change.entry,
      });
    } else {
      items.push({ category: change.category, kind: 'removed', entry: change.entry });
    }
  }
  for (const change of added) {
    if (!used.has(change))
      items.push({ category: change.category, kind: 'added', entry: change.entry });
  }
  return items;
}

function driftFindings(
  phase: VerifyPhase,
  before: Snapshot,
  after: Snapshot,
  files: readonly PlannedFile[],
): VerifyFinding[] {
  return pairChanges(diffSnapshots(before, after)).map((item) => ({
    phase,
    kind: 'drift' as const,
    drift: attribute(item, files),
  }));
}

export async function runVerification(
  engine: SqlEngine,
  files: readonly PlannedFile[],
  options: RunOptions = {},
): Promise<VerifyOutcome> {
  const findings: VerifyFinding[] = [];
  const tx = { transaction: options.transaction !== false };
  const statements = files.reduce((sum, file) => sum + file.statements.length, 0);
  // Statements already applied in the current pass, for the progress display.
  let done = 0;
  const announce = (pass: VerifyPhase, index: number, file: PlannedFile) => {
    options.onFile?.({
      pass,
      file: index,
      files: files.length,
      path: file.path,
      statement: done,
      statements,
    });
    done += file.statements.length;
  };
  const errorFindings = (phase: VerifyPhase, errors: StatementError[]): VerifyFinding[] =>
    errors.map((error) => ({ phase, kind: 'error', error }));
  const base = { files: files.map((file) => file.path), statements };
  const started = performance.now();

  for (const [index, file] of files.entries()) {
    announce('first-run', index, file);
    const [error] = await applyPlannedFile(engine, file, true, tx);
    if (error) {
      return {
        ...base,
        applied: false,
        firstRunError: error,
        findings,
        milliseconds: { firstRun: performance.now() - started, snapshot: 0, secondRun: 0 },
      };
    }
    if (options.perFile) {
      const before = await takeSnapshot(engine, engine.baselineRoles);
      const errors = await applyPlannedFile(engine, file, false, tx);
      findings.push(...errorFindings('per-file', errors));
      const after = await takeSnapshot(engine, engine.baselineRoles);
      findings.push(...driftFindings('per-file', before, after, [file]));
    }
  }
  const firstRun = performance.now() - started;

  const snapshotStart = performance.now();
  const first = await takeSnapshot(engine, engine.baselineRoles);
  const snapshot = performance.now() - snapshotStart;

  const secondStart = performance.now();
  done = 0;
  for (const [index, file] of files.entries()) {
    announce('second-run', index, file);
    findings.push(...errorFindings('second-run', await applyPlannedFile(engine, file, false, tx)));
  }
  const secondRun = performance.now() - secondStart;
  const second = await takeSnapshot(engine, engine.baselineRoles);
  findings.push(...driftFindings('second-run', first, second, files));

  return { ...base, applied: true, findings, milliseconds: { firstRun, snapshot, secondRun } };
}
