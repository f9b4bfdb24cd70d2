/**
 * checkFleet in process, where the fleet's own failure modes can be provoked: a bug (an error
 * that is not a UserError) in one target while others are being checked on real PGlite databases.
 */
import { expect } from 'chai'
import { checkFleet, type FleetOptions } from '../../../src/app/fleet.js'
import { renderFleet } from '../../../src/report/fleet-report.js'
import { expectFleetJsonReport } from '../../support/json-report.js'
import { testDeps } from './test-deps.js'

const SQL = 'CREATE TABLE users (id integer PRIMARY KEY, email text NOT NULL);'
const SPEC = {
  schemas: {
    public: { tables: { users: { columns: { id: { type: 'integer' }, email: { type: 'text', nullable: false } }, primaryKey: { columns: ['id'] } } } },
  },
}
const OPTIONS: FleetOptions = { spec: 'spec.json', concurrency: 3 }

describe('checkFleet', function () {
  it('ends the run on our own bug in one target only after the targets being checked have closed their sessions', async function () {
    let othersOpened = (): void => undefined
    const bothOpen = new Promise<void>((resolve) => (othersOpened = resolve))
    let letChecksGoOn = (): void => undefined
    const checksMayGoOn = new Promise<void>((resolve) => (letChecksGoOn = resolve))
    let opened = 0
    const base = testDeps({
      setupSql: SQL,
      files: { 'spec.json': JSON.stringify(SPEC) },
      // The checks of the other targets are held until the bug has been thrown: it happens mid-check.
      wrap(session) {
        if (++opened === 2) othersOpened()
        return {
          displayTarget: session.displayTarget,
          query: async <Row extends object>(sql: string, params?: readonly unknown[]) => {
            await checksMayGoOn
            return session.query<Row>(sql, params)
          },
          exec: async (sql: string) => {
            await checksMayGoOn
            await session.exec(sql)
          },
          close: () => session.close(),
        }
      },
    })
    const bug = new TypeError('a bug of ours')
    const deps = {
      ...base,
      // The third target fails with a bug once the other two are connected.
      openDatabase: async (target: string | undefined, options: Parameters<typeof base.openDatabase>[1]) => {
        if (target !== 'pglite:bug') return base.openDatabase(target, options)
        await bothOpen
        setImmediate(letChecksGoOn)
        throw bug
      },
    }
    const targets = [
      { name: 'a', url: 'pglite:memory' },
      { name: 'b', url: 'pglite:memory' },
      { name: 'buggy', url: 'pglite:bug' },
      { name: 'c', url: 'pglite:memory' },
    ]
    const error = await checkFleet(targets, OPTIONS, deps).then(
      () => undefined,
      (e: unknown) => e,
    )
    expect(error).to.equal(bug)
    // Both checks under way finished and closed their sessions; no target was started after the bug.
    expect(base.sessions).to.deep.equal({ open: 2, closed: 2 })
    expect(base.opened.map((o) => o.target)).to.deep.equal(['pglite:memory', 'pglite:memory'])
  })

  it('checks every target of a fleet without bugs, each with its verdict', async function () {
    const deps = testDeps({ setupSql: SQL, files: { 'spec.json': JSON.stringify(SPEC) } })
    const report = await checkFleet(
      [
        { name: 'a', url: 'pglite:memory' },
        { name: 'b', url: 'pglite:memory' },
      ],
      OPTIONS,
      deps,
    )
    expect(report.targets.map((t) => [t.name, t.status])).to.deep.equal([
      ['a', 'pass'],
      ['b', 'pass'],
    ])
    expect(deps.sessions).to.deep.equal({ open: 2, closed: 2 })
    expect(expectFleetJsonReport<{ targets: unknown[] }>(renderFleet(report, 'json', { isColor: false })).targets).to.have.length(2)
  })

  it("passes a target's tenantsFromQuery on: a tenant its registry lists but the database lacks fails that target", async function () {
    const setupSql = `CREATE SCHEMA t_1; CREATE TABLE t_1.users (id integer PRIMARY KEY);
      CREATE TABLE public.registry (name text); INSERT INTO public.registry VALUES ('t_1'), ('t_2');`
    const spec = { schemas: { tenant: { tables: { users: { columns: { id: { type: 'integer' } }, primaryKey: { columns: ['id'] } } } } } }
    const deps = testDeps({ setupSql, files: { 'spec.json': JSON.stringify(spec) } })
    const target = { url: 'pglite:memory', tenantSchemas: 't_*', templateSchema: 'tenant' }
    const report = await checkFleet(
      [
        { name: 'glob only', ...target },
        { name: 'with registry', ...target, tenantsFromQuery: 'SELECT name FROM public.registry' },
      ],
      OPTIONS,
      deps,
    )
    expect(report.targets.map((t) => [t.name, t.status, t.codes])).to.deep.equal([
      ['glob only', 'pass', []],
      ['with registry', 'fail', ['schema.missing', 'table.missing']],
    ])
  })
})
