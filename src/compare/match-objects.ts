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

/** Expected objects of one kind and the actual objects that may satisfy them. */
export interface MatchGroup<E extends Named, A extends Named> {
  readonly expected: readonly E[]
  readonly actual: readonly A[]
  isSameDefinition(expected: E, actual: A): boolean
  /**
   * The database object behind a candidate. Candidates of different groups with the same
   * identity are one object (a UNIQUE constraint and the index that implements it), which only
   * one expectation may use. Default: the candidate itself.
   */
  identityOf?(actual: A): unknown
}

type ResultsOf<G extends readonly MatchGroup<Named, Named>[]> = {
  readonly [K in keyof G]: G[K] extends MatchGroup<infer E, infer A> ? MatchResult<E, A> : never
}

/** One group: see matchGroups. */
export function matchObjects<E extends Named, A extends Named>(
  expected: readonly E[],
  actual: readonly A[],
  isSameDefinition: (expected: E, actual: A) => boolean,
): MatchResult<E, A> {
  const [result] = matchGroups([{ expected, actual, isSameDefinition }] as const)
  return result
}

/**
 * Pairs several kinds at once, one to one: each actual object (by identity) serves at most one
 * expected object of any group. Passes, each over every group in order:
 * 1. same name and same definition;
 * 2. same definition, any name (→ renamed when the spec named it differently). A candidate that
 *    carries the name of another expected object which has not found its match yet is left to
 *    that object (pass 3 pairs them by name): an existing object is never called missing while
 *    its twin is called renamed to its name. Run twice, so a candidate is freed once the
 *    expectation with its name has been matched elsewhere (two objects that swapped names);
 * 3. same name, different definition (→ the caller reports what differs);
 * whatever is left is missing (expected) or extra (actual).
 */
export function matchGroups<const G extends readonly MatchGroup<Named, Named>[]>(groups: G): ResultsOf<G> {
  const claimed = new Set<unknown>()
  const states = groups.map((group) => ({ group, pairs: new Map<Named, MatchedPair<Named, Named>>() }))
  type State = (typeof states)[number]
  const identity = (group: MatchGroup<Named, Named>, a: Named): unknown => (group.identityOf ? group.identityOf(a) : a)
  const take = (state: State, e: Named, how: MatchHow, accept: (a: Named) => boolean): void => {
    const a = state.group.actual.find((candidate) => !claimed.has(identity(state.group, candidate)) && accept(candidate))
    if (a === undefined) return
    claimed.add(identity(state.group, a))
    state.pairs.set(e, { expected: e, actual: a, how })
  }
  const unmatched = (state: State): Named[] => state.group.expected.filter((e) => !state.pairs.has(e))
  const namesAwaitingMatch = (): Set<string | undefined> => new Set(states.flatMap((state) => unmatched(state).map((e) => e.name)))

  for (const state of states) {
    for (const e of state.group.expected) {
      if (e.name !== undefined) take(state, e, 'exact', (a) => a.name === e.name && state.group.isSameDefinition(e, a))
    }
  }
  for (let round = 0; round < 2; round++) {
    const reserved = namesAwaitingMatch()
    for (const state of states) {
      for (const e of unmatched(state)) {
        take(state, e, 'renamed', (a) => state.group.isSameDefinition(e, a) && (a.name === e.name || a.name === undefined || !reserved.has(a.name)))
        const pair = state.pairs.get(e)
        if (pair && (e.name === undefined || pair.actual.name === e.name)) state.pairs.set(e, { ...pair, how: 'exact' })
      }
    }
  }
  for (const state of states) {
    for (const e of unmatched(state)) {
      if (e.name !== undefined) take(state, e, 'by_name', (a) => a.name === e.name)
    }
  }

  return states.map(({ group, pairs }) => ({
    pairs: group.expected.flatMap((e) => pairs.get(e) ?? []),
    missing: group.expected.filter((e) => !pairs.has(e)),
    extra: group.actual.filter((a) => !claimed.has(identity(group, a))),
  })) as unknown as ResultsOf<G>
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
