import type { RangeVar } from 'libpg-query';
import { namePath } from '../src/drops.js';
import { guardWithCondition, hasPlaceholder, quoteLiteral, relationText } from '../src/fixes.js';
import type { Statement } from '../src/parse.js';
import { docsUrl, defineRule } from '../src/rule.js';
import { keywordCaseOf, keywords, qualifiedName, quoteIdent } from '../src/sqltext.js';

/** `OBJECT_FOREIGN_TABLE` → `foreign table`, for messages. */
function objectKind(type: string): string {
  return type
    .replace(/^OBJECT_/, '')
    .replace(/_/g, ' ')
    .toLowerCase();
}

const RELATION_KINDS = new Set([
  'OBJECT_TABLE',
  'OBJECT_VIEW',
  'OBJECT_MATVIEW',
  'OBJECT_INDEX',
  'OBJECT_SEQUENCE',
  'OBJECT_FOREIGN_TABLE',
]);

/**
 * `… RENAME … TO …` and `… SET SCHEMA …` fail on a second run: the old name is gone. The guarded
 * form renames only when the old name exists and the new one does not.
 */
export default defineRule({
  id: 'require-rename-guard',
  meta: {
    description: 'RENAME … TO … and SET SCHEMA must only run while the old name exists',
    docs: { url: docsUrl('require-rename-guard') },
    fixable: 'safe',
    defaultSeverity: 'error',
  },
  messages: {
    rename:
      'renaming {{kind}} "{{name}}" to "{{newName}}" fails on a second run (the old name is gone); guard it so it only runs while the old name exists',
    setSchema:
      'moving {{kind}} "{{name}}" to schema "{{newName}}" fails on a second run; guard it so it only runs while the object is still in its old schema',
  },
  create(context) {
    const sql = (statement: Statement) => {
      const keywordCase = keywordCaseOf(context.source, statement);
      return (text: string) => keywords(text, keywordCase);
    };
    const report = (
      statement: Statement,
      messageId: 'rename' | 'setSchema',
      data: Record<string, string>,
      condition: string | undefined,
    ) => {
      const fix =
        condition && !hasPlaceholder(context.source, statement, [data.name, data.newName])
          ? guardWithCondition(
              context,
              statement,
              condition,
              'Guard so it only runs while the old name exists',
            )
          : undefined;
      context.report({ statement, messageId, data, ...(fix && { fix }) });
    };
    /** The relation as written, and the same schema with another name. */
    const relationNames = (
      statement: Statement,
      relation: RangeVar | undefined,
      newName: string,
    ) => {
      const written = relationText(context, statement, relation);
      const schema = relation?.schemaname ? written.slice(0, written.lastIndexOf('.') + 1) : '';
      return { old: quoteLiteral(written), renamed: quoteLiteral(schema + quoteIdent(newName)) };
    };
    const attributeExists = (k: (text: string) => string, table: string, column: string) =>
      k('EXISTS (SELECT FROM pg_catalog.pg_attribute WHERE attrelid = to_regclass(') +
      table +
      k(') AND attname = ') +
      quoteLiteral(column) +
      k(' AND NOT attisdropped)');

    return {
      RenameStmt(node, statement) {
        const type = node.renameType ?? '';
        const newName = node.newname ?? '';
        const k = sql(statement);
        const kind = objectKind(type);
        if (RELATION_KINDS.has(type)) {
          // ALTER TABLE IF EXISTS old RENAME TO new: a no-op once old is gone.
          if (node.missing_ok) return;
          const { old, renamed } = relationNames(statement, node.relation, newName);
          const condition =
            k('to_regclass(') +
            old +
            k(') IS NOT NULL AND to_regclass(') +
            renamed +
            k(') IS NULL');
          report(
            statement,
            'rename',
            { kind, name: node.relation?.relname ?? '', newName },
            condition,
          );
          return;
        }
        if (type === 'OBJECT_COLUMN') {
          const table = quoteLiteral(relationText(context, statement, node.relation));
          const condition =
            attributeExists(k, table, node.subname ?? '') +
            k(' AND NOT ') +
            attributeExists(k, table, newName);
          report(
            statement,
            'rename',
            { kind: 'column', name: node.subname ?? '', newName },
            condition,
          );
          return;
        }
        if (
          type === 'OBJECT_TABCONSTRAINT' ||
          type === 'OBJECT_TRIGGER' ||
          type === 'OBJECT_POLICY'
        ) {
          const [catalog, relColumn, nameColumn] =
            type === 'OBJECT_TABCONSTRAINT'
              ? ['pg_constraint', 'conrelid', 'conname']
              : type === 'OBJECT_TRIGGER'
                ? ['pg_trigger', 'tgrelid', 'tgname']
                : ['pg_policy', 'polrelid', 'polname'];
          const table = quoteLiteral(relationText(context, statement, node.relation));
          const exists = (name: string) =>
            k(`EXISTS (SELECT FROM pg_catalog.${catalog} WHERE ${relColumn} = to_regclass(`) +
            table +
            k(`) AND ${nameColumn} = `) +
            quoteLiteral(name) +
            ')';
          const condition = exists(node.subname ?? '') + k(' AND NOT ') + exists(newName);
          const label = type === 'OBJECT_TABCONSTRAINT' ? 'constraint' : kind;
          report(
            statement,
            'rename',
            { kind: label, name: node.subname ?? '', newName },
            condition,
          );
          return;
        }
        if (type === 'OBJECT_SCHEMA') {
          const exists = (name: string) =>
            k('EXISTS (SELECT FROM pg_catalog.pg_namespace WHERE nspname = ') +
            quoteLiteral(name) +
            ')';
          const condition = exists(node.subname ?? '') + k(' AND NOT ') + exists(newName);
          report(statement, 'rename', { kind, name: node.subname ?? '', newName }, condition);
          return;
        }
        if (type === 'OBJECT_TYPE' || type === 'OBJECT_DOMAIN') {
          const path = node.object ? namePath(node.object) : [];
          const old = quoteLiteral(qualifiedName(path));
          const renamed = quoteLiteral(qualifiedName([...path.slice(0, -1), newName]));
          const condition =
            k('to_regtype(') + old + k(') IS NOT NULL AND to_regtype(') + renamed + k(') IS NULL');
          report(statement, 'rename', { kind, name: path.at(-1) ?? '', newName }, condition);
          return;
        }
        const name = node.subname ?? (node.object ? namePath(node.object).join('.') : '');
        report(statement, 'rename', { kind, name, newName }, undefined);
      },
      AlterObjectSchemaStmt(node, statement) {
        const type = node.objectType ?? '';
        const newSchema = node.newschema ?? '';
        const k = sql(statement);
        const kind = objectKind(type);
        if (RELATION_KINDS.has(type)) {
          if (node.missing_ok) return;
          const old = quoteLiteral(relationText(context, statement, node.relation));
          const moved = quoteLiteral(qualifiedName([newSchema, node.relation?.relname]));
          const condition =
            k('to_regclass(') + old + k(') IS NOT NULL AND to_regclass(') + moved + k(') IS NULL');
          report(
            statement,
            'setSchema',
            { kind, name: node.relation?.relname ?? '', newName: newSchema },
            condition,
          );
          return;
        }
        if (type === 'OBJECT_TYPE' || type === 'OBJECT_DOMAIN') {
          const path = node.object ? namePath(node.object) : [];
          const old = quoteLiteral(qualifiedName(path));
          const moved = quoteLiteral(qualifiedName([newSchema, path.at(-1)]));
          const condition =
            k('to_regtype(') + old + k(') IS NOT NULL AND to_regtype(') + moved + k(') IS NULL');
          report(
            statement,
            'setSchema',
            { kind, name: path.at(-1) ?? '', newName: newSchema },
            condition,
          );
          return;
        }
        const name = node.object ? namePath(node.object).join('.') : '';
        report(statement, 'setSchema', { kind, name, newName: newSchema }, undefined);
      },
      AlterEnumStmt(node, statement) {
        if (!node.oldVal) return;
        const k = sql(statement);
        const type = quoteLiteral(qualifiedName((node.typeName ?? []).flatMap(namePath)));
        const condition =
          k('EXISTS (SELECT FROM pg_catalog.pg_enum WHERE enumtypid = to_regtype(') +
          type +
          k(') AND enumlabel = ') +
          quoteLiteral(node.oldVal) +
          ')';
        report(
          statement,
          'rename',
          { kind: 'enum value', name: node.oldVal, newName: node.newVal ?? '' },
          condition,
        );
      },
    };
  },
});
