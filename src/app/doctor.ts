/**
 * `doctor`: what a support engineer asks a customer to run. One connection, read-only: the
 * session and server facts, the settings that matter, what the current role may do on the spec's
 * schemas and tables (and the GRANT that closes each gap), the spec's extensions installed or
 * installable, and the one-line verdict of a check. It reports what it cannot do rather than
 * failing: a spec that cannot be loaded, or a check the role cannot run, is a line of the report.
 * Only a database it cannot connect to at all is a failure (exit 3).
 */
import type { SpecProblem } from '../errors.js'
import { UserError } from '../errors.js'
import { privilegeGaps } from '../fix/grants.js'
import { readDoctorFacts, type DoctorFacts } from '../introspect/queries/doctor-facts.js'
import type { DatabaseSession } from '../introspect/queryable.js'
import { restrictToSchemas } from '../model/filter-model.js'
import type { DoctorReport } from '../report/doctor-report.js'
import { loadSpec, type LoadedSpec } from '../spec/load-spec.js'
import { TOOL_NAME, TOOL_VERSION } from '../version.js'
import { checkDatabase, selectSchemas } from './check.js'
import type { AppDeps } from './deps.js'
import { withTargetSession, type TargetFailure, type WaitOptions } from './target-session.js'

export type DoctorOutcome = { readonly kind: 'doctor'; readonly report: DoctorReport } | TargetFailure

export interface DoctorOptions extends WaitOptions {
  readonly connectTimeoutMs?: number
  readonly statementTimeoutMs?: number
}

export async function doctorTarget(specFile: string, target: string | undefined, options: DoctorOptions, deps: AppDeps): Promise<DoctorOutcome> {
  let spec: LoadedSpec | undefined
  let specProblems: readonly SpecProblem[] = []
  try {
    spec = await loadSpec(specFile, { readFile: deps.readFile })
  } catch (error) {
    // The doctor reports a broken spec; it does not stop at it.
    if (!(error instanceof UserError)) throw error
    specProblems = 'problems' in error ? (error as { problems: readonly SpecProblem[] }).problems : [{ file: specFile, pointer: '', message: error.message }]
  }
  const outcome = await withTargetSession(target, options, deps, (session) => diagnose(session, spec, specFile, specProblems, options, deps))
  return outcome.kind === 'failed' ? outcome : { kind: 'doctor', report: outcome.value }
}

async function diagnose(
  session: DatabaseSession,
  spec: LoadedSpec | undefined,
  specFile: string,
  specProblems: readonly SpecProblem[],
  options: DoctorOptions,
  deps: AppDeps,
): Promise<DoctorReport> {
  const schemas = spec === undefined ? ['public'] : selectSchemas(spec, undefined)
  const expected = spec === undefined ? undefined : restrictToSchemas(spec.model, schemas)
  const wanted = {
    schemas,
    tables: (expected?.tables ?? []).map((t) => ({ schema: t.schema, name: t.name })),
    extensions: (expected?.extensions ?? []).map((e) => e.name),
  }
  // The facts in a read-only transaction of their own; the check then reads its own snapshot.
  await session.query('BEGIN READ ONLY')
  let facts: DoctorFacts
  try {
    facts = await readDoctorFacts(session, wanted)
  } finally {
    await session.query('ROLLBACK')
  }
  let check: DoctorReport['check']
  if (spec === undefined) {
    check = { kind: 'not_run', reason: `the spec ${specFile} could not be loaded` }
  } else {
    try {
      const result = await checkDatabase(session, spec, {
        now: deps.now,
        ...(options.statementTimeoutMs !== undefined && { statementTimeoutMs: options.statementTimeoutMs }),
      })
      check = { kind: 'checked', report: result.report }
    } catch (error) {
      if (!(error instanceof UserError)) throw error
      check = { kind: 'not_run', reason: error.message }
    }
  }
  return {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    generatedAt: deps.now().toISOString(),
    target: session.displayTarget,
    spec: { file: specFile, problems: specProblems },
    facts,
    gaps: privilegeGaps(facts),
    check,
  }
}
