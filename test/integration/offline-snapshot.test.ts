/**
 * `check --from-snapshot`: a customer who cannot give access sends the file `snapshot` wrote, and
 * the offline check must say what the live one says. On every corpus database (each TimeTracker
 * dump with its Alembic revision): the same report against the time-tracking spec and against the
 * snapshot itself, plain and --strict; with `snapshot --health`, the same sequence findings; and
 * the refusals (a spec that is no snapshot, --health without recorded facts, --fix).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { checkDatabase, checkSnapshotFile, type CheckResult } from '../../src/app/check.js'
import { defaultDeps } from '../../src/app/deps.js'
import { snapshotSession } from '../../src/app/snapshot.js'
import { loadSpec } from '../../src/spec/load-spec.js'
import type { Report } from '../../src/report/report.js'
import { renderJson } from '../../src/report/render-json.js'
import { corpusAvailable, corpusMissingReason, listCorpora, loadCorpus, repositoryRoot } from '../support/corpus.js'
import { ENGINES, type TestDatabase } from '../support/databases.js'
import { runBin } from '../support/run-bin.js'

const SPEC_FILE = join(repositoryRoot(), 'expected-schema.json')
const pglite = ENGINES.find((e) => e.name === 'pglite')!
const deps = defaultDeps({ env: {}, now: () => new Date('2026-01-01T00:00:00.000Z') })

/** A report without what differs by nature between a live and an offline run: the target and the time taken. */
function comparable(report: Report): unknown {
  const document = JSON.parse(renderJson(report)) as Record<string, unknown>
  delete document['target']
  delete document['durationMs']
  return document
}

/** What `snapshot` writes, read through the test's own session (no second open of the database). */
async function snapshotOf(db: TestDatabase, directory: string, isHealthRead = false): Promise<string> {
  const outcome = await snapshotSession(db.session, { isHealthRead })
  const file = join(directory, `snapshot-${Math.random().toString(36).slice(2)}.json`)
  await writeFile(file, outcome.json)
  return file
}

async function live(spec: string, db: TestDatabase, options: { isStrict?: boolean; isHealthRead?: boolean }): Promise<CheckResult> {
  return checkDatabase(db.session, await loadSpec(spec), { ...options, now: deps.now })
}

describe('check --from-snapshot', function () {
  let directory: string
  before(async function () {
    directory = await mkdtemp(join(tmpdir(), 'vdb-offline-'))
  })
  after(async function () {
    await rm(directory, { recursive: true, force: true })
  })

  if (!corpusAvailable()) {
    it(`gives the live report offline on every corpus database (pending: ${corpusMissingReason()})`)
  } else {
    for (const corpus of listCorpora()) {
      it(`gives the live report offline: ${corpus.name}`, async function () {
        const db = await pglite.createDatabase()
        try {
          await loadCorpus(db.session, corpus.name)
          const snapshot = await snapshotOf(db, directory)
          for (const spec of [SPEC_FILE, snapshot]) {
            for (const isStrict of [false, true]) {
              const online = await live(spec, db, { isStrict })
              const offline = await checkSnapshotFile(spec, snapshot, { isStrict }, deps)
              expect(comparable(offline.report), `${spec === snapshot ? 'itself' : 'time-tracking spec'}, strict ${isStrict}`).to.deep.equal(
                comparable(online.report),
              )
              expect(offline.report.target.url).to.equal(`snapshot ${snapshot}`)
            }
          }
        } finally {
          await db.drop()
        }
      })
    }
  }

  describe('with the health facts, and what it refuses', function () {
    let db: TestDatabase
    before(async function () {
      db = await pglite.createDatabase()
      await db.session.exec(`CREATE TABLE users (id serial PRIMARY KEY, email text); INSERT INTO users (id, email) VALUES (1, 'a'), (7, 'b');`)
    })
    after(async function () {
      await db.drop()
    })

    it('reports sequences behind their data offline when the snapshot recorded them (snapshot --health)', async function () {
      const snapshot = await snapshotOf(db, directory, true)
      const online = await live(snapshot, db, { isHealthRead: true })
      const offline = await checkSnapshotFile(snapshot, snapshot, { isHealthRead: true }, deps)
      expect(offline.report.findings.map((f) => f.code)).to.deep.equal(['sequence.behind'])
      expect(comparable(offline.report)).to.deep.equal(comparable(online.report))
    })

    it('refuses --health from a snapshot without health facts, a file that is no snapshot, and --fix', async function () {
      const snapshot = await snapshotOf(db, directory)
      const refusal = (promise: Promise<unknown>): Promise<string> =>
        promise.then(
          () => 'no error',
          (error: Error & { exitCode?: number }) => `${error.exitCode ?? '?'} ${error.message}`,
        )
      expect(await refusal(checkSnapshotFile(snapshot, snapshot, { isHealthRead: true }, deps))).to.match(/^2 --health: .* holds no sequence facts/)
      expect(await refusal(checkSnapshotFile(snapshot, SPEC_FILE, {}, deps))).to.match(/^2 --from-snapshot .*expected-schema\.json: no "recorded" section/)
      expect(
        await refusal(checkSnapshotFile(snapshot, snapshot, { fix: { allowDestructive: false, concurrently: false, notValid: false, prove: false } }, deps)),
      ).to.match(/^2 --fix needs the database itself/)
    })

    it('on the command line: exit 1 for drift read from the file alone, exit 2 for a connection flag beside it', async function () {
      const snapshot = await snapshotOf(db, directory)
      const drifted = join(directory, 'drifted-spec.json')
      await writeFile(drifted, JSON.stringify({ schemas: { public: { tables: { users: {}, projects: {} } } } }))
      const offline = await runBin(['check', '--spec', drifted, '--from-snapshot', snapshot, '--format', 'json'])
      expect(offline.code, offline.stderr).to.equal(1)
      expect((JSON.parse(offline.stdout) as { findings: { code: string }[] }).findings.map((f) => f.code)).to.deep.equal(['table.missing'])
      const both = await runBin(['check', '--spec', drifted, '--from-snapshot', snapshot, '--url', 'postgresql://u@127.0.0.1:1/x'])
      expect(both.code).to.equal(2)
      expect(both.stderr).to.match(/--from-snapshot reads no database: leave out --url/)
    })
  })
})
