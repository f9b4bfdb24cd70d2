/**
 * One cause, one finding. Some differences follow from another one that is already reported;
 * they are folded into it (listed in its `consequences` and named in its message) instead of
 * being reported again:
 * - a missing table takes along the partitions the spec gives it (partitionOf) that are missing
 *   too, and the sequences of its columns (serial) that are missing too and that no other table
 *   uses. Its columns, keys, indexes, foreign keys and triggers were never compared separately;
 * - a finding about an object of a partition (column, key, index, foreign key, trigger) that the
 *   partitioned table above it has too (same code, same object, same difference) is the
 *   partitioned table's: partitions inherit those, so one DDL statement on the parent made, and
 *   one fixes, all of them.
 * Other dependents stay findings of their own, because each needs its own repair, but their
 * message names the missing object they depend on: a foreign key to a missing table, a trigger
 * whose function is missing, a column whose enum type is missing. (Views that read a missing
 * table cannot be told apart from views missing for another reason: the spec has no view
 * definitions.)
 */
import { displayQualified } from '../model/object-name.js'
import type { SchemaModel, TableModel, TableRef } from '../model/schema-model.js'
import type { Consequence, Finding } from './finding.js'
import { refineFinding } from './make-finding.js'

export function foldConsequences(findings: readonly Finding[], expected: SchemaModel, actual: SchemaModel): Finding[] {
  const folded = new Map<Finding, Finding[]>()
  // Lists grow in place: copying them on every addition was quadratic in a table's findings.
  const fold = (root: Finding, consequence: Finding): void => {
    appendTo(folded, root, consequence)
  }
  const isFolded = new Set<Finding>()

  // Missing tables: partitions into the topmost missing partitioned table, then sequences.
  const missingTables = new Map(findings.filter((f) => f.code === 'table.missing').map((f) => [key(f.schema, f.name), f]))
  const expectedTables = new Map(expected.tables.map((t) => [key(t.schema, t.name), t]))
  /** The finding of the topmost missing table above a missing table (itself when its parent exists). */
  const rootOf = (table: TableModel): Finding | undefined => {
    let root = missingTables.get(key(table.schema, table.name))
    for (let parent = table.partitionOf, seen = new Set<string>(); parent != null && !seen.has(key(parent.schema, parent.name)); ) {
      seen.add(key(parent.schema, parent.name))
      const parentFinding = missingTables.get(key(parent.schema, parent.name))
      if (parentFinding === undefined) break
      root = parentFinding
      parent = expectedTables.get(key(parent.schema, parent.name))?.partitionOf
    }
    return root
  }
  // Who uses each sequence: the root finding of a missing table, or `undefined` for a table that exists.
  const usersOfSequence = new Map<string, Set<Finding | undefined>>()
  for (const table of expected.tables) {
    const own = missingTables.get(key(table.schema, table.name))
    const root = own === undefined ? undefined : rootOf(table)
    if (own !== undefined && root !== undefined && root !== own) {
      fold(root, own)
      isFolded.add(own)
    }
    for (const sequence of columnSequences(table)) {
      const sequenceKey = key(sequence.schema, sequence.name)
      usersOfSequence.set(sequenceKey, (usersOfSequence.get(sequenceKey) ?? new Set()).add(root))
    }
  }
  for (const f of findings) {
    if (f.code !== 'sequence.missing') continue
    const users = [...(usersOfSequence.get(key(f.schema, f.name)) ?? [])]
    const [root] = users
    if (users.length === 1 && root !== undefined) {
      fold(root, f)
      isFolded.add(f)
    }
  }

  // Objects of partitions: into the same finding on the partitioned table, as far up as it goes.
  const actualTables = new Map(actual.tables.map((t) => [key(t.schema, t.name), t]))
  const byTable = new Map<string, Finding[]>()
  for (const f of findings) {
    if (f.table !== null) appendTo(byTable, key(f.schema, f.table), f)
  }
  const parentOf = (schema: string | null, table: string): TableRef | null | undefined =>
    actualTables.get(key(schema, table))?.partitionOf ?? expectedTables.get(key(schema, table))?.partitionOf
  for (const f of findings) {
    if (f.table === null || f.problem === 'renamed' || isFolded.has(f)) continue
    let root: Finding | undefined
    const seen = new Set<string>()
    for (let current = f, parent = parentOf(f.schema, f.table); parent != null && !seen.has(key(parent.schema, parent.name)); parent = parentOf(parent.schema, parent.name)) {
      seen.add(key(parent.schema, parent.name))
      const same = (byTable.get(key(parent.schema, parent.name)) ?? []).find((g) => isSameDifference(current, g))
      if (same === undefined) break
      root = same
      current = same
    }
    if (root !== undefined) {
      fold(root, f)
      isFolded.add(f)
    }
  }

  const missingFunctions = new Set(findings.filter((f) => f.code === 'function.missing').map((f) => key(f.schema, f.name)))
  const missingEnums = new Set(findings.filter((f) => f.code === 'enum.missing').map((f) => key(f.schema, f.name)))
  return findings.flatMap((f) => {
    if (isFolded.has(f)) return []
    // Roots are topmost (nothing folded into them is folded elsewhere), so one level is all there is.
    const consequences = (folded.get(f) ?? []).map(toConsequence)
    const note = dependencyNote(f, missingTables, missingFunctions, missingEnums)
    return consequences.length === 0 && note === undefined ? [f] : [refineFinding(f, { consequences, note })]
  })
}

