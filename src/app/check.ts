/**
 * The check command's core: spec → model, database → model, compare → findings → report. Pure
 * stages are called in order; the only I/O goes through AppDeps (opening the target, the clock)
 * and is the read-only introspection.
 *
 * checkTarget never throws for a target's own failure: a target that cannot be reached, refuses
 * the login, times out, or whose schema keeps changing under the read gives `{ kind: 'failed' }`
 * with the UserError that says why (its exitCode is what the CLI exits with). So a caller can
 * check many targets in a row and report each one. What it does throw:
 * - a `--schema` the spec does not describe (UsageError, exit 2), before connecting: it is the
 *   caller's mistake and the same for every target, so no target should be tried with it;
 * - anything that is not a UserError: a bug, which must not be disguised as a target's failure.
 */
import { UsageError, UserError } from '../errors.js'
import { compareSchemas } from '../compare/compare-schemas.js'
import { introspectDatabase, type Introspection, type IntrospectOptions, type ServerInfo, type SnapshotRead } from '../introspect/introspect-database.js'
import { observationOf } from './snapshot-observation.js'
import { expectedSchemaOfText, isDatabaseSpec, isSqlText, loadExpectedSchema } from './expected-schema.js'
import { readTableSizes } from '../introspect/queries/table-sizes.js'
import { tableKey } from '../model/object-ref.js'
import type { DatabaseSession } from '../introspect/queryable.js'
import { compareText } from '../model/compare-text.js'
import { restrictToSchemas, schemasOf } from '../model/filter-model.js'
import { matchTenantSchemas, tenantModel } from '../model/tenant-schemas.js'
import type { SchemaModel } from '../model/schema-model.js'
import type { TenantReportInputs } from '../report/build-report.js'
import { buildReport } from '../report/build-report.js'
import type { FailOn, Report } from '../report/report.js'
import { finishSpec, loadSpec, readSpec, type LoadedSpec } from '../spec/load-spec.js'
import { didYouMean } from '../text/closest-name.js'
import { defaultDeps, type AppDeps } from './deps.js'
import { asSubquery, hasSqlState, requireOneStatement } from './one-statement.js'
import { proveFix, type FixProof } from './prove-fix.js'
import type { FixProofReport } from '../report/report.js'
import { planFixFor, type FixFlags, type PlannedFix } from './plan-fix-for.js'
import { withTargetSession, type TargetFailure, type WaitOptions } from './target-session.js'
import { gateFindings, type GatedFindings } from '../gate/gate-findings.js'
import { identityKey, identityOf } from '../gate/baseline.js'
import type { Finding } from '../compare/finding.js'
import type { SuppressionRule } from '../gate/suppressions.js'
import type { Baseline } from '../gate/baseline.js'

export interface CheckOptions {
  /** Limit the check to these PostgreSQL schemas (default: every schema the spec describes). */
  readonly schemas?: readonly string[]
  readonly isStrict?: boolean
  readonly failOn?: FailOn
  /** Fail when the checked schemas hold objects the spec cannot describe (report.notChecked). */
  readonly isFailOnUnchecked?: boolean
  /** Also read data: sequence-fed columns' maxima against their sequences (sequence.behind). */
  readonly isHealthRead?: boolean
  readonly statementTimeoutMs?: number
  /** Suppression rules besides the spec's own (the config file's), applied after them. */
  readonly suppressions?: readonly SuppressionRule[]
  /** Findings this baseline records do not count (`--baseline`). */
  readonly baseline?: Baseline
  /** Plan the repair of the findings (`check --fix`): the result's `fix` and the report's. */
  readonly fix?: FixFlags
  /**
   * Check every schema the pattern matches against the spec's template schema (`--tenant-schemas`,
   * `--template-schema`; see model/tenant-schemas.ts), in the same one snapshot.
   */
  readonly tenants?: TenantOptions
  /** Injected clock, so reports are reproducible in tests (checkTarget uses AppDeps.now instead). */
  readonly now?: () => Date
}

export interface TenantOptions {
  /** A glob over the database's schema names: `tenant_*`. */
  readonly pattern: string
  /**
   * `--tenants-from-query`: one SELECT whose first column names the tenant schemas that must exist
   * (the application's tenant registry), run in the check's snapshot. Each is checked, matched by
   * the pattern or not; one the database lacks is reported missing.
   */
  readonly query?: string
  /** The spec's schema each tenant must look like; default `public`. */
  readonly template?: string
}

