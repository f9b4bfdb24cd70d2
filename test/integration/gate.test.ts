/**
 * The gate stage on real checks (PGlite): suppression rules from the spec and the config file,
 * baselines written and read through the CLI, and every format listing what does not count with
 * why. The database has three differences from the spec: a missing table (error), a missing
 * column (error) and a missing plain index (warning).
 */
import { expectJsonReport } from '../support/json-report.js'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect } from 'chai'
import { checkDatabase, type CheckOptions } from '../../src/app/check.js'
import { SpecError, UsageError } from '../../src/errors.js'
import { parseBaseline } from '../../src/gate/baseline.js'
import { renderBaseline } from '../../src/report/render-baseline.js'
import { openDatabase } from '../../src/introspect/open-database.js'
import { renderReport, OUTPUT_FORMATS } from '../../src/report/renderers.js'
import type { Report } from '../../src/report/report.js'
import { loadSpecText } from '../../src/spec/load-spec.js'
import { ENGINES, type TestDatabase } from '../support/databases.js'
import { runBin } from '../support/run-bin.js'
import { compileRule, type SuppressionRule } from '../../src/gate/suppressions.js'
import { commandOf } from '../../src/cli/options.js'
import { argvWithConfig } from '../../src/cli/config-args.js'
import { loadConfigText } from '../../src/config/load-config.js'
import type { Log as SarifLog } from 'sarif'

const pglite = ENGINES.find((e) => e.name === 'pglite')!

const DDL = `
  CREATE TABLE users (id integer PRIMARY KEY, email text);
  CREATE TABLE projects (id integer PRIMARY KEY, name text);
`

const TABLES = {
  users: { columns: { id: { type: 'integer' }, email: { type: 'text' } }, indexes: [{ name: 'users_email_idx', columns: ['email'] }] },
  projects: { columns: { id: { type: 'integer' }, name: { type: 'text' }, owner_id: { type: 'integer' } } },
  audit_log: { columns: { id: { type: 'integer' } } },
}

/** The spec's text with these rules, as a person would format it (one property per line). */
function specText(suppressions?: readonly object[]): string {
  return `${JSON.stringify({ schemas: { public: { tables: TABLES } }, ...(suppressions !== undefined && { suppressions }) }, null, 2)}\n`
}

const NOW = new Date('2026-06-15T12:00:00Z')

