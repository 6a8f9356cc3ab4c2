/**
 * A catalog snapshot: what a migration leaves behind, as sorted text lines per category, with
 * no OIDs or other values that differ between databases or runs. Two snapshots are compared
 * line by line; a difference is drift.
 */

/** The minimal engine surface a snapshot needs (PGlite and `pg` adapters both provide it). */
export interface QueryEngine {
  query(sql: string): Promise<Record<string, unknown>[]>;
}

export type Snapshot = Record<string, string[]>;

/** Schemas PostgreSQL (or PGlite) owns; never part of a migration's footprint. */
const SYSTEM_SCHEMAS = `('pg_catalog', 'information_schema', 'pg_toast')`;
const USER_NAMESPACE = `n.nspname NOT IN ${SYSTEM_SCHEMAS} AND n.nspname NOT LIKE 'pg_temp_%' AND n.nspname NOT LIKE 'pg_toast_temp_%'`;
/** Objects that belong to an extension are the extension's, not the migration's. */
const notExtensionMember = (classTable: string, alias: string) =>
  `NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.classid = '${classTable}'::regclass AND d.objid = ${alias}.oid AND d.deptype = 'e')`;

const CATALOG_QUERIES: Record<string, string> = {
  schemas: `SELECT n.nspname || ' owner=' || pg_get_userbyid(n.nspowner) || ' acl=' || coalesce(n.nspacl::text, '') AS line
    FROM pg_namespace n WHERE ${USER_NAMESPACE}`,
  relations: `SELECT n.nspname || '.' || c.relname || ' kind=' || c.relkind::text || ' persistence=' || c.relpersistence::text
      || ' rls=' || c.relrowsecurity || ' force_rls=' || c.relforcerowsecurity
      || ' acl=' || coalesce(c.relacl::text, '') AS line
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${USER_NAMESPACE} AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f', 'c') AND ${notExtensionMember('pg_class', 'c')}`,
  columns: `SELECT n.nspname || '.' || c.relname || '.' || a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
      || ' notnull=' || a.attnotnull || ' default=' || coalesce(pg_get_expr(ad.adbin, ad.adrelid), '')
      || ' identity=' || a.attidentity::text || ' generated=' || a.attgenerated::text
      || ' collation=' || coalesce((SELECT collname FROM pg_collation WHERE oid = a.attcollation AND a.attcollation <> 100), '') AS line
    FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
    WHERE ${USER_NAMESPACE} AND a.attnum > 0 AND NOT a.attisdropped
      AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'c') AND ${notExtensionMember('pg_class', 'c')}`,
  indexes: `SELECT schemaname || '.' || indexname || ' ' || indexdef AS line FROM pg_indexes
    WHERE schemaname NOT IN ${SYSTEM_SCHEMAS}`,
  constraints: `SELECT n.nspname || '.' || coalesce(c.relname, t.typname) || ' ' || co.conname || ' ' || pg_get_constraintdef(co.oid) AS line
    FROM pg_constraint co JOIN pg_namespace n ON n.oid = co.connamespace
    LEFT JOIN pg_class c ON c.oid = co.conrelid LEFT JOIN pg_type t ON t.oid = co.contypid
    WHERE ${USER_NAMESPACE}`,
  triggers: `SELECT pg_get_triggerdef(t.oid) || ' enabled=' || t.tgenabled::text AS line FROM pg_trigger t
    JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${USER_NAMESPACE} AND NOT t.tgisinternal`,
  policies: `SELECT schemaname || '.' || tablename || ' ' || policyname || ' ' || permissive || ' ' || roles::text
      || ' ' || cmd || ' using=' || coalesce(qual, '') || ' check=' || coalesce(with_check, '') AS line
    FROM pg_policies`,
  functions: `SELECT n.nspname || '.' || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ') kind=' || p.prokind::text
      || ' returns=' || pg_get_function_result(p.oid) || ' md5=' || md5(coalesce(p.prosrc, '') || coalesce(p.probin, ''))
      || ' lang=' || l.lanname || ' volatile=' || p.provolatile::text || ' secdef=' || p.prosecdef
      || ' acl=' || coalesce(p.proacl::text, '') AS line
    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace JOIN pg_language l ON l.oid = p.prolang
    WHERE ${USER_NAMESPACE} AND ${notExtensionMember('pg_proc', 'p')}`,
  views: `SELECT n.nspname || '.' || c.relname || ' ' || md5(pg_get_viewdef(c.oid)) AS line
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE ${USER_NAMESPACE} AND c.relkind IN ('v', 'm') AND ${notExtensionMember('pg_class', 'c')}`,
  rules: `SELECT schemaname || '.' || tablename || ' ' || rulename || ' ' || md5(definition) AS line FROM pg_rules
    WHERE schemaname NOT IN ${SYSTEM_SCHEMAS}`,
  types: `SELECT n.nspname || '.' || t.typname || ' type=' || t.typtype::text
      || ' labels=' || coalesce((SELECT string_agg(e.enumlabel, ',' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid), '')
      || ' base=' || CASE WHEN t.typtype = 'd' THEN format_type(t.typbasetype, t.typtypmod) ELSE '' END
      || ' notnull=' || t.typnotnull || ' default=' || coalesce(t.typdefault, '') AS line
    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
    WHERE ${USER_NAMESPACE} AND t.typtype IN ('e', 'd', 'r', 'm', 'c')
      AND (t.typtype <> 'c' OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
      AND ${notExtensionMember('pg_type', 't')}`,
  sequences: `SELECT schemaname || '.' || sequencename || ' ' || data_type || ' start=' || start_value || ' inc=' || increment_by
      || ' min=' || min_value || ' max=' || max_value || ' cycle=' || cycle AS line FROM pg_sequences
    WHERE schemaname NOT IN ${SYSTEM_SCHEMAS}`,
  roles: `SELECT rolname || ' super=' || rolsuper || ' login=' || rolcanlogin || ' inherit=' || rolinherit
      || ' createrole=' || rolcreaterole || ' createdb=' || rolcreatedb || ' bypassrls=' || rolbypassrls
      || ' member_of=' || coalesce((SELECT string_agg(g.rolname, ',' ORDER BY g.rolname) FROM pg_auth_members m
          JOIN pg_roles g ON g.oid = m.roleid WHERE m.member = r.oid), '') AS line
    FROM pg_roles r WHERE rolname NOT LIKE 'pg\\_%'`,
  extensions: `SELECT extname || ' ' || extversion || ' schema=' || extnamespace::regnamespace::text AS line FROM pg_extension`,
  event_triggers: `SELECT evtname || ' ' || evtevent || ' ' || evtfoid::regproc::text || ' enabled=' || evtenabled::text
      || ' tags=' || coalesce(evttags::text, '') AS line FROM pg_event_trigger`,
  publications: `SELECT p.pubname || ' all=' || p.puballtables || ' ins=' || p.pubinsert || ' upd=' || p.pubupdate
      || ' del=' || p.pubdelete || ' tables=' || coalesce((SELECT string_agg(schemaname || '.' || tablename, ',' ORDER BY schemaname, tablename)
        FROM pg_publication_tables pt WHERE pt.pubname = p.pubname), '') AS line FROM pg_publication p`,
  default_privileges: `SELECT pg_get_userbyid(defaclrole) || ' ' || coalesce(defaclnamespace::regnamespace::text, '') || ' '
      || defaclobjtype::text || ' ' || defaclacl::text AS line FROM pg_default_acl`,
};

