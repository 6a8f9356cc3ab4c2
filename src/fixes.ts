/** Fix builders shared by rules: each returns the edits of one guarded form. */
import type { RangeVar } from 'libpg-query';
import type { Statement } from './parse.js';
import type { Fix, RuleContext } from './rule.js';
import { keywordCaseOf, keywords, lineBefore, quoteIdent, relationName } from './sqltext.js';

/**
 * `DROP <objectKind> IF EXISTS name ON table;` on its own line above the statement, which stays
 * untouched. For objects that live on a table and have no IF NOT EXISTS (triggers, policies).
 */
export function dropTableObjectFirst(
  context: RuleContext,
  statement: Statement,
  objectKind: 'TRIGGER' | 'POLICY' | 'RULE',
  name: string,
  table: RangeVar | undefined,
): Fix {
  const keywordCase = keywordCaseOf(context.source, statement);
  const drop =
    keywords(`DROP ${objectKind} IF EXISTS `, keywordCase) +
    `${quoteIdent(name)} ${keywords('ON', keywordCase)} ${relationName(table)};`;
  return {
    title: `Drop the ${objectKind.toLowerCase()} first with DROP ${objectKind} IF EXISTS`,
    applicability: 'safe',
    edits: [
      {
        start: statement.start,
        end: statement.start,
        text: lineBefore(context.source, statement, drop),
      },
    ],
  };
}
