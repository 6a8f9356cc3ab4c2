/**
 * The libpg-query wrapper: the real PostgreSQL 18 parser (WASM). Turns a SourceFile into
 * statements with string-index ranges, scans tokens lazily (only for statements being fixed),
 * and turns parser failures into positioned errors.
 */
import { ensureParser, pg } from './pg-parser.js';
import type { Node } from 'libpg-query';
import type { SourceFile } from './source.js';

/** Every AST node type name, mapped to its payload type (`IndexStmt` → `IndexStmt`). */
export type NodeMap = { [N in Node as keyof N & string]: N[keyof N] };
export type NodeKind = keyof NodeMap;

export interface Statement {
  /** The statement node, e.g. `{ IndexStmt: {...} }`. */
  readonly node: Node;
  /** Its node type name, e.g. `IndexStmt`. */
  readonly kind: NodeKind;
  /** Index into `source.text` of the statement's first token. */
  readonly start: number;
  /** Index just past the statement's last token (before its semicolon). */
  readonly end: number;
  /** The same range in UTF-8 bytes of the parser text. */
  readonly byteStart: number;
  readonly byteEnd: number;
  /** 0-based position in the file (a statement inside a DO block has its DO block's). */
  readonly ordinal: number;
  /** Byte offset that node `location` fields are relative to (0 for top-level statements). */
  readonly locationBase: number;
  /** For a statement inside a DO block: that DO statement. */
  readonly container?: Statement;
}

export type TokenType =
  'keyword' | 'identifier' | 'string' | 'number' | 'comment' | 'parameter' | 'operator';

export interface Token {
  /** Index into `source.text`. */
  readonly start: number;
  readonly end: number;
  /** The token's text as written. */
  readonly text: string;
  readonly type: TokenType;
  /** Upper-case keyword name when the token is a keyword (reserved or not). */
  readonly keyword?: string;
}

export interface ParseError {
  readonly message: string;
  /** Index into `source.text` where the parser gave up. */
  readonly index: number;
}

export interface ParsedFile {
  readonly source: SourceFile;
  readonly statements: readonly Statement[];
  /** Set when the file does not parse; `statements` is then empty. */
  readonly error?: ParseError;
}

/**
 * libpg-query throws above ~50 MB and its scanner silently returns nothing from ~25 MB: stay
 * well below both.
 */
export const MAX_PARSE_BYTES = 16 * 1024 * 1024;

export { ensureParser };

/** Parses a file into statements. Never throws for bad SQL: the error is returned instead. */
export function parseSource(source: SourceFile): ParsedFile {
  const text = source.parserText;
  const byteLength = Buffer.byteLength(text, 'utf8');
  if (byteLength > MAX_PARSE_BYTES) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    return {
      source,
      statements: [],
      error: {
        message: `file too large to parse (${mb(byteLength)} MB; the limit is ${mb(MAX_PARSE_BYTES)} MB)`,
        index: 0,
      },
    };
  }
  if (text.trim() === '') return { source, statements: [] };

  let raw;
  try {
    raw = pg().parseSync(text).stmts ?? [];
  } catch (error) {
    return { source, statements: [], error: toParseError(source, error) };
  }

  const statements: Statement[] = [];
  for (const rawStmt of raw) {
    if (!rawStmt.stmt) continue;
    const byteStart = rawStmt.stmt_location ?? 0;
    const byteEnd = rawStmt.stmt_len ? byteStart + rawStmt.stmt_len : byteLength;
    const start = source.byteToIndex(byteStart);
    const end = trimEnd(source.text, start, source.byteToIndex(byteEnd));
    statements.push({
      node: rawStmt.stmt,
      kind: Object.keys(rawStmt.stmt)[0] as NodeKind,
      start,
      end,
      byteStart,
      byteEnd: source.indexToByte(end),
      ordinal: statements.length,
      locationBase: 0,
    });
  }
  return { source, statements };
}

function trimEnd(text: string, start: number, end: number): number {
  while (end > start && /\s/.test(text[end - 1] ?? '')) end--;
  return end;
}

function toParseError(source: SourceFile, error: unknown): ParseError {
  const details = (error as { sqlDetails?: { message?: string; cursorPosition?: number } })
    ?.sqlDetails;
  const message =
    details?.message ?? (error instanceof Error ? error.message : String(error)) ?? 'parse error';
  const cursor = details?.cursorPosition;
  return {
    message,
    index: typeof cursor === 'number' && cursor >= 0 ? source.errorCursorToIndex(cursor) : 0,
  };
}

const tokenCache = new WeakMap<Statement, readonly Token[]>();

/**
 * The statement's tokens (comments included), scanned on first use. Scanning is ~3.5× slower
 * than parsing, so only rules that build a fix ask for them.
 */
export function statementTokens(source: SourceFile, statement: Statement): readonly Token[] {
  const cached = tokenCache.get(statement);
  if (cached) return cached;
  const tokens = scanRange(source, statement.byteStart, statement.byteEnd);
  tokenCache.set(statement, tokens);
  return tokens;
}

const bytesCache = new WeakMap<SourceFile, Buffer>();

export function parserBytes(source: SourceFile): Buffer {
  let bytes = bytesCache.get(source);
  if (!bytes) {
    bytes = Buffer.from(source.parserText, 'utf8');
    bytesCache.set(source, bytes);
  }
  return bytes;
}

/** Scans a byte range of the parser text; token positions are returned as text indexes. */
export function scanRange(source: SourceFile, byteStart: number, byteEnd: number): Token[] {
  const bytes = parserBytes(source).subarray(byteStart, byteEnd);
  const slice = bytes.toString('utf8');
  if (slice.trim() === '') return [];
  let scanned;
  try {
    scanned = pg().scanSync(slice).tokens;
  } catch {
    return [];
  }
  return scanned.map((token) => {
    // libpg-query reports token offsets in bytes of the scanned string.
    const start = source.byteToIndex(byteStart + token.start);
    const end = source.byteToIndex(byteStart + token.end);
    return {
      start,
      end,
      text: source.text.slice(start, end),
      type: tokenType(token.tokenName, token.keywordKind),
      ...(token.keywordKind > 0 ? { keyword: token.text.toUpperCase() } : {}),
    };
  });
}

function tokenType(name: string, keywordKind: number): TokenType {
  if (keywordKind > 0) return 'keyword';
  switch (name) {
    case 'IDENT':
    case 'UIDENT':
      return 'identifier';
    case 'SCONST':
    case 'USCONST':
    case 'BCONST':
    case 'XCONST':
      return 'string';
    case 'ICONST':
    case 'FCONST':
      return 'number';
    case 'SQL_COMMENT':
    case 'C_COMMENT':
      return 'comment';
    case 'PARAM':
      return 'parameter';
    default:
      return 'operator';
  }
}
