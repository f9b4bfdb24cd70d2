/**
 * The one place that spells each object's CREATE statement (and the constraint clauses ALTER
 * TABLE adds), from a model object. Shared by the fix planner and the model → DDL writer, so a
 * repair creates an object exactly as `snapshot --format sql` would. Every name and literal goes
 * through quote.ts. A builder that lacks what it needs (a column without a type, a function
 * without a body) answers a `Missing` with the reason instead of guessing.
 */
import { displayIndexKey, specIndexKey } from '../model/index-key.js'
import { makeObjectName, serialSequenceName } from '../model/implicit-names.js'
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
import { dollarQuote, qualifiedName, quoteIdent, quoteLiteral, quotedList } from './quote.js'

/** Why a statement cannot be written from what the model knows. */
export interface Missing {
  readonly missing: string
}

export function isMissing<T>(value: T | Missing): value is Missing {
  return typeof value === 'object' && value !== null && 'missing' in value
}

/** PostgreSQL server_version_num of the first release with each feature the SQL depends on. */
export const FEATURES = {
  createOrReplaceTrigger: 140000,
  nullsNotDistinct: 150000,
  setExpression: 170000,
} as const

// --- names ------------------------------------------------------------------------------------

/** The name a constraint or index gets: the spec's, or the one PostgreSQL would choose. */
export function primaryKeyName(table: TableModel, pk: PrimaryKeyModel): string {
  return pk.name ?? makeObjectName(table.name, null, 'pkey')
}

export function uniqueName(table: TableModel, unique: UniqueModel): string {
  return unique.name ?? makeObjectName(table.name, unique.columns.join('_'), 'key')
}

export function checkName(table: TableModel, check: CheckModel): string {
  return check.name ?? makeObjectName(table.name, null, 'check')
}

export function foreignKeyName(table: TableModel, fk: ForeignKeyModel): string {
  return fk.name ?? makeObjectName(table.name, fk.columns.join('_'), 'fkey')
}

export function indexName(table: TableModel, index: IndexModel): string {
  if (index.name !== undefined) return index.name
  const columns = new Set(table.columns.map((c) => c.name))
  const keyColumns = index.keys.map((key) => specIndexKey(key, columns)).filter((key) => columns.has(key))
  return makeObjectName(table.name, keyColumns.length > 0 ? keyColumns.join('_') : 'expr', 'idx')
}

/** The sequence a serial column draws from (created with it). */
export function serialSequence(table: TableModel, column: ColumnModel): { schema: string; name: string } {
  return { schema: table.schema, name: serialSequenceName(table.name, column.name) }
}

// --- tables and columns -----------------------------------------------------------------------

/** `name type [GENERATED ...] [DEFAULT ...] [NOT NULL]`, as CREATE TABLE and ADD COLUMN take it. */
export function columnDefinition(table: TableModel, column: ColumnModel): string | Missing {
  if (column.type === undefined) return { missing: `the spec does not give the type of column ${column.name}` }
  const parts = [quoteIdent(column.name), column.type]
  if (column.generated !== undefined && column.generated !== null) parts.push(`GENERATED ALWAYS AS (${column.generated}) STORED`)
  if (column.identity !== undefined && column.identity !== null) parts.push(`GENERATED ${column.identity.toUpperCase()} AS IDENTITY`)
  const defaultExpression = columnDefault(table, column)
  if (defaultExpression !== null) parts.push(`DEFAULT ${defaultExpression}`)
  if (column.isNullable === false || (column.identity !== undefined && column.identity !== null)) parts.push('NOT NULL')
  return parts.join(' ')
}

/** The default a column is created with; a serial column's is its sequence's nextval(). */
export function columnDefault(table: TableModel, column: ColumnModel): string | null {
  if (column.identity !== undefined && column.identity !== null) return null
  if (column.generated !== undefined && column.generated !== null) return null
  if (column.default !== undefined && column.default !== null) return column.default
  if (column.isSerial === true && column.default === undefined) {
    const sequence = serialSequence(table, column)
    return `nextval(${quoteLiteral(qualifiedName(sequence.schema, sequence.name))}::regclass)`
  }
  return null
}

/**
 * CREATE TABLE with its columns, primary key, unique and check constraints (foreign keys,
 * indexes and triggers come later, once every table they need exists). A partition is created
 * as a partition of its parent and takes the parent's columns.
 */
