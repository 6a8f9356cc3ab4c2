/**
 * Fix builders shared by rules. Each returns the edits of one guarded form; the user's own
 * statement text is never rewritten, only surrounded or given a few inserted keywords.
 */
import type { RangeVar } from 'libpg-query';
import type { Statement, Token } from './parse.js';
import type { Applicability, Fix, RuleContext } from './rule.js';
import type { SourceFile } from './source.js';
import {
  indentationOf,
  keywordCaseOf,
  keywords,
  lineBefore,
  quoteIdent,
  relationName,
} from './sqltext.js';
import { nextCode } from './tokens.js';

export function insertFix(
  title: string,
  index: number,
  text: string,
  applicability: Applicability = 'safe',
): Fix {
  return { title, applicability, edits: [{ start: index, end: index, text }] };
}

/** Index into the file of a node's `location` (parser byte offset relative to the statement). */
export function locationIndex(
  context: RuleContext,
  statement: Statement,
  location: number,
): number {
  return context.source.byteToIndex(statement.locationBase + location);
}

/**
 * The source text of a (qualified) name starting at `index`, exactly as written: quoting and
 * template placeholders stay as they are. Undefined when a comment splits the name.
 */
export function nameTextAt(
  tokens: readonly Token[],
  index: number,
  text: string,
): string | undefined {
  let i = tokens.findIndex((token) => token.start === index);
  if (i === -1) return undefined;
  const first = tokens[i];
  let last = first;
  while (i + 2 < tokens.length && tokens[i + 1]?.text === '.' && isNamePart(tokens[i + 2])) {
    last = tokens[i + 2];
    i += 2;
  }
  if (!first || !last || !isNamePart(first)) return undefined;
  return text.slice(first.start, last.end);
}

function isNamePart(token: Token | undefined): boolean {
  return token?.type === 'identifier' || token?.type === 'keyword';
}

/** A relation's name as written in the statement (falling back to a correctly quoted one). */
export function relationText(
  context: RuleContext,
  statement: Statement,
  relation: RangeVar | undefined,
): string {
  if (relation?.location !== undefined) {
    const index = locationIndex(context, statement, relation.location);
    const written = nameTextAt(context.tokens(statement), index, context.source.text);
    if (written) return written;
  }
  return relationName(relation);
}

/**
 * Whether one of `names` (taken from the AST) is a masked template placeholder or psql
 * variable: a fix would then write the mask, not the placeholder, so it is not offered. Names
 * taken from the source text (`relationText`) keep their placeholders and need no check.
 */
export function hasPlaceholder(
  source: SourceFile,
  statement: Statement,
  names: readonly (string | undefined)[],
): boolean {
  const masked = source.masked.some(
    (mask) =>
      (mask.kind === 'template-placeholder' || mask.kind === 'psql-variable') &&
      mask.start < statement.end &&
      mask.end > statement.start,
  );
  return masked && names.some((name) => name !== undefined && /^['"]?_+['"]?$/.test(name));
}

/** `'text'` as an SQL string literal. */
export function quoteLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * Index just past the statement's last code token: text inserted after a statement goes here,
 * never after a trailing comment (which could swallow it).
 */
export function codeEnd(context: RuleContext, statement: Statement): number {
  const tokens = context.tokens(statement);
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i];
    if (token && token.type !== 'comment') return token.end;
  }
  return statement.end;
}

/** Inserts `OR REPLACE` right after the statement's CREATE keyword. */
export function orReplaceFix(context: RuleContext, statement: Statement): Fix | undefined {
  const tokens = context.tokens(statement);
  const create = tokens[nextCode(tokens, 0)];
  if (create?.keyword !== 'CREATE') return undefined;
  const text = keywords(' OR REPLACE', keywordCaseOf(context.source, statement));
  return insertFix('Use CREATE OR REPLACE', create.end, text);
}

/** Inserts `IF NOT EXISTS ` (in the statement's case) at `index`. */
export function ifNotExistsFix(context: RuleContext, statement: Statement, index: number): Fix {
  const text = keywords('IF NOT EXISTS ', keywordCaseOf(context.source, statement));
  return insertFix('Add IF NOT EXISTS', index, text);
}

/** Inserts `IF EXISTS ` (in the statement's case) at `index`. */
export function ifExistsFix(context: RuleContext, statement: Statement, index: number): Fix {
  const text = keywords('IF EXISTS ', keywordCaseOf(context.source, statement));
  return insertFix('Add IF EXISTS', index, text);
}

/**
 * `DROP <objectKind> IF EXISTS name ON table;` on its own line above the statement, which stays
 * untouched. For objects that live on a table and have no IF NOT EXISTS (triggers, policies).
 */
