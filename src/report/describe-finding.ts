/**
 * The only place that writes the human sentence of a finding. Every renderer (table, JSON,
 * JUnit, ...) shows this same text, so a support engineer reading any output sees the same words.
 */
import { assertNever, type Attribute, type Finding, type FindingKind, type FoundAs, type MismatchableKind } from '../compare/finding.js'
import { displayIndexKeys, specIndexKey } from '../model/index-key.js'
import { displayColumns, displayIdent, displayQualified } from '../model/object-name.js'
import { OBJECT_KINDS, type ObjectRef } from '../model/object-ref.js'
import type { TableModel } from '../model/schema-model.js'
import { mismatchValues, type PayloadValue } from './finding-payload.js'
import { objectLabel } from '../compare/object-label.js'
import { describeMigration, describeSequenceBehind } from './describe-migration.js'
import { bodyComparison, sourceTextDifference, type TextComparison } from '../model/source-text.js'

export const KIND_LABEL: Readonly<Record<FindingKind, string>> = {
  schema: 'Schema',
  table: 'Table',
  column: 'Column',
  primary_key: 'Primary key',
  unique: 'Unique constraint',
  check: 'Check constraint',
  index: 'Index',
  foreign_key: 'Foreign key',
  trigger: 'Trigger',
  function: 'Function',
  extension: 'Extension',
  enum: 'Enum type',
  sequence: 'Sequence',
  view: 'View',
  migration: 'Migration history',
}

export function describeFinding(f: Finding): string {
  const sentence = describeProblem(f)
  const note = f.dependsOn === null ? undefined : describeDependency(f.dependsOn)
  const first = note === undefined ? sentence : `${sentence.slice(0, -1)}; ${note}.`
  return [first, describeConsequences(f)].filter((part) => part !== '').join(' ')
}

export { objectLabel }

function describeProblem(f: Finding): string {
  const subject = describeSubject(f)
  switch (f.problem) {
    case 'missing': {
      const detail = summarize(f)
      return `${subject} is missing${detail ? `: ${detail}` : ''}.`
    }
    case 'extra': {
      const detail = summarize(f)
      return `${subject} exists but is not in the spec${detail ? `: ${detail}` : ''}.`
    }
    case 'renamed':
      return `${subject} exists as ${describeFoundAs(f.foundAs, f.actual.name)} (same definition, other name).`
    case 'mismatch': {
      const { expected, actual } = mismatchValues(f)
      const attributes: readonly AnyAttribute[] = f.attributes
      // A function body is read as its language reads it; the other source texts are deparsed SQL.
      const comparison = f.kind === 'function' ? bodyComparison(f.actual.language) : 'deparsed'
      const parts = attributes.map((attribute) => describeDifference(f.kind, attribute, expected[attribute] ?? null, actual[attribute] ?? null, comparison))
      return `${subject} ${parts.join('; ')}.`
    }
    case 'behind':
      return f.kind === 'sequence' ? describeSequenceBehind(f) : describeMigration(f)
    case 'ahead':
    case 'unknown':
    case 'missing_table':
    case 'dirty':
    case 'stamped':
      return describeMigration(f)
  }
}

function describeFoundAs(foundAs: FoundAs | null, actualName: string | undefined): string {
  const name = displayIdent(actualName ?? '')
  if (foundAs === null) return name
  switch (foundAs.object) {
    case 'unique_constraint':
      return `unique constraint ${name}`
    case 'unique_index':
      return `unique index ${name}`
    case 'constraint_index': {
      const label = foundAs.constraint === 'primary_key' ? 'primary key' : foundAs.constraint === 'unique' ? 'unique constraint' : 'constraint'
      return foundAs.constraintName === actualName ? `the index of ${label} ${name}` : `the index of ${label} ${displayIdent(foundAs.constraintName)}: ${name}`
    }
  }
}

/** The clause about a missing object this one depends on. */
function describeDependency(ref: ObjectRef): string {
  const name = displayQualified(ref.schema, ref.name ?? '')
  switch (ref.kind) {
    case 'table':
      return `the table it references, ${name}, is missing too`
    case 'function':
      return `its function ${name}() is missing too`
    case 'enum':
      return `its type ${name} is missing too`
    case 'schema':
      return `its schema ${displayIdent(ref.name ?? '')} is missing too`
    case 'column':
    case 'primary_key':
    case 'unique':
    case 'check':
    case 'index':
    case 'foreign_key':
    case 'trigger':
    case 'extension':
    case 'sequence':
    case 'view':
    case 'migration':
      return `${KIND_LABEL[ref.kind].toLowerCase()} ${name} is missing too`
  }
}

