/**
 * The check core without a process: a real PGlite database opened through the injected
 * openDatabase, the spec served from memory, a fixed clock, and real connection failures.
 */
import { expect } from 'chai'
import { checkSpecFile, checkTarget, verify, type TargetOutcome } from '../../../src/app/check.js'
import { DEMO_SPEC_PATH } from '../../../src/app/demo.js'
import { exitCodeOf, exitCodeOfError } from '../../../src/cli/exit-code.js'
import { DatabaseError, ExitCode, SpecError, UsageError } from '../../../src/errors.js'
import type { DatabaseSession } from '../../../src/introspect/queryable.js'
import { loadSpec, type LoadedSpec } from '../../../src/spec/load-spec.js'
import type { AppDeps } from '../../../src/app/deps.js'
import { FIXED_NOW, UNREACHABLE, testDeps, type TestDepsOptions } from './test-deps.js'

const SPEC_PATH = 'memory/expected-schema.json'
const SPEC = {
  schemas: {
    public: {
      tables: {
        users: { columns: { id: { type: 'serial' }, email: { type: 'varchar(200)', nullable: false } }, primaryKey: { columns: ['id'] } },
      },
    },
  },
}
const DRIFT_SPEC = { schemas: { public: { tables: { ...SPEC.schemas.public.tables, projects: { columns: { id: { type: 'serial' } } } } } } }
const SQL = 'CREATE TABLE users (id serial PRIMARY KEY, email varchar(200) NOT NULL)'

/** Deps whose readFile serves SPEC at SPEC_PATH. */
function depsFor(options: TestDepsOptions = {}): ReturnType<typeof testDeps> {
  return testDeps({ files: { [SPEC_PATH]: JSON.stringify(SPEC) }, ...options })
}

/** The spec as a core gets it from the shell: loaded through deps.readFile. */
function specFrom(deps: AppDeps): Promise<LoadedSpec> {
  return loadSpec(SPEC_PATH, { readFile: deps.readFile })
}

function checked(outcome: TargetOutcome): Extract<TargetOutcome, { kind: 'checked' }> {
  if (outcome.kind !== 'checked') throw new Error(`expected a checked target, got: ${outcome.error.message}`)
  return outcome
}