describe('suppressions and baselines', function () {
  let db: TestDatabase

  before(async () => {
    db = await pglite.createDatabase()
    await db.session.exec(DDL)
  })
  after(async () => db.drop())

  const check = async (text: string, options: CheckOptions = {}): Promise<Report> =>
    (await checkDatabase(db.session, loadSpecText('spec.json', text), { now: () => NOW, ...options })).report

  it('finds the three differences without rules', async () => {
    const report = await check(specText())
    expect(report.findings.map((f) => f.code).sort()).to.deep.equal(['column.missing', 'index.missing', 'table.missing'])
    expect(report.suppressed).to.deep.equal([])
  })

  it('an ignore rule lists the finding apart, with its reason and the rule’s place in the spec, and it does not count', async () => {
    const text = specText([{ table: 'audit_*', reason: 'made by the ops job', ignore: true }])
    const report = await check(text)
    expect(report.findings.map((f) => f.code).sort()).to.deep.equal(['column.missing', 'index.missing'])
    expect(report.summary).to.deep.equal({ error: 1, warning: 1, info: 0 })
    expect(report.suppressed).to.have.length(1)
    const [s] = report.suppressed
    expect(s!.finding.code).to.equal('table.missing')
    expect(s!.by.kind).to.equal('rule')
    if (s!.by.kind !== 'rule') return
    expect(s!.by.rule.reason).to.equal('made by the ops job')
    // The rule's line and column hold its `{`, the first item of "suppressions".
    const lines = text.split('\n')
    const { line, column } = s!.by.rule.source
    expect(lines[line! - 1]!.slice(column! - 1)).to.equal('{')
    expect(lines[line!]).to.include('"table": "audit_*"')
  })

  it('a severity rule re-grades the finding and keeps the severity it had; the gate follows the new one', async () => {
    const rules = [
      { code: 'column.missing', name: 'owner_*', reason: 'added by the next release', severity: 'warning' },
      { table: 'audit_log', reason: 'x', ignore: true },
    ]
    const atError = await check(specText(rules))
    expect(atError.findings.find((f) => f.code === 'column.missing')?.severity).to.equal('warning')
    expect(atError.adjusted.map((a) => [a.finding.code, a.from, a.finding.severity])).to.deep.equal([['column.missing', 'error', 'warning']])
    expect(atError.status).to.equal('pass')
    const atWarning = await check(specText(rules), { failOn: 'warning' })
    expect(atWarning.status).to.equal('fail')
    const json = expectJsonReport(renderReport(atError, 'json', { isColor: false })) as {
      findings: { code: string; severity: string; severityFrom?: string; rule?: { reason: string } }[]
    }
    const column = json.findings.find((f) => f.code === 'column.missing')
    expect([column?.severity, column?.severityFrom, column?.rule?.reason]).to.deep.equal(['warning', 'error', 'added by the next release'])
  })

  it('the first rule that matches decides; a rule that matches nothing is a warning notice on its line', async () => {
    const report = await check(
      specText([
        { code: 'table.*', reason: 'first', severity: 'info' },
        { table: 'audit_log', reason: 'second', ignore: true },
        { code: 'trigger.missing', reason: 'stale', ignore: true },
      ]),
    )
    expect(report.findings.find((f) => f.code === 'table.missing')?.severity).to.equal('info')
    expect(report.suppressed).to.deep.equal([])
    expect(report.notices.map((n) => [n.code, n.severity])).to.deep.equal([['suppression.unmatched', 'warning']])
    expect(report.notices[0]!.message).to.include('code=trigger.missing (spec.json:')
    expect(report.status).to.equal('fail')
  })

  it('a rule applies through its until day, and after it the finding counts again and the rule says it expired', async () => {
    const rule = (until: string): object[] => [{ table: 'audit_log', reason: 'temporary', ignore: true, until }]
    const onTheDay = await check(specText(rule('2026-06-15')))
    expect(onTheDay.suppressed).to.have.length(1)
    expect(onTheDay.notices).to.deep.equal([])
    const after = await check(specText(rule('2026-06-14')))
    expect(after.suppressed).to.deep.equal([])
    expect(after.findings.map((f) => f.code)).to.include('table.missing')
    expect(after.notices.map((n) => n.code)).to.deep.equal(['suppression.expired'])
    expect(after.notices[0]!.message).to.match(/expired after 2026-06-14: the finding it matches counts again/)
  })

  it('refuses rules that match everything silently, or say two things, with their file:line:col', () => {
    const text = specText([
      { reason: 'no matcher', ignore: true },
      { code: 'x', reason: 'both', ignore: true, severity: 'info' },
      { code: 'x', reason: 'neither' },
      { code: 'x', reason: 'r', ignore: true, until: '2026-02-30' },
    ])
    let error: unknown
    try {
      loadSpecText('spec.json', text)
    } catch (e) {
      error = e
    }
    expect(error).to.be.instanceOf(SpecError)
    const problems = (error as SpecError).problems
    // Schema first (the impossible date), then nothing else: the stages run on a valid document only.
    expect(problems.map((p) => [p.pointer, p.message])).to.deep.equal([['/suppressions/3/until', 'must be a valid date']])
    const valid = specText([
      { reason: 'no matcher', ignore: true },
      { code: 'x', reason: 'both', ignore: true, severity: 'info' },
      { code: 'x', reason: 'neither' },
    ])
    try {
      loadSpecText('spec.json', valid)
    } catch (e) {
      error = e
    }
    const lines = valid.split('\n')
    const found = (error as SpecError).problems.map((p) => ({ pointer: p.pointer, message: p.message, at: lines[p.line! - 1]!.slice(p.column! - 1) }))
    expect(found.map((p) => p.pointer)).to.deep.equal(['/suppressions/0', '/suppressions/1/severity', '/suppressions/2'])
    expect(found[0]!.message).to.match(/names at least one of code, schema, table, name/)
    expect(found[1]!.message).to.match(/either ignores .* or sets their severity, not both/)
    expect(found[2]!.message).to.match(/"ignore": true, or "severity"/)
    expect(found[1]!.at.startsWith('"info"')).to.equal(true)
  })

  it('a baseline makes only new findings count, lists the known ones, and says which are fixed', async () => {
    const before = await check(specText())
    const text = renderBaseline(
      before.findings.filter((f) => f.code !== 'index.missing'),
      { tool: 't', spec: 'spec.json', target: 'x', createdAt: NOW.toISOString() },
    )
    // One more entry than the database has now: a finding fixed since.
    const withFixed = JSON.parse(text) as { findings: object[] }
    const baseline = parseBaseline('b.json', text)
    expect(baseline.entries).to.have.length(2)
    const report = await check(specText(), { baseline })
    expect(report.findings.map((f) => f.code)).to.deep.equal(['index.missing'])
    expect(report.suppressed.map((s) => [s.finding.code, s.by.kind])).to.have.deep.members([
      ['table.missing', 'baseline'],
      ['column.missing', 'baseline'],
    ])
    expect(report.status).to.equal('pass')
    expect(report.baseline).to.deep.equal({ file: 'b.json', entries: 2, fixed: 0 })
    expect(withFixed.findings).to.have.length(2)
    const spec = { schemas: { public: { tables: { ...TABLES, audit_log: undefined } } } }
    const fixed = await check(JSON.stringify(spec), { baseline })
    expect(fixed.notices.map((n) => n.code)).to.deep.equal(['baseline.fixed'])
    expect(fixed.notices[0]!.message).to.equal('Fixed since the baseline: table.missing public.audit_log; write the baseline again to drop it.')
  })

  it('refuses a baseline edited by hand, cut short, or not one at all (exit 2)', async () => {
    const text = renderBaseline((await check(specText())).findings, { tool: 't', spec: 's', target: 'x', createdAt: NOW.toISOString() })
    const refusals = [
      text.replace('"column.missing"', '"column.extra"'),
      text.replace('users_email_idx', 'users_email_id'),
      text.slice(0, text.length / 2),
      '[]',
      '{"formatVersion":1}',
    ]
    for (const bad of refusals) {
      expect(() => parseBaseline('b.json', bad), bad.slice(0, 60)).to.throw(UsageError, /^baseline b\.json: /)
    }
    // Layout is not content: the same document written differently is the same baseline.
    expect(parseBaseline('b.json', JSON.stringify(JSON.parse(text))).entries).to.have.length(3)
  })

  it('a mismatch that grows another attribute is new drift, not the one the baseline accepted', async () => {
    await db.session.exec('CREATE TABLE notes (body varchar(10) NOT NULL)')
    const spec = JSON.stringify({ schemas: { public: { tables: { notes: { columns: { body: { type: 'varchar(20)', nullable: false } } } } } } })
    const recorded = await check(spec)
    expect(recorded.findings.map((f) => f.code)).to.deep.equal(['column.mismatch'])
    const baseline = parseBaseline('b.json', renderBaseline(recorded.findings, { tool: 't', spec: 's', target: 'x', createdAt: NOW.toISOString() }))
    expect((await check(spec, { baseline })).status).to.equal('pass')
    await db.session.exec('ALTER TABLE notes ALTER COLUMN body DROP NOT NULL')
    const grown = await check(spec, { baseline })
    expect(grown.status).to.equal('fail')
    expect(grown.findings.map((f) => (f.problem === 'mismatch' ? [...f.attributes].sort() : []))).to.deep.equal([['nullable', 'type']])
    // Changed is not fixed: the report's count of fixed entries leaves it out.
    expect(grown.baseline).to.deep.equal({ file: 'b.json', entries: 1, fixed: 0 })
    expect(grown.notices.map((n) => [n.code, n.message])).to.deep.equal([
      ['baseline.changed', 'Changed since the baseline: column.mismatch public.notes.body [type] now differs in [nullable, type], which counts as new drift.'],
    ])
    // The same attribute with another wrong value is new drift too.
    await db.session.exec('ALTER TABLE notes ALTER COLUMN body SET NOT NULL; ALTER TABLE notes ALTER COLUMN body TYPE varchar(5)')
    const retyped = await check(spec, { baseline })
    expect(retyped.findings.map((f) => f.code)).to.deep.equal(['column.mismatch'])
    expect(retyped.status).to.equal('fail')
    expect(retyped.notices.map((n) => n.code)).to.deep.equal(['baseline.changed'])
    await db.session.exec('DROP TABLE notes')
  })

  it('every format lists a suppressed finding with its reason, and the notices', async () => {
    const report = await check(
      specText([
        { table: 'audit_log', reason: 'REASON-MARK', ignore: true },
        { code: 'view.*', reason: 'stale', ignore: true },
      ]),
    )
    for (const format of OUTPUT_FORMATS) {
      const text = renderReport(report, format, { isColor: false })
      expect(text, format).to.include('REASON-MARK')
      expect(text, format).to.include('suppression.unmatched')
    }
  })
})

