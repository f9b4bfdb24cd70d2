import type { Queryable } from '../queryable.js'

/**
 * How big each table is, by the catalog's estimates: pg_class.reltuples (rows as of the last
 * VACUUM/ANALYZE; -1 when never analysed, PostgreSQL 14+) and pg_total_relation_size (bytes,
 * with indexes and TOAST); a partitioned table has no storage of its own, so its partitions' are summed. Read only for --fix, after the snapshot: a repair's comment says what
 * a lock or a rewrite will cost, and an estimate is all it needs.
 */
export const TABLE_SIZES_SQL = `
SELECT n.nspname::text AS schema, c.relname::text AS name,
  CASE WHEN c.relkind = 'p'
    THEN (SELECT CASE WHEN bool_and(pc.reltuples < 0) THEN -1 ELSE sum(GREATEST(pc.reltuples, 0)) END FROM pg_catalog.pg_partition_tree(c.oid) t
          JOIN pg_catalog.pg_class pc ON pc.oid = t.relid WHERE t.isleaf)::float8
    ELSE c.reltuples::float8 END AS rows,
  CASE WHEN c.relkind = 'p'
    THEN (SELECT sum(pg_catalog.pg_total_relation_size(t.relid)) FROM pg_catalog.pg_partition_tree(c.oid) t)::float8
    ELSE pg_catalog.pg_total_relation_size(c.oid)::float8 END AS bytes
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname = ANY ($1::text[])`

export interface TableSize {
  /** Estimated rows; null when the table was never analysed. */
  readonly rows: number | null
  readonly bytes: number
}

/** Sizes of the tables in `schemas`, keyed `schema.table` as tableKey() keys them. */
export async function readTableSizes(
  db: Queryable,
  schemas: readonly string[],
  keyOf: (schema: string, table: string) => string,
): Promise<Map<string, TableSize>> {
  const rows = await db.query<{ schema: string; name: string; rows: number; bytes: number }>(TABLE_SIZES_SQL, [schemas])
  return new Map(rows.map((r) => [keyOf(r.schema, r.name), { rows: r.rows < 0 ? null : Math.round(r.rows), bytes: r.bytes }]))
}
