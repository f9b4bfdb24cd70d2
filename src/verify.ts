/**
 * The composition root: spec → model, database → model, compare → findings → report. Pure
 * stages are called in order; the only I/O is reading the spec and the read-only introspection.
 */
import { compareSchemas } from './compare/compare-schemas.js'
import { introspectDatabase, type ServerInfo } from './introspect/introspect-database.js'
import { openDatabase } from './introspect/open-database.js'
import type { DatabaseSession } from './introspect/queryable.js'
import { restrictToSchemas, schemasOf } from './model/filter-model.js'
import { loadSpec, type LoadedSpec } from './spec/load-spec.js'
import { countChecked, isFailing, summarizeFindings, type FailOn, type Report } from './report/report.js'
import { TOOL_NAME, TOOL_VERSION } from './version.js'

export interface CheckOptions {
  /** Limit the check to these PostgreSQL schemas (default: every schema the spec describes). */
  readonly schemas?: readonly string[]
  readonly isStrict?: boolean
  readonly failOn?: FailOn
  readonly statementTimeoutMs?: number
  /** Injected clock, so reports are reproducible in tests. */
  readonly now?: () => Date
}

export interface VerifyOptions extends CheckOptions {
  readonly specPath: string
  readonly url?: string
  readonly env?: NodeJS.ProcessEnv
  readonly connectTimeoutMs?: number
}

export interface CheckResult {
  readonly report: Report
  readonly server: ServerInfo
  /** Catalog statements sent (13 per attempt, whatever the size of the database). */
  readonly queryCount: number
  /** Snapshots read: more than 1 when the schema changed while it was being read. */
  readonly attempts: number
  readonly timings: { readonly introspectMs: number; readonly compareMs: number }
}

/** Loads the spec, connects, checks, disconnects. */
export async function verify(options: VerifyOptions): Promise<CheckResult> {
  const spec = await loadSpec(options.specPath)
  const session = await openDatabase(options.url, { env: options.env ?? process.env, connectTimeoutMs: options.connectTimeoutMs })
  try {
    return await checkDatabase(session, spec, options)
  } finally {
    await session.close()
  }
}

/** Checks an open session against a loaded spec. Never writes to the database. */
export async function checkDatabase(session: DatabaseSession, spec: LoadedSpec, options: CheckOptions = {}): Promise<CheckResult> {
  const schemas = options.schemas && options.schemas.length > 0 ? options.schemas : schemasOf(spec.model)
  const expected = restrictToSchemas(spec.model, schemas)
  const started = performance.now()
  const introspection = await introspectDatabase(session, { schemas, statementTimeoutMs: options.statementTimeoutMs })
  const introspected = performance.now()
  const isStrict = options.isStrict ?? false
  const findings = compareSchemas(expected, introspection.model, { isStrict })
  const compared = performance.now()
  const failOn = options.failOn ?? 'error'
  const { server } = introspection
  const report: Report = {
    formatVersion: 1,
    status: isFailing(findings, failOn) ? 'fail' : 'pass',
    failOn,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    target: { url: session.displayTarget, serverVersion: server.version, engine: server.engine, database: server.database, user: server.user },
    spec: { file: spec.file, description: spec.spec.description },
    options: { strict: isStrict, schemas },
    checked: countChecked(expected),
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
