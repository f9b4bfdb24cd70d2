import { displayIndexKeys, specIndexKey } from '../model/index-key.js'
import { displayIdent } from '../model/object-name.js'
import type { IndexModel } from '../model/schema-model.js'
import { indexDefinition } from './definitions.js'
import type { Finding } from './finding.js'
import { diffAttributes } from './make-finding.js'
import { sameList, type MatchResult } from './match-objects.js'
import { tableFinding, type TableContext } from './table-context.js'

/**
 * Findings about expected indexes, from the joint match of unique constraints and indexes (see
 * matchKeysAndIndexes): indexes match by definition first (keys, and uniqueness / method /
 * predicate / INCLUDE where the spec states them), then by name. An index that backs a
 * constraint can satisfy an expected index when no expected constraint claimed it.
 */
export function compareIndexes(ctx: TableContext, match: MatchResult<IndexModel, IndexModel>): Finding[] {
  const columnNames = new Set([...ctx.expected.columns, ...ctx.actual.columns].map((c) => c.name))
  const keysOf = (i: IndexModel): string[] => i.keys.map((key) => specIndexKey(key, columnNames))
  const nameOf = (i: IndexModel): string => i.name ?? displayIndexKeys(keysOf(i))
  const findings: Finding[] = []
  for (const { expected, actual, how } of match.pairs) {
    if (how === 'renamed') {
      findings.push(tableFinding(ctx, { kind: 'index', problem: 'renamed', name: nameOf(expected), expected: { name: expected.name }, actual: { name: actual.name, foundAs: foundAs(ctx, actual) } }))
    } else if (how === 'by_name') {
      const diff = diffAttributes([
        ['columns', keysOf(expected), keysOf(actual), sameList],
        ['unique', expected.isUnique, actual.isUnique],
        ['method', expected.method, actual.method],
        ['where', expected.where, actual.where ?? null],
        ['include', expected.include, actual.include ?? [], sameList],
      ])
      if (diff) findings.push(tableFinding(ctx, { kind: 'index', problem: 'mismatch', name: nameOf(expected), ...diff }))
    }
  }
  for (const expected of match.missing) {
    findings.push(tableFinding(ctx, {
      kind: 'index',
      problem: 'missing',
      name: nameOf(expected),
      expected: indexDefinition(expected, columnNames),
      actual: null,
      // A missing unique index lets duplicates in: that breaks data, not just speed.
      severity: expected.isUnique === true ? 'error' : 'warning',
    }))
  }
  if (ctx.isStrict) {
    // Indexes of constraints are reported with their constraint.
    for (const actual of match.extra) {
      if (actual.constraintName != null) continue
      findings.push(tableFinding(ctx, { kind: 'index', problem: 'extra', name: nameOf(actual), expected: null, actual: indexDefinition(actual, columnNames) }))
    }
  }
  return findings
}

/** For an index that implements a constraint: which one (PostgreSQL gives both the same name). */
function foundAs(ctx: TableContext, index: IndexModel): string | undefined {
  const constraint = index.constraintName
  if (constraint == null) return undefined
  const label = ctx.actual.primaryKey?.name === constraint
    ? 'primary key'
    : ctx.actual.uniqueConstraints.some((u) => u.name === constraint) ? 'unique constraint' : 'constraint'
  return constraint === index.name ? `the index of ${label}` : `the index of ${label} ${displayIdent(constraint)}:`
}
