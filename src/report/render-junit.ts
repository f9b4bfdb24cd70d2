/**
 * `--format junit`: JUnit XML as GitLab, Jenkins and the common viewers read it. One
 * `<testsuite>` per expected table (and one for the schema-level objects: schemas, extensions,
 * enums, sequences, functions, views), one `<testcase>` per expected object that was checked, so a
 * clean run shows what passed; a finding at or above --fail-on is a `<failure>` of its object's
 * case, one below is `<system-out>`. Findings about objects the spec does not list (extras under
 * --strict) get a case of their own in their table's suite, and the parts of a missing table are
 * `<skipped>`: nothing of them could be checked. The check is one batch, so its time
 * is on `<testsuites>` and the cases say 0. xmlbuilder2 writes the XML: it escapes, and replaces
 * characters XML 1.0 cannot hold (a NUL or a control character in a name) with U+FFFD.
 */
import { createRequire } from 'node:module'
import type { Finding } from '../compare/finding.js'
import { isAtLeast } from '../compare/finding.js'
import { displayColumns, displayQualified } from '../model/object-name.js'
import type { SchemaModel, TableModel } from '../model/schema-model.js'
import { describeFinding } from './describe-finding.js'
import type { Report } from './report.js'
import { adjustmentsOf, coverageLines, engineLabel, findingText, isFailingUnchecked, suppressionText } from './report-text.js'
import type { AdjustedFinding } from '../gate/gate-findings.js'

type XmlBuilder = typeof import('xmlbuilder2')

/** xmlbuilder2, loaded when JUnit is written: its import costs a run that prints a table 75 ms. */
function xmlbuilder2(): XmlBuilder {
  return createRequire(import.meta.url)('xmlbuilder2') as XmlBuilder
}

interface TestCase {
  readonly name: string
  readonly findings: readonly Finding[]
  /** Why the object could not be checked: its table is missing. */
  readonly skipped?: string
  /** A failure that is no finding's: what the check did not cover, under --fail-on-unchecked. */
  readonly failure?: { readonly message: string; readonly text: string }
}

interface TestSuite {
  readonly name: string
  readonly cases: TestCase[]
}

export const SCHEMA_LEVEL_SUITE = 'schema-level objects'
/** The suite of the one case that fails a run under --fail-on-unchecked. */
export const NOT_CHECKED_SUITE = 'not checked'

export function renderJunit(report: Report): string {
  const coverage = coverageLines(report)
  const isFailingOnUnchecked = isFailingUnchecked(report)
  // A run failed only by what it could not check must not read as green in a JUnit viewer.
  const suites = isFailingOnUnchecked
    ? [
        ...suitesOf(report),
        {
          name: NOT_CHECKED_SUITE,
          cases: [
            {
              name: 'objects the check could not cover',
              findings: [],
              failure: { message: 'fails with --fail-on-unchecked', text: coverage.join('\n') },
            },
          ],
        },
      ]
    : suitesOf(report)
  // A suppressed finding is listed in its case's output with why, and never fails it.
  const whySuppressed = new Map(report.suppressed.map((s) => [s.finding, suppressionText(s)]))
  const adjustments = adjustmentsOf(report)
  const isFailure = (f: Finding): boolean => !whySuppressed.has(f) && report.failOn !== 'never' && isAtLeast(f.severity, report.failOn)
  const failures = (cases: readonly TestCase[]): number => cases.filter((c) => c.failure !== undefined || c.findings.some(isFailure)).length
  const skipped = (cases: readonly TestCase[]): number => cases.filter((c) => c.skipped !== undefined).length
  const allCases = suites.flatMap((s) => s.cases)
  const timestamp = report.generatedAt.slice(0, 19)
  const root = xmlbuilder2()
    .create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' })
    .ele('testsuites', {
      name: `verify-database ${report.spec.file}`,
      tests: String(allCases.length),
      failures: String(failures(allCases)),
      errors: '0',
      skipped: String(skipped(allCases)),
      time: seconds(report.durationMs),
      timestamp,
    })
  for (const [id, suite] of suites.entries()) {
    const element = root.ele('testsuite', {
      name: suite.name,
      id: String(id),
      package: 'verify-database',
      tests: String(suite.cases.length),
      failures: String(failures(suite.cases)),
      errors: '0',
      skipped: String(skipped(suite.cases)),
      time: '0',
      timestamp,
    })
    const properties = element.ele('properties')
    const property = (name: string, value: string): void => void properties.ele('property', { name, value })
    property('target', report.target.url)
    property('server', engineLabel(report))
    property('spec', report.spec.file)
    property('fail-on', report.failOn)
    for (const testCase of suite.cases) {
      const caseElement = element.ele('testcase', { name: testCase.name, classname: suite.name, time: '0' })
      if (testCase.skipped !== undefined) caseElement.ele('skipped', { message: testCase.skipped })
      if (testCase.failure !== undefined) caseElement.ele('failure', { message: testCase.failure.message, type: 'notChecked' }).txt(testCase.failure.text)
      const below: string[] = []
      for (const f of testCase.findings) {
        const why = whySuppressed.get(f)
        if (isFailure(f)) caseElement.ele('failure', { message: findingText(f, adjustments), type: f.code }).txt(failureText(f, adjustments))
        else if (why !== undefined) below.push(`suppressed ${f.severity} ${f.code}: ${describeFinding(f)} [${why}]`)
        else below.push(`${f.severity} ${f.code}: ${findingText(f, adjustments)}`)
      }
      if (below.length > 0) caseElement.ele('system-out').txt(below.join('\n'))
    }
    // About the rules and the baseline, and what was not covered (unless that failed a case): not an object's, so in the last suite's output.
    const aboutTheRun = [...(isFailingOnUnchecked ? [] : coverage), ...report.notices.map((n) => `${n.severity} ${n.code}: ${n.message}`)]
    if (id === suites.length - 1 && aboutTheRun.length > 0) element.ele('system-out').txt(aboutTheRun.join('\n'))
  }
  return `${root.end({ prettyPrint: true })}\n`
}

