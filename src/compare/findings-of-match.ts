import type {
  Attribute,
  ExtraFinding,
  ModelKind,
  KindModels,
  MismatchableKind,
  MismatchFinding,
  MissingFinding,
  RenameableKind,
  RenamedFinding,
  SpecLocation,
} from './finding.js'
import { extraFinding, mismatchFinding, missingFinding, type FindingExtras, type Subject } from './make-finding.js'
import type { MatchedPair, MatchResult } from './match-objects.js'

/** What every comparison needs besides the two objects. */
export interface CompareContext {
  /** Report objects the spec does not mention (only where `isInStrictScope` says the spec speaks for them). */
  readonly isStrict: boolean
  /** Where the spec declared an object, from its JSON pointer; null when unknown. */
  readonly locate: (pointer: string | undefined) => SpecLocation | null
}

/** The findings one kind can produce. */
export type KindFinding<K extends ModelKind> =
  MissingFinding<K> | ExtraFinding<K> | (K extends MismatchableKind ? MismatchFinding<K> : never) | (K extends RenameableKind ? RenamedFinding<K> : never)

/** How one kind turns a match into findings. */
export interface KindRules<K extends ModelKind, A extends KindModels[K] = KindModels[K]> {
  readonly kind: K
  /** The subject of a finding about this object (an expected object keeps its expected name, null when unnamed). */
  refOf(object: KindModels[K]): Subject<K>
  /** The subject of a finding about a matched pair, when it needs the actual object too; default: refOf(expected). */
  refOfPair?(expected: KindModels[K], actual: A): Subject<K>
  /** What differs in a matched pair, in check order; empty when nothing does. */
  differences(expected: KindModels[K], actual: A, pair: MatchedPair<KindModels[K], A>): Attribute<K>[]
  /** The finding for a pair matched by definition under another name (renameable kinds only). */
  renamed?(pair: MatchedPair<KindModels[K], A>, extras: FindingExtras): KindFinding<K>
  /** Whether an actual object nobody expected is reported under --strict; default: yes. */
  readonly isReportedExtra?: (actual: A) => boolean
  /** Where an extra's finding points in the spec (its table's entry); default: nowhere. */
  readonly extraSource?: string
  /** Index findings: the table's columns (see Finding.tableColumns). */
  readonly tableColumns?: readonly string[]
}

/**
 * The findings of a match, written once for every kind: each pair's renaming and differing
 * attributes, each expected object left over as missing, and (under --strict) each actual object
 * left over as extra.
 */
export function findingsOfMatch<K extends ModelKind, A extends KindModels[K]>(
  rules: KindRules<K, A>,
  match: MatchResult<KindModels[K], A>,
  ctx: CompareContext,
): KindFinding<K>[] {
  const findings: KindFinding<K>[] = []
  for (const pair of match.pairs) {
    // Located only when there is a finding: most pairs have none.
    const extras = (): FindingExtras => extrasFor(rules, ctx.locate(pair.expected.source))
    if (pair.how === 'renamed' && rules.renamed) findings.push(rules.renamed(pair, extras()))
    const attributes = rules.differences(pair.expected, pair.actual, pair)
    if (attributes.length > 0) {
      const subject = rules.refOfPair?.(pair.expected, pair.actual) ?? rules.refOf(pair.expected)
      // A kind without attributes (a schema) has no differences, so this is a mismatchable kind;
      // tsc cannot narrow a generic K by an array's length.
      findings.push(mismatchFinding(subject, attributes, pair.expected, pair.actual, extras()) as KindFinding<K>)
    }
  }
  for (const expected of match.missing) {
    findings.push(missingFinding(rules.refOf(expected), expected, extrasFor(rules, ctx.locate(expected.source))))
  }
  for (const actual of extrasOf(match, ctx, rules.isReportedExtra)) {
    findings.push(extraFinding(rules.refOf(actual), actual, extrasFor(rules, ctx.locate(rules.extraSource))))
  }
  return findings
}

function extrasFor(rules: { readonly tableColumns?: readonly string[] }, source: SpecLocation | null): FindingExtras {
  return rules.tableColumns === undefined ? { source } : { source, tableColumns: rules.tableColumns }
}

/** The actual objects nobody expected that --strict reports: none without --strict. */
export function extrasOf<A>(match: MatchResult<unknown, A>, ctx: CompareContext, isReported: (actual: A) => boolean = () => true): A[] {
  return ctx.isStrict ? match.extra.filter(isReported) : []
}
