/**
 * The formats for CI and people, read the way their readers read them: GitHub workflow commands
 * against the command grammar, with each annotation's line and column checked against the spec
 * file's text; Markdown by its structure (headings, tables whose rows have as many cells as their
 * header). Reports come from real checks on PGlite: the demo's broken install, and databases made
 * to have many findings or hostile names.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect } from 'chai'
import { create } from 'xmlbuilder2'
import { checkDatabase } from '../../src/app/check.js'
import { checkDemo, DEMO_SPEC_PATH } from '../../src/app/demo.js'
import { defaultDeps } from '../../src/app/deps.js'
import { ANNOTATIONS_PER_TYPE, escapeData, renderGithub } from '../../src/report/render-github.js'
import { renderJunit } from '../../src/report/render-junit.js'
import { renderMarkdown } from '../../src/report/render-markdown.js'
import { describeFinding } from '../../src/report/describe-finding.js'
import type { Report } from '../../src/report/report.js'
import { loadSpecText } from '../../src/spec/load-spec.js'
import { ENGINES } from '../support/databases.js'
import { runBin } from '../support/run-bin.js'
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'
import type { Log as SarifLog, Result as SarifResult } from 'sarif'
import { FINDING_CODES } from '../../src/compare/finding.js'
import { parseBaseline, type Baseline } from '../../src/gate/baseline.js'
import { renderBaseline } from '../../src/report/render-baseline.js'
import { renderSarif } from '../../src/report/render-sarif.js'

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv

const pglite = ENGINES.find((e) => e.name === 'pglite')!

/** A workflow command: `::name key=value,...::message`, values and message escaped as the toolkit does. */
const COMMAND = /^::(error|warning|notice) ((?:[a-z]+=[^,:\r\n]*)(?:,[a-z]+=[^,:\r\n]*)*)::([^\r\n]*)$/

interface Annotation {
  readonly type: string
  readonly properties: Readonly<Record<string, string>>
  readonly message: string
}

function annotationsOf(output: string): { annotations: Annotation[]; log: string[] } {
  const lines = output.trimEnd().split('\n')
  const stop = lines.findIndex((line) => line.startsWith('::stop-commands::'))
  expect(stop, 'a stop-commands block').to.be.greaterThan(-1)
  const token = lines[stop]!.slice('::stop-commands::'.length)
  expect(token).to.match(/^[0-9a-f]{32}$/)
  expect(lines.at(-1), 'the block ends the output').to.equal(`::${token}::`)
  const annotations = lines.slice(0, stop).map((line) => {
    const match = COMMAND.exec(line)
    expect(match, line).to.not.equal(null)
    // As the runner reads them: pairs split on `,`, each on its first `=` (a value may hold `=`).
    const properties = Object.fromEntries(match![2]!.split(',').map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]))
    return { type: match![1]!, properties, message: match![3]! }
  })
  return { annotations, log: lines.slice(stop + 1, -1) }
}

const unescape = (text: string): string => text.replace(/%2C/g, ',').replace(/%3A/g, ':').replace(/%0A/g, '\n').replace(/%0D/g, '\r').replace(/%25/g, '%')

async function reportOf(spec: object, ddl: string, isStrict = false): Promise<Report> {
  const db = await pglite.createDatabase()
  try {
    await db.session.exec(ddl)
    return (await checkDatabase(db.session, loadSpecText('spec.json', JSON.stringify(spec, null, 2)), { isStrict })).report
  } finally {
    await db.drop()
  }
}

