/**
 * The published JSON Schema of the JSON report: a valid draft-07 schema whose closed lists are
 * the code's own (a new finding code, fix phase, hazard or notice must be published with it).
 * That every report the suite produces conforms is checked where they are produced
 * (support/run-bin.ts, support/json-report.ts).
 */
import { readFileSync } from 'node:fs'
import { expect } from 'chai'
import { FINDING_CODES, FINDING_KINDS } from '../../src/compare/finding.js'
import { FIX_PHASES, HAZARDS } from '../../src/fix/fix-plan.js'
import { NOTICE_CODES } from '../../src/gate/gate-findings.js'
import { NOT_CHECKED_KINDS } from '../../src/model/not-checked.js'
import { FAIL_ON_VALUES } from '../../src/report/report.js'
import { REPORT_SCHEMA_PATH, reportValidator } from '../support/json-report.js'

interface Node {
  readonly enum?: readonly unknown[]
  readonly properties?: Readonly<Record<string, Node>>
  readonly items?: Node
  readonly definitions?: Readonly<Record<string, Node>>
}

describe('the JSON report schema (schema/report.schema.json)', () => {
  const schema = JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')) as Node & { $id: string }
  const d = schema.definitions!
  const report = d.report!.properties!

  it('compiles under ajv strict mode, with the documented $id', () => {
    expect(schema.$id).to.equal('https://verify-database.dev/schema/report.schema.json')
    expect(reportValidator()).to.be.a('function')
  })

  it('lists exactly the codes, kinds, phases, hazards, notices and not-checked kinds the code has', () => {
    expect(d.code!.enum).to.deep.equal([...FINDING_CODES])
    expect(d.finding!.properties!.kind!.enum).to.deep.equal([...FINDING_KINDS])
    expect(d.step!.properties!.phase!.enum).to.deep.equal([...FIX_PHASES])
    expect(d.step!.properties!.hazards!.items!.enum).to.deep.equal(Object.keys(HAZARDS))
    expect(report.notices!.items!.properties!.code!.enum).to.deep.equal([...NOTICE_CODES])
    expect(report.notChecked!.items!.properties!.kind!.enum).to.deep.equal([...NOT_CHECKED_KINDS])
    expect(report.failOn!.enum).to.deep.equal([...FAIL_ON_VALUES])
  })

  it('refuses a report that lacks a field or has one it does not know', () => {
    const validate = reportValidator()
    const minimal = {
      formatVersion: 1,
      status: 'pass',
      failReasons: [],
      failOn: 'error',
      tool: { name: 'verify-database', version: '1' },
      generatedAt: '2026-01-01T00:00:00.000Z',
      target: { url: 'pglite:memory', serverVersion: '18', engine: 'pglite', database: 'postgres', user: 'postgres' },
      spec: { file: 's.json', description: null },
      options: { strict: false, failOnUnchecked: false, schemas: ['public'] },
      checked: { tables: 0, columns: 0, constraints: 0, indexes: 0, foreignKeys: 0, triggers: 0, otherObjects: 0 },
      notChecked: [],
      summary: { error: 0, warning: 0, info: 0, suppressed: 0 },
      findings: [],
      suppressed: [],
      notices: [],
    }
    expect(validate(minimal), JSON.stringify(validate.errors)).to.equal(true)
    const withoutNotices = Object.fromEntries(Object.entries(minimal).filter(([key]) => key !== 'notices'))
    expect(validate(withoutNotices)).to.equal(false)
    expect(validate({ ...minimal, surprise: 1 })).to.equal(false)
    expect(validate({ ...minimal, status: 'error' })).to.equal(false)
  })
})
