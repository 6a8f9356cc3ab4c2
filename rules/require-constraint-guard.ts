import type { Constraint } from 'libpg-query';
import { alterCommands } from '../src/alter.js';
import { relationPath, sameQualifiedName, isDroppedBefore } from '../src/drops.js';
import { guardWithCondition, hasPlaceholder, quoteLiteral, relationText } from '../src/fixes.js';
import type { Statement } from '../src/parse.js';
import { docsUrl, defineRule } from '../src/rule.js';
import { keywordCaseOf, keywords } from '../src/sqltext.js';

const KIND: Record<string, string> = {
  CONSTR_CHECK: 'CHECK',
  CONSTR_PRIMARY: 'PRIMARY KEY',
  CONSTR_UNIQUE: 'UNIQUE',
  CONSTR_FOREIGN: 'FOREIGN KEY',
  CONSTR_EXCLUSION: 'EXCLUDE',
  CONSTR_NOTNULL: 'NOT NULL',
};

/**
 * `ALTER TABLE … ADD CONSTRAINT` has no IF NOT EXISTS. A named constraint fails on a second run;
 * an unnamed one is either refused (a second primary key) or silently added again under a new
 * name. The guarded form checks `pg_constraint` and keeps the constraint text as written.
 */
export default defineRule({
  id: 'require-constraint-guard',
  meta: {
    description: 'ALTER TABLE … ADD CONSTRAINT must be guarded by a pg_constraint check',
    docs: { url: docsUrl('require-constraint-guard') },
    fixable: 'safe',
    defaultSeverity: 'error',
  },
  messages: {
    named:
      'ALTER TABLE "{{table}}" ADD CONSTRAINT "{{name}}" fails on a second run (constraint already exists); guard it with a pg_constraint check',
    primary:
      'ALTER TABLE "{{table}}" ADD PRIMARY KEY fails on a second run (multiple primary keys); guard it with a pg_constraint check',
    unnamed:
      'ALTER TABLE "{{table}}" ADD {{kind}} without a name is added again under a new name on every rerun; name the constraint and guard it',
    multi:
      'ALTER TABLE "{{table}}" ADD CONSTRAINT "{{name}}" fails on a second run; move it into its own ALTER TABLE statement and guard it',
  },
  create(context) {
    /** Constraints dropped earlier in the file: `ALTER TABLE t DROP CONSTRAINT [IF EXISTS] c`. */
    const dropped: { table: readonly string[]; name: string; start: number }[] = [];

    const guard = (statement: Statement, name: string | undefined, condition: string) => {
      if (hasPlaceholder(context.source, statement, [name])) return undefined;
      return guardWithCondition(context, statement, condition, 'Guard with a pg_constraint check');
    };

    return {
      AlterTableStmt(node, statement) {
        const cmds = alterCommands(node);
        const table = relationPath(node.relation);
        for (const cmd of cmds) {
          if (cmd.subtype === 'AT_DropConstraint' && cmd.name) {
            dropped.push({ table, name: cmd.name, start: statement.start });
          }
        }
        if (isDroppedBefore(context, statement, 'OBJECT_TABLE', table)) return;
        const tableName = node.relation?.relname ?? '';
        const keywordCase = keywordCaseOf(context.source, statement);
        const relation = quoteLiteral(relationText(context, statement, node.relation));

        for (const cmd of cmds) {
          if (cmd.subtype !== 'AT_AddConstraint' || !cmd.def || !('Constraint' in cmd.def))
            continue;
          const constraint: Constraint = cmd.def.Constraint;
          const kind = KIND[constraint.contype ?? ''] ?? 'CONSTRAINT';
          const name = constraint.conname;
          if (
            name &&
            context.settings.trustDropBeforeCreate &&
            dropped.some(
              (d) =>
                d.name === name && d.start < statement.start && sameQualifiedName(d.table, table),
            )
          )
            continue;

          if (!name && constraint.contype !== 'CONSTR_PRIMARY') {
            context.report({ statement, messageId: 'unnamed', data: { table: tableName, kind } });
            continue;
          }
          if (cmds.length > 1) {
            context.report({
              statement,
              messageId: 'multi',
              data: { table: tableName, name: name ?? kind },
            });
            continue;
          }
          const condition = name
            ? keywords(
                'NOT EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE conname = ',
                keywordCase,
              ) +
              quoteLiteral(name) +
              keywords(' AND conrelid = to_regclass(', keywordCase) +
              `${relation}))`
            : keywords(
                "NOT EXISTS (SELECT FROM pg_catalog.pg_constraint WHERE contype = 'p' AND conrelid = to_regclass(",
                keywordCase,
              ) + `${relation}))`;
          const fix = guard(statement, name, condition);
          context.report({
            statement,
            messageId: name ? 'named' : 'primary',
            data: { table: tableName, name: name ?? '' },
            ...(fix && { fix }),
          });
        }
      },
    };
  },
});
