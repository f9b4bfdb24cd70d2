import { tableKey } from '../model/object-ref.js'
import type { SchemaModel, TableModel } from '../model/schema-model.js'

export interface ModelFilter {
  /** Keep only objects in these schemas. */
  readonly schemas?: readonly string[]
  /** Keep only these tables: `name` (any schema) or `schema.name`. */
  readonly tables?: readonly string[]
}

/**
 * The part of a model `snapshot --schema/--table` writes. With `tables`, only tables are kept
 * (no functions, enums, sequences, views or extensions). Either way, tables that a kept table
 * references through a foreign key, and the partitioned table a kept partition belongs to, are
 * kept too, transitively, so the snapshot stays a spec whose references all resolve (loadSpec
 * rejects references to tables the spec lacks).
 */
export function filterModel(model: SchemaModel, filter: ModelFilter): SchemaModel {
  const schemas = filter.schemas === undefined ? undefined : new Set(filter.schemas)
  const inSchemas = (o: { schema: string }): boolean => schemas === undefined || schemas.has(o.schema)
  const tables = filter.tables
  const isWanted = (t: TableModel): boolean => inSchemas(t) && (tables === undefined || tables.includes(t.name) || tables.includes(`${t.schema}.${t.name}`))

  const byKey = new Map(model.tables.map((t) => [tableKey(t.schema, t.name), t]))
  const kept = new Set(model.tables.filter(isWanted).map((t) => tableKey(t.schema, t.name)))
  const pending = [...kept]
  for (let key = pending.pop(); key !== undefined; key = pending.pop()) {
    const table = byKey.get(key)
    const parent = table?.partitionOf
    const targets = [
      ...(table?.foreignKeys ?? []).map((fk) => tableKey(fk.referencedSchema, fk.referencedTable)),
      ...(parent != null ? [tableKey(parent.schema, parent.name)] : []),
    ]
    for (const target of targets) {
      if (byKey.has(target) && !kept.has(target)) {
        kept.add(target)
        pending.push(target)
      }
    }
  }
  const keepOthers = tables === undefined
  return {
    tables: model.tables.filter((t) => kept.has(tableKey(t.schema, t.name))),
    functions: keepOthers ? model.functions.filter(inSchemas) : [],
    extensions: keepOthers ? model.extensions.filter((e) => schemas === undefined || e.schema === undefined || schemas.has(e.schema)) : [],
    enums: keepOthers ? model.enums.filter(inSchemas) : [],
    sequences: keepOthers ? model.sequences.filter(inSchemas) : [],
    views: keepOthers ? model.views.filter(inSchemas) : [],
  }
}
