import { expectJsonReport } from '../support/json-report.js'
import { expect } from 'chai'
import { compareSchemas } from '../../src/compare/compare-schemas.js'
import { renderGithub } from '../../src/report/render-github.js'
import { renderJson } from '../../src/report/render-json.js'
import { renderJunit } from '../../src/report/render-junit.js'
import { renderSarif } from '../../src/report/render-sarif.js'
import { renderTable } from '../../src/report/render-table.js'
import { countChecked, failReasonsOf, isFailing, summarizeFindings, type FailOn, type Report } from '../../src/report/report.js'
import type { NotCheckedCount } from '../../src/model/not-checked.js'
import type { SchemaModel } from '../../src/model/schema-model.js'
import { column, schema, table } from '../support/model-builders.js'

const EXPECTED: SchemaModel = schema({
  tables: [
    table('users', {
      columns: [
        { name: 'id', type: 'integer' },
        { name: 'email', type: 'character varying(80)' },
      ],
    }),
    table('projects', { columns: [{ name: 'id', type: 'integer' }], indexes: [{ name: 'ix_projects_id', keys: ['id'] }] }),
  ],
})
const ACTUAL: SchemaModel = schema({
  tables: [
    table('users', { columns: [column('id', 'integer'), column('email', 'character varying(50)')] }),
    table('projects', { columns: [column('id', 'integer')] }),
  ],
})

/** Three domains (two schemas), one exclusion constraint, two policies. */
const NOT_CHECKED: readonly NotCheckedCount[] = [
  { kind: 'policy', schema: 'public', count: 2 },
  { kind: 'exclusion_constraint', schema: 'public', count: 1 },
  { kind: 'domain', schema: 'app', count: 1 },
  { kind: 'domain', schema: 'public', count: 2 },
]

interface ReportOptions {
  readonly failOn?: FailOn
  readonly notChecked?: readonly NotCheckedCount[]
  readonly isFailOnUnchecked?: boolean
}

function reportFor(expected: SchemaModel, actual: SchemaModel, { failOn = 'error', notChecked = [], isFailOnUnchecked = false }: ReportOptions = {}): Report {
  const findings = compareSchemas(expected, actual, { isStrict: false })
  const failReasons = failReasonsOf(findings, failOn, notChecked, isFailOnUnchecked)
  return {
    formatVersion: 1,
    status: failReasons.length > 0 ? 'fail' : 'pass',
    failReasons,
    failOn,
    tool: { name: 'verify-database', version: '9.9.9' },
    generatedAt: '2026-01-02T03:04:05.000Z',
    target: { url: 'postgres://app:***@db/app', serverVersion: '17.10', engine: 'postgresql', database: 'app', user: 'app' },
    spec: { file: 'expected-schema.json' },
    options: { strict: false, failOnUnchecked: isFailOnUnchecked, schemas: ['public'] },
    checked: countChecked(expected),
    expected,
    durationMs: 12,
    notChecked,
    summary: summarizeFindings(findings),
    findings,
    suppressed: [],
    adjusted: [],
    notices: [],
  }
}

describe('isFailing', () => {
  const findings = compareSchemas(EXPECTED, ACTUAL, { isStrict: false })
  it('fails at the default threshold when there is an error', () => {
    expect(isFailing(findings, 'error')).to.equal(true)
  })
  it('never fails with --fail-on never', () => {
    expect(isFailing(findings, 'never')).to.equal(false)
  })
  it('fails on a warning only when the threshold is warning or info', () => {
    const warningsOnly = findings.filter((f) => f.severity === 'warning')
    expect(warningsOnly).to.have.length(1)
    expect(isFailing(warningsOnly, 'error')).to.equal(false)
    expect(isFailing(warningsOnly, 'warning')).to.equal(true)
    expect(isFailing(warningsOnly, 'info')).to.equal(true)
  })
})

describe('failReasonsOf', () => {
  const findings = compareSchemas(EXPECTED, ACTUAL, { isStrict: false })
  it('fails on objects not checked only with --fail-on-unchecked', () => {
    expect(failReasonsOf([], 'error', NOT_CHECKED, false)).to.deep.equal([])
    expect(failReasonsOf([], 'error', NOT_CHECKED, true)).to.deep.equal(['notChecked'])
    expect(failReasonsOf([], 'error', [], true)).to.deep.equal([])
  })
  it('names every reason, findings first', () => {
    expect(failReasonsOf(findings, 'error', NOT_CHECKED, true)).to.deep.equal(['findings', 'notChecked'])
    expect(failReasonsOf(findings, 'never', NOT_CHECKED, true)).to.deep.equal(['notChecked'])
    expect(failReasonsOf(findings, 'error', NOT_CHECKED, false)).to.deep.equal(['findings'])
  })
})

