import { canonicalExpression } from '../../model/canonical-expression.js'
import type { ColumnModel, IdentityKind } from '../../model/schema-model.js'
import { requireDeparsed } from '../catalog-changed.js'
import { isReportedTable } from './scope.js'
import type { TypeNames } from './type-names.js'

/** A table as the rows of the other queries name it: they carry its oid, the model its names. */
export interface TableName {
  readonly schema: string
  readonly name: string
}

/**
 * Columns of every reported table: pg_attribute ⋈ pg_class ⋈ pg_namespace ⟕ pg_attrdef.
 * attidentity (PG10+) and attgenerated (PG12+) exist on every supported version; PG18's virtual
 * generated columns ('v') are reported like stored ones. System columns (attnum <= 0) and
 * dropped columns are skipped. The type is format_type(atttypid, atttypmod), which with
 * search_path = public spells public types bare and others schema-qualified (TypeNames makes it
 * so for roles without USAGE on public too). pg_get_expr() answers NULL when the table was
 * dropped after our snapshot: has_expression tells that apart from "no default". See NOT_NULL_18
 * for what NOT NULL means from PostgreSQL 18.
 */
export function columnsSql(serverVersionNum: number): string {
  const notNull = serverVersionNum >= 180000 ? NOT_NULL_18 : 'a.attnotnull'
  return `
SELECT a.attrelid AS table_oid, a.attnum::int AS position,
  a.attname::text AS name, pg_catalog.format_type(a.atttypid, a.atttypmod) AS type,
  ${notNull} AS not_null, pg_catalog.pg_get_expr(ad.adbin, ad.adrelid) AS expression,
  ad.adbin IS NOT NULL AS has_expression,
  a.attidentity::text AS identity, a.attgenerated::text AS generated
FROM pg_catalog.pg_attribute a
JOIN pg_catalog.pg_class c ON c.oid = a.attrelid
JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_catalog.pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
WHERE a.attnum > 0 AND NOT a.attisdropped AND ${isReportedTable('c', 'n')}`
}

/**
 * PostgreSQL 18 keeps NOT NULL as a constraint that can be added NOT VALID, and attnotnull is
 * then true although rows may hold NULL: such a column counts as nullable (SET NOT NULL
 * validates the constraint, which is the repair). Only columns with attnotnull pay the probe.
 */
const NOT_NULL_18 = `(a.attnotnull AND NOT EXISTS (SELECT FROM pg_catalog.pg_constraint nn
    WHERE nn.conrelid = a.attrelid AND nn.contype = 'n' AND NOT nn.convalidated AND nn.conkey[1] = a.attnum))`

export interface ColumnRow {
  /** The table's pg_class.oid (see RelationRow.oid). */
  readonly table_oid: number | string
  readonly position: number
  readonly name: string
  readonly type: string
  readonly not_null: boolean
  /** The default, or the generation expression when `generated` is not ''. */
  readonly expression: string | null
  readonly has_expression: boolean
  /** '' (none), 'a' (ALWAYS) or 'd' (BY DEFAULT). */
  readonly identity: string
  /** '' (not generated), 's' (stored) or 'v' (virtual, PG18+). */
  readonly generated: string
}

const IDENTITY: Readonly<Record<string, IdentityKind>> = { a: 'always', d: 'by default' }

/** `table`: the schema and name of the table the row's table_oid names. */
export function toColumnModel(row: ColumnRow, table: TableName, typeNames: TypeNames): ColumnModel {
  const what = (): string => `column ${table.schema}.${table.name}.${row.name}`
  const type = typeNames.spell(row.type, what)
  const context = { columnType: type, schema: table.schema }
  const deparsed = requireDeparsed(row.expression, row.has_expression, what)
  const expression = deparsed === null ? null : canonicalExpression(deparsed, context)
  const isGenerated = row.generated !== ''
  return {
    name: row.name,
    type,
    isNullable: !row.not_null,
    default: isGenerated ? null : expression,
    identity: IDENTITY[row.identity] ?? null,
    generated: isGenerated ? expression : null,
  }
}
