/**
 * The snapshot core without a process: a real PGlite database opened through the injected
 * openDatabase; what it writes checks clean; what only the database can refuse (a --schema or
 * --table it lacks) and what cannot be reached are failed outcomes, not throws.
 */
import { expect } from 'chai'
import { checkTarget } from '../../../src/app/check.js'
import { snapshotTarget, type SnapshotOutcome } from '../../../src/app/snapshot.js'
import { exitCodeOf } from '../../../src/cli/exit-code.js'
import { DatabaseError, ExitCode, UsageError } from '../../../src/errors.js'
import { loadSpec } from '../../../src/spec/load-spec.js'
import { UNREACHABLE, testDeps } from './test-deps.js'

const SQL = `CREATE TABLE orgs (id serial PRIMARY KEY, name text NOT NULL);
CREATE TABLE users (id serial PRIMARY KEY, org_id int REFERENCES orgs, email varchar(200) NOT NULL);
CREATE TABLE audit (id bigint)`

function failure(outcome: SnapshotOutcome): Extract<SnapshotOutcome, { kind: 'failed' }> {
  if (outcome.kind !== 'failed') throw new Error('expected the snapshot to fail')
  return outcome
}

describe('snapshotTarget', () => {
  it('writes the spec of a real PGlite database opened through deps, and that spec checks clean', async () => {
    const deps = testDeps({ setupSql: SQL })
    const outcome = await snapshotTarget('pglite:memory', { tables: ['users'], connectTimeoutMs: 4321 }, deps)
    if (outcome.kind !== 'snapshot') throw new Error(outcome.error.message)
    expect(deps.opened.map((o) => [o.target, o.options.connectTimeoutMs, o.options.env])).to.deep.equal([['pglite:memory', 4321, deps.env]])
    expect(deps.sessions).to.deep.equal({ open: 1, closed: 1 })
    expect(outcome.target).to.equal('pglite:memory')
    expect(exitCodeOf(outcome)).to.equal(ExitCode.ok)
    // --table users keeps orgs, which users references, and leaves audit out.
    expect(Object.keys(outcome.spec.schemas.public?.tables ?? {})).to.deep.equal(['orgs', 'users'])
    expect(JSON.parse(outcome.json)).to.deep.equal(JSON.parse(JSON.stringify(outcome.spec)))

    const files = { 'snapshot.json': outcome.json }
    const spec = await loadSpec('snapshot.json', { readFile: testDeps({ files }).readFile })
    const check = await checkTarget(spec, 'pglite:memory', {}, deps)
    if (check.kind !== 'checked') throw new Error(check.error.message)
    expect([check.report.status, check.report.summary]).to.deep.equal(['pass', { error: 0, warning: 0, info: 0 }])
  })

  it('returns a --table the database lacks as a failed outcome (exit 2), and closes the session', async () => {
    const deps = testDeps({ setupSql: SQL })
    const outcome = failure(await snapshotTarget('pglite:memory', { tables: ['user'] }, deps))
    expect(outcome.error).to.be.instanceOf(UsageError)
    expect(outcome.error.message).to.equal('--table "user" matches no table; did you mean "users"? (tables: public.audit, public.orgs, public.users)')
    expect(outcome.target).to.equal('pglite:memory')
    expect(exitCodeOf(outcome)).to.equal(ExitCode.usage)
    expect(deps.sessions).to.deep.equal({ open: 1, closed: 1 })
  })

  it('returns a --schema the database lacks as a failed outcome (exit 2)', async () => {
    const outcome = failure(await snapshotTarget('pglite:memory', { schemas: ['app'] }, testDeps({ setupSql: SQL })))
    expect(outcome.error).to.be.instanceOf(UsageError)
    expect(outcome.error.message).to.match(/^--schema "app": no such schema in \S+ \(it has public\)$/)
  })

  it('returns an unreachable target as a failed outcome (exit 3), the password redacted', async () => {
    const outcome = failure(await snapshotTarget(UNREACHABLE, { connectTimeoutMs: 2000 }, testDeps()))
    expect(outcome.error).to.be.instanceOf(DatabaseError)
    expect(outcome.target).to.equal('postgresql://someone:***@127.0.0.1:1/x')
    expect(exitCodeOf(outcome)).to.equal(ExitCode.connection)
  })
})
