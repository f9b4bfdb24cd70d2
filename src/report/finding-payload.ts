/**
 * The one wire vocabulary of findings: model objects spelled as the spec spells them (the same
 * mappers the snapshot writer uses), so a finding's `expected` / `actual` can be read against the
 * spec, and a missing object pasted into it. What each side shows:
 * - missing: the expected object as the spec states it (what it leaves out stays out);
 * - extra: the database's object as a snapshot would write it (defaults left out);
 * - mismatch: only the differing attributes, on both sides, defaults included (`where: null`);
 * - renamed: the expected object, and the database's object under its other name.
 */
import {
  toSpecCheck,
  toSpecColumn,
  toSpecEnum,
  toSpecExtension,
  toSpecForeignKey,
  toSpecFunction,
  toSpecIndex,
  toSpecPrimaryKey,
  toSpecSequence,
  toSpecTable,
  toSpecTrigger,
  toSpecUnique,
  toSpecView,
  uniqueIsConstraint,
  type SpellingOptions,
} from '../snapshot/model-to-spec.js'
import type {
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
import { assertNever, type Finding, type ModelKind, type MigrationFinding, type SequenceBehindFinding } from '../compare/finding.js'

/** Each kind's spec entry. */
export interface SpecObjects {
  readonly schema: SpecSchema
  readonly table: SpecTable
  readonly column: SpecColumn
  readonly primary_key: SpecPrimaryKey
  readonly unique: SpecUnique
  readonly check: SpecCheck
  readonly index: SpecIndex
  readonly foreign_key: SpecForeignKey
  readonly trigger: SpecTrigger
  readonly function: SpecFunction
  readonly extension: SpecExtension
  readonly enum: SpecEnum
  readonly sequence: SpecSequence
  readonly view: SpecView
}
export type SpecObject = SpecObjects[ModelKind]

/** The value of one attribute a mismatch names (a table reference for `partitionOf` and `references`). */
export type PayloadValue =
  string | number | boolean | null | readonly string[] | { readonly schema?: string; readonly table: string; readonly columns?: readonly string[] }

export interface FindingPayload {
  readonly expected: SpecObject | Readonly<Record<string, PayloadValue>> | null
  readonly actual: SpecObject | Readonly<Record<string, PayloadValue>> | null
}

const AS_STATED: SpellingOptions = { keepDefaults: true }
const AS_SNAPSHOT: SpellingOptions = { keepDefaults: false }

export function findingPayload(f: Finding): FindingPayload {
  switch (f.problem) {
    case 'missing':
      return { expected: specObjectOf(f, 'expected', AS_STATED), actual: null }
    case 'extra':
      return { expected: null, actual: specObjectOf(f, 'actual', AS_SNAPSHOT) }
    case 'renamed':
      return { expected: specObjectOf(f, 'expected', AS_STATED), actual: specObjectOf(f, 'actual', AS_SNAPSHOT) }
    case 'mismatch':
      return mismatchValues(f)
    case 'behind':
      return f.kind === 'sequence' ? sequenceBehindPayload(f) : migrationPayload(f)
    case 'ahead':
    case 'unknown':
    case 'missing_table':
    case 'dirty':
    case 'stamped':
      return migrationPayload(f)
  }
}

/** sequence.behind: the sequence as a spec entry, and what the database has: the column's maximum and the sequence's next value. */
function sequenceBehindPayload(f: SequenceBehindFinding): FindingPayload {
  const h = f.health
  return {
    expected: toSpecSequence(f.expected),
    actual: { table: h.table, column: h.column, identity: h.isIdentity, maxValue: h.maxValue, nextValue: h.nextValue },
  }
}

/** A migration finding: the spec's expectation, and the history table with its current revisions (null when there is none). */
function migrationPayload(f: MigrationFinding): FindingPayload {
  const { tool, schema, table, revision } = f.expected
  return {
    expected: { tool, schema, table, revision },
    actual: f.actual === null ? null : { tool: f.actual.tool, schema: f.actual.schema, table: f.actual.table, current: [...f.migration.current] },
  }
}

/** The values of the differing attributes; one the object does not state is null. */
export function mismatchValues(f: Extract<Finding, { problem: 'mismatch' }>): {
  expected: Readonly<Record<string, PayloadValue>>
  actual: Readonly<Record<string, PayloadValue>>
} {
  const attributes: readonly string[] = f.attributes
  const expected = pick(specObjectOf(f, 'expected', AS_STATED), attributes)
  const actual = pick(specObjectOf(f, 'actual', AS_STATED), attributes)
  if (f.kind === 'index' && f.attributes.includes('valid')) {
    // Not a spec property (no spec asks for a broken index): read off the model.
    return { expected: { ...expected, valid: f.expected.isValid ?? true }, actual: { ...actual, valid: f.actual.isValid ?? true } }
  }
  if ((f.kind === 'check' || f.kind === 'foreign_key') && f.attributes.some((a) => a === 'valid' || a === 'enforced' || a === 'indexed')) {
    // A spec spells these only when false; the payload names both sides either way.
    const attributes: readonly string[] = f.attributes
    const health = (model: { readonly isValid?: boolean; readonly isEnforced?: boolean; readonly isIndexed?: boolean }): Record<string, boolean> => ({
      ...(attributes.includes('valid') && { valid: model.isValid ?? true }),
      ...(attributes.includes('enforced') && { enforced: model.isEnforced ?? true }),
      ...(attributes.includes('indexed') && { indexed: model.isIndexed ?? true }),
    })
    return { expected: { ...expected, ...health(f.expected) }, actual: { ...actual, ...health(f.actual) } }
  }
  if (f.kind === 'table' && f.attributes.includes('unlogged')) {
    // A spec writes it only when true; the payload names both sides either way.
    return { expected: { ...expected, unlogged: f.expected.isUnlogged === true }, actual: { ...actual, unlogged: f.actual.isUnlogged === true } }
  }
  if (f.kind === 'unique' && f.attributes.includes('constraint')) {
    // Not a spec property (every unique entry is a constraint): the one attribute read off the model.
    return { expected: { ...expected, constraint: uniqueIsConstraint(f.expected) }, actual: { ...actual, constraint: uniqueIsConstraint(f.actual) } }
  }
  return { expected, actual }
}

function pick(object: SpecObject | null, attributes: readonly string[]): Readonly<Record<string, PayloadValue>> {
  const values: Record<string, PayloadValue> = {}
  // Only attributes are picked, and every attribute's value is a PayloadValue.
  const entries = new Map(object === null ? [] : (Object.entries(object) as [string, PayloadValue][]))
  for (const attribute of attributes) values[attribute] = entries.get(attribute) ?? null
  return values
}

/** One side of a finding spelled as its kind's spec entry; null when the finding has no such side. */
export function specObjectOf(f: Finding, side: 'expected' | 'actual', options: SpellingOptions): SpecObject | null {
  const columns = new Set(f.tableColumns ?? [])
  switch (f.kind) {
    case 'schema':
      // The schema itself; what it holds is reported (or folded) object by object.
      return spell(sideOf(f, side), (): SpecSchema => ({}))
    case 'table':
      return spell(sideOf(f, side), (m) => toSpecTable(m, options))
    case 'column':
      return spell(sideOf(f, side), (m) => toSpecColumn(m, options))
    case 'primary_key':
      return spell(sideOf(f, side), toSpecPrimaryKey)
    case 'unique':
      return spell(sideOf(f, side), (m) => toSpecUnique(m, options))
    case 'check':
      return spell(sideOf(f, side), toSpecCheck)
    case 'index':
      return spell(sideOf(f, side), (m) => toSpecIndex(m, columns, options))
    case 'foreign_key':
      return spell(sideOf(f, side), (m) => toSpecForeignKey(f.subject.schema ?? '', m, options))
    case 'trigger':
      return spell(sideOf(f, side), (m) => toSpecTrigger(m, options))
    case 'function':
      return spell(sideOf(f, side), toSpecFunction)
    case 'extension':
      return spell(sideOf(f, side), toSpecExtension)
    case 'enum':
      return spell(sideOf(f, side), toSpecEnum)
    case 'sequence':
      return spell(sideOf(f, side), toSpecSequence)
    case 'view':
      return spell(sideOf(f, side), (m) => toSpecView(m, options))
    case 'migration':
      return null
    default:
      return assertNever(f)
  }
}

function sideOf<M>(f: { readonly expected: M } | { readonly actual: M }, side: 'expected' | 'actual'): M | null {
  if (side === 'expected') return 'expected' in f ? f.expected : null
  return 'actual' in f ? f.actual : null
}

function spell<M, S>(model: M | null, toSpec: (model: M) => S): S | null {
  return model === null ? null : toSpec(model)
}
