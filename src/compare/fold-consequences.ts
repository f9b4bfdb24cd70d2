/**
 * One cause, one finding. Some differences follow from another one that is already reported;
 * they are folded into it (listed in its `consequences` and named in its message) instead of
 * being reported again:
 * - a missing table takes along the partitions the spec gives it (partitionOf) that are missing
 *   too, and the missing sequences the spec says one of its columns owns (SequenceModel.ownedBy). Its columns, keys, indexes, foreign keys and triggers were never compared separately;
 * - a finding about an object of a partition (column, key, index, foreign key, trigger) that the
 *   partitioned table above it has too (same code, same object, same difference) is the
 *   partitioned table's: partitions inherit those, so one DDL statement on the parent made, and
 *   one fixes, all of them.
 * Other dependents stay findings of their own, because each needs its own repair, but they
 * name the missing object they depend on (`dependsOn`): a foreign key to a missing table, a trigger
 * whose function is missing, a column whose enum type is missing. (Views that read a missing
 * table cannot be told apart from views missing for another reason: the spec has no view
 * definitions.)
 */
import { objectKey, tableKey, tableRef, type ObjectRef } from '../model/object-ref.js'
import type { SchemaModel, TableModel, TableRef } from '../model/schema-model.js'
import { ATTRIBUTE_PROPERTIES, type Consequence, type Finding } from './finding.js'

export function foldConsequences(findings: readonly Finding[], expected: SchemaModel, actual: SchemaModel): Finding[] {
  const folded = new Map<Finding, Finding[]>()
  // Lists grow in place: copying them on every addition was quadratic in a table's findings.
  const fold = (root: Finding, consequence: Finding): void => {
    appendTo(folded, root, consequence)
  }
  const isFolded = new Set<Finding>()

  // Missing tables: partitions into the topmost missing partitioned table, then sequences.
  const missingTables = new Map<string, Finding>()
  for (const f of findings) if (f.code === 'table.missing') missingTables.set(tableKey(f.expected.schema, f.expected.name), f)
  const expectedTables = new Map(expected.tables.map((t) => [tableKey(t.schema, t.name), t]))
  /** The finding of the topmost missing table above a missing table (itself when its parent exists). */
  const rootOf = (table: TableModel): Finding | undefined => {
    let root = missingTables.get(tableKey(table.schema, table.name))
    for (let parent = table.partitionOf, seen = new Set<string>(); parent != null && !seen.has(tableKey(parent.schema, parent.name));) {
      seen.add(tableKey(parent.schema, parent.name))
      const parentFinding = missingTables.get(tableKey(parent.schema, parent.name))
      if (parentFinding === undefined) break
      root = parentFinding
      parent = expectedTables.get(tableKey(parent.schema, parent.name))?.partitionOf
    }
    return root
  }
  for (const table of expected.tables) {
    const own = missingTables.get(tableKey(table.schema, table.name))
    const root = own === undefined ? undefined : rootOf(table)
    if (own !== undefined && root !== undefined && root !== own) {
      fold(root, own)
      isFolded.add(own)
    }
  }
  // A missing sequence that the spec says belongs to a column of a missing table goes with it.
  for (const f of findings) {
    if (f.code !== 'sequence.missing' || f.expected.ownedBy == null) continue
    const ownerKey = tableKey(f.expected.schema, f.expected.ownedBy.table)
    const owner = expectedTables.get(ownerKey)
    // Only when the owning table itself is missing (rootOf would climb to a missing parent of one that exists).
    const root = owner === undefined || !missingTables.has(ownerKey) ? undefined : rootOf(owner)
    if (root !== undefined) {
      fold(root, f)
      isFolded.add(f)
    }
  }

  // Objects of partitions: into the same finding on the partitioned table, as far up as it goes.
  const actualTables = new Map(actual.tables.map((t) => [tableKey(t.schema, t.name), t]))
  const byTable = new Map<string, Finding[]>()
  for (const f of findings) {
    if (f.subject.table !== null && f.subject.schema !== null) appendTo(byTable, tableKey(f.subject.schema, f.subject.table), f)
  }
  const parentOf = (schema: string, table: string): TableRef | null | undefined =>
    actualTables.get(tableKey(schema, table))?.partitionOf ?? expectedTables.get(tableKey(schema, table))?.partitionOf
  for (const f of findings) {
    const { schema, table } = f.subject
    if (table === null || schema === null || f.problem === 'renamed' || isFolded.has(f)) continue
    let root: Finding | undefined
    const seen = new Set<string>()
    for (
      let current: Finding = f, parent = parentOf(schema, table);
      parent != null && !seen.has(tableKey(parent.schema, parent.name));
      parent = parentOf(parent.schema, parent.name)
    ) {
      seen.add(tableKey(parent.schema, parent.name))
      const same = (byTable.get(tableKey(parent.schema, parent.name)) ?? []).find((g) => isSameDifference(current, g))
      if (same === undefined) break
      root = same
      current = same
    }
    if (root !== undefined) {
      fold(root, f)
      isFolded.add(f)
    }
  }

  const missing = new Set(findings.filter((f) => f.problem === 'missing').map((f) => objectKey(withoutArguments(f.subject))))
  return findings.flatMap((f) => {
    if (isFolded.has(f)) return []
    // Roots are topmost (nothing folded into them is folded elsewhere), so one level is all there is.
    const consequences = (folded.get(f) ?? []).map(toConsequence)
    const dependsOn = f.problem === 'missing' ? missingDependency(f, missing) : null
    return consequences.length === 0 && dependsOn === null ? [f] : [{ ...f, consequences, dependsOn }]
  })
}