/** Ordinary and partitioned tables whose rows are part of the snapshot. */
const TABLES_QUERY = `SELECT format('%I.%I', n.nspname, c.relname) AS name
  FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE ${USER_NAMESPACE} AND c.relkind IN ('r', 'p') AND NOT c.relispartition
    AND ${notExtensionMember('pg_class', 'c')}`;

/** Roles present before any migration ran (bootstrap superuser etc.) are not the migration's. */
export async function baselineRoles(engine: QueryEngine): Promise<Set<string>> {
  const rows = await engine.query(`SELECT rolname FROM pg_roles`);
  return new Set(rows.map((row) => String(row.rolname)));
}

/** Databases present before any migration ran; a migration's CREATE DATABASE adds to them. */
export async function baselineDatabases(engine: QueryEngine): Promise<Set<string>> {
  const rows = await engine.query(`SELECT datname FROM pg_database`);
  return new Set(rows.map((row) => String(row.datname)));
}

export async function takeSnapshot(
  engine: QueryEngine,
  ignoreRoles: ReadonlySet<string> = new Set(),
): Promise<Snapshot> {
  const snapshot: Snapshot = {};
  for (const [category, sql] of Object.entries(CATALOG_QUERIES)) {
    const rows = await engine.query(sql);
    let lines = rows.map((row) => String(row.line ?? ''));
    if (category === 'roles') {
      lines = lines.filter((line) => !ignoreRoles.has(line.slice(0, line.indexOf(' '))));
    }
    snapshot[category] = lines.sort();
  }
  const rowLines: string[] = [];
  for (const row of await engine.query(TABLES_QUERY)) {
    const table = String(row.name);
    const [stats] = await engine.query(
      `SELECT count(*)::text AS n, coalesce(md5(string_agg(t::text, E'\\n' ORDER BY t::text)), '') AS hash FROM ${table} t`,
    );
    rowLines.push(`${table} rows=${String(stats?.n)} md5=${String(stats?.hash)}`);
  }
  snapshot.rows = rowLines.sort();
  return snapshot;
}

/**
 * The snapshot without row hashes (counts stay). Two separate first runs of the same migration
 * may store different `now()`, `random()` or `gen_random_uuid()` values: compare those with this.
 */
export function withoutRowContent(snapshot: Snapshot): Snapshot {
  return { ...snapshot, rows: (snapshot.rows ?? []).map((line) => line.replace(/ md5=\S*$/, '')) };
}

export interface SnapshotChange {
  readonly category: string;
  readonly kind: 'added' | 'removed';
  /** The snapshot entry (one catalog object or one table's row summary). */
  readonly entry: string;
}

/** Lines present in one snapshot and not the other, per category. */
export function diffSnapshots(before: Snapshot, after: Snapshot): SnapshotChange[] {
  const changes: SnapshotChange[] = [];
  const categories = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const category of categories) {
    const a = before[category] ?? [];
    const b = after[category] ?? [];
    const inA = new Map<string, number>();
    for (const line of a) inA.set(line, (inA.get(line) ?? 0) + 1);
    const inB = new Map<string, number>();
    for (const line of b) inB.set(line, (inB.get(line) ?? 0) + 1);
    for (const [line, count] of inA) {
      for (let i = inB.get(line) ?? 0; i < count; i++)
        changes.push({ category, kind: 'removed', entry: line });
    }
    for (const [line, count] of inB) {
      for (let i = inA.get(line) ?? 0; i < count; i++)
        changes.push({ category, kind: 'added', entry: line });
    }
  }
  return changes;
}
