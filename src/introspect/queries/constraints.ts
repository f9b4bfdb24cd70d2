import { canonicalExpression } from '../../model/canonical-expression.js'
import type { CheckModel, ForeignKeyModel, MatchType, PrimaryKeyModel, ReferentialAction, UniqueModel } from '../../model/schema-model.js'
import { requireDeparsed } from '../catalog-changed.js'
import type { TableName } from './columns.js'
import { isReportedTable } from './scope.js'
import { parenthesizedAfter } from './sql-text.js'

/**
 * Primary key, unique, check and foreign-key constraints of reported tables (pg_constraint
 * contype p/u/c/f). Version notes:
 * - PG18 stores NOT NULL as contype 'n' rows; the contype filter keeps them out of the checks
 *   (nullability comes from attnotnull, which every version keeps up to date).
 * - pg_index.indnullsnotdistinct exists only from PG15; before, NULLS DISTINCT is the only behaviour.
 * - A foreign key that references a partitioned table gets one extra pg_constraint row per
 *   referenced partition on the SAME table, with the same name and conparentid set; those
 *   internal copies are skipped. Copies on partitions (a different conrelid) are real and kept.
 * Key columns come back as their numbers (conkey, confkey, in key order): the columns query has
 * the name of every column of a reported table, so the names are looked up there rather than by
 * two subqueries per row (which doubled the query's time at 10,000 tables). A foreign key to a
 * table that is not reported (another schema than those read, or an extension's table) has no
 * columns there: for those alone the names come from the server. The definition of a check is
 * NULL only when the constraint was dropped after our snapshot was taken.
 * A constraint added NOT VALID has convalidated false. Enforcement: PostgreSQL 18 can declare a
 * check or foreign key NOT ENFORCED (conenforced); any version enforces a foreign key through
 * internal triggers on both tables (tgconstraint = the constraint), and one that is disabled
 * ('D', as DISABLE TRIGGER ALL leaves it) or fires only in replication sessions ('R') lets
 * unchecked rows in. pg_trigger is indexed by tgconstraint, so that is one probe per key.
 */
export function constraintsSql(serverVersionNum: number): string {
  const nullsNotDistinct = serverVersionNum >= 150000 ? 'COALESCE(i.indnullsnotdistinct, false)' : 'false'
  const declaredEnforced = serverVersionNum >= 180000 ? 'con.conenforced' : 'true'
  // PostgreSQL 18 never validates a NOT ENFORCED constraint: `enforced` alone says what is wrong.
  const validated = serverVersionNum >= 180000 ? '(con.convalidated OR NOT con.conenforced)' : 'con.convalidated'
  return `
SELECT con.conrelid AS table_oid, con.conname::text AS name,
  con.contype::text AS kind, con.conkey::int2[] AS column_numbers,
  con.confrelid AS referenced_oid, rn.nspname::text AS referenced_schema, rc.relname::text AS referenced_table,
  con.confkey::int2[] AS referenced_column_numbers,
  CASE WHEN con.contype = 'f' AND NOT (${isReportedTable('rc', 'rn')}) THEN
    (SELECT pg_catalog.array_agg(a.attname::text ORDER BY k.ord)
      FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
      JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum)
  END AS referenced_column_names,
  con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update,
  con.confmatchtype::text AS match_type,
  con.condeferrable AS is_deferrable, con.condeferred AS is_initially_deferred,
  CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_constraintdef(con.oid) END AS definition,
  ${nullsNotDistinct} AS nulls_not_distinct,
  ${validated} AS is_valid,
  ${declaredEnforced} AND (con.contype <> 'f' OR NOT EXISTS (SELECT FROM pg_catalog.pg_trigger t
    WHERE t.tgconstraint = con.oid AND t.tgenabled IN ('D', 'R'))) AS is_enforced
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = con.conindid AND con.contype = 'u'
WHERE con.contype IN ('p', 'u', 'c', 'f') AND ${isReportedTable('c', 'n')}
  AND (con.conparentid = 0 OR NOT EXISTS (SELECT FROM pg_catalog.pg_constraint parent
    WHERE parent.oid = con.conparentid AND parent.conrelid = con.conrelid))`
}

