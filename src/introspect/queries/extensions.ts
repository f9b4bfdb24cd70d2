import type { ExtensionModel } from '../../model/schema-model.js'

/**
 * Installed extensions (pg_extension ⋈ pg_namespace), PostgreSQL 13–18 and PGlite alike.
 * plpgsql is skipped: every database has it, so it says nothing about the application.
 * Extensions belong to the database, not to a schema, so the schema filter does not apply.
 */
export const EXTENSIONS_SQL = `
SELECT e.extname::text AS name, n.nspname::text AS schema, e.extversion AS version
FROM pg_catalog.pg_extension e
JOIN pg_catalog.pg_namespace n ON n.oid = e.extnamespace
WHERE e.extname <> 'plpgsql'`

export interface ExtensionRow {
  readonly name: string
  readonly schema: string
  readonly version: string
}

export function toExtensionModel(row: ExtensionRow): ExtensionModel {
  return { name: row.name, schema: row.schema, version: row.version }
}
