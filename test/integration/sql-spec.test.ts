/**
 * Any source of the expected schema: an SQL script (run in a fresh PGlite) and another database
 * (read like a target) become a spec with a snapshot's semantics. Two copies of a database
 * compared with each other find exactly the drift made to one of them; a statement PGlite cannot
 * run is either left out and listed (ownership, grants, an extension it lacks and what uses it) or
 * the spec's error at its line. (Every corpus file as an SQL spec, finding nothing on the database
 * it loads into, is in round-trip.test.ts, which has them loaded.)
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { checkSpecFile, type TargetOutcome } from '../../src/app/check.js'
import { defaultDeps } from '../../src/app/deps.js'
import { expectedSchemaOfText, isSqlText } from '../../src/app/expected-schema.js'
import type { Finding } from '../../src/compare/finding.js'
import { SpecError } from '../../src/errors.js'
import { renderReport } from '../../src/report/renderers.js'
import { corpusAvailable, corpusMissingReason, loadCorpus, REFERENCE_DUMP } from '../support/corpus.js'
import { ENGINES, type Engine } from '../support/databases.js'
import { runBin } from '../support/run-bin.js'

const deps = defaultDeps({ env: {} })
const brief = (f: Finding): string => `${f.code} ${f.subject.schema ?? '-'}.${f.subject.table ?? '-'}.${f.subject.name ?? '-'}`
const [PGLITE] = ENGINES as [Engine, Engine]

function findingsOf(outcome: TargetOutcome): string[] {
  if (outcome.kind === 'failed') throw outcome.error
  return outcome.report.findings.map(brief)
}

describe('an SQL file as the spec', function () {
  let dir: string
  before(async function () {
    dir = await mkdtemp(join(tmpdir(), 'vdb-sql-spec-'))
  })
  after(async function () {
    await rm(dir, { recursive: true, force: true })
  })

  it('tells SQL from JSON by the extension, else by the first character that is not a comment', function () {
    expect(isSqlText('schema.sql', '{')).to.equal(true)
    expect(isSqlText('spec.json', 'CREATE TABLE t ()')).to.equal(false)
    expect(isSqlText('spec', '  {"schemas": {}}')).to.equal(false)
    expect(isSqlText('schema', '-- dump\n/* x */\nCREATE TABLE t ()')).to.equal(true)
  })

  it('leaves out and lists what PGlite cannot run (roles it lacks, an extension it does not ship and what uses it), and fails --fail-on-unchecked on the latter', async function () {
    const file = join(dir, 'lossy.sql')
    await writeFile(
      file,
      [
        '\\restrict k',
        'CREATE EXTENSION IF NOT EXISTS postgis;',
        'CREATE TABLE public.users (id integer PRIMARY KEY, email text NOT NULL);',
        'ALTER TABLE public.users OWNER TO app_owner;',
        'GRANT SELECT ON public.users TO reader;',
        'CREATE TABLE public.places (id integer PRIMARY KEY, geom public.geometry);',
        "COMMENT ON EXTENSION postgis IS 'geometry';",
        'CREATE INDEX places_id_idx ON public.places (id);',
      ].join('\n'),
    )
    const target = await PGLITE.createDatabase()
    try {
      await target.session.exec('CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL)')
      await target.release()
      const outcome = await checkSpecFile(file, target.url, {}, deps)
      if (outcome.kind === 'failed') throw outcome.error
      expect(outcome.report.findings.map(brief)).to.deep.equal([])
      expect(outcome.report.spec.origin?.skipped.map((s) => `${s.line} ${s.reason} ${s.extension ?? ''}`.trim())).to.deep.equal([
        '2 extension postgis',
        '4 ownership',
        '5 privileges',
        '6 needs_extension postgis',
        '7 needs_extension postgis',
        '8 needs_extension postgis',
      ])
      const table = await runBin(['check', '--spec', file, '--url', target.url])
      expect(table.code, table.stderr).to.equal(0)
      expect(table.stdout).to.include(
        'Left out of the SQL spec (PGlite could not run them): 1 ownership change and 1 grant to roles it does not have (not compared); extension postgis (PGlite does not ship it) and 3 statements that use it (not checked: lines 6, 7, 8).',
      )
      const strictUnchecked = await runBin(['check', '--spec', file, '--url', target.url, '--fail-on-unchecked', '--format', 'json'])
      expect(strictUnchecked.code).to.equal(1)
      expect((JSON.parse(strictUnchecked.stdout) as { failReasons: string[] }).failReasons).to.deep.equal(['notChecked'])
      // The verdict says why it fails, though no object of the database went unchecked.
      const tableUnchecked = await runBin(['check', '--spec', file, '--url', target.url, '--fail-on-unchecked'])
      expect(tableUnchecked.code).to.equal(1)
      expect(tableUnchecked.stdout).to.include('; the SQL spec left objects out (fails with --fail-on-unchecked).')
      // And a CI reading JUnit sees the failure, with what was left out.
      const junitUnchecked = await runBin(['check', '--spec', file, '--url', target.url, '--fail-on-unchecked', '--format', 'junit'])
      expect(junitUnchecked.code).to.equal(1)
      expect(junitUnchecked.stdout).to.match(/<testsuites [^>]* failures="1"/)
      expect(junitUnchecked.stdout).to.include(
        '<failure message="fails with --fail-on-unchecked" type="notChecked">Left out of the SQL spec (PGlite could not run them)',
      )
    } finally {
      await target.drop()
    }
  })

  it('does not take every later "does not exist" for a lost extension’s: a misspelled table is still the spec’s error', async function () {
    const file = join(dir, 'typo.sql')
    await writeFile(file, 'CREATE EXTENSION postgis;\nCREATE TABLE a (id integer PRIMARY KEY);\nCREATE INDEX ON public.aa (id);\n')
    const error = await expectedSchemaOfText(file, await readFile(file, 'utf8'), {}, deps).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).to.be.instanceOf(SpecError)
    expect((error as SpecError).problems[0]).to.include({ line: 3 })
    expect((error as SpecError).message).to.include('relation "public.aa" does not exist (after leaving out extension postgis, which PGlite does not ship)')
  })

  it('refuses an empty SQL file (a dump that failed and left nothing) instead of expecting nothing', async function () {
    const file = join(dir, 'empty.sql')
    await writeFile(file, "-- pg_dump failed\nSET client_encoding = 'UTF8';\n")
    const run = await runBin(['check', '--spec', file, '--url', 'pglite:memory'])
    expect(run.code).to.equal(2)
    expect(run.stderr.trim()).to.equal(`verify-database: ${file}: (document): no SQL statement in it creates anything: is it the schema you meant?`)
  })

  it('is the spec’s error, at its line, when PGlite rejects a statement for any other reason (exit 2, one line)', async function () {
    const file = join(dir, 'broken.sql')
    await writeFile(file, 'CREATE TABLE a (id integer);\n\nCREATE TABLE b (id integer REFERENCES missing_table);\n')
    let error: unknown
    try {
      await expectedSchemaOfText(file, await readFile(file, 'utf8'), {}, deps)
    } catch (e) {
      error = e
    }
    expect(error).to.be.instanceOf(SpecError)
    expect((error as SpecError).problems[0]).to.include({ file, line: 3, column: 1 })
    expect((error as SpecError).message).to.match(/PGlite cannot run CREATE TABLE b \(id integer REFERENCES missing_table\): .*"missing_table" does not exist/)
    const run = await runBin(['check', '--spec', file, '--url', 'pglite:memory'])
    expect(run.code).to.equal(2)
    expect(run.stderr.trim().split('\n')).to.have.length(1)
    // The line says where: no JSON pointer after it.
    expect(run.stderr).to.include(`verify-database: ${file}:3:1: PGlite cannot run CREATE TABLE b`)
  })
  // Every corpus file as the spec against the database it loads into: see round-trip.test.ts (it has them loaded).
})