describe('checkTarget', () => {
  it('checks a real PGlite database opened through deps, with the spec read through deps and the clock of deps', async () => {
    const deps = testDeps({ setupSql: SQL, files: { [SPEC_PATH]: JSON.stringify(SPEC) } })
    const spec = await loadSpec(SPEC_PATH, { readFile: deps.readFile })
    const outcome = checked(await checkTarget(spec, 'pglite:memory', { connectTimeoutMs: 1234 }, deps))

    expect(deps.read).to.deep.equal([SPEC_PATH])
    expect(deps.opened).to.have.length(1)
    expect(deps.opened[0]?.target).to.equal('pglite:memory')
    expect(deps.opened[0]?.options.env).to.equal(deps.env)
    expect(deps.opened[0]?.options.connectTimeoutMs).to.equal(1234)
    expect(deps.sessions).to.deep.equal({ open: 1, closed: 1 })

    expect(outcome.target).to.equal('pglite:memory')
    expect(outcome.report.generatedAt).to.equal(FIXED_NOW.toISOString())
    expect(outcome.report.spec.file).to.equal(SPEC_PATH)
    expect(outcome.report.status).to.equal('pass')
    expect(outcome.report.checked.tables).to.equal(1)
    expect(outcome.report.target).to.deep.include({ url: 'pglite:memory', engine: 'pglite' })
    expect(outcome.attempts).to.equal(1)
    expect(outcome.queryCount).to.equal(14)
    expect(exitCodeOf(outcome)).to.equal(ExitCode.ok)
  })

  it('reports drift as a checked outcome that exits 1, or 0 with failOn never', async () => {
    const deps = testDeps({ setupSql: SQL, files: { [SPEC_PATH]: JSON.stringify(DRIFT_SPEC) } })
    const spec = await loadSpec(SPEC_PATH, { readFile: deps.readFile })
    const failing = checked(await checkTarget(spec, 'pglite:memory', {}, deps))
    expect(failing.report.status).to.equal('fail')
    expect(failing.report.findings.map((f) => f.code)).to.deep.equal(['table.missing'])
    expect(exitCodeOf(failing)).to.equal(ExitCode.drift)
    const reportOnly = checked(await checkTarget(spec, 'pglite:memory', { failOn: 'never' }, deps))
    expect([reportOnly.report.status, reportOnly.report.failOn]).to.deep.equal(['pass', 'never'])
    expect(exitCodeOf(reportOnly)).to.equal(ExitCode.ok)
  })

  it('returns an unreachable target as a failed outcome with a typed error, the password redacted, mapped to exit 3', async () => {
    const deps = depsFor()
    const spec = await specFrom(deps)
    const outcome = await checkTarget(spec, UNREACHABLE, { connectTimeoutMs: 2000 }, deps)
    if (outcome.kind !== 'failed') throw new Error('expected the target to fail')
    expect(outcome.error).to.be.instanceOf(DatabaseError)
    expect((outcome.error as DatabaseError).failure).to.equal('refused')
    expect(outcome.target).to.equal('postgresql://someone:***@127.0.0.1:1/x')
    expect(`${outcome.target} ${outcome.error.message}`).not.to.include('pw-Unreachable-9')
    expect(exitCodeOf(outcome)).to.equal(ExitCode.connection)
    expect(deps.sessions.open).to.equal(0)
  })

  it('names a target that comes from DATABASE_URL, redacted, when it cannot be opened', async () => {
    const deps = { ...depsFor(), env: { DATABASE_URL: UNREACHABLE } }
    const outcome = await checkTarget(await specFrom(deps), undefined, { connectTimeoutMs: 2000 }, deps)
    expect([outcome.kind, outcome.target]).to.deep.equal(['failed', 'postgresql://someone:***@127.0.0.1:1/x'])
  })

  it('checks the next target after one that fails (a fleet)', async () => {
    const deps = depsFor({ setupSql: SQL })
    const spec = await specFrom(deps)
    const outcomes: TargetOutcome[] = []
    for (const target of [UNREACHABLE, 'pglite:memory']) outcomes.push(await checkTarget(spec, target, { connectTimeoutMs: 2000 }, deps))
    expect(outcomes.map((o) => o.kind)).to.deep.equal(['failed', 'checked'])
    expect(outcomes.map(exitCodeOf)).to.deep.equal([ExitCode.connection, ExitCode.ok])
    expect(deps.opened.map((o) => o.target)).to.deep.equal([UNREACHABLE, 'pglite:memory'])
  })

  it('throws a --schema the spec does not describe before connecting (the same mistake for every target)', async () => {
    const deps = depsFor({ setupSql: SQL })
    const spec = await specFrom(deps)
    const error = await checkTarget(spec, 'pglite:memory', { schemas: ['pubilc'] }, deps).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).to.be.instanceOf(UsageError)
    expect((error as UsageError).message).to.equal('--schema "pubilc" is not a schema the spec describes; did you mean "public"? (the spec describes public)')
    expect(deps.opened).to.deep.equal([])
  })

  it('lets a bug propagate, after closing the session, instead of calling it a failed target', async () => {
    const bug = new TypeError('a bug in a catalog query mapper')
    let statements = 0
    const wrap = (session: DatabaseSession): DatabaseSession => ({
      displayTarget: session.displayTarget,
      exec: (sql) => session.exec(sql),
      close: () => session.close(),
      // A fault in our own code after a few real statements on a real session.
      query: (sql, params) => (++statements === 5 ? Promise.reject(bug) : session.query(sql, params)),
    })
    const deps = depsFor({ setupSql: SQL, wrap })
    const error = await checkTarget(await specFrom(deps), 'pglite:memory', {}, deps).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).to.equal(bug)
    expect(exitCodeOfError(error)).to.equal(ExitCode.internal)
    expect(deps.sessions).to.deep.equal({ open: 1, closed: 1 })
  })

  it('lets a bug in opening propagate too', async () => {
    const bug = new RangeError('a bug in the driver glue')
    const deps = { ...depsFor(), openDatabase: () => Promise.reject(bug) }
    const error = await checkTarget(await specFrom(deps), 'pglite:memory', {}, deps).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).to.equal(bug)
  })
})

