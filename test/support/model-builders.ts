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

/**
 * A model without the spec pointers the spec loader records on each expected object, for tests
 * that compare a model's content with what it must hold (sources are tested on their own).
 */
export function withoutSources<T>(value: T): T {
  return JSON.parse(JSON.stringify(value, (key: string, v: unknown) => (key === 'source' ? undefined : v))) as T
}
