import type { SchemaModel } from './schema-model.js'

/**
 * The part of a model that lives in the given PostgreSQL schemas (`check --schema`). Extensions
 * are database-wide and always kept. (`snapshot --table` has its own selection, which also keeps
 * the tables that foreign keys point at: see snapshot/filter-model.ts.)
 */
export function restrictToSchemas(model: SchemaModel, schemas: readonly string[]): SchemaModel {
  const wanted = new Set(schemas)
  const inSchema = (o: { readonly schema: string }): boolean => wanted.has(o.schema)
  // A history table in a schema not read would look missing: the migration state is then not checked.
  const { migration, ...rest } = model
  return {
    ...rest,
    ...(migration !== undefined && wanted.has(migration.schema) && { migration }),
    ...(model.schemas !== undefined && { schemas: model.schemas.filter((schema) => wanted.has(schema)) }),
    // Restricted to some schemas, the model no longer speaks for every schema of the database.
    ...(model.hasAllSchemas === true && { hasAllSchemas: schemasOf(model).every((schema) => wanted.has(schema)) }),
    tables: model.tables.filter(inSchema),
    functions: model.functions.filter(inSchema),
    extensions: model.extensions,
    enums: model.enums.filter(inSchema),
    sequences: model.sequences.filter(inSchema),
    views: model.views.filter(inSchema),
  }
}

/** Every schema a model covers (its `schemas`, and those its objects are in), sorted. */
export function schemasOf(model: SchemaModel): string[] {
  const all = [
    ...(model.schemas ?? []),
    ...[model.tables, model.functions, model.enums, model.sequences, model.views].flatMap((list) => list.map((o) => o.schema)),
  ]
  return [...new Set(all)].sort()
}

/** The model without its migration expectation: the schema alone (what a copy of the schema can prove). */
export function withoutMigration(model: SchemaModel): SchemaModel {
  const { migration, ...schema } = model
  return migration === undefined ? model : schema
}
