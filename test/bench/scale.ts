/**
 * The size series of `npm run bench`: the schemas ../shared/bench/gen-schema.mjs generates at 10,
 * 1,000 and 10,000 tables (BENCH_SIZES), loaded once into a server, then for each size `check`
 * (against the database's own snapshot, so every object is compared) and `snapshot`, each run as a
 * user runs it (a new node process), alternated with ../shared/bench/floor-node.mjs (the bare
 * catalog reads through node-postgres) in the same process tree. Prints the median wall time,
 * peak RSS and statements sent of each, and the ratio to the floor. Never asserts a time.
 *
 * The server: BENCH_DATABASE_URL (a superuser URL; the databases vdb_bench_s<N> it gets are kept
 * and reused while the generator's output is unchanged), else the embedded PostgreSQL 17 of the
 * tests (generated anew on each run: about 3 minutes for s10k).
 */
import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { repositoryRoot } from '../support/corpus.js'
import { serverAdminUrl, withDatabase } from '../support/databases.js'
import { readMeasurement } from './measure-line.js'

const BIN = fileURLToPath(new URL('../../../bin/verify-database.js', import.meta.url))
const MEASURE_HOOK = new URL('./measure-child.js', import.meta.url).href
const SEED = '42'

/** One timed run of a process. */
export interface Sample {
  readonly ms: number
  readonly maxRssKb: number
  readonly statements: number
}

/** Where ../shared/bench is, or why it is not there. */
function sharedBenchDir(): string | undefined {
  const dir = resolve(repositoryRoot(), '..', 'shared', 'bench')
  return existsSync(join(dir, 'gen-schema.mjs')) && existsSync(join(dir, 'floor-node.mjs')) ? dir : undefined
}

/** A copy of ../shared/bench/floor-node.mjs inside the repository (it imports pg: ours resolves there), if there is one to copy. */
export function floorNode(): string | undefined {
  const benchDir = sharedBenchDir()
  if (benchDir === undefined) return undefined
  const floorDir = join(repositoryRoot(), 'dist', 'bench-floor')
  mkdirSync(floorDir, { recursive: true })
  for (const file of ['floor-node.mjs', 'floor.sql']) copyFileSync(join(benchDir, file), join(floorDir, file))
  return join(floorDir, 'floor-node.mjs')
}

function sizeLabel(tables: number): string {
  return tables >= 1000 ? `s${tables / 1000}k` : `s${tables}`
}

/** Runs a node script with the measuring hook; exit codes in `okExitCodes` are normal outcomes. */
export function measure(script: string, args: readonly string[], okExitCodes: readonly number[] = [0]): Sample {
  const started = performance.now()
  const result = spawnSync(process.execPath, ['--import', MEASURE_HOOK, script, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NO_COLOR: '1' },
    maxBuffer: 64 * 1024 * 1024,
  })
  const ms = performance.now() - started
  const stderr = result.stderr.toString()
  if (result.status === null || !okExitCodes.includes(result.status)) {
    throw new Error(`${script} ${args.join(' ')} exited with ${result.status ?? result.signal}: ${stderr.slice(0, 2000)}`)
  }
  const measurement = readMeasurement(stderr)
  if (measurement === undefined) throw new Error(`${script} printed no measurement: ${stderr.slice(0, 2000)}`)
  return { ms, ...measurement }
}

/**
 * The generated schema in database vdb_bench_s<N>: created and loaded unless a database of that
 * name already holds this exact output of the generator (its comment records a hash of it).
 */
