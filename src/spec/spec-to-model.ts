import { bySchemaAndName } from '../model/object-ref.js'
import { canonicalExpression, type ExpressionContext } from '../model/canonical-expression.js'
import { canonicalType } from '../model/canonical-type.js'
import { sequenceDefault, serialSequenceName } from '../model/implicit-names.js'
import type {
  CheckModel,
  ColumnModel,
  EnumModel,
  ExtensionModel,
  ForeignKeyModel,
  FunctionModel,
  IndexModel,
  SchemaModel,
  SequenceModel,
  TableModel,
  TriggerEnabled,
  TriggerEvent,
  TriggerModel,
  UniqueModel,
  ViewModel,
} from '../model/schema-model.js'
import { canonicalIndexKey } from './canonical-index-key.js'
import { escapePointer } from '../model/json-pointer.js'
import { DEFAULT_HISTORY_TABLES, defaultCommands, shapeOf, type MigrationSpecModel } from '../model/migration.js'
import type { Spec, SpecCheck, SpecMigrations, SpecColumn, SpecForeignKey, SpecFunction, SpecIndex, SpecTable, SpecTrigger, SpecUnique } from './spec-types.js'
import { compareText } from '../model/compare-text.js'

/** The order PostgreSQL (and the model) lists trigger events in. */
export const TRIGGER_EVENT_ORDER: readonly TriggerEvent[] = ['INSERT', 'UPDATE', 'DELETE', 'TRUNCATE']

/**
 * The expected SchemaModel a spec describes. Pure. Types and expressions are canonicalised here,
 * so the comparer can use plain equality; everything the spec left out stays `undefined`
 * ("not checked") and every explicit `null` stays `null` ("must be absent"). Objects are sorted
 * by schema and name; columns and constraints keep the spec's order.
 *
 * A complete spec (`complete: true`, as `snapshot` writes it) is exact: a property it leaves out
 * is at PostgreSQL's default, not "don't care", and each object is built with those defaults
 * filled in (`orDefault`), so the comparer sees, for example, a column default or a partial-index
 * predicate that appeared after the snapshot was taken. Properties with no default of their own
 * (a column's type and nullability, a trigger's timing, a function's result, an extension's
 * version) stay as given, and so do source texts (a function's body, a view's query, a
 * partition's bound): left out, they are not checked. A left-out partition key is a plain
 * table's (not partitioned), unless the spec lists partitions of the table: then it is
 * partitioned, by a key the spec does not give (as in a snapshot written before snapshots had
 * partition keys).
 */
export function specToModel(spec: Spec): SchemaModel {
  const isComplete = spec.complete === true
  return {
    ...openWorldModel(spec, isComplete),
    schemas: Object.keys(spec.schemas).sort(compareText),
    ...(spec.allSchemas === true && { hasAllSchemas: true }),
    ...(isComplete && { isComplete: true }),
    ...(spec.migrations !== undefined && { migration: toMigrationModel(spec.migrations) }),
  }
}

/** The spec's `migrations`, with the tool's defaults filled in; `creates` names qualified as `schema.table`. */
function toMigrationModel(m: SpecMigrations): MigrationSpecModel {
  const schema = m.schema ?? 'public'
  const table = m.table ?? (m.tool === 'custom' ? '' : DEFAULT_HISTORY_TABLES[m.tool])
  const commands = defaultCommands(m.tool, m.revision)
  const creates =
    m.creates === undefined
      ? undefined
      : Object.fromEntries(Object.entries(m.creates).map(([revision, tables]) => [revision, tables.map((t) => (t.includes('.') ? t : `${schema}.${t}`))]))
  return {
    tool: m.tool,
    schema,
    table,
    ...(m.column !== undefined && { column: m.column }),
    ...(m.orderBy !== undefined && { orderBy: m.orderBy }),
    shape: m.tool === 'custom' ? (m.records === 'current' ? 'heads' : 'log') : shapeOf(m.tool),
    revision: m.revision,
    ...(m.history !== undefined && { history: [...m.history] }),
    ...(creates !== undefined && { creates }),
    upgradeCommand: m.upgradeCommand ?? commands.upgrade,
    stampCommand: m.stampCommand ?? commands.stamp,
    source: '/migrations',
  }
}

/** `value`, or for a complete spec PostgreSQL's `fallback` when the spec left it out. */
function orDefault<T>(value: T | undefined, fallback: T, isComplete: boolean): T | undefined {
  return value === undefined && isComplete ? fallback : value
}

