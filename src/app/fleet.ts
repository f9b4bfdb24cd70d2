/**
 * Fleets: many databases checked in one run (`verify-database fleet`). The targets come from a
 * targets file (JSON validated by schema/targets.schema.json, or a plain list of URLs) or from a
 * query on a catalog database; `--shard I/N` keeps the I-th of N stable slices of them; a bounded
 * pool checks them (`--concurrency`), going on past each that cannot be checked. Every target's
 * outcome becomes one row of the fleet report (report/fleet-report.ts), with its whole report.
 */
import { createHash } from 'node:crypto'
import { UsageError, UserError, ExitCode } from '../errors.js'
import { connectionSecrets, redact } from '../redact.js'
import { renderJson } from '../report/render-json.js'
import type { FleetReport, FleetTargetResult, Shard } from '../report/fleet-report.js'
import { exitCodeOfFleet, orderTargets } from '../report/fleet-report.js'
import type { LoadedSpec } from '../spec/load-spec.js'
import { TOOL_NAME, TOOL_VERSION } from '../version.js'
import { checkTarget, type CheckTargetOptions, type TenantOptions } from './check.js'
import type { AppDeps } from './deps.js'
import { loadExpectedSchema } from './expected-schema.js'
import { asSubquery, hasSqlState, requireOneStatement } from './one-statement.js'
import { displayTargetOf, withTargetSession } from './target-session.js'

/** One database of the fleet, as a targets file names it. */
export interface FleetTarget {
  /** Unique in the fleet: what the matrix shows and the shard is computed from. */
  readonly name: string
  /** postgres://user@host/db (no password: see passwordEnv), a conninfo string, or pglite:… */
  readonly url?: string
  /** The environment variable holding the whole URL instead (it may hold a password). */
  readonly urlEnv?: string
  /** The environment variable holding the password for `url`. */
  readonly passwordEnv?: string
  /** This target's spec instead of the run's `--spec`. */
  readonly spec?: string
  /** Check tenant schemas: `--tenant-schemas` for this target. */
  readonly tenantSchemas?: string
  readonly templateSchema?: string
  /** With tenantSchemas: the tenants that must exist, as `--tenants-from-query`. */
  readonly tenantsFromQuery?: string
}

export interface FleetOptions extends Omit<CheckTargetOptions, 'tenants'> {
  /** The run's spec (`--spec`): the targets that name none are checked against it. */
  readonly spec: string
  /** At most this many targets are checked at once (each holds one connection). */
  readonly concurrency: number
  readonly shard?: Shard
  /** Told each finished target, in the order they finish (progress). */
  readonly onTargetDone?: (result: FleetTargetResult, done: number, total: number) => void
  /** Told once the targets are known (after sharding). */
  readonly onStart?: (total: number) => void
}

/** The targets of `shard`: each target's slice is the one whose hash with its name ranks highest (rendezvous hashing). */
export function targetsOfShard<T extends { readonly name: string }>(targets: readonly T[], shard: Shard | undefined): T[] {
  if (shard === undefined) return [...targets]
  return targets.filter((t) => shardOf(t.name, shard.total) === shard.index)
}

/**
 * The slice (1..total) of a target name. Rendezvous hashing: the name's score with each slice,
 * highest wins. Adding or removing a target moves no other; going from N to N+1 slices moves only
 * the targets the new slice wins (about 1 in N+1).
 */
export function shardOf(name: string, total: number): number {
  let best = 1
  let bestScore = -1n
  for (let index = 1; index <= total; index++) {
    const score = createHash('sha256').update(`${index}\u0000${name}`).digest().readBigUInt64BE(0)
    if (score > bestScore) {
      bestScore = score
      best = index
    }
  }
  return best
}

/**
 * `--shard I/N`, or the shard an orchestrator gives through the environment: Kubernetes Indexed
 * Jobs (JOB_COMPLETION_INDEX from 0, with JOB_COMPLETIONS) or GitLab parallel jobs (CI_NODE_INDEX
 * from 1, with CI_NODE_TOTAL). The flag wins. A malformed value is a usage error.
 */