describe('check --baseline / --write-baseline / --config (the CLI)', function () {
  let dir: string
  let db: TestDatabase

  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vdb-gate-'))
    db = await pglite.createDatabase()
    await db.session.exec(DDL)
    await db.release()
    await writeFile(path.join(dir, 'spec.json'), specText())
  })
  after(async () => {
    await db.drop().catch(() => undefined)
    await rm(dir, { recursive: true, force: true })
  })

  const exec = async (sql: string): Promise<void> => {
    const session = await openDatabase(db.url, { env: {} })
    try {
      await session.exec(sql)
    } finally {
      await session.close()
    }
  }

  it('round trip: write, a new drift alone fails, a fixed one is reported, a tampered file is refused', async () => {
    const written = await runBin(['check', '--spec', 'spec.json', '--url', db.url, '--write-baseline', 'baseline.json'], { cwd: dir })
    expect(written.code, written.stderr).to.equal(1)
    expect(written.stderr).to.include('wrote baseline.json (3 findings)')
    const clean = await runBin(['check', '--spec', 'spec.json', '--url', db.url, '--baseline', 'baseline.json', '--format', 'json'], { cwd: dir })
    expect(clean.code, clean.stderr).to.equal(0)
    const cleanJson = JSON.parse(clean.stdout) as { summary: { suppressed: number }; suppressed: { code: string; suppressedBy: { kind: string } }[] }
    expect(cleanJson.summary.suppressed).to.equal(3)
    expect(cleanJson.suppressed.every((s) => s.suppressedBy.kind === 'baseline')).to.equal(true)

    // A new drift (a column dropped) fails alone; fixing a known one (the index) is reported.
    await exec('ALTER TABLE projects DROP COLUMN name; CREATE INDEX users_email_idx ON users (email)')
    const drifted = await runBin(['check', '--spec', 'spec.json', '--url', db.url, '--baseline', 'baseline.json', '--format', 'json'], { cwd: dir })
    expect(drifted.code, drifted.stderr).to.equal(1)
    const json = JSON.parse(drifted.stdout) as { findings: { code: string; name: string }[]; notices: { code: string; message: string }[]; baseline: object }
    expect(json.findings.map((f) => `${f.code} ${f.name}`)).to.deep.equal(['column.missing name'])
    expect(json.notices.map((n) => n.code)).to.deep.equal(['baseline.fixed'])
    expect(json.notices[0]!.message).to.include('index.missing public.users.users_email_idx')
    expect(json.baseline).to.deep.equal({ file: 'baseline.json', entries: 3, fixed: 1 })

    const text = await readFile(path.join(dir, 'baseline.json'), 'utf8')
    await writeFile(path.join(dir, 'edited.json'), text.replace('"owner_id"', '"owner"'))
    const edited = await runBin(['check', '--spec', 'spec.json', '--url', db.url, '--baseline', 'edited.json'], { cwd: dir })
    expect(edited.code).to.equal(2)
    expect(edited.stderr.trim()).to.equal(
      'verify-database: baseline edited.json: was changed after it was written (its digest does not match its content); write it again with check --write-baseline edited.json',
    )
    await exec('ALTER TABLE projects ADD COLUMN name text; DROP INDEX users_email_idx')
  })

  it('reads settings and rules from the config file; flags win; paths are relative to the file', async () => {
    const config = `${JSON.stringify(
      {
        spec: 'spec.json',
        url: db.url,
        failOn: 'warning',
        outputs: [{ format: 'json' }, { format: 'sarif', file: 'out/r.sarif' }],
        suppressions: [{ table: 'audit_log', reason: 'from the config', ignore: true }],
      },
      null,
      2,
    )}\n`
    await writeFile(path.join(dir, 'ci.json'), config)
    // The rule's `{` is the line before its first property.
    const ruleLine = config.split('\n').findIndex((line) => line.includes('"table": "audit_log"'))
    const sub = path.join(dir, 'sub')
    await mkdir(path.join(dir, 'out'), { recursive: true })
    const run = await runBin(['check', '--config', 'ci.json'], { cwd: dir })
    expect(run.code, run.stderr).to.equal(1)
    const json = JSON.parse(run.stdout) as { failOn: string; suppressed: { suppressedBy: { reason: string; source: { file: string; line: number } } }[] }
    expect(json.failOn).to.equal('warning')
    expect(json.suppressed.map((s) => [s.suppressedBy.reason, s.suppressedBy.source.file, s.suppressedBy.source.line])).to.deep.equal([
      ['from the config', 'ci.json', ruleLine],
    ])
    const sarif = JSON.parse(await readFile(path.join(dir, 'out', 'r.sarif'), 'utf8')) as SarifLog
    expect(sarif.version).to.equal('2.1.0')
    // Relative to the working directory, as code scanning resolves it against the repository.
    const locations = sarif.runs[0]!.results!.map((r) => r.locations![0]!.physicalLocation!.artifactLocation)
    expect(locations).to.deep.include({ uri: 'spec.json', uriBaseId: '%SRCROOT%' })
    // A flag wins over its setting; --format replaces the config's outputs.
    const overridden = await runBin(['check', '--config', 'ci.json', '--fail-on', 'never', '--format', 'markdown'], { cwd: dir })
    expect(overridden.code, overridden.stderr).to.equal(0)
    expect(overridden.stdout).to.match(/^## /)
    // Run from another directory: the spec is found next to the config file.
    await mkdir(sub)
    const elsewhere = await runBin(['check', '--config', '../ci.json', '--format', 'json'], { cwd: sub })
    expect((JSON.parse(elsewhere.stdout) as { spec: { file: string } }).spec.file).to.equal(path.join('..', 'spec.json'))
  })

  it('takes verify-database.config.json from the working directory, and refuses a bad one with file:line:col (exit 2)', async () => {
    const own = await mkdtemp(path.join(tmpdir(), 'vdb-config-'))
    try {
      await writeFile(path.join(own, 'spec.json'), specText())
      await writeFile(path.join(own, 'verify-database.config.json'), JSON.stringify({ spec: 'spec.json', url: db.url, failOn: 'never' }))
      const ok = await runBin(['check', '--format', 'json'], { cwd: own })
      expect(ok.code, ok.stderr).to.equal(0)
      const json = JSON.parse(ok.stdout) as { spec: { file: string }; failOn: string }
      expect([json.spec.file, json.failOn]).to.deep.equal(['spec.json', 'never'])
    } finally {
      await rm(own, { recursive: true, force: true })
    }
    const bad = ['{', '  "url": "postgres://app:s3cret-passw0rd@db/app",', '  "failOn": "sometimes",', '  "strict": "yes"', '}', ''].join('\n')
    await writeFile(path.join(dir, 'bad.json'), bad)
    const refused = await runBin(['check', '--config', 'bad.json'], { cwd: dir })
    expect(refused.code).to.equal(2)
    expect(refused.stderr).to.include('bad.json:3:13: /failOn: must be one of error, warning, info, never (got "sometimes")')
    expect(refused.stderr).to.include('bad.json:4:13: /strict: expected a boolean, got a string')
    const secret = ['{', '  "url": "postgres://app:s3cret-passw0rd@db/app"', '}', ''].join('\n')
    await writeFile(path.join(dir, 'secret.json'), secret)
    const withPassword = await runBin(['check', '--config', 'secret.json'], { cwd: dir })
    expect(withPassword.code).to.equal(2)
    expect(withPassword.stderr).to.include('secret.json:2:10: /url: holds a password')
    expect(withPassword.stderr + withPassword.stdout).to.not.include('s3cret-passw0rd')
    const missing = await runBin(['check', '--config', 'nope.json'], { cwd: dir })
    expect([missing.code, missing.stderr.trim()]).to.deep.equal([2, 'verify-database: nope.json: (document): file not found'])
    const twice = await runBin(['check', '--config', 'a.json', '--config=b.json'], { cwd: dir })
    expect([twice.code, twice.stderr.trim()]).to.deep.equal([2, 'verify-database: --config was given 2 times ("a.json", "b.json"); give it once'])
  })

  it('writes the first baseline to the file the config names, then reads it', async () => {
    await writeFile(path.join(dir, 'with-baseline.json'), JSON.stringify({ spec: 'spec.json', url: db.url, baseline: 'first-baseline.json' }))
    const first = await runBin(['check', '--config', 'with-baseline.json', '--write-baseline', 'first-baseline.json'], { cwd: dir })
    expect([first.code, first.stderr.trim()]).to.deep.equal([1, 'verify-database: wrote first-baseline.json (3 findings)'])
    const then = await runBin(['check', '--config', 'with-baseline.json'], { cwd: dir })
    expect(then.code, then.stderr).to.equal(0)
  })
})

