import type { SpecProblem } from '../errors.js'
import type { PrivilegeGaps } from '../fix/grants.js'
import type { DoctorFacts } from '../model/doctor-facts.js'
import type { Report } from './report.js'
import type { RootCause } from './root-causes.js'

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
  /** The check's findings grouped by cause, each with its repair (empty when the check did not run or found nothing). */
  readonly diagnosis: readonly RootCause[]
  /** Whether host names and addresses are shown (--show-host); otherwise they read `<host>`. */
  readonly showsHost: boolean
}
