import type { RangeVar } from 'libpg-query';
import { isDroppedBefore, relationPath } from '../src/drops.js';
import { ifNotExistsFix, locationIndex } from '../src/fixes.js';
import type { Statement } from '../src/parse.js';
import { docsUrl, defineRule } from '../src/rule.js';
import type { Fix } from '../src/rule.js';
import { afterKeywords } from '../src/tokens.js';

/**
 * CREATE statements that have an `IF NOT EXISTS` form (tables, sequences, schemas, extensions,
 * materialized views, statistics, collations, servers, foreign tables, user mappings) fail on
 * a second run without it.
 */
export default defineRule({
  id: 'require-create-if-not-exists',
  meta: {
    description:
      'CREATE TABLE / SEQUENCE / SCHEMA / EXTENSION / MATERIALIZED VIEW / … must use IF NOT EXISTS',
    docs: { url: docsUrl('require-create-if-not-exists') },
    fixable: 'safe',
    defaultSeverity: 'error',
  },
  messages: {
    missing: 'CREATE {{kind}} {{name}} fails on a second run (already exists); add IF NOT EXISTS',
  },
  create(context) {
    const report = (
      statement: Statement,
      kind: string,
      name: string,
      fix: Fix | undefined,
      minVersion = 9,
    ) => {
      context.report({
        statement,
        messageId: 'missing',
        data: { kind, name: name ? `"${name}"` : '' },
        ...(fix && context.settings.pgVersion >= minVersion && { fix }),
      });
    };
    /** `IF NOT EXISTS` goes right before the relation name. */
    const beforeRelation = (statement: Statement, relation: RangeVar | undefined) =>
      relation?.location === undefined
        ? undefined
        : ifNotExistsFix(context, statement, locationIndex(context, statement, relation.location));
    /** `IF NOT EXISTS` goes after a keyword sequence (`CREATE SCHEMA` …). */
    const afterWords = (statement: Statement, words: string[]) => {
      const tokens = context.tokens(statement);
      const index = afterKeywords(tokens, words);
      const token = index === -1 ? undefined : tokens[index];
      return token ? ifNotExistsFix(context, statement, token.start) : undefined;
    };
    const droppedTable = (statement: Statement, relation: RangeVar | undefined, type: string) =>
      isDroppedBefore(context, statement, type, relationPath(relation));

    return {
      CreateStmt(node, statement) {
        if (node.if_not_exists) return;
        if (droppedTable(statement, node.relation, 'OBJECT_TABLE')) return;
        report(
          statement,
          'TABLE',
          node.relation?.relname ?? '',
          beforeRelation(statement, node.relation),
        );
      },
      CreateTableAsStmt(node, statement) {
        if (node.if_not_exists || node.is_select_into) return;
        const matview = node.objtype === 'OBJECT_MATVIEW';
        const type = matview ? 'OBJECT_MATVIEW' : 'OBJECT_TABLE';
        if (droppedTable(statement, node.into?.rel, type)) return;
        report(
          statement,
          matview ? 'MATERIALIZED VIEW' : 'TABLE … AS',
          node.into?.rel?.relname ?? '',
          beforeRelation(statement, node.into?.rel),
          9.5,
        );
      },
      CreateSeqStmt(node, statement) {
        if (node.if_not_exists) return;
        if (droppedTable(statement, node.sequence, 'OBJECT_SEQUENCE')) return;
        report(
          statement,
          'SEQUENCE',
          node.sequence?.relname ?? '',
          beforeRelation(statement, node.sequence),
          9.5,
        );
      },
      CreateSchemaStmt(node, statement) {
        if (node.if_not_exists) return;
        if (
          node.schemaname &&
          isDroppedBefore(context, statement, 'OBJECT_SCHEMA', [node.schemaname])
        )
          return;
        // CREATE SCHEMA IF NOT EXISTS cannot carry schema elements (CREATE SCHEMA s CREATE TABLE …).
        const fix = node.schemaElts?.length
          ? undefined
          : afterWords(statement, ['CREATE', 'SCHEMA']);
        report(statement, 'SCHEMA', node.schemaname ?? '', fix);
      },
      CreateExtensionStmt(node, statement) {
        if (node.if_not_exists) return;
        if (node.extname && isDroppedBefore(context, statement, 'OBJECT_EXTENSION', [node.extname]))
          return;
        report(
          statement,
          'EXTENSION',
          node.extname ?? '',
          afterWords(statement, ['CREATE', 'EXTENSION']),
        );
      },
      CreateStatsStmt(node, statement) {
        if (node.if_not_exists || !node.defnames?.length) return;
        report(
          statement,
          'STATISTICS',
          lastName(node.defnames),
          afterWords(statement, ['CREATE', 'STATISTICS']),
          10,
        );
      },
      DefineStmt(node, statement) {
        if (node.kind !== 'OBJECT_COLLATION' || node.if_not_exists) return;
        report(
          statement,
          'COLLATION',
          lastName(node.defnames),
          afterWords(statement, ['CREATE', 'COLLATION']),
          10,
        );
      },
      CreateForeignServerStmt(node, statement) {
        if (node.if_not_exists) return;
        report(
          statement,
          'SERVER',
          node.servername ?? '',
          afterWords(statement, ['CREATE', 'SERVER']),
          9.6,
        );
      },
      CreateForeignTableStmt(node, statement) {
        if (node.base?.if_not_exists) return;
        report(
          statement,
          'FOREIGN TABLE',
          node.base?.relation?.relname ?? '',
          beforeRelation(statement, node.base?.relation),
          9.5,
        );
      },
      CreateUserMappingStmt(node, statement) {
        if (node.if_not_exists) return;
        report(
          statement,
          'USER MAPPING FOR',
          node.user?.rolename ?? '',
          afterWords(statement, ['CREATE', 'USER', 'MAPPING']),
          9.6,
        );
      },
    };
  },
});

function lastName(names: readonly unknown[] | undefined): string {
  const last = names?.at(-1) as { String?: { sval?: string } } | undefined;
  return last?.String?.sval ?? '';
}
