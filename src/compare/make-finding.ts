import { describeFinding } from './describe-finding.js'
import { findingCode, type Consequence, type Finding, type FindingKind, type FindingProblem, type Severity } from './finding.js'

/** Everything a finding says except what is derived from it (code, severity, message). */
export interface FindingDraft {
  readonly kind: FindingKind
  readonly problem: FindingProblem
  readonly attributes?: readonly string[]
  readonly schema: string | null
  readonly table: string | null
  readonly name: string
  readonly expected: unknown
  readonly actual: unknown
  /** Overrides the default severity for this kind/problem (see severityOf). */
  readonly severity?: Severity
  /** Findings that follow from this one (see Finding.consequences). */
  readonly consequences?: readonly Consequence[]
  /** A clause the message ends with, about a missing object this one depends on. */
  readonly note?: string
}

/**
 * Default severity. Errors break the application or its data integrity; warnings are drift that
 * degrades it (a missing plain index: slow, not wrong) or that the spec does not forbid (extras
 * under --strict); info is harmless (the same object under another name).
 */
export function severityOf(kind: FindingKind, problem: FindingProblem, attributes: readonly string[]): Severity {
  switch (problem) {
    case 'renamed':
      return 'info'
    case 'extra':
      return 'warning'
    case 'missing':
      return kind === 'index' ? 'warning' : 'error'
    case 'mismatch':
      if (kind === 'extension' && attributes.every((a) => a === 'version')) return 'warning'
      if (kind === 'index' && attributes.every((a) => a === 'method' || a === 'include')) return 'warning'
      return 'error'
  }
}

export function makeFinding(draft: FindingDraft): Finding {
  const attributes = draft.attributes ?? []
  const base = {
    code: findingCode(draft.kind, draft.problem),
    kind: draft.kind,
    problem: draft.problem,
    attributes,
    severity: draft.severity ?? severityOf(draft.kind, draft.problem, attributes),
    schema: draft.schema,
    table: draft.table,
    name: draft.name,
    expected: draft.expected,
    actual: draft.actual,
    consequences: draft.consequences ?? [],
  }
  return { ...base, message: describeFinding(base, draft.note) }
}

/** The finding again with consequences and/or a note (see FindingDraft), its message rewritten. */
export function refineFinding(finding: Finding, refinement: Pick<FindingDraft, 'consequences' | 'note'>): Finding {
  const { kind, problem, attributes, severity, schema, table, name, expected, actual, consequences } = finding
  return makeFinding({ kind, problem, attributes, severity, schema, table, name, expected, actual, consequences, ...refinement })
}

/** One property to compare: its public attribute name, the expected value (undefined = unchecked) and the actual one. */
export type AttributeCheck = readonly [attribute: string, expected: unknown, actual: unknown, equals?: (e: never, a: never) => boolean]

export interface AttributeDiff {
  readonly attributes: readonly string[]
  readonly expected: Readonly<Record<string, unknown>>
  readonly actual: Readonly<Record<string, unknown>>
}

/** The attributes whose expected value is set and differs from the actual one; null when none do. */
export function diffAttributes(checks: readonly AttributeCheck[]): AttributeDiff | null {
  const attributes: string[] = []
  const expected: Record<string, unknown> = {}
  const actual: Record<string, unknown> = {}
  for (const [attribute, e, a, equals] of checks) {
    if (e === undefined) continue
    const same = equals ? (equals as (x: unknown, y: unknown) => boolean)(e, a) : JSON.stringify(e) === JSON.stringify(a)
    if (same) continue
    attributes.push(attribute)
    expected[attribute] = e
    actual[attribute] = a ?? null
  }
  return attributes.length === 0 ? null : { attributes, expected, actual }
}
