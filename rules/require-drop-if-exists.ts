import { alterActions, alterCommands } from '../src/alter.js';
import { ifExistsFix } from '../src/fixes.js';
import type { Statement, Token } from '../src/parse.js';
import { docsUrl, defineRule } from '../src/rule.js';
import { afterKeywords } from '../src/tokens.js';

/** The keywords between DROP and the object name, per object type. */
const DROP_KEYWORDS: Record<string, (string | { optional: string })[]> = {
  OBJECT_TABLE: ['TABLE'],
  OBJECT_VIEW: ['VIEW'],
  OBJECT_MATVIEW: ['MATERIALIZED', 'VIEW'],
  OBJECT_INDEX: ['INDEX', { optional: 'CONCURRENTLY' }],
  OBJECT_SEQUENCE: ['SEQUENCE'],
  OBJECT_FOREIGN_TABLE: ['FOREIGN', 'TABLE'],
  OBJECT_TYPE: ['TYPE'],
  OBJECT_DOMAIN: ['DOMAIN'],
  OBJECT_SCHEMA: ['SCHEMA'],
  OBJECT_EXTENSION: ['EXTENSION'],
  OBJECT_FUNCTION: ['FUNCTION'],
  OBJECT_PROCEDURE: ['PROCEDURE'],
  OBJECT_ROUTINE: ['ROUTINE'],
  OBJECT_AGGREGATE: ['AGGREGATE'],
  OBJECT_OPERATOR: ['OPERATOR'],
  OBJECT_TRIGGER: ['TRIGGER'],
  OBJECT_POLICY: ['POLICY'],
  OBJECT_RULE: ['RULE'],
  OBJECT_COLLATION: ['COLLATION'],
  OBJECT_CONVERSION: ['CONVERSION'],
  OBJECT_EVENT_TRIGGER: ['EVENT', 'TRIGGER'],
  OBJECT_PUBLICATION: ['PUBLICATION'],
  OBJECT_STATISTIC_EXT: ['STATISTICS'],
  OBJECT_FOREIGN_SERVER: ['SERVER'],
  OBJECT_FDW: ['FOREIGN', 'DATA', 'WRAPPER'],
  OBJECT_LANGUAGE: [{ optional: 'PROCEDURAL' }, 'LANGUAGE'],
  OBJECT_ACCESS_METHOD: ['ACCESS', 'METHOD'],
  OBJECT_TSPARSER: ['TEXT', 'SEARCH', 'PARSER'],
  OBJECT_TSDICTIONARY: ['TEXT', 'SEARCH', 'DICTIONARY'],
  OBJECT_TSTEMPLATE: ['TEXT', 'SEARCH', 'TEMPLATE'],
  OBJECT_TSCONFIGURATION: ['TEXT', 'SEARCH', 'CONFIGURATION'],
  OBJECT_OPCLASS: ['OPERATOR', 'CLASS'],
  OBJECT_OPFAMILY: ['OPERATOR', 'FAMILY'],
  OBJECT_TRANSFORM: ['TRANSFORM'],
  OBJECT_CAST: ['CAST'],
};

/** The PostgreSQL spelling of an object type, for messages (`OBJECT_MATVIEW` → MATERIALIZED VIEW). */
function typeWords(type: string): string {
  const words = DROP_KEYWORDS[type];
  if (!words) return type.replace(/^OBJECT_/, '').replace(/_/g, ' ');
  return words.filter((word): word is string => typeof word === 'string').join(' ');
}

