import type { CheckModel, UniqueModel } from '../model/schema-model.js'
import type { Attribute, Finding } from './finding.js'
import { findingsOfMatch, type KindFinding } from './findings-of-match.js'
import { differingAttributes, extraFinding, mismatchFinding, missingFinding, renamedFinding } from './make-finding.js'
import type { UniqueCandidate } from './match-keys-and-indexes.js'
import { matchObjects, sameList, sameSet, type MatchResult } from './match-objects.js'
import { tableObject, type TableContext } from './table-context.js'

/**
 * A table has at most one primary key, so there is nothing to match: the spec's `null` means
 * "must have none" (an existing one is extra even without --strict), and a key under another
 * name with the same columns is renamed.
 */
export function comparePrimaryKey(ctx: TableContext): Finding[] {
  const expected = ctx.expected.primaryKey
  const actual = ctx.actual.primaryKey ?? null
  if (expected === undefined) return []
  if (expected === null) {
    const declaredNone = ctx.expected.source === undefined ? undefined : `${ctx.expected.source}/primaryKey`
    return actual === null ? [] : [extraFinding(tableObject(ctx, 'primary_key', actual.name), actual, { source: ctx.locate(declaredNone) })]
  }
  const subject = tableObject(ctx, 'primary_key', expected.name)
  const extras = { source: ctx.locate(expected.source) }
  if (actual === null) return [missingFinding(subject, expected, extras)]
  if (!sameList(expected.columns, actual.columns)) return [mismatchFinding(subject, ['columns'], expected, actual, extras)]
  if (expected.name !== undefined && expected.name !== actual.name) return [renamedFinding(subject, expected, actual, null, extras)]
  return []
}

/**
 * Findings about expected uniqueness, from the joint match of unique constraints and indexes
 * (see matchKeysAndIndexes). Under --strict, unique constraints nobody expected are extra; a
 * plain unique index nobody expected is left to the index comparison.
 */
export function compareUniqueConstraints(ctx: TableContext, match: MatchResult<UniqueModel, UniqueCandidate>): KindFinding<'unique'>[] {
  return findingsOfMatch(
    {
      kind: 'unique',
      refOf: (u) => tableObject(ctx, 'unique', u.name),
      // The spec asks for a UNIQUE constraint: a unique index stops duplicates too, but it is not the
      // constraint (ON CONFLICT ON CONSTRAINT cannot name it), the mirror image of an extra constraint.
      differences: (expected, actual, { how }) =>
        differingAttributes<'columns' | 'nullsNotDistinct' | 'constraint'>([
          ['columns', how === 'by_name' ? expected.columns : undefined, actual.columns, sameSet],
          ['nullsNotDistinct', how === 'by_name' ? expected.nullsNotDistinct : undefined, actual.nullsNotDistinct ?? false],
          ['constraint', true, actual.foundAs === 'unique constraint'],
        ]),
      renamed: ({ expected, actual }, extras) =>
        renamedFinding(
          tableObject(ctx, 'unique', expected.name),
          expected,
          actual,
          { object: actual.foundAs === 'unique index' ? 'unique_index' : 'unique_constraint' },
          extras,
        ),
      isReportedExtra: (actual) => actual.foundAs === 'unique constraint',
      extraSource: ctx.expected.source,
    },
    match,
    ctx,
  )
}

/** Check constraints match by expression first, then by name; a pair found either way can differ in health. */
export function compareCheckConstraints(ctx: TableContext): KindFinding<'check'>[] {
  return findingsOfMatch(
    {
      kind: 'check',
      refOf: (c: CheckModel) => tableObject(ctx, 'check', c.name),
      differences: (expected, actual, { how }) =>
        differingAttributes<Attribute<'check'>>([
          ['expression', how === 'by_name' ? expected.expression : undefined, actual.expression, () => false],
          ['valid', expected.isValid, actual.isValid ?? true],
          ['enforced', expected.isEnforced, actual.isEnforced ?? true],
        ]),
      renamed: ({ expected, actual }, extras) => renamedFinding(tableObject(ctx, 'check', expected.name), expected, actual, null, extras),
      extraSource: ctx.expected.source,
    },
    matchObjects(ctx.expected.checkConstraints, ctx.actual.checkConstraints, (e, a) => e.expression === a.expression),
    ctx,
  )
}
