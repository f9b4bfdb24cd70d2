import type { Spec, SpecTable } from './spec-types.js'
import { indexKeyColumn, splitIndexKey } from './canonical-index-key.js'
import { escapePointer } from '../model/json-pointer.js'

/** A semantic problem in a spec that is valid against the JSON Schema. */
export interface ReferenceProblem {
  /** JSON pointer of the offending value. */
  readonly pointer: string
  readonly message: string
}

/** What a name belongs to, for "already used by" messages. */
interface NameOwner {
  readonly description: string
  readonly pointer: string
}

/**
 * Semantic checks the JSON Schema cannot express: columns named by constraints, indexes and
 * triggers exist in the table (only when the table declares `columns`), foreign keys and
 * `partitionOf` point at tables (and columns) the spec defines (a partitioned one, and only
 * partitions have a `partitionBound`), names are not used twice where
 * PostgreSQL forbids it, `updateOf` comes with an UPDATE event, and the migrations' revisions are in its history. Pure; expects a schema-valid spec.
 */
export function checkReferences(spec: Spec): ReferenceProblem[] {
  const problems: ReferenceProblem[] = []
  for (const [schema, specSchema] of Object.entries(spec.schemas)) {
    // Tables, views, sequences and indexes (including those behind primary keys and unique
    // constraints) share one namespace per schema: pg_class.
    // Owners are described only when a name is used twice: a valid spec of 10,000 tables needs no text.
    const relations = new Map<string, () => NameOwner>()
    const claimRelation = (name: string | undefined, owner: () => NameOwner): void => {
      if (name === undefined) return
      const previous = relations.get(name)
      if (previous === undefined) relations.set(name, owner)
      else {
        const { description, pointer } = previous()
        problems.push({ pointer: owner().pointer, message: `duplicate name "${name}" in schema ${schema}: already used by ${description} (${pointer})` })
      }
    }
    const schemaPointer = `/schemas/${escapePointer(schema)}`
    for (const kind of ['tables', 'views', 'sequences'] as const) {
      for (const name of Object.keys(specSchema[kind] ?? {})) {
        claimRelation(name, () => ({ description: `${kind.slice(0, -1)} ${schema}.${name}`, pointer: `${schemaPointer}/${kind}/${escapePointer(name)}` }))
      }
    }
    for (const [name, table] of Object.entries(specSchema.tables ?? {})) {
      checkTable(spec, schema, name, table, `${schemaPointer}/tables/`, problems, claimRelation)
    }
  }
  checkMigrations(spec, problems)
  return problems
}

/** The expected revision and the revisions of `creates` must be in the history, when the spec gives one. */
function checkMigrations(spec: Spec, problems: ReferenceProblem[]): void {
  const m = spec.migrations
  if (m === undefined) return
  // Only the spec's schemas are read: a history elsewhere would look missing.
  const schema = m.schema ?? 'public'
  if (!Object.hasOwn(spec.schemas, schema)) {
    problems.push({
      pointer: m.schema === undefined ? '/migrations' : '/migrations/schema',
      message: `the history table's schema "${schema}" is not in "schemas" (add it, even as {})`,
    })
  }
  if (m.history === undefined) return
  const known = new Set(m.history)
  if (!known.has(m.revision)) problems.push({ pointer: '/migrations/revision', message: `revision "${m.revision}" is not in the history` })
  for (const revision of Object.keys(m.creates ?? {})) {
    if (!known.has(revision))
      problems.push({ pointer: `/migrations/creates/${escapePointer(revision)}`, message: `revision "${revision}" is not in the history` })
  }
}

