import { chooseIndexName } from '../src/pgnames.js';
import { docsUrl, defineRule } from '../src/rule.js';
import { keywordCaseOf, keywords, quoteIdent } from '../src/sqltext.js';
import { afterKeywords } from '../src/tokens.js';

/**
 * `CREATE INDEX ON t (c)` never fails, it silently adds a duplicate index (`t_c_idx1`) on every
 * rerun. The fix names the index as a fresh database would and adds IF NOT EXISTS; it is unsafe
 * because on a database where the name was already taken by something else the result differs.
 */
export default defineRule({
  id: 'require-index-name',
  meta: {
    description: 'CREATE INDEX must name the index (an unnamed index is duplicated on every rerun)',
    docs: { url: docsUrl('require-index-name') },
    fixable: 'unsafe',
    defaultSeverity: 'error',
  },
  messages: {
    unnamed:
      'unnamed index on "{{table}}": every rerun silently adds a duplicate index; name it ("{{name}}" on a fresh database) and add IF NOT EXISTS',
  },
  create(context) {
    // Relation names taken per schema ('' = unqualified), in file order, so the generated name
    // matches what PostgreSQL picks when an earlier statement already took the obvious one.
    const taken = new Map<string, Set<string>>();
    const take = (schema: string | undefined, name: string | undefined) => {
      if (!name) return;
      const key = schema ?? '';
      let names = taken.get(key);
      if (!names) taken.set(key, (names = new Set()));
      names.add(name);
    };
    const takenIn = (schema: string | undefined) => taken.get(schema ?? '') ?? new Set<string>();

    return {
      CreateStmt(node) {
        take(node.relation?.schemaname, node.relation?.relname);
      },
      CreateSeqStmt(node) {
        take(node.sequence?.schemaname, node.sequence?.relname);
      },
      ViewStmt(node) {
        take(node.view?.schemaname, node.view?.relname);
      },
      IndexStmt(node, statement) {
        if (node.idxname) {
          take(node.relation?.schemaname, node.idxname);
          return;
        }
        const name = chooseIndexName(node, takenIn(node.relation?.schemaname));
        take(node.relation?.schemaname, name);

        const tokens = context.tokens(statement);
        const onIndex = afterKeywords(tokens, [
          'CREATE',
          { optional: 'UNIQUE' },
          'INDEX',
          { optional: 'CONCURRENTLY' },
        ]);
        const onToken = onIndex === -1 ? undefined : tokens[onIndex];
        const text =
          keywords('IF NOT EXISTS ', keywordCaseOf(context.source, statement)) +
          `${quoteIdent(name)} `;
        context.report({
          statement,
          messageId: 'unnamed',
          data: { table: node.relation?.relname ?? '', name },
          ...(onToken?.keyword === 'ON' && {
            fix: {
              title: `Name the index "${name}" and add IF NOT EXISTS`,
              applicability: 'unsafe',
              edits: [{ start: onToken.start, end: onToken.start, text }],
            },
          }),
        });
      },
    };
  },
});
