/**
 * Statements inside `DO` blocks. A DO block runs its PL/pgSQL body on every run, so DDL in it
 * must be guarded like any other: by an enclosing `IF [NOT] EXISTS (SELECT …)` (or another
 * catalog check) or by an exception handler for `duplicate_object` and friends. This module
 * parses the body (PL/pgSQL parser), finds the SQL statements that no guard protects, and
 * returns them as ordinary statements with ranges in the file, so every rule can check them.
 * Dynamic SQL (`EXECUTE '…'`) is left alone.
 */
import { pg } from './pg-parser.js';
import type { DoStmt } from 'libpg-query';
import { parserBytes, scanRange } from './parse.js';
import type { NodeKind, ParsedFile, Statement } from './parse.js';

/** Exception conditions that make a failing re-creation (or a drop of nothing) harmless. */
const GUARDING_CONDITIONS =
  /^(sqlstate|42\w{3}|23505|duplicate_\w+|undefined_\w+|unique_violation|others|invalid_table_definition|invalid_schema_definition|invalid_object_definition|object_not_in_prerequisite_state)$/i;

/** An IF condition that inspects the catalog: what a hand-written guard looks like. */
const CATALOG_CHECK =
  /\bexists\b|\bto_reg\w+\s*\(|\bpg_\w+|\binformation_schema\b|\bcurrent_setting\s*\(|\bversion\s*\(/i;

interface PlpgsqlStatement {
  readonly lineno: number;
  readonly query: string;
}

const cache = new WeakMap<Statement, readonly Statement[]>();

/** The unguarded SQL statements of a top-level DO statement (empty for anything else). */
export function unguardedNestedStatements(
  file: ParsedFile,
  statement: Statement,
): readonly Statement[] {
  if (statement.kind !== 'DoStmt') return [];
  let nested = cache.get(statement);
  if (!nested) {
    nested = findNested(file, statement);
    cache.set(statement, nested);
  }
  return nested;
}

function isPlpgsql(node: DoStmt): boolean {
  for (const arg of node.args ?? []) {
    if ('DefElem' in arg && arg.DefElem.defname === 'language') {
      const value = arg.DefElem.arg;
      return value !== undefined && 'String' in value && value.String.sval === 'plpgsql';
    }
  }
  return true;
}

function findNested(file: ParsedFile, statement: Statement): Statement[] {
  const node = (statement.node as { DoStmt: DoStmt }).DoStmt;
  if (!isPlpgsql(node)) return [];
  const { source } = file;
  const bytes = parserBytes(source);

  // The body is the DO statement's string constant; only dollar-quoted bodies map 1:1 to text.
  const bodyToken = scanRange(source, statement.byteStart, statement.byteEnd).find(
    (token) => token.type === 'string',
  );
  if (!bodyToken?.text.startsWith('$')) return [];
  const tag = /^\$[^$]*\$/.exec(bodyToken.text)?.[0] ?? '$$';
  const bodyStart = source.indexToByte(bodyToken.start) + Buffer.byteLength(tag);

  const doText = bytes.subarray(statement.byteStart, statement.byteEnd).toString('utf8');
  let parsed: unknown;
  try {
    parsed = pg().parsePlPgSQLSync(doText);
  } catch {
    return [];
  }
  const found: PlpgsqlStatement[] = [];
  collect(parsed, false, found);

  const nested: Statement[] = [];
  for (const plStatement of found) {
    const lineStart = nthLineStart(bytes, bodyStart, plStatement.lineno, statement.byteEnd);
    const queryBytes = Buffer.from(plStatement.query, 'utf8');
    const at = bytes.indexOf(queryBytes, lineStart);
    if (at === -1 || at + queryBytes.length > statement.byteEnd) continue;
    let raw;
    try {
      raw = pg().parseSync(plStatement.query).stmts ?? [];
    } catch {
      continue;
    }
    for (const rawStmt of raw) {
      if (!rawStmt.stmt) continue;
      const byteStart = at + (rawStmt.stmt_location ?? 0);
      const byteEnd = rawStmt.stmt_len ? byteStart + rawStmt.stmt_len : at + queryBytes.length;
      nested.push({
        node: rawStmt.stmt,
        kind: Object.keys(rawStmt.stmt)[0] as NodeKind,
        start: source.byteToIndex(byteStart),
        end: source.byteToIndex(byteEnd),
        byteStart,
        byteEnd,
        ordinal: statement.ordinal,
        locationBase: at,
        container: statement,
      });
    }
  }
  return nested;
}

/** Byte offset where the body's `lineno`-th line starts (PL/pgSQL counts from the body start). */
function nthLineStart(bytes: Buffer, bodyStart: number, lineno: number, limit: number): number {
  let position = bodyStart;
  for (let line = 1; line < lineno; line++) {
    const newline = bytes.indexOf(0x0a, position);
    if (newline === -1 || newline >= limit) break;
    position = newline + 1;
  }
  return position;
}

type Json = Record<string, unknown>;

/** Walks the PL/pgSQL tree; SQL statements not under a guard are collected. */
function collect(node: unknown, guarded: boolean, out: PlpgsqlStatement[]): void {
  if (Array.isArray(node)) {
    for (const item of node) collect(item, guarded, out);
    return;
  }
  if (!node || typeof node !== 'object') return;
  const object = node as Json;

  if ('PLpgSQL_stmt_execsql' in object) {
    const execsql = object.PLpgSQL_stmt_execsql as Json;
    const query = ((execsql.sqlstmt as Json | undefined)?.PLpgSQL_expr as Json | undefined)?.query;
    if (!guarded && typeof query === 'string') {
      out.push({ lineno: Number(execsql.lineno ?? 1), query });
    }
    return;
  }
  if ('PLpgSQL_stmt_dynexecute' in object) return;
  if ('PLpgSQL_stmt_if' in object) {
    const stmt = object.PLpgSQL_stmt_if as Json;
    const condition = ((stmt.cond as Json | undefined)?.PLpgSQL_expr as Json | undefined)?.query;
    const checks = typeof condition === 'string' && CATALOG_CHECK.test(condition);
    collect(stmt.then_body, guarded || checks, out);
    // An ELSE branch runs when the check failed: it is as guarded as the check is meaningful.
    collect(stmt.elsif_list, guarded || checks, out);
    collect(stmt.else_body, guarded || checks, out);
    return;
  }
  if ('PLpgSQL_stmt_block' in object) {
    const block = object.PLpgSQL_stmt_block as Json;
    const handlers = (
      (block.exceptions as Json | undefined)?.PLpgSQL_exception_block as Json | undefined
    )?.exc_list;
    collect(block.body, guarded || catchesDuplicates(handlers), out);
    return;
  }
  for (const value of Object.values(object)) collect(value, guarded, out);
}

function catchesDuplicates(handlers: unknown): boolean {
  if (!Array.isArray(handlers)) return false;
  return handlers.some((handler) => {
    const conditions = ((handler as Json).PLpgSQL_exception as Json | undefined)?.conditions;
    return (
      Array.isArray(conditions) &&
      conditions.some((condition) => {
        const name = ((condition as Json).PLpgSQL_condition as Json | undefined)?.condname;
        return typeof name === 'string' && GUARDING_CONDITIONS.test(name);
      })
    );
  });
}
