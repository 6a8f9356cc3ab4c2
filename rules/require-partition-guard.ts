import type { AlterTableCmd, AlterTableStmt, RangeVar } from 'libpg-query';
import { alterCommands } from '../src/alter.js';
import type { Statement } from '../src/parse.js';
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
    description:
      'ALTER TABLE … ATTACH / DETACH PARTITION and INHERIT / NO INHERIT must be guarded by a pg_inherits check',
    docs: { url: docsUrl('require-partition-guard') },
    fixable: 'safe',
    defaultSeverity: 'error',
  },
  messages: {
    attach:
      'ALTER TABLE "{{table}}" ATTACH PARTITION "{{partition}}" fails on a second run (already a partition); guard it with a pg_inherits check',
    inherit:
      'ALTER TABLE "{{table}}" INHERIT "{{parent}}" fails on a second run (already inherits from it); guard it with a pg_inherits check',
    noInherit:
      'ALTER TABLE "{{table}}" NO INHERIT "{{parent}}" fails on a second run (no longer inherits from it); guard it with a pg_inherits check',
    detach:
      'ALTER TABLE "{{table}}" DETACH PARTITION "{{partition}}" fails on a second run (not a partition); guard it with a pg_inherits check',
  },
  create(context) {
    /** `[NOT] EXISTS` a pg_inherits row for child → parent, names as the statement writes them. */
    const inheritsCondition = (
      statement: Statement,
      absent: boolean,
      child: RangeVar | undefined,
      parent: RangeVar | undefined,
    ) => {
      const keywordCase = keywordCaseOf(context.source, statement);
      return (
        keywords(absent ? 'NOT EXISTS' : 'EXISTS', keywordCase) +
        keywords(
          ' (SELECT FROM pg_catalog.pg_inherits WHERE inhrelid = to_regclass(',
          keywordCase,
        ) +
        quoteLiteral(relationText(context, statement, child)) +
        keywords(') AND inhparent = to_regclass(', keywordCase) +
        `${quoteLiteral(relationText(context, statement, parent))}))`
      );
    };

    /** `INHERIT parent` / `NO INHERIT parent`: the same pg_inherits check as for partitions. */
    const inherit = (
      node: AlterTableStmt,
      statement: Statement,
      actions: number,
      cmd: AlterTableCmd,
    ) => {
      const adding = cmd.subtype === 'AT_AddInherit';
      const parent = cmd.def && 'RangeVar' in cmd.def ? cmd.def.RangeVar : undefined;
      const condition = inheritsCondition(statement, adding, node.relation, parent);
      const fix =
        actions === 1
          ? guardWithCondition(context, statement, condition, 'Guard with a pg_inherits check')
          : undefined;
      context.report({
        statement,
        messageId: adding ? 'inherit' : 'noInherit',
        data: { table: node.relation?.relname ?? '', parent: parent?.relname ?? '' },
        ...(fix && { fix }),
      });
    };

    return {
      AlterTableStmt(node, statement) {
        if (node.objtype !== 'OBJECT_TABLE') return;
        const cmds = alterCommands(node);
        for (const cmd of cmds) {
          if (cmd.subtype === 'AT_AddInherit' || cmd.subtype === 'AT_DropInherit') {
            inherit(node, statement, cmds.length, cmd);
            continue;
          }
          const attach = cmd.subtype === 'AT_AttachPartition';
          if (!attach && cmd.subtype !== 'AT_DetachPartition') continue;
          const partition = cmd.def && 'PartitionCmd' in cmd.def ? cmd.def.PartitionCmd : undefined;
          // DETACH … CONCURRENTLY cannot run in a transaction block, so it cannot be wrapped.
          const wrappable = cmds.length === 1 && !partition?.concurrent;
          const condition = inheritsCondition(statement, attach, partition?.name, node.relation);
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
