/**
 * Building findings: the builders fill what every finding has (severity from the one policy,
 * no consequences yet), so the comparers only say what they found.
 */
import type { ObjectRef } from '../model/object-ref.js'
import type {
  Attribute,
  ExtraFinding,
  ModelKind,
  FoundAs,
  KindModels,
  MismatchFinding,
  MissingFinding,
  RenameableKind,
  RenamedFinding,
  SpecLocation,
} from './finding.js'
import { isHealthier } from './finding.js'
import { severityOf } from './severity.js'

export type Subject<K extends ModelKind> = ObjectRef & { readonly kind: K }

/** What a builder may add to a finding besides its payload (see Finding.tableColumns). */
export interface FindingExtras {
  readonly source: SpecLocation | null
  readonly tableColumns?: readonly string[]
}

export function missingFinding<K extends ModelKind>(subject: Subject<K>, expected: KindModels[K], extras: FindingExtras): MissingFinding<K> {
  const isUniqueIndex = subject.kind === 'index' && 'isUnique' in expected && expected.isUnique === true
  const severity = severityOf({ kind: subject.kind, problem: 'missing', attributes: [], isUniqueIndex, isOnlyHealthier: false })
  return { code: `${subject.kind}.missing`, kind: subject.kind, problem: 'missing', subject, severity, expected, ...extras, consequences: [], dependsOn: null }
}

export function extraFinding<K extends ModelKind>(subject: Subject<K>, actual: KindModels[K], extras: FindingExtras): ExtraFinding<K> {
  const severity = severityOf({ kind: subject.kind, problem: 'extra', attributes: [], isUniqueIndex: false, isOnlyHealthier: false })
  return { code: `${subject.kind}.extra`, kind: subject.kind, problem: 'extra', subject, severity, actual, ...extras, consequences: [], dependsOn: null }
}

export function mismatchFinding<K extends ModelKind>(
  subject: Subject<K>,
  attributes: readonly Attribute<K>[],
  expected: KindModels[K],
  actual: KindModels[K],
  extras: FindingExtras,
): MismatchFinding<K> {
  const isUnique = (model: KindModels[K]): boolean => 'isUnique' in model && model.isUnique === true
  const isUniqueIndex = subject.kind === 'index' && (isUnique(expected) || isUnique(actual))
  const isOnlyHealthier =
    attributes.length > 0 && attributes.every((a) => (a === 'valid' || a === 'enforced' || a === 'unlogged') && isHealthier(expected, actual, a))
  const severity = severityOf({ kind: subject.kind, problem: 'mismatch', attributes, isUniqueIndex, isOnlyHealthier })
  return {
    code: `${subject.kind}.mismatch`,
    kind: subject.kind,
    problem: 'mismatch',
    subject,
    severity,
    attributes,
    expected,
    actual,
    ...extras,
    consequences: [],
    dependsOn: null,
  }
}

export function renamedFinding<K extends RenameableKind>(
  subject: Subject<K>,
  expected: KindModels[K],
  actual: KindModels[K],
  foundAs: FoundAs | null,
  extras: FindingExtras,
): RenamedFinding<K> {
  const severity = severityOf({ kind: subject.kind, problem: 'renamed', attributes: [], isUniqueIndex: false, isOnlyHealthier: false })
  return {
    code: `${subject.kind}.renamed`,
    kind: subject.kind,
    problem: 'renamed',
    subject,
    severity,
    expected,
    actual,
    foundAs,
    ...extras,
    consequences: [],
    dependsOn: null,
  }
}

/** Values one attribute check compares; `undefined` expected = the spec left it out. */
export type CheckedValue = string | number | boolean | null | undefined | readonly string[]

/** One property to compare: its attribute name, the expected value (undefined = not checked), the actual one. */
export type AttributeCheck<A extends string> = readonly [attribute: A, expected: CheckedValue, actual: CheckedValue, equals?: (e: never, a: never) => boolean]

/** Equal as JSON: the check runs for every attribute of every pair, so scalars and lists skip JSON.stringify. */
function isSameValue(e: unknown, a: unknown): boolean {
  if (e === a) return true
  if (Array.isArray(e) && Array.isArray(a)) return e.length === a.length && e.every((item, i) => isSameValue(item, a[i]))
  if (typeof e !== 'object' || typeof a !== 'object' || e === null || a === null) return false
  return JSON.stringify(e) === JSON.stringify(a)
}

/** The attributes whose expected value is set and differs from the actual one. */
export function differingAttributes<A extends string>(checks: readonly AttributeCheck<A>[]): A[] {
  const attributes: A[] = []
  for (const [attribute, e, a, equals] of checks) {
    if (e === undefined) continue
    const same = equals ? (equals as (x: CheckedValue, y: CheckedValue) => boolean)(e, a) : isSameValue(e, a ?? null)
    if (!same) attributes.push(attribute)
  }
  return attributes
}