/**
 * The same difference one level up: same code and attributes, the same values, and the same
 * object: by name where partitions keep the parent's name (columns, foreign keys, checks,
 * triggers), by definition where PostgreSQL names the partition's copy itself (keys, indexes).
 */
function isSameDifference(f: Finding, g: Finding): boolean {
  if (f.code !== g.code) return false
  const keepsName = f.kind === 'column' || f.kind === 'foreign_key' || f.kind === 'check' || f.kind === 'trigger'
  if (keepsName && f.subject.name !== g.subject.name) return false
  return differenceSignature(f) === differenceSignature(g)
}

/** A property value of a model object (JSON-like: strings, booleans, lists, nested refs). */
type ModelValue = string | number | boolean | null | readonly string[] | object

/**
 * What a finding says about its object, apart from the object's name and where the spec declares
 * it: the whole definition of a missing or extra object, the differing values of a mismatch.
 */
function differenceSignature(f: Finding): string {
  const strip = (model: object): string =>
    JSON.stringify(model, (key: string, value: string | number | boolean | object | null) => (key === 'name' || key === 'source' ? undefined : value))
  switch (f.problem) {
    case 'missing':
      return strip(f.expected)
    case 'extra':
      return strip(f.actual)
    case 'renamed':
      return `${strip(f.expected)} ${strip(f.actual)}`
    case 'mismatch': {
      const byKind: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>> = ATTRIBUTE_PROPERTIES
      const properties = f.attributes.flatMap((attribute: string) => byKind[f.kind]?.[attribute] ?? [])
      const pick = (model: object): string => {
        const values = new Map<string, ModelValue>(Object.entries(model))
        return JSON.stringify(properties.map((property) => values.get(property) ?? null))
      }
      return `${f.attributes.join()} ${pick(f.expected)} ${pick(f.actual)}`
    }
    // Not about an object of a table: never folded (see compareSchemas).
    case 'behind':
    case 'ahead':
    case 'unknown':
    case 'missing_table':
    case 'dirty':
    case 'stamped':
      return JSON.stringify('migration' in f ? f.migration : f.health)
  }
}

function toConsequence(f: Finding): Consequence {
  return { code: f.code, subject: f.subject }
}

/** The missing object that a missing object depends on, if it is reported missing too. */
function missingDependency(f: Extract<Finding, { problem: 'missing' }>, missing: ReadonlySet<string>): ObjectRef | null {
  const isMissing = (ref: ObjectRef): ObjectRef | null => (missing.has(objectKey(ref)) ? ref : null)
  if (f.code === 'foreign_key.missing') {
    const fk = f.expected
    const isSelf = fk.referencedSchema === f.subject.schema && fk.referencedTable === f.subject.table
    return isSelf ? null : isMissing(tableRef(fk.referencedSchema, fk.referencedTable))
  }
  if (f.code === 'trigger.missing' && f.expected.function !== undefined) {
    const fn = qualified(f.expected.function)
    return isMissing({ kind: 'function', schema: fn.schema, table: null, name: fn.name })
  }
  if (f.code === 'column.missing' && f.expected.type !== undefined) {
    const type = qualified(f.expected.type.replace(/(\[\])+$/, ''))
    return isMissing({ kind: 'enum', schema: type.schema, table: null, name: type.name })
  }
  return null
}

/** A function's key without its argument types: a trigger names its function without them. */
function withoutArguments(ref: ObjectRef): ObjectRef {
  return ref.arguments === undefined ? ref : { kind: ref.kind, schema: ref.schema, table: ref.table, name: ref.name }
}

/** A model name (`fn`, `audit.fn`, `"My Type"`: schema-qualified unless in public) split in two. */
function qualified(name: string): TableRef {
  const parts = /^(?:("(?:[^"]|"")+"|[^".]+)\.)?("(?:[^"]|"")+"|[^".]+)$/.exec(name)
  const unquote = (part: string): string => (part.startsWith('"') ? part.slice(1, -1).replace(/""/g, '"') : part)
  if (parts === null) return { schema: 'public', name }
  return { schema: parts[1] === undefined ? 'public' : unquote(parts[1]), name: unquote(parts[2] ?? '') }
}

function appendTo<K, V>(map: Map<K, V[]>, mapKey: K, value: V): void {
  const list = map.get(mapKey)
  if (list === undefined) map.set(mapKey, [value])
  else list.push(value)
}