/** checkTarget's options: the check's, and how long to wait for the connection. */
export interface CheckTargetOptions extends Omit<CheckOptions, 'now'>, WaitOptions {
  /** Give up connecting to a server after this long, unless the URL says connect_timeout; default 10 s. */
  readonly connectTimeoutMs?: number
}

export interface CheckResult {
  readonly report: Report
  readonly server: ServerInfo
  /** Catalog statements sent (14 per attempt, whatever the size of the database). */
  readonly queryCount: number
  /** Snapshots read: more than 1 when the schema changed while it was being read. */
  readonly attempts: number
  readonly timings: { readonly introspectMs: number; readonly compareMs: number }
  /** The repair plan and the fingerprint of the schema it was made against; only when options.fix is given. */
  readonly fix?: PlannedFix
}

/** How checking one target ended. `target` is safe to print: passwords are redacted. */
export type TargetOutcome = ({ readonly kind: 'checked'; readonly target: string } & CheckResult) | TargetFailure

/** Connects to `target`, checks it against `spec`, disconnects (see the file comment for what throws). */
export async function checkTarget(spec: LoadedSpec, target: string | undefined, options: CheckTargetOptions, deps: AppDeps): Promise<TargetOutcome> {
  selectSchemas(spec, options.schemas, options.tenants)
  const outcome = await withTargetSession(target, options, deps, (session) => checkDatabase(session, spec, { ...options, now: deps.now }))
  return outcome.kind === 'failed' ? outcome : { kind: 'checked', target: outcome.target, ...outcome.value }
}

/**
 * checkTarget for a spec file: as loadSpec then checkTarget, but the database is read while the
 * spec is parsed, validated and turned into a model (on a 10,000-table schema each takes seconds,
 * one on the server and one here). Only the names of its schemas, which say what to read, are
 * taken from the text first (readSpec). The outcome is the same as in that order: an invalid spec
 * throws its SpecError whatever the target did, and a --schema the spec does not describe throws
 * before connecting.
 */
export async function checkSpecFile(file: string, target: string | undefined, options: CheckTargetOptions, deps: AppDeps): Promise<TargetOutcome> {
  // Another database, or an SQL script: the spec is made first (see expected-schema.ts).
  if (isDatabaseSpec(file)) return checkTarget(await loadExpectedSchema(file, options, deps), target, options, deps)
  const specText = await readSpec(file, { readFile: deps.readFile })
  if (isSqlText(file, specText.text)) return checkTarget(await expectedSchemaOfText(file, specText.text, options, deps), target, options, deps)
  let loading: Promise<LoadedSpec> | undefined
  // Started once the catalog queries are sent (so connecting is not held up by it), or when needed.
  const load = (): Promise<LoadedSpec> => {
    if (loading === undefined) {
      loading = finishSpec(specText)
      // Awaited below on every path; until then its failure must not count as unhandled.
      loading.catch(() => undefined)
    }
    return loading
  }
  let schemas: string[]
  try {
    // Text whose schemas a scan cannot name is loaded first: its SpecError, if any, is thrown here.
    const schemaNames = specText.schemaNames ?? Object.keys((await load()).spec.schemas)
    schemas = selectSchemaNames(schemaNames, options.schemas, options.tenants)
  } catch (error) {
    await load()
    throw error
  }
  const outcome = await withTargetSession(target, options, deps, (session) => checkSession(session, load, schemas, { ...options, now: deps.now }))
  await load()
  return outcome.kind === 'failed' ? outcome : { kind: 'checked', target: outcome.target, ...outcome.value }
}

/**
 * The schemas a check covers: those asked for, each of which the spec must describe (a filter
 * that selects nothing would make "checked 0 tables" pass, so a typo must not open the gate),
 * else every schema the spec describes.
 */
export function selectSchemas(spec: LoadedSpec, requested: readonly string[] | undefined, tenants?: TenantOptions): string[] {
  return selectSchemaNames([...Object.keys(spec.spec.schemas), ...schemasOf(spec.model)], requested, tenants)
}

