import { isTableObjectDroppedBefore, relationPath } from '../src/drops.js';
import { docsUrl, defineRule } from '../src/rule.js';
import { dropTableObjectFirst, orReplaceFix, quoteIdent, relationText } from '../src/fixes.js';
import { writtenName } from '../src/tokens.js';

/**
 * `CREATE TRIGGER` has no IF NOT EXISTS. The guarded form drops the trigger first; the
 * statement itself stays untouched. `CREATE OR REPLACE TRIGGER` (PostgreSQL 14+) is safe too.
 */
export default defineRule({
  id: 'require-trigger-guard',
  meta: {
    description: 'CREATE TRIGGER must be preceded by DROP TRIGGER IF EXISTS (or use OR REPLACE)',
    docs: { url: docsUrl('require-trigger-guard') },
    fixable: 'safe',
    defaultSeverity: 'error',
  },
  messages: {
    unguarded:
      'CREATE TRIGGER "{{name}}" on "{{table}}" fails on a second run (trigger already exists); precede it with DROP TRIGGER IF EXISTS',
  },
  create(context) {
    return {
      CreateTrigStmt(node, statement) {
        const name = node.trigname;
        if (node.replace || !name) return;
        const table = relationPath(node.relation);
        if (isTableObjectDroppedBefore(context, statement, 'OBJECT_TRIGGER', table, name)) {
          return;
        }
        const dropFirst = () =>
          dropTableObjectFirst(
            context,
            statement,
            'TRIGGER',
            writtenName(context.tokens(statement), [
              'CREATE',
              { optional: 'CONSTRAINT' },
              'TRIGGER',
            ]) ?? quoteIdent(name),
            relationText(context, statement, node.relation),
          );
        context.report({
          statement,
          messageId: 'unguarded',
          data: { name, table: node.relation?.relname ?? '' },
          fix:
            context.settings.triggerFix === 'or-replace' &&
            context.settings.pgVersion >= 14 &&
            !node.isconstraint
              ? (orReplaceFix(context, statement) ?? dropFirst())
              : dropFirst(),
        });
      },
    };
  },
});
