import { ifNotExistsFix } from '../src/fixes.js';
import { docsUrl, defineRule } from '../src/rule.js';
import { findKeyword, nextCode } from '../src/tokens.js';

/** `ALTER TYPE … ADD VALUE 'x'` fails on a second run; `ADD VALUE IF NOT EXISTS 'x'` does not. */
export default defineRule({
  id: 'require-enum-value-if-not-exists',
  meta: {
    description: 'ALTER TYPE … ADD VALUE must use IF NOT EXISTS',
    docs: { url: docsUrl('require-enum-value-if-not-exists') },
    fixable: 'safe',
    defaultSeverity: 'error',
  },
  messages: {
    missing:
      "ALTER TYPE … ADD VALUE '{{value}}' fails on a second run (enum label already exists); add IF NOT EXISTS",
  },
  create(context) {
    return {
      AlterEnumStmt(node, statement) {
        if (node.oldVal || !node.newVal || node.skipIfNewValExists) return;
        const tokens = context.tokens(statement);
        const add = findKeyword(tokens, 'ADD');
        const value = add === -1 ? -1 : nextCode(tokens, add + 1);
        const label = value === -1 ? -1 : nextCode(tokens, value + 1);
        const token = tokens[value]?.keyword === 'VALUE' ? tokens[label] : undefined;
        context.report({
          statement,
          messageId: 'missing',
          data: { value: node.newVal },
          ...(token && { fix: ifNotExistsFix(context, statement, token.start) }),
        });
      },
    };
  },
});
