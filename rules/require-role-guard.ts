import { guardWithCondition, hasPlaceholder, quoteLiteral } from '../src/fixes.js';
import { docsUrl, defineRule } from '../src/rule.js';
import { keywordCaseOf, keywords } from '../src/sqltext.js';

/**
 * `CREATE ROLE / USER / GROUP` has no IF NOT EXISTS, and roles are cluster-wide: a second run —
 * or a run on a cluster where another database already created the role — fails. The guarded form
 * checks `pg_roles` first.
 */
export default defineRule({
  id: 'require-role-guard',
  meta: {
    description: 'CREATE ROLE / USER / GROUP must be guarded by a pg_roles check',
    docs: { url: docsUrl('require-role-guard') },
    fixable: 'safe',
    defaultSeverity: 'error',
  },
  messages: {
    unguarded:
      'CREATE {{kind}} "{{name}}" fails on a second run (role already exists); guard it with IF NOT EXISTS (SELECT FROM pg_roles …)',
  },
  create(context) {
    return {
      CreateRoleStmt(node, statement) {
        if (!node.role) return;
        const kind =
          node.stmt_type === 'ROLESTMT_USER'
            ? 'USER'
            : node.stmt_type === 'ROLESTMT_GROUP'
              ? 'GROUP'
              : 'ROLE';
        const keywordCase = keywordCaseOf(context.source, statement);
        const condition =
          keywords('NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = ', keywordCase) +
          `${quoteLiteral(node.role)})`;
        const fix = guardWithCondition(
          context,
          statement,
          condition,
          'Guard with a pg_roles check',
        );
        context.report({
          statement,
          messageId: 'unguarded',
          data: { kind, name: node.role },
          ...(fix && !hasPlaceholder(context.source, statement, [node.role]) && { fix }),
        });
      },
    };
  },
});
