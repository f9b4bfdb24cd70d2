/** check --fix --prove through the public core: the proof reaches the report, the table and the JSON. */
import { expectJsonReport } from '../support/json-report.js'
import { expect } from 'chai'
import { checkDemo } from '../../src/app/demo.js'
import { defaultDeps } from '../../src/app/deps.js'
import { checkDatabase, loadSpec, renderJson, renderTable } from '../../src/index.js'
import { ENGINES } from '../support/databases.js'
import { BASE_SPEC, BASE_SQL } from '../support/drift-cases.js'

describe('check --fix --prove (PGlite target)', () => {
  it('proves the repair of a missing index and a narrowed column on a copy, and reports it', async () => {
    const engine = ENGINES.find((e) => e.name === 'pglite')
    if (engine === undefined) throw new Error('no PGlite engine')
    const spec = await loadSpec('drift-spec.json', { readFile: () => Promise.resolve(JSON.stringify(BASE_SPEC, null, 2)) })
    const db = await engine.createDatabase()
    try {
      await db.session.exec(BASE_SQL)
      await db.session.exec('DROP INDEX ix_projects_name; ALTER TABLE users ALTER COLUMN role TYPE varchar(50)')
      const { report } = await checkDatabase(db.session, spec, { fix: { prove: true } })
      const proof = report.fix?.proof
      expect(proof?.converged).to.equal(true)
      expect(proof?.idempotent).to.equal(true)
      expect(proof?.engine).to.equal('pglite')
      // The narrowing is withheld, so the copy still has it after the repair.
      expect(proof?.remaining.map((r) => r.code)).to.deep.equal(['column.mismatch'])
      const json = expectJsonReport(renderJson(report)) as { fix: { proof: { converged: boolean; ms: number; remaining: { code: string }[] } } }
      expect(json.fix.proof.converged).to.equal(true)
      expect(json.fix.proof.ms).to.be.a('number')
      expect(renderTable(report, { isColor: false, width: 100 })).to.match(
        /Proof: converged on an embedded copy \(PostgreSQL .+\) in \d+\.\d s; applied twice, the second time a no-op\./,
      )
      // The target itself is untouched: the index is still missing.
      const again = await checkDatabase(db.session, spec, {})
      expect(again.report.findings.map((f) => f.code)).to.include('index.missing')
    } finally {
      await db.drop()
    }
  })

  it('proves the repair of the demo database (demo --fix --prove): it converges and the second run is a no-op', async () => {
    const { report } = await checkDemo(defaultDeps({ env: {} }), { fix: { prove: true } })
    expect(report.fix?.statements.length).to.be.greaterThan(5)
    expect(report.fix?.proof?.converged).to.equal(true)
    expect(report.fix?.proof?.idempotent).to.equal(true)
    expect(report.fix?.proof?.failures).to.deep.equal([])
  })
})
