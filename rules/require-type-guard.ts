import { isDroppedBefore, namePath, relationPath } from '../src/drops.js';
import { guardWithHandler } from '../src/fixes.js';
import type { Statement } from '../src/parse.js';
import { docsUrl, defineRule } from '../src/rule.js';

/**
 * `CREATE TYPE` (enum, composite, range, base) and `CREATE DOMAIN` have no IF NOT EXISTS; a
 * second run fails with `type … already exists`. The guarded form runs them in a DO block that
 * ignores `duplicate_object`.
 */
export default defineRule({
  id: 'require-type-guard',
  meta: {
    description: 'CREATE TYPE / CREATE DOMAIN must be guarded (they have no IF NOT EXISTS)',
    docs: { url: docsUrl('require-type-guard') },
    fixable: 'safe',
    defaultSeverity: 'error',
  },
  messages: {
    unguarded:
      'CREATE {{kind}} "{{name}}" fails on a second run (type already exists); guard it in a DO block that ignores duplicate_object',
  },
  create(context) {
    const check = (
      statement: Statement,
      kind: string,
      path: readonly string[],
      dropType: string,
    ) => {
      if (isDroppedBefore(context, statement, dropType, path)) return;
      if (dropType === 'OBJECT_TYPE' && isDroppedBefore(context, statement, 'OBJECT_DOMAIN', path))
        return;
      const fix = guardWithHandler(
        context,
        statement,
        ['duplicate_object'],
        'Guard with a DO block that ignores duplicate_object',
      );
      context.report({
        statement,
        messageId: 'unguarded',
        data: { kind, name: path.at(-1) ?? '' },
        ...(fix && { fix }),
      });
    };
    return {
      CreateEnumStmt(node, statement) {
        check(statement, 'TYPE … AS ENUM', (node.typeName ?? []).flatMap(namePath), 'OBJECT_TYPE');
      },
      CompositeTypeStmt(node, statement) {
        check(statement, 'TYPE … AS', relationPath(node.typevar), 'OBJECT_TYPE');
      },
      CreateRangeStmt(node, statement) {
        check(statement, 'TYPE … AS RANGE', (node.typeName ?? []).flatMap(namePath), 'OBJECT_TYPE');
      },
      DefineStmt(node, statement) {
        if (node.kind !== 'OBJECT_TYPE') return;
        check(statement, 'TYPE', (node.defnames ?? []).flatMap(namePath), 'OBJECT_TYPE');
      },
      CreateDomainStmt(node, statement) {
        check(statement, 'DOMAIN', (node.domainname ?? []).flatMap(namePath), 'OBJECT_DOMAIN');
      },
    };
  },
});
