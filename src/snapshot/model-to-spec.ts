import type {
  ColumnModel, ForeignKeyModel, FunctionModel, IndexModel, SchemaModel, TableModel, TriggerEnabled, TriggerModel, ViewModel,
} from '../model/schema-model.js'
import type {
  Spec, SpecColumn, SpecEnum, SpecForeignKey, SpecFunction, SpecIndex, SpecSchema, SpecSequence, SpecTable,
  SpecTrigger, SpecView,
} from '../spec/spec-types.js'
import { specIndexKey } from '../spec/canonical-index-key.js'
import { compareText } from '../model/compare-text.js'

// Callers import both halves of a snapshot from here.
export { renderSpecJson } from './render-spec-json.js'

/** What a snapshot writes into `$schema`, so editors find the JSON Schema of an installed package. */
export const DEFAULT_SCHEMA_REFERENCE = './node_modules/verify-database/schema/expected-schema.schema.json'

export interface ModelToSpecOptions {
  /** Free text for the spec's `description`. */
  readonly description?: string
  /** `$schema` reference; defaults to DEFAULT_SCHEMA_REFERENCE, null leaves it out. */
  readonly $schema?: string | null
}

/**
 * A complete spec of what a model (usually an introspected database) has, such that
 * specToModel(modelToSpec(m)) checks every property of m. Properties at their PostgreSQL
 * default are left out to keep the file readable (btree, MATCH SIMPLE, NOT DEFERRABLE, no
 * default, no WHERE, ...); indexes that back a constraint are left out because the constraint
 * already describes them. Objects are sorted by name; columns keep the model's (attnum) order.
 */
export function modelToSpec(model: SchemaModel, options: ModelToSpecOptions = {}): Spec {
  const schemaNames = new Set<string>()
  for (const list of [model.tables, model.functions, model.enums, model.sequences, model.views]) {
    for (const object of list) schemaNames.add(object.schema)
  }
  const schemas: Record<string, SpecSchema> = {}
  for (const schema of [...schemaNames].sort(compareText)) {
    const inSchema = <T extends { schema: string, name: string }>(list: readonly T[]): T[] =>
      list.filter((o) => o.schema === schema).sort((a, b) => compareText(a.name, b.name))
    const tables = inSchema(model.tables)
    const functions = inSchema(model.functions)
    const enums = inSchema(model.enums)
    const sequences = inSchema(model.sequences)
    const views = inSchema(model.views)
    schemas[schema] = {
      ...(tables.length > 0 && { tables: record(tables, toSpecTable) }),
      ...(functions.length > 0 && { functions: sortByKey(functions.map(toSpecFunction)) }),
      ...(enums.length > 0 && { enums: record(enums, (e): SpecEnum => ({ ...(e.values && { values: e.values }) })) }),
      ...(sequences.length > 0 && { sequences: record(sequences, (s): SpecSequence => ({ ...(isSequenceType(s.dataType) && { type: s.dataType }) })) }),
      ...(views.length > 0 && { views: record(views, toSpecView) }),
    }
  }
  const $schema = options.$schema === undefined ? DEFAULT_SCHEMA_REFERENCE : options.$schema
  const extensions = [...model.extensions].sort((a, b) => compareText(a.name, b.name))
  return {
    ...($schema !== null && { $schema }),
    formatVersion: 1,
    ...(options.description !== undefined && { description: options.description }),
    ...(extensions.length > 0 && {
      extensions: extensions.map((e) => ({ name: e.name, ...(e.schema !== undefined && { schema: e.schema }), ...(e.version !== undefined && { version: e.version }) })),
    }),
    schemas,
  }
}

function toSpecTable(table: TableModel): SpecTable {
  const pk = table.primaryKey
  const columnNames = new Set(table.columns.map((c) => c.name))
  const indexes = table.indexes.filter((i) => i.constraintName === undefined || i.constraintName === null)
  const parent = table.partitionOf
  return {
    // Only partitions say so: "not a partition" is every other table's default.
    ...(parent != null && { partitionOf: { ...(parent.schema !== table.schema && { schema: parent.schema }), table: parent.name } }),
    columns: Object.fromEntries(table.columns.map((c) => [c.name, toSpecColumn(c)])),
    ...(pk !== undefined && { primaryKey: pk === null ? null : { ...(pk.name !== undefined && { name: pk.name }), columns: pk.columns } }),
    ...(table.uniqueConstraints.length > 0 && {
      unique: sortByKey(table.uniqueConstraints.map((u) => ({
        ...(u.name !== undefined && { name: u.name }),
        columns: u.columns,
        ...(u.nullsNotDistinct === true && { nullsNotDistinct: true }),
      }))),
    }),
    ...(table.checkConstraints.length > 0 && {
      checks: sortByKey(table.checkConstraints.map((c) => ({ ...(c.name !== undefined && { name: c.name }), expression: c.expression }))),
    }),
    ...(indexes.length > 0 && { indexes: sortByKey(indexes.map((i) => toSpecIndex(i, columnNames))) }),
    ...(table.foreignKeys.length > 0 && { foreignKeys: sortByKey(table.foreignKeys.map((fk) => toSpecForeignKey(table.schema, fk))) }),
    ...(table.triggers.length > 0 && { triggers: sortByKey(table.triggers.map(toSpecTrigger)) }),
  }
}