const LISTED_CONSEQUENCES = 10

/**
 * What was folded into this finding: for a missing table `Missing with it: partitions a, b;
 * sequence s.`, for an object of a partitioned table `The same on its partitions: a, b.`
 */
function describeConsequences(f: Finding): string {
  if (f.consequences.length === 0) return ''
  const list = (names: readonly string[]): string =>
    names.length <= LISTED_CONSEQUENCES ? names.join(', ') : `${names.slice(0, LISTED_CONSEQUENCES).join(', ')} and ${names.length - LISTED_CONSEQUENCES} more`
  if (f.kind === 'table' || f.kind === 'schema') {
    // A missing table takes its partitions and sequences along; a missing schema everything in it.
    const kinds = f.kind === 'table' ? (['table', 'sequence'] as const) : OBJECT_KINDS
    const groups = kinds.flatMap((kind) => {
      const names = f.consequences.filter((c) => c.code === `${kind}.missing`).map((c) => consequenceName(c.subject))
      const label = f.kind === 'table' && kind === 'table' ? 'partition' : CONSEQUENCE_LABEL[kind]
      return names.length === 0 ? [] : [`${label}${names.length > 1 ? (label.endsWith('x') ? 'es' : 's') : ''} ${list(names)}`]
    })
    return `Missing with it: ${groups.join('; ')}.`
  }
  const partitions = f.consequences.map((c) =>
    c.subject.schema === f.subject.schema ? displayIdent(c.subject.table ?? '') : displayQualified(c.subject.schema, c.subject.table ?? ''),
  )
  return `The same on its partition${partitions.length > 1 ? 's' : ''}: ${list(partitions)}.`
}

const CONSEQUENCE_LABEL: Readonly<Record<FindingKind, string>> = {
  schema: 'schema',
  table: 'table',
  column: 'column',
  primary_key: 'primary key',
  unique: 'unique constraint',
  check: 'check constraint',
  index: 'index',
  foreign_key: 'foreign key',
  trigger: 'trigger',
  function: 'function',
  extension: 'extension',
  enum: 'enum type',
  sequence: 'sequence',
  view: 'view',
  migration: 'migration history',
}

/** A folded object by its name: `public.t`, or `public.t.c` for an object of a table. */
function consequenceName(ref: ObjectRef): string {
  const owner = displayQualified(ref.schema, ref.table ?? ref.name ?? '')
  return ref.table === null ? owner : `${owner}.${ref.name === null ? '?' : displayIdent(ref.name)}`
}

function describeSubject(f: Finding): string {
  const label = KIND_LABEL[f.kind]
  const { schema, table } = f.subject
  const name = f.subject.name ?? ''
  switch (f.kind) {
    case 'schema':
    case 'extension':
      return `${label} ${displayIdent(name)}`
    case 'table':
    case 'enum':
    case 'sequence':
    case 'view':
    case 'migration':
      return `${label} ${displayQualified(schema, name)}`
    case 'column':
      return `${label} ${displayQualified(schema, table ?? '')}.${displayIdent(name)}`
    case 'function':
      return `${label} ${displayQualified(schema, name)}(${(f.subject.arguments ?? []).join(', ')})`
    case 'primary_key':
    case 'unique':
    case 'check':
    case 'index':
    case 'foreign_key':
    case 'trigger':
      return `${label} ${f.subject.name === null ? objectLabel(f) : displayIdent(name)} on ${displayQualified(schema, table ?? '')}`
    default:
      return assertNever(f)
  }
}