describe('renderJson', () => {
  it('writes the documented formatVersion 1 document, field by field', () => {
    const document = expectJsonReport(renderJson(reportFor(EXPECTED, ACTUAL))) as Record<string, unknown>
    expect(Object.keys(document)).to.deep.equal([
      'formatVersion',
      'status',
      'failReasons',
      'failOn',
      'tool',
      'generatedAt',
      'target',
      'spec',
      'options',
      'checked',
      'notChecked',
      'summary',
      'findings',
      'suppressed',
      'notices',
    ])
    expect(document.status).to.equal('fail')
    expect(document.failReasons).to.deep.equal(['findings'])
    expect(document.options).to.deep.equal({ strict: false, failOnUnchecked: false, schemas: ['public'] })
    expect(document.notChecked).to.deep.equal([])
    expect(document.summary).to.deep.equal({ error: 1, warning: 1, info: 0, suppressed: 0 })
    expect(document.target).to.deep.equal({ url: 'postgres://app:***@db/app', serverVersion: '17.10', engine: 'postgresql', database: 'app', user: 'app' })
    expect(document.spec).to.deep.equal({ file: 'expected-schema.json', description: null })
    const findings = document.findings as Record<string, unknown>[]
    expect(findings.map((f) => Object.keys(f))).to.deep.equal([
      ['code', 'kind', 'problem', 'attributes', 'severity', 'schema', 'table', 'name', 'expected', 'actual', 'message', 'source', 'consequences'],
      ['code', 'kind', 'problem', 'attributes', 'severity', 'schema', 'table', 'name', 'expected', 'actual', 'message', 'source', 'consequences'],
    ])
    expect(findings[0]).to.deep.include({ code: 'index.missing', table: 'projects', name: 'ix_projects_id', actual: null, severity: 'warning' })
    expect(findings[1]).to.deep.include({
      code: 'column.mismatch',
      attributes: ['type'],
      expected: { type: 'character varying(80)' },
      actual: { type: 'character varying(50)' },
    })
  })

  it('lists what was not checked per kind and schema, and says when that is why the run fails', () => {
    const passing = expectJsonReport(renderJson(reportFor(EXPECTED, EXPECTED, { notChecked: NOT_CHECKED }))) as Record<string, unknown>
    expect(passing.notChecked).to.deep.equal(NOT_CHECKED)
    expect([passing.status, passing.failReasons]).to.deep.equal(['pass', []])
    const failing = expectJsonReport(renderJson(reportFor(EXPECTED, EXPECTED, { notChecked: NOT_CHECKED, isFailOnUnchecked: true }))) as Record<string, unknown>
    expect([failing.status, failing.failReasons]).to.deep.equal(['fail', ['notChecked']])
    expect(failing.options).to.deep.include({ failOnUnchecked: true })
  })

  it('ends with a newline and is stable for the same report', () => {
    const report = reportFor(EXPECTED, ACTUAL)
    const text = renderJson(report)
    expect(text.endsWith('}\n')).to.equal(true)
    expect(renderJson(report)).to.equal(text)
  })
})

describe('renderTable', () => {
  it('groups findings under their table and ends with a one-line summary', () => {
    const text = renderTable(reportFor(EXPECTED, ACTUAL), { isColor: false, width: 100 })
    const projects = text.indexOf('│ public.projects')
    const users = text.indexOf('│ public.users')
    expect(projects).to.be.greaterThan(-1)
    expect(users).to.be.greaterThan(projects)
    expect(text.indexOf('index.missing')).to.be.within(projects, users)
    expect(text.indexOf('column.mismatch')).to.be.greaterThan(users)
    const lines = text.trimEnd().split('\n')
    expect(lines.at(-1)).to.equal(
      '✖ 1 error, 1 warning, 0 info (fails at --fail-on error); checked 2 tables, 3 columns, 0 constraints, 1 index, 0 triggers, 0 other objects.',
    )
  })

  it('wraps to the given width', () => {
    const text = renderTable(reportFor(EXPECTED, ACTUAL), { isColor: false, width: 80 })
    for (const line of text.split('\n').filter((l) => l.startsWith('│'))) expect(line.length).to.be.at.most(80)
  })

  it('uses no ANSI escapes without colour, and colours severities with it', () => {
    const report = reportFor(EXPECTED, ACTUAL)
    expect(renderTable(report, { isColor: false })).not.to.include('\u001b[')
    expect(renderTable(report, { isColor: true })).to.include('\u001b[31merror\u001b[0m')
  })

  it('says what was checked when the schema matches', () => {
    const text = renderTable(reportFor(EXPECTED, EXPECTED), { isColor: false })
    expect(text).to.include('✔ schema matches: checked 2 tables, 3 columns')
    expect(text).not.to.include('┌')
  })

  it('has no "Not checked" line when everything in the schemas was checkable', () => {
    const text = renderTable(reportFor(EXPECTED, EXPECTED), { isColor: false })
    expect(text).not.to.include('not checked')
    expect(text).not.to.include('Not checked')
  })

  it('counts what was not checked in the summary and lists it by kind, summed over schemas', () => {
    const lines = renderTable(reportFor(EXPECTED, EXPECTED, { notChecked: NOT_CHECKED }), { isColor: false })
      .trimEnd()
      .split('\n')
    expect(lines.slice(-2)).to.deep.equal([
      '✔ schema matches: checked 2 tables, 3 columns, 0 constraints, 1 index, 0 triggers, 0 other objects; 6 objects not checked.',
      'Not checked (the spec cannot describe them): 2 row-level security policies, 1 exclusion constraint, 3 domains.',
    ])
  })

  it('says when objects not checked fail the run under --fail-on-unchecked', () => {
    const clean = renderTable(reportFor(EXPECTED, EXPECTED, { notChecked: NOT_CHECKED, isFailOnUnchecked: true }), { isColor: false })
      .trimEnd()
      .split('\n')
    expect(clean.at(-2)).to.equal(
      '✖ 0 errors, 0 warnings, 0 info (passes at --fail-on error); checked 2 tables, 3 columns, 0 constraints, 1 index, 0 triggers, 0 other objects; 6 objects not checked (fails with --fail-on-unchecked).',
    )
    const drift = renderTable(reportFor(EXPECTED, ACTUAL, { notChecked: NOT_CHECKED.slice(1, 2), isFailOnUnchecked: true }), { isColor: false })
      .trimEnd()
      .split('\n')
    expect(drift.slice(-2)).to.deep.equal([
      '✖ 1 error, 1 warning, 0 info (fails at --fail-on error); checked 2 tables, 3 columns, 0 constraints, 1 index, 0 triggers, 0 other objects; 1 object not checked (fails with --fail-on-unchecked).',
      'Not checked (the spec cannot describe them): 1 exclusion constraint.',
    ])
  })

  it('says the run passes when findings stay below --fail-on', () => {
    const text = renderTable(reportFor(EXPECTED, ACTUAL, { failOn: 'never' }), { isColor: false })
    expect(text).to.include('(report only)')
  })
})

