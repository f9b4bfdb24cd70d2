/** Small builders for pure-stage tests: a model with only what a test cares about. */
import type { ColumnModel, SchemaModel, TableModel } from '../../src/model/schema-model.js'
import { EMPTY_SCHEMA } from '../../src/model/schema-model.js'

type TableParts = Partial<Omit<TableModel, 'schema' | 'name'>>

export function table(name: string, parts: TableParts = {}, schema = 'public'): TableModel {
  return {
    schema,
    name,
    columns: [],
    uniqueConstraints: [],
    checkConstraints: [],
    indexes: [],
    foreignKeys: [],
    triggers: [],
    ...parts,
  }
}

/** An actual (introspected-looking) column: every property set. */
export function column(name: string, type: string, rest: Partial<ColumnModel> = {}): ColumnModel {
  return { name, type, isNullable: true, default: null, identity: null, generated: null, ...rest }
}

export function schema(parts: Partial<SchemaModel>): SchemaModel {
  return { ...EMPTY_SCHEMA, ...parts }
}
