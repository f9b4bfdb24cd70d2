/**
 * Fleets in `npm run bench`: 50 databases of the time-tracking app (the shipped spec's 9 tables)
 * on one local server, `fleet --concurrency 1`, `4` and `8` as a user runs it (a new node
 * process): wall time, peak RSS and statements sent. Never asserts a time.
 */
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { serverAdminUrl, withDatabase } from '../support/databases.js'
import { measure, summary, type Sample } from './scale.js'
import { applicationDdl } from './tenants.js'

const BIN = fileURLToPath(new URL('../../../bin/verify-database.js', import.meta.url))
const SHIPPED_SPEC = fileURLToPath(new URL('../../../expected-schema.json', import.meta.url))
const DATABASES = Number(process.env.BENCH_FLEET ?? 50)

export async function benchFleet(runs: number): Promise<void> {
  const adminUrl = await serverAdminUrl()
  const ddl = await applicationDdl()
  const names = Array.from({ length: DATABASES }, (_, i) => `vdb_bench_fleet_${i}`)
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    for (const name of names) {
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      await admin.query(`CREATE DATABASE ${name}`)
      const client = new pg.Client({ connectionString: withDatabase(adminUrl, name) })
      await client.connect()
      await client.query(ddl)
      await client.end()
    }
    const dir = mkdtempSync(join(tmpdir(), 'vdb-bench-fleet-'))
    const targets = join(dir, 'targets.txt')
    writeFileSync(targets, names.map((name) => withDatabase(adminUrl, name)).join('\n'))
    console.log(`\nFleet: ${DATABASES} databases of the time-tracking app on one local server (median of ${runs})`)
    for (const concurrency of [1, 4, 8]) {
      const samples: Sample[] = []
      for (let i = 0; i < runs; i++)
        samples.push(measure(BIN, ['fleet', '--targets', targets, '--spec', SHIPPED_SPEC, '--format', 'json', '--concurrency', String(concurrency)], [0, 1]))
      const s = summary(samples)
      console.log(
        `  fleet --concurrency ${String(concurrency).padEnd(2)}  ${s.ms.toFixed(0).padStart(6)} ms  ${(s.maxRssKb / 1024).toFixed(0).padStart(4)} MB  ${s.statements} statements`,
      )
    }
  } finally {
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
    await admin.end()
  }
}
