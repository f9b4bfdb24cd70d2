import { compareText } from '../model/compare-text.js'
import type { SchemaModel, TableModel, TableRef } from '../model/schema-model.js'
import { compareColumns } from './compare-columns.js'
import { compareForeignKeys } from './compare-foreign-keys.js'
import { compareIndexes } from './compare-indexes.js'
import { compareCheckConstraints, comparePrimaryKey, compareUniqueConstraints } from './compare-keys.js'
import { foldConsequences } from './fold-consequences.js'
import { matchKeysAndIndexes } from './match-keys-and-indexes.js'
import { compareSchemaObjects } from './compare-schema-objects.js'
import { compareTriggers } from './compare-triggers.js'
import { tableDefinition } from './definitions.js'
import { FINDING_KINDS, type Finding } from './finding.js'
import { makeFinding } from './make-finding.js'
import type { TableContext } from './table-context.js'

export interface CompareOptions {
  /** Also report objects the database has and the spec does not mention (as warnings). */
  readonly isStrict: boolean
}

/**
 * Everything that differs between what the spec expects and what the database has. Pure: no
 * I/O, no knowledge of where either model came from. One cause is one finding: a missing table
 * is one finding, not one per column, and findings that follow from another are folded into it
 * (see foldConsequences). The result is sorted (schema, table, kind, name) so every output is stable.
 */
export function compareSchemas(expected: SchemaModel, actual: SchemaModel, options: CompareOptions): Finding[] {
  const findings: Finding[] = []
  const actualTables = new Map(actual.tables.map((t) => [tableKey(t), t]))
  const expectedTables = new Set(expected.tables.map(tableKey))
  const strictSchemas = schemasDescribedBy(expected)

  for (const table of expected.tables) {
    const actualTable = actualTables.get(tableKey(table))
    if (actualTable === undefined) {
      findings.push(makeFinding({ kind: 'table', problem: 'missing', schema: table.schema, table: null, name: table.name, expected: tableDefinition(table), actual: null }))
      continue
    }
    appendAll(findings, compareTable({ expected: table, actual: actualTable, actualModel: actual, isStrict: options.isStrict }))
  }
  if (options.isStrict) {
    for (const table of actual.tables) {
      if (expectedTables.has(tableKey(table)) || !strictSchemas.has(table.schema)) continue
      findings.push(makeFinding({ kind: 'table', problem: 'extra', schema: table.schema, table: null, name: table.name, expected: null, actual: { columns: table.columns.length } }))
    }
  }
  appendAll(findings, compareSchemaObjects(expected, actual, options.isStrict, strictSchemas))
  return sortFindings(foldConsequences(findings, expected, actual))
}

/** push(...items) passes every item as an argument: a spec with 200,000 columns overflowed the stack. */
function appendAll(findings: Finding[], items: readonly Finding[]): void {
  for (const item of items) findings.push(item)
}

function compareTable(ctx: TableContext): Finding[] {
  const keysAndIndexes = matchKeysAndIndexes(ctx)
  return [
    ...comparePartitionOf(ctx),
    ...compareColumns(ctx),
    ...comparePrimaryKey(ctx),
    ...compareUniqueConstraints(ctx, keysAndIndexes.unique),
    ...compareCheckConstraints(ctx),
    ...compareIndexes(ctx, keysAndIndexes.indexes),
    ...compareForeignKeys(ctx),
    ...compareTriggers(ctx.expected.triggers, ctx.actual.triggers, ctx.actual, ctx.isStrict),
  ]
}

/** Whether the table is a partition, and of which table. */
function comparePartitionOf(ctx: TableContext): Finding[] {
  const expected = ctx.expected.partitionOf
  const actual = ctx.actual.partitionOf ?? null
  if (expected === undefined) return []
  const asSpec = (ref: TableRef | null): Readonly<Record<string, string>> | null => (ref === null ? null : { schema: ref.schema, table: ref.name })
  if (expected?.schema === actual?.schema && expected?.name === actual?.name) return []
  return [makeFinding({
    kind: 'table',
    problem: 'mismatch',
    attributes: ['partition_of'],
    schema: ctx.actual.schema,
    table: null,
    name: ctx.actual.name,
    expected: { partition_of: asSpec(expected) },
    actual: { partition_of: asSpec(actual) },
  })]
}

function tableKey(table: TableModel): string {
  return JSON.stringify([table.schema, table.name])
}

/** The schemas a spec talks about: only there can --strict call an object extra. */
function schemasDescribedBy(model: SchemaModel): Set<string> {
  return new Set([
    ...model.tables.map((t) => t.schema),
    ...model.functions.map((f) => f.schema),
    ...model.enums.map((e) => e.schema),
    ...model.sequences.map((s) => s.schema),
    ...model.views.map((v) => v.schema),
  ])
}

const KIND_ORDER = new Map<string, number>(FINDING_KINDS.map((kind, i) => [kind, i]))

/** Schema-level objects first within a schema, then tables alphabetically, each in kind order. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort(
    (a, b) =>
      compareText(a.schema ?? '', b.schema ?? '') ||
      compareText(a.table ?? a.name, b.table ?? b.name) ||
      (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0) ||
      compareText(a.name, b.name),
  )
}
