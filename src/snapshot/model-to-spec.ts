import type {
  CheckModel,
  ColumnModel,
  EnumModel,
  ExtensionModel,
  ForeignKeyModel,
  FunctionModel,
  IndexModel,
  PrimaryKeyModel,
  SchemaModel,
  SequenceModel,
  TableModel,
  TriggerEnabled,
  TriggerModel,
  UniqueModel,
  ViewModel,
} from '../model/schema-model.js'
import type {
  Spec,
  SpecCheck,
  SpecColumn,
  SpecEnum,
  SpecExtension,
  SpecForeignKey,
  SpecFunction,
  SpecIndex,
  SpecPrimaryKey,
  SpecSchema,
  SpecSequence,
  SpecTable,
  SpecTrigger,
  SpecUnique,
  SpecView,
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
  /**
   * The schemas to write, each even when empty (a snapshot records every schema it read);
   * default: the model's `schemas`, else those its objects are in.
   */
  readonly schemas?: readonly string[]
  /** The model is the whole database: write `allSchemas: true` (see Spec.allSchemas). */
  readonly isWholeDatabase?: boolean
}

/**
 * How a model object is spelled as a spec entry. A snapshot leaves out what is at PostgreSQL's
 * default (`keepDefaults: false`) to stay readable; a finding's payload shows every property the
 * model defines (`keepDefaults: true`: an expected object exactly as the spec states it, an
 * actual one completely), so the value that differs is always there to read.
 */
export interface SpellingOptions {
  readonly keepDefaults: boolean
}

const SNAPSHOT: SpellingOptions = { keepDefaults: false }

/**
 * A complete spec of what a model (usually an introspected database) has, such that
 * specToModel(modelToSpec(m)) checks every property of m. Properties at their PostgreSQL
 * default are left out to keep the file readable (btree, MATCH SIMPLE, NOT DEFERRABLE, no
 * default, no WHERE, ...), and the spec says `complete: true`, so the loader reads them back as
 * those defaults rather than as "don't care"; indexes that back a constraint are left out because
 * the constraint already describes them. Every schema read is listed, an empty one as `{}`. Objects are sorted by name; columns keep the model's (attnum) order.
 */
export function modelToSpec(model: SchemaModel, options: ModelToSpecOptions = {}): Spec {
  const schemaNames = new Set<string>(options.schemas ?? model.schemas ?? [])
  for (const list of [model.tables, model.functions, model.enums, model.sequences, model.views]) {
    for (const object of list) schemaNames.add(object.schema)
  }
  const schemas: Record<string, SpecSchema> = {}
  for (const schema of [...schemaNames].sort(compareText)) {
    const inSchema = <T extends { schema: string; name: string }>(list: readonly T[]): T[] =>
      list.filter((o) => o.schema === schema).sort((a, b) => compareText(a.name, b.name))
    const tables = inSchema(model.tables)
    const functions = inSchema(model.functions)
    const enums = inSchema(model.enums)
    const sequences = inSchema(model.sequences)
    const views = inSchema(model.views)
    schemas[schema] = {
      ...(tables.length > 0 && { tables: record(tables, (t) => toSpecTable(t, SNAPSHOT)) }),
      ...(functions.length > 0 && { functions: sortByKey(functions.map(toSpecFunction)) }),
      ...(enums.length > 0 && { enums: record(enums, toSpecEnum) }),
      ...(sequences.length > 0 && { sequences: record(sequences, toSpecSequence) }),
      ...(views.length > 0 && { views: record(views, (v) => toSpecView(v, SNAPSHOT)) }),
    }
  }
  const $schema = options.$schema === undefined ? DEFAULT_SCHEMA_REFERENCE : options.$schema
  const extensions = [...model.extensions].sort((a, b) => compareText(a.name, b.name))
  return {
    ...($schema !== null && { $schema }),
    formatVersion: 1,
    // Exact: what it leaves out is at PostgreSQL's default (see specToModel).
    complete: true,
    ...(options.isWholeDatabase === true && { allSchemas: true }),
    ...(options.description !== undefined && { description: options.description }),
    ...(extensions.length > 0 && {
      extensions: extensions.map(toSpecExtension),
    }),
    schemas,
  }
}

