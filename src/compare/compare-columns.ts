import { isSameType } from '../model/canonical-type.js'
import type { ColumnModel } from '../model/schema-model.js'
import type { Attribute } from './finding.js'
import { findingsOfMatch, type KindFinding } from './findings-of-match.js'
import { differingAttributes } from './make-finding.js'
import { matchByKey } from './match-objects.js'
import { tableObject, type TableContext } from './table-context.js'

/** Columns are matched by name: a renamed column is a different column to the application. */
export function compareColumns(ctx: TableContext): KindFinding<'column'>[] {
  const byName = { expected: (c: ColumnModel) => c.name, actual: (c: ColumnModel) => c.name }
  return findingsOfMatch(
    { kind: 'column', refOf: (c) => tableObject(ctx, 'column', c.name), differences: columnDifferences, extraSource: ctx.expected.source },
    matchByKey(ctx.expected.columns, ctx.actual.columns, byName),
    ctx,
  )
}

/**
 * A spec `serial` (without a default of its own) is a type that includes drawing from a
 * sequence: any `nextval(...)` default satisfies it, whatever the sequence is called (tables get
 * renamed, sequences don't), and a column without one does not have the type the spec asks for.
 */
function columnDifferences(expected: ColumnModel, actual: ColumnModel): Attribute<'column'>[] {
  const needsSequence = expected.isSerial === true && expected.default === undefined
  const hasSequence = actual.default?.startsWith('nextval(') === true
  return differingAttributes<Attribute<'column'>>([
    ['type', expected.type, actual.type, (e: string, a: string) => isSameType(e, a) && (!needsSequence || hasSequence)],
    ['nullable', expected.isNullable, actual.isNullable],
    ['default', needsSequence ? undefined : expected.default, actual.default ?? null],
    ['identity', expected.identity, actual.identity ?? null],
    ['generated', expected.generated, actual.generated ?? null],
  ])
}