function openWorldModel(spec: Spec, isComplete: boolean): SchemaModel {
  const tables: TableModel[] = []
  const functions: FunctionModel[] = []
  const enums: EnumModel[] = []
  const sequences: SequenceModel[] = []
  const views: ViewModel[] = []
  const partitioned = isComplete ? partitionedTables(spec) : new Set<string>()
  for (const [schema, specSchema] of Object.entries(spec.schemas)) {
    const at = `/schemas/${escapePointer(schema)}`
    for (const [name, table] of Object.entries(specSchema.tables ?? {})) {
      // Left out of a complete spec: plain, unless the spec lists partitions of it (see above).
      const partitionBy = orDefault(table.partitionBy, partitioned.has(key(schema, name)) ? undefined : null, isComplete)
      tables.push(toTableModel(schema, name, table, partitionBy, isComplete))
    }
    for (const [i, fn] of (specSchema.functions ?? []).entries()) functions.push(toFunctionModel(schema, fn, `${at}/functions/${i}`, isComplete))
    for (const [name, e] of Object.entries(specSchema.enums ?? {})) {
      enums.push(compact({ schema, name, values: e.values, source: `${at}/enums/${escapePointer(name)}` }))
    }
    for (const [name, s] of Object.entries(specSchema.sequences ?? {})) {
      // CREATE SEQUENCE without AS makes a bigint sequence.
      sequences.push(compact({ schema, name, dataType: orDefault(s.type, 'bigint', isComplete), source: `${at}/sequences/${escapePointer(name)}` }))
    }
    for (const [name, v] of Object.entries(specSchema.views ?? {})) {
      const source = `${at}/views/${escapePointer(name)}`
      const triggers = orDefault(
        v.triggers?.map((t, i) => toTriggerModel(t, { schema }, `${source}/triggers/${i}`, isComplete)),
        [],
        isComplete,
      )
      views.push(compact({ schema, name, isMaterialized: orDefault(v.materialized, false, isComplete), definition: v.definition, triggers, source }))
    }
  }
  const extensions: ExtensionModel[] = (spec.extensions ?? []).map((e, i) =>
    compact({ name: e.name, schema: e.schema, version: e.version, source: `/extensions/${i}` }),
  )
  return {
    tables: tables.sort(bySchemaAndName),
    functions: functions.sort(bySchemaAndName),
    extensions: extensions.sort((a, b) => compareText(a.name, b.name)),
    enums: enums.sort(bySchemaAndName),
    sequences: withOwners(sequences, tables).sort(bySchemaAndName),
    views: views.sort(bySchemaAndName),
  }
}

/**
 * The listed sequences, each with `ownedBy` set when exactly one column of its schema is said by
 * the spec to use it: (a) its default is `nextval('<the sequence>')` (compared in canonical form,
 * so any spelling or qualification that canonicalExpression() merges counts), or (b) it is a
 * serial column without an explicit default, or an identity column, and PostgreSQL would name the
 * sequence it creates for it (serialSequenceName) as the listed one. A partition's column that
 * uses the same sequence as the same column of its partitioned table does not count: PostgreSQL
 * copies the parent's default to every partition, and the sequence belongs to the parent's column.
 * No column, or more than one: undefined (not checked). Sequences the spec does not list are not
 * invented.
 */
function withOwners(sequences: readonly SequenceModel[], tables: readonly TableModel[]): SequenceModel[] {
  if (sequences.length === 0) return [...sequences]
  const listed = new Set(sequences.map((s) => key(s.schema, s.name)))
  /** Per listed sequence, the columns that use it, by key(table, column). */
  const users = new Map<string, Map<string, { table: TableModel; column: string }>>()
  const addUser = (sequence: string, table: TableModel, column: string): void => {
    const sequenceKey = key(table.schema, sequence)
    if (!listed.has(sequenceKey)) return
    const columns = users.get(sequenceKey) ?? new Map<string, { table: TableModel; column: string }>()
    users.set(sequenceKey, columns.set(key(table.name, column), { table, column }))
  }
  // (a) The canonical default that names each listed sequence, as its own schema's tables write it.
  // In another schema than public, a bare name in canonical form may also stand for public's
  // sequence of that name (canonicalExpression drops both qualifications): when the spec lists
  // both, such a default cannot tell which one it uses.
  const sequenceOfDefault = new Map<string, string>()
  for (const s of sequences) {
    if (s.schema !== 'public' && listed.has(key('public', s.name))) continue
    const nextval = sequenceDefault(s.schema, s.name)
    sequenceOfDefault.set(key(s.schema, nextval), s.name)
  }
  for (const table of tables) {
    for (const column of table.columns) {
      if (typeof column.default === 'string') {
        const sequence = sequenceOfDefault.get(key(table.schema, column.default))
        if (sequence !== undefined) addUser(sequence, table, column.name)
      }
      // (b) The sequence PostgreSQL creates for the column, if no relation had its name yet.
      if ((column.isSerial === true && column.default === undefined) || typeof column.identity === 'string') {
        addUser(serialSequenceName(table.name, column.name), table, column.name)
      }
    }
  }
  return sequences.map((s) => {
    const columns = users.get(key(s.schema, s.name))
    if (columns === undefined) return s
    const owners = [...columns.values()].filter(({ table, column }) => {
      const parent = table.partitionOf
      return parent == null || parent.schema !== table.schema || !columns.has(key(parent.name, column))
    })
    const [owner, ...others] = owners
    if (owner === undefined || others.length > 0) return s
    return { ...s, ownedBy: { table: owner.table.name, column: owner.column } }
  })
}

