import { alterCommands } from '../src/alter.js';
import { guardWithCondition, hasPlaceholder, quoteLiteral, relationText } from '../src/fixes.js';
import { docsUrl, defineRule } from '../src/rule.js';
import { keywordCaseOf, keywords } from '../src/sqltext.js';

/**
 * `ALTER TABLE … ALTER COLUMN c ADD GENERATED … AS IDENTITY` fails on a second run (already an
 * identity column). The guarded form checks `pg_attribute.attidentity` first.
 */
export default defineRule({
  id: 'require-identity-guard',
  meta: {
    description: 'ALTER COLUMN … ADD GENERATED AS IDENTITY must be guarded by a pg_attribute check',
    docs: { url: docsUrl('require-identity-guard') },
    fixable: 'safe',
    defaultSeverity: 'error',
  },
  messages: {
    unguarded:
      'ALTER TABLE "{{table}}" ALTER COLUMN "{{column}}" ADD GENERATED AS IDENTITY fails on a second run (already an identity column); guard it with a pg_attribute check',
  },
  create(context) {
    return {
      AlterTableStmt(node, statement) {
        const cmds = alterCommands(node);
        for (const cmd of cmds) {
          if (cmd.subtype !== 'AT_AddIdentity' || !cmd.name) continue;
          const keywordCase = keywordCaseOf(context.source, statement);
          const condition =
            keywords(
              'NOT EXISTS (SELECT FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(',
              keywordCase,
            ) +
            quoteLiteral(relationText(context, statement, node.relation)) +
            keywords(') AND attname = ', keywordCase) +
            quoteLiteral(cmd.name) +
            keywords(" AND attidentity <> '')", keywordCase);
          const fix =
            cmds.length === 1 && !hasPlaceholder(context.source, statement, [cmd.name])
              ? guardWithCondition(context, statement, condition, 'Guard with a pg_attribute check')
              : undefined;
          context.report({
            statement,
            messageId: 'unguarded',
            data: { table: node.relation?.relname ?? '', column: cmd.name },
            ...(fix && { fix }),
          });
        }
      },
    };
  },
});