function toSpecColumn(column: ColumnModel): SpecColumn {
  return {
    ...(column.type !== undefined && { type: column.type }),
    ...(column.isNullable !== undefined && { nullable: column.isNullable }),
    ...(typeof column.default === 'string' && { default: column.default }),
    ...(typeof column.identity === 'string' && { identity: column.identity }),
    ...(typeof column.generated === 'string' && { generated: column.generated }),
  }
}

function toSpecIndex(index: IndexModel, columnNames: ReadonlySet<string>): SpecIndex {
  return {
    ...(index.name !== undefined && { name: index.name }),
    columns: index.keys.map((key) => specIndexKey(key, columnNames)),
    unique: index.isUnique ?? false,
    ...(index.method !== undefined && index.method !== 'btree' && { method: index.method as SpecIndex['method'] }),
    ...(typeof index.where === 'string' && { where: index.where }),
    ...(index.include !== undefined && index.include.length > 0 && { include: index.include }),
  }
}

function toSpecForeignKey(schema: string, fk: ForeignKeyModel): SpecForeignKey {
  return {
    ...(fk.name !== undefined && { name: fk.name }),
    columns: fk.columns,
    references: {
      ...(fk.referencedSchema !== schema && { schema: fk.referencedSchema }),
      table: fk.referencedTable,
      ...(fk.referencedColumns !== undefined && { columns: fk.referencedColumns }),
    },
    ...(fk.onDelete !== undefined && { onDelete: fk.onDelete }),
    ...(fk.onUpdate !== undefined && { onUpdate: fk.onUpdate }),
    // MATCH PARTIAL is not implemented by PostgreSQL, so only FULL can differ from the default.
    ...(fk.match === 'FULL' && { match: 'FULL' }),
    ...(fk.isDeferrable === true && { deferrable: true }),
    ...(fk.isInitiallyDeferred === true && { initiallyDeferred: true }),
  }
}

function toSpecView(view: ViewModel): SpecView {
  return {
    ...(view.isMaterialized !== undefined && { materialized: view.isMaterialized }),
    ...(view.triggers !== undefined && view.triggers.length > 0 && { triggers: sortByKey(view.triggers.map(toSpecTrigger)) }),
  }
}

function toSpecTrigger(trigger: TriggerModel): SpecTrigger {
  return {
    name: trigger.name,
    ...(trigger.timing !== undefined && { timing: trigger.timing }),
    ...(trigger.events !== undefined && { events: trigger.events }),
    ...(trigger.updateOf !== undefined && trigger.updateOf.length > 0 && { updateOf: trigger.updateOf }),
    ...(trigger.level !== undefined && { level: trigger.level }),
    ...(trigger.function !== undefined && { function: trigger.function }),
    ...(trigger.arguments !== undefined && { arguments: trigger.arguments }),
    ...(typeof trigger.when === 'string' && { when: trigger.when }),
    ...(trigger.enabled !== undefined && { enabled: toSpecEnabled(trigger.enabled) }),
  }
}

function toSpecEnabled(enabled: TriggerEnabled): SpecTrigger['enabled'] {
  switch (enabled) {
    case 'origin': return true
    case 'disabled': return false
    case 'replica':
    case 'always': return enabled
  }
}

function toSpecFunction(fn: FunctionModel): SpecFunction {
  return {
    name: fn.name,
    ...(fn.argumentTypes !== undefined && { arguments: fn.argumentTypes }),
    ...(fn.returns !== undefined && { returns: fn.returns }),
    ...(fn.language !== undefined && { language: fn.language }),
  }
}

function isSequenceType(type: string | undefined): type is 'smallint' | 'integer' | 'bigint' {
  return type === 'smallint' || type === 'integer' || type === 'bigint'
}

function record<T extends { name: string }, U>(list: readonly T[], convert: (item: T) => U): Record<string, U> {
  return Object.fromEntries(list.map((item) => [item.name, convert(item)]))
}

/** Sorted by name, then by content, so unnamed objects and overloads have a stable order too. */
function sortByKey<T extends { name?: string }>(list: T[]): T[] {
  return list
    .map((item) => ({ item, key: JSON.stringify(item) }))
    .sort((a, b) => compareText(a.item.name ?? '', b.item.name ?? '') || compareText(a.key, b.key))
    .map(({ item }) => item)
}
