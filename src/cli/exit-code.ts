/**
 * The one mapping from what happened to the process exit code (README "Exit codes"): 0 no
 * finding at or above --fail-on, 1 drift, 2 usage/spec/output, 3 cannot connect or introspect,
 * 4 a bug.
 */
import type { TargetOutcome } from '../app/check.js'
import type { SnapshotOutcome } from '../app/snapshot.js'
import { ExitCode, UserError } from '../errors.js'
import type { Report } from '../report/report.js'

/** A command's outcome: a failed target exits with its error's code. */
export function exitCodeOf(outcome: TargetOutcome | SnapshotOutcome): ExitCode {
  switch (outcome.kind) {
    case 'checked':
      return exitCodeOfReport(outcome.report)
    case 'snapshot':
      return ExitCode.ok
    case 'failed':
      return outcome.error.exitCode
  }
}

/** A report fails the run (status 'fail': findings at or above --fail-on, or --fail-on-unchecked). */
export function exitCodeOfReport(report: Report): ExitCode {
  return report.status === 'fail' ? ExitCode.drift : ExitCode.ok
}

/** What the CLI's one catch exits with: a UserError's own code, else 4 (a bug). */
export function exitCodeOfError(error: unknown): ExitCode {
  return error instanceof UserError ? error.exitCode : ExitCode.internal
}
