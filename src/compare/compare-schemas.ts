import { compareText } from '../model/compare-text.js'
import { objectKey, OBJECT_KINDS, type ObjectKind } from '../model/object-ref.js'
import { definitionLabel } from '../model/object-name.js'
import { escapePointer } from '../model/json-pointer.js'
import type { SchemaEntryModel, SchemaModel, TableModel } from '../model/schema-model.js'
import { compareColumns } from './compare-columns.js'
import { compareForeignKeys } from './compare-foreign-keys.js'
import { compareIndexes } from './compare-indexes.js'
import { compareCheckConstraints, comparePrimaryKey, compareUniqueConstraints } from './compare-keys.js'
import { compareSchemaObjects } from './compare-schema-objects.js'
import { compareTriggers } from './compare-triggers.js'
import { compareMigration } from './compare-migration.js'
import { compareSequenceHealth } from './compare-sequence-health.js'
import type { Finding, SpecLocation } from './finding.js'
import { findingsOfMatch, type CompareContext } from './findings-of-match.js'
import { foldConsequences } from './fold-consequences.js'
import { matchKeysAndIndexes } from './match-keys-and-indexes.js'
import { matchByKey } from './match-objects.js'
import { differingAttributes } from './make-finding.js'
import { isSameSourceText } from '../model/source-text.js'
import type { TableContext } from './table-context.js'

export interface CompareOptions {
  /** Also report objects the database has and the spec does not mention (as warnings). */
  readonly isStrict: boolean
  /**
   * Where the spec declared objects, from the JSON pointers the spec loader records on each
   * expected object (LoadedSpec.locateAll); without it findings carry no source.
   */
  readonly locateAll?: (pointers: Iterable<string>) => ReadonlyMap<string, SpecLocation>
}

/**
 * Everything that differs between what the spec expects and what the database has. Pure: no
 * I/O, no knowledge of where either model came from. One cause is one finding: a missing table
 * is one finding, not one per column, and findings that follow from another are folded into it
 * (see foldConsequences). The result is sorted (schema, table, kind, name) so every output is stable.
 */
export function compareSchemas(expected: SchemaModel, actual: SchemaModel, options: CompareOptions): Finding[] {
  const findings = compareModels(expected, actual, options.isStrict)
  return options.locateAll === undefined ? findings.map(withoutSource) : locateSources(findings, options.locateAll)
}

/**
 * The findings with a provisional source: the pointer alone. Locating them afterwards, all at
 * once, reads a large spec's text once instead of once per finding.
 */
function compareModels(expected: SchemaModel, actual: SchemaModel, isStrict: boolean): Finding[] {
  const ctx: CompareContext = { isStrict, locate: (pointer) => (pointer === undefined ? null : { file: '', pointer, line: 0, column: 0 }) }
  const strictSchemas = schemasDescribedBy(expected)
  const findings: Finding[] = [...compareSchemaEntries(expected, actual, ctx)]
  const tableKey = (t: TableModel): string => objectKey({ kind: 'table', schema: t.schema, table: null, name: t.name })
  const tables = matchByKey(expected.tables, actual.tables, { expected: tableKey, actual: tableKey })
  const tableFindings = findingsOfMatch(
    {
      kind: 'table',
      refOf: (t) => ({ kind: 'table', schema: t.schema, table: null, name: t.name }),
      differences: (e, a) => [
        ...(isSamePartitionOf(e, a) ? [] : (['partitionOf'] as const)),
        ...differingAttributes<'partitionBy' | 'partitionBound' | 'unlogged'>([
          ['partitionBy', e.partitionBy, a.partitionBy ?? null, isSameOptionalSql],
          // Only of a partition: when the table is none, partitionOf says so (one cause, one finding).
          ['partitionBound', a.partitionBound == null ? undefined : e.partitionBound, a.partitionBound, isSameOptionalSql],
          // A model built by hand says nothing (undefined): logged.
          ['unlogged', e.isUnlogged ?? false, a.isUnlogged ?? false],
        ]),
      ],
      isReportedExtra: (t) => strictSchemas.has(t.schema),
    },
    tables,
    ctx,
  )
  appendAll(findings, tableFindings)
  for (const { expected: table, actual: actualTable } of tables.pairs) {
    appendAll(findings, compareTable({ ...ctx, expected: table, actual: actualTable, actualModel: actual }))
  }
  appendAll(findings, compareSchemaObjects(expected, actual, ctx, strictSchemas))
  // The migration state first: it often explains the findings about objects that follow.
  appendAll(findings, compareSequenceHealth(expected, actual, ctx.locate))
  return [...compareMigration(expected, actual, ctx.locate), ...sortFindings(foldConsequences(findings, expected, actual))]
}

