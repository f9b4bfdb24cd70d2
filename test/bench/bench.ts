/**
 * Benchmark: prints wall times, never asserts them. Run with `npm run bench` (after `npm run build`).
 *
 * Measures, on the real server engine (TEST_DATABASE_URL or embedded PostgreSQL 17) and on PGlite:
 * - `verify-database demo` end to end (a child process, as a user runs it);
 * - `check` of the TimeTracker HEAD dump (138 tables) against its own snapshot (every object
 *   compared) and against the shipped expected-schema.json, end to end and split into
 *   introspection / comparison, plus the number of catalog queries; and the dump itself as an
 *   SQL spec (run in a fresh PGlite and snapshotted), in process and end to end.
 * - the size series (./scale.ts): check and snapshot of generated schemas of 10, 1,000 and 10,000
 *   tables next to the bare catalog reads (floor-node), with peak RSS and statements sent.
 * Needs ../shared/corpus for the TimeTracker dump and ../shared/bench for the series; each part
 * says when it is skipped. BENCH_ONLY=series runs only the size series, BENCH_ONLY=timetracker only the
 * TimeTracker HEAD part, BENCH_ONLY=tenants only the tenant schemas (./tenants.ts: 1,000 tenants
 * of the time-tracking app in one database), BENCH_ONLY=fleet only the fleet (./fleet.ts: 50
 * databases, --concurrency 1, 4 and 8).
 */
import { execFileSync } from 'node:child_process'
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { introspectDatabase } from '../../src/introspect/introspect-database.js'
import { canonicalExpression } from '../../src/model/canonical-expression.js'
import { loadSpec } from '../../src/spec/load-spec.js'
import { modelToSpec, renderSpecJson } from '../../src/snapshot/model-to-spec.js'
import { checkDatabase } from '../../src/app/check.js'
import { corpusAvailable, corpusDir, corpusMissingReason, findCorpus, loadCorpus } from '../support/corpus.js'
import { defaultDeps } from '../../src/app/deps.js'
import { expectedSchemaOfText } from '../../src/app/expected-schema.js'
import { ENGINES, stopTestDatabases, type Engine } from '../support/databases.js'
import { benchSizeSeries } from './scale.js'
import { benchTenants } from './tenants.js'
import { benchFleet } from './fleet.js'

const BIN = fileURLToPath(new URL('../../../bin/verify-database.js', import.meta.url))
const SHIPPED_SPEC = fileURLToPath(new URL('../../../expected-schema.json', import.meta.url))
const RUNS = Number(process.env.BENCH_RUNS ?? 5)

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

function timeCli(args: string[]): number {
  const started = performance.now()
  try {
    execFileSync(process.execPath, [BIN, ...args], { stdio: 'ignore', env: { ...process.env, NO_COLOR: '1' } })
  } catch (error) {
    // Exit code 1 (drift) is a normal outcome here; anything else is not.
    if ((error as { status?: number }).status !== 1) throw error
  }
  return performance.now() - started
}

function line(label: string, ms: number, extra = ''): void {
  console.log(`${label.padEnd(62)} ${ms.toFixed(0).padStart(7)} ms${extra ? `  ${extra}` : ''}`)
}