export interface ConstraintRow {
  /** The table's pg_class.oid (see RelationRow.oid). */
  readonly table_oid: number | string
  readonly name: string
  readonly kind: 'p' | 'u' | 'c' | 'f'
  /** attnums of the key columns, in key order; null for a check without columns. */
  readonly column_numbers: number[] | null
  /** A foreign key's referenced table (0 for other constraints). */
  readonly referenced_oid: number | string
  readonly referenced_schema: string | null
  readonly referenced_table: string | null
  readonly referenced_column_numbers: number[] | null
  /** A foreign key's referenced columns by name, only when the referenced table is not reported. */
  readonly referenced_column_names: string[] | null
  /** Referential action codes: a, r, c, n, d (or ' ' when not a foreign key). */
  readonly on_delete: string
  readonly on_update: string
  /** f, p, s (or ' ' when not a foreign key). */
  readonly match_type: string
  readonly is_deferrable: boolean
  readonly is_initially_deferred: boolean
  readonly definition: string | null
  readonly nulls_not_distinct: boolean
  readonly is_valid: boolean
  readonly is_enforced: boolean
}

/** Column names of a table (by oid) by attnum, from the columns query's rows; undefined for a table not read. */
export type ColumnNames = (tableOid: number | string) => ReadonlyMap<number, string> | undefined

/** A constraint sorted into its model kind. */
export type ConstraintModel =
  | { readonly kind: 'primaryKey'; readonly primaryKey: PrimaryKeyModel }
  | { readonly kind: 'unique'; readonly unique: UniqueModel }
  | { readonly kind: 'check'; readonly check: CheckModel }
  | { readonly kind: 'foreignKey'; readonly foreignKey: ForeignKeyModel }

const ACTIONS: Readonly<Record<string, ReferentialAction>> = {
  a: 'NO ACTION',
  r: 'RESTRICT',
  c: 'CASCADE',
  n: 'SET NULL',
  d: 'SET DEFAULT',
}
const MATCH_TYPES: Readonly<Record<string, MatchType>> = { s: 'SIMPLE', f: 'FULL', p: 'PARTIAL' }

/** `table`: the schema and name of the table the row's table_oid names. */
export function toConstraintModel(row: ConstraintRow, table: TableName, columnNames: ColumnNames): ConstraintModel {
  const columns = namesOf(row.column_numbers, columnNames(row.table_oid), row, table)
  switch (row.kind) {
    case 'p':
      return { kind: 'primaryKey', primaryKey: { name: row.name, columns } }
    case 'u':
      return { kind: 'unique', unique: { name: row.name, columns, nullsNotDistinct: row.nulls_not_distinct } }
    case 'c': {
      const definition = requireDeparsed(row.definition, true, () => `check constraint ${row.name} on ${table.schema}.${table.name}`) ?? ''
      const expression = parenthesizedAfter(definition, 'CHECK') ?? definition
      const check = {
        name: row.name,
        expression: canonicalExpression(expression, { schema: table.schema }),
        isValid: row.is_valid,
        isEnforced: row.is_enforced,
      }
      return { kind: 'check', check }
    }
    case 'f':
      return {
        kind: 'foreignKey',
        foreignKey: {
          name: row.name,
          columns,
          referencedSchema: row.referenced_schema ?? '',
          referencedTable: row.referenced_table ?? '',
          referencedColumns: row.referenced_column_names ?? namesOf(row.referenced_column_numbers, columnNames(row.referenced_oid), row, table),
          onDelete: ACTIONS[row.on_delete] ?? 'NO ACTION',
          onUpdate: ACTIONS[row.on_update] ?? 'NO ACTION',
          match: MATCH_TYPES[row.match_type] ?? 'SIMPLE',
          isDeferrable: row.is_deferrable,
          isInitiallyDeferred: row.is_initially_deferred,
          isValid: row.is_valid,
          isEnforced: row.is_enforced,
        },
      }
  }
}

/**
 * Key column numbers as names. Both queries read one snapshot, and a column in a key cannot be
 * dropped while the constraint exists, so a number without a name is a bug of ours.
 */
function namesOf(numbers: readonly number[] | null, names: ReadonlyMap<number, string> | undefined, row: ConstraintRow, table: TableName): string[] {
  return (numbers ?? []).map((attnum) => {
    const name = names?.get(attnum)
    if (name === undefined) throw new Error(`constraint ${row.name} on ${table.schema}.${table.name}: column number ${attnum} is not among the columns read`)
    return name
  })
}
