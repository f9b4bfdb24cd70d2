import type { EnumModel } from '../../model/schema-model.js'
import { inUserSchema, notExtensionMember } from './scope.js'

/**
 * Enum types (pg_type typtype 'e') with their labels in pg_enum.enumsortorder order; the same on
 * PostgreSQL 13–18 and PGlite. Extension-owned enums are skipped.
 */
export const ENUMS_SQL = `
SELECT n.nspname::text AS schema, t.typname::text AS name,
  (SELECT pg_catalog.json_agg(e.enumlabel::text ORDER BY e.enumsortorder)
    FROM pg_catalog.pg_enum e WHERE e.enumtypid = t.oid) AS labels
FROM pg_catalog.pg_type t
JOIN pg_catalog.pg_namespace n ON n.oid = t.typnamespace
WHERE t.typtype = 'e' AND ${inUserSchema('n')} AND ${notExtensionMember('pg_type', 't')}`

export interface EnumRow {
  readonly schema: string
  readonly name: string
  /** null for an enum without labels (CREATE TYPE e AS ENUM ()). */
  readonly labels: string[] | null
}

export function toEnumModel(row: EnumRow): EnumModel {
  return { schema: row.schema, name: row.name, values: row.labels ?? [] }
}