describe('--format github', function () {
  let demo: Report
  before(async () => {
    demo = (await checkDemo(defaultDeps())).report
  })

  it('annotates each finding of the demo on its entry in the spec file, most severe first', async () => {
    const { annotations, log } = annotationsOf(renderGithub(demo))
    const order = ['error', 'warning', 'info']
    const sorted = [...demo.findings].sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity))
    expect(annotations.map((a) => a.type)).to.deep.equal(sorted.map((f) => (f.severity === 'info' ? 'notice' : f.severity)))
    const specLines = (await readFile(DEMO_SPEC_PATH, 'utf8')).split('\n')
    for (const [i, a] of annotations.entries()) {
      const f = sorted[i]!
      expect(unescape(a.properties.title!).startsWith(`${f.code} `)).to.equal(true)
      expect(unescape(a.properties.file!)).to.equal(DEMO_SPEC_PATH)
      // The line and column hold the object's entry: its name as a JSON key, or the `{` of an unnamed one.
      const line = specLines[Number(a.properties.line) - 1] ?? ''
      const at = line.slice(Number(a.properties.col) - 1)
      const name = f.subject.name
      // A migration finding is on the spec's `migrations` entry.
      const key = f.kind === 'migration' ? 'migrations' : name
      expect(at, `annotation ${i}: ${a.properties.title} at ${a.properties.line}:${a.properties.col}`).to.satisfy(
        (text: string) => (key !== null && text.startsWith(`"${key}"`)) || text.startsWith('{'),
      )
    }
    // Every finding is in the log too, inside the stop-commands block, one line each.
    expect(log).to.have.length(demo.findings.length + 1)
    expect(log[0]).to.match(/^✖ \d+ errors?, /)
  })

  it('shows at most 10 annotations of each type, errors first, and says how many more there are', async () => {
    const tables = Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`t${String(i).padStart(2, '0')}`, { columns: { id: { type: 'integer' } } }]))
    const indexes = Array.from({ length: 12 }, (_, i) => ({ name: `ix_${i}`, columns: ['id'] }))
    const report = await reportOf(
      { schemas: { public: { tables: { ...tables, present: { columns: { id: { type: 'integer' } }, indexes } } } } },
      'CREATE TABLE present (id integer)',
    )
    expect(report.summary).to.deep.equal({ error: 13, warning: 12, info: 0 })
    const { annotations, log } = annotationsOf(renderGithub(report))
    expect(annotations.map((a) => a.type)).to.deep.equal([
      ...Array<string>(ANNOTATIONS_PER_TYPE).fill('error'),
      ...Array<string>(ANNOTATIONS_PER_TYPE).fill('warning'),
      'notice',
    ])
    expect(annotations.at(-1)?.message).to.match(/^5 more findings are not shown as annotations/)
    expect(log.filter((line) => / (table|index)\.missing /.test(line))).to.have.length(25)
  })

  it('lets no name from the database break a line or issue a command', async () => {
    const hostile = 'evil\n::error file=x::pwned,%0A'
    const report = await reportOf(
      { schemas: { public: { tables: { t: { columns: { id: { type: 'integer' } } } } } } },
      `CREATE TABLE t (id integer, "${hostile}" text)`,
      true,
    )
    const output = renderGithub(report)
    const { annotations, log } = annotationsOf(output)
    expect(annotations).to.have.length(1)
    expect(unescape(annotations[0]!.message)).to.include(hostile)
    expect(unescape(annotations[0]!.properties.title!)).to.equal(`column.extra public.t.${hostile}`)
    expect(log.every((line) => !line.startsWith('::'))).to.equal(true)
    expect(escapeData('100%\r\n')).to.equal('100%25%0D%0A')
  })
})