function selectSchemaNames(schemaNames: readonly string[], requested: readonly string[] | undefined, tenants?: TenantOptions): string[] {
  const described = [...new Set(schemaNames)].sort(compareText)
  if (tenants !== undefined) {
    if (requested !== undefined && requested.length > 0)
      throw new UsageError('--schema and --tenant-schemas cannot be combined: the pattern says which schemas to check')
    if (tenants.query !== undefined) requireOneStatement('--tenants-from-query', tenants.query)
    const template = tenants.template ?? 'public'
    if (!described.includes(template)) {
      const option = tenants.template === undefined ? 'the template schema (default public)' : `--template-schema "${template}"`
      throw new UsageError(
        `${option} is not a schema the spec describes${didYouMean(template, described)} (the spec describes ${described.join(', ') || 'no schema'})`,
      )
    }
    return described
  }
  if (requested === undefined || requested.length === 0) return described
  for (const schema of requested) {
    if (!described.includes(schema)) {
      throw new UsageError(
        `--schema "${schema}" is not a schema the spec describes${didYouMean(schema, described)} (the spec describes ${described.join(', ') || 'no schema'})`,
      )
    }
  }
  return [...new Set(requested)]
}

/**
 * Checks an open session against a loaded spec, and with options.fix plans the repair (it does
 * not run it). Never writes to the database; throws what fails.
 */
export async function checkDatabase(session: DatabaseSession, spec: LoadedSpec, options: CheckOptions = {}): Promise<CheckResult> {
  return checkSession(session, () => Promise.resolve(spec), selectSchemas(spec, options.schemas, options.tenants), options)
}

/**
 * checkDatabase of `schemas`, with a spec that `load` may still have to load: it is started once
 * the catalog queries are sent, and the database is read meanwhile.
 */
async function checkSession(session: DatabaseSession, load: () => Promise<LoadedSpec>, schemas: string[], options: CheckOptions): Promise<CheckResult> {
  const source: CheckedSource = {
    displayTarget: session.displayTarget,
    introspect: (introspectOptions) => introspectDatabase(session, introspectOptions),
    tableSizes: (checked) => readTableSizes(session, checked, tableKey),
  }
  return checkSource(source, load, schemas, options)
}

/** What a check reads: a live session, or a snapshot file standing in for one. */
interface CheckedSource {
  readonly displayTarget: string
  introspect(options: IntrospectOptions): Promise<Introspection>
  /** Estimated table sizes for the repair's comments; a snapshot has none. */
  tableSizes?(schemas: readonly string[]): Promise<ReadonlyMap<string, { readonly rows: number | null; readonly bytes: number }>>
}

async function checkSource(source: CheckedSource, load: () => Promise<LoadedSpec>, specSchemas: string[], options: CheckOptions): Promise<CheckResult> {
  const started = performance.now()
  const tenancy = options.tenants === undefined ? undefined : new Tenancy(options.tenants, specSchemas)
  const introspecting = source.introspect({
    ...(tenancy === undefined ? { schemas: specSchemas } : { selectSchemas: (userSchemas, read) => tenancy.select(userSchemas, read) }),
    statementTimeoutMs: options.statementTimeoutMs,
    onQueriesSent: () => void load(),
    migrationTable: async () => (await load()).model.migration,
    readSequenceHealth: options.isHealthRead === true,
  })
  // If the spec fails, that failure is the one to report; the introspection's must not go unhandled.
  introspecting.catch(() => undefined)
  const spec = await load()
  const introspection = await introspecting
  const introspected = performance.now()
  const schemas = tenancy === undefined ? specSchemas : tenancy.checkedSchemas(introspection.server.database)
  const expected = tenancy === undefined ? restrictToSchemas(spec.model, schemas) : tenancy.expected(restrictToSchemas(spec.model, specSchemas))
  const actual = tenancy === undefined ? introspection.model : tenancy.actual(introspection.model)
  const isStrict = options.isStrict ?? false
  const findings = compareSchemas(expected, actual, { isStrict, locateAll: spec.locateAll })
  const compared = performance.now()
  const { server, notChecked } = introspection
  const generatedAt = (options.now ?? (() => new Date()))()
  const gate = gateFindings({
    findings,
    rules: [...spec.suppressions, ...(options.suppressions ?? [])],
    ...(options.baseline !== undefined && { baseline: options.baseline }),
    today: generatedAt.toISOString().slice(0, 10),
  })
  // A finding a rule ignores is not to be repaired; baselined ones are known drift, still repaired.
  const toRepair = gate.accepted
  const fix =
    options.fix === undefined
      ? undefined
      : planFixFor({
          findings: toRepair,
          expected,
          actual,
          schemas,
          serverVersionNum: server.versionNum,
          isStrict,
          flags: options.fix,
          // Read after the snapshot, and only for --fix: estimates for the repair's comments.
          tableSizes: toRepair.length === 0 || source.tableSizes === undefined ? undefined : await source.tableSizes(schemas),
        })
  const proof =
    fix === undefined || options.fix?.prove !== true
      ? undefined
      : await proveFix({
          actual: fix.actual,
          expected,
          compareOptions: { isStrict },
          fixOptions: fix.options,
          serverVersionNum: server.versionNum,
          schemas,
          isIgnored: isIgnoredBy(gate),
        })
  const report = buildReport({
    expected,
    findings,
    gate,
    notChecked,
    target: { url: source.displayTarget, serverVersion: server.version, engine: server.engine, database: server.database, user: server.user },
    spec: { file: spec.file, description: spec.spec.description, ...(spec.origin !== undefined && { origin: spec.origin }) },
    schemas,
    isStrict,
    failOn: options.failOn ?? 'error',
    isFailOnUnchecked: options.isFailOnUnchecked ?? false,
    generatedAt,
    durationMs: performance.now() - started,
    fix: fix === undefined || proof === undefined ? fix?.plan : { ...fix.plan, proof: proofReport(proof) },
    ...(tenancy !== undefined && { tenants: tenancy.reportInputs() }),
  })
  return {
    report,
    server,
    queryCount: introspection.queryCount,
    attempts: introspection.attempts,
    timings: { introspectMs: introspected - started, compareMs: compared - introspected },
    ...(fix !== undefined && { fix }),
  }
}