export function createTable(table: TableModel, serverVersionNum: number): string | Missing {
  const name = qualifiedName(table.schema, table.name)
  if (table.partitionOf !== undefined && table.partitionOf !== null) {
    return { missing: `the model does not give the partition bounds of ${table.name}` }
  }
  const elements: string[] = []
  for (const column of table.columns) {
    const definition = columnDefinition(table, column)
    if (typeof definition !== 'string') return definition
    elements.push(definition)
  }
  if (table.primaryKey !== undefined && table.primaryKey !== null) elements.push(primaryKeyClause(table, table.primaryKey))
  for (const unique of table.uniqueConstraints) {
    if (unique.isConstraint === false) continue
    const clause = uniqueClause(table, unique, serverVersionNum)
    if (typeof clause !== 'string') return clause
    elements.push(clause)
  }
  for (const check of table.checkConstraints) elements.push(checkClause(table, check, false))
  const partitionBy = table.partitionBy
  const partitioned = partitionBy !== undefined && partitionBy !== null ? ` PARTITION BY ${partitionBy}` : ''
  return `CREATE ${table.isUnlogged === true ? 'UNLOGGED ' : ''}TABLE IF NOT EXISTS ${name} (${elements.length === 0 ? '' : `\n  ${elements.join(',\n  ')}\n`})${partitioned}`
}

export function primaryKeyClause(table: TableModel, pk: PrimaryKeyModel): string {
  return `CONSTRAINT ${quoteIdent(primaryKeyName(table, pk))} PRIMARY KEY ${quotedList(pk.columns)}`
}

export function uniqueClause(table: TableModel, unique: UniqueModel, serverVersionNum: number): string | Missing {
  if (unique.nullsNotDistinct === true && serverVersionNum < FEATURES.nullsNotDistinct) {
    return { missing: 'UNIQUE NULLS NOT DISTINCT needs PostgreSQL 15 or later' }
  }
  const nulls = unique.nullsNotDistinct === true ? ' NULLS NOT DISTINCT' : ''
  return `CONSTRAINT ${quoteIdent(uniqueName(table, unique))} UNIQUE${nulls} ${quotedList(unique.columns)}`
}

export function checkClause(table: TableModel, check: CheckModel, isNotValid: boolean): string {
  return `CONSTRAINT ${quoteIdent(checkName(table, check))} CHECK (${check.expression})${isNotValid ? ' NOT VALID' : ''}`
}

export function foreignKeyClause(table: TableModel, fk: ForeignKeyModel, isNotValid: boolean): string {
  const references = qualifiedName(fk.referencedSchema, fk.referencedTable)
  const referencedColumns = fk.referencedColumns === undefined ? '' : ` ${quotedList(fk.referencedColumns)}`
  const parts = [`CONSTRAINT ${quoteIdent(foreignKeyName(table, fk))} FOREIGN KEY ${quotedList(fk.columns)} REFERENCES ${references}${referencedColumns}`]
  if (fk.match === 'FULL') parts.push('MATCH FULL')
  if (fk.onUpdate !== undefined && fk.onUpdate !== 'NO ACTION') parts.push(`ON UPDATE ${fk.onUpdate}`)
  if (fk.onDelete !== undefined && fk.onDelete !== 'NO ACTION') parts.push(`ON DELETE ${fk.onDelete}`)
  parts.push(deferrability(fk))
  if (isNotValid) parts.push('NOT VALID')
  return parts.filter((part) => part !== '').join(' ')
}

/** `DEFERRABLE INITIALLY DEFERRED`, `DEFERRABLE`, or '' (the default, NOT DEFERRABLE). */
export function deferrability(fk: ForeignKeyModel): string {
  if (fk.isDeferrable !== true) return ''
  return fk.isInitiallyDeferred === true ? 'DEFERRABLE INITIALLY DEFERRED' : 'DEFERRABLE'
}

// --- indexes ----------------------------------------------------------------------------------

export function createIndex(table: TableModel, index: IndexModel, isConcurrently: boolean): string {
  const columns = new Set(table.columns.map((c) => c.name))
  const keys = index.keys.map((key) => displayIndexKey(specIndexKey(key, columns))).join(', ')
  const method = index.method !== undefined && index.method !== 'btree' ? ` USING ${quoteIdent(index.method)}` : ''
  const include = index.include !== undefined && index.include.length > 0 ? ` INCLUDE ${quotedList(index.include)}` : ''
  const where = index.where !== undefined && index.where !== null ? ` WHERE ${index.where}` : ''
  const unique = index.isUnique === true ? 'UNIQUE ' : ''
  const concurrently = isConcurrently ? 'CONCURRENTLY ' : ''
  const name = quoteIdent(indexName(table, index))
  return `CREATE ${unique}INDEX ${concurrently}IF NOT EXISTS ${name} ON ${qualifiedName(table.schema, table.name)}${method} (${keys})${include}${where}`
}

// --- triggers ---------------------------------------------------------------------------------