describe('--format markdown', function () {
  /** The tables of a Markdown text: each a header row, a delimiter row and body rows, split into cells on unescaped pipes. */
  function tablesOf(markdown: string): string[][][] {
    const tables: string[][][] = []
    let current: string[][] | undefined
    for (const line of markdown.split('\n')) {
      if (!line.startsWith('|')) {
        current = undefined
        continue
      }
      const cells = line
        .slice(1, -1)
        .split(/(?<!\\)\|/)
        .map((cell) => cell.trim())
      if (current === undefined) tables.push((current = []))
      current.push(cells)
    }
    return tables
  }

  it('gives a status heading, the counts, and the findings grouped by table with their messages', async () => {
    const report = (await checkDemo(defaultDeps())).report
    const markdown = renderMarkdown(report)
    const lines = markdown.split('\n')
    expect(lines[0]).to.equal('## ✖ verify-database: the schema does not match')
    const headings = lines.filter((line) => line.startsWith('### '))
    expect(headings.length).to.be.greaterThan(1)
    const tables = tablesOf(markdown)
    expect(tables[0]?.slice(2)).to.deep.equal(['error', 'warning', 'info'].map((s) => [s, String(report.summary[s as keyof typeof report.summary])]))
    for (const table of tables) {
      expect(table[1]?.every((cell) => /^-+:?$/.test(cell))).to.equal(true)
      for (const row of table) expect(row).to.have.length(table[0]!.length)
    }
    const rows = tables.slice(1).flatMap((table) => table.slice(2))
    expect(rows).to.have.length(report.findings.length)
    expect(rows.map((row) => row[1])).to.deep.equal(report.findings.map((f) => `\`${f.code}\``))
  })

  it('escapes names so that they cannot add cells, markup or HTML', async () => {
    const report = await reportOf(
      { schemas: { public: { tables: { t: { columns: { id: { type: 'integer' } } } } } } },
      'CREATE TABLE t (id integer, "a|b <img src=x> *c* [l](u)" text)',
      true,
    )
    const markdown = renderMarkdown(report)
    expect(markdown).to.include('a\\|b \\<img src=x\\> \\*c\\* \\[l\\](u)')
    const rows = tablesOf(markdown)[1]!
    expect(rows.every((row) => row.length === 3)).to.equal(true)
  })

  it('adds the repair as SQL with --fix, and stays under a size limit with a note when shortened', async () => {
    const report = (await checkDemo(defaultDeps(), { fix: { allowDestructive: false, concurrently: false, notValid: false } })).report
    const full = renderMarkdown(report)
    expect(full).to.match(/### Repair\n\n.+\n\n```sql\n/)
    const limit = 1400
    const short = renderMarkdown(report, { maxBytes: limit })
    expect(Buffer.byteLength(short)).to.be.at.most(limit)
    expect(short).to.match(/_Shortened to stay under 1400 bytes: \d+ of \d+ findings and the repair SQL left out; the full report is in the job's output\._\n$/)
    expect(renderMarkdown(report, { maxBytes: 10_000_000 })).to.equal(full)
  })
})

describe('several reports from one check: --format X --output FILE', function () {
  const run = (args: readonly string[], cwd: string): ReturnType<typeof runBin> => runBin(args, { cwd, env: { NO_COLOR: '1' } })

  it('writes each format to its file and the one without a file to stdout, from one check', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'vdb-outputs-'))
    try {
      const spec = path.join(directory, 'spec.json')
      await writeFile(spec, JSON.stringify({ schemas: { public: { tables: { missing: { columns: { id: { type: 'integer' } } } } } } }))
      const r = await run(
        [
          'check',
          '--url',
          'pglite:memory',
          '--spec',
          spec,
          '--format',
          'junit',
          '--output',
          'r.xml',
          '--format=json',
          '--output=r.json',
          '--format',
          'markdown',
        ],
        directory,
      )
      expect([r.code, r.stderr]).to.deep.equal([1, ''])
      expect(r.stdout.startsWith('## ✖ verify-database: the schema does not match\n')).to.equal(true)
      const json = JSON.parse(await readFile(path.join(directory, 'r.json'), 'utf8')) as { generatedAt: string; findings: { code: string }[] }
      expect(json.findings.map((f) => f.code)).to.deep.equal(['table.missing'])
      const xml = create(await readFile(path.join(directory, 'r.xml'), 'utf8')).end({ format: 'object' }) as {
        testsuites: { '@timestamp': string; '@failures': string }
      }
      expect(xml.testsuites['@failures']).to.equal('1')
      // One check: every report has the same moment.
      expect(xml.testsuites['@timestamp']).to.equal(json.generatedAt.slice(0, 19))
    } finally {
      await rm(directory, { recursive: true, force: true })
    }
  })

  it('answers a run that cannot check in JSON on stdout only when the stdout format is json', async () => {
    const unreachable = 'postgresql://x@127.0.0.1:1/x'
    const toStdout = await run(
      ['check', '--url', unreachable, '--spec', DEMO_SPEC_PATH, '--format', 'junit', '--output', 'r.xml', '--format', 'json'],
      tmpdir(),
    )
    expect(toStdout.code).to.equal(3)
    expect((JSON.parse(toStdout.stdout) as { error: { exitCode: number } }).error.exitCode).to.equal(3)
    const toFile = await run(['check', '--url', unreachable, '--spec', DEMO_SPEC_PATH, '--format', 'json', '--output', 'r.json'], tmpdir())
    expect([toFile.code, toFile.stdout]).to.deep.equal([3, ''])
  })

  it('refuses, before connecting, two formats on stdout, an --output without its --format, and one file for two formats', async () => {
    const unreachable = 'postgresql://x@127.0.0.1:1/x'
    const cases: [readonly string[], string][] = [
      [['--format', 'junit', '--format', 'json'], '--format junit, json would all go to stdout: give all but one of them --output FILE'],
      [['--output', 'r.xml', '--format', 'junit'], '--output r.xml: give the --format it writes just before it (e.g. --format junit --output r.xml)'],
      [['--format', 'junit', '--output', 'r', '--format', 'json', '--output', 'r'], '--output r is given for two formats: give each its own file'],
    ]
    for (const [args, message] of cases) {
      const r = await run(['check', '--url', unreachable, '--spec', DEMO_SPEC_PATH, ...args], tmpdir())
      expect([r.code, r.stderr], args.join(' ')).to.deep.equal([2, `verify-database: ${message}\n`])
    }
  })
})

