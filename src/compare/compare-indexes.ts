import { displayColumns } from '../model/object-name.js'
import type { IndexModel } from '../model/schema-model.js'
import { indexDefinition } from './definitions.js'
import type { Finding } from './finding.js'
import { diffAttributes } from './make-finding.js'
import { matchObjects, sameList, unchecked } from './match-objects.js'
import { tableFinding, type TableContext } from './table-context.js'

/**
 * Indexes match by definition first (keys, and uniqueness / method / predicate / INCLUDE where
 * the spec states them), then by name. Indexes that back a constraint are candidates too: an
 * expected unique index on (email) is there if a UNIQUE (email) constraint built one.
 */
export function compareIndexes(ctx: TableContext, indexesUsedForUniqueness: ReadonlySet<string>): Finding[] {
  const { pairs, missing, extra } = matchObjects(ctx.expected.indexes, ctx.actual.indexes, isSameIndexDefinition)
  const findings: Finding[] = []
  const nameOf = (i: IndexModel): string => i.name ?? displayColumns(i.keys)
  for (const { expected, actual, how } of pairs) {
    if (how === 'renamed') {
      const foundAs = actual.constraintName != null ? `the index of constraint ${actual.constraintName},` : undefined
      findings.push(tableFinding(ctx, { kind: 'index', problem: 'renamed', name: nameOf(expected), expected: { name: expected.name }, actual: { name: actual.name, foundAs } }))
    } else if (how === 'by_name') {
      const diff = diffAttributes([
        ['columns', expected.keys, actual.keys, sameList],
        ['unique', expected.isUnique, actual.isUnique],
        ['method', expected.method, actual.method],
        ['where', expected.where, actual.where ?? null],
        ['include', expected.include, actual.include ?? [], sameList],
      ])
      if (diff) findings.push(tableFinding(ctx, { kind: 'index', problem: 'mismatch', name: nameOf(expected), ...diff }))
    }
  }
  for (const expected of missing) {
    findings.push(tableFinding(ctx, {
      kind: 'index',
      problem: 'missing',
      name: nameOf(expected),
      expected: indexDefinition(expected),
      actual: null,
      // A missing unique index lets duplicates in: that breaks data, not just speed.
      severity: expected.isUnique === true ? 'error' : 'warning',
    }))
  }
  if (ctx.isStrict) {
    for (const actual of extra) {
      if (actual.constraintName != null || (actual.name !== undefined && indexesUsedForUniqueness.has(actual.name))) continue
      findings.push(tableFinding(ctx, { kind: 'index', problem: 'extra', name: nameOf(actual), expected: null, actual: indexDefinition(actual) }))
    }
  }
  return findings
}

function isSameIndexDefinition(expected: IndexModel, actual: IndexModel): boolean {
  return (
    sameList(expected.keys, actual.keys) &&
    unchecked(expected.isUnique, actual.isUnique ?? false) &&
    unchecked(expected.method, actual.method ?? 'btree') &&
    unchecked(expected.where, actual.where ?? null) &&
    unchecked(expected.include, actual.include ?? [], sameList)
  )
}