export function dropTableObjectFirst(
  context: RuleContext,
  statement: Statement,
  objectKind: 'TRIGGER' | 'POLICY' | 'RULE',
  name: string,
  table: string,
): Fix {
  const keywordCase = keywordCaseOf(context.source, statement);
  const drop =
    keywords(`DROP ${objectKind} IF EXISTS `, keywordCase) +
    `${name} ${keywords('ON', keywordCase)} ${table};`;
  return insertFix(
    `Drop the ${objectKind.toLowerCase()} first with DROP ${objectKind} IF EXISTS`,
    statement.start,
    lineBefore(context.source, statement, drop),
  );
}

/** A dollar-quote tag that does not occur in the wrapped text. */
function dollarTag(text: string): string {
  if (!text.includes('$$')) return '$$';
  for (let n = 0; ; n++) {
    const tag = n === 0 ? '$sqlidem$' : `$sqlidem${n}$`;
    if (!text.includes(tag)) return tag;
  }
}

/** Statement kinds PostgreSQL refuses inside a transaction block (and so inside DO). */
export function cannotRunInBlock(statement: Statement): boolean {
  const node = statement.node as unknown as Record<string, Record<string, unknown>>;
  return (
    'CreatedbStmt' in node ||
    'CreateTableSpaceStmt' in node ||
    'DropdbStmt' in node ||
    'DropTableSpaceStmt' in node ||
    node.IndexStmt?.concurrent === true ||
    node.DropStmt?.concurrent === true ||
    'VacuumStmt' in node ||
    'AlterSystemStmt' in node
  );
}

/**
 * Runs the statement only when `condition` holds: `DO $$ BEGIN IF <condition> THEN <statement>;
 * END IF; END $$;` at top level, a plain `IF … END IF` inside a DO block. The statement's text
 * is kept as written, on its own lines.
 */
export function guardWithCondition(
  context: RuleContext,
  statement: Statement,
  condition: string,
  title: string,
): Fix | undefined {
  if (cannotRunInBlock(statement)) return undefined;
  return wrapStatement(context, statement, title, (keywordCase, eol, indent, tag) => ({
    before: statement.container
      ? `${keywords('IF', keywordCase)} ${condition} ${keywords('THEN', keywordCase)}${eol}${indent}`
      : `${keywords(`DO ${tag} BEGIN IF`, keywordCase)} ${condition} ${keywords('THEN', keywordCase)}${eol}${indent}`,
    after: statement.container
      ? `;${eol}${indent}${keywords('END IF', keywordCase)}`
      : `;${eol}${indent}${keywords(`END IF; END ${tag}`, keywordCase)}`,
  }));
}

/**
 * Runs the statement and ignores the given errors (e.g. `duplicate_object`): `DO $$ BEGIN
 * <statement>; EXCEPTION WHEN … THEN NULL; END $$;` at top level, a nested block in a DO body.
 */
export function guardWithHandler(
  context: RuleContext,
  statement: Statement,
  conditions: readonly string[],
  title: string,
): Fix | undefined {
  if (cannotRunInBlock(statement)) return undefined;
  const handler = `EXCEPTION WHEN ${conditions.join(' OR ')} THEN NULL; END`;
  return wrapStatement(context, statement, title, (keywordCase, eol, indent, tag) => ({
    before: statement.container
      ? `${keywords('BEGIN', keywordCase)}${eol}${indent}`
      : `${keywords(`DO ${tag} BEGIN`, keywordCase)}${eol}${indent}`,
    after: statement.container
      ? `;${eol}${indent}${keywords(handler, keywordCase)}`
      : `;${eol}${indent}${keywords(`${handler} ${tag}`, keywordCase)}`,
  }));
}

function wrapStatement(
  context: RuleContext,
  statement: Statement,
  title: string,
  build: (
    keywordCase: 'upper' | 'lower',
    eol: string,
    indent: string,
    tag: string,
  ) => { before: string; after: string },
): Fix {
  const { source } = context;
  const end = codeEnd(context, statement);
  const text = source.text.slice(statement.start, end);
  const indent = indentationOf(source, statement.start) ?? '';
  // The tag must not clash with the statement, nor with the DO body it sits in.
  const container = statement.container
    ? source.text.slice(statement.container.start, statement.container.end)
    : text;
  const { before, after } = build(
    keywordCaseOf(source, statement),
    source.eol,
    indent,
    dollarTag(container),
  );
  return {
    title,
    applicability: 'safe',
    edits: [
      { start: statement.start, end: statement.start, text: before },
      { start: end, end, text: after },
    ],
  };
}

export { quoteIdent };
