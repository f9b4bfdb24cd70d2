/**
 * The only place that writes the human sentence of a finding. Every renderer (table, JSON,
 * JUnit, ...) shows this same text, so a support engineer reading any output sees the same words.
 */
import { displayIndexKeys } from '../model/index-key.js'
import { displayColumns, displayIdent, displayQualified } from '../model/object-name.js'
import type { Finding, FindingKind } from './finding.js'

type Described = Omit<Finding, 'message'>
type Definition = Readonly<Record<string, unknown>>

const KIND_LABEL: Readonly<Record<FindingKind, string>> = {
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
}

/** `note`: a clause about a missing object this one depends on, ending the first sentence. */
export function describeFinding(f: Described, note?: string): string {
  const sentence = describeProblem(f)
  const first = note === undefined ? sentence : `${sentence.slice(0, -1)}; ${note}.`
  return [first, describeConsequences(f)].filter((part) => part !== '').join(' ')
}

function describeProblem(f: Described): string {
  const subject = describeSubject(f)
  switch (f.problem) {
    case 'missing': {
      const detail = summarize(f.kind, asDefinition(f.expected))
      return `${subject} is missing${detail ? `: ${detail}` : ''}.`
    }
    case 'extra': {
      const detail = summarize(f.kind, asDefinition(f.actual))
      return `${subject} exists but is not in the spec${detail ? `: ${detail}` : ''}.`
    }
    case 'renamed': {
      const actual = asDefinition(f.actual)
      const found = typeof actual.foundAs === 'string' ? `${actual.foundAs} ` : ''
      return `${subject} exists as ${found}${displayIdent(show(actual.name))} (same definition, other name).`
    }
    case 'mismatch': {
      const expected = asDefinition(f.expected)
      const actual = asDefinition(f.actual)
      const parts = f.attributes.map((attribute) => describeDifference(f.kind, attribute, expected[attribute], actual[attribute]))
      return `${subject} ${parts.join('; ')}.`
    }
  }
}

const LISTED_CONSEQUENCES = 10

/**
 * What was folded into this finding: for a missing table `Missing with it: partitions a, b;
 * sequence s.`, for an object of a partitioned table `The same on its partitions: a, b.`
 */
function describeConsequences(f: Described): string {
  if (f.consequences.length === 0) return ''
  const list = (names: readonly string[]): string =>
    names.length <= LISTED_CONSEQUENCES ? names.join(', ') : `${names.slice(0, LISTED_CONSEQUENCES).join(', ')} and ${names.length - LISTED_CONSEQUENCES} more`
  if (f.kind === 'table') {
    const groups = (['table', 'sequence'] as const).flatMap((kind) => {
      const names = f.consequences.filter((c) => c.code === `${kind}.missing`).map((c) => displayQualified(c.schema, c.name))
      const label = kind === 'table' ? 'partition' : 'sequence'
      return names.length === 0 ? [] : [`${label}${names.length > 1 ? 's' : ''} ${list(names)}`]
    })
    return `Missing with it: ${groups.join('; ')}.`
  }
  const partitions = f.consequences.map((c) => (c.schema === f.schema ? displayIdent(c.table ?? '') : displayQualified(c.schema, c.table ?? '')))
  return `The same on its partition${partitions.length > 1 ? 's' : ''}: ${list(partitions)}.`
}

function describeSubject(f: Described): string {
  const label = KIND_LABEL[f.kind]
  switch (f.kind) {
    case 'table':
    case 'enum':
    case 'sequence':
    case 'view':
      return `${label} ${displayQualified(f.schema, f.name)}`
    case 'column':
      return `${label} ${displayQualified(f.schema, f.table ?? '')}.${displayIdent(f.name)}`
    case 'function':
      return `${label} ${displayQualified(f.schema, f.name)}()`
    case 'extension':
      return `${label} ${displayIdent(f.name)}`
    case 'primary_key':
    case 'unique':
    case 'check':
    case 'index':
    case 'foreign_key':
    case 'trigger': {
      const name = f.name.startsWith('(') ? f.name : displayIdent(f.name)
      return `${label} ${name} on ${displayQualified(f.schema, f.table ?? '')}`
    }
  }
}

