/**
 * `verify-database fleet`: many databases of one server checked against one spec with a bounded
 * pool, going on past the ones that cannot be checked; the matrix in every format; the exit code
 * the worst of them; shards that, merged, are the unsharded run; `merge` refusing what does not
 * add up. Real servers only: the test server's databases, a port nothing listens on, a wrong
 * password.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { fleetDigest, parseShard, shardOf, targetsOfShard } from '../../src/app/fleet.js'
import { renderFleet } from '../../src/report/fleet-report.js'
import { loadTargetsText } from '../../src/app/fleet-targets.js'
import { SpecError, UsageError } from '../../src/errors.js'
import { openDatabase } from '../../src/introspect/open-database.js'
import { expectFleetJsonReport } from '../support/json-report.js'
import { ENGINES, freePort, type Engine, type TestDatabase } from '../support/databases.js'
import { runBin } from '../support/run-bin.js'

const SQL = 'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL); CREATE TABLE notes (id integer PRIMARY KEY, body text);'
const SPEC = {
  schemas: {
    public: {
      tables: {
        users: { columns: { id: { type: 'integer' }, email: { type: 'text', nullable: false } }, primaryKey: { columns: ['id'] } },
        notes: { columns: { id: { type: 'integer' }, body: { type: 'text' } }, primaryKey: { columns: ['id'] } },
      },
    },
  },
}
const POSTGRESQL = ENGINES.find((e) => e.name === 'postgresql') as Engine

interface FleetJson {
  exitCode: number
  shard?: { index: number; total: number }
  summary: { targets: number; passed: number; failed: number; unchecked: number }
  targets: {
    name: string
    status: string
    exitCode: number
    error?: string
    codes: string[]
    summary: object
    target: string
    report?: { findings: unknown[] }
  }[]
}

/** A fleet row without what differs from run to run (times). */
function row(t: FleetJson['targets'][number]): string {
  return JSON.stringify({
    name: t.name,
    status: t.status,
    exitCode: t.exitCode,
    error: t.error,
    codes: t.codes,
    summary: t.summary,
    target: t.target,
    findings: t.report?.findings,
  })
}

