/**
 * The repair plan in both formats: the table's Fix section is the plan file's SQL (no header),
 * with comments, hazards and headings set apart by colour only; JSON maps each step field by
 * field, and a report without --fix has no `fix` at all.
 */
import { expectJsonReport } from '../../support/json-report.js'
import { expect } from 'chai'
import type { FixPlan } from '../../../src/fix/fix-plan.js'
import { renderFixSql } from '../../../src/fix/fix-script.js'
import { buildReport } from '../../../src/report/build-report.js'
import { fixSummary } from '../../../src/report/render-fix.js'
import { renderJson } from '../../../src/report/render-json.js'
import { renderTable } from '../../../src/report/render-table.js'
import { schema } from '../../support/model-builders.js'

const PLAN: FixPlan = {
  serverVersionNum: 170004,
  statements: [
    {
      phase: 'column',
      sql: ['ALTER TABLE public.users ADD COLUMN IF NOT EXISTS mood text'],
      resolves: [{ code: 'column.missing', subject: { kind: 'column', schema: 'public', table: 'users', name: 'mood' } }],
      hazards: [],
      notes: [],
      searchSchema: 'public',
    },
    {
      phase: 'index',
      sql: ['CREATE INDEX CONCURRENTLY IF NOT EXISTS users_mood_idx ON public.users (mood)'],
      resolves: [{ code: 'index.missing', subject: { kind: 'index', schema: 'public', table: 'users', name: 'users_mood_idx' } }],
      hazards: ['outside_transaction'],
      notes: ['public.users has about 0 rows'],
      searchSchema: 'public',
      isOutsideTransaction: true,
    },
  ],
  withheld: [
    {
      phase: 'column_change',
      sql: ['ALTER TABLE public.users ALTER COLUMN email SET NOT NULL'],
      resolves: [{ code: 'column.mismatch', subject: { kind: 'column', schema: 'public', table: 'users', name: 'email' } }],
      hazards: ['may_fail_on_existing_rows', 'scans_table'],
      notes: [],
      searchSchema: 'public',
    },
  ],
  unrepairable: [
    {
      resolves: { code: 'function.missing', subject: { kind: 'function', schema: 'public', table: null, name: 'touch', arguments: ['integer'] } },
      reason: 'the spec does not give its body',
    },
  ],
}

function reportWith(fix: FixPlan | undefined): ReturnType<typeof buildReport> {
  return buildReport({
    expected: schema({}),
    findings: [],
    notChecked: [],
    target: { url: 'postgres://app@db/app', serverVersion: '17.4', engine: 'postgresql', database: 'app', user: 'app' },
    spec: { file: 'expected-schema.json' },
    durationMs: 12,
    schemas: ['public'],
    isStrict: false,
    failOn: 'error',
    isFailOnUnchecked: false,
    generatedAt: new Date('2026-01-02T03:04:05.000Z'),
    ...(fix !== undefined && { fix }),
  })
}

describe('the Fix section of the table output', () => {
  it('follows the summary: a line that counts, then the plan file’s SQL without its header', () => {
    const text = renderTable(reportWith(PLAN), { isColor: false })
    const start = text.indexOf('\nFix: ')
    expect(start).to.be.greaterThan(text.indexOf('schema matches'))
    expect(text.slice(start)).to.equal(
      `\nFix: 2 repairs to run (2 statements), 1 withheld (needs --allow-destructive), 1 cannot be repaired automatically.\n\n${renderFixSql(PLAN, null)}`,
    )
  })

  it('colours headings bold, hazards yellow and other comments dim, and leaves the SQL plain', () => {
    const lines = renderTable(reportWith(PLAN), { isColor: true }).split('\n')
    expect(lines).to.include(
      '\u001b[1mFix\u001b[0m: 2 repairs to run (2 statements), 1 withheld (needs --allow-destructive), 1 cannot be repaired automatically.',
    )
    expect(lines).to.include('ALTER TABLE public.users ADD COLUMN IF NOT EXISTS mood text;')
    expect(lines).to.include('\u001b[2m-- [column.missing] public.users.mood\u001b[0m')
    expect(lines.filter((line) => line.startsWith('\u001b[33m--   may_fail_on_existing_rows: '))).to.have.length(1)
    expect(lines.filter((line) => line.startsWith('\u001b[1m-- Withheld:'))).to.have.length(1)
    expect(lines).to.include('\u001b[1m-- Cannot be repaired automatically:\u001b[0m')
  })

  it('says when there is nothing to repair, and is absent without --fix', () => {
    const empty: FixPlan = { serverVersionNum: 170004, statements: [], withheld: [], unrepairable: [] }
    expect(fixSummary(empty)).to.equal('nothing to repair.')
    expect(renderTable(reportWith(empty), { isColor: false }).endsWith('\n\nFix: nothing to repair.\n')).to.equal(true)
    expect(renderTable(reportWith(undefined), { isColor: false })).not.to.include('Fix')
  })
})

describe('fix in the JSON report', () => {
  it('maps statements, withheld steps and what cannot be repaired field by field', () => {
    const document = expectJsonReport(renderJson(reportWith(PLAN))) as { formatVersion: number; fix: unknown }
    expect(document.formatVersion).to.equal(1)
    expect(document.fix).to.deep.equal({
      statements: [
        {
          phase: 'column',
          sql: ['ALTER TABLE public.users ADD COLUMN IF NOT EXISTS mood text'],
          resolves: [{ code: 'column.missing', schema: 'public', table: 'users', name: 'mood' }],
          hazards: [],
          notes: [],
          searchSchema: 'public',
          outsideTransaction: false,
        },
        {
          phase: 'index',
          sql: ['CREATE INDEX CONCURRENTLY IF NOT EXISTS users_mood_idx ON public.users (mood)'],
          resolves: [{ code: 'index.missing', schema: 'public', table: 'users', name: 'users_mood_idx' }],
          hazards: ['outside_transaction'],
          notes: ['public.users has about 0 rows'],
          searchSchema: 'public',
          outsideTransaction: true,
        },
      ],
      withheld: [
        {
          phase: 'column_change',
          sql: ['ALTER TABLE public.users ALTER COLUMN email SET NOT NULL'],
          resolves: [{ code: 'column.mismatch', schema: 'public', table: 'users', name: 'email' }],
          hazards: ['may_fail_on_existing_rows', 'scans_table'],
          notes: [],
          searchSchema: 'public',
          outsideTransaction: false,
        },
      ],
      unrepairable: [
        { code: 'function.missing', schema: 'public', table: null, name: 'touch', arguments: ['integer'], reason: 'the spec does not give its body' },
      ],
    })
    expect(expectJsonReport(renderJson(reportWith(undefined)))).not.to.have.property('fix')
  })
})