/** Tables the spec lists partitions of, by key(schema, name). */
function partitionedTables(spec: Spec): Set<string> {
  const partitioned = new Set<string>()
  for (const [schema, specSchema] of Object.entries(spec.schemas)) {
    for (const table of Object.values(specSchema.tables ?? {})) {
      if (table.partitionOf != null) partitioned.add(key(table.partitionOf.schema ?? schema, table.partitionOf.table))
    }
  }
  return partitioned
}

// JSON, so that no pair of names can collide ("a.b"."c" vs "a"."b.c").
function key(first: string, second: string): string {
  return JSON.stringify([first, second])
}

function toTableModel(schema: string, name: string, table: SpecTable, partitionBy: string | null | undefined, isComplete: boolean): TableModel {
  const context: ExpressionContext = { schema }
  const source = `/schemas/${escapePointer(schema)}/tables/${escapePointer(name)}`
  const primaryKey =
    table.primaryKey === undefined || table.primaryKey === null
      ? orDefault(table.primaryKey, null, isComplete)
      : compact({ name: table.primaryKey.name, columns: table.primaryKey.columns, source: `${source}/primaryKey` })
  return compact({
    schema,
    name,
    partitionOf:
      table.partitionOf === undefined || table.partitionOf === null
        ? orDefault(table.partitionOf, null, isComplete)
        : { schema: table.partitionOf.schema ?? schema, name: table.partitionOf.table },
    // Kept as written (a DDL writer may need the text); compared as SQL text (source-text.ts).
    partitionBound: table.partitionBound,
    partitionBy,
    // Broken-object health: logged unless the spec allows otherwise, in any spec.
    isUnlogged: table.unlogged ?? false,
    columns: Object.entries(table.columns ?? {}).map(([column, spec]) =>
      toColumnModel(schema, column, spec, `${source}/columns/${escapePointer(column)}`, isComplete),
    ),
    primaryKey,
    uniqueConstraints: (table.unique ?? []).map((u, i) => toUniqueModel(u, `${source}/unique/${i}`, isComplete)),
    checkConstraints: (table.checks ?? []).map((c, i) => toCheckModel(c, context, `${source}/checks/${i}`)),
    indexes: (table.indexes ?? []).map((index, i) => toIndexModel(index, context, `${source}/indexes/${i}`, isComplete)),
    foreignKeys: (table.foreignKeys ?? []).map((fk, i) => toForeignKeyModel(schema, fk, `${source}/foreignKeys/${i}`, isComplete)),
    triggers: (table.triggers ?? []).map((t, i) => toTriggerModel(t, context, `${source}/triggers/${i}`, isComplete)),
    source,
  })
}

function toColumnModel(schema: string, name: string, column: SpecColumn, source: string, isComplete: boolean): ColumnModel {
  const canonical = column.type === undefined ? undefined : canonicalType(column.type)
  const isSerial = canonical?.isSerial === true
  const context: ExpressionContext = canonical === undefined ? { schema } : { columnType: canonical.type, schema }
  return compact({
    name,
    type: canonical?.type,
    // PostgreSQL makes serial columns NOT NULL whatever the column definition says.
    isNullable: column.nullable ?? (isSerial ? false : undefined),
    // A `serial` without a default of its own stands for its nextval() default: nothing to fill.
    default: orDefault(optionalExpression(column.default, context), null, isComplete && !isSerial),
    isSerial: isSerial ? true : undefined,
    identity: orDefault(column.identity, null, isComplete),
    generated: orDefault(optionalExpression(column.generated, context), null, isComplete),
    source,
  })
}

function toUniqueModel(unique: SpecUnique, source: string, isComplete: boolean): UniqueModel {
  return compact({ name: unique.name, columns: unique.columns, nullsNotDistinct: orDefault(unique.nullsNotDistinct, false, isComplete), source })
}

function toCheckModel(check: SpecCheck, context: ExpressionContext, source: string): CheckModel {
  return compact({
    name: check.name,
    expression: canonicalExpression(check.expression, context),
    // Health is checked whatever the spec leaves out: no spec means "a broken one will do".
    isValid: check.valid ?? true,
    isEnforced: check.enforced ?? true,
    source,
  })
}

