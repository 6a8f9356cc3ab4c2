import { alterActions, alterCommands } from '../src/alter.js';
import { ifNotExistsFix } from '../src/fixes.js';
import { docsUrl, defineRule } from '../src/rule.js';
import { afterKeywords } from '../src/tokens.js';

/** `ALTER TABLE … ADD COLUMN c …` fails on a second run; `ADD COLUMN IF NOT EXISTS` does not. */
export default defineRule({
  id: 'require-add-column-if-not-exists',
  meta: {
    description: 'ALTER TABLE … ADD COLUMN must use IF NOT EXISTS',
    docs: { url: docsUrl('require-add-column-if-not-exists') },
    fixable: 'safe',
    defaultSeverity: 'error',
  },
  messages: {
    missing:
      'ALTER TABLE "{{table}}" ADD COLUMN "{{column}}" fails on a second run (column already exists); add IF NOT EXISTS',
  },
  create(context) {
    return {
      AlterTableStmt(node, statement) {
        if (node.objtype !== 'OBJECT_TABLE' && node.objtype !== 'OBJECT_FOREIGN_TABLE') return;
        const unsafe = alterCommands(node).filter(
          (cmd) => cmd.subtype === 'AT_AddColumn' && !cmd.missing_ok,
        );
        if (unsafe.length === 0) return;
        const actions = alterActions(context, statement, node);
        for (const cmd of unsafe) {
          const column = cmd.def && 'ColumnDef' in cmd.def ? (cmd.def.ColumnDef.colname ?? '') : '';
          const action = actions?.find((candidate) => candidate.cmd === cmd);
          const nameIndex = action
            ? afterKeywords(action.tokens, ['ADD', { optional: 'COLUMN' }])
            : -1;
          const nameToken = action?.tokens[nameIndex];
          context.report({
            statement,
            messageId: 'missing',
            data: { table: node.relation?.relname ?? '', column },
            ...(nameToken &&
              context.settings.pgVersion >= 10 && {
                fix: ifNotExistsFix(context, statement, nameToken.start),
              }),
          });
        }
      },
    };
  },
});
