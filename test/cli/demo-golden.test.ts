/**
 * The demo's whole output, table and JSON, against golden files (test/golden/demo/): it is the
 * first thing a new user sees, so any change of its wording or payload must show in review. Runs
 * the built bin script in a child process, without colour and at 100 columns.
 */
import path from 'node:path'
import { expect } from 'chai'
import { expectGolden, maskVolatile, repositoryRoot } from '../support/golden.js'
import { runBin } from '../support/run-bin.js'

interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

function run(args: readonly string[]): Promise<Run> {
  return runBin(args, { env: { NO_COLOR: '1', COLUMNS: '100' } })
}

// The demo checks the expected-schema.json of the package, named by its absolute path.
const LITERALS = { [`${repositoryRoot()}${path.sep}`]: '<package>/' }

describe('demo output (golden files)', function () {
  it('prints the table report of the broken install', async () => {
    const r = await run(['demo', '--no-color'])
    expect(r.stderr).to.equal('')
    expect(r.code).to.equal(0)
    expectGolden('demo/demo.table.txt', maskVolatile(r.stdout, 'table', LITERALS))
  })

  it('prints the JSON report of the broken install', async () => {
    const r = await run(['demo', '--no-color', '--format', 'json'])
    expect(r.stderr).to.equal('')
    expect(r.code).to.equal(0)
    expectGolden('demo/demo.json', maskVolatile(r.stdout, 'json', LITERALS))
  })
})
