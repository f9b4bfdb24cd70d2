import type { Finding, Severity } from '../../src/compare/finding.js'
import { describeFinding, objectLabel } from '../../src/report/describe-finding.js'
import { findingPayload, type FindingPayload } from '../../src/report/finding-payload.js'

/** A finding as tests read it: flat, with its label, its sentence and its wire payload. */
export interface FindingView {
  readonly code: string
  readonly severity: Severity
  readonly schema: string | null
  readonly table: string | null
  /** The name, or for an object the spec left unnamed its label: `(email)`. */
  readonly name: string
  readonly attributes: readonly string[]
  readonly message: string
  readonly expected: FindingPayload['expected']
  readonly actual: FindingPayload['actual']
  readonly finding: Finding
}

export function viewOf(f: Finding): FindingView {
  const { expected, actual } = findingPayload(f)
  return {
    code: f.code,
    severity: f.severity,
    schema: f.subject.schema,
    table: f.subject.table,
    name: objectLabel(f),
    attributes: f.problem === 'mismatch' ? f.attributes : [],
    message: describeFinding(f),
    expected,
    actual,
    finding: f,
  }
}