/**
 * The same difference one level up: same code and attributes, the same values, and the same
 * object: by name where partitions keep the parent's name (columns, foreign keys, checks,
 * triggers), by definition where PostgreSQL names the partition's copy itself (keys, indexes).
 */
function isSameDifference(f: Finding, g: Finding): boolean {
  if (f.code !== g.code || f.attributes.join() !== g.attributes.join()) return false
  const keepsName = f.kind === 'column' || f.kind === 'foreign_key' || f.kind === 'check' || f.kind === 'trigger'
  if (keepsName && f.name !== g.name) return false
  return JSON.stringify(withoutName(f.expected)) === JSON.stringify(withoutName(g.expected)) &&
    JSON.stringify(withoutName(f.actual)) === JSON.stringify(withoutName(g.actual))
}

function withoutName(value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value
  return Object.fromEntries(Object.entries(value).filter(([property]) => property !== 'name'))
}

function toConsequence(f: Finding): Consequence {
  return { code: f.code, schema: f.schema, table: f.table, name: f.name }
}

/** The clause naming a missing object that `f`'s object depends on, if any. */
function dependencyNote(f: Finding, missingTables: ReadonlyMap<string, Finding>, missingFunctions: ReadonlySet<string>, missingEnums: ReadonlySet<string>): string | undefined {
  if (f.problem !== 'missing') return undefined
  const expected = (typeof f.expected === 'object' && f.expected !== null ? f.expected : {}) as Record<string, unknown>
  if (f.kind === 'foreign_key') {
    const references = (expected.references ?? {}) as Record<string, unknown>
    const schema = typeof references.schema === 'string' ? references.schema : f.schema
    const table = typeof references.table === 'string' ? references.table : ''
    const isSelf = schema === f.schema && table === f.table
    return missingTables.has(key(schema, table)) && !isSelf ? `the table it references, ${displayQualified(schema, table)}, is missing too` : undefined
  }
  if (f.kind === 'trigger' && typeof expected.function === 'string') {
    const fn = qualified(expected.function)
    return missingFunctions.has(key(fn.schema, fn.name)) ? `its function ${displayQualified(fn.schema, fn.name)}() is missing too` : undefined
  }
  if (f.kind === 'column' && typeof expected.type === 'string') {
    const type = qualified(expected.type.replace(/(\[\])+$/, ''))
    return missingEnums.has(key(type.schema, type.name)) ? `its type ${displayQualified(type.schema, type.name)} is missing too` : undefined
  }
  return undefined
}

/** A model name (`fn`, `audit.fn`, `"My Type"`: schema-qualified unless in public) split in two. */
function qualified(name: string): TableRef {
  const parts = /^(?:("(?:[^"]|"")+"|[^".]+)\.)?("(?:[^"]|"")+"|[^".]+)$/.exec(name)
  const unquote = (part: string): string => (part.startsWith('"') ? part.slice(1, -1).replace(/""/g, '"') : part)
  if (parts === null) return { schema: 'public', name }
  return { schema: parts[1] === undefined ? 'public' : unquote(parts[1]), name: unquote(parts[2] ?? '') }
}

/**
 * The sequences `schema.name` a table's columns draw from: nextval() defaults, and for serial
 * (a spec `serial` without a default) and identity columns the `<table>_<column>_seq` PostgreSQL
 * gives them.
 */
export function columnSequences(table: TableModel): TableRef[] {
  const sequences: TableRef[] = []
  for (const column of table.columns) {
    const match = /^nextval\('(?:"?([^".']+)"?\.)?"?([^"']+)"?'/.exec(column.default ?? '')
    if (match) sequences.push({ schema: match[1] ?? table.schema, name: match[2] ?? '' })
    if (column.identity || (column.isSerial === true && column.default === undefined)) sequences.push({ schema: table.schema, name: `${table.name}_${column.name}_seq` })
  }
  return sequences
}

function key(schema: string | null, name: string): string {
  return JSON.stringify([schema, name])
}

function appendTo<K, V>(map: Map<K, V[]>, mapKey: K, value: V): void {
  const list = map.get(mapKey)
  if (list === undefined) map.set(mapKey, [value])
  else list.push(value)
}
