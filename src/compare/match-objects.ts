/**
 * The one matcher: pairs expected objects with actual ones, one to one. Objects with an identity
 * of their own (tables, columns, enums, ...) pair by key (matchByKey); constraints, indexes and
 * triggers pair by definition first and name second (matchGroups), so an index that exists under
 * another name is reported as renamed rather than as one missing plus one extra.
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

/** What makes two candidates one database object: a key such as `constraint users_email_key`, or the candidate itself. */
export type Identity = string | Named

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
  identityOf?(actual: A): Identity
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
  const claimed = new Set<Identity>()
  const states = groups.map((group) => ({ group, pairs: new Map<Named, MatchedPair<Named, Named>>() }))
  type State = (typeof states)[number]
  // Each candidate's identity in its group, computed once (an identity may be a key built from names).
  const identities = new Map<MatchGroup<Named, Named>, Map<Named, Identity>>()
  for (const group of groups) {
    if (group.identityOf !== undefined) identities.set(group, new Map(group.actual.map((a) => [a, group.identityOf?.(a) ?? a])))
  }
  const identity = (group: MatchGroup<Named, Named>, a: Named): Identity => identities.get(group)?.get(a) ?? a
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
  })) as readonly MatchResult<Named, Named>[] as ResultsOf<G>
}

/**
 * Pairs by key (the same object for the database: a column by its name, a table by objectKey),
 * each actual object serving at most one expected object. `isSame` narrows a key further where
 * the key alone is not the identity (a function's overloads share its name: the spec may give
 * argument types, or leave them out to accept any overload). Pairs are `exact`.
 */
export function matchByKey<E, A>(
  expected: readonly E[],
  actual: readonly A[],
  keyOf: { expected(object: E): string; actual(object: A): string },
  isSame: (expected: E, actual: A) => boolean = () => true,
): MatchResult<E, A> {
  // The usual case, a database as the spec says: the same keys in the same order. Pairing them
  // in order is what the search below would do (each earlier candidate is taken by then).
  if (expected.length === actual.length && expected.every((e, i) => keyOf.expected(e) === keyOf.actual(actual[i] as A) && isSame(e, actual[i] as A))) {
    return { pairs: expected.map((e, i) => ({ expected: e, actual: actual[i] as A, how: 'exact' })), missing: [], extra: [] }
  }
  const candidates = new Map<string, A[]>()
  for (const a of actual) {
    const key = keyOf.actual(a)
    const list = candidates.get(key)
    if (list === undefined) candidates.set(key, [a])
    else list.push(a)
  }
  const used = new Set<A>()
  const pairs: MatchedPair<E, A>[] = []
  const missing: E[] = []
  for (const e of expected) {
    const a = candidates.get(keyOf.expected(e))?.find((candidate) => !used.has(candidate) && isSame(e, candidate))
    if (a === undefined) {
      missing.push(e)
      continue
    }
    used.add(a)
    pairs.push({ expected: e, actual: a, how: 'exact' })
  }
  return { pairs, missing, extra: actual.filter((a) => !used.has(a)) }
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
