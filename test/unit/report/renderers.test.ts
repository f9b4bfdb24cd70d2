import { expect } from 'chai'
import { renderJson } from '../../../src/report/render-json.js'
import { CHECK_OPTIONS, DEMO_OPTIONS } from '../../../src/cli/options.js'
import { compareSchemas } from '../../../src/compare/compare-schemas.js'
import type { NotCheckedCount } from '../../../src/model/not-checked.js'
import { buildReport, type ReportInputs } from '../../../src/report/build-report.js'
import { OUTPUT_FORMATS, RENDERERS, renderReport } from '../../../src/report/renderers.js'
import { FAIL_ON_VALUES } from '../../../src/report/report.js'
import { TOOL_NAME, TOOL_VERSION } from '../../../src/version.js'
import { column, schema, table } from '../../support/model-builders.js'

const EXPECTED = schema({ tables: [table('users', { columns: [column('id', 'integer'), column('email', 'text')] }), table('projects')] })
const ACTUAL = schema({ tables: [table('users', { columns: [column('id', 'integer')] })] })
const NOT_CHECKED: readonly NotCheckedCount[] = [{ kind: 'domain', schema: 'public', count: 2 }]

function inputs(overrides: Partial<ReportInputs> = {}): ReportInputs {
  return {
    expected: EXPECTED,
    findings: compareSchemas(EXPECTED, ACTUAL, { isStrict: false }),
    notChecked: [],
    target: { url: 'postgres://app@db/app', serverVersion: '17.10', engine: 'postgresql', database: 'app', user: 'app' },
    spec: { file: 'expected-schema.json', description: 'the app' },
    durationMs: 12,
    schemas: ['public'],
    isStrict: false,
    failOn: 'error',
    isFailOnUnchecked: false,
    generatedAt: new Date('2026-01-02T03:04:05.000Z'),
    ...overrides,
  }
}

describe('buildReport', () => {
  it('derives status, reasons, counts and summary from what the run produced', () => {
    const report = buildReport(inputs())
    expect(report).to.deep.include({
      formatVersion: 1,
      status: 'fail',
      failReasons: ['findings'],
      failOn: 'error',
      tool: { name: TOOL_NAME, version: TOOL_VERSION },
      generatedAt: '2026-01-02T03:04:05.000Z',
      options: { strict: false, failOnUnchecked: false, schemas: ['public'] },
      checked: { tables: 2, columns: 2, constraints: 0, indexes: 0, foreignKeys: 0, triggers: 0, otherObjects: 0 },
      summary: { error: 2, warning: 0, info: 0 },
    })
    expect(report.findings.map((f) => f.code).sort()).to.deep.equal(['column.missing', 'table.missing'])
  })

  it('passes below --fail-on, and fails on objects not checked only with --fail-on-unchecked', () => {
    expect(buildReport(inputs({ failOn: 'never', notChecked: NOT_CHECKED })).failReasons).to.deep.equal([])
    const unchecked = buildReport(inputs({ failOn: 'never', notChecked: NOT_CHECKED, isFailOnUnchecked: true }))
    expect([unchecked.status, unchecked.failReasons, unchecked.notChecked]).to.deep.equal(['fail', ['notChecked'], NOT_CHECKED])
  })
})

describe('the format registry', () => {
  const report = buildReport(inputs())

  it('has one renderer per output format, and nothing else', () => {
    expect(Object.keys(RENDERERS).sort()).to.deep.equal([...OUTPUT_FORMATS].sort())
  })

  it('renders JSON with the JSON renderer', () => {
    expect(renderReport(report, 'json', { isColor: true, width: 80 })).to.equal(renderJson(report))
  })

  it('passes colour and width to the table', () => {
    const plain = renderReport(report, 'table', { isColor: false, width: 70 })
    expect(plain).not.to.include('\u001b[')
    expect(renderReport(report, 'table', { isColor: true, width: 70 })).to.include('\u001b[')
    const tableLines = (text: string): string[] => text.split('\n').filter((line) => /^[┌│└├]/.test(line))
    expect(Math.max(...tableLines(plain).map((line) => line.length))).to.equal(70)
    expect(Math.max(...tableLines(renderReport(report, 'table', { isColor: false, width: 120 })).map((line) => line.length))).to.equal(120)
  })

  it('is where the CLI takes --format from, as --fail-on comes from the report module (each list written once)', () => {
    expect(CHECK_OPTIONS.format.choices).to.equal(OUTPUT_FORMATS)
    expect(DEMO_OPTIONS.format.choices).to.equal(OUTPUT_FORMATS)
    expect(CHECK_OPTIONS['fail-on'].choices).to.equal(FAIL_ON_VALUES)
  })
})
