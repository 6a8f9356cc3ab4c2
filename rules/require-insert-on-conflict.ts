import type { InsertStmt, Node, SelectStmt } from 'libpg-query';
import { relationPath, sameQualifiedName } from '../src/drops.js';
import { codeEnd, insertFix } from '../src/fixes.js';
import type { Statement } from '../src/parse.js';
import { docsUrl, defineRule } from '../src/rule.js';
import { keywordCaseOf, keywords } from '../src/sqltext.js';

interface TableInfo {
  readonly path: readonly string[];
  /** Column names in table order (when the table was created in this file). */
  columns: string[];
  /** Each primary key or unique constraint, as its column names. */
  keys: string[][];
}

/**
 * `INSERT` without `ON CONFLICT` adds its rows again on every rerun (or fails on a unique key).
 * When the file declares a primary key or unique constraint for the table, and the INSERT
 * supplies all its columns, `ON CONFLICT DO NOTHING` makes the rerun a no-op.
 */
export default defineRule({
  id: 'require-insert-on-conflict',
  meta: {
    description:
      'INSERT must be rerunnable: ON CONFLICT for a known unique key, or a NOT EXISTS guard',
    docs: { url: docsUrl('require-insert-on-conflict') },
    fixable: 'safe',
    defaultSeverity: 'error',
  },
  messages: {
    keyed:
      'INSERT INTO "{{table}}" fails or duplicates rows on a second run; add ON CONFLICT DO NOTHING (unique key: {{key}})',
    noKey:
      'INSERT INTO "{{table}}" inserts its rows again on every rerun, and no primary key or unique constraint of "{{table}}" is known in this file; add ON CONFLICT on a unique key, or guard it with WHERE NOT EXISTS',
    keyNotSupplied:
      'INSERT INTO "{{table}}" inserts its rows again on every rerun: its unique key ({{key}}) is not among the inserted columns, so ON CONFLICT cannot catch the duplicate; insert the key explicitly or guard it with WHERE NOT EXISTS',
  },
  create(context) {
    const tables: TableInfo[] = [];
    const tableFor = (path: readonly string[]) => {
      let table = tables.find((candidate) => sameQualifiedName(candidate.path, path));
      if (!table) tables.push((table = { path, columns: [], keys: [] }));
      return table;
    };
    const addConstraint = (table: TableInfo, constraint: Node, column?: string) => {
      if (!('Constraint' in constraint)) return;
      const { contype, keys } = constraint.Constraint;
      if (contype !== 'CONSTR_PRIMARY' && contype !== 'CONSTR_UNIQUE') return;
      const names = keys?.length ? keys.flatMap(stringValue) : column ? [column] : [];
      if (names.length) table.keys.push(names);
    };

    return {
      CreateStmt(node) {
        const table = tableFor(relationPath(node.relation));
        table.columns = [];
        for (const element of node.tableElts ?? []) {
          if ('ColumnDef' in element) {
            const name = element.ColumnDef.colname ?? '';
            table.columns.push(name);
            for (const constraint of element.ColumnDef.constraints ?? [])
              addConstraint(table, constraint, name);
          } else addConstraint(table, element);
        }
        for (const constraint of node.constraints ?? []) addConstraint(table, constraint);
      },
      IndexStmt(node) {
        if (!node.unique || node.whereClause) return;
        const names = (node.indexParams ?? []).map((param) =>
          'IndexElem' in param ? param.IndexElem.name : undefined,
        );
        if (names.every((name): name is string => typeof name === 'string')) {
          tableFor(relationPath(node.relation)).keys.push(names);
        }
      },
      AlterTableStmt(node) {
        const table = tableFor(relationPath(node.relation));
        for (const cmd of node.cmds ?? []) {
          if (!('AlterTableCmd' in cmd)) continue;
          const { subtype, def } = cmd.AlterTableCmd;
          if (subtype === 'AT_AddConstraint' && def) addConstraint(table, def);
          if (subtype === 'AT_AddColumn' && def && 'ColumnDef' in def) {
            const name = def.ColumnDef.colname ?? '';
            table.columns.push(name);
            for (const constraint of def.ColumnDef.constraints ?? [])
              addConstraint(table, constraint, name);
          }
        }
      },
      InsertStmt(node, statement) {
        if (node.onConflictClause || isGuarded(node)) return;
        const path = relationPath(node.relation);
        const tableName = node.relation?.relname ?? '';
        const table = tables.find((candidate) => sameQualifiedName(candidate.path, path));
        if (!table || table.keys.length === 0) {
          context.report({ statement, messageId: 'noKey', data: { table: tableName } });
          return;
        }
        const supplied = suppliedColumns(node, table);
        const key = table.keys.find((columns) =>
          columns.every((column) => supplied.includes(column)),
        );
        if (!key) {
          context.report({
            statement,
            messageId: 'keyNotSupplied',
            data: { table: tableName, key: (table.keys[0] ?? []).join(', ') },
          });
          return;
        }
        context.report({
          statement,
          messageId: 'keyed',
          data: { table: tableName, key: key.join(', ') },
          fix: onConflictFix(statement),
        });
      },
    };

    function onConflictFix(statement: Statement) {
      const text = keywords('ON CONFLICT DO NOTHING', keywordCaseOf(context.source, statement));
      const tokens = context.tokens(statement);
      // RETURNING comes after ON CONFLICT: insert before the last top-level RETURNING.
      let depth = 0;
      let returning: number | undefined;
      for (const token of tokens) {
        if (token.text === '(') depth++;
        else if (token.text === ')') depth--;
        else if (depth === 0 && token.keyword === 'RETURNING') returning = token.start;
      }
      if (returning !== undefined)
        return insertFix('Add ON CONFLICT DO NOTHING', returning, `${text} `);
      return insertFix('Add ON CONFLICT DO NOTHING', codeEnd(context, statement), ` ${text}`);
    }
  },
});

function stringValue(node: Node): string[] {
  return 'String' in node && node.String.sval !== undefined ? [node.String.sval] : [];
}

/** Columns the INSERT gives values for: its column list, or the first N table columns. */
function suppliedColumns(node: InsertStmt, table: TableInfo): string[] {
  if (node.cols?.length) {
    return node.cols.flatMap((col) =>
      'ResTarget' in col && col.ResTarget.name ? [col.ResTarget.name] : [],
    );
  }
  const select =
    node.selectStmt && 'SelectStmt' in node.selectStmt ? node.selectStmt.SelectStmt : undefined;
  const firstRow = select?.valuesLists?.[0];
  const width =
    firstRow && 'List' in firstRow
      ? (firstRow.List.items?.length ?? 0)
      : (select?.targetList?.length ?? 0);
  return table.columns.slice(0, width);
}

/** `INSERT … SELECT … WHERE NOT EXISTS (…)`: the classic hand-written guard. */
function isGuarded(node: InsertStmt): boolean {
  const select: SelectStmt | undefined =
    node.selectStmt && 'SelectStmt' in node.selectStmt ? node.selectStmt.SelectStmt : undefined;
  return (
    select?.whereClause !== undefined &&
    JSON.stringify(select.whereClause).includes('"EXISTS_SUBLINK"')
  );
}