function checkTable(
  spec: Spec,
  schema: string,
  tableName: string,
  table: SpecTable,
  tablesPointer: string,
  problems: ReferenceProblem[],
  claimRelation: (name: string | undefined, owner: () => NameOwner) => void,
): void {
  const qualified = `${schema}.${tableName}`
  // Strings for messages are made when there is a problem to report, not for every object.
  const pointer = `${tablesPointer}${escapePointer(tableName)}`
  const columns = table.columns === undefined ? undefined : new Set(Object.keys(table.columns))
  // `names` may hold undefined for elements that are not checked (index expressions).
  const checkColumns = (names: readonly (string | undefined)[] | undefined, at: string, what: string): void => {
    if (columns === undefined || names === undefined) return
    names.forEach((name, i) => {
      if (name !== undefined && !columns.has(name)) problems.push({ pointer: `${at}/${i}`, message: `${what} "${name}" is not a column of table ${qualified}` })
    })
  }
  // Constraint names are unique per table (pg_constraint); trigger names too (pg_trigger).
  const constraints = new Map<string, string>()
  const claimConstraint = (name: string | undefined, at: string): void => {
    if (name === undefined) return
    const previous = constraints.get(name)
    if (previous === undefined) constraints.set(name, at)
    else problems.push({ pointer: at, message: `duplicate constraint name "${name}" on table ${qualified}: already used at ${previous}` })
  }

  if (table.partitionOf) {
    const parentSchema = table.partitionOf.schema ?? schema
    const parentName = `${parentSchema}.${table.partitionOf.table}`
    const parent = ownValue(ownValue(spec.schemas, parentSchema)?.tables, table.partitionOf.table)
    if (parent === undefined) {
      problems.push({ pointer: `${pointer}/partitionOf/table`, message: `table is a partition of ${parentName}, which the spec does not define` })
    } else if (parent.partitionBy === null) {
      problems.push({
        pointer: `${pointer}/partitionOf/table`,
        message: `table is a partition of ${parentName}, which the spec says is not partitioned (partitionBy: null)`,
      })
    }
  } else if (table.partitionBound !== undefined) {
    problems.push({
      pointer: `${pointer}/partitionBound`,
      message: 'partitionBound needs partitionOf: name the partitioned table this table is a partition of',
    })
  }
  if (table.primaryKey) {
    const at = `${pointer}/primaryKey`
    checkColumns(table.primaryKey.columns, `${at}/columns`, 'primary key column')
    claimConstraint(table.primaryKey.name, `${at}/name`)
    claimRelation(table.primaryKey.name, () => ({ description: `the primary key of ${qualified}`, pointer: `${at}/name` }))
  }
  table.unique?.forEach((unique, i) => {
    const at = `${pointer}/unique/${i}`
    checkColumns(unique.columns, `${at}/columns`, 'unique constraint column')
    claimConstraint(unique.name, `${at}/name`)
    claimRelation(unique.name, () => ({ description: `a unique constraint of ${qualified}`, pointer: `${at}/name` }))
  })
  table.checks?.forEach((check, i) => claimConstraint(check.name, `${pointer}/checks/${i}/name`))
  table.indexes?.forEach((index, i) => {
    const at = `${pointer}/indexes/${i}`
    // Expressions are not checked: only plain (or double-quoted) identifiers name a column.
    checkColumns(
      index.columns.map((key) => indexKeyColumn(splitIndexKey(key).base)),
      `${at}/columns`,
      'index column',
    )
    checkColumns(index.include, `${at}/include`, 'included column')
    claimRelation(index.name, () => ({ description: `an index of ${qualified}`, pointer: `${at}/name` }))
  })
  table.foreignKeys?.forEach((fk, i) => {
    const at = `${pointer}/foreignKeys/${i}`
    checkColumns(fk.columns, `${at}/columns`, 'foreign key column')
    claimConstraint(fk.name, `${at}/name`)
    const targetSchema = fk.references.schema ?? schema
    const target = ownValue(ownValue(spec.schemas, targetSchema)?.tables, fk.references.table)
    const targetName = `${targetSchema}.${fk.references.table}`
    if (target === undefined) {
      problems.push({ pointer: `${at}/references/table`, message: `foreign key references table ${targetName}, which the spec does not define` })
      return
    }
    const referenced = fk.references.columns ?? target.primaryKey?.columns
    if (fk.references.columns !== undefined && target.columns !== undefined) {
      const targetColumns = new Set(Object.keys(target.columns))
      fk.references.columns.forEach((name, k) => {
        if (!targetColumns.has(name))
          problems.push({ pointer: `${at}/references/columns/${k}`, message: `referenced column "${name}" is not a column of table ${targetName}` })
      })
    }
    if (fk.references.columns === undefined && target.primaryKey === null) {
      problems.push({ pointer: `${at}/references`, message: `foreign key references table ${targetName}, which has no primary key: list references.columns` })
    } else if (referenced !== undefined && referenced.length !== fk.columns.length) {
      const at2 = fk.references.columns === undefined ? `${at}/columns` : `${at}/references/columns`
      problems.push({ pointer: at2, message: `foreign key has ${fk.columns.length} column(s) but references ${referenced.length}` })
    }
  })
  const triggers = new Map<string, string>()
  table.triggers?.forEach((trigger, i) => {
    const at = `${pointer}/triggers/${i}`
    const previous = triggers.get(trigger.name)
    if (previous === undefined) triggers.set(trigger.name, `${at}/name`)
    else problems.push({ pointer: `${at}/name`, message: `duplicate trigger name "${trigger.name}" on table ${qualified}: already used at ${previous}` })
    checkColumns(trigger.updateOf, `${at}/updateOf`, 'UPDATE OF column')
    if (trigger.updateOf !== undefined && trigger.events !== undefined && !trigger.events.includes('UPDATE')) {
      problems.push({ pointer: `${at}/updateOf`, message: 'updateOf needs an UPDATE event: add "UPDATE" to events or remove updateOf' })
    }
  })
}

/** `record[key]` if the spec wrote it: a table named `constructor` must not find Object.prototype's. */
function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined
}