function failureText(f: Finding, adjustments: ReadonlyMap<Finding, AdjustedFinding>): string {
  const where = f.source === null ? '' : `\nspec: ${f.source.file}:${f.source.line}:${f.source.column} (${f.source.pointer})`
  return `${f.severity} ${f.code}: ${findingText(f, adjustments)}${where}`
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3)
}

/** The suites and cases of every expected object, each with the findings about it. */
function suitesOf(report: Report): TestSuite[] {
  // Findings about an expected object carry that very model object (`expected`); extras do not.
  const byObject = new Map<object, Finding[]>()
  const listed = [...report.findings, ...report.suppressed.map((s) => s.finding)]
  const unclaimed = new Set(listed)
  for (const f of listed) {
    if (f.problem === 'extra') continue
    const list = byObject.get(f.expected) ?? []
    list.push(f)
    byObject.set(f.expected, list)
  }
  const testCase = (name: string, object: object): TestCase => {
    const findings = byObject.get(object) ?? []
    for (const f of findings) unclaimed.delete(f)
    return { name, findings }
  }
  const expected: SchemaModel = report.expected
  const tableSuites = new Map<string, TestSuite>()
  for (const table of expected.tables)
    tableSuites.set(displayQualified(table.schema, table.name), { name: displayQualified(table.schema, table.name), cases: tableCases(table, testCase) })
  const schemaLevel: TestSuite = {
    name: SCHEMA_LEVEL_SUITE,
    cases: [
      ...(expected.schemas ?? []).map((name) => ({ name: `schema ${name}`, findings: schemaFindings(listed, name, unclaimed) })),
      ...expected.extensions.map((e) => testCase(`extension ${e.name}`, e)),
      ...expected.enums.map((e) => testCase(`enum ${displayQualified(e.schema, e.name)}`, e)),
      ...expected.sequences.map((s) => testCase(`sequence ${displayQualified(s.schema, s.name)}`, s)),
      ...expected.functions.map((f) => testCase(`function ${displayQualified(f.schema, f.name)}(${(f.argumentTypes ?? []).join(', ')})`, f)),
      ...expected.views.flatMap((v) => [
        testCase(`view ${displayQualified(v.schema, v.name)}`, v),
        ...(v.triggers ?? []).map((t) => testCase(`trigger ${t.name} on ${displayQualified(v.schema, v.name)}`, t)),
      ]),
      // The spec's migrations: one case, passing when the revision is the expected one.
      ...(expected.migration === undefined
        ? []
        : [testCase(`migration history ${displayQualified(expected.migration.schema, expected.migration.table)}`, expected.migration)]),
    ],
  }
  // What no expected object claimed (extras, findings on objects the spec does not list): a case each, in its table's suite.
  for (const f of listed) {
    if (!unclaimed.has(f)) continue
    const { schema, table, name } = f.subject
    const suiteName = table !== null && schema !== null ? displayQualified(schema, table) : undefined
    const suite = suiteName === undefined ? schemaLevel : (tableSuites.get(suiteName) ?? newSuite(tableSuites, suiteName))
    suite.cases.push({ name: `${f.problem} ${f.kind.replace('_', ' ')} ${name ?? ''}`.trimEnd(), findings: [f] })
  }
  return [...tableSuites.values(), schemaLevel]
}

function newSuite(suites: Map<string, TestSuite>, name: string): TestSuite {
  const suite: TestSuite = { name, cases: [] }
  suites.set(name, suite)
  return suite
}

/** A schema is a plain name in the model: its findings are found by subject. */
function schemaFindings(findings: readonly Finding[], name: string, unclaimed: Set<Finding>): Finding[] {
  const found = findings.filter((f) => f.kind === 'schema' && f.problem !== 'extra' && f.subject.name === name)
  for (const f of found) unclaimed.delete(f)
  return found
}

/** The table's cases; when the table itself is missing, its parts are skipped (nothing of them could be checked). */
function tableCases(table: TableModel, testCase: (name: string, object: object) => TestCase): TestCase[] {
  const pk = table.primaryKey
  const whole = testCase('table', table)
  const isMissing = whole.findings.some((f) => f.problem === 'missing')
  const part = (name: string, object: object): TestCase => {
    const found = testCase(name, object)
    return isMissing && found.findings.length === 0 ? { ...found, skipped: 'the table is missing' } : found
  }
  return [
    whole,
    ...table.columns.map((c) => part(`column ${c.name}`, c)),
    ...(pk != null ? [part(`primary key ${pk.name ?? displayColumns(pk.columns)}`, pk)] : []),
    ...table.uniqueConstraints.map((u) => part(`unique ${u.name ?? displayColumns(u.columns)}`, u)),
    ...table.checkConstraints.map((c) => part(`check ${c.name ?? c.expression}`, c)),
    ...table.indexes.map((i) => part(`index ${i.name ?? `(${i.keys.join(', ')})`}`, i)),
    ...table.foreignKeys.map((fk) =>
      part(`foreign key ${fk.name ?? `${displayColumns(fk.columns)} → ${displayQualified(fk.referencedSchema, fk.referencedTable)}`}`, fk),
    ),
    ...table.triggers.map((t) => part(`trigger ${t.name}`, t)),
  ]
}
