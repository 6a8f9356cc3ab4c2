import {
  isDroppedBefore,
  isTableObjectDroppedBefore,
  namePath,
  relationPath,
} from '../src/drops.js';
import { orReplaceFix } from '../src/fixes.js';
import type { Statement } from '../src/parse.js';
import { docsUrl, defineRule } from '../src/rule.js';

/**
 * CREATE statements that have an `OR REPLACE` form (functions, procedures, views, rules,
 * aggregates, transforms, languages) fail on a second run without it.
 */
export default defineRule({
  id: 'require-or-replace',
  meta: {
    description: 'CREATE FUNCTION / PROCEDURE / VIEW / RULE / AGGREGATE / … must use OR REPLACE',
    docs: { url: docsUrl('require-or-replace') },
    fixable: 'safe',
    defaultSeverity: 'error',
  },
  messages: {
    missing:
      'CREATE {{kind}} {{name}} fails on a second run (already exists); use CREATE OR REPLACE',
  },
  create(context) {
    const report = (statement: Statement, kind: string, name: string, minVersion = 9) => {
      const fix =
        context.settings.pgVersion >= minVersion ? orReplaceFix(context, statement) : undefined;
      context.report({
        statement,
        messageId: 'missing',
        data: { kind, name: `"${name}"` },
        ...(fix && { fix }),
      });
    };
    const dropped = (statement: Statement, type: string, path: readonly string[]) =>
      isDroppedBefore(context, statement, type, path);

    return {
      CreateFunctionStmt(node, statement) {
        if (node.replace) return;
        const path = (node.funcname ?? []).flatMap(namePath);
        const type = node.is_procedure ? 'OBJECT_PROCEDURE' : 'OBJECT_FUNCTION';
        if (dropped(statement, type, path) || dropped(statement, 'OBJECT_ROUTINE', path)) return;
        report(
          statement,
          node.is_procedure ? 'PROCEDURE' : 'FUNCTION',
          path.at(-1) ?? '',
          node.is_procedure ? 11 : 9,
        );
      },
      ViewStmt(node, statement) {
        if (node.replace || dropped(statement, 'OBJECT_VIEW', relationPath(node.view))) return;
        report(statement, 'VIEW', node.view?.relname ?? '');
      },
      RuleStmt(node, statement) {
        if (node.replace || !node.rulename) return;
        const table = relationPath(node.relation);
        if (isTableObjectDroppedBefore(context, statement, 'OBJECT_RULE', table, node.rulename))
          return;
        report(statement, 'RULE', node.rulename);
      },
      DefineStmt(node, statement) {
        if (node.kind !== 'OBJECT_AGGREGATE' || node.replace) return;
        const path = (node.defnames ?? []).flatMap(namePath);
        if (dropped(statement, 'OBJECT_AGGREGATE', path)) return;
        report(statement, 'AGGREGATE', path.at(-1) ?? '', 12);
      },
      CreateTransformStmt(node, statement) {
        if (node.replace) return;
        report(
          statement,
          'TRANSFORM FOR',
          (node.type_name?.names ?? []).flatMap(namePath).join('.'),
        );
      },
      CreatePLangStmt(node, statement) {
        if (node.replace || !node.plname) return;
        if (dropped(statement, 'OBJECT_LANGUAGE', [node.plname])) return;
        report(statement, 'LANGUAGE', node.plname);
      },
    };
  },
});
