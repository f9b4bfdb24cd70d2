import type { SchemaModel } from './schema-model.js'

/**
 * The part of a model that lives in the given PostgreSQL schemas (`check --schema`). Extensions
 * are database-wide and always kept. (`snapshot --table` has its own selection, which also keeps
 * the tables that foreign keys point at: see snapshot/filter-model.ts.)
 */
export function restrictToSchemas(model: SchemaModel, schemas: readonly string[]): SchemaModel {
  const wanted = new Set(schemas)
  const inSchema = (o: { readonly schema: string }): boolean => wanted.has(o.schema)
  return {
    tables: model.tables.filter(inSchema),
    functions: model.functions.filter(inSchema),
    extensions: model.extensions,
    enums: model.enums.filter(inSchema),
    sequences: model.sequences.filter(inSchema),
    views: model.views.filter(inSchema),
  }
}

/** Every schema a model mentions, sorted. */
export function schemasOf(model: SchemaModel): string[] {
  const all = [model.tables, model.functions, model.enums, model.sequences, model.views].flatMap((list) => list.map((o) => o.schema))
  return [...new Set(all)].sort()
}