function toIndexModel(index: SpecIndex, context: ExpressionContext, source: string, isComplete: boolean): IndexModel {
  return compact({
    name: index.name,
    keys: index.columns.map((key) => canonicalIndexKey(key, context)),
    isUnique: orDefault(index.unique, false, isComplete),
    method: orDefault(index.method, 'btree', isComplete),
    where: orDefault(optionalExpression(index.where, context), null, isComplete),
    include: orDefault(index.include, [], isComplete),
    isValid: true,
    source,
  })
}

function toForeignKeyModel(schema: string, fk: SpecForeignKey, source: string, isComplete: boolean): ForeignKeyModel {
  return compact({
    name: fk.name,
    columns: fk.columns,
    referencedSchema: fk.references.schema ?? schema,
    referencedTable: fk.references.table,
    // Left out: the comparer resolves it to the referenced table's primary key.
    referencedColumns: fk.references.columns,
    onDelete: orDefault(fk.onDelete, 'NO ACTION', isComplete),
    onUpdate: orDefault(fk.onUpdate, 'NO ACTION', isComplete),
    match: orDefault(fk.match, 'SIMPLE', isComplete),
    isDeferrable: orDefault(fk.deferrable, false, isComplete),
    isInitiallyDeferred: orDefault(fk.initiallyDeferred, false, isComplete),
    isValid: fk.valid ?? true,
    isEnforced: fk.enforced ?? true,
    isIndexed: fk.indexed,
    source,
  })
}

function toTriggerModel(trigger: SpecTrigger, context: ExpressionContext, source: string, isComplete: boolean): TriggerModel {
  const events = trigger.events === undefined ? undefined : TRIGGER_EVENT_ORDER.filter((e) => trigger.events?.includes(e))
  return compact({
    name: trigger.name,
    timing: trigger.timing,
    events,
    updateOf: orDefault(trigger.updateOf, [], isComplete),
    level: trigger.level,
    function: trigger.function === undefined ? undefined : canonicalFunctionName(trigger.function),
    arguments: orDefault(trigger.arguments, [], isComplete),
    when: orDefault(optionalExpression(trigger.when, context), null, isComplete),
    enabled: orDefault(toTriggerEnabled(trigger.enabled), 'origin', isComplete),
    source,
  })
}

function toTriggerEnabled(enabled: SpecTrigger['enabled']): TriggerEnabled | undefined {
  if (enabled === undefined) return undefined
  if (enabled === true) return 'origin'
  if (enabled === false) return 'disabled'
  return enabled
}

function toFunctionModel(schema: string, fn: SpecFunction, source: string, isComplete: boolean): FunctionModel {
  return compact({
    schema,
    name: fn.name,
    argumentTypes: orDefault(
      fn.arguments?.map((a) => canonicalType(a).type),
      [],
      isComplete,
    ),
    returns: fn.returns === undefined ? undefined : canonicalReturnType(fn.returns),
    // Language names are folded identifiers: the catalog always has them in lowercase.
    language: fn.language?.trim().toLowerCase(),
    body: fn.body,
    source,
  })
}

/**
 * Canonical trigger function name: schema-qualified unless in `public`, without a trailing `()`
 * (people copy it from EXECUTE FUNCTION f()).
 */
export function canonicalFunctionName(name: string): string {
  const text = name.trim()
  // Scanned back from the end: /\s*\(\s*\)$/ backtracked quadratically on a long run of spaces.
  let end = text.length
  if (text.endsWith(')')) {
    let i = skipSpacesBack(text, end - 1)
    if (text[i - 1] === '(') {
      i = skipSpacesBack(text, i - 1)
      end = i
    }
  }
  const bare = text.slice(0, end)
  return bare.startsWith('public.') ? bare.slice('public.'.length) : bare
}

function skipSpacesBack(text: string, end: number): number {
  let i = end
  while (i > 0 && /\s/.test(text[i - 1] as string)) i--
  return i
}

/** Canonical result type as pg_get_function_result() spells it: `integer`, `SETOF text`, `TABLE(...)`. */
export function canonicalReturnType(returns: string): string {
  const text = returns.trim()
  const setOf = /^setof\s+(.+)$/is.exec(text)
  if (setOf?.[1] !== undefined) return `SETOF ${canonicalType(setOf[1]).type}`
  if (/^table\s*\(/i.test(text)) return text
  return canonicalType(text).type
}

function optionalExpression(sql: string | null | undefined, context: ExpressionContext): string | null | undefined {
  return sql === undefined || sql === null ? sql : canonicalExpression(sql, context)
}

/** Drops keys whose value is undefined, so a left-out property is absent rather than present-but-undefined. */
function compact<T extends object>(value: T): T {
  const result: Record<string, unknown> = {}
  for (const key in value) if (value[key] !== undefined) result[key] = value[key]
  return result as T
}