export function parseShard(flag: string | undefined, env: NodeJS.ProcessEnv): Shard | undefined {
  return shardAndSource(flag, env)?.shard
}

/** parseShard, and where the shard came from (`--shard`, or the variables that gave it), for the notice the CLI prints. */
export function shardAndSource(flag: string | undefined, env: NodeJS.ProcessEnv): { readonly shard: Shard; readonly source: string } | undefined {
  const shard = readShard(flag, env)
  if (shard === undefined) return undefined
  const source =
    flag !== undefined
      ? '--shard'
      : env['JOB_COMPLETION_INDEX'] !== undefined && env['JOB_COMPLETION_INDEX'] !== ''
        ? 'JOB_COMPLETION_INDEX/JOB_COMPLETIONS'
        : 'CI_NODE_INDEX/CI_NODE_TOTAL'
  return { shard, source }
}

function readShard(flag: string | undefined, env: NodeJS.ProcessEnv): Shard | undefined {
  if (flag !== undefined) {
    const match = /^(\d+)\/(\d+)$/.exec(flag.trim())
    if (match === null) throw new UsageError(`--shard "${flag}": expected I/N, e.g. 2/4 (the second of four slices)`)
    return checkedShard(Number(match[1]), Number(match[2]), `--shard ${flag}`)
  }
  const k8sIndex = env['JOB_COMPLETION_INDEX']
  const k8sTotal = env['JOB_COMPLETIONS']
  if (k8sIndex !== undefined && k8sIndex !== '' && (k8sTotal === undefined || k8sTotal === '')) {
    // Kubernetes sets only the index: without the total every pod would check every target.
    throw new UsageError('JOB_COMPLETION_INDEX is set but JOB_COMPLETIONS is not: set it to the Job’s completions (Kubernetes does not), or give --shard I/N')
  }
  if (k8sIndex !== undefined && k8sIndex !== '' && k8sTotal !== undefined && k8sTotal !== '') {
    return checkedShard(integerOf(k8sIndex, 'JOB_COMPLETION_INDEX') + 1, integerOf(k8sTotal, 'JOB_COMPLETIONS'), 'JOB_COMPLETION_INDEX/JOB_COMPLETIONS')
  }
  const ciIndex = env['CI_NODE_INDEX']
  const ciTotal = env['CI_NODE_TOTAL']
  if (ciIndex !== undefined && ciIndex !== '' && ciTotal !== undefined && ciTotal !== '') {
    return checkedShard(integerOf(ciIndex, 'CI_NODE_INDEX'), integerOf(ciTotal, 'CI_NODE_TOTAL'), 'CI_NODE_INDEX/CI_NODE_TOTAL')
  }
  return undefined
}

function integerOf(value: string, name: string): number {
  if (!/^\d+$/.test(value.trim())) throw new UsageError(`${name}="${value}": expected a whole number`)
  return Number(value.trim())
}

function checkedShard(index: number, total: number, source: string): Shard {
  if (total < 1 || index < 1 || index > total) throw new UsageError(`${source}: the shard must be from 1 to the number of shards (got ${index} of ${total})`)
  return { index, total }
}

