import { objectKey } from '../model/object-ref.js'
import type { IndexModel, UniqueModel } from '../model/schema-model.js'
import { matchGroups, sameList, sameSet, unchecked, type MatchResult } from './match-objects.js'
import type { TableContext } from './table-context.js'

/** A uniqueness guarantee found in the database: a UNIQUE constraint or a plain unique index. */
export interface UniqueCandidate extends UniqueModel {
  readonly foundAs: 'unique constraint' | 'unique index'
}

export interface KeysAndIndexesMatch {
  readonly unique: MatchResult<UniqueModel, UniqueCandidate>
  readonly indexes: MatchResult<IndexModel, IndexModel>
}

/**
 * Unique constraints and indexes are matched together, one to one: a UNIQUE constraint and the
 * index that implements it are one database object, so once it satisfies an expected unique
 * constraint it cannot also stand for an expected index (nor the other way round), and the index
 * of a primary key the spec checks is the primary key's. Expected uniqueness is satisfied by a
 * UNIQUE constraint or by a unique, non-partial index on plain columns (both stop duplicates);
 * an expected index by any index, including one that backs a constraint nobody else claimed.
 */
export function matchKeysAndIndexes(ctx: TableContext): KeysAndIndexesMatch {
  // A constraint and its index are one object to claim: both are keyed as the constraint (unique
  // and primary keys share one namespace per table with indexes, so `unique` stands for any).
  const constraintOf = (name: string | undefined): string =>
    objectKey({ kind: 'unique', schema: ctx.actual.schema, table: ctx.actual.name, name: name ?? null })
  const indexOf = (name: string | undefined): string => objectKey({ kind: 'index', schema: ctx.actual.schema, table: ctx.actual.name, name: name ?? null })
  const columnNames = new Set(ctx.actual.columns.map((c) => c.name))
  const primaryKey = ctx.actual.primaryKey ?? null
  const uniqueCandidates: UniqueCandidate[] = [
    ...ctx.actual.uniqueConstraints.map((u) => ({ ...u, foundAs: 'unique constraint' as const })),
    ...ctx.actual.indexes
      .filter((i) => isPlainUniqueIndex(i, columnNames))
      .map((i) => ({
        name: i.name,
        columns: i.keys,
        nullsNotDistinct: false,
        isConstraint: false,
        foundAs: 'unique index' as const,
      })),
  ]
  // The primary key's index is the primary key's, whether or not the spec checks the key: a
  // stand-alone index the spec asks for is another object.
  const indexCandidates = ctx.actual.indexes.filter((i) => !(primaryKey !== null && i.constraintName != null && i.constraintName === primaryKey.name))
  // An expected model made by introspection describes a constraint's index twice: as the
  // constraint and as an index saying whose it is. That is one expected object, so its index is
  // compared with the actual constraints' indexes, outside the one-to-one claims.
  const expectedIndexes = ctx.expected.indexes.filter((i) => i.constraintName == null)
  const expectedConstraintIndexes = ctx.expected.indexes.filter((i) => i.constraintName != null)
  const [unique, indexes, constraintIndexes] = matchGroups([
    {
      expected: ctx.expected.uniqueConstraints,
      actual: uniqueCandidates,
      isSameDefinition: (e: UniqueModel, a: UniqueCandidate) => sameSet(e.columns, a.columns) && unchecked(e.nullsNotDistinct, a.nullsNotDistinct ?? false),
      identityOf: (a: UniqueCandidate) => (a.foundAs === 'unique constraint' ? constraintOf(a.name) : indexOf(a.name)),
    },
    {
      expected: expectedIndexes,
      actual: indexCandidates,
      isSameDefinition: isSameIndexDefinition,
      identityOf: (a: IndexModel) => (a.constraintName != null ? constraintOf(a.constraintName) : indexOf(a.name)),
    },
    {
      expected: expectedConstraintIndexes,
      actual: ctx.actual.indexes.filter((i) => i.constraintName != null),
      isSameDefinition: isSameIndexDefinition,
    },
  ] as const)
  const usedByConstraintIndexes = new Set(constraintIndexes.pairs.map((p) => p.actual))
  // A UNIQUE constraint whose index satisfied an expected plain index is more than the spec asked
  // for: the index is expected, the constraint on top of it is extra (the mirror image of an
  // expected constraint that exists only as a unique index).
  const constraintsOfExpectedIndexes = new Set(indexes.pairs.flatMap((p) => (p.actual.constraintName == null ? [] : [p.actual.constraintName])))
  const extraConstraints = uniqueCandidates.filter(
    (c) => c.foundAs === 'unique constraint' && c.name !== undefined && constraintsOfExpectedIndexes.has(c.name) && !unique.pairs.some((p) => p.actual === c),
  )
  return {
    unique: { ...unique, extra: [...unique.extra, ...extraConstraints] },
    indexes: {
      pairs: [...indexes.pairs, ...constraintIndexes.pairs],
      missing: [...indexes.missing, ...constraintIndexes.missing],
      extra: indexes.extra.filter((i) => !usedByConstraintIndexes.has(i)),
    },
  }
}

function isPlainUniqueIndex(index: IndexModel, columnNames: ReadonlySet<string>): boolean {
  return index.isUnique === true && (index.where ?? null) === null && index.constraintName == null && index.keys.every((k) => columnNames.has(k))
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