describe('--format github in the CLI', function () {
  it('turns a run that cannot check into one error annotation, without the password', async () => {
    const url = 'postgresql://ci:pw-Never-Shown-7@127.0.0.1:1/app'
    const run = await runBin(['check', '--url', url, '--spec', DEMO_SPEC_PATH, '--format', 'github'])
    expect(run.code).to.equal(3)
    expect(run.stdout).to.match(
      /^::error title=verify-database%3A exit 3::cannot connect to postgresql:\/\/ci@127\.0\.0\.1:1\/app: connection refused[^\n]*\n$/,
    )
    expect(run.stdout + run.stderr).to.not.include('pw-Never-Shown-7')
  })

  it('appends the Markdown report to GITHUB_STEP_SUMMARY, keeping what the file held, and exits as check does', async () => {
    const directory = await mkdtemp(path.join(tmpdir(), 'vdb-github-'))
    try {
      const summary = path.join(directory, 'summary.md')
      await writeFile(summary, '# Earlier step\n')
      const spec = path.join(directory, 'spec.json')
      await writeFile(spec, JSON.stringify({ schemas: { public: { tables: { missing: { columns: { id: { type: 'integer' } } } } } } }, null, 2))
      const run = await runBin(['check', '--url', 'pglite:memory', '--spec', spec, '--format', 'github'], { env: { GITHUB_STEP_SUMMARY: summary } })
      expect(run.code).to.equal(1)
      expect(run.stdout).to.match(/^::error file=.*spec\.json,line=\d+,col=\d+,title=table\.missing public\.missing::Table public\.missing is missing/)
      const written = await readFile(summary, 'utf8')
      expect(written.startsWith('# Earlier step\n## ✖ verify-database: the schema does not match\n')).to.equal(true)
    } finally {
      await rm(directory, { recursive: true, force: true })
    }
  })
})

