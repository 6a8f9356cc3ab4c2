/**
 * ALTER TABLE sub-commands and their token ranges. The AST gives the actions (`cmds`) without
 * positions; the tokens after the table name, split at top-level commas, give them in the same
 * order, so a fix can edit one action of a multi-action statement.
 */
import type { AlterTableCmd, AlterTableStmt } from 'libpg-query';
import { locationIndex } from './fixes.js';
import type { Statement, Token } from './parse.js';
import type { RuleContext } from './rule.js';
import { nextCode } from './tokens.js';

export interface AlterAction {
  readonly cmd: AlterTableCmd;
  /** The action's code tokens (comments left out), e.g. `DROP COLUMN IF EXISTS x`. */
  readonly tokens: readonly Token[];
}

export function alterCommands(node: AlterTableStmt): AlterTableCmd[] {
  return (node.cmds ?? []).flatMap((cmd) => ('AlterTableCmd' in cmd ? [cmd.AlterTableCmd] : []));
}

/** The statement's actions with their tokens; undefined when they cannot be matched up. */
export function alterActions(
  context: RuleContext,
  statement: Statement,
  node: AlterTableStmt,
): AlterAction[] | undefined {
  const cmds = alterCommands(node);
  const location = node.relation?.location;
  if (location === undefined) return undefined;
  const tokens = context.tokens(statement).filter((token) => token.type !== 'comment');
  const nameStart = locationIndex(context, statement, location);
  let i = tokens.findIndex((token) => token.start === nameStart);
  if (i === -1) return undefined;
  // Skip the (qualified) table name and an optional `*`.
  i++;
  while (tokens[i]?.text === '.' && tokens[i + 1]) i += 2;
  if (tokens[i]?.text === '*') i++;

  const groups: Token[][] = [[]];
  let depth = 0;
  for (; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.text === '(' || token.text === '[') depth++;
    else if (token.text === ')' || token.text === ']') depth--;
    if (token.text === ',' && depth === 0) groups.push([]);
    else groups[groups.length - 1]!.push(token);
  }
  if (groups.length !== cmds.length) return undefined;
  return cmds.map((cmd, index) => ({ cmd, tokens: groups[index]! }));
}

export { nextCode };
