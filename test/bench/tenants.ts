/**
 * Tenant schemas in `npm run bench`: 1,000 copies of the time-tracking app's schema (the 9 tables
 * of the shipped expected-schema.json) in one database of the test server, `tenant_0001` to
 * `tenant_1000`, three of them drifted. Times `check --tenant-schemas 'tenant_*'` as a user runs
 * it (a new node process: wall time, peak RSS, statements sent) next to the same check of one
 * tenant, whose statement count it must equal. Never asserts a time.
 */
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { checkDatabase } from '../../src/app/check.js'
import { openDatabase } from '../../src/introspect/open-database.js'
import { scriptOf } from '../../src/fix/fix-script.js'
import { loadSpec } from '../../src/spec/load-spec.js'
import { serverAdminUrl, withDatabase } from '../support/databases.js'
import { floorNode, measure, summary, type Sample } from './scale.js'

const BIN = fileURLToPath(new URL('../../../bin/verify-database.js', import.meta.url))
const SHIPPED_SPEC = fileURLToPath(new URL('../../../expected-schema.json', import.meta.url))
const TENANTS = Number(process.env.BENCH_TENANTS ?? 1000)

/** The shipped spec's schema as DDL: the repair plan of an empty database, in an in-memory PGlite. */
export async function applicationDdl(): Promise<string> {
  const session = await openDatabase('pglite:memory', { env: {} })
  try {
    const spec = await loadSpec(SHIPPED_SPEC)
    const result = await checkDatabase(session, spec, { fix: { allowDestructive: true, concurrently: false, notValid: false } })
    const plan = result.fix?.plan
    if (plan === undefined) throw new Error('no plan for the empty database')
    return scriptOf(plan)
      .map((s) => s.sql)
      .filter((sql) => !/^(BEGIN|COMMIT|SET LOCAL)/.test(sql))
      .join(';\n')
  } finally {
    await session.close()
  }
}

export async function benchTenants(runs: number): Promise<void> {
  const adminUrl = await serverAdminUrl()
  const database = `vdb_bench_tenants_${TENANTS}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  await admin.query(`CREATE DATABASE ${database}`)
  await admin.end()
  const url = withDatabase(adminUrl, database)
  const ddl = await applicationDdl()
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  const loadStarted = performance.now()
  try {
    for (let i = 1; i <= TENANTS; i++) {
      const schema = `tenant_${String(i).padStart(4, '0')}`
      // The plan qualifies every name with public: each tenant gets its own copy.
      await client.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}; ${ddl.replaceAll('public.', `${schema}.`)}; RESET search_path`)
    }
    const name = (i: number): string => `tenant_${String(Math.max(1, Math.min(TENANTS, i))).padStart(4, '0')}`
    await client.query(`
      ALTER TABLE ${name(2)}.time_entries DROP COLUMN notes;
      DROP INDEX ${name(Math.ceil(TENANTS / 2))}.idx_time_entries_start_time;
      ALTER TABLE ${name(TENANTS - 1)}.users ALTER COLUMN username TYPE varchar(64);`)
  } finally {
    await client.end()
  }
  const loadMs = performance.now() - loadStarted
  const all: Sample[] = []
  const one: Sample[] = []
  const floor: Sample[] = []
  const floorScript = floorNode()
  for (let i = 0; i < runs; i++) {
    all.push(measure(BIN, ['check', '--spec', SHIPPED_SPEC, '--url', url, '--tenant-schemas', 'tenant_*', '--format', 'json'], [1]))
    one.push(measure(BIN, ['check', '--spec', SHIPPED_SPEC, '--url', url, '--tenant-schemas', 'tenant_0001', '--format', 'json'], [0]))
    if (floorScript !== undefined) floor.push(measure(floorScript, [url]))
  }
  // In process, split as check times it: reading the catalog, then building the tenants' model and comparing.
  const session = await openDatabase(url, { env: {} })
  const spec = await loadSpec(SHIPPED_SPEC)
  const split = { introspect: [] as number[], compare: [] as number[] }
  try {
    for (let i = 0; i < runs; i++) {
      const result = await checkDatabase(session, spec, { tenants: { pattern: 'tenant_*' } })
      split.introspect.push(result.timings.introspectMs)
      split.compare.push(result.timings.compareMs)
    }
  } finally {
    await session.close()
  }
  const cells = (s: Sample): string => `${s.ms.toFixed(0).padStart(6)} ms  ${(s.maxRssKb / 1024).toFixed(0).padStart(4)} MB  ${s.statements} statements`
  console.log(`\nTenant schemas: ${TENANTS} × the time-tracking app's 9 tables in one database (loaded in ${(loadMs / 1000).toFixed(0)} s; median of ${runs})`)
  console.log(`  check --tenant-schemas 'tenant_*' (${TENANTS} tenants, 3 drifted)  ${cells(summary(all))}`)
  console.log(`  check --tenant-schemas 'tenant_0001' (1 tenant)                ${cells(summary(one))}`)
  if (floor.length > 0) console.log(`  floor: the bare catalog reads of the database (floor-node)     ${cells(summary(floor))}`)
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN
  console.log(`  in process: catalog read ${median(split.introspect).toFixed(0)} ms, tenant model + comparison ${median(split.compare).toFixed(0)} ms`)
  const admin2 = new pg.Client({ connectionString: adminUrl })
  await admin2.connect()
  await admin2.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)
  await admin2.end()
}
