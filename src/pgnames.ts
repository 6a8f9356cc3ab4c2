/**
 * The names PostgreSQL chooses for objects created without one (index names from
 * `ChooseIndexName`, `makeObjectName`), so a fix can spell out the name a fresh database gives.
 */
import type { IndexStmt, Node } from 'libpg-query';

/** NAMEDATALEN - 1: the longest identifier PostgreSQL keeps, in bytes. */
const MAX_IDENTIFIER_BYTES = 63;

/** The column-name part of an implicit index name, like PostgreSQL's FigureIndexColname. */
function figureColumnName(expr: Node | undefined): string | undefined {
  if (!expr) return undefined;
  if ('ColumnRef' in expr) {
    const last = expr.ColumnRef.fields?.at(-1);
    return last && 'String' in last ? last.String.sval : undefined;
  }
  if ('FuncCall' in expr) {
    const last = expr.FuncCall.funcname?.at(-1);
    return last && 'String' in last ? last.String.sval : undefined;
  }
  if ('TypeCast' in expr) {
    const inner = figureColumnName(expr.TypeCast.arg);
    if (inner) return inner;
    const last = expr.TypeCast.typeName?.names?.at(-1);
    return last && 'String' in last ? last.String.sval : undefined;
  }
  if ('CoalesceExpr' in expr) return 'coalesce';
  if ('CaseExpr' in expr) return 'case';
  if ('MinMaxExpr' in expr) return expr.MinMaxExpr.op === 'IS_GREATEST' ? 'greatest' : 'least';
  if ('A_ArrayExpr' in expr) return 'array';
  if ('RowExpr' in expr) return 'row';
  if ('NullIfExpr' in expr) return 'nullif';
  return undefined;
}

/** Column names of an index as PostgreSQL's ChooseIndexColumnNames picks them. */
export function indexColumnNames(index: IndexStmt): string[] {
  const names: string[] = [];
  for (const param of [...(index.indexParams ?? []), ...(index.indexIncludingParams ?? [])]) {
    if (!('IndexElem' in param)) continue;
    const elem = param.IndexElem;
    const original = elem.indexcolname ?? elem.name ?? figureColumnName(elem.expr) ?? 'expr';
    // Duplicates within one index get a number: (lower(a), lower(b)) -> lower, lower1.
    let name = original;
    for (let n = 1; names.includes(name); n++)
      name = clipBytes(original, 63 - String(n).length) + n;
    names.push(name);
  }
  return names;
}

/** Joins column names with "_", stopping once the result reaches NAMEDATALEN (as PostgreSQL). */
function joinColumnNames(names: readonly string[]): string {
  let joined = '';
  for (const name of names) {
    if (joined.length > 0) joined += '_';
    joined += name;
    if (Buffer.byteLength(joined, 'utf8') >= MAX_IDENTIFIER_BYTES + 1) break;
  }
  return joined;
}

/** Truncates to at most `maxBytes` UTF-8 bytes without splitting a character. */
function clipBytes(text: string, maxBytes: number): string {
  let out = '';
  let bytes = 0;
  for (const char of text) {
    const width = Buffer.byteLength(char, 'utf8');
    if (bytes + width > maxBytes) break;
    out += char;
    bytes += width;
  }
  return out;
}

/** PostgreSQL's makeObjectName: `name1_name2_label`, both names shortened to fit 63 bytes. */
export function makeObjectName(name1: string, name2: string | undefined, label: string): string {
  let name1Bytes = Buffer.byteLength(name1, 'utf8');
  let name2Bytes = name2 === undefined ? 0 : Buffer.byteLength(name2, 'utf8');
  const overhead = Buffer.byteLength(label, 'utf8') + 1 + (name2 === undefined ? 0 : 1);
  const available = MAX_IDENTIFIER_BYTES - overhead;
  while (name1Bytes + name2Bytes > available) {
    if (name1Bytes > name2Bytes) name1Bytes--;
    else name2Bytes--;
  }
  const parts = [clipBytes(name1, name1Bytes)];
  if (name2 !== undefined) parts.push(clipBytes(name2, name2Bytes));
  parts.push(label);
  return parts.join('_');
}

/**
 * The name PostgreSQL gives an unnamed index on a fresh database. `taken` holds relation names
 * already used in the index's schema; PostgreSQL then appends 1, 2, … to the label.
 */
export function chooseIndexName(index: IndexStmt, taken: ReadonlySet<string>): string {
  const table = index.relation?.relname ?? '';
  const label = index.primary
    ? 'pkey'
    : index.excludeOpNames?.length
      ? 'excl'
      : index.isconstraint
        ? 'key'
        : 'idx';
  const columns = index.primary ? undefined : joinColumnNames(indexColumnNames(index));
  let candidate = makeObjectName(table, columns, label);
  for (let pass = 1; taken.has(candidate); pass++) {
    candidate = makeObjectName(table, columns, `${label}${pass}`);
  }
  return candidate;
}
