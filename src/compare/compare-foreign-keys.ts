import { objectKey, tableRef } from '../model/object-ref.js'
import { displayColumns } from '../model/object-name.js'
import { expectsOwnIndex } from '../model/foreign-key-index.js'
import type { ForeignKeyModel, SchemaModel } from '../model/schema-model.js'
import type { Attribute } from './finding.js'
import { findingsOfMatch, type KindFinding } from './findings-of-match.js'
import { differingAttributes, renamedFinding } from './make-finding.js'
import { matchObjects, sameList, type MatchedPair } from './match-objects.js'
import { tableObject, type TableContext } from './table-context.js'

/**
 * A foreign key's identity is what it links (columns → referenced table and columns); its
 * actions and deferrability are attributes compared once it is found, so a wrong ON DELETE is
 * a mismatch, not a missing key.
 */
export function compareForeignKeys(ctx: TableContext): KindFinding<'foreign_key'>[] {
  const isSameLink = (e: ForeignKeyModel, a: ForeignKeyModel): boolean =>
    sameList(e.columns, a.columns) &&
    e.referencedSchema === a.referencedSchema &&
    e.referencedTable === a.referencedTable &&
    sameList(expectedReferencedColumns(e, ctx.actualModel) ?? a.referencedColumns ?? [], a.referencedColumns ?? [])
  return findingsOfMatch(
    {
      kind: 'foreign_key',
      refOf: (fk) => tableObject(ctx, 'foreign_key', fk.name),
      differences: (expected, actual, pair) => foreignKeyDifferences(expected, actual, pair, ctx),
      renamed: ({ expected, actual }, extras) => renamedFinding(tableObject(ctx, 'foreign_key', expected.name), expected, actual, null, extras),
      extraSource: ctx.expected.source,
    },
    matchObjects(ctx.expected.foreignKeys, ctx.actual.foreignKeys, isSameLink),
    ctx,
  )
}

type ForeignKeyAttribute = Attribute<'foreign_key'>

/** The link only differs for a key found by name; actions, deferrability and health for any pair. */
function foreignKeyDifferences(
  e: ForeignKeyModel,
  a: ForeignKeyModel,
  { how }: MatchedPair<ForeignKeyModel, ForeignKeyModel>,
  ctx: TableContext,
): ForeignKeyAttribute[] {
  const isByName = how === 'by_name'
  const actualModel = ctx.actualModel
  return differingAttributes<ForeignKeyAttribute>([
    ['columns', isByName ? e.columns : undefined, a.columns, sameList],
    ['references', isByName ? referenceOf(e, actualModel) : undefined, referenceOf(a, actualModel)],
    ['onDelete', e.onDelete, a.onDelete],
    ['onUpdate', e.onUpdate, a.onUpdate],
    ['match', e.match, a.match],
    ['deferrable', e.isDeferrable, a.isDeferrable],
    ['initiallyDeferred', e.isInitiallyDeferred, a.isInitiallyDeferred],
    ['valid', e.isValid, a.isValid ?? true],
    ['enforced', e.isEnforced, a.isEnforced ?? true],
    ['indexed', expectsOwnIndex(ctx.expected, e) ? true : undefined, a.isIndexed ?? true],
  ])
}

/** `REFERENCES t` without columns means t's primary key, as in SQL. Undefined when unknown. */
function expectedReferencedColumns(fk: ForeignKeyModel, actualModel: SchemaModel): readonly string[] | undefined {
  if (fk.referencedColumns !== undefined) return fk.referencedColumns
  const target = actualModel.tables.find((t) => t.schema === fk.referencedSchema && t.name === fk.referencedTable)
  return target?.primaryKey?.columns
}

/** What a key points at, with an omitted column list resolved, as one comparable value. */
function referenceOf(fk: ForeignKeyModel, actualModel: SchemaModel): string {
  const columns = expectedReferencedColumns(fk, actualModel)
  return `${objectKey(tableRef(fk.referencedSchema, fk.referencedTable))} ${columns === undefined ? '' : displayColumns(columns)}`
}
