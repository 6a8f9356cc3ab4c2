import { alterCommands } from '../src/alter.js';
import { guardWithCondition, quoteLiteral, relationText } from '../src/fixes.js';
import { docsUrl, defineRule } from '../src/rule.js';
import { keywordCaseOf, keywords } from '../src/sqltext.js';

/**
 * `ALTER TABLE … ATTACH PARTITION` fails on a second run (already a partition), and so does
 * `DETACH PARTITION` (not a partition any more). The guarded form checks `pg_inherits`.
 */
export default defineRule({
  id: 'require-partition-guard',
  meta: {
    description: 'ALTER TABLE … ATTACH / DETACH PARTITION must be guarded by a pg_inherits check',
    docs: { url: docsUrl('require-partition-guard') },
    fixable: 'safe',
    defaultSeverity: 'error',
  },
  messages: {
    attach:
      'ALTER TABLE "{{table}}" ATTACH PARTITION "{{partition}}" fails on a second run (already a partition); guard it with a pg_inherits check',
    detach:
      'ALTER TABLE "{{table}}" DETACH PARTITION "{{partition}}" fails on a second run (not a partition); guard it with a pg_inherits check',
  },
  create(context) {
    return {
      AlterTableStmt(node, statement) {
        if (node.objtype !== 'OBJECT_TABLE') return;
        const cmds = alterCommands(node);
        for (const cmd of cmds) {
          const attach = cmd.subtype === 'AT_AttachPartition';
          if (!attach && cmd.subtype !== 'AT_DetachPartition') continue;
          const partition = cmd.def && 'PartitionCmd' in cmd.def ? cmd.def.PartitionCmd : undefined;
          // DETACH … CONCURRENTLY cannot run in a transaction block, so it cannot be wrapped.
          const wrappable = cmds.length === 1 && !partition?.concurrent;
          const keywordCase = keywordCaseOf(context.source, statement);
          const condition =
            keywords(attach ? 'NOT EXISTS' : 'EXISTS', keywordCase) +
            keywords(
              ' (SELECT FROM pg_catalog.pg_inherits WHERE inhrelid = to_regclass(',
              keywordCase,
            ) +
            quoteLiteral(relationText(context, statement, partition?.name)) +
            keywords(') AND inhparent = to_regclass(', keywordCase) +
            `${quoteLiteral(relationText(context, statement, node.relation))}))`;
          const fix = wrappable
            ? guardWithCondition(context, statement, condition, 'Guard with a pg_inherits check')
            : undefined;
          context.report({
            statement,
            messageId: attach ? 'attach' : 'detach',
            data: {
              table: node.relation?.relname ?? '',
              partition: partition?.name?.relname ?? '',
            },
            ...(fix && { fix }),
          });
        }
      },
    };
  },
});
