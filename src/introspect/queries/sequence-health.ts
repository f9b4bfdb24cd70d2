import { quoteIdent, quoteLiteral } from '../../model/sql-keywords.js'
import type { SequenceHealthModel } from '../../model/sequence-health.js'
import type { TableModel } from '../../model/schema-model.js'

/**
 * The data-reading health check of sequences: two statements for every column at once, in the
 * snapshot's transaction and under its statement timeout. The first finds each column's sequence
 * (pg_get_serial_sequence: serial and identity alike) and whether the role may read the table and
 * the sequence; the second reads, for the readable ones, the column's maximum (the planner takes it
 * from the column's index where there is one) and the sequence's state.
 */

/** A column that draws from a sequence: a nextval() default or an identity. */
export interface SequenceColumn {
  readonly schema: string
  readonly table: string
  readonly column: string
  readonly isIdentity: boolean
}

/** The columns of `tables` that draw from a sequence. */
export function sequenceColumnsOf(tables: readonly TableModel[]): SequenceColumn[] {
  return tables.flatMap((t) =>
    t.columns
      .filter((c) => c.identity != null || (typeof c.default === 'string' && c.default.startsWith('nextval(')))
      .map((c) => ({ schema: t.schema, table: t.name, column: c.name, isIdentity: c.identity != null })),
  )
}

export function sequencePrivilegesSql(columns: readonly SequenceColumn[]): string {
  const rows = columns.map((c, i) => {
    const table = quoteLiteral(`${quoteIdent(c.schema)}.${quoteIdent(c.table)}`)
    return `(${i}, ${quoteLiteral(c.schema)}, ${table}, ${quoteLiteral(c.column)})`
  })
  return `SELECT v.source, s.sequence,
  pg_catalog.has_schema_privilege(v.schema_name, 'USAGE') AND pg_catalog.has_table_privilege(v.table_name, 'SELECT')
    AND s.sequence IS NOT NULL AND pg_catalog.has_sequence_privilege(s.sequence, 'SELECT') AS readable
FROM (VALUES ${rows.join(', ')}) AS v(source, schema_name, table_name, column_name)
CROSS JOIN LATERAL (SELECT pg_catalog.pg_get_serial_sequence(v.table_name, v.column_name) AS sequence) s
ORDER BY v.source`
}

export interface SequencePrivilegeRow {
  readonly source: number
  readonly sequence: string | null
  readonly readable: boolean | null
}

/** One statement reading every readable column's maximum and its sequence's state; null when none is readable. */
export function sequenceStateSql(columns: readonly SequenceColumn[], privileges: readonly SequencePrivilegeRow[]): string | null {
  const branches = privileges.flatMap((p) => {
    const c = columns[Number(p.source)]
    if (c === undefined || p.readable !== true || p.sequence === null) return []
    // pg_get_serial_sequence spells the sequence as a quoted, qualified name: usable as is.
    return [
      `SELECT ${Number(p.source)} AS source, (SELECT max(${quoteIdent(c.column)})::text FROM ${quoteIdent(c.schema)}.${quoteIdent(c.table)}) AS max_value, ` +
        `s.last_value::text AS last_value, s.is_called, q.seqincrement::text AS increment FROM ${p.sequence} s, pg_catalog.pg_sequence q ` +
        `WHERE q.seqrelid = ${quoteLiteral(p.sequence)}::pg_catalog.regclass`,
    ]
  })
  return branches.length === 0 ? null : branches.join('\nUNION ALL\n')
}

export interface SequenceStateRow {
  readonly source: number
  readonly max_value: string | null
  readonly last_value: string
  readonly is_called: boolean
  readonly increment: string
}

export function toSequenceHealth(
  columns: readonly SequenceColumn[],
  privileges: readonly SequencePrivilegeRow[],
  states: readonly SequenceStateRow[],
): SequenceHealthModel[] {
  const stateOf = new Map(states.map((s) => [Number(s.source), s]))
  return privileges.flatMap((p) => {
    const c = columns[Number(p.source)]
    // A nextval() default on a sequence no column owns: pg_get_serial_sequence does not know it.
    if (c === undefined || p.sequence === null) return []
    const state = stateOf.get(Number(p.source))
    const next = state === undefined ? null : state.is_called ? (BigInt(state.last_value) + BigInt(state.increment)).toString() : state.last_value
    return [
      {
        ...c,
        sequence: p.sequence,
        isReadable: state !== undefined,
        maxValue: state?.max_value ?? null,
        nextValue: next,
        increment: state?.increment ?? null,
      },
    ]
  })
}
