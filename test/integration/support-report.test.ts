/**
 * The report a support engineer reads, on real TimeTracker installs from the corpus (each with
 * the Alembic revision it really had): findings grouped by root cause, the migration state
 * explaining the tables it would have created, a half-initialised install read as one, the
 * repair of each cause; and `doctor --format markdown` safe to paste (no host, no password).
 */
import { join } from 'node:path'
import { expect } from 'chai'
import { checkDatabase } from '../../src/app/check.js'
import { withoutHost } from '../../src/app/doctor.js'
import { rootCausesOf, type RootCause } from '../../src/report/root-causes.js'
import { loadSpec, type LoadedSpec } from '../../src/spec/load-spec.js'
import { corpusAvailable, corpusMissingReason, loadCorpus, repositoryRoot } from '../support/corpus.js'
import { ENGINES } from '../support/databases.js'
import { runBin } from '../support/run-bin.js'
import { expectGolden } from '../support/golden.js'

const SPEC_FILE = join(repositoryRoot(), 'expected-schema.json')
const pglite = ENGINES.find((e) => e.name === 'pglite')!

/** The diagnosis of a corpus dump on PGlite, planned as doctor plans it. */
async function diagnose(spec: LoadedSpec, dump: string): Promise<RootCause[]> {
  const db = await pglite.createDatabase()
  try {
    await loadCorpus(db.session, `timetracker/${dump}`)
    const { report } = await checkDatabase(db.session, spec, {
      isHealthRead: true,
      fix: { allowDestructive: false, concurrently: false, notValid: false, prove: false },
    })
    return rootCausesOf(report.findings, report.fix)
  } finally {
    await db.drop()
  }
}

const codes = (cause: RootCause | undefined): string[] => (cause?.findings ?? []).map((f) => `${f.code} ${f.subject.name ?? ''}`)