async function benchTimetrackerHead(engine: Engine, dir: string): Promise<void> {
  const db = await engine.createDatabase()
  try {
    await loadCorpus(db.session, 'timetracker-head')
    const { model, queryCount } = await introspectDatabase(db.session)
    const snapshotFile = join(dir, `head-${engine.name}.json`)
    await writeFile(snapshotFile, renderSpecJson(modelToSpec(model)))
    const snapshot = await loadSpec(snapshotFile)
    const shipped = await loadSpec(SHIPPED_SPEC)

    const inProcess = { introspect: [] as number[], compare: [] as number[], total: [] as number[] }
    let findings = 0
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now()
      const result = await checkDatabase(db.session, snapshot)
      inProcess.total.push(performance.now() - started)
      inProcess.introspect.push(result.timings.introspectMs)
      inProcess.compare.push(result.timings.compareMs)
      findings = result.report.findings.length
    }
    const shippedResult = await checkDatabase(db.session, shipped)
    await db.release()

    const tables = model.tables.length
    console.log(`\nTimeTracker HEAD dump on ${engine.name} (${tables} tables, ${queryCount} catalog queries per check)`)
    line('  in-process check vs own snapshot: introspection', median(inProcess.introspect))
    line('  in-process check vs own snapshot: comparison', median(inProcess.compare))
    line('  in-process check vs own snapshot: total', median(inProcess.total), `(${findings} findings)`)
    line(
      '  in-process check vs shipped expected-schema.json: total',
      shippedResult.timings.introspectMs + shippedResult.timings.compareMs,
      `(${shippedResult.report.findings.length} findings)`,
    )
    const cli = Array.from({ length: RUNS }, () => timeCli(['check', '--spec', snapshotFile, '--url', db.url, '--format', 'json']))
    line(
      '  CLI `check --spec <snapshot>` end to end (node start included)',
      median(cli),
      `min ${Math.min(...cli).toFixed(0)} max ${Math.max(...cli).toFixed(0)}`,
    )
    // The SQL-DDL spec path: the dump itself as the spec, run in a fresh PGlite, then the check.
    const dumpFile = join(corpusDir(), findCorpus('timetracker-head').file)
    const dumpText = await readFile(dumpFile, 'utf8')
    const sqlLoad: number[] = []
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now()
      await expectedSchemaOfText(dumpFile, dumpText, {}, defaultDeps())
      sqlLoad.push(performance.now() - started)
    }
    line('  SQL spec: the dump (138 tables) run in PGlite and snapshotted', median(sqlLoad))
    const sqlCli = Array.from({ length: RUNS }, () => timeCli(['check', '--spec', dumpFile, '--url', db.url, '--format', 'json']))
    line(
      '  CLI `check --spec <the dump>.sql` end to end (node start included)',
      median(sqlCli),
      `min ${Math.min(...sqlCli).toFixed(0)} max ${Math.max(...sqlCli).toFixed(0)}`,
    )
  } finally {
    await db.drop()
  }
}

/** Canonicaliser throughput (it runs on every default, check and index expression of both sides). */
function benchCanonicalExpression(): void {
  const inputs = [
    "(status)::text = ANY ((ARRAY['active'::character varying, 'archived'::character varying])::text[])",
    'budget >= 0 AND budget <= 1000000',
    'lower((email)::text)',
    'now()',
    "nextval('tasks_id_seq'::regclass)",
    'CASE WHEN a IS NULL THEN 0 ELSE a * 2 END',
    'x BETWEEN 1 AND 10',
    '(a + b) * c - d / e',
  ]
  for (const input of inputs) canonicalExpression(input)
  const started = performance.now()
  for (let i = 0; i < 10_000; i++) canonicalExpression(inputs[i % inputs.length] as string)
  line('\ncanonicalExpression: 10,000 expressions in process', performance.now() - started)
}

async function main(): Promise<void> {
  console.log(`verify-database benchmark: median of ${RUNS} runs, node ${process.version}`)
  if (process.env['BENCH_ONLY'] === 'series') return benchSizeSeries(RUNS)
  if (process.env['BENCH_ONLY'] === 'tenants') return benchTenants(RUNS)
  if (process.env['BENCH_ONLY'] === 'fleet') return benchFleet(RUNS)
  if (process.env['BENCH_ONLY'] === 'timetracker') {
    if (!corpusAvailable()) return console.log(`TimeTracker HEAD benchmark skipped: ${corpusMissingReason()}`)
    const dir = await mkdtemp(join(tmpdir(), 'vdb-bench-'))
    for (const engine of [...ENGINES].reverse()) await benchTimetrackerHead(engine, dir)
    return
  }
  benchCanonicalExpression()
  const demo = Array.from({ length: RUNS }, () => timeCli(['demo', '--format', 'json']))
  line(
    '\n`verify-database demo` end to end (PGlite start + load + check)',
    median(demo),
    `min ${Math.min(...demo).toFixed(0)} max ${Math.max(...demo).toFixed(0)}`,
  )
  if (!corpusAvailable()) {
    console.log(`TimeTracker HEAD benchmark skipped: ${corpusMissingReason()}`)
    return benchSizeSeries(RUNS)
  }
  const dir = await mkdtemp(join(tmpdir(), 'vdb-bench-'))
  for (const engine of [...ENGINES].reverse()) await benchTimetrackerHead(engine, dir)
  await benchSizeSeries(RUNS)
  await benchTenants(RUNS)
  await benchFleet(RUNS)
}

try {
  await main()
} finally {
  await stopTestDatabases()
}
