import { canonicalExpression } from '../../model/canonical-expression.js'
import type { IndexModel } from '../../model/schema-model.js'
import { requireDeparsed } from '../catalog-changed.js'
import { isReportedTable } from './scope.js'

/**
 * Every index of every reported table, including those backing a primary key, unique or
 * exclusion constraint (constraint_name names it; pg_constraint.conindid also points at the
 * referenced table's index from foreign keys, hence the conrelid and contype conditions).
 * Key elements are positions 1..indnkeyatts (PG11+) of indkey: a column (its attname) or an
 * expression (indkey = 0, spelled by pg_get_indexdef(index, k, true), which gives the bare
 * expression without opclass). indoption bit 1 = DESC, bit 2 = NULLS FIRST. Positions after
 * indnkeyatts are INCLUDE columns. The same on PostgreSQL 13–18 and PGlite. pg_get_indexdef() and
 * pg_get_expr() answer NULL for an index or table dropped after our snapshot was taken; an
 * expression key without text, or a predicate without text (has_predicate), means just that.
 */
export const INDEXES_SQL = `
SELECT n.nspname::text AS schema, c.relname::text AS table, ic.relname::text AS name,
  am.amname::text AS method, i.indisunique AS is_unique,
  (SELECT pg_catalog.json_agg(pg_catalog.json_build_object(
      'column', a.attname::text,
      'expression', CASE WHEN i.indkey[k - 1] = 0 THEN pg_catalog.pg_get_indexdef(i.indexrelid, k, true) END,
      'option', i.indoption[k - 1]::int) ORDER BY k)
    FROM pg_catalog.generate_series(1, i.indnkeyatts) AS k
    LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1] AND i.indkey[k - 1] <> 0
  ) AS keys,
  (SELECT pg_catalog.json_agg(a.attname::text ORDER BY k)
    FROM pg_catalog.generate_series(i.indnkeyatts + 1, i.indnatts) AS k
    JOIN pg_catalog.pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = i.indkey[k - 1]) AS include,
  pg_catalog.pg_get_expr(i.indpred, i.indrelid) AS predicate, i.indpred IS NOT NULL AS has_predicate,
  (SELECT con.conname::text FROM pg_catalog.pg_constraint con
    WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid AND con.contype IN ('p', 'u', 'x')
    ORDER BY con.conname LIMIT 1) AS constraint_name
FROM pg_catalog.pg_index i
JOIN pg_catalog.pg_class ic ON ic.oid = i.indexrelid
JOIN pg_catalog.pg_am am ON am.oid = ic.relam
JOIN pg_catalog.pg_class c ON c.oid = i.indrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
WHERE ${isReportedTable('c', 'n')}`

export interface IndexKeyRow {
  /** The column, or null for an expression key. */
  readonly column: string | null
  readonly expression: string | null
  /** pg_index.indoption bits for this key. */
  readonly option: number
}

export interface IndexRow {
  readonly schema: string
  readonly table: string
  readonly name: string
  readonly method: string
  readonly is_unique: boolean
  readonly keys: IndexKeyRow[] | null
  readonly include: string[] | null
  readonly predicate: string | null
  readonly has_predicate: boolean
  readonly constraint_name: string | null
}

const INDOPTION_DESC = 1
const INDOPTION_NULLS_FIRST = 2

export function toIndexModel(row: IndexRow): IndexModel {
  const context = { schema: row.schema }
  const what = `index ${row.schema}.${row.name}`
  const predicate = requireDeparsed(row.predicate, row.has_predicate, what)
  return {
    name: row.name,
    keys: (row.keys ?? []).map((key) => {
      const element = key.column ?? canonicalExpression(requireDeparsed(key.expression, true, what) ?? '', context)
      return element + orderingSuffix(key.option)
    }),
    isUnique: row.is_unique,
    method: row.method,
    where: predicate === null ? null : canonicalExpression(predicate, context),
    include: row.include ?? [],
    constraintName: row.constraint_name,
  }
}

/** Only what differs from the default: ASC NULLS LAST, and DESC implies NULLS FIRST. */
function orderingSuffix(option: number): string {
  const isDescending = (option & INDOPTION_DESC) !== 0
  const isNullsFirst = (option & INDOPTION_NULLS_FIRST) !== 0
  if (isDescending) return isNullsFirst ? ' DESC' : ' DESC NULLS LAST'
  return isNullsFirst ? ' NULLS FIRST' : ''
}