/** A short definition for missing / extra objects, in SQL-ish words. */
function summarize(kind: FindingKind, d: Definition): string {
  const columns = Array.isArray(d.columns) ? displayColumns(d.columns as string[]) : ''
  switch (kind) {
    case 'table':
      return typeof d.columns === 'object' && d.columns !== null ? `${Object.keys(d.columns).length} columns expected` : ''
    case 'column':
      return [show(d.type), d.nullable === false ? 'NOT NULL' : '', d.default != null ? `DEFAULT ${show(d.default)}` : '']
        .filter((part) => part !== '' && part !== 'none')
        .join(' ')
    case 'primary_key':
    case 'unique':
      return columns
    case 'check':
      return `CHECK (${show(d.expression)})`
    case 'index': {
      const keys = Array.isArray(d.columns) ? displayIndexKeys(d.columns as string[]) : ''
      const unique = d.unique === true ? 'UNIQUE ' : ''
      const method = d.method !== undefined && d.method !== 'btree' ? ` USING ${show(d.method)}` : ''
      const include = Array.isArray(d.include) && d.include.length > 0 ? ` INCLUDE ${displayColumns(d.include as string[])}` : ''
      const where = d.where != null ? ` WHERE ${show(d.where)}` : ''
      return `${unique}${method.trimStart()}${method ? ' ' : ''}${keys}${include}${where}`.trim()
    }
    case 'foreign_key': {
      const ref = (d.references ?? {}) as Definition
      const refColumns = Array.isArray(ref.columns) ? ` ${displayColumns(ref.columns as string[])}` : ''
      const onDelete = d.onDelete !== undefined && d.onDelete !== 'NO ACTION' ? ` ON DELETE ${show(d.onDelete)}` : ''
      const onUpdate = d.onUpdate !== undefined && d.onUpdate !== 'NO ACTION' ? ` ON UPDATE ${show(d.onUpdate)}` : ''
      return `${columns} → ${displayQualified(ref.schema as string | undefined, show(ref.table))}${refColumns}${onDelete}${onUpdate}`
    }
    case 'trigger': {
      const events = Array.isArray(d.events) ? (d.events as string[]).join(' OR ') : undefined
      const parts = [d.timing !== undefined ? show(d.timing) : undefined, events, d.level !== undefined ? `FOR EACH ${show(d.level)}` : undefined]
      const fn = d.function !== undefined ? `EXECUTE FUNCTION ${show(d.function)}()` : undefined
      return [...parts, fn].filter((part): part is string => part !== undefined).join(' ')
    }
    case 'function':
      return Array.isArray(d.arguments) ? `arguments: ${(d.arguments as string[]).join(', ') || 'none'}` : ''
    case 'extension':
      return d.version !== undefined ? `version ${show(d.version)}` : ''
    case 'enum':
      return Array.isArray(d.values) ? (d.values as string[]).map((v) => `'${v}'`).join(', ') : ''
    case 'sequence':
      return d.type !== undefined ? show(d.type) : ''
    case 'view':
      return d.materialized === true ? 'materialized' : ''
  }
}

function describeDifference(kind: FindingKind, attribute: string, expected: unknown, actual: unknown): string {
  switch (attribute) {
    case 'partition_of': {
      const parent = (value: unknown): string => {
        const ref = asDefinition(value)
        return displayQualified(typeof ref.schema === 'string' ? ref.schema : null, show(ref.table))
      }
      if (actual === null) return `is not a partition, expected a partition of ${parent(expected)}`
      if (expected === null) return `is a partition of ${parent(actual)}, expected not to be one`
      return `is a partition of ${parent(actual)}, expected of ${parent(expected)}`
    }
    case 'columns': {
      // Written as SQL writes the list: `(lower(email), created_at DESC)`.
      const list = (value: unknown): string => (Array.isArray(value) ? (kind === 'index' ? displayIndexKeys : displayColumns)(value as string[]) : show(value))
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
    case 'on_delete':
    case 'on_update':
      return `has ${attribute.replace('_', ' ').toUpperCase()} ${show(actual)}, expected ${show(expected)}`
    default:
      return `has ${attribute.replaceAll('_', ' ')} ${show(actual)}, expected ${show(expected)}`
  }
}

function show(value: unknown): string {
  if (value === null || value === undefined) return 'none'
  if (Array.isArray(value)) return value.length === 0 ? 'none' : value.map(String).join(', ')
  if (typeof value === 'string') return value
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value)
  return JSON.stringify(value) ?? 'none'
}

function asDefinition(value: unknown): Definition {
  return typeof value === 'object' && value !== null ? (value as Definition) : {}
}