export function toSpecTable(table: TableModel, options: SpellingOptions): SpecTable {
  const pk = table.primaryKey
  const columnNames = new Set(table.columns.map((c) => c.name))
  const indexes = table.indexes.filter((i) => i.constraintName === undefined || i.constraintName === null)
  const parent = table.partitionOf
  return {
    // Only partitions say so in a snapshot: "not a partition" is every other table's default.
    ...(parent !== undefined && (parent !== null || options.keepDefaults) && { partitionOf: toSpecTableRef(table.schema, parent, options) }),
    // Never null: the spec has no "must not be a partition" bound (partitionOf says that).
    ...(typeof table.partitionBound === 'string' && { partitionBound: table.partitionBound }),
    // Like partitionOf: only partitioned tables say so in a snapshot, a plain table is the default.
    ...(table.partitionBy !== undefined && (table.partitionBy !== null || options.keepDefaults) && { partitionBy: table.partitionBy }),
    // Only when true: every spec expects a logged table whatever it says (the payload of a mismatch reads the model).
    ...(table.isUnlogged === true && { unlogged: true }),
    columns: Object.fromEntries(table.columns.map((c) => [c.name, toSpecColumn(c, options)])),
    ...(pk !== undefined && { primaryKey: pk === null ? null : toSpecPrimaryKey(pk) }),
    ...(table.uniqueConstraints.length > 0 && { unique: sortByKey(table.uniqueConstraints.map((u) => toSpecUnique(u, options))) }),
    ...(table.checkConstraints.length > 0 && { checks: sortByKey(table.checkConstraints.map(toSpecCheck)) }),
    ...(indexes.length > 0 && { indexes: sortByKey(indexes.map((i) => toSpecIndex(i, columnNames, options))) }),
    ...(table.foreignKeys.length > 0 && { foreignKeys: sortByKey(table.foreignKeys.map((fk) => toSpecForeignKey(table.schema, fk, options))) }),
    ...(table.triggers.length > 0 && { triggers: sortByKey(table.triggers.map((t) => toSpecTrigger(t, options))) }),
  }
}

/** A table reference as `partitionOf` spells it: the schema only when it is not `schema` (or always, keeping defaults). */
export function toSpecTableRef(
  schema: string,
  ref: { readonly schema: string; readonly name: string } | null,
  options: SpellingOptions,
): SpecTable['partitionOf'] {
  if (ref === null) return null
  return { ...((ref.schema !== schema || options.keepDefaults) && { schema: ref.schema }), table: ref.name }
}

/** A column; an expected `serial` column (one without a default of its own) is spelled `serial` again. */
export function toSpecColumn(column: ColumnModel, options: SpellingOptions): SpecColumn {
  const type = column.type !== undefined && column.isSerial === true && column.default === undefined ? (SERIAL_NAMES[column.type] ?? column.type) : column.type
  const keep = <T>(value: T | null | undefined): value is T | null => value !== undefined && (value !== null || options.keepDefaults)
  return {
    ...(type !== undefined && { type }),
    ...(column.isNullable !== undefined && { nullable: column.isNullable }),
    ...(keep(column.default) && { default: column.default }),
    ...(keep(column.identity) && { identity: column.identity }),
    ...(keep(column.generated) && { generated: column.generated }),
  }
}

const SERIAL_NAMES: Readonly<Record<string, string>> = { integer: 'serial', bigint: 'bigserial', smallint: 'smallserial' }

export function toSpecPrimaryKey(pk: PrimaryKeyModel): SpecPrimaryKey {
  return { ...(pk.name !== undefined && { name: pk.name }), columns: pk.columns }
}

export function toSpecUnique(unique: UniqueModel, options: SpellingOptions): SpecUnique {
  const keep = unique.nullsNotDistinct !== undefined && (unique.nullsNotDistinct || options.keepDefaults)
  return { ...(unique.name !== undefined && { name: unique.name }), columns: unique.columns, ...(keep && { nullsNotDistinct: unique.nullsNotDistinct }) }
}

/** `constraint` is not a spec property (every spec entry is one): a mismatch shows it from the model. */
export function uniqueIsConstraint(unique: UniqueModel): boolean {
  return unique.isConstraint !== false
}

export function toSpecCheck(check: CheckModel): SpecCheck {
  return { ...(check.name !== undefined && { name: check.name }), expression: check.expression, ...healthOf(check) }
}

/** `columnNames`: the table's columns, which tell a column key from an expression key (see specIndexKey). */
export function toSpecIndex(index: IndexModel, columnNames: ReadonlySet<string>, options: SpellingOptions): SpecIndex {
  const keep = options.keepDefaults
  return {
    ...(index.name !== undefined && { name: index.name }),
    columns: index.keys.map((key) => specIndexKey(key, columnNames)),
    ...((index.isUnique !== undefined || !keep) && { unique: index.isUnique ?? false }),
    ...(index.method !== undefined && (index.method !== 'btree' || keep) && { method: index.method as SpecIndex['method'] }),
    ...(index.where !== undefined && (index.where !== null || keep) && { where: index.where }),
    ...(index.include !== undefined && (index.include.length > 0 || keep) && { include: index.include }),
  }
}