describe('--format junit', function () {
  interface XmlElement {
    readonly name: string
    readonly attributes: Readonly<Record<string, string>>
    readonly children: readonly XmlElement[]
    readonly text: string
  }

  /** What the test reads of a parsed DOM node (xmlbuilder2 parses into its own DOM). */
  interface DomNode {
    readonly nodeName: string
    readonly textContent: string | null
    readonly attributes?: { readonly length: number; item(index: number): { readonly name: string; readonly value: string } | null }
  }

  /** The document as a tree, read by xmlbuilder2's parser (a real XML parser: malformed XML throws). */
  function parseXml(xml: string): XmlElement {
    const toElement = (node: ReturnType<typeof create>): XmlElement => {
      const dom = node.node as unknown as DomNode
      const children: XmlElement[] = []
      node.each((child) => children.push(toElement(child)), false, false)
      const attributes: Record<string, string> = {}
      for (let i = 0; i < (dom.attributes?.length ?? 0); i++) {
        const attribute = dom.attributes?.item(i)
        if (attribute) attributes[attribute.name] = attribute.value
      }
      return { name: dom.nodeName, attributes, children: children.filter((c) => !c.name.startsWith('#')), text: dom.textContent ?? '' }
    }
    return toElement(create(xml).root())
  }

  const TIME = /^\d+(\.\d+)?$/
  const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/

  /**
   * The rules of the JUnit schema Jenkins and GitLab read (jenkins-junit.xsd): testsuites holds
   * testsuite elements; a testsuite has name, tests, failures, errors, skipped, time, timestamp,
   * then optional properties, then testcases; a testcase has name, classname, time and at most
   * skipped / error / failure / system-out / system-err children; the counts are the children's.
   */
  function expectJunitSchema(root: XmlElement): void {
    expect(root.name).to.equal('testsuites')
    let tests = 0
    let failures = 0
    let skipped = 0
    for (const suite of root.children) {
      expect(suite.name).to.equal('testsuite')
      for (const attribute of ['name', 'tests', 'failures', 'errors', 'skipped', 'time', 'timestamp'])
        expect(suite.attributes, attribute).to.have.property(attribute)
      expect(suite.attributes.time).to.match(TIME)
      expect(suite.attributes.timestamp).to.match(TIMESTAMP)
      const cases = suite.children.filter((c) => c.name === 'testcase')
      expect(suite.children.map((c) => c.name)).to.deep.equal([
        ...(suite.children[0]?.name === 'properties' ? ['properties'] : []),
        ...cases.map(() => 'testcase'),
      ])
      const caseFailures = cases.filter((c) => c.children.some((child) => child.name === 'failure')).length
      const caseSkipped = cases.filter((c) => c.children.some((child) => child.name === 'skipped')).length
      expect([suite.attributes.tests, suite.attributes.failures, suite.attributes.skipped, suite.attributes.errors]).to.deep.equal([
        String(cases.length),
        String(caseFailures),
        String(caseSkipped),
        '0',
      ])
      for (const c of cases) {
        expect(c.attributes).to.include.keys('name', 'classname', 'time')
        expect(c.attributes.classname).to.equal(suite.attributes.name)
        for (const child of c.children) expect(['skipped', 'error', 'failure', 'system-out', 'system-err']).to.include(child.name)
        for (const failure of c.children.filter((child) => child.name === 'failure')) expect(failure.attributes).to.include.keys('message', 'type')
      }
      tests += cases.length
      failures += caseFailures
      skipped += caseSkipped
    }
    expect([root.attributes.tests, root.attributes.failures, root.attributes.skipped]).to.deep.equal([String(tests), String(failures), String(skipped)])
    expect(root.attributes.time).to.match(TIME)
  }

  it("lists every checked object of the demo as a case: findings at --fail-on as failures, lower ones as output, a missing table's parts skipped", async () => {
    const report = (await checkDemo(defaultDeps())).report
    const root = parseXml(renderJunit(report))
    expectJunitSchema(root)
    const c = report.checked
    const suites = root.children
    expect(suites.map((s) => s.attributes.name)).to.deep.equal([...report.expected.tables.map((t) => `public.${t.name}`), 'schema-level objects'])
    const cases = suites.flatMap((s) => s.children.filter((child) => child.name === 'testcase'))
    // One case per table, column, constraint, index, foreign key and trigger, and per schema-level object and schema, and the migration history.
    expect(report.expected.migration).to.not.equal(undefined)
    expect(cases).to.have.length(c.tables + c.columns + c.constraints + c.indexes + c.foreignKeys + c.triggers + c.otherObjects + 1 + 1)
    expect(cases.find((t) => t.attributes.name === 'migration history public.alembic_version')?.children.map((child) => child.attributes.type)).to.deep.equal([
      'migration.stamped',
    ])
    const failures = cases.flatMap((testCase) => testCase.children.filter((child) => child.name === 'failure'))
    expect(failures.map((f) => f.attributes.type).sort()).to.deep.equal(
      report.findings
        .filter((f) => f.severity === 'error')
        .map((f) => f.code)
        .sort(),
    )
    const outputs = cases.flatMap((testCase) => testCase.children.filter((child) => child.name === 'system-out')).map((o) => o.text)
    expect(outputs).to.deep.equal(report.findings.filter((f) => f.severity === 'warning').map((f) => `warning ${f.code}: ${describeFinding(f)}`))
    const costs = suites.find((s) => s.attributes.name === 'public.project_costs')!
    expect(costs.attributes.skipped).to.equal(String(costs.children.filter((child) => child.name === 'testcase').length - 1))
  })

  it('passes every case of a clean run, and fails none with --fail-on never', async () => {
    const spec = { schemas: { public: { tables: { t: { columns: { id: { type: 'integer', nullable: false } }, primaryKey: { columns: ['id'] } } } } } }
    const clean = parseXml(renderJunit(await reportOf(spec, 'CREATE TABLE t (id integer PRIMARY KEY)')))
    expectJunitSchema(clean)
    expect([clean.attributes.tests, clean.attributes.failures, clean.attributes.skipped]).to.deep.equal(['4', '0', '0'])
    const drifted = await reportOf(spec, 'CREATE TABLE t (id bigint)')
    const never = parseXml(renderJunit({ ...drifted, failOn: 'never' }))
    expectJunitSchema(never)
    expect(never.attributes.failures).to.equal('0')
    expect(parseXml(renderJunit(drifted)).attributes.failures).to.equal('2')
  })

  it('writes well-formed XML whatever the names hold: markup, CDATA ends, control characters', async () => {
    const hostile = 'a<b>&"c"]]>\u0001'
    const report = await reportOf(
      { schemas: { public: { tables: { t: { columns: { id: { type: 'integer' } } } } } } },
      `CREATE TABLE t (id integer, "${hostile.replace(/"/g, `""`)}" text)`,
      true,
    )
    const root = parseXml(renderJunit(report))
    expectJunitSchema(root)
    const extra = root.children[0]!.children.find((c) => c.attributes.name?.startsWith('extra column'))
    expect(extra?.attributes.name).to.equal('extra column a<b>&"c"]]>\uFFFD')
  })
})

