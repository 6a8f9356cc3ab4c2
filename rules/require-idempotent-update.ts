import type { Node } from 'libpg-query';
import { docsUrl, defineRule } from '../src/rule.js';

const ACCUMULATING_OPERATORS = new Set(['+', '-', '*', '/', '||']);
const ACCUMULATING_FUNCTIONS = new Set([
  'array_append',
  'array_prepend',
  'array_cat',
  'concat',
  'concat_ws',
]);

/**
 * `UPDATE t SET n = n + 1` (or `tags = tags || 'x'`, `array_append(col, …)`) changes the data
 * again on every rerun. Flagged only when certain: a column computed from itself, with no WHERE
 * condition on any column the statement sets (such a condition is usually the guard).
 */
export default defineRule({
  id: 'require-idempotent-update',
  meta: {
    description: 'UPDATE must not accumulate (SET n = n + 1) without a guard',
    docs: { url: docsUrl('require-idempotent-update') },
    fixable: 'none',
    defaultSeverity: 'error',
  },
  messages: {
    accumulates:
      'UPDATE "{{table}}" SET {{column}} = … {{column}} … changes the data again on every rerun; guard it with a WHERE condition that the update itself makes false',
  },
  create(context) {
    return {
      UpdateStmt(node, statement) {
        const targets = (node.targetList ?? []).flatMap((target) =>
          'ResTarget' in target && target.ResTarget.name ? [target.ResTarget] : [],
        );
        const setColumns = new Set(targets.map((target) => target.name ?? ''));
        // A WHERE on a column the update sets, or an EXISTS / NOT EXISTS check, is a guard.
        if (
          node.whereClause &&
          (referencedColumns(node.whereClause).some((column) => setColumns.has(column)) ||
            JSON.stringify(node.whereClause).includes('"EXISTS_SUBLINK"'))
        )
          return;
        for (const target of targets) {
          if (!target.val || !accumulates(target.val, target.name ?? '')) continue;
          context.report({
            statement,
            messageId: 'accumulates',
            data: { table: node.relation?.relname ?? '', column: target.name ?? '' },
          });
          return;
        }
      },
    };
  },
});

function isColumn(node: Node | undefined, column: string): boolean {
  if (!node || !('ColumnRef' in node)) return false;
  const last = node.ColumnRef.fields?.at(-1);
  return last !== undefined && 'String' in last && last.String.sval === column;
}

function accumulates(node: Node, column: string): boolean {
  if ('A_Expr' in node && node.A_Expr.kind === 'AEXPR_OP') {
    const op = node.A_Expr.name?.at(-1);
    const symbol = op && 'String' in op ? op.String.sval : undefined;
    if (symbol && ACCUMULATING_OPERATORS.has(symbol)) {
      return isColumn(node.A_Expr.lexpr, column) || isColumn(node.A_Expr.rexpr, column);
    }
  }
  if ('FuncCall' in node) {
    const name = node.FuncCall.funcname?.at(-1);
    const fn = name && 'String' in name ? name.String.sval : undefined;
    if (fn && ACCUMULATING_FUNCTIONS.has(fn))
      return (node.FuncCall.args ?? []).some((arg) => isColumn(arg, column));
  }
  return false;
}

function referencedColumns(node: unknown): string[] {
  const found: string[] = [];
  const walk = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(walk);
    else if (value && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      if ('ColumnRef' in object) {
        const fields = (object.ColumnRef as { fields?: { String?: { sval?: string } }[] }).fields;
        const last = fields?.at(-1)?.String?.sval;
        if (last) found.push(last);
      }
      Object.values(object).forEach(walk);
    }
  };
  walk(node);
  return found;
}