/** What a promise rejected with, or undefined. */
function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (e: unknown) => e,
  )
}

describe('checkSpecFile (the spec loaded while the database is read)', () => {
  // Valid JSON, valid shape up to the point the scan reads, but a column without a type object.
  const INVALID_SPEC = JSON.stringify({ schemas: { public: { tables: { users: { columns: { id: 'serial' } } } } } })

  it('checks as loadSpec then checkTarget does: the same findings, located in the spec file', async () => {
    const deps = testDeps({ setupSql: SQL, files: { [SPEC_PATH]: JSON.stringify(DRIFT_SPEC, null, 2) } })
    const outcome = checked(await checkSpecFile(SPEC_PATH, 'pglite:memory', {}, deps))
    const before = checked(await checkTarget(await specFrom(deps), 'pglite:memory', {}, deps))
    expect(outcome.report.findings).to.deep.equal(before.report.findings)
    expect(outcome.report.findings.map((f) => [f.code, f.source?.pointer, f.source?.line, f.source?.column])).to.deep.equal([
      ['table.missing', '/schemas/public/tables/projects', 21, 9],
    ])
  })

  it('throws the SpecError of an invalid spec, not the failure of a target that cannot be reached', async () => {
    const deps = testDeps({ files: { [SPEC_PATH]: INVALID_SPEC } })
    const error = await rejectionOf(checkSpecFile(SPEC_PATH, UNREACHABLE, { connectTimeoutMs: 2000 }, deps))
    expect(error).to.be.instanceOf(SpecError)
    expect((error as SpecError).problems.map((p) => p.pointer)).to.deep.equal(['/schemas/public/tables/users/columns/id'])
  })

  it('throws the SpecError of an invalid spec also when the target could be checked', async () => {
    const deps = testDeps({ setupSql: SQL, files: { [SPEC_PATH]: INVALID_SPEC } })
    expect(await rejectionOf(checkSpecFile(SPEC_PATH, 'pglite:memory', {}, deps))).to.be.instanceOf(SpecError)
    expect(deps.sessions.open).to.equal(deps.sessions.closed)
  })

  it('throws a syntax error and a spec without schemas before connecting', async () => {
    for (const text of ['{"schemas": {', '{"formatVersion": 1}']) {
      const deps = testDeps({ files: { [SPEC_PATH]: text } })
      expect(await rejectionOf(checkSpecFile(SPEC_PATH, 'pglite:memory', {}, deps)), text).to.be.instanceOf(SpecError)
      // A spec whose schemas the scan can name is read while connecting; these cannot be named.
      expect(deps.opened, text).to.deep.equal([])
    }
  })

  it('throws a --schema the spec does not describe before connecting', async () => {
    const deps = depsFor({ setupSql: SQL })
    const error = await rejectionOf(checkSpecFile(SPEC_PATH, 'pglite:memory', { schemas: ['pubilc'] }, deps))
    expect(error).to.be.instanceOf(UsageError)
    expect(deps.opened).to.deep.equal([])
  })

  it('returns an unreachable target as a failed outcome when the spec is valid', async () => {
    const outcome = await checkSpecFile(SPEC_PATH, UNREACHABLE, { connectTimeoutMs: 2000 }, depsFor())
    expect([outcome.kind, exitCodeOf(outcome)]).to.deep.equal(['failed', ExitCode.connection])
  })
})

describe('verify (the first API, over checkTarget)', () => {
  it('returns the check result of a target it can check', async () => {
    const result = await verify({ specPath: DEMO_SPEC_PATH, url: 'pglite:memory', env: {}, now: () => FIXED_NOW })
    expect(result.report.status).to.equal('fail')
    expect(result.report.generatedAt).to.equal(FIXED_NOW.toISOString())
    expect(Object.keys(result).sort()).to.deep.equal(['attempts', 'queryCount', 'report', 'server', 'timings'])
  })

  it("throws a failed target's error", async () => {
    const error = await verify({ specPath: DEMO_SPEC_PATH, url: UNREACHABLE, env: {}, connectTimeoutMs: 2000 }).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).to.be.instanceOf(DatabaseError)
    expect(exitCodeOfError(error)).to.equal(ExitCode.connection)
  })
})