describe('gate hardening (what a review found)', function () {
  const rule = (patterns: Partial<Record<'code' | 'schema' | 'table' | 'name', string>>): SuppressionRule => ({
    patterns,
    reason: 'r',
    action: { kind: 'ignore' },
    source: { file: 's', pointer: '/suppressions/0' },
  })
  const fields = (code: string, name: string | null) => ({ code, schema: 'public', table: 'users', name })

  it('reads parentheses and | in a pattern as characters: the label (email) is not the column email', () => {
    const matches = compileRule(rule({ table: 'users', name: '(email)' }))
    expect(matches(fields('index.missing', '(email)'))).to.equal(true)
    expect(matches(fields('column.missing', 'email'))).to.equal(false)
    expect(compileRule(rule({ name: 'a|b' }))(fields('column.missing', 'a'))).to.equal(false)
    expect(compileRule(rule({ name: '[(]*' }))(fields('index.missing', '(lower(email))'))).to.equal(true)
    expect(compileRule(rule({ code: 'column.*', name: '{id,email}' }))(fields('column.missing', 'email'))).to.equal(true)
  })

  it('refuses a pattern longer than 1000 characters as a spec error, before connecting', () => {
    const text = specText([{ name: 'x'.repeat(1001), reason: 'r', ignore: true }])
    expect(() => loadSpecText('spec.json', text)).to.throw(SpecError, /\/suppressions\/0\/name/)
  })

  it('refuses a baseline nested deeper than it can be read, as exit 2 and not a crash', () => {
    const deep = `{"formatVersion":1,"digest":"sha256:0","findings":[],"x":${'['.repeat(100_000)}${']'.repeat(100_000)}}`
    expect(() => parseBaseline('b.json', deep)).to.throw(UsageError, /^baseline b\.json: /)
  })

  it('finds the command as yargs does: `--schema demo` is a check, and the config applies to it', () => {
    expect(commandOf(['--schema', 'demo'])).to.equal('check')
    expect(commandOf(['--url=x', 'fix', '--spec', 'snapshot'])).to.equal('fix')
    expect(commandOf(['--strict', 'snapshot'])).to.equal('snapshot')
    const config = loadConfigText('c.json', JSON.stringify({ failOn: 'warning', strict: true }), '/tmp')
    expect(argvWithConfig(['--schema', 'demo'], config)).to.deep.equal(['--schema', 'demo', '--strict', '--fail-on=warning'])
    expect(argvWithConfig(['--schema', 'fix', '--no-strict'], config)).to.deep.equal(['--schema', 'fix', '--no-strict', '--fail-on=warning'])
  })

  it('lets DATABASE_URL win over the config url, and refuses any password in it, however short', () => {
    const config = loadConfigText('c.json', JSON.stringify({ url: 'postgres://app@db/app' }), '/tmp')
    expect(argvWithConfig(['check'], config, {})).to.deep.equal(['check', '--url=postgres://app@db/app'])
    expect(argvWithConfig(['check'], config, { DATABASE_URL: 'postgres://ci@other/app' })).to.deep.equal(['check'])
    for (const url of ['postgres://u:abc@h/d', 'host=h password=abc dbname=d', 'postgresql://u:p%zz@h/d']) {
      expect(() => loadConfigText('c.json', JSON.stringify({ url }), '/tmp'), url).to.throw(SpecError, /\/url: holds a password/)
    }
    expect(() => loadConfigText('c.json', JSON.stringify({ url: 'pglite:memory' }), '/tmp')).to.not.throw()
  })
})