describe('fleet: many databases in one run', function () {
  let dir: string
  const databases: TestDatabase[] = []
  let targetsFile: string
  let specFile: string

  before(async function () {
    dir = await mkdtemp(join(tmpdir(), 'vdb-fleet-'))
    specFile = join(dir, 'spec.json')
    await writeFile(specFile, JSON.stringify(SPEC))
    for (let i = 0; i < 6; i++) {
      const db = await POSTGRESQL.createDatabase()
      await db.session.exec(SQL + (i === 2 ? 'ALTER TABLE users DROP COLUMN email;' : ''))
      await db.release()
      databases.push(db)
    }
    const withoutPassword = (url: string): string => {
      const parsed = new URL(url)
      parsed.password = ''
      return parsed.toString()
    }
    const refused = `postgresql://nobody@127.0.0.1:${await freePort()}/app`
    const targets = [
      ...databases.map((db, i) => ({ name: `db-${i}`, url: withoutPassword(db.url), passwordEnv: 'FLEET_PASSWORD' })),
      { name: 'refused', url: refused },
      { name: 'wrong-password', url: withoutPassword(databases[0]?.url ?? ''), passwordEnv: 'WRONG_PASSWORD' },
    ]
    targetsFile = join(dir, 'targets.json')
    await writeFile(targetsFile, JSON.stringify({ targets }, null, 2))
  })
  after(async function () {
    for (const db of databases) await db.drop()
    await rm(dir, { recursive: true, force: true })
  })

  const env = (): NodeJS.ProcessEnv => ({ FLEET_PASSWORD: new URL(databases[0]?.url ?? '').password, WRONG_PASSWORD: 'not-the-password' })
  const fleet = (...args: string[]): ReturnType<typeof runBin> => runBin(['fleet', '--targets', targetsFile, '--spec', specFile, ...args], { env: env() })

  it('checks every target, goes on past those it cannot reach, and exits with the worst (3)', async function () {
    const run = await fleet('--format', 'json', '--concurrency', '3')
    expect(run.code, run.stderr).to.equal(3)
    const report = expectFleetJsonReport<FleetJson>(run.stdout)
    expect(report.summary).to.deep.equal({ targets: 8, passed: 5, failed: 1, unchecked: 2 })
    const byName = new Map(report.targets.map((t) => [t.name, t]))
    expect(byName.get('db-2')).to.deep.include({ status: 'fail', exitCode: 1, codes: ['column.missing'] })
    expect(byName.get('db-0')).to.deep.include({ status: 'pass', exitCode: 0 })
    expect(byName.get('refused')).to.deep.include({ status: 'error', exitCode: 3 })
    expect(byName.get('refused')?.error).to.match(/refused|connect/i)
    expect(byName.get('wrong-password')).to.deep.include({ status: 'error', exitCode: 3 })
    expect(byName.get('wrong-password')?.error).to.match(/password/i)
    // No secret anywhere: not in the report, not in the progress lines.
    const password = env()['FLEET_PASSWORD'] ?? ''
    expect(run.stdout + run.stderr).not.to.include(password)
    expect(run.stdout + run.stderr).not.to.include('not-the-password')
    // Without a terminal, one line per finished target.
    expect(run.stderr.split('\n').filter((l) => /^verify-database: \[\d+\/8\] /.test(l))).to.have.length(8)
  })

  it('exits 1 when every target could be checked and one drifted, 0 when all match', async function () {
    const reachable = join(dir, 'reachable.txt')
    const urls = databases.map((db) => db.url)
    await writeFile(reachable, `# the fleet, one URL per line\n${urls.join('\n')}\n`)
    const drifted = await runBin(['fleet', '--targets', reachable, '--spec', specFile], { env: {} })
    expect(drifted.code, drifted.stderr).to.equal(1)
    expect(drifted.stdout).to.include('6 targets: 5 pass, 1 fail, 0 could not be checked (exit 1)')
    expect(drifted.stdout).not.to.include(new URL(urls[0] ?? '').password)
    await writeFile(reachable, urls.filter((_, i) => i !== 2).join('\n'))
    const clean = await runBin(['fleet', '--targets', reachable, '--spec', specFile, '--format', 'markdown'], { env: {} })
    expect(clean.code, clean.stderr).to.equal(0)
    expect(clean.stdout).to.include('✔ verify-database fleet: every target matches')
  })

  it('writes JUnit with one testsuite per target', async function () {
    const run = await fleet('--format', 'junit')
    expect(run.code).to.equal(3)
    expect(run.stdout.match(/<testsuite /g)).to.have.length(8)
    expect(run.stdout).to.include('<testsuite name="db-2"')
    expect(run.stdout).to.match(/<testsuite name="refused"[^>]*errors="1"/)
  })

  it('splits the targets into shards that, merged, are the unsharded run; merge refuses a missing or repeated shard', async function () {
    const whole = expectFleetJsonReport<FleetJson>((await fleet('--format', 'json')).stdout)
    const shardFiles: string[] = []
    for (let i = 1; i <= 3; i++) {
      const file = join(dir, `shard-${i}.json`)
      // The second shard comes from the environment, as a Kubernetes Indexed Job gives it.
      const run =
        i === 2
          ? await runBin(['fleet', '--targets', targetsFile, '--spec', specFile, '--format', 'json', '--output', file], {
              env: { ...env(), JOB_COMPLETION_INDEX: '1', JOB_COMPLETIONS: '3' },
            })
          : await fleet('--format', 'json', '--shard', `${i}/3`, '--output', file)
      expect([0, 1, 3]).to.include(run.code)
      expect(expectFleetJsonReport<FleetJson>(await readFile(file, 'utf8')).shard).to.deep.equal({ index: i, total: 3 })
      shardFiles.push(file)
    }
    const merged = await runBin(['merge', ...shardFiles, '--format', 'json'])
    expect(merged.code, merged.stderr).to.equal(whole.exitCode)
    const mergedReport = expectFleetJsonReport<FleetJson>(merged.stdout)
    expect(mergedReport.targets.map(row)).to.deep.equal(whole.targets.map(row))
    expect(mergedReport.summary).to.deep.equal(whole.summary)
    const missing = await runBin(['merge', shardFiles[0] ?? '', shardFiles[2] ?? ''])
    expect(missing.code).to.equal(2)
    expect(missing.stderr).to.include('shard 2/3 missing')
    const twice = await runBin(['merge', shardFiles[0] ?? '', shardFiles[0] ?? '', shardFiles[1] ?? ''])
    expect(twice.code).to.equal(2)
    expect(twice.stderr).to.include('shard 1/3 is given twice')
  })
})