describe('--format sarif', function () {
  /** The SARIF 2.1.0 JSON Schema as SchemaStore publishes it (the OASIS schema), from the `schemastore` package. */
  let validateSarif: ValidateFunction
  before(async () => {
    const schema = JSON.parse(await readFile(createRequire(import.meta.url).resolve('schemastore/schemas/json/sarif-2.1.0.json'), 'utf8')) as object
    // unicodeRegExp off: the schema's language pattern is not a valid /u regular expression.
    const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false })
    addFormats(ajv)
    validateSarif = ajv.compile(schema)
  })

  const expectValid = (text: string): SarifLog => {
    const log = JSON.parse(text) as SarifLog
    expect(validateSarif(log), JSON.stringify(validateSarif.errors?.slice(0, 3))).to.equal(true)
    return log
  }

  it('is valid SARIF 2.1.0: one rule per finding code, one result per finding, on its entry in the spec file', async () => {
    const demo = (await checkDemo(defaultDeps())).report
    const log = expectValid(renderSarif(demo))
    const run = log.runs[0]!
    expect(run.tool.driver.rules!.map((r) => r.id)).to.deep.equal([...FINDING_CODES])
    expect(run.tool.driver.rules!.every((r) => r.shortDescription?.text !== undefined && r.help?.text !== undefined)).to.equal(true)
    // Each rule speaks of its own kind: the two `behind` codes do not share a text.
    const describedAs = (id: string): string => run.tool.driver.rules!.find((r) => r.id === id)?.shortDescription?.text ?? ''
    expect(describedAs('sequence.behind')).to.match(/^sequence behind/)
    expect(describedAs('migration.behind')).to.match(/^migration revision behind/)
    expect(run.results!.map((r) => r.ruleId)).to.deep.equal(demo.findings.map((f) => f.code))
    const specLines = (await readFile(DEMO_SPEC_PATH, 'utf8')).split('\n')
    for (const [i, result] of run.results!.entries()) {
      const f = demo.findings[i]!
      expect(run.tool.driver.rules![result.ruleIndex!]!.id).to.equal(f.code)
      expect(result.level).to.equal(f.severity === 'info' ? 'note' : f.severity)
      expect(result.message.text).to.equal(describeFinding(f))
      const physical = result.locations![0]!.physicalLocation!
      // The demo's spec is given by its absolute path: a file URI (a relative path stays relative, see gate.test.ts).
      expect(physical.artifactLocation!.uri).to.equal(pathToFileURL(DEMO_SPEC_PATH).href)
      const { startLine, startColumn } = physical.region!
      const at = (specLines[startLine! - 1] ?? '').slice(startColumn! - 1)
      const name = f.subject.name
      const key = f.kind === 'migration' ? 'migrations' : name
      if (f.source !== null) expect(at, `${f.code} ${name}`).to.satisfy((text: string) => (key !== null && text.startsWith(`"${key}"`)) || text.startsWith('{'))
    }
    // The same object gets the same fingerprint in every run, whatever else changes.
    const again = JSON.parse(renderSarif({ ...demo, generatedAt: '2030-01-01T00:00:00.000Z' })) as SarifLog
    expect(again.runs[0]!.results!.map((r) => r.partialFingerprints)).to.deep.equal(run.results!.map((r) => r.partialFingerprints))
  })

  it('says in SARIF words what a rule or the baseline suppressed, what is new, and what was fixed since the baseline', async () => {
    const db = await pglite.createDatabase()
    try {
      await db.session.exec('CREATE TABLE users (id integer)')
      const spec = (rules: object[]): string =>
        JSON.stringify(
          {
            schemas: {
              public: {
                tables: {
                  users: { columns: { id: { type: 'integer' }, email: { type: 'text' } } },
                  audit: { columns: { id: { type: 'integer' } } },
                  gone: { columns: {} },
                },
              },
            },
            suppressions: rules,
          },
          null,
          2,
        )
      const check = async (text: string, baseline?: Baseline): Promise<Report> =>
        (await checkDatabase(db.session, loadSpecText('spec.json', text), baseline === undefined ? {} : { baseline })).report
      const first = await check(spec([]))
      const baselineText = renderBaseline(first.findings, { tool: 't', spec: 'spec.json', target: 'x', createdAt: first.generatedAt })
      await db.session.exec('CREATE TABLE gone (); ALTER TABLE users ADD COLUMN extra integer')
      const rules = [
        { table: 'audit', reason: 'made elsewhere', ignore: true },
        { code: 'view.*', reason: 'stale', ignore: true },
      ]
      const report = await check(spec(rules), parseBaseline('b.json', baselineText))
      const log = expectValid(renderSarif(report))
      const results = log.runs[0]!.results!
      const byRule = (id: string): SarifResult[] => results.filter((r) => r.ruleId === id)
      const audit = results.find((r) => (r.message.text ?? '').includes('public.audit'))!
      // The rule's `{`: the line before its first property.
      const ruleText = spec(rules)
      const ruleLine = ruleText.split('\n').findIndex((line) => line.includes('"table": "audit"'))
      expect(audit.suppressions).to.deep.equal([
        { kind: 'external', status: 'accepted', justification: `ignored by the suppression at spec.json:${ruleLine}:5: made elsewhere` },
      ])
      const email = byRule('column.missing')[0]!
      expect([email.baselineState, email.suppressions?.[0]?.justification]).to.deep.equal(['unchanged', 'in the baseline b.json'])
      const fixed = results.filter((r) => r.baselineState === 'absent')
      expect(fixed.map((r) => [r.ruleId, r.kind, r.level])).to.deep.equal([['table.missing', 'pass', 'none']])
      expect(fixed[0]!.message.text ?? '').to.include('public.gone')
      const notifications = log.runs[0]!.invocations![0]!.toolConfigurationNotifications!
      expect(notifications.map((n) => [n.descriptor?.id, n.level])).to.deep.equal([['suppression.unmatched', 'warning']])
      expect(notifications[0]!.locations![0]!.physicalLocation!.region!.startLine).to.be.greaterThan(1)
    } finally {
      await db.drop()
    }
  })

  it('turns a run that cannot check into a SARIF log whose invocation failed, without the password', async () => {
    const url = 'postgresql://ci:pw-Never-Shown-8@127.0.0.1:1/app'
    const r = await runBin(['check', '--url', url, '--spec', DEMO_SPEC_PATH, '--format', 'sarif'])
    expect(r.code).to.equal(3)
    const log = expectValid(r.stdout)
    const invocation = log.runs[0]!.invocations![0]!
    expect([invocation.executionSuccessful, invocation.exitCode]).to.deep.equal([false, 3])
    expect(r.stdout + r.stderr).to.not.include('pw-Never-Shown-8')
  })
})