function withoutSource(finding: Finding): Finding {
  return finding.source === null ? finding : { ...finding, source: null }
}

function locateSources(findings: readonly Finding[], locateAll: (pointers: Iterable<string>) => ReadonlyMap<string, SpecLocation>): Finding[] {
  const pointers = new Set<string>()
  for (const finding of findings) if (finding.source !== null) pointers.add(finding.source.pointer)
  const locations = locateAll(pointers)
  return findings.map((finding) => (finding.source === null ? finding : { ...finding, source: locations.get(finding.source.pointer) ?? null }))
}

/** push(...items) passes every item as an argument: a spec with 200,000 columns overflowed the stack. */
function appendAll(findings: Finding[], items: readonly Finding[]): void {
  for (const item of items) findings.push(item)
}

function compareTable(ctx: TableContext): Finding[] {
  const keysAndIndexes = matchKeysAndIndexes(ctx)
  return [
    ...compareColumns(ctx),
    ...comparePrimaryKey(ctx),
    ...compareUniqueConstraints(ctx, keysAndIndexes.unique),
    ...compareCheckConstraints(ctx),
    ...compareIndexes(ctx, keysAndIndexes.indexes),
    ...compareForeignKeys(ctx),
    ...compareTriggers(ctx.expected.triggers, ctx.actual.triggers, { schema: ctx.actual.schema, name: ctx.actual.name, source: ctx.expected.source }, ctx),
  ]
}

/** Two partition keys or bounds, either of which may be null (none), compared as deparsed SQL. */
function isSameOptionalSql(expected: string | null, actual: string | null): boolean {
  return expected === null || actual === null ? expected === actual : isSameSourceText(expected, actual, 'deparsed')
}

/** Whether the table is a partition, and of which table (undefined expected: not checked). */
function isSamePartitionOf(expected: TableModel, actual: TableModel): boolean {
  const e = expected.partitionOf
  const a = actual.partitionOf ?? null
  return e === undefined || (e?.schema === a?.schema && e?.name === a?.name)
}

/**
 * The schemas themselves: one the spec lists and the database lacks is missing (whatever the
 * spec expects in it is folded into that finding); under --strict, one the database has is extra
 * when the spec lists every schema (`allSchemas`, as a whole-database snapshot writes it). Only
 * when both models say which schemas they cover (a hand-built model may not).
 */
function compareSchemaEntries(expected: SchemaModel, actual: SchemaModel, ctx: CompareContext): Finding[] {
  if (expected.schemas === undefined || actual.schemas === undefined) return []
  const entry = (name: string): SchemaEntryModel => ({ name, source: `/schemas/${escapePointer(name)}` })
  const byName = { expected: (s: SchemaEntryModel) => s.name, actual: (s: SchemaEntryModel) => s.name }
  return findingsOfMatch(
    {
      kind: 'schema',
      refOf: (s) => ({ kind: 'schema', schema: s.name, table: null, name: s.name }),
      differences: () => [],
      isReportedExtra: () => expected.hasAllSchemas === true,
    },
    matchByKey(
      expected.schemas.map(entry),
      actual.schemas.map((name) => ({ name })),
      byName,
    ),
    ctx,
  )
}

/** The schemas a spec talks about (those it lists, even empty): only there can --strict call an object extra. */
function schemasDescribedBy(model: SchemaModel): Set<string> {
  return new Set([
    ...(model.schemas ?? []),
    ...model.tables.map((t) => t.schema),
    ...model.functions.map((f) => f.schema),
    ...model.enums.map((e) => e.schema),
    ...model.sequences.map((s) => s.schema),
    ...model.views.map((v) => v.schema),
  ])
}

const KIND_ORDER = new Map<ObjectKind, number>(OBJECT_KINDS.map((kind, i) => [kind, i]))

/** Schema-level objects first within a schema, then tables alphabetically, each in kind order. */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  const nameOf = (f: Finding): string => f.subject.name ?? sortLabelOf(f)
  return [...findings].sort(
    (a, b) =>
      compareText(a.subject.schema ?? '', b.subject.schema ?? '') ||
      compareText(a.subject.table ?? nameOf(a), b.subject.table ?? nameOf(b)) ||
      (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0) ||
      compareText(nameOf(a), nameOf(b)) ||
      // Overloads of one function: by their argument types.
      compareText((a.subject.arguments ?? []).join(','), (b.subject.arguments ?? []).join(',')),
  )
}

/** An unnamed expected object sorts by what defines it, as it is shown: `(email)`. */
function sortLabelOf(f: Finding): string {
  return f.problem === 'extra' ? '' : definitionLabel(f.expected, f.tableColumns)
}