describe('another database as the spec (staging vs production)', function () {
  it('doctor names a spec database without its password, and without its host unless --show-host', async function () {
    const run = await runBin(['doctor', '--spec', 'postgres://someone:Spec-Secret-9@spec-db.example:1/staging', '--url', 'pglite:memory', '--timeout', '2'])
    expect(run.code, run.stderr).to.equal(0)
    expect(run.stdout).to.include('postgres://someone:***@<host>:1/staging could not be loaded')
    expect(run.stdout + run.stderr).not.to.include('Spec-Secret-9')
    expect(run.stdout + run.stderr).not.to.include('spec-db.example')
  })

  it('is exit 3 in one line when the spec database cannot be reached, without its password', async function () {
    const run = await runBin(['check', '--spec', 'postgres://someone:Spec-Secret-9@127.0.0.1:1/staging', '--url', 'pglite:memory'])
    expect(run.code).to.equal(3)
    expect(run.stderr.trim().split('\n')).to.have.length(1)
    expect(run.stderr).to.match(/^verify-database: the spec database: cannot connect to postgresql:\/\/someone@127\.0\.0\.1:1\/staging: connection refused/)
    expect(run.stdout + run.stderr).not.to.include('Spec-Secret-9')
  })

  if (!corpusAvailable()) {
    it(`compares two copies of the reference dump (pending: ${corpusMissingReason()})`)
    return
  }
  for (const engine of ENGINES) {
    it(`on ${engine.name}: two copies agree, and a drift made to one is exactly what is found; the spec URL is never shown with its password`, async function () {
      const staging = await engine.createDatabase()
      const production = await engine.createDatabase()
      try {
        await loadCorpus(staging.session, REFERENCE_DUMP)
        await loadCorpus(production.session, REFERENCE_DUMP)
        await staging.release()
        await production.release()
        expect(findingsOf(await checkSpecFile(staging.url, production.url, { isStrict: true }, deps))).to.deep.equal([])
        const session = await deps.openDatabase(production.url, { env: {} })
        try {
          await session.exec(
            'ALTER TABLE public.projects DROP COLUMN billable; DROP INDEX public.idx_tasks_status; ALTER TABLE public.users ALTER COLUMN username TYPE varchar(64)',
          )
        } finally {
          await session.close()
        }
        const outcome = await checkSpecFile(staging.url, production.url, {}, deps)
        expect(findingsOf(outcome)).to.deep.equal([
          'column.missing public.projects.billable',
          'index.missing public.tasks.idx_tasks_status',
          'column.mismatch public.users.username',
        ])
        if (outcome.kind === 'checked') {
          expect(outcome.report.spec.origin?.kind).to.equal('database')
          // A URL is no file: annotations and SARIF results name no file for it (only the object).
          const github = renderReport(outcome.report, 'github', { isColor: false })
          expect(github).to.match(/^::error title=column\.missing public\.projects\.billable::/m)
          const sarif = JSON.parse(renderReport(outcome.report, 'sarif', { isColor: false })) as { runs: { results: { locations: object[] }[] }[] }
          expect(sarif.runs[0]?.results[0]?.locations[0]).not.to.have.property('physicalLocation')
          const password = /:\/\/[^:]+:([^@]+)@/.exec(staging.url)?.[1]
          if (password !== undefined) expect(JSON.stringify(outcome.report.spec)).not.to.include(password)
        }
      } finally {
        await staging.drop()
        await production.drop()
      }
    })
  }
})
