import { canonicalExpression } from '../../model/canonical-expression.js'
import type { CheckModel, ForeignKeyModel, MatchType, PrimaryKeyModel, ReferentialAction, UniqueModel } from '../../model/schema-model.js'
import { requireDeparsed } from '../catalog-changed.js'
import { isReportedTable } from './scope.js'
import { parenthesizedAfter } from './sql-text.js'

/**
 * Primary key, unique, check and foreign-key constraints of reported tables (pg_constraint
 * contype p/u/c/f). Version notes:
 * - PG18 stores NOT NULL as contype 'n' rows; the contype filter keeps them out of the checks
 *   (nullability comes from attnotnull, which every version keeps up to date).
 * - pg_index.indnullsnotdistinct exists only from PG15, so it is read through to_jsonb(i),
 *   which yields NULL (= false, the only behaviour before PG15) on older servers.
 * - A foreign key that references a partitioned table gets one extra pg_constraint row per
 *   referenced partition on the SAME table, with the same name and conparentid set; those
 *   internal copies are skipped. Copies on partitions (a different conrelid) are real and kept.
 * Key columns come back in key order (conkey/confkey ordinality) as json. The definition of a
 * check is NULL only when the constraint was dropped after our snapshot was taken.
 */
export const CONSTRAINTS_SQL = `
SELECT n.nspname::text AS schema, c.relname::text AS table, con.conname::text AS name,
  con.contype::text AS kind,
  (SELECT pg_catalog.json_agg(a.attname::text ORDER BY k.ord)
    FROM unnest(con.conkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_catalog.pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum) AS columns,
  rn.nspname::text AS referenced_schema, rc.relname::text AS referenced_table,
  (SELECT pg_catalog.json_agg(a.attname::text ORDER BY k.ord)
    FROM unnest(con.confkey) WITH ORDINALITY AS k(attnum, ord)
    JOIN pg_catalog.pg_attribute a ON a.attrelid = con.confrelid AND a.attnum = k.attnum) AS referenced_columns,
  con.confdeltype::text AS on_delete, con.confupdtype::text AS on_update,
  con.confmatchtype::text AS match_type,
  con.condeferrable AS is_deferrable, con.condeferred AS is_initially_deferred,
  CASE WHEN con.contype = 'c' THEN pg_catalog.pg_get_constraintdef(con.oid) END AS definition,
  COALESCE((pg_catalog.to_jsonb(i) ->> 'indnullsnotdistinct')::boolean, false) AS nulls_not_distinct
FROM pg_catalog.pg_constraint con
JOIN pg_catalog.pg_class c ON c.oid = con.conrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_class rc ON rc.oid = con.confrelid
LEFT JOIN pg_catalog.pg_namespace rn ON rn.oid = rc.relnamespace
LEFT JOIN pg_catalog.pg_index i ON i.indexrelid = con.conindid AND con.contype = 'u'
WHERE con.contype IN ('p', 'u', 'c', 'f') AND ${isReportedTable('c', 'n')}
  AND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint parent
    WHERE parent.oid = con.conparentid AND parent.conrelid = con.conrelid)`

export interface ConstraintRow {
  readonly schema: string
  readonly table: string
  readonly name: string
  readonly kind: 'p' | 'u' | 'c' | 'f'
  readonly columns: string[] | null
  readonly referenced_schema: string | null
  readonly referenced_table: string | null
  readonly referenced_columns: string[] | null
  /** Referential action codes: a, r, c, n, d (or ' ' when not a foreign key). */
  readonly on_delete: string
  readonly on_update: string
  /** f, p, s (or ' ' when not a foreign key). */
  readonly match_type: string
  readonly is_deferrable: boolean
  readonly is_initially_deferred: boolean
  readonly definition: string | null
  readonly nulls_not_distinct: boolean
}

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

export function toConstraintModel(row: ConstraintRow): ConstraintModel {
  const columns = row.columns ?? []
  switch (row.kind) {
    case 'p':
      return { kind: 'primaryKey', primaryKey: { name: row.name, columns } }
    case 'u':
      return { kind: 'unique', unique: { name: row.name, columns, nullsNotDistinct: row.nulls_not_distinct } }
    case 'c': {
      const definition = requireDeparsed(row.definition, true, `check constraint ${row.name} on ${row.schema}.${row.table}`) ?? ''
      const expression = parenthesizedAfter(definition, 'CHECK') ?? definition
      return { kind: 'check', check: { name: row.name, expression: canonicalExpression(expression, { schema: row.schema }) } }
    }
    case 'f':
      return {
        kind: 'foreignKey',
        foreignKey: {
          name: row.name,
          columns,
          referencedSchema: row.referenced_schema ?? '',
          referencedTable: row.referenced_table ?? '',
          referencedColumns: row.referenced_columns ?? [],
          onDelete: ACTIONS[row.on_delete] ?? 'NO ACTION',
          onUpdate: ACTIONS[row.on_update] ?? 'NO ACTION',
          match: MATCH_TYPES[row.match_type] ?? 'SIMPLE',
          isDeferrable: row.is_deferrable,
          isInitiallyDeferred: row.is_initially_deferred,
        },
      }
  }
}
