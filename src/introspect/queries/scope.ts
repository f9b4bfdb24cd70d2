/**
 * SQL fragments shared by the catalog queries: which schemas and objects are ours to report.
 * Every query takes the schema list as `$1` (text[], or NULL for every user schema).
 */

/**
 * `alias` (a pg_namespace row) is a user schema we were asked about. PostgreSQL refuses to create
 * schemas named `pg_*`, so the prefix covers pg_catalog, pg_toast and every pg_temp_N /
 * pg_toast_temp_N; information_schema is the only other system schema.
 */
export function inUserSchema(alias: string): string {
  return `${alias}.nspname NOT LIKE 'pg\\_%' AND ${alias}.nspname <> 'information_schema'
    AND ($1::text[] IS NULL OR ${alias}.nspname = ANY ($1::text[]))`
}

/** Catalogs whose rows CREATE EXTENSION can own (each has an oid and a schema). */
export type ExtensionMemberCatalog =
  | 'pg_class'
  | 'pg_proc'
  | 'pg_type'
  | 'pg_operator'
  | 'pg_opclass'
  | 'pg_opfamily'
  | 'pg_collation'
  | 'pg_conversion'
  | 'pg_statistic_ext'
  | 'pg_ts_config'
  | 'pg_ts_dict'
  | 'pg_ts_parser'
  | 'pg_ts_template'

/**
 * The object `alias`.oid (a row of `catalog`) is not a member of an extension: CREATE EXTENSION
 * records its objects with pg_depend.deptype 'e', and they are the extension's business, not ours.
 */
export function notExtensionMember(catalog: ExtensionMemberCatalog, alias: string): string {
  return `NOT EXISTS (SELECT FROM pg_catalog.pg_depend dep
    WHERE dep.classid = 'pg_catalog.${catalog}'::pg_catalog.regclass AND dep.objid = ${alias}.oid AND dep.deptype = 'e')`
}

/** `alias` (a pg_class row joined to namespace `ns`) is a reported table: ordinary or partitioned. */
export function isReportedTable(alias: string, ns: string): string {
  return `${alias}.relkind IN ('r', 'p') AND ${inUserSchema(ns)} AND ${notExtensionMember('pg_class', alias)}`
}