export function toSpecForeignKey(schema: string, fk: ForeignKeyModel, options: SpellingOptions): SpecForeignKey {
  const keep = options.keepDefaults
  return {
    ...(fk.name !== undefined && { name: fk.name }),
    columns: fk.columns,
    references: {
      ...((fk.referencedSchema !== schema || keep) && { schema: fk.referencedSchema }),
      table: fk.referencedTable,
      ...(fk.referencedColumns !== undefined && { columns: fk.referencedColumns }),
    },
    ...(fk.onDelete !== undefined && { onDelete: fk.onDelete }),
    ...(fk.onUpdate !== undefined && { onUpdate: fk.onUpdate }),
    // MATCH PARTIAL is not implemented by PostgreSQL, so only FULL can differ from the default.
    ...(fk.match !== undefined && (fk.match === 'FULL' || keep) && { match: fk.match === 'FULL' ? 'FULL' : 'SIMPLE' }),
    ...(fk.isDeferrable !== undefined && (fk.isDeferrable || keep) && { deferrable: fk.isDeferrable }),
    ...(fk.isInitiallyDeferred !== undefined && (fk.isInitiallyDeferred || keep) && { initiallyDeferred: fk.isInitiallyDeferred }),
    ...healthOf(fk),
    // Only when false, like `valid`: a snapshot must accept the database's unindexed keys as they are.
    ...(fk.isIndexed === false && { indexed: false }),
  }
}

/**
 * `valid` and `enforced` only when false, even keeping defaults: true is what every spec asks
 * for without saying so, and spelling it on every constraint of a finding would be noise.
 */
function healthOf(constraint: CheckModel | ForeignKeyModel): { valid?: false; enforced?: false } {
  return { ...(constraint.isValid === false && { valid: false }), ...(constraint.isEnforced === false && { enforced: false }) }
}

export function toSpecView(view: ViewModel, options: SpellingOptions): SpecView {
  return {
    ...(view.isMaterialized !== undefined && { materialized: view.isMaterialized }),
    ...(view.triggers !== undefined && view.triggers.length > 0 && { triggers: sortByKey(view.triggers.map((t) => toSpecTrigger(t, options))) }),
    ...(view.definition !== undefined && { definition: view.definition }),
  }
}

export function toSpecTrigger(trigger: TriggerModel, options: SpellingOptions): SpecTrigger {
  const keep = options.keepDefaults
  return {
    name: trigger.name,
    ...(trigger.timing !== undefined && { timing: trigger.timing }),
    ...(trigger.events !== undefined && { events: trigger.events }),
    ...(trigger.updateOf !== undefined && (trigger.updateOf.length > 0 || keep) && { updateOf: trigger.updateOf }),
    ...(trigger.level !== undefined && { level: trigger.level }),
    ...(trigger.function !== undefined && { function: trigger.function }),
    ...(trigger.arguments !== undefined && { arguments: trigger.arguments }),
    ...(trigger.when !== undefined && (trigger.when !== null || keep) && { when: trigger.when }),
    ...(trigger.enabled !== undefined && { enabled: toSpecEnabled(trigger.enabled) }),
  }
}

export function toSpecEnabled(enabled: TriggerEnabled): NonNullable<SpecTrigger['enabled']> {
  switch (enabled) {
    case 'origin':
      return true
    case 'disabled':
      return false
    case 'replica':
    case 'always':
      return enabled
  }
}

export function toSpecFunction(fn: FunctionModel): SpecFunction {
  return {
    name: fn.name,
    ...(fn.argumentTypes !== undefined && { arguments: fn.argumentTypes }),
    ...(fn.returns !== undefined && { returns: fn.returns }),
    ...(fn.language !== undefined && { language: fn.language }),
    // As PostgreSQL has it, layout included: it is the source (createStatement is no spec property).
    ...(fn.body !== undefined && { body: fn.body }),
  }
}

export function toSpecExtension(e: ExtensionModel): SpecExtension {
  return { name: e.name, ...(e.schema !== undefined && { schema: e.schema }), ...(e.version !== undefined && { version: e.version }) }
}

export function toSpecEnum(e: EnumModel): SpecEnum {
  return { ...(e.values && { values: e.values }) }
}

export function toSpecSequence(s: SequenceModel): SpecSequence {
  return { ...(isSequenceType(s.dataType) && { type: s.dataType }) }
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