/**
 * Checks a spec file against a snapshot file instead of a database (`check --from-snapshot`):
 * offline, for a customer who cannot give access. The snapshot stands in for the database it was
 * taken from (see snapshot-observation.ts); nothing connects. Throws SpecError for either file and
 * UsageError for a file that is no snapshot.
 */
export async function checkSnapshotFile(specFile: string, snapshotFile: string, options: CheckOptions, deps: AppDeps): Promise<CheckResult> {
  if (options.fix !== undefined) throw new UsageError('--fix needs the database itself: run it against --url, not --from-snapshot')
  if (options.tenants?.query !== undefined) throw new UsageError('--tenants-from-query reads the database itself: run it against --url, not --from-snapshot')
  const spec = await loadExpectedSchema(specFile, options, deps)
  const snapshot = await loadSpec(snapshotFile, { readFile: deps.readFile })
  const schemas = selectSchemas(spec, options.schemas, options.tenants)
  const source: CheckedSource = {
    displayTarget: `snapshot ${snapshotFile}`,
    introspect: async (introspectOptions) => {
      const userSchemas = snapshot.spec.recorded?.server.userSchemas ?? []
      const noDatabase = (): Promise<never> => Promise.reject(new UsageError('a snapshot file holds no rows to query'))
      const read = (await introspectOptions.selectSchemas?.(userSchemas, noDatabase)) ?? introspectOptions.schemas ?? schemas
      return observationOf(snapshot, { schemas: read, isHealthRead: introspectOptions.readSequenceHealth === true })
    },
  }
  return checkSource(source, () => Promise.resolve(spec), schemas, { ...options, now: options.now ?? deps.now })
}

/** verify()'s options: where the spec is, where the database is, and the check's options. */
export interface VerifyOptions extends CheckOptions {
  readonly specPath: string
  readonly url?: string
  /** Default process.env. */
  readonly env?: NodeJS.ProcessEnv
  readonly connectTimeoutMs?: number
  readonly onWarning?: (message: string) => void
}

/**
 * Loads the spec, connects, checks, disconnects, and throws the UserError of a target that
 * failed. Kept for callers of the first API; checkTarget returns the failure instead.
 */
export async function verify(options: VerifyOptions): Promise<CheckResult> {
  const deps = defaultDeps({ env: options.env, onWarning: options.onWarning, now: options.now })
  const spec = await loadExpectedSchema(options.specPath, options, deps)
  const outcome = await checkTarget(spec, options.url, options, deps)
  if (outcome.kind === 'failed') throw outcome.error
  const { report, server, queryCount, attempts, timings } = outcome
  return { report, server, queryCount, attempts, timings }
}

/**
 * A `--tenant-schemas` check: which schemas it reads (the spec's shared schemas and the tenants,
 * picked inside the snapshot from the schemas the server lists), and the models it compares.
 */
class Tenancy {
  private readonly template: string
  private readonly shared: readonly string[]
  private tenants: readonly string[] = []
  private userSchemas: readonly string[] = []

  constructor(
    private readonly options: TenantOptions,
    specSchemas: readonly string[],
  ) {
    this.template = options.template ?? 'public'
    this.shared = specSchemas.filter((schema) => schema !== this.template)
  }

