/**
 * PostgreSQL extensions PGlite can provide: its bundled contrib modules. `CREATE EXTENSION x`
 * works on PGlite only when x's module was passed in when the instance was created.
 */
import type { Extension } from '@electric-sql/pglite';

/** SQL extension name → PGlite contrib module name (they differ for uuid-ossp). */
const CONTRIB: Record<string, string> = {
  amcheck: 'amcheck',
  bloom: 'bloom',
  btree_gin: 'btree_gin',
  btree_gist: 'btree_gist',
  citext: 'citext',
  cube: 'cube',
  dict_int: 'dict_int',
  dict_xsyn: 'dict_xsyn',
  earthdistance: 'earthdistance',
  file_fdw: 'file_fdw',
  fuzzystrmatch: 'fuzzystrmatch',
  hstore: 'hstore',
  intarray: 'intarray',
  isn: 'isn',
  lo: 'lo',
  ltree: 'ltree',
  moddatetime: 'moddatetime',
  pageinspect: 'pageinspect',
  pg_buffercache: 'pg_buffercache',
  pg_freespacemap: 'pg_freespacemap',
  pg_stat_statements: 'pg_stat_statements',
  pg_surgery: 'pg_surgery',
  pg_trgm: 'pg_trgm',
  pg_visibility: 'pg_visibility',
  pg_walinspect: 'pg_walinspect',
  pgcrypto: 'pgcrypto',
  seg: 'seg',
  tablefunc: 'tablefunc',
  tcn: 'tcn',
  tsm_system_rows: 'tsm_system_rows',
  tsm_system_time: 'tsm_system_time',
  unaccent: 'unaccent',
  'uuid-ossp': 'uuid_ossp',
};

/** Extensions that are part of every PostgreSQL (no module needed). */
const BUILT_IN = new Set(['plpgsql']);

export function isAvailableOnPglite(name: string): boolean {
  return BUILT_IN.has(name) || name in CONTRIB;
}

/** Loads the contrib modules for the given SQL extension names (unknown names are skipped). */
export async function pgliteExtensions(
  names: Iterable<string>,
): Promise<Record<string, Extension>> {
  const extensions: Record<string, Extension> = {};
  for (const name of names) {
    const module = CONTRIB[name];
    if (!module || module in extensions) continue;
    const loaded = (await import(`@electric-sql/pglite/contrib/${module}`)) as Record<
      string,
      Extension
    >;
    const extension = loaded[module];
    if (extension) extensions[module] = extension;
  }
  return extensions;
}