describe('what the check could not cover, in the CI formats', () => {
  const NOT_CHECKED_TEXT = 'Not checked (the spec cannot describe them): 2 row-level security policies, 1 exclusion constraint, 3 domains.'
  const junitCounts = (xml: string): string => /<testsuites [^>]*>/.exec(xml)?.[0] ?? ''

  it('fails a JUnit case, a SARIF notification and a GitHub annotation when it fails the run (--fail-on-unchecked)', () => {
    const report = reportFor(EXPECTED, EXPECTED, { notChecked: NOT_CHECKED, isFailOnUnchecked: true })
    expect(report.status).to.equal('fail')
    const xml = renderJunit(report)
    expect(junitCounts(xml)).to.match(/ failures="1"/)
    expect(xml).to.match(/<testsuite name="not checked"[^>]* failures="1"/)
    expect(xml).to.include(`<failure message="fails with --fail-on-unchecked" type="notChecked">${NOT_CHECKED_TEXT}</failure>`)
    const sarif = JSON.parse(renderSarif(report)) as {
      runs: { invocations: { toolExecutionNotifications: { level: string; message: { text: string } }[] }[]; properties: { failReasons: string[] } }[]
    }
    expect(sarif.runs[0]?.invocations[0]?.toolExecutionNotifications).to.deep.equal([
      { level: 'error', message: { text: NOT_CHECKED_TEXT }, descriptor: { id: 'not-checked' } },
    ])
    expect(sarif.runs[0]?.properties.failReasons).to.deep.equal(['notChecked'])
    const github = renderGithub(report, 'token')
    expect(github.split('\n')[0]).to.equal(`::error file=expected-schema.json,title=verify-database%3A not checked::${NOT_CHECKED_TEXT}`)
    expect(github).to.include(`\n${NOT_CHECKED_TEXT}\n`)
  })

  it('lists it without failing anything when it does not fail the run', () => {
    const report = reportFor(EXPECTED, EXPECTED, { notChecked: NOT_CHECKED })
    expect(report.status).to.equal('pass')
    const xml = renderJunit(report)
    expect(junitCounts(xml)).to.match(/ failures="0"/)
    expect(xml).to.not.include('<testsuite name="not checked"')
    expect(xml).to.include(`<system-out>${NOT_CHECKED_TEXT}</system-out>`)
    const sarif = JSON.parse(renderSarif(report)) as { runs: { invocations: { toolExecutionNotifications: { level: string }[] }[] }[] }
    expect(sarif.runs[0]?.invocations[0]?.toolExecutionNotifications.map((n) => n.level)).to.deep.equal(['note'])
    expect(renderGithub(report, 'token').split('\n')[0]).to.equal(
      `::notice file=expected-schema.json,title=verify-database%3A not checked::${NOT_CHECKED_TEXT}`,
    )
  })

  it('says nothing of it when everything was covered', () => {
    const report = reportFor(EXPECTED, EXPECTED)
    expect(renderJunit(report)).to.not.include('not checked')
    const sarif = JSON.parse(renderSarif(report)) as { runs: { invocations: { toolExecutionNotifications: unknown[] }[] }[] }
    expect(sarif.runs[0]?.invocations[0]?.toolExecutionNotifications).to.deep.equal([])
    expect(renderGithub(report, 'token')).to.not.include('not checked')
  })
})
