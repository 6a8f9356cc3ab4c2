import { isTableObjectDroppedBefore, relationPath } from '../src/drops.js';
import { docsUrl, defineRule } from '../src/rule.js';
import { dropTableObjectFirst, quoteIdent, relationText } from '../src/fixes.js';
import { writtenName } from '../src/tokens.js';

/**
 * `CREATE POLICY` has neither IF NOT EXISTS nor OR REPLACE. The guarded form drops the policy
 * first; the statement itself stays untouched.
 */
export default defineRule({
  id: 'require-policy-guard',
  meta: {
    description: 'CREATE POLICY must be preceded by DROP POLICY IF EXISTS',
    docs: { url: docsUrl('require-policy-guard') },
    fixable: 'safe',
    defaultSeverity: 'error',
  },
  messages: {
    unguarded:
      'CREATE POLICY "{{name}}" on "{{table}}" fails on a second run (policy already exists); precede it with DROP POLICY IF EXISTS',
  },
  create(context) {
    return {
      CreatePolicyStmt(node, statement) {
        if (!node.policy_name) return;
        const table = relationPath(node.table);
        if (
          isTableObjectDroppedBefore(context, statement, 'OBJECT_POLICY', table, node.policy_name)
        ) {
          return;
        }
        context.report({
          statement,
          messageId: 'unguarded',
          data: { name: node.policy_name, table: node.table?.relname ?? '' },
          fix: dropTableObjectFirst(
            context,
            statement,
            'POLICY',
            writtenName(context.tokens(statement), ['CREATE', 'POLICY']) ??
              quoteIdent(node.policy_name),
            relationText(context, statement, node.table),
          ),
        });
      },
    };
  },
});
