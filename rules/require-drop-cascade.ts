import type { Node } from 'libpg-query';
import { namePath, sameQualifiedName, sectionAt } from '../src/drops.js';
import { codeEnd, insertFix } from '../src/fixes.js';
import type { Statement } from '../src/parse.js';
import { docsUrl, defineRule } from '../src/rule.js';
import { keywordCaseOf, keywords } from '../src/sqltext.js';

/** The first schema of a `SET search_path = …` statement (where unqualified names are created). */
function searchPathSchema(statement: Statement): string | undefined {
  if (!('VariableSetStmt' in statement.node)) return undefined;
  const set = statement.node.VariableSetStmt;
  if (set.name !== 'search_path') return undefined;
  const first = JSON.stringify(set.args?.[0] ?? {}).match(/"sval":"((?:[^"\\]|\\.)*)"/);
  return first?.[1];
}

/** The schema part of a statement's created object, when it is qualified. */
function createdSchema(statement: Statement): string | undefined {
  const node = statement.node as unknown as Record<string, Record<string, unknown>>;
  const [kind] = Object.keys(node);
  const body = node[kind ?? ''] ?? {};
  const relation = (body.relation ??
    body.view ??
    body.sequence ??
    body.typevar ??
    (body.into as { rel?: unknown } | undefined)?.rel) as { schemaname?: string } | undefined;
  if (kind !== 'AlterTableStmt' && relation?.schemaname) return relation.schemaname;
  const names = (body.funcname ?? body.typeName ?? body.domainname ?? body.defnames) as
    Node[] | undefined;
  if (Array.isArray(names) && names.length > 1) return names.flatMap(namePath)[0];
  return undefined;
}

/** Relations a statement makes depend on other relations: view queries and foreign keys. */
function dependsOn(statement: Statement): string[][] {
  const found: string[][] = [];
  const walk = (value: unknown, inQuery: boolean): void => {
    if (Array.isArray(value)) value.forEach((item) => walk(item, inQuery));
    else if (value && typeof value === 'object') {
      const object = value as Record<string, unknown>;
      if (inQuery && 'RangeVar' in object) {
        const range = object.RangeVar as { schemaname?: string; relname?: string };
        if (range.relname)
          found.push([range.schemaname, range.relname].filter((p): p is string => !!p));
      }
      if ('Constraint' in object) {
        const pk = (object.Constraint as { pktable?: { schemaname?: string; relname?: string } })
          .pktable;
        if (pk?.relname) found.push([pk.schemaname, pk.relname].filter((p): p is string => !!p));
      }
      for (const [key, child] of Object.entries(object)) walk(child, inQuery || key === 'query');
    }
  };
  walk(statement.node, false);
  return found;
}

/**
 * `DROP SCHEMA s` / `DROP TABLE t` without CASCADE, in a file that goes on to create objects that
 * depend on it (objects in the schema; views or foreign keys on the table): the first run works,
 * a rerun fails with "cannot drop … because other objects depend on it".
 */
export default defineRule({
  id: 'require-drop-cascade',
  meta: {
    description:
      'DROP SCHEMA / TABLE without CASCADE fails on a rerun when the file later creates objects that depend on it',
    docs: { url: docsUrl('require-drop-cascade') },
    fixable: 'unsafe',
    defaultSeverity: 'error',
  },
  messages: {
    dependents:
      'DROP {{kind}} "{{name}}" fails on a rerun: this file later creates objects that depend on it ({{example}}); add CASCADE or drop the dependents first',
  },
  create(context) {
    const statements = context.file.statements;
    return {
      DropStmt(node, statement) {
        if (node.behavior === 'DROP_CASCADE') return;
        const type = node.removeType;
        if (type !== 'OBJECT_SCHEMA' && type !== 'OBJECT_TABLE') return;
        const section = sectionAt(context.source, statement.start);
        const later = statements.filter(
          (other) =>
            other.start > statement.start && sectionAt(context.source, other.start) === section,
        );
        for (const object of node.objects ?? []) {
          const path = namePath(object);
          // Unqualified objects land in the first schema of the search path set so far.
          let searchPath: string | undefined;
          const dependent = later.find((other) => {
            searchPath = searchPathSchema(other) ?? searchPath;
            if (type !== 'OBJECT_SCHEMA') {
              return dependsOn(other).some((target) => sameQualifiedName(target, path));
            }
            if (
              other.kind === 'CreateSchemaStmt' ||
              !/^Create|^Define|^ViewStmt|^CompositeType/.test(other.kind)
            ) {
              return false;
            }
            return (createdSchema(other) ?? searchPath) === path[0];
          });
          if (!dependent) continue;
          const example = context.source.position(dependent.start);
          const keywordCase = keywordCaseOf(context.source, statement);
          context.report({
            statement,
            messageId: 'dependents',
            data: {
              kind: type === 'OBJECT_SCHEMA' ? 'SCHEMA' : 'TABLE',
              name: path.join('.'),
              example: `line ${example.line}`,
            },
            fix: insertFix(
              'Add CASCADE',
              codeEnd(context, statement),
              keywords(' CASCADE', keywordCase),
              'unsafe',
            ),
          });
          return;
        }
      },
    };
  },
});
