/**
 * Recognises the DROP-then-CREATE pattern: a `DROP … [IF EXISTS]` earlier in the same file for
 * the same object makes a later CREATE of it safe to rerun.
 */
import type { Node } from 'libpg-query';
import { unguardedNestedStatements } from './nested.js';
import type { ParsedFile, Statement } from './parse.js';
import type { RuleContext } from './rule.js';
import type { SourceFile } from './source.js';

export interface DroppedObject {
  /** PostgreSQL's object type name, e.g. `OBJECT_TRIGGER`. */
  readonly type: string;
  /** The dropped name's parts as the parser folded them, e.g. `['public', 'users', 'audit']`. */
  readonly path: readonly string[];
  /** Where the DROP statement starts; it counts for statements after it. */
  readonly start: number;
  /** `DROP … CASCADE`: dependent objects (triggers, policies, indexes of a table) go too. */
  readonly cascade: boolean;
}

const cache = new WeakMap<ParsedFile, DroppedObject[]>();

export function droppedObjects(file: ParsedFile): readonly DroppedObject[] {
  let drops = cache.get(file);
  if (!drops) {
    drops = [];
    const statements = file.statements.flatMap((statement) => [
      statement,
      ...unguardedNestedStatements(file, statement),
    ]);
    for (const statement of statements) {
      if (!('DropStmt' in statement.node)) continue;
      const drop = statement.node.DropStmt;
      for (const object of drop.objects ?? []) {
        drops.push({
          type: drop.removeType ?? '',
          path: namePath(object),
          start: statement.start,
          cascade: drop.behavior === 'DROP_CASCADE',
        });
      }
    }
    cache.set(file, drops);
  }
  return drops;
}

/** The string parts of a dropped object's name (List of String, TypeName, ObjectWithArgs…). */
export function namePath(object: Node): string[] {
  if ('String' in object) return [object.String.sval ?? ''];
  if ('List' in object) return (object.List.items ?? []).flatMap(namePath);
  if ('TypeName' in object) return (object.TypeName.names ?? []).flatMap(namePath);
  if ('ObjectWithArgs' in object) return (object.ObjectWithArgs.objname ?? []).flatMap(namePath);
  return [];
}

/**
 * Whether two qualified names denote the same object: the trailing parts must be equal, and a
 * schema written on both sides must agree (one side may leave it to the search path).
 */
export function sameQualifiedName(a: readonly string[], b: readonly string[]): boolean {
  const length = Math.min(a.length, b.length);
  if (length === 0) return false;
  for (let i = 1; i <= length; i++) {
    if (a[a.length - i] !== b[b.length - i]) return false;
  }
  return true;
}

/**
 * The goose / dbmate section (`up` or `down`) an index falls in; undefined for plain SQL files.
 * Up and down sections run separately, so a DROP in one never guards a CREATE in the other.
 */
export function sectionAt(source: SourceFile, index: number): 'up' | 'down' | undefined {
  let section: 'up' | 'down' | undefined;
  for (const marker of source.sections) {
    if (marker.index > index) break;
    section = marker.section;
  }
  return section;
}

/** The drops that precede `statement` in its section, when the settings trust the pattern. */
function dropsBefore(context: DropContext, statement: Statement): DroppedObject[] {
  if (!context.settings.trustDropBeforeCreate) return [];
  const section = sectionAt(context.file.source, statement.start);
  return droppedObjects(context.file).filter(
    (drop) =>
      drop.start < statement.start && sectionAt(context.file.source, drop.start) === section,
  );
}

type DropContext = Pick<RuleContext, 'file' | 'settings'>;

/** Whether `statement` is preceded in its file (and section) by a DROP of the given object. */
export function isDroppedBefore(
  context: DropContext,
  statement: Statement,
  type: string,
  path: readonly string[],
): boolean {
  return dropsBefore(context, statement).some(
    (drop) => drop.type === type && sameQualifiedName(drop.path, path),
  );
}

/**
 * For objects that live on a table (triggers, policies, rules): the table part must match as a
 * qualified name and the object's own name exactly. Dropping the table itself also counts: its
 * triggers, policies and rules go with it.
 */
export function isTableObjectDroppedBefore(
  context: DropContext,
  statement: Statement,
  type: string,
  table: readonly string[],
  name: string,
): boolean {
  return dropsBefore(context, statement).some(
    (drop) =>
      (drop.type === type &&
        drop.path[drop.path.length - 1] === name &&
        sameQualifiedName(drop.path.slice(0, -1), table)) ||
      (drop.type === 'OBJECT_TABLE' && sameQualifiedName(drop.path, table)),
  );
}

export function relationPath(relation?: {
  schemaname?: string;
  relname?: string;
}): readonly string[] {
  return [relation?.schemaname, relation?.relname].filter((p): p is string => p !== undefined);
}
