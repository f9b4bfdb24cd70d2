import { isNotCheckedKind, type NotCheckedCount, type NotCheckedKind } from '../../model/not-checked.js'
import { inUserSchema, isReportedTable, notExtensionMember, type ExtensionMemberCatalog } from './scope.js'

/**
 * One row per (kind, schema) of the objects the model cannot describe (model/not-checked.ts),
 * counted in the schemas we were asked about, without extension members: one UNION ALL of
 * grouped counts, so the whole inventory costs one query. Objects that hang off a table
 * (policies, rules, exclusion constraints, collations, ...) count when the table is reported;
 * objects of their own (types, operators, ...) when they live in a reported schema. Version notes:
 * - PG17+ also stores a domain's NOT NULL as a pg_constraint row (contype 'n'); typnotnull says
 *   the same on every version, so domain constraints are its CHECKs plus typnotnull.
 * - pg_publication_tables expands FOR ALL TABLES and (PG15+) FOR TABLES IN SCHEMA on every
 *   supported version, and lists partitions or their root as the publication publishes them.
 * - Every type gets an array type (typtype 'b'), and a range type a multirange (PG14+): those
 *   come with their element or range type and are not counted on their own.
 * - CREATE OPERATOR CLASS without FAMILY creates a family of the same name: only families
 *   created on their own (no class of that name in them) are counted.
 */
export const NOT_CHECKED_SQL = [
  onTables('policy', 'FROM pg_catalog.pg_policy pol JOIN pg_catalog.pg_class c ON c.oid = pol.polrelid'),
  onTables('exclusion_constraint', 'FROM pg_catalog.pg_constraint con JOIN pg_catalog.pg_class c ON c.oid = con.conrelid', "con.contype = 'x'"),
  grouped(
    'constraint_trigger',
    'count(*)',
    `FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE NOT t.tgisinternal AND t.tgconstraint <> 0 AND c.relkind IN ('r', 'p', 'v', 'm')
      AND ${inUserSchema('n')} AND ${notExtensionMember('pg_class', 'c')}`,
  ),
  // ON SELECT rules are how PostgreSQL stores a view's query; every other rule is the user's.
  grouped(
    'rule',
    'count(*)',
    `FROM pg_catalog.pg_rewrite r JOIN pg_catalog.pg_class c ON c.oid = r.ev_class
    JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE r.ev_type <> '1' AND ${inUserSchema('n')} AND ${notExtensionMember('pg_class', 'c')}`,
  ),
  onTables(
    'column_collation',
    `FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
    JOIN pg_catalog.pg_type ty ON ty.oid = a.atttypid`,
    'a.attnum > 0 AND NOT a.attisdropped AND a.attcollation <> ty.typcollation',
  ),
  onTables('inheritance', 'FROM pg_catalog.pg_class c', 'NOT c.relispartition AND EXISTS (SELECT FROM pg_catalog.pg_inherits i WHERE i.inhrelid = c.oid)'),
  // A table in two publications is one published table.
  grouped(
    'published_table',
    'count(DISTINCT c.oid)',
    `FROM pg_catalog.pg_publication_tables pt
    JOIN pg_catalog.pg_namespace n ON n.nspname = pt.schemaname
    JOIN pg_catalog.pg_class c ON c.relnamespace = n.oid AND c.relname = pt.tablename
    WHERE ${isReportedTable('c', 'n')}`,
  ),
  flags('pg_class', 'c', 'relnamespace', "c.relkind IN ('r', 'p', 'f')", [
    ['row_security', 'c.relrowsecurity'],
    ['forced_row_security', 'c.relforcerowsecurity'],
    ['foreign_table', "c.relkind = 'f'"],
  ]),
  flags('pg_type', 't', 'typnamespace', "t.typtype IN ('d', 'r')", [
    ['domain', "t.typtype = 'd'"],
    ['range_type', "t.typtype = 'r'"],
  ]),
  grouped(
    'domain_constraint',
    `sum((SELECT count(*) FROM pg_catalog.pg_constraint dc WHERE dc.contypid = t.oid AND dc.contype = 'c')
      + CASE WHEN t.typnotnull THEN 1 ELSE 0 END)`,
    `FROM pg_catalog.pg_type t JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
    WHERE t.typtype = 'd' AND ${inUserSchema('n')} AND ${notExtensionMember('pg_type', 't')}`,
  ),
  ownObject(
    'composite_type',
    'pg_type',
    't',
    'typnamespace',
    "t.typtype = 'c' AND EXISTS (SELECT FROM pg_catalog.pg_class tc WHERE tc.oid = t.typrelid AND tc.relkind = 'c')",
  ),
  ownObject(
    'base_type',
    'pg_type',
    't',
    'typnamespace',
    "t.typtype = 'b' AND NOT EXISTS (SELECT FROM pg_catalog.pg_type elem WHERE elem.oid = t.typelem AND elem.typarray = t.oid)",
  ),
  flags('pg_proc', 'p', 'pronamespace', "p.prokind IN ('a', 'w')", [
    ['aggregate', "p.prokind = 'a'"],
    ['window_function', "p.prokind = 'w'"],
  ]),
  ownObject('operator', 'pg_operator', 'o', 'oprnamespace'),
  ownObject('operator_class', 'pg_opclass', 'oc', 'opcnamespace'),
  ownObject(
    'operator_family',
    'pg_opfamily',
    'f',
    'opfnamespace',
    `NOT EXISTS (SELECT FROM pg_catalog.pg_opclass oc
      WHERE oc.opcfamily = f.oid AND oc.opcname = f.opfname AND oc.opcnamespace = f.opfnamespace)`,
  ),
  ownObject('collation', 'pg_collation', 'co', 'collnamespace'),
  ownObject('conversion', 'pg_conversion', 'cv', 'connamespace'),
  ownObject('statistics', 'pg_statistic_ext', 's', 'stxnamespace'),
  ownObject('text_search_configuration', 'pg_ts_config', 'tc', 'cfgnamespace'),
  ownObject('text_search_dictionary', 'pg_ts_dict', 'td', 'dictnamespace'),
  ownObject('text_search_parser', 'pg_ts_parser', 'tp', 'prsnamespace'),
  ownObject('text_search_template', 'pg_ts_template', 'tt', 'tmplnamespace'),
].join('\nUNION ALL\n')