async function ensureBenchDatabase(adminUrl: string, benchDir: string, tables: number): Promise<string> {
  const database = `vdb_bench_${sizeLabel(tables)}`
  const generated = spawnSync(process.execPath, [join(benchDir, 'gen-schema.mjs'), '--tables', String(tables), '--seed', SEED], {
    maxBuffer: 512 * 1024 * 1024,
  })
  if (generated.status !== 0) throw new Error(`gen-schema.mjs failed: ${generated.stderr.toString()}`)
  const sql = generated.stdout.toString()
  const marker = `gen-schema.mjs --tables ${tables} --seed ${SEED} sha256:${createHash('sha256').update(sql).digest('hex').slice(0, 16)}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    const existing = await admin.query<{ comment: string | null }>(
      `SELECT pg_catalog.shobj_description(oid, 'pg_database') AS comment FROM pg_catalog.pg_database WHERE datname = $1`,
      [database],
    )
    if (existing.rows[0]?.comment === marker) return withDatabase(adminUrl, database)
    if (existing.rows.length > 0) await admin.query(`DROP DATABASE ${database}`)
    await admin.query(`CREATE DATABASE ${database}`)
    const started = performance.now()
    const target = new pg.Client({ connectionString: withDatabase(adminUrl, database) })
    await target.connect()
    try {
      // The generator writes one statement per CREATE TABLE block after a short preamble with the
      // one dollar-quoted function body; batches of whole blocks go as multi-statement queries.
      const blocks = sql.split(/\n(?=CREATE TABLE )/)
      for (let i = 0; i < blocks.length; i += 200) await target.query(blocks.slice(i, i + 200).join('\n'))
      await target.query('VACUUM ANALYZE')
    } finally {
      await target.end()
    }
    await admin.query(`COMMENT ON DATABASE ${database} IS '${marker}'`)
    console.log(`  loaded ${sizeLabel(tables)} (${tables} tables) in ${((performance.now() - started) / 1000).toFixed(1)} s`)
    return withDatabase(adminUrl, database)
  } finally {
    await admin.end()
  }
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)] ?? NaN
}

export function summary(samples: readonly Sample[]): Sample {
  return { ms: median(samples.map((s) => s.ms)), maxRssKb: median(samples.map((s) => s.maxRssKb)), statements: median(samples.map((s) => s.statements)) }
}

function cells(sample: Sample, floor?: Sample): string {
  const seconds = `${(sample.ms / 1000).toFixed(2)} s`.padStart(8)
  const rss = `${Math.round(sample.maxRssKb / 1024)} MB`.padStart(7)
  const statements = String(sample.statements).padStart(3)
  // The floor's own cells have no ratio: padded as wide as the header.
  const ratio = floor === undefined ? '  ' : `  ${(sample.ms / floor.ms).toFixed(2)}×`.padEnd(8)
  return `${seconds} ${rss} ${statements}${ratio}`
}

/** The series; prints why it was skipped when ../shared/bench is not there. */
export async function benchSizeSeries(runs: number): Promise<void> {
  const benchDir = sharedBenchDir()
  if (benchDir === undefined) {
    console.log(`\nSize series skipped: ../shared/bench (gen-schema.mjs, floor-node.mjs) not found next to the repository`)
    return
  }
  const sizes = (process.env['BENCH_SIZES'] ?? '10,1000,10000')
    .split(',')
    .map(Number)
    .filter((n) => Number.isInteger(n) && n > 0)
  if (sizes.length === 0) {
    console.log('\nSize series skipped: BENCH_SIZES names no size')
    return
  }
  const adminUrl = process.env['BENCH_DATABASE_URL'] ?? (await serverAdminUrl())
  const work = mkdtempSync(join(tmpdir(), 'vdb-bench-series-'))
  const floorScript = floorNode() ?? join(benchDir, 'floor-node.mjs')

  console.log(`\nSize series (${runs} runs each, alternated; median wall time with node start, peak RSS, statements sent)`)
  const rows: string[] = []
  try {
    for (const tables of sizes) {
      const url = await ensureBenchDatabase(adminUrl, benchDir, tables)
      const label = sizeLabel(tables)
      const specFile = join(work, `${label}.json`)
      const snapshotArgs = ['snapshot', '--url', url, '--out', specFile]
      // The first snapshot is the spec every check reads: the database against itself.
      measure(BIN, snapshotArgs)
      const specMb = readFileSync(specFile).length / 1024 / 1024
      const floor: Sample[] = []
      const check: Sample[] = []
      const snapshot: Sample[] = []
      for (let run = 0; run < runs; run++) {
        floor.push(measure(floorScript, [url]))
        check.push(measure(BIN, ['check', '--url', url, '--spec', specFile, '--format', 'json']))
        snapshot.push(measure(BIN, [...snapshotArgs.slice(0, -1), join(work, `${label}-again.json`)]))
      }
      const floorMedian = summary(floor)
      rows.push(
        `${label.padEnd(5)} ${String(tables).padStart(6)} ${specMb.toFixed(1).padStart(6)} MB │ ${cells(floorMedian)}│ ${cells(summary(check), floorMedian)}│ ${cells(summary(snapshot), floorMedian)}`,
      )
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
  console.log(`size  tables      spec │ floor-node             │ check                          │ snapshot`)
  console.log(`                       │     wall     RSS  stm  │     wall     RSS  stm  ratio   │     wall     RSS  stm  ratio`)
  for (const row of rows) console.log(row)
}
