/**
 * Pairs expected objects with actual ones, by definition first and name second, so an index that
 * exists under another name is reported as renamed rather than as one missing plus one extra.
 */

export interface Named {
  readonly name?: string
}

/** How an expected object was paired. */
export type MatchHow =
  /** Same name and same definition (or the spec gave no name and the definition matched). */
  | 'exact'
  /** Same definition under another name. */
  | 'renamed'
  /** Same name, different definition. */
  | 'by_name'

export interface MatchedPair<E, A> {
  readonly expected: E
  readonly actual: A
  readonly how: MatchHow
}

export interface MatchResult<E, A> {
  readonly pairs: readonly MatchedPair<E, A>[]
  readonly missing: readonly E[]
  readonly extra: readonly A[]
}

/**
 * Each actual object is used at most once. Passes, in order:
 * 1. same name and same definition;
 * 2. same definition, any name (→ renamed when the spec named it differently);
 * 3. same name, different definition (→ the caller reports what differs);
 * whatever is left is missing (expected) or extra (actual).
 */
export function matchObjects<E extends Named, A extends Named>(
  expected: readonly E[],
  actual: readonly A[],
  isSameDefinition: (expected: E, actual: A) => boolean,
): MatchResult<E, A> {
  const used = new Set<A>()
  const pairs = new Map<E, MatchedPair<E, A>>()
  const take = (e: E, how: MatchHow, find: (a: A) => boolean): void => {
    const a = actual.find((candidate) => !used.has(candidate) && find(candidate))
    if (a === undefined) return
    used.add(a)
    pairs.set(e, { expected: e, actual: a, how })
  }

  for (const e of expected) {
    if (e.name !== undefined) take(e, 'exact', (a) => a.name === e.name && isSameDefinition(e, a))
  }
  for (const e of expected) {
    if (pairs.has(e)) continue
    take(e, 'renamed', (a) => isSameDefinition(e, a))
    const pair = pairs.get(e)
    if (pair && (e.name === undefined || pair.actual.name === e.name)) pairs.set(e, { ...pair, how: 'exact' })
  }
  for (const e of expected) {
    if (!pairs.has(e) && e.name !== undefined) take(e, 'by_name', (a) => a.name === e.name)
  }

  return {
    pairs: expected.flatMap((e) => pairs.get(e) ?? []),
    missing: expected.filter((e) => !pairs.has(e)),
    extra: actual.filter((a) => !used.has(a)),
  }
}

/** Equal arrays, element by element. */
export function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i])
}

/** Equal as sets (for uniqueness, where column order does not change what is unique). */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && sameList([...a].sort(), [...b].sort())
}

/** True when the spec left the property out, or it equals the actual one. */
export function unchecked<T>(expected: T | undefined, actual: T, equals: (e: T, a: T) => boolean = Object.is): boolean {
  return expected === undefined || equals(expected, actual)
}
