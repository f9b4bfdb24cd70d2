/** The demo core without a process: the spec and the database come through deps. */
import { expect } from 'chai'
import { readFile } from 'node:fs/promises'
import { DEMO_SPEC_PATH, DEMO_TARGET, checkDemo } from '../../../src/app/demo.js'
import { FIXED_NOW, testDeps } from './test-deps.js'

describe('checkDemo', () => {
  it('checks the broken install in PGlite against the shipped spec, read through deps, stamped by the clock of deps', async () => {
    const deps = testDeps({ files: { [DEMO_SPEC_PATH]: await readFile(DEMO_SPEC_PATH, 'utf8') } })
    const { report } = await checkDemo(deps)
    expect(deps.read).to.deep.equal([DEMO_SPEC_PATH])
    expect(deps.opened.map((o) => o.target)).to.deep.equal([DEMO_TARGET])
    expect(deps.sessions).to.deep.equal({ open: 1, closed: 1 })
    expect(report.generatedAt).to.equal(FIXED_NOW.toISOString())
    expect(report.spec.file).to.equal(DEMO_SPEC_PATH)
    expect(report.target.engine).to.equal('pglite')
    expect(report.status).to.equal('fail')
    expect(report.findings.map((f) => f.code)).to.include.members(['table.missing', 'trigger.missing', 'foreign_key.mismatch'])
  })

  it('uses the spec deps.readFile serves', async () => {
    const spec = { schemas: { public: { tables: { projects: { columns: { id: { type: 'serial' } } } } } } }
    const { report } = await checkDemo(testDeps({ files: { [DEMO_SPEC_PATH]: JSON.stringify(spec) } }))
    expect(report.checked.tables).to.equal(1)
  })
})
