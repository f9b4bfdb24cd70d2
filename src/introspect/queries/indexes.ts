import { canonicalExpression } from '../../model/canonical-expression.js'
import type { IndexModel } from '../../model/schema-model.js'
import { requireDeparsed } from '../catalog-changed.js'
import type { TableName } from './columns.js'
import { isReportedTable } from './scope.js'

/**
 * Every index of every reported table, including those backing a primary key, unique or
 * exclusion constraint (constraint_name names it; pg_constraint.conindid also points at the
 * referenced table's index from foreign keys, hence the conrelid and contype conditions).
 * Columns come back as numbers, named from the columns query's rows (as constraint keys are):
 * indkey holds the key columns (positions 1..indnkeyatts, PG11+) and then the INCLUDE columns; a
 * key of 0 is an expression, spelled by pg_get_indexdef(index, k, true) (the bare expression,
 * without opclass), sent only for indexes that have expressions. indoption bit 1 = DESC, bit 2 =
 * NULLS FIRST. The same on PostgreSQL 13–18 and PGlite. pg_get_indexdef() and pg_get_expr()
 * answer NULL for an index or table dropped after our snapshot was taken; an expression key
 * without text, or a predicate without text (has_predicate), means just that. An index is valid
 * only when built (indisvalid), kept up to date (indisready) and not being dropped (indislive).
 */
export const INDEXES_SQL = `
SELECT i.indrelid AS table_oid, ic.relname::text AS name,
  am.amname::text AS method, i.indisunique AS is_unique,
  i.indisvalid AND i.indisready AND i.indislive AS is_valid,
  i.indnkeyatts::int AS key_count, i.indkey::int2[] AS column_numbers, i.indoption::int2[] AS options,
  CASE WHEN i.indexprs IS NOT NULL THEN
    (SELECT pg_catalog.array_agg(pg_catalog.pg_get_indexdef(i.indexrelid, k, true) ORDER BY k)
      FROM pg_catalog.generate_series(1, i.indnkeyatts) AS k WHERE i.indkey[k - 1] = 0)
  END AS expressions,
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

export interface IndexRow {
  /** The table's pg_class.oid (see RelationRow.oid). */
  readonly table_oid: number | string
  readonly name: string
  readonly method: string
  readonly is_unique: boolean
  readonly is_valid: boolean
  /** How many of column_numbers are keys; the rest are INCLUDE columns. */
  readonly key_count: number
  /** attnums of the keys (0 for an expression), then of the INCLUDE columns. */
  readonly column_numbers: number[]
  /** pg_index.indoption bits, one per key. */
  readonly options: number[]
  /** The text of each expression key, in key order; null when the index has none. */
  readonly expressions: (string | null)[] | null
  readonly predicate: string | null
  readonly has_predicate: boolean
  readonly constraint_name: string | null
}

const INDOPTION_DESC = 1
const INDOPTION_NULLS_FIRST = 2

/** `table`: the table the row's table_oid names; `columnNames`: its columns by attnum. */
export function toIndexModel(row: IndexRow, table: TableName, columnNames: ReadonlyMap<number, string> | undefined): IndexModel {
  const context = { schema: table.schema }
  const what = (): string => `index ${table.schema}.${row.name}`
  const predicate = requireDeparsed(row.predicate, row.has_predicate, what)
  const nameOf = (attnum: number): string => {
    const name = columnNames?.get(attnum)
    if (name === undefined) throw new Error(`${what()}: column number ${attnum} is not among the columns read`)
    return name
  }
  const keys: string[] = []
  let expression = 0
  for (let k = 0; k < row.key_count; k++) {
    const attnum = row.column_numbers[k] ?? 0
    const element = attnum !== 0 ? nameOf(attnum) : canonicalExpression(requireDeparsed(row.expressions?.[expression++] ?? null, true, what) ?? '', context)
    keys.push(element + orderingSuffix(row.options[k] ?? 0))
  }
  return {
    name: row.name,
    keys,
    isUnique: row.is_unique,
    method: row.method,
    where: predicate === null ? null : canonicalExpression(predicate, context),
    include: row.column_numbers.slice(row.key_count).map(nameOf),
    constraintName: row.constraint_name,
    isValid: row.is_valid,
  }
}

/** Only what differs from the default: ASC NULLS LAST, and DESC implies NULLS FIRST. */
function orderingSuffix(option: number): string {
  const isDescending = (option & INDOPTION_DESC) !== 0
  const isNullsFirst = (option & INDOPTION_NULLS_FIRST) !== 0
  if (isDescending) return isNullsFirst ? ' DESC' : ' DESC NULLS LAST'
  return isNullsFirst ? ' NULLS FIRST' : ''
}
