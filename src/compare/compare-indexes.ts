import { specIndexKey } from '../model/index-key.js'
import type { IndexModel, TableModel } from '../model/schema-model.js'
import type { Attribute, FoundAs } from './finding.js'
import { isImpliedForeignKeyIndex } from '../model/foreign-key-index.js'
import { findingsOfMatch, type KindFinding } from './findings-of-match.js'
import { differingAttributes, renamedFinding } from './make-finding.js'
import { sameList, type MatchResult } from './match-objects.js'
import { tableObject, type TableContext } from './table-context.js'

/**
 * Findings about expected indexes, from the joint match of unique constraints and indexes (see
 * matchKeysAndIndexes): indexes match by definition first (keys, and uniqueness / method /
 * predicate / INCLUDE where the spec states them), then by name. An index that backs a
 * constraint can satisfy an expected index when no expected constraint claimed it; an index of
 * a constraint nobody expected is reported with its constraint, not as an extra index.
 */
export function compareIndexes(ctx: TableContext, match: MatchResult<IndexModel, IndexModel>): KindFinding<'index'>[] {
  const columnNames = new Set([...ctx.expected.columns, ...ctx.actual.columns].map((c) => c.name))
  // Keys as a spec writes them, so a column called `lower(x)` is not an expression.
  const keysOf = (i: IndexModel): string[] => i.keys.map((key) => specIndexKey(key, columnNames))
  return findingsOfMatch(
    {
      kind: 'index',
      refOf: (i) => tableObject(ctx, 'index', i.name),
      // An index found by its definition differs at most in health: queries skip an invalid one.
      differences: (expected, actual, { how }) =>
        differingAttributes<Attribute<'index'>>([
          ...(how !== 'by_name'
            ? []
            : ([
                ['columns', keysOf(expected), keysOf(actual), sameList],
                ['unique', expected.isUnique, actual.isUnique],
                ['method', expected.method, actual.method],
                ['where', expected.where, actual.where ?? null],
                ['include', expected.include, actual.include ?? [], sameList],
              ] as const)),
          ['valid', expected.isValid, actual.isValid ?? true],
        ]),
      renamed: ({ expected, actual }, extras) =>
        renamedFinding(tableObject(ctx, 'index', expected.name), expected, actual, foundAs(ctx.actual, actual), extras),
      isReportedExtra: (actual) => actual.constraintName == null && !isImpliedForeignKeyIndex(ctx.expected, actual),
      extraSource: ctx.expected.source,
      tableColumns: [...columnNames],
    },
    match,
    ctx,
  )
}

/** For an index that implements a constraint: which one (PostgreSQL gives both the same name). */
function foundAs(table: TableModel, index: IndexModel): FoundAs | null {
  const constraintName = index.constraintName
  if (constraintName == null) return null
  const constraint =
    table.primaryKey?.name === constraintName ? 'primary_key' : table.uniqueConstraints.some((u) => u.name === constraintName) ? 'unique' : 'other'
  return { object: 'constraint_index', constraint, constraintName }
}