/** Checks every target (of the shard) with at most `concurrency` at once; never throws for a target's own failure. */
export async function checkFleet(targets: readonly FleetTarget[], options: FleetOptions, deps: AppDeps): Promise<FleetReport> {
  const names = new Set<string>()
  for (const t of targets) {
    if (names.has(t.name)) throw new UsageError(`two targets are named "${t.name}": each name must be unique (it decides the shard)`)
    names.add(t.name)
  }
  // No target at all is a mistake (a query pointed at the wrong server, an empty file): "0 targets, all pass" must not open the gate.
  if (targets.length === 0) throw new UsageError('the fleet has no target: the targets file lists none, or --targets-from-query returned no row')
  const selected = targetsOfShard(targets, options.shard)
  options.onStart?.(selected.length)
  // Which targets the whole fleet has, so that merge can tell shards of one fleet from shards of different lists.
  const fleet = { size: targets.length, digest: fleetDigest(targets.map((t) => t.name)) }
  const started = performance.now()
  const specs = new Map<string, Promise<LoadedSpec>>()
  // One load per spec file, shared by the targets that use it; a spec that fails is each of its targets' failure.
  const specFor = (file: string): Promise<LoadedSpec> => {
    let loading = specs.get(file)
    if (loading === undefined) {
      loading = loadExpectedSchema(file, options, deps)
      loading.catch(() => undefined)
      specs.set(file, loading)
    }
    return loading
  }
  // The run's spec is everyone's who names none: a spec that cannot be loaded is the run's error (exit 2), not each target's.
  if (selected.some((t) => t.spec === undefined)) await specFor(options.spec)
  const results: FleetTargetResult[] = new Array<FleetTargetResult>(selected.length)
  let next = 0
  let done = 0
  // Our own bug in one target (not a UserError: checkOne turns those into the target's row) ends
  // the run, but only once the targets already being checked have finished and closed their
  // connections: no check goes on behind the exit.
  let bug: { error: unknown } | undefined
  const worker = async (): Promise<void> => {
    for (let i = next++; i < selected.length && bug === undefined; i = next++) {
      const target = selected[i] as FleetTarget
      try {
        const result = await checkOne(target, options, deps, specFor)
        results[i] = result
        options.onTargetDone?.(result, ++done, selected.length)
      } catch (error) {
        bug ??= { error }
      }
    }
  }
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency, selected.length)) }, worker))
  if (bug !== undefined) throw bug.error
  const summary = {
    targets: results.length,
    passed: results.filter((r) => r.status === 'pass').length,
    failed: results.filter((r) => r.status === 'fail').length,
    unchecked: results.filter((r) => r.status === 'error').length,
  }
  const report: Omit<FleetReport, 'exitCode'> = {
    formatVersion: 1,
    kind: 'fleet',
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    generatedAt: deps.now().toISOString(),
    ...(options.shard !== undefined && { shard: options.shard }),
    fleet,
    durationMs: Math.round(performance.now() - started),
    summary,
    targets: orderTargets(results),
  }
  return { ...report, exitCode: exitCodeOfFleet(results) }
}

async function checkOne(target: FleetTarget, options: FleetOptions, deps: AppDeps, specFor: (file: string) => Promise<LoadedSpec>): Promise<FleetTargetResult> {
  const started = performance.now()
  const env = { ...deps.env }
  let url = target.url
  const fail = (error: UserError, display: string): FleetTargetResult => ({
    name: target.name,
    target: display,
    status: 'error',
    exitCode: error.exitCode,
    error: redact(error.message, secretsOf(url, env, target)),
    summary: { error: 0, warning: 0, info: 0 },
    codes: [],
    ms: Math.round(performance.now() - started),
  })
  if (target.urlEnv !== undefined) {
    url = env[target.urlEnv]
    if (url === undefined || url === '')
      return fail(new UserError(`the environment variable ${target.urlEnv} (urlEnv) is not set`, ExitCode.usage), `$${target.urlEnv}`)
  }
  if (target.passwordEnv !== undefined) {
    const password = env[target.passwordEnv]
    if (password === undefined)
      return fail(new UserError(`the environment variable ${target.passwordEnv} (passwordEnv) is not set`, ExitCode.usage), displayTargetOf(url, {}))
    env['PGPASSWORD'] = password
  }
  const targetDeps: AppDeps = { ...deps, env }
  let spec: LoadedSpec
  try {
    spec = await specFor(target.spec ?? options.spec)
  } catch (error) {
    if (error instanceof UserError) return fail(error, displayTargetOf(url, {}))
    throw error
  }
  const tenants: TenantOptions | undefined =
    target.tenantSchemas === undefined
      ? undefined
      : {
          pattern: target.tenantSchemas,
          ...(target.templateSchema !== undefined && { template: target.templateSchema }),
          ...(target.tenantsFromQuery !== undefined && { query: target.tenantsFromQuery }),
        }
  let outcome
  try {
    outcome = await checkTarget(spec, url, { ...options, ...(tenants !== undefined && { tenants }) }, targetDeps)
  } catch (error) {
    // A --schema or template the spec lacks: this target's spec, this target's failure.
    if (error instanceof UserError) return fail(error, displayTargetOf(url, {}))
    throw error
  }
  if (outcome.kind === 'failed') return fail(outcome.error, outcome.target)
  const { report } = outcome
  return {
    name: target.name,
    target: outcome.target,
    status: report.status,
    exitCode: report.status === 'fail' ? ExitCode.drift : ExitCode.ok,
    summary: { ...report.summary },
    codes: topCodes(report.findings.map((f) => f.code)),
    ms: Math.round(performance.now() - started),
    report: JSON.parse(renderJson(report)) as Record<string, unknown>,
  }
}