describe('fleet: what must not pass', function () {
  let dir: string
  before(async function () {
    dir = await mkdtemp(join(tmpdir(), 'vdb-fleet-refuse-'))
  })
  after(async function () {
    await rm(dir, { recursive: true, force: true })
  })

  it('refuses a fleet without targets (exit 2), a missing run spec (exit 2), and names an environment shard on stderr', async function () {
    const empty = join(dir, 'empty.json')
    await writeFile(empty, '{"targets": []}')
    const none = await runBin(['fleet', '--targets', empty])
    expect(none.code, none.stderr).to.equal(2)
    const db = await POSTGRESQL.createDatabase()
    try {
      await db.release()
      const list = join(dir, 'list.txt')
      await writeFile(list, db.url)
      const noSpec = await runBin(['fleet', '--targets', list, '--spec', join(dir, 'missing.json')])
      expect(noSpec.code, noSpec.stderr).to.equal(2)
      expect(noSpec.stdout).to.equal('')
      const spec = join(dir, 'spec.json')
      await writeFile(spec, JSON.stringify(SPEC))
      const fromQuery = (query: string, ...flags: string[]): ReturnType<typeof runBin> =>
        runBin(['fleet', '--url', db.url, '--spec', spec, ...flags, '--targets-from-query', query])
      const query = await fromQuery("SELECT datname FROM pg_database WHERE datname = 'no_such_database'")
      expect(query.code, query.stderr).to.equal(2)
      expect(query.stderr).to.include('no target')
      const twoStatements = await fromQuery('SELECT datname FROM pg_database; COMMIT')
      expect(twoStatements.code).to.equal(2)
      expect(twoStatements.stderr).to.include('takes one SELECT statement (got 2)')
      // Text a statement splitter counts as one, smuggling a write past the read-only transaction: the
      // server is given one query, as a subquery, so nothing of it runs.
      const smuggled = await fromQuery(
        'SELECT x.begin atomic FROM (SELECT current_database() AS begin) x; COMMIT; CREATE TABLE public.fleet_canary (id int); END',
      )
      expect(smuggled.code, smuggled.stderr).to.equal(2)
      expect(smuggled.stderr.trim().split('\n')).to.have.length(1)
      const bareCommit = await fromQuery('COMMIT')
      expect(bareCommit.code, bareCommit.stderr).to.equal(2)
      const canary = await openDatabase(db.url, { env: {} })
      try {
        expect(await canary.query("SELECT 1 FROM pg_class WHERE relname = 'fleet_canary'")).to.deep.equal([])
      } finally {
        await canary.close()
      }
      const checked = await fromQuery(
        `SELECT datname AS database, 'from-query' AS name FROM pg_database WHERE datname = current_database()`,
        '--format',
        'json',
      )
      expect(checked.code, checked.stderr).to.equal(1)
      expect(expectFleetJsonReport<FleetJson>(checked.stdout).targets.map((t) => `${t.name} ${t.status}`)).to.deep.equal(['from-query fail'])
      // The config file's settings apply to a fleet as to check: here its failOn.
      await writeFile(join(dir, 'verify-database.config.json'), JSON.stringify({ failOn: 'never' }))
      const configured = await runBin(['fleet', '--targets', list, '--spec', spec], { cwd: dir })
      expect(configured.code, configured.stderr).to.equal(0)
      const unconfigured = await runBin(['fleet', '--targets', list, '--spec', spec, '--no-config'], { cwd: dir })
      expect(unconfigured.code, unconfigured.stderr).to.equal(1)
      const gitlab = await runBin(['fleet', '--targets', list, '--spec', spec], { env: { CI_NODE_INDEX: '1', CI_NODE_TOTAL: '1' } })
      expect(gitlab.stderr).to.include('verify-database: shard 1/1 (from CI_NODE_INDEX/CI_NODE_TOTAL): 1 of 1 targets')
      const k8s = await runBin(['fleet', '--targets', list, '--spec', spec], { env: { JOB_COMPLETION_INDEX: '0' } })
      expect(k8s.code).to.equal(2)
      expect(k8s.stderr).to.include('JOB_COMPLETIONS is not')
    } finally {
      await db.drop()
    }
  })

  it('refuses to merge shards of different target lists, or a shard report cut short', async function () {
    const shard = (index: number, names: string[], all: string[]): object => ({
      formatVersion: 1,
      kind: 'fleet',
      tool: { name: 'verify-database', version: '0' },
      generatedAt: '2026-01-01T00:00:00.000Z',
      shard: { index, total: 2 },
      fleet: { size: all.length, digest: fleetDigest(all) },
      durationMs: 1,
      summary: { targets: names.length, passed: names.length, failed: 0, unchecked: 0 },
      exitCode: 0,
      targets: names.map((name) => ({ name, target: name, status: 'pass', exitCode: 0, summary: { error: 0, warning: 0, info: 0 }, codes: [], ms: 1 })),
    })
    const write = async (name: string, document: object): Promise<string> => {
      const file = join(dir, name)
      await writeFile(file, JSON.stringify(document))
      return file
    }
    const a = await write('a.json', shard(1, ['x'], ['x', 'y']))
    const other = await write('b.json', shard(2, ['z'], ['x', 'z']))
    const different = await runBin(['merge', a, other])
    expect(different.code).to.equal(2)
    expect(different.stderr).to.include('another list of targets')
    const short = await write('c.json', shard(2, [], ['x', 'y']))
    const cut = await runBin(['merge', a, short])
    expect(cut.code).to.equal(2)
    expect(cut.stderr).to.include('the shards hold 1 targets, the fleet has 2')
    const whole = await write('d.json', shard(2, ['y'], ['x', 'y']))
    const ok = await runBin(['merge', a, whole])
    expect(ok.code, ok.stderr).to.equal(0)
  })

  it('fails in JUnit a target that fails without a finding (--fail-on-unchecked)', function () {
    const xml = renderFleet(
      {
        formatVersion: 1,
        kind: 'fleet',
        tool: { name: 'verify-database', version: '0' },
        generatedAt: '2026-01-01T00:00:00.000Z',
        fleet: { size: 1, digest: fleetDigest(['a']) },
        durationMs: 1,
        summary: { targets: 1, passed: 0, failed: 1, unchecked: 0 },
        exitCode: 1,
        targets: [
          {
            name: 'a',
            target: 'a',
            status: 'fail',
            exitCode: 1,
            summary: { error: 0, warning: 0, info: 0 },
            codes: [],
            ms: 1,
            report: { failOn: 'error', failReasons: ['notChecked'], findings: [] },
          },
        ],
      },
      'junit',
    )
    expect(xml).to.match(/<testsuite name="a"[^>]*failures="1"/)
    expect(xml).to.include('fails on: notChecked')
    expect(xml).not.to.include('the schema matches the spec')
  })
})

