import { compareText } from '../model/compare-text.js'
import type { SchemaModel, TableModel } from '../model/schema-model.js'
import { compareColumns } from './compare-columns.js'
import { compareForeignKeys } from './compare-foreign-keys.js'
import { compareIndexes } from './compare-indexes.js'
import { compareCheckConstraints, comparePrimaryKey, compareUniqueConstraints } from './compare-keys.js'
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
 * I/O, no knowledge of where either model came from. A missing table is one finding, not one
 * per column. The result is sorted (schema, table, kind, name) so every output is stable.
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
  return sortFindings(findings)
}

/** push(...items) passes every item as an argument: a spec with 200,000 columns overflowed the stack. */
function appendAll(findings: Finding[], items: readonly Finding[]): void {
  for (const item of items) findings.push(item)
}

function compareTable(ctx: TableContext): Finding[] {
  const unique = compareUniqueConstraints(ctx)
  return [
    ...compareColumns(ctx),
    ...comparePrimaryKey(ctx),
    ...unique.findings,
    ...compareCheckConstraints(ctx),
    ...compareIndexes(ctx, unique.usedIndexes),
    ...compareForeignKeys(ctx),
    ...compareTriggers(ctx.expected.triggers, ctx.actual.triggers, ctx.actual, ctx.isStrict),
  ]
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
