import { isDroppedBefore } from '../src/drops.js';
import { docsUrl, defineRule } from '../src/rule.js';
import { keywordCaseOf, keywords } from '../src/sqltext.js';
import { afterKeywords } from '../src/tokens.js';

/** `CREATE INDEX name …` fails on a second run; `CREATE INDEX IF NOT EXISTS name …` is a no-op. */
export default defineRule({
  id: 'require-index-if-not-exists',
  meta: {
    description: 'CREATE INDEX must use IF NOT EXISTS',
    docs: { url: docsUrl('require-index-if-not-exists') },
    fixable: 'safe',
    defaultSeverity: 'error',
  },
  messages: {
    missing:
      'CREATE INDEX "{{name}}" fails on a second run (relation already exists); add IF NOT EXISTS',
  },
  create(context) {
    return {
      IndexStmt(node, statement) {
        if (node.if_not_exists || !node.idxname) return;
        const path = [node.relation?.schemaname, node.idxname].filter(
          (part): part is string => part !== undefined,
        );
        if (isDroppedBefore(context, statement, 'OBJECT_INDEX', path)) return;

        const tokens = context.tokens(statement);
        const nameIndex = afterKeywords(tokens, [
          'CREATE',
          { optional: 'UNIQUE' },
          'INDEX',
          { optional: 'CONCURRENTLY' },
        ]);
        const nameToken = nameIndex === -1 ? undefined : tokens[nameIndex];
        const text = keywords('IF NOT EXISTS ', keywordCaseOf(context.source, statement));
        context.report({
          statement,
          messageId: 'missing',
          data: { name: node.idxname },
          ...(nameToken && {
            fix: {
              title: 'Add IF NOT EXISTS',
              applicability: 'safe',
              edits: [{ start: nameToken.start, end: nameToken.start, text }],
            },
          }),
        });
      },
    };
  },
});