describe('fleet: targets and shards', function () {
  it('puts each target in one stable shard, and adding a target moves no other', function () {
    const names = Array.from({ length: 200 }, (_, i) => `db-${i}`)
    const shards = [1, 2, 3].map((index) =>
      targetsOfShard(
        names.map((name) => ({ name })),
        { index, total: 3 },
      ).map((t) => t.name),
    )
    expect(shards.flat().sort()).to.deep.equal([...names].sort())
    for (const shard of shards) expect(shard.length).to.be.within(40, 95)
    const before = names.map((n) => shardOf(n, 3))
    expect([...names, 'db-new'].map((n) => shardOf(n, 3)).slice(0, 200)).to.deep.equal(before)
    // Going from 3 to 4 shards moves only what the new shard takes.
    const moved = names.filter((n) => shardOf(n, 4) !== shardOf(n, 3))
    expect(moved.every((n) => shardOf(n, 4) === 4)).to.equal(true)
  })

  it('reads the shard from the flag, Kubernetes or GitLab, and refuses a malformed one', function () {
    expect(parseShard('2/4', {})).to.deep.equal({ index: 2, total: 4 })
    expect(parseShard(undefined, { JOB_COMPLETION_INDEX: '0', JOB_COMPLETIONS: '5' })).to.deep.equal({ index: 1, total: 5 })
    expect(parseShard(undefined, { CI_NODE_INDEX: '3', CI_NODE_TOTAL: '3' })).to.deep.equal({ index: 3, total: 3 })
    expect(parseShard(undefined, {})).to.equal(undefined)
    for (const bad of ['0/3', '4/3', '1/0', 'two/3', '1-3']) expect(() => parseShard(bad, {})).to.throw(UsageError)
  })

  it('refuses a targets file with a password in a URL, a repeated name or a target without a URL, each at its line', function () {
    const text = JSON.stringify(
      {
        targets: [{ name: 'a', url: 'postgres://app:secret@db/a' }, { name: 'a', url: 'postgres://app@db/b' }, { name: 'c' }],
      },
      null,
      2,
    )
    let error: unknown
    try {
      loadTargetsText('targets.json', text)
    } catch (caught) {
      error = caught
    }
    expect(error).to.be.instanceOf(SpecError)
    const message = String((error as Error).message)
    expect(message).to.include('holds a password')
    expect(message).to.include('"a" is also the name of target 1')
    expect(message).to.include('needs url or urlEnv')
    expect(message).to.match(/^targets\.json:\d+:\d+: /)
    expect(message).not.to.include('secret')
    expect(() => loadTargetsText('targets.json', '{"targets": [{"name": "d", "url": "x", "bogus": 1}]}')).to.throw(SpecError, 'bogus')
    expect(() => loadTargetsText('targets.json', '{"targets": [{"name": "d", "url": "x", "templateSchema": "t"}]}')).to.throw(
      SpecError,
      'give it with tenantSchemas',
    )
    expect(() => loadTargetsText('targets.json', '{"targets": [{"name": "d", "url": "x", "tenantsFromQuery": "SELECT 1"}]}')).to.throw(
      SpecError,
      'lists the tenants that must exist: give it with tenantSchemas',
    )
    expect(
      loadTargetsText('targets.json', '{"targets": [{"name": "d", "url": "x", "tenantSchemas": "t_*", "tenantsFromQuery": "SELECT 1"}]}')[0]?.tenantsFromQuery,
    ).to.equal('SELECT 1')
    expect(() => loadTargetsText('targets.json', '{"targets": []}')).to.throw(SpecError)
    expect(loadTargetsText('list.txt', '# fleet\npostgres://app:pw@db/a\n\npglite:/data/b\n').map((t) => t.name)).to.deep.equal([
      'postgres://app:***@db/a',
      'pglite:/data/b',
    ])
  })
})