describe('the support diagnosis of real TimeTracker installs', function () {
  if (!corpusAvailable()) {
    it(`groups findings by root cause (pending: ${corpusMissingReason()})`)
    return
  }
  let spec: LoadedSpec
  before(async function () {
    spec = await loadSpec(SPEC_FILE)
  })

  it('017 without 018: the missing migration comes first and explains project_costs, with the upgrade command', async function () {
    const causes = await diagnose(spec, '2025-10-09_77aec94_alembic-017_no-018')
    expect(causes[0]?.title).to.equal('Migrations behind: at 017, expected 018')
    expect(codes(causes[0])).to.deep.equal(['migration.behind alembic_version', 'table.missing project_costs'])
    expect(causes[0]?.repair.manual).to.deep.equal(['run the migrations: flask db upgrade'])
    expect(causes[0]?.repair.sql.some((s) => s.startsWith('CREATE TABLE IF NOT EXISTS public.project_costs'))).to.equal(true)
    // No other cause mentions project_costs again.
    expect(
      causes
        .slice(1)
        .flatMap(codes)
        .filter((c) => c.includes('project_costs')),
    ).to.deep.equal([])
  })

  it('017 with project_costs made by the SQL script: record the revision instead of upgrading', async function () {
    const causes = await diagnose(spec, '2025-10-09_77aec94_alembic-017+add_project_costs-sql')
    expect(causes[0]?.title).to.equal('Migrations behind: at 017, expected 018')
    expect(causes[0]?.repair.manual).to.deep.equal(['record the revision: flask db stamp 018'])
    expect(causes[0]?.likelyCause).to.match(/created another way/)
  })

  it('the reverted 022 chain: an unknown revision, naming the tables the spec does not describe', async function () {
    const causes = await diagnose(spec, '2025-10-07_3b564f83_alembic-022_reverted-saas-chain')
    expect(causes[0]?.title).to.equal('Unknown migration revision 022')
    const unknown = causes[0]?.findings[0]
    expect(unknown?.kind === 'migration' ? unknown.migration.undescribedTables.length : -1).to.equal(24)
    // One cause per missing thing, not one per object: the missing function carries its seven triggers.
    const fn = causes.find((c) => c.title === 'Function public.update_updated_at_column() is missing')
    expect(codes(fn).filter((c) => c.startsWith('trigger.missing'))).to.have.length(7)
    expect(causes.length).to.be.lessThan(causes.flatMap((c) => c.findings).length)
  })

  it('the failed 2025-09-01 install reads as half-initialised, one cause for all its missing tables', async function () {
    const causes = await diagnose(spec, '2025-09-01_8a378b7_init-database-enhanced_FAILED-partial')
    expect(causes[0]?.title).to.equal('Half-initialised database (2 of 9 tables)')
    const missing = codes(causes[0]).filter((c) => c.startsWith('table.missing'))
    expect(missing).to.have.length(7)
    expect(
      causes
        .slice(1)
        .flatMap(codes)
        .filter((c) => c.startsWith('table.missing')),
    ).to.deep.equal([])
    expect(causes[0]?.likelyCause).to.match(/installer or init script stopped part way/)
  })

  it('the release itself: nothing to diagnose', async function () {
    expect(await diagnose(spec, '2025-10-09_77aec94_alembic-018+init-database-enhanced')).to.deep.equal([])
  })

  it('writes test/golden/support/doctor-017-no-018.md, the example report the README shows', async function () {
    const db = await pglite.createDatabase()
    try {
      await loadCorpus(db.session, 'timetracker/2025-10-09_77aec94_alembic-017_no-018')
      await db.release()
      const r = await runBin(['doctor', '--url', db.url, '--spec', 'expected-schema.json', '--format', 'markdown'], { cwd: repositoryRoot() })
      expect(r.code, r.stderr).to.equal(0)
      expectGolden('support/doctor-017-no-018.md', r.stdout)
    } finally {
      await db.drop()
    }
  })

  it('doctor --format markdown: the diagnosis first, the SQL folded, no host unless --show-host', async function () {
    const db = await pglite.createDatabase()
    try {
      await loadCorpus(db.session, 'timetracker/2025-10-07_3b564f83_alembic-022_reverted-saas-chain')
      await db.release()
      const r = await runBin(['doctor', '--url', db.url, '--spec', SPEC_FILE, '--format', 'markdown'])
      expect(r.code, r.stderr).to.equal(0)
      const diagnosis = r.stdout.indexOf('### Diagnosis')
      expect(diagnosis).to.be.greaterThan(0)
      expect(diagnosis).to.be.lessThan(r.stdout.indexOf('### Connection'))
      expect(r.stdout).to.include('#### 1. Unknown migration revision 022')
      expect(r.stdout).to.include('<details><summary>Repair: SQL from <code>check --fix</code>')
      expect(r.stdout).to.include('pglite:\\<path\\>')
      expect(r.stdout).to.not.include(db.url.slice('pglite:'.length))
      const shown = await runBin(['doctor', '--url', db.url, '--spec', SPEC_FILE, '--format', 'json', '--show-host'])
      expect((JSON.parse(shown.stdout) as { target: string }).target).to.equal(db.url)
    } finally {
      await db.drop()
    }
  })
})

describe('a target without its host', function () {
  it('hides every host of a URL, and socket directories, keeping user, port and database', function () {
    expect(withoutHost('postgresql://app@db.internal:5432/app')).to.equal('postgresql://app@<host>:5432/app')
    expect(withoutHost('postgresql://app@a.example:5432,b.example:5433/app')).to.equal('postgresql://app@<host>:5432,<host>:5433/app')
    expect(withoutHost('postgresql://app@[2001:db8::1]:5432/app')).to.equal('postgresql://app@<host>:5432/app')
    expect(withoutHost('postgresql://app@/app?host=/var/run/postgresql&port=5432')).to.equal('postgresql://app@/app?host=<host>&port=5432')
    expect(withoutHost('pglite:/home/alice/data')).to.equal('pglite:<path>')
    expect(withoutHost('pglite:memory')).to.equal('pglite:memory')
  })
})
