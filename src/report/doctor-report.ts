import type { SpecProblem } from '../errors.js'
import type { PrivilegeGaps } from '../fix/grants.js'
import type { DoctorFacts } from '../model/doctor-facts.js'
import type { Report } from './report.js'

/** Everything `doctor` found, for its renderers (render-doctor.ts). */
export interface DoctorReport {
  readonly tool: { readonly name: string; readonly version: string }
  readonly generatedAt: string
  /** Redacted: never holds a password. */
  readonly target: string
  readonly spec: { readonly file: string; readonly problems: readonly SpecProblem[] }
  readonly facts: DoctorFacts
  readonly gaps: PrivilegeGaps
  /** The check's report, or why it could not run. */
  readonly check: { readonly kind: 'checked'; readonly report: Report } | { readonly kind: 'not_run'; readonly reason: string }
}
