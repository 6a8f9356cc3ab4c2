import { namePath } from '../src/drops.js';
import {
  guardWithCondition,
  guardWithHandler,
  hasPlaceholder,
  quoteLiteral,
} from '../src/fixes.js';
import type { Statement } from '../src/parse.js';
import { docsUrl, defineRule } from '../src/rule.js';
import type { Fix } from '../src/rule.js';
import { keywordCaseOf, keywords } from '../src/sqltext.js';

/** A duplicate text search object trips a catalog unique index, not duplicate_object. */
const TS_ERRORS = ['duplicate_object', 'unique_violation'];

/**
 * CREATE statements with neither IF NOT EXISTS nor OR REPLACE (casts, operators, conversions,
 * event triggers, publications, subscriptions, text search objects, access methods, operator
 * classes and families, foreign-data wrappers, databases, tablespaces) fail on a second run.
 * Where PostgreSQL allows it, the fix runs them in a guarded DO block.
 */
export default defineRule({
  id: 'require-create-guard',
  meta: {
    description:
      'CREATE CAST / OPERATOR / EVENT TRIGGER / PUBLICATION / … (no IF NOT EXISTS form) must be guarded',
    docs: { url: docsUrl('require-create-guard') },
    fixable: 'safe',
    defaultSeverity: 'error',
  },
  messages: {
    unguarded:
      'CREATE {{kind}} {{name}} fails on a second run (already exists); guard it in a DO block',
    unfixable:
      'CREATE {{kind}} {{name}} fails on a second run (already exists), and cannot run inside a DO block; guard it in the migration tool or a script',
  },
  create(context) {
    const handler = (
      statement: Statement,
      kind: string,
      name: string,
      errors = ['duplicate_object'],
    ) =>
      report(
        statement,
        kind,
        name,
        guardWithHandler(
          context,
          statement,
          errors,
          `Guard with a DO block that ignores ${errors.join(', ')}`,
        ),
      );
    const catalogCheck = (
      statement: Statement,
      kind: string,
      name: string,
      catalog: string,
      column: string,
    ) => {
      const keywordCase = keywordCaseOf(context.source, statement);
      const condition =
        keywords(`NOT EXISTS (SELECT FROM pg_catalog.${catalog} WHERE ${column} = `, keywordCase) +
        `${quoteLiteral(name)})`;
      report(
        statement,
        kind,
        name,
        guardWithCondition(context, statement, condition, `Guard with a ${catalog} check`),
      );
    };
    const report = (statement: Statement, kind: string, name: string, fix: Fix | undefined) => {
      const usable =
        fix && !hasPlaceholder(context.source, statement, name.split('.')) ? fix : undefined;
      context.report({
        statement,
        messageId: fix ? 'unguarded' : 'unfixable',
        data: { kind, name: name ? `"${name}"` : '' },
        ...(usable && { fix: usable }),
      });
    };
    const unfixable = (statement: Statement, kind: string, name: string) =>
      report(statement, kind, name, undefined);

    return {
      CreateCastStmt(_node, statement) {
        handler(statement, 'CAST', '');
      },
      DefineStmt(node, statement) {
        const name = (node.defnames ?? []).flatMap(namePath).join('.');
        switch (node.kind) {
          case 'OBJECT_OPERATOR':
            return handler(statement, 'OPERATOR', name, ['duplicate_function', 'duplicate_object']);
          case 'OBJECT_TSPARSER':
            return handler(statement, 'TEXT SEARCH PARSER', name, TS_ERRORS);
          case 'OBJECT_TSDICTIONARY':
            return handler(statement, 'TEXT SEARCH DICTIONARY', name, TS_ERRORS);
          case 'OBJECT_TSTEMPLATE':
            return handler(statement, 'TEXT SEARCH TEMPLATE', name, TS_ERRORS);
          case 'OBJECT_TSCONFIGURATION':
            return handler(statement, 'TEXT SEARCH CONFIGURATION', name, TS_ERRORS);
          default:
            return undefined;
        }
      },
      CreateConversionStmt(node, statement) {
        handler(statement, 'CONVERSION', (node.conversion_name ?? []).flatMap(namePath).join('.'));
      },
      CreateEventTrigStmt(node, statement) {
        catalogCheck(
          statement,
          'EVENT TRIGGER',
          node.trigname ?? '',
          'pg_event_trigger',
          'evtname',
        );
      },
      CreatePublicationStmt(node, statement) {
        catalogCheck(statement, 'PUBLICATION', node.pubname ?? '', 'pg_publication', 'pubname');
      },
      CreateSubscriptionStmt(node, statement) {
        // CREATE SUBSCRIPTION that creates a slot cannot run in a transaction block.
        unfixable(statement, 'SUBSCRIPTION', node.subname ?? '');
      },
      CreateAmStmt(node, statement) {
        handler(statement, 'ACCESS METHOD', node.amname ?? '');
      },
      CreateOpClassStmt(node, statement) {
        handler(statement, 'OPERATOR CLASS', (node.opclassname ?? []).flatMap(namePath).join('.'));
      },
      CreateOpFamilyStmt(node, statement) {
        handler(
          statement,
          'OPERATOR FAMILY',
          (node.opfamilyname ?? []).flatMap(namePath).join('.'),
        );
      },
      CreateFdwStmt(node, statement) {
        handler(statement, 'FOREIGN DATA WRAPPER', node.fdwname ?? '');
      },
      CreatedbStmt(node, statement) {
        unfixable(statement, 'DATABASE', node.dbname ?? '');
      },
      CreateTableSpaceStmt(node, statement) {
        unfixable(statement, 'TABLESPACE', node.tablespacename ?? '');
      },
    };
  },
});