/** CREATE [OR REPLACE] TRIGGER on a table or view (`relation`). The enabled state is separate (triggerEnabled). */
export function createTrigger(schema: string, relation: string, trigger: TriggerModel, isOrReplace: boolean): string | Missing {
  const { timing, events, level } = trigger
  if (timing === undefined || events === undefined || level === undefined || trigger.function === undefined) {
    return { missing: `the spec does not give the timing, events, level and function of trigger ${trigger.name}` }
  }
  const eventList = events
    .map((event) =>
      event === 'UPDATE' && trigger.updateOf !== undefined && trigger.updateOf.length > 0 ? `UPDATE OF ${trigger.updateOf.map(quoteIdent).join(', ')}` : event,
    )
    .join(' OR ')
  const when = trigger.when !== undefined && trigger.when !== null ? `\n  WHEN (${trigger.when})` : ''
  const args = (trigger.arguments ?? []).map(quoteLiteral).join(', ')
  const orReplace = isOrReplace ? 'OR REPLACE ' : ''
  return (
    `CREATE ${orReplace}TRIGGER ${quoteIdent(trigger.name)} ${timing} ${eventList} ON ${qualifiedName(schema, relation)}\n` +
    `  FOR EACH ${level}${when}\n  EXECUTE FUNCTION ${functionReference(trigger.function)}(${args})`
  )
}

/** A trigger's function as the model spells it (`name`, or `schema.name` outside public), quoted. */
export function functionReference(name: string): string {
  const dot = name.indexOf('.')
  return dot < 0 ? qualifiedName('public', name) : qualifiedName(name.slice(0, dot), name.slice(dot + 1))
}

/** ALTER TABLE ... ENABLE/DISABLE TRIGGER for a trigger's firing state; null for the default (origin). */
export function triggerEnabled(schema: string, relation: string, trigger: TriggerModel): string | null {
  const action = { origin: 'ENABLE', disabled: 'DISABLE', replica: 'ENABLE REPLICA', always: 'ENABLE ALWAYS' }[trigger.enabled ?? 'origin']
  return `ALTER TABLE ${qualifiedName(schema, relation)} ${action} TRIGGER ${quoteIdent(trigger.name)}`
}

// --- schema-level objects ---------------------------------------------------------------------

export function createSchema(name: string): string {
  return `CREATE SCHEMA IF NOT EXISTS ${quoteIdent(name)}`
}

export function createExtension(extension: ExtensionModel): string {
  const schema = extension.schema !== undefined ? ` SCHEMA ${quoteIdent(extension.schema)}` : ''
  const version = extension.version !== undefined ? ` VERSION ${quoteLiteral(extension.version)}` : ''
  return `CREATE EXTENSION IF NOT EXISTS ${quoteIdent(extension.name)}${schema}${version}`
}

/** CREATE TYPE ... AS ENUM; callers guard it (there is no IF NOT EXISTS for types). */
export function createEnum(enumModel: EnumModel): string {
  return `CREATE TYPE ${qualifiedName(enumModel.schema, enumModel.name)} AS ENUM (${(enumModel.values ?? []).map(quoteLiteral).join(', ')})`
}

export function createSequence(sequence: SequenceModel): string {
  const type = sequence.dataType !== undefined && sequence.dataType !== 'bigint' ? ` AS ${sequence.dataType}` : ''
  return `CREATE SEQUENCE IF NOT EXISTS ${qualifiedName(sequence.schema, sequence.name)}${type}`
}

/** The function's own definition when the model has it; else one built from its parts and body. */
export function createFunction(fn: FunctionModel): string | Missing {
  const exact = fn.createStatement
  if (exact !== undefined) return exact.trimEnd()
  const body = fn.body
  if (body === undefined) return { missing: `the spec does not give the body of function ${fn.name}` }
  if (fn.argumentTypes === undefined || fn.returns === undefined || fn.language === undefined) {
    return { missing: `the spec does not give the arguments, result and language of function ${fn.name}` }
  }
  return (
    `CREATE OR REPLACE FUNCTION ${qualifiedName(fn.schema, fn.name)}(${fn.argumentTypes.join(', ')})\n` +
    `  RETURNS ${fn.returns}\n  LANGUAGE ${quoteIdent(fn.language)}\n${functionBody(fn.language, body)}`
  )
}

export function createView(view: ViewModel): string | Missing {
  const definition = view.definition
  if (definition === undefined) return { missing: `the spec does not give the definition of view ${view.name}` }
  const query = definition.trim().replace(/;$/, '')
  return view.isMaterialized === true
    ? `CREATE MATERIALIZED VIEW IF NOT EXISTS ${qualifiedName(view.schema, view.name)} AS\n${query}`
    : `CREATE OR REPLACE VIEW ${qualifiedName(view.schema, view.name)} AS\n${query}`
}

/**
 * A SQL-standard body (PostgreSQL 14+: `BEGIN ATOMIC ... END` or `RETURN expr`, as the model holds
 * it for such functions) is part of the statement; any other body is a string constant.
 */
function functionBody(language: string, body: string): string {
  const isStandard = language === 'sql' && /^\s*(begin\s+atomic\b|return\b)/i.test(body)
  return isStandard ? body.trim() : `AS ${dollarQuote(body)}`
}
