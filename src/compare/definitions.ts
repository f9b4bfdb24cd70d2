/**
 * Model objects as they appear in a finding's `expected` / `actual`: spelled the way a spec
 * would spell them (camelCase spec vocabulary, `columns` rather than `keys`), without the
 * properties the spec left unchecked, so a user can paste a missing object into the spec.
 */
import type {
  CheckModel,
  ColumnModel,
  EnumModel,
  ExtensionModel,
  ForeignKeyModel,
  FunctionModel,
  IndexModel,
  PrimaryKeyModel,
  SequenceModel,
  TableModel,
  TriggerModel,
  UniqueModel,
  ViewModel,
} from '../model/schema-model.js'
import { specIndexKey } from '../model/index-key.js'

type Definition = Readonly<Record<string, unknown>>

/** Drops undefined properties so JSON and messages show only what is known. */
function defined(object: Record<string, unknown>): Definition {
  return Object.fromEntries(Object.entries(object).filter(([, value]) => value !== undefined))
}

export function columnDefinition(c: ColumnModel): Definition {
  return defined({
    type: c.type,
    nullable: c.isNullable,
    default: c.isSerial && c.default === undefined ? 'nextval(...)' : c.default,
    identity: c.identity ?? undefined,
    generated: c.generated ?? undefined,
  })
}

/** A whole table, for `table.missing`: everything the spec expects of it. */
export function tableDefinition(t: TableModel): Definition {
  const list = <T>(items: readonly T[], toDefinition: (item: T) => Definition): Definition[] | undefined =>
    items.length > 0 ? items.map(toDefinition) : undefined
  return defined({
    columns: Object.fromEntries(t.columns.map((c) => [c.name, columnDefinition(c)])),
    primaryKey: t.primaryKey === undefined || t.primaryKey === null ? undefined : primaryKeyDefinition(t.primaryKey),
    unique: list(t.uniqueConstraints, uniqueDefinition),
    checks: list(t.checkConstraints, checkDefinition),
    indexes: list(t.indexes, (i) => indexDefinition(i, new Set(t.columns.map((c) => c.name)))),
    foreignKeys: list(t.foreignKeys, foreignKeyDefinition),
    triggers: list(t.triggers, triggerDefinition),
  })
}

export function primaryKeyDefinition(k: PrimaryKeyModel): Definition {
  return defined({ name: k.name, columns: k.columns })
}

export function uniqueDefinition(u: UniqueModel): Definition {
  return defined({ name: u.name, columns: u.columns, nullsNotDistinct: u.nullsNotDistinct || undefined })
}

export function checkDefinition(c: CheckModel): Definition {
  return defined({ name: c.name, expression: c.expression })
}

/** `columnNames`: the table's columns, so keys are spelled as a spec spells them (see specIndexKey). */
export function indexDefinition(i: IndexModel, columnNames: ReadonlySet<string>): Definition {
  return defined({
    name: i.name,
    columns: i.keys.map((key) => specIndexKey(key, columnNames)),
    unique: i.isUnique,
    method: i.method,
    where: i.where ?? undefined,
    include: i.include !== undefined && i.include.length > 0 ? i.include : undefined,
  })
}

export function foreignKeyDefinition(f: ForeignKeyModel): Definition {
  return defined({
    name: f.name,
    columns: f.columns,
    references: defined({ schema: f.referencedSchema, table: f.referencedTable, columns: f.referencedColumns }),
    onDelete: f.onDelete,
    onUpdate: f.onUpdate,
    match: f.match,
    deferrable: f.isDeferrable,
    initiallyDeferred: f.isInitiallyDeferred,
  })
}

export function triggerDefinition(t: TriggerModel): Definition {
  return defined({
    name: t.name,
    timing: t.timing,
    events: t.events,
    updateOf: t.updateOf !== undefined && t.updateOf.length > 0 ? t.updateOf : undefined,
    level: t.level,
    function: t.function,
    arguments: t.arguments !== undefined && t.arguments.length > 0 ? t.arguments : undefined,
    when: t.when ?? undefined,
    enabled: t.enabled,
  })
}

export function functionDefinition(f: FunctionModel): Definition {
  return defined({ name: f.name, arguments: f.argumentTypes, returns: f.returns, language: f.language })
}

export function extensionDefinition(e: ExtensionModel): Definition {
  return defined({ name: e.name, schema: e.schema, version: e.version })
}

export function enumDefinition(e: EnumModel): Definition {
  return defined({ name: e.name, values: e.values })
}

export function sequenceDefinition(s: SequenceModel): Definition {
  return defined({ name: s.name, type: s.dataType })
}

export function viewDefinition(v: ViewModel): Definition {
  const triggers = v.triggers !== undefined && v.triggers.length > 0 ? v.triggers.map(triggerDefinition) : undefined
  return defined({ name: v.name, materialized: v.isMaterialized, triggers })
}
