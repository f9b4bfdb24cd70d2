import { displayColumns } from '../model/object-name.js'
import type { ForeignKeyModel, SchemaModel } from '../model/schema-model.js'
import { foreignKeyDefinition } from './definitions.js'
import type { Finding } from './finding.js'
import { diffAttributes } from './make-finding.js'
import { matchObjects, sameList } from './match-objects.js'
import { tableFinding, type TableContext } from './table-context.js'

/**
 * A foreign key's identity is what it links (columns → referenced table and columns); its
 * actions and deferrability are attributes compared once it is found, so a wrong ON DELETE is
 * a mismatch, not a missing key.
 */
export function compareForeignKeys(ctx: TableContext): Finding[] {
  const isSameLink = (e: ForeignKeyModel, a: ForeignKeyModel): boolean =>
    sameList(e.columns, a.columns) &&
    e.referencedSchema === a.referencedSchema &&
    e.referencedTable === a.referencedTable &&
    sameList(expectedReferencedColumns(e, ctx.actualModel) ?? a.referencedColumns ?? [], a.referencedColumns ?? [])
  const { pairs, missing, extra } = matchObjects(ctx.expected.foreignKeys, ctx.actual.foreignKeys, isSameLink)
  const findings: Finding[] = []
  const nameOf = (f: ForeignKeyModel): string => f.name ?? displayColumns(f.columns)
  for (const { expected, actual, how } of pairs) {
    if (how === 'renamed') {
      findings.push(tableFinding(ctx, { kind: 'foreign_key', problem: 'renamed', name: nameOf(expected), expected: { name: expected.name }, actual: { name: actual.name } }))
    }
    const diff = diffAttributes([
      ['columns', how === 'by_name' ? expected.columns : undefined, actual.columns, sameList],
      ['references', how === 'by_name' ? referenceOf(expected, ctx.actualModel) : undefined, referenceOf(actual, ctx.actualModel)],
      ['on_delete', expected.onDelete, actual.onDelete],
      ['on_update', expected.onUpdate, actual.onUpdate],
      ['match', expected.match, actual.match],
      ['deferrable', expected.isDeferrable, actual.isDeferrable],
      ['initially_deferred', expected.isInitiallyDeferred, actual.isInitiallyDeferred],
    ])
    if (diff) findings.push(tableFinding(ctx, { kind: 'foreign_key', problem: 'mismatch', name: nameOf(expected), ...diff }))
  }
  for (const expected of missing) {
    findings.push(tableFinding(ctx, { kind: 'foreign_key', problem: 'missing', name: nameOf(expected), expected: foreignKeyDefinition(expected), actual: null }))
  }
  if (ctx.isStrict) {
    for (const actual of extra) {
      findings.push(tableFinding(ctx, { kind: 'foreign_key', problem: 'extra', name: nameOf(actual), expected: null, actual: foreignKeyDefinition(actual) }))
    }
  }
  return findings
}

/** `REFERENCES t` without columns means t's primary key, as in SQL. Undefined when unknown. */
function expectedReferencedColumns(fk: ForeignKeyModel, actualModel: SchemaModel): readonly string[] | undefined {
  if (fk.referencedColumns !== undefined) return fk.referencedColumns
  const target = actualModel.tables.find((t) => t.schema === fk.referencedSchema && t.name === fk.referencedTable)
  return target?.primaryKey?.columns
}

function referenceOf(fk: ForeignKeyModel, actualModel: SchemaModel): string {
  const columns = expectedReferencedColumns(fk, actualModel)
  return `${fk.referencedSchema}.${fk.referencedTable}${columns ? ` ${displayColumns(columns)}` : ''}`
}