/** DROP without IF EXISTS fails on a second run: the object is already gone. */
export default defineRule({
  id: 'require-drop-if-exists',
  meta: {
    description: 'DROP … and ALTER TABLE … DROP COLUMN / CONSTRAINT must use IF EXISTS',
    docs: { url: docsUrl('require-drop-if-exists') },
    fixable: 'safe',
    defaultSeverity: 'error',
  },
  messages: {
    missing: 'DROP {{kind}} {{name}} fails on a second run (does not exist); add IF EXISTS',
    alter:
      'ALTER TABLE "{{table}}" DROP {{kind}} "{{name}}" fails on a second run (does not exist); add IF EXISTS',
  },
  create(context) {
    /** `IF EXISTS` goes at the code token after the keyword sequence. */
    const fixAfter = (
      statement: Statement,
      tokens: readonly Token[],
      words: (string | { optional: string })[],
    ) => {
      const index = afterKeywords(tokens, words);
      const token = index === -1 ? undefined : tokens[index];
      return token ? ifExistsFix(context, statement, token.start) : undefined;
    };
    const report = (
      statement: Statement,
      messageId: 'missing' | 'alter',
      data: Record<string, string>,
      fix: ReturnType<typeof fixAfter>,
    ) => context.report({ statement, messageId, data, ...(fix && { fix }) });

    return {
      DropStmt(node, statement) {
        if (node.missing_ok) return;
        const type = node.removeType ?? '';
        const words = DROP_KEYWORDS[type];
        const first = node.objects?.[0];
        const name =
          first && 'List' in first
            ? (first.List.items ?? [])
                .map((item) => ('String' in item ? item.String.sval : ''))
                .join('.')
            : first && 'String' in first
              ? (first.String.sval ?? '')
              : '';
        report(
          statement,
          'missing',
          { kind: typeWords(type), name: name ? `"${name}"` : '' },
          words ? fixAfter(statement, context.tokens(statement), ['DROP', ...words]) : undefined,
        );
      },
      DropRoleStmt(node, statement) {
        if (node.missing_ok) return;
        const first = node.roles?.[0];
        const name = first && 'RoleSpec' in first ? (first.RoleSpec.rolename ?? '') : '';
        const tokens = context.tokens(statement);
        const word = tokens.find(
          (token) =>
            token.keyword === 'USER' || token.keyword === 'GROUP' || token.keyword === 'ROLE',
        );
        report(
          statement,
          'missing',
          { kind: word?.keyword ?? 'ROLE', name: `"${name}"` },
          word ? fixAfter(statement, tokens, ['DROP', word.keyword ?? 'ROLE']) : undefined,
        );
      },
      DropdbStmt(node, statement) {
        if (node.missing_ok) return;
        report(
          statement,
          'missing',
          { kind: 'DATABASE', name: `"${node.dbname ?? ''}"` },
          fixAfter(statement, context.tokens(statement), ['DROP', 'DATABASE']),
        );
      },
      DropTableSpaceStmt(node, statement) {
        if (node.missing_ok) return;
        report(
          statement,
          'missing',
          { kind: 'TABLESPACE', name: `"${node.tablespacename ?? ''}"` },
          fixAfter(statement, context.tokens(statement), ['DROP', 'TABLESPACE']),
        );
      },
      DropSubscriptionStmt(node, statement) {
        if (node.missing_ok) return;
        report(
          statement,
          'missing',
          { kind: 'SUBSCRIPTION', name: `"${node.subname ?? ''}"` },
          fixAfter(statement, context.tokens(statement), ['DROP', 'SUBSCRIPTION']),
        );
      },
      DropUserMappingStmt(node, statement) {
        if (node.missing_ok) return;
        report(
          statement,
          'missing',
          { kind: 'USER MAPPING FOR', name: `"${node.user?.rolename ?? ''}"` },
          fixAfter(statement, context.tokens(statement), ['DROP', 'USER', 'MAPPING']),
        );
      },
      AlterTableStmt(node, statement) {
        const unsafe = alterCommands(node).filter(
          (cmd) =>
            (cmd.subtype === 'AT_DropColumn' || cmd.subtype === 'AT_DropConstraint') &&
            !cmd.missing_ok,
        );
        if (unsafe.length === 0) return;
        const actions = alterActions(context, statement, node);
        for (const cmd of unsafe) {
          const column = cmd.subtype === 'AT_DropColumn';
          const action = actions?.find((candidate) => candidate.cmd === cmd);
          const words = column ? ['DROP', { optional: 'COLUMN' }] : ['DROP', 'CONSTRAINT'];
          report(
            statement,
            'alter',
            {
              table: node.relation?.relname ?? '',
              kind: column ? 'COLUMN' : 'CONSTRAINT',
              name: cmd.name ?? '',
            },
            action ? fixAfter(statement, action.tokens, words) : undefined,
          );
        }
      },
    };
  },
});