/** `kind`'s count per schema over `fromWhere`, which must bind the namespace as `n`; no zero rows. */
function grouped(kind: NotCheckedKind, count: string, fromWhere: string): string {
  return `SELECT '${kind}'::text AS kind, n.nspname::text AS schema, (${count})::int AS count
  ${fromWhere}
  GROUP BY n.nspname HAVING ${count} > 0`
}

/** Rows of `from` that belong to a reported table `c` (joined to its namespace here). */
function onTables(kind: NotCheckedKind, from: string, condition = 'true'): string {
  return grouped(
    kind,
    'count(*)',
    `${from} JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE ${condition} AND ${isReportedTable('c', 'n')}`,
  )
}

/** Several kinds, each a condition on a row of `catalog`, from one scan of it (see ownObject). */
function flags(
  catalog: ExtensionMemberCatalog,
  alias: string,
  namespaceColumn: string,
  condition: string,
  kinds: readonly (readonly [NotCheckedKind, string])[],
): string {
  const values = kinds.map(([kind, applies]) => `('${kind}', ${applies})`).join(', ')
  return `SELECT k.kind::text AS kind, n.nspname::text AS schema, count(*)::int AS count
  FROM pg_catalog.${catalog} ${alias} JOIN pg_catalog.pg_namespace n ON n.oid = ${alias}.${namespaceColumn}
  CROSS JOIN LATERAL (VALUES ${values}) AS k(kind, applies)
  WHERE k.applies AND ${condition} AND ${inUserSchema('n')} AND ${notExtensionMember(catalog, alias)}
  GROUP BY k.kind, n.nspname`
}

/** Rows of `catalog` in a reported schema that no extension owns. */
function ownObject(kind: NotCheckedKind, catalog: ExtensionMemberCatalog, alias: string, namespaceColumn: string, condition = 'true'): string {
  return grouped(
    kind,
    'count(*)',
    `FROM pg_catalog.${catalog} ${alias} JOIN pg_catalog.pg_namespace n ON n.oid = ${alias}.${namespaceColumn}
    WHERE ${condition} AND ${inUserSchema('n')} AND ${notExtensionMember(catalog, alias)}`,
  )
}

export interface NotCheckedRow {
  readonly kind: string
  readonly schema: string
  readonly count: number
}

export function toNotCheckedCount(row: NotCheckedRow): NotCheckedCount {
  // The kinds are literals of NOT_CHECKED_SQL: anything else is a bug in this file.
  if (!isNotCheckedKind(row.kind)) throw new Error(`unknown not-checked kind ${JSON.stringify(row.kind)}`)
  return { kind: row.kind, schema: row.schema, count: row.count }
}
