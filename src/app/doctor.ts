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
import type { LoadedSpec } from '../spec/load-spec.js'
import { isDatabaseSpec, loadExpectedSchema } from './expected-schema.js'
import { connectionSecrets, redact } from '../redact.js'
import { TOOL_NAME, TOOL_VERSION } from '../version.js'
import { checkDatabase, selectSchemas } from './check.js'
import { rootCausesOf } from '../report/root-causes.js'
import type { AppDeps } from './deps.js'
import { displayTargetOf, withTargetSession, type TargetFailure, type WaitOptions } from './target-session.js'

export type DoctorOutcome = { readonly kind: 'doctor'; readonly report: DoctorReport } | TargetFailure

export interface DoctorOptions extends WaitOptions {
  readonly connectTimeoutMs?: number
  readonly statementTimeoutMs?: number
  /** Show host names and addresses (--show-host); by default they read `<host>`, so the report can be pasted publicly. */
  readonly showHost?: boolean
}

const HIDDEN_HOST = '<host>'

/**
 * A redacted target without its host: `postgresql://app@<host>:5432/db`, `pglite:<path>` (a
 * directory may name a person); in-memory PGlite and a URL without a host stay as they are.
 */
export function withoutHost(target: string): string {
  if (target.startsWith('pglite:')) return target === 'pglite:memory' || target === 'pglite:' ? target : 'pglite:<path>'
  const url = /^([a-z][a-z0-9+.-]*:\/\/)([^@/?#]*@)?([^/?#]*)(.*)$/i.exec(target)
  if (url === null) return target
  // Each host of a multi-host URL, keeping its port: `<host>:5432,<host>:5433`.
  const hosts = (url[3] ?? '')
    .split(',')
    .map((h) => (h === '' ? '' : `${HIDDEN_HOST}${/:(\d+)$/.exec(h)?.[0] ?? ''}`))
    .join(',')
  // Query parameters may name a host or a socket directory too (host=, hostaddr=).
  const rest = (url[4] ?? '').replace(/([?&])(host|hostaddr)=[^&]*/gi, `$1$2=${HIDDEN_HOST}`)
  return `${url[1] ?? ''}${url[2] ?? ''}${hosts}${rest}`
}

function publicTarget(target: string, showsHost: boolean): string {
  return showsHost ? target : withoutHost(target)
}

/**
 * A (redacted) message about the spec database `url`, without its host unless asked for: in the
 * URLs it names, and where the driver names the host itself (`getaddrinfo ENOTFOUND db.example`).
 */
function withUrlsShown(message: string, url: string, showsHost: boolean): string {
  if (showsHost) return message
  const hosts = (/^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^/?#]*)/i.exec(url)?.[1] ?? '').split(',').map((h) => h.replace(/:\d+$/, ''))
  let shown = message.replace(/(?:postgres(?:ql)?|pglite):\S*?(?=:\s|\s|$)/g, (found) => withoutHost(redact(found, connectionSecrets(found))))
  for (const host of hosts) if (host !== '') shown = shown.replaceAll(host, HIDDEN_HOST)
  return shown
}

export async function doctorTarget(specFile: string, target: string | undefined, options: DoctorOptions, deps: AppDeps): Promise<DoctorOutcome> {
  let spec: LoadedSpec | undefined
  let specProblems: readonly SpecProblem[] = []
  // A spec that is another database is shown as any target is: redacted, its host hidden unless asked for.
  const specLabel = isDatabaseSpec(specFile) ? publicTarget(displayTargetOf(specFile, deps.env), options.showHost === true) : specFile
  try {
    spec = await loadExpectedSchema(specFile, options, deps)
  } catch (error) {
    // The doctor reports a broken spec; it does not stop at it.
    if (!(error instanceof UserError)) throw error
    specProblems =
      'problems' in error
        ? (error as { problems: readonly SpecProblem[] }).problems
        : [{ file: specLabel, pointer: '', message: withUrlsShown(error.message, specFile, options.showHost === true) }]
  }
  const outcome = await withTargetSession(target, options, deps, (session) => diagnose(session, spec, specLabel, specProblems, options, deps))
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
        // A support run reads the data-dependent health too (sequences behind their data), and
        // plans the repair each cause of the diagnosis shows (planned only; nothing runs).
        isHealthRead: true,
        fix: { allowDestructive: false, concurrently: false, notValid: false, prove: false },
        ...(options.statementTimeoutMs !== undefined && { statementTimeoutMs: options.statementTimeoutMs }),
      })
      check = { kind: 'checked', report: result.report }
    } catch (error) {
      if (!(error instanceof UserError)) throw error
      check = { kind: 'not_run', reason: error.message }
    }
  }
  const showsHost = options.showHost === true
  return {
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    generatedAt: deps.now().toISOString(),
    target: showsHost ? session.displayTarget : withoutHost(session.displayTarget),
    spec: { file: specFile, problems: specProblems },
    facts: showsHost ? facts : { ...facts, session: { ...facts.session, serverAddress: facts.session.serverAddress === null ? null : HIDDEN_HOST } },
    gaps: privilegeGaps(facts),
    check,
    diagnosis: check.kind === 'checked' ? rootCausesOf(check.report.findings, check.report.fix) : [],
    showsHost,
  }
}