/** A short definition of a missing or extra object, in SQL words. */
function summarize(f: Extract<Finding, { problem: 'missing' | 'extra' }>): string {
  const model = <M>(x: { readonly expected: M } | { readonly actual: M }): M => ('expected' in x ? x.expected : x.actual)
  switch (f.kind) {
    case 'schema':
      return ''
    case 'table':
      return f.problem === 'missing' ? `${columnCount(model(f))} column${columnCount(model(f)) === 1 ? '' : 's'} expected` : ''
    case 'column': {
      const c = model(f)
      const type = c.isSerial === true && c.default === undefined && c.type !== undefined ? (SERIAL_NAMES[c.type] ?? c.type) : c.type
      return [type ?? '', c.isNullable === false ? 'NOT NULL' : '', c.default != null ? `DEFAULT ${c.default}` : ''].filter((part) => part !== '').join(' ')
    }
    case 'primary_key':
    case 'unique':
      return displayColumns(model(f).columns)
    case 'check':
      return `CHECK (${model(f).expression})`
    case 'index': {
      const i = model(f)
      const columns = new Set(f.tableColumns ?? [])
      const keys = displayIndexKeys(i.keys.map((key) => specIndexKey(key, columns)))
      const unique = i.isUnique === true ? 'UNIQUE ' : ''
      const method = i.method !== undefined && i.method !== 'btree' ? `USING ${i.method} ` : ''
      const include = i.include !== undefined && i.include.length > 0 ? ` INCLUDE ${displayColumns(i.include)}` : ''
      const where = i.where != null ? ` WHERE ${i.where}` : ''
      return `${unique}${method}${keys}${include}${where}`
    }
    case 'foreign_key': {
      const fk = model(f)
      const refColumns = fk.referencedColumns !== undefined ? ` ${displayColumns(fk.referencedColumns)}` : ''
      const onDelete = fk.onDelete !== undefined && fk.onDelete !== 'NO ACTION' ? ` ON DELETE ${fk.onDelete}` : ''
      const onUpdate = fk.onUpdate !== undefined && fk.onUpdate !== 'NO ACTION' ? ` ON UPDATE ${fk.onUpdate}` : ''
      return `${displayColumns(fk.columns)} → ${displayQualified(fk.referencedSchema, fk.referencedTable)}${refColumns}${onDelete}${onUpdate}`
    }
    case 'trigger': {
      const t = model(f)
      const parts = [
        t.timing,
        t.events?.join(' OR '),
        t.level !== undefined ? `FOR EACH ${t.level}` : undefined,
        t.function !== undefined ? `EXECUTE FUNCTION ${t.function}()` : undefined,
      ]
      return parts.filter((part): part is string => part !== undefined).join(' ')
    }
    case 'function': {
      const args = model(f).argumentTypes
      return args !== undefined ? `arguments: ${args.join(', ') || 'none'}` : ''
    }
    case 'extension': {
      const version = model(f).version
      return version !== undefined ? `version ${version}` : ''
    }
    case 'enum':
      return (model(f).values ?? []).map((v) => `'${v}'`).join(', ')
    case 'sequence':
      return model(f).dataType ?? ''
    case 'view':
      return model(f).isMaterialized === true ? 'materialized' : ''
    default:
      return assertNever(f)
  }
}

const SERIAL_NAMES: Readonly<Record<string, string>> = { integer: 'serial', bigint: 'bigserial', smallint: 'smallserial' }

function columnCount(table: TableModel): number {
  return table.columns.length
}

/** Every attribute a mismatch can name, over all kinds. */
type AnyAttribute = Attribute<MismatchableKind>