  /**
   * The schemas to read: the shared ones and every tenant (a shared schema the pattern matches is
   * no tenant), with the ones the registry query lists (--tenants-from-query), existing or not.
   */
  async select(userSchemas: readonly string[], read: SnapshotRead): Promise<string[]> {
    this.userSchemas = userSchemas
    const matched = matchTenantSchemas(userSchemas, this.options.pattern)
    const listed = this.options.query === undefined ? [] : await registeredTenants(this.options.query, read)
    const listedShared = listed.filter((schema) => this.shared.includes(schema) || schema === this.template)
    if (listedShared.length > 0) {
      throw new UsageError(`--tenants-from-query lists ${listedShared.join(', ')}, which the spec describes itself: a tenant is a copy of ${this.template}`)
    }
    this.tenants = [...new Set([...matched, ...listed])].filter((schema) => !this.shared.includes(schema)).sort(compareText)
    return [...this.shared, ...this.tenants]
  }

  /** The schemas checked; none matched is a usage error: "checked 0 tenants" must not pass. */
  checkedSchemas(database: string): string[] {
    if (this.tenants.length === 0) {
      const has =
        this.userSchemas.length === 0
          ? 'no user schema'
          : `${this.userSchemas.slice(0, 10).join(', ')}${this.userSchemas.length > 10 ? ` and ${this.userSchemas.length - 10} more` : ''}`
      throw new UsageError(`--tenant-schemas "${this.options.pattern}" matches no schema in ${database} (it has ${has})`)
    }
    return [...this.shared, ...this.tenants]
  }

  expected(specModel: SchemaModel): SchemaModel {
    return tenantModel(specModel, this.template, this.tenants)
  }

  /** The database as the tenant comparison reads it: only the checked schemas listed. */
  actual(model: SchemaModel): SchemaModel {
    const checked = new Set([...this.shared, ...this.tenants])
    return { ...model, ...(model.schemas !== undefined && { schemas: model.schemas.filter((schema) => checked.has(schema)) }) }
  }

  reportInputs(): TenantReportInputs {
    return { pattern: this.options.pattern, template: this.template, schemas: this.tenants }
  }
}

/** The proof as the report tells it: findings by code and object, failures without their objects. */
function proofReport(proof: FixProof): FixProofReport {
  return {
    converged: proof.converged,
    idempotent: proof.idempotent,
    remaining: proof.remaining.map((f) => ({ code: f.code, subject: f.subject })),
    stubbed: proof.stubbed,
    failures: proof.failures.map((f) => ({ stage: f.stage, ...(f.statement !== undefined && { statement: f.statement }), message: f.message })),
    engine: proof.engine,
    engineVersion: proof.engineVersion,
    ms: proof.ms,
  }
}

/** Findings with the identity of one a suppression rule ignores (the copy's findings are other objects). */
function isIgnoredBy(gate: GatedFindings): (f: Finding) => boolean {
  const ignored = new Set(gate.suppressed.filter((s) => s.by.kind === 'rule').map((s) => identityKey(identityOf(s.finding))))
  return (f) => ignored.has(identityKey(identityOf(f)))
}

/**
 * The first column of every row `--tenants-from-query` returns: the tenant schemas that must
 * exist. The user's query runs inside the check's snapshot, so it is held to being one query
 * (asSubquery) and runs inside a savepoint rolled back at once: a set_config() of search_path or
 * statement_timeout must not change the catalog reads that follow.
 */
async function registeredTenants(query: string, read: SnapshotRead): Promise<string[]> {
  let rows: Record<string, unknown>[]
  await read('SAVEPOINT verify_database_tenants')
  try {
    rows = await read(asSubquery(query, 'registry (schema_name)'), [true])
  } catch (error) {
    // A lost connection or a denied read stays what it is (exit 3), and a bug of ours exit 4; an
    // error the server gave for the query (it has a SQLSTATE) is bad input (exit 2).
    if (error instanceof UserError || !hasSqlState(error)) throw error
    throw new UsageError(`--tenants-from-query: ${error instanceof Error ? error.message : String(error)}`)
  }
  await read('ROLLBACK TO SAVEPOINT verify_database_tenants')
  return rows.map((row, i) => {
    const value = row['schema_name']
    if (typeof value !== 'string' || value === '') {
      throw new UsageError(`--tenants-from-query: row ${i + 1} gives ${JSON.stringify(value ?? null)}; its first column must name a schema`)
    }
    return value
  })
}