/** sha256 of the sorted target names: equal for every shard of one fleet. */
export function fleetDigest(names: readonly string[]): string {
  return createHash('sha256')
    .update([...names].sort().join('\u0000'))
    .digest('hex')
}

/** The codes of the findings, most frequent first (then by name), at most five. */
function topCodes(codes: readonly string[]): string[] {
  const counts = new Map<string, number>()
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1)
  return [...counts]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 5)
    .map(([code]) => code)
}

function secretsOf(url: string | undefined, env: NodeJS.ProcessEnv, target: FleetTarget): (string | undefined)[] {
  return [...connectionSecrets(url), env['PGPASSWORD'], target.passwordEnv === undefined ? undefined : env[target.passwordEnv]]
}

/** Opens `url` read-only and lists the targets its query returns (`--targets-from-query`); see the README for the columns. */
export async function targetsFromQuery(url: string | undefined, sql: string, options: CheckTargetOptions, deps: AppDeps): Promise<FleetTarget[]> {
  requireOneStatement('--targets-from-query', sql)
  const outcome = await withTargetSession(url, options, deps, async (session) => {
    await session.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
    try {
      return await session.query<Record<string, unknown>>(asSubquery(sql, 'targets'), [true])
    } catch (error) {
      if (error instanceof UserError || !hasSqlState(error)) throw error
      throw new UsageError(`--targets-from-query: ${error instanceof Error ? error.message : String(error)}`)
    } finally {
      await session.query('ROLLBACK').catch(() => undefined)
    }
  })
  if (outcome.kind === 'failed') throw outcome.error
  return outcome.value.map((row, i) => targetOfRow(row, i, url))
}

/**
 * A row of `--targets-from-query`: a `url` column (and optionally `name`), or a `database` (or
 * `datname`) column, which names a database on the server of `--url`.
 */
function targetOfRow(row: Record<string, unknown>, i: number, catalogUrl: string | undefined): FleetTarget {
  const text = (key: string): string | undefined => (typeof row[key] === 'string' && row[key] !== '' ? row[key] : undefined)
  const url = text('url')
  const database = text('database') ?? text('datname')
  const name = text('name')
  if (url !== undefined) return { name: name ?? redact(url, connectionSecrets(url)), url }
  if (database !== undefined) {
    if (catalogUrl === undefined || !/^postgres(ql)?:\/\//.test(catalogUrl)) {
      throw new UsageError('--targets-from-query: a `database` column needs a postgres:// --url to take the server from')
    }
    const parsed = new URL(catalogUrl)
    parsed.pathname = `/${encodeURIComponent(database)}`
    return { name: name ?? database, url: parsed.toString() }
  }
  throw new UsageError(`--targets-from-query: row ${i + 1} has no \`url\`, \`database\` or \`datname\` column (columns: ${Object.keys(row).join(', ')})`)
}