function describeDifference(kind: FindingKind, attribute: AnyAttribute, expected: PayloadValue, actual: PayloadValue, comparison: TextComparison): string {
  switch (attribute) {
    case 'partitionOf': {
      if (actual === null) return `is not a partition, expected a partition of ${show(expected)}`
      if (expected === null) return `is a partition of ${show(actual)}, expected not to be one`
      return `is a partition of ${show(actual)}, expected of ${show(expected)}`
    }
    case 'partitionBy':
      if (actual === null) return `is not partitioned, expected PARTITION BY ${show(expected)}`
      if (expected === null) return `is partitioned by ${show(actual)}, expected not to be partitioned`
      return `is partitioned by ${show(actual)}, expected by ${show(expected)}`
    case 'partitionBound':
      return `has partition bound ${show(actual)}, expected ${show(expected)}`
    case 'unlogged':
      return actual === true ? 'is UNLOGGED: emptied after a crash and missing on replicas, expected logged' : 'is logged, where the spec allows UNLOGGED'
    case 'body':
    case 'definition':
      return `has another ${attribute}${describeTextDifference(expected, actual, comparison)}`
    case 'columns': {
      // Written as SQL writes the list: `(lower(email), created_at DESC)`.
      const list = (value: PayloadValue): string => (isStringList(value) ? (kind === 'index' ? displayIndexKeys : displayColumns)(value) : show(value))
      return `has columns ${list(actual)}, expected ${list(expected)}`
    }
    case 'nullable':
      return actual === true ? 'is nullable, expected NOT NULL' : 'is NOT NULL, expected nullable'
    case 'default':
      if (actual === null) return `has no default, expected ${show(expected)}`
      if (expected === null) return `has default ${show(actual)}, expected none`
      return `has default ${show(actual)}, expected ${show(expected)}`
    case 'type':
      return `has type ${show(actual)}, expected ${show(expected)}`
    case 'references': {
      // The comparer resolved a reference without columns to the referenced table's primary key.
      const isPrimaryKey =
        expected !== null && typeof expected === 'object' && !Array.isArray(expected) && 'table' in expected && expected.columns === undefined
      return `references ${show(actual)}, expected ${show(expected)}${isPrimaryKey ? ' (its primary key)' : ''}`
    }
    case 'onDelete':
      return `has ON DELETE ${show(actual)}, expected ${show(expected)}`
    case 'onUpdate':
      return `has ON UPDATE ${show(actual)}, expected ${show(expected)}`
    case 'enabled':
      return `is ${enabledState(actual)}, expected ${enabledState(expected)}`
    case 'valid':
      if (actual === true) return 'is validated, expected NOT VALID (stricter than the spec asks)'
      if (kind === 'index') return 'is INVALID (a CREATE INDEX CONCURRENTLY that failed or never finished, or a partition lacks it): queries cannot use it'
      return 'is NOT VALID: the rows that were there before it was added were never checked'
    case 'enforced':
      if (actual === true) return 'is enforced, expected NOT ENFORCED (stricter than the spec asks)'
      return kind === 'foreign_key'
        ? 'is not enforced (NOT ENFORCED, or its internal triggers are disabled, as by DISABLE TRIGGER ALL): new rows are not checked'
        : 'is NOT ENFORCED: new rows are not checked'
    case 'indexed':
      // Only ever reported one way: a spec that says `indexed: false` accepts an index too.
      return 'has no index on its columns: each DELETE of a referenced row (and each change of its key) scans this whole table, holding a lock'
    case 'constraint':
      return actual === false
        ? 'exists only as a unique index, not as a UNIQUE constraint (ON CONFLICT ON CONSTRAINT cannot name it)'
        : 'is a UNIQUE constraint, expected a unique index'
    case 'returns':
      return `returns ${show(actual)}, expected ${show(expected)}`
    case 'materialized':
      return actual === true ? 'is a materialized view, expected a plain view' : 'is a plain view, expected a materialized view'
    case 'language':
      return `is written in ${show(actual)}, expected ${show(expected)}`
    case 'identity':
    case 'generated':
    case 'nullsNotDistinct':
    case 'expression':
    case 'unique':
    case 'method':
    case 'where':
    case 'include':
    case 'match':
    case 'deferrable':
    case 'initiallyDeferred':
    case 'timing':
    case 'events':
    case 'updateOf':
    case 'level':
    case 'function':
    case 'arguments':
    case 'when':
    case 'schema':
    case 'version':
    case 'values':
      return `has ${words(attribute)} ${show(actual)}, expected ${show(expected)}`
    default:
      return assertNever(attribute)
  }
}

/**
 * Where a body or a view's query first differs from the spec's, as short excerpts: the whole
 * texts can run to pages, and the report's JSON has them both.
 */
function describeTextDifference(expected: PayloadValue, actual: PayloadValue, comparison: TextComparison): string {
  if (typeof expected !== 'string' || typeof actual !== 'string') return ''
  const difference = sourceTextDifference(expected, actual, comparison)
  return difference === null ? '' : `: "${difference.actual}", expected "${difference.expected}"`
}

/** A trigger's `enabled` as words: ENABLE, DISABLE, ENABLE REPLICA, ENABLE ALWAYS. */
function enabledState(value: PayloadValue): string {
  if (value === true) return 'enabled'
  if (value === false) return 'disabled'
  if (value === 'replica') return 'enabled for replication sessions only (ENABLE REPLICA)'
  if (value === 'always') return 'enabled always, also in replication sessions (ENABLE ALWAYS)'
  return show(value)
}

/** `nullsNotDistinct` → `nulls not distinct`. */
function words(attribute: string): string {
  return attribute.replace(/[A-Z]/g, (letter) => ` ${letter.toLowerCase()}`)
}

function isStringList(value: PayloadValue): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string')
}

function show(value: PayloadValue | undefined): string {
  if (value === null || value === undefined) return 'none'
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return String(value)
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(String).join(', ')
  if ('table' in value && typeof value.table === 'string') {
    // A table reference (`partitionOf`, a foreign key's `references`).
    const columns = 'columns' in value && isStringList(value.columns ?? null) ? ` ${displayColumns(value.columns ?? [])}` : ''
    const schema = 'schema' in value && typeof value.schema === 'string' ? value.schema : null
    return `${displayQualified(schema, value.table)}${columns}`
  }
  return JSON.stringify(value)
}
