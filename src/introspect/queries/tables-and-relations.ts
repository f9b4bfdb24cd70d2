import type { SequenceModel, TableRef, ViewModel } from '../../model/schema-model.js'
import { requireDeparsed } from '../catalog-changed.js'
import type { PublicPath } from './public-path.js'
import { inUserSchema, notExtensionMember } from './scope.js'

/**
 * Every reported relation in one pass over pg_class ⋈ pg_namespace (⟕ pg_sequence, ⟕ pg_inherits):
 * tables (relkind 'r', and 'p' for partitioned tables; a partition is a table whose parent is
 * named by partition_of_*: relispartition, and its one pg_inherits row; plain inheritance
 * children are not partitions),
 * views ('v'), materialized views ('m') and sequences ('S'). Same on PostgreSQL 13–18 and PGlite.
 * Skipped: system schemas, extension members, and identity-column sequences (pg_depend deptype
 * 'i': they are part of the column, cannot be created or dropped on their own, and pg_dump does
 * not list them either). Serial sequences (deptype 'a') are real, separately created objects.
 * A sequence's owning column (owned_by_*) is its one pg_depend row on a column of a relation:
 * deptype 'a' (serial, ALTER SEQUENCE ... OWNED BY) or 'i' (identity). There is at most one:
 * OWNED BY and identity replace the old row rather than add one, and a sequence's other
 * dependencies point at its schema (pg_namespace) or at no column (refobjsubid 0).
 * Deparsed, each only where it applies: a partitioned table's key (pg_get_partkeydef), a
 * partition's bound (pg_get_expr of relpartbound) and a view's query (pg_get_viewdef). For a
 * relation dropped after our snapshot was taken, the first two answer NULL and pg_get_viewdef()
 * raises "could not open relation" (both mean: read again, see catalog-changed.ts).
 */
export const RELATIONS_SQL = `
SELECT c.oid, n.nspname::text AS schema, c.relname::text AS name, c.relkind::text AS kind,
  pg_catalog.format_type(s.seqtypid, NULL) AS sequence_type,
  pn.nspname::text AS partition_of_schema, pc.relname::text AS partition_of_name,
  oc.relname::text AS owned_by_table, oa.attname::text AS owned_by_column,
  CASE WHEN c.relkind = 'p' THEN pg_catalog.pg_get_partkeydef(c.oid) END AS partition_by,
  CASE WHEN c.relispartition THEN pg_catalog.pg_get_expr(c.relpartbound, c.oid) END AS partition_bound,
  c.relispartition AS is_partition, c.relpersistence = 'u' AS is_unlogged,
  CASE WHEN c.relkind IN ('v', 'm') THEN pg_catalog.pg_get_viewdef(c.oid) END AS view_definition
FROM pg_catalog.pg_class c
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_sequence s ON s.seqrelid = c.oid
LEFT JOIN pg_catalog.pg_inherits inh ON c.relispartition AND inh.inhrelid = c.oid
LEFT JOIN pg_catalog.pg_class pc ON pc.oid = inh.inhparent
LEFT JOIN pg_catalog.pg_namespace pn ON pn.oid = pc.relnamespace
LEFT JOIN pg_catalog.pg_depend own ON c.relkind = 'S'
  AND own.classid = 'pg_catalog.pg_class'::pg_catalog.regclass AND own.objid = c.oid AND own.objsubid = 0
  AND own.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass AND own.refobjsubid > 0 AND own.deptype IN ('a', 'i')
LEFT JOIN pg_catalog.pg_class oc ON oc.oid = own.refobjid
LEFT JOIN pg_catalog.pg_attribute oa ON oa.attrelid = own.refobjid AND oa.attnum = own.refobjsubid
WHERE c.relkind IN ('r', 'p', 'v', 'm', 'S') AND ${inUserSchema('n')} AND ${notExtensionMember('pg_class', 'c')}
  AND own.deptype IS DISTINCT FROM 'i'`

export interface RelationRow {
  /** pg_class.oid: the other queries' rows name their table by it. A number (pg, PGlite) or a string. */
  readonly oid: number | string
  readonly schema: string
  readonly name: string
  readonly kind: 'r' | 'p' | 'v' | 'm' | 'S'
  /** Only for sequences. */
  readonly sequence_type: string | null
  /** Only for partitions: their partitioned table. */
  readonly partition_of_schema: string | null
  readonly partition_of_name: string | null
  /** Only for sequences owned by a column: the column's relation (same schema) and name. */
  readonly owned_by_table: string | null
  readonly owned_by_column: string | null
  /** Only for partitioned tables (NULL for others, or when the table vanished). */
  readonly partition_by: string | null
  /** Only for partitions (NULL for others, or when the table vanished). */
  readonly partition_bound: string | null
  readonly is_partition: boolean
  /** relpersistence 'u': UNLOGGED (not crash-safe, not replicated). */
  readonly is_unlogged: boolean
  /** Only for views and materialized views (NULL for others, or when the view vanished). */
  readonly view_definition: string | null
}

/** A relation sorted into its model kind; tables get their parts attached later. */
export type RelationModel =
  | {
      readonly kind: 'table'
      readonly schema: string
      readonly name: string
      readonly partitionOf: TableRef | null
      readonly partitionBound: string | null
      readonly partitionBy: string | null
      readonly isUnlogged: boolean
    }
  | { readonly kind: 'view'; readonly view: ViewModel }
  | { readonly kind: 'sequence'; readonly sequence: SequenceModel }

/** `publicPath` spells deparsed text as a role with `public` on its search path reads it. */
export function toRelationModel(row: RelationRow, publicPath: PublicPath): RelationModel {
  const what = (): string => `${row.kind === 'v' || row.kind === 'm' ? 'view' : 'table'} ${row.schema}.${row.name}`
  switch (row.kind) {
    case 'r':
    case 'p':
      return {
        kind: 'table',
        schema: row.schema,
        name: row.name,
        partitionOf: row.partition_of_name === null ? null : { schema: row.partition_of_schema ?? '', name: row.partition_of_name },
        partitionBound: deparsed(requireDeparsed(row.partition_bound, row.is_partition, what), publicPath),
        partitionBy: deparsed(requireDeparsed(row.partition_by, row.kind === 'p', what), publicPath),
        isUnlogged: row.is_unlogged === true,
      }
    case 'v':
    case 'm': {
      const definition = requireDeparsed(row.view_definition, true, what) ?? ''
      const view = { schema: row.schema, name: row.name, isMaterialized: row.kind === 'm', definition: publicPath.sql(viewQuery(definition)) }
      return { kind: 'view', view }
    }
    case 'S':
      return {
        kind: 'sequence',
        sequence: {
          schema: row.schema,
          name: row.name,
          dataType: row.sequence_type ?? 'bigint',
          ownedBy: row.owned_by_table === null || row.owned_by_column === null ? null : { table: row.owned_by_table, column: row.owned_by_column },
        },
      }
  }
}

function deparsed(text: string | null, publicPath: PublicPath): string | null {
  return text === null ? null : publicPath.sql(text)
}

/** pg_get_viewdef() puts a space before the query and a semicolon after it: neither is part of it. */
function viewQuery(definition: string): string {
  const query = definition.trim()
  return query.endsWith(';') ? query.slice(0, -1).trimEnd() : query
}
