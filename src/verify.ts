/**
 * The composition root: spec → model, database → model, compare → findings → report. Pure
 * stages are called in order; the only I/O is reading the spec and the read-only introspection.
 */
import { UsageError } from './errors.js'
import { compareText } from './model/compare-text.js'
import { didYouMean } from './text/closest-name.js'
import { compareSchemas } from './compare/compare-schemas.js'
import { introspectDatabase, type ServerInfo } from './introspect/introspect-database.js'
import { openDatabase } from './introspect/open-database.js'
import type { DatabaseSession } from './introspect/queryable.js'
import { restrictToSchemas, schemasOf } from './model/filter-model.js'
import { loadSpec, type LoadedSpec } from './spec/load-spec.js'
import { countChecked, failReasonsOf, summarizeFindings, type FailOn, type Report } from './report/report.js'
import { TOOL_NAME, TOOL_VERSION } from './version.js'

export interface CheckOptions {
  /** Limit the check to these PostgreSQL schemas (default: every schema the spec describes). */
  readonly schemas?: readonly string[]
  readonly isStrict?: boolean
  readonly failOn?: FailOn
  /** Fail when the checked schemas hold objects the spec cannot describe (report.notChecked). */
  readonly isFailOnUnchecked?: boolean
  readonly statementTimeoutMs?: number
  /** Injected clock, so reports are reproducible in tests. */
  readonly now?: () => Date
}

export interface VerifyOptions extends CheckOptions {
  readonly specPath: string
  readonly url?: string
  readonly env?: NodeJS.ProcessEnv
  readonly connectTimeoutMs?: number
  /** Told what libpq would print as a WARNING (a password file others can read is ignored). */
  readonly onWarning?: (message: string) => void
}

export interface CheckResult {
  readonly report: Report
  readonly server: ServerInfo
  /** Catalog statements sent (14 per attempt, whatever the size of the database). */
  readonly queryCount: number
  /** Snapshots read: more than 1 when the schema changed while it was being read. */
  readonly attempts: number
  readonly timings: { readonly introspectMs: number; readonly compareMs: number }
}

/** Loads the spec, connects, checks, disconnects. */
export async function verify(options: VerifyOptions): Promise<CheckResult> {
  const spec = await loadSpec(options.specPath)
  selectSchemas(spec, options.schemas)
  const session = await openDatabase(options.url, {
    env: options.env ?? process.env,
    connectTimeoutMs: options.connectTimeoutMs,
    onWarning: options.onWarning,
  })
  try {
    return await checkDatabase(session, spec, options)
  } finally {
    await session.close()
  }
}

/**
 * The schemas a check covers: those asked for, each of which the spec must describe (a filter
 * that selects nothing would make "checked 0 tables" pass, so a typo must not open the gate),
 * else every schema the spec describes.
 */
export function selectSchemas(spec: LoadedSpec, requested: readonly string[] | undefined): string[] {
  const described = [...new Set([...Object.keys(spec.spec.schemas), ...schemasOf(spec.model)])].sort(compareText)
  if (requested === undefined || requested.length === 0) return described
  for (const schema of requested) {
    if (!described.includes(schema)) {
      throw new UsageError(`--schema "${schema}" is not a schema the spec describes${didYouMean(schema, described)} (the spec describes ${described.join(', ') || 'no schema'})`)
    }
  }
  return [...new Set(requested)]
}

/** Checks an open session against a loaded spec. Never writes to the database. */
export async function checkDatabase(session: DatabaseSession, spec: LoadedSpec, options: CheckOptions = {}): Promise<CheckResult> {
  const schemas = selectSchemas(spec, options.schemas)
  const expected = restrictToSchemas(spec.model, schemas)
  const started = performance.now()
  const introspection = await introspectDatabase(session, { schemas, statementTimeoutMs: options.statementTimeoutMs })
  const introspected = performance.now()
  const isStrict = options.isStrict ?? false
  const findings = compareSchemas(expected, introspection.model, { isStrict, locate: spec.locate })
  const compared = performance.now()
  const failOn = options.failOn ?? 'error'
  const isFailOnUnchecked = options.isFailOnUnchecked ?? false
  const { server, notChecked } = introspection
  const failReasons = failReasonsOf(findings, failOn, notChecked, isFailOnUnchecked)
  const report: Report = {
    formatVersion: 1,
    status: failReasons.length > 0 ? 'fail' : 'pass',
    failReasons,
    failOn,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    target: { url: session.displayTarget, serverVersion: server.version, engine: server.engine, database: server.database, user: server.user },
    spec: { file: spec.file, description: spec.spec.description },
    options: { strict: isStrict, failOnUnchecked: isFailOnUnchecked, schemas },
    checked: countChecked(expected),
    notChecked,
    summary: summarizeFindings(findings),
    findings,
  }
  return {
    report,
    server,
    queryCount: introspection.queryCount,
    attempts: introspection.attempts,
    timings: { introspectMs: introspected - started, compareMs: compared - introspected },
  }
}
