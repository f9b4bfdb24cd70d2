import { displayColumns } from '../model/object-name.js'
import type { CheckModel, UniqueModel } from '../model/schema-model.js'
import { checkDefinition, primaryKeyDefinition, uniqueDefinition } from './definitions.js'
import type { Finding } from './finding.js'
import { diffAttributes } from './make-finding.js'
import type { UniqueCandidate } from './match-keys-and-indexes.js'
import { matchObjects, sameList, sameSet, type MatchResult } from './match-objects.js'
import { tableFinding, type TableContext } from './table-context.js'

export function comparePrimaryKey(ctx: TableContext): Finding[] {
  const expected = ctx.expected.primaryKey
  const actual = ctx.actual.primaryKey ?? null
  if (expected === undefined) return []
  if (expected === null) {
    return actual === null ? [] : [tableFinding(ctx, { kind: 'primary_key', problem: 'extra', name: actual.name ?? '', expected: null, actual: primaryKeyDefinition(actual) })]
  }
  const name = expected.name ?? displayColumns(expected.columns)
  if (actual === null) {
    return [tableFinding(ctx, { kind: 'primary_key', problem: 'missing', name, expected: primaryKeyDefinition(expected), actual: null })]
  }
  if (!sameList(expected.columns, actual.columns)) {
    const diff = diffAttributes([['columns', expected.columns, actual.columns]])
    return diff ? [tableFinding(ctx, { kind: 'primary_key', problem: 'mismatch', name, ...diff })] : []
  }
  if (expected.name !== undefined && expected.name !== actual.name) {
    return [tableFinding(ctx, { kind: 'primary_key', problem: 'renamed', name: expected.name, expected: { name: expected.name }, actual: { name: actual.name } })]
  }
  return []
}

/**
 * Findings about expected uniqueness, from the joint match of unique constraints and indexes
 * (see matchKeysAndIndexes). Under --strict, unique constraints nobody expected are extra; a
 * plain unique index nobody expected is left to the index comparison.
 */
export function compareUniqueConstraints(ctx: TableContext, match: MatchResult<UniqueModel, UniqueCandidate>): Finding[] {
  const findings: Finding[] = []
  for (const { expected, actual, how } of match.pairs) {
    const name = expected.name ?? displayColumns(expected.columns)
    if (how === 'renamed') {
      findings.push(tableFinding(ctx, { kind: 'unique', problem: 'renamed', name, expected: { name: expected.name }, actual: { name: actual.name, foundAs: actual.foundAs } }))
    } else if (how === 'by_name') {
      const diff = diffAttributes([
        ['columns', expected.columns, actual.columns, sameSet],
        ['nulls_not_distinct', expected.nullsNotDistinct, actual.nullsNotDistinct ?? false],
      ])
      if (diff) findings.push(tableFinding(ctx, { kind: 'unique', problem: 'mismatch', name, ...diff }))
    }
  }
  for (const expected of match.missing) {
    const name = expected.name ?? displayColumns(expected.columns)
    findings.push(tableFinding(ctx, { kind: 'unique', problem: 'missing', name, expected: uniqueDefinition(expected), actual: null }))
  }
  if (ctx.isStrict) {
    for (const actual of match.extra) {
      if (actual.foundAs === 'unique constraint') {
        findings.push(tableFinding(ctx, { kind: 'unique', problem: 'extra', name: actual.name ?? '', expected: null, actual: uniqueDefinition(actual) }))
      }
    }
  }
  return findings
}

export function compareCheckConstraints(ctx: TableContext): Finding[] {
  const { pairs, missing, extra } = matchObjects(ctx.expected.checkConstraints, ctx.actual.checkConstraints, (e, a) => e.expression === a.expression)
  const findings: Finding[] = []
  const nameOf = (c: CheckModel): string => c.name ?? `(${c.expression})`
  for (const { expected, actual, how } of pairs) {
    if (how === 'renamed') {
      findings.push(tableFinding(ctx, { kind: 'check', problem: 'renamed', name: nameOf(expected), expected: { name: expected.name }, actual: { name: actual.name } }))
    } else if (how === 'by_name') {
      findings.push(tableFinding(ctx, { kind: 'check', problem: 'mismatch', name: nameOf(expected), attributes: ['expression'], expected: { expression: expected.expression }, actual: { expression: actual.expression } }))
    }
  }
  for (const expected of missing) {
    findings.push(tableFinding(ctx, { kind: 'check', problem: 'missing', name: nameOf(expected), expected: checkDefinition(expected), actual: null }))
  }
  if (ctx.isStrict) {
    for (const actual of extra) {
      findings.push(tableFinding(ctx, { kind: 'check', problem: 'extra', name: nameOf(actual), expected: null, actual: checkDefinition(actual) }))
    }
  }
  return findings
}
