/**
 * `--format sarif`: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers. One rule per
 * finding code (all of them, with a description and help, so a viewer can explain any result),
 * one result per finding, located in the spec file like the GitHub annotations: the object's
 * entry, an extra's table entry, else the file's first line. SARIF has words for what the gate
 * stage decides: a finding a rule ignores or the baseline records is a result with a
 * `suppressions` entry (its justification the rule's reason), and with --baseline each result
 * says whether it is new or unchanged, and a fixed baseline entry is an `absent` result.
 * `partialFingerprints` carry the finding's identity (code and object), so code scanning keeps
 * one alert per object across runs whatever the message says.
 */
import { createHash } from 'node:crypto'
import { pathToFileURL } from 'node:url'
import { isAbsolute } from 'node:path'
import type * as Sarif from 'sarif'
import {
  FINDING_CODES,
  type Finding,
  type FindingCode,
  type FindingKind,
  type FindingProblem,
  type MigrationFinding,
  type SequenceBehindFinding,
  type Severity,
} from '../compare/finding.js'
import { identityKey, identityOf, type FindingIdentity } from '../gate/baseline.js'
import { describeFinding, KIND_LABEL, objectLabel } from './describe-finding.js'
import type { Report } from './report.js'
import { adjustmentsOf, coverageLines, engineLabel, findingText, isFailingUnchecked, specFileOf, suppressionText } from './report-text.js'

export const SARIF_SCHEMA_URI = 'https://json.schemastore.org/sarif-2.1.0.json'

const LEVELS: Readonly<Record<Severity, Sarif.Result.level>> = { error: 'error', warning: 'warning', info: 'note' }

export function renderSarif(report: Report): string {
  const ruleIndex = new Map<string, number>(FINDING_CODES.map((code, i) => [code, i]))
  const adjustments = adjustmentsOf(report)
  const hasBaseline = report.baseline !== undefined
  const result = (f: Finding, extra: Partial<Sarif.Result>): Sarif.Result => ({
    ruleId: f.code,
    ruleIndex: ruleIndex.get(f.code) ?? 0,
    level: LEVELS[f.severity],
    message: { text: findingText(f, adjustments) },
    locations: [locationOf(f, report)],
    partialFingerprints: { 'verifyDatabaseIdentity/v1': fingerprint(identityOf(f)) },
    properties: { severity: f.severity, kind: f.kind, problem: f.problem, schema: f.subject.schema, table: f.subject.table, name: f.subject.name },
    ...extra,
  })
  const results: Sarif.Result[] = [
    ...report.findings.map((f) => result(f, hasBaseline ? { baselineState: 'new' } : {})),
    ...report.suppressed.map((s) =>
      result(s.finding, {
        message: { text: describeFinding(s.finding) },
        suppressions: [{ kind: 'external', status: 'accepted', justification: suppressionText(s) }],
        ...(hasBaseline && { baselineState: s.by.kind === 'baseline' ? 'unchanged' : 'new' }),
      }),
    ),
    // A baseline entry no finding matches any more: fixed since the baseline.
    ...report.notices.flatMap((n): Sarif.Result[] =>
      n.entry === undefined
        ? []
        : [
            {
              ruleId: n.entry.code,
              // A code this version does not have (a baseline from another version) has no rule to point at.
              ...(ruleIndex.has(n.entry.code) && { ruleIndex: ruleIndex.get(n.entry.code) }),
              level: 'none',
              kind: 'pass',
              baselineState: 'absent',
              message: { text: n.message },
              locations: specLocations(report),
              partialFingerprints: { 'verifyDatabaseIdentity/v1': fingerprint(n.entry) },
            },
          ],
    ),
  ]
  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: report.tool.name,
            version: report.tool.version,
            semanticVersion: report.tool.version,
            rules: FINDING_CODES.map(ruleOf),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            endTimeUtc: report.generatedAt,
            // What the check could not cover: an error when it fails the run (--fail-on-unchecked).
            toolExecutionNotifications: coverageLines(report).map((text) => ({
              level: isFailingUnchecked(report) ? 'error' : 'note',
              message: { text },
              descriptor: { id: 'not-checked' },
            })),
            // Notices are about the rules and the baseline: the tool's own notifications.
            toolConfigurationNotifications: report.notices
              .filter((n) => n.entry === undefined)
              .map((n) => ({
                level: n.severity === 'warning' ? 'warning' : 'note',
                message: { text: n.message },
                descriptor: { id: n.code },
                ...(n.source !== null && {
                  locations: [n.source.line === undefined ? fileLocation(n.source.file) : regionLocation(n.source.file, n.source.line, n.source.column ?? 1)],
                }),
              })),
          },
        ],
        automationDetails: { id: `verify-database/${report.target.database}/` },
        columnKind: 'unicodeCodePoints',
        results,
        properties: {
          target: report.target.url,
          server: engineLabel(report),
          failOn: report.failOn,
          status: report.status,
          failReasons: report.failReasons,
          summary: { ...report.summary, suppressed: report.suppressed.length },
        },
      },
    ],
  }
  return `${JSON.stringify(log, null, 2)}\n`
}

function locationOf(f: Finding, report: Report): Sarif.Location {
  const located = f.source === null ? (specLocations(report)[0] ?? {}) : regionLocation(f.source.file, f.source.line, f.source.column)
  const { schema, table } = f.subject
  const label = objectLabel(f)
  const fullName = [schema, table, label === '' ? null : label].filter((part): part is string => part !== null).join('.')
  return { ...located, logicalLocations: [{ name: label === '' ? (table ?? '') : label, fullyQualifiedName: fullName }] }
}

/** The spec file's first line; none for a spec that is another database (the result keeps its logical location). */
function specLocations(report: Report): Sarif.Location[] {
  const file = specFileOf(report)
  return file === undefined ? [] : [fileLocation(file)]
}

function regionLocation(file: string, line: number, column: number): Sarif.Location {
  return { physicalLocation: { artifactLocation: artifactOf(file), region: { startLine: line, startColumn: column } } }
}

/** The file itself: its first line (code scanning wants a line to show a result on). */
function fileLocation(file: string): Sarif.Location {
  return regionLocation(file, 1, 1)
}

/** A relative path as a relative URI (code scanning resolves it against the repository); an absolute one as file://. */
function artifactOf(file: string): Sarif.ArtifactLocation {
  if (isAbsolute(file)) return { uri: pathToFileURL(file).href }
  const relative = file.replace(/\\/g, '/').replace(/^(\.\/)+/, '')
  return { uri: relative.split('/').map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' }
}

function fingerprint(identity: FindingIdentity): string {
  return createHash('sha256').update(identityKey(identity)).digest('hex').slice(0, 32)
}

interface RuleText {
  readonly short: (kind: string) => string
  readonly help: string
}

/** The problems every kind of schema object can have: one text each, naming the kind. */
const OBJECT_PROBLEM_TEXT: Readonly<Record<'missing' | 'mismatch' | 'extra' | 'renamed', RuleText>> = {
  missing: {
    short: (kind) => `${kind} expected by the spec is missing`,
    help: 'The spec expects it and the database does not have it: code that uses it fails. `verify-database check --fix` writes the SQL that creates it; `fix --apply` runs it.',
  },
  mismatch: {
    short: (kind) => `${kind} differs from the spec`,
    help: 'It exists, but the attributes the message names differ from the spec (or it is broken: invalid, not valid, not enforced, a foreign key without an index). `verify-database check --fix` writes the repair, and withholds the steps that can lose data until --allow-destructive.',
  },
  extra: {
    short: (kind) => `${kind} not in the spec`,
    help: 'Reported with --strict: the database has it and the spec does not mention it. Add it to the spec if the application needs it; --fix --allow-destructive drops it.',
  },
  renamed: {
    short: (kind) => `${kind} exists under another name`,
    help: 'The same definition exists under another name: the application works, but migrations that name it will not find it. `verify-database check --fix` renames it.',
  },
}

/** Codes that belong to one kind: their text is their own (`behind` means one thing for a migration, another for a sequence). */
const CODE_TEXT: Readonly<Record<MigrationFinding['code'] | SequenceBehindFinding['code'], RuleText>> = {
  'sequence.behind': {
    short: () => 'sequence behind its column’s data',
    help: 'With --health: the next value the sequence gives is one the column already holds, so the next insert that takes the default fails with a duplicate key. `verify-database check --fix` moves the sequence past the data with setval.',
  },
  'migration.behind': {
    short: () => 'migration revision behind the application',
    help: 'The migration history records an older revision than the application expects (or none): run the migrations (the message names the command), or record the revision when the schema already has its objects.',
  },
  'migration.ahead': {
    short: () => 'migration revision ahead of the application',
    help: 'A newer release migrated this database: deploy that release, or downgrade the database.',
  },
  'migration.unknown': {
    short: () => 'migration revision unknown to the application',
    help: "The history records a revision the application's history does not have (another branch, a reverted chain): the migration tool cannot upgrade from it. Compare the schema with the spec and record a known revision once it matches.",
  },
  'migration.missing_table': {
    short: () => 'no migration history table',
    help: 'The database has no migration history: it was never migrated, made by hand, or left half-initialised by an installer. The message says which.',
  },
  'migration.dirty': {
    short: () => 'migration failed or unfinished',
    help: 'The migration tool marked a migration failed or unfinished: repair what it left, then mark it resolved before upgrading again.',
  },
  'migration.stamped': {
    short: () => 'migration recorded but not run',
    help: 'The history records a revision whose tables are missing: it was stamped, not run (or its tables were dropped). `verify-database check --fix` writes the SQL that creates them.',
  },
}

function ruleTextOf(code: FindingCode, problem: FindingProblem): RuleText {
  if (code in CODE_TEXT) return CODE_TEXT[code as keyof typeof CODE_TEXT]
  return OBJECT_PROBLEM_TEXT[problem as keyof typeof OBJECT_PROBLEM_TEXT]
}

function ruleOf(code: FindingCode): Sarif.ReportingDescriptor {
  const [kind, problem] = code.split('.') as [FindingKind, FindingProblem]
  const text = ruleTextOf(code, problem)
  const short = text.short(KIND_LABEL[kind])
  return {
    id: code,
    name: code.replace(/[._](\w)/g, (_m, c: string) => c.toUpperCase()),
    shortDescription: { text: `${short}.` },
    fullDescription: { text: `${short}: ${text.help}` },
    help: { text: `${text.help} Suppress a finding you accept with a rule in the spec's or the config's "suppressions", with its reason.` },
    defaultConfiguration: { enabled: true },
    properties: { tags: ['database-schema', 'postgresql'] },
  }
}

/** A run that could not check (exit 2, 3 or 4): a SARIF log whose one invocation failed, saying why (already redacted). */
export function renderSarifError(message: string, exitCode: number, tool: { readonly name: string; readonly version: string }): string {
  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: tool.name, version: tool.version, semanticVersion: tool.version } },
        invocations: [{ executionSuccessful: false, exitCode, toolExecutionNotifications: [{ level: 'error', message: { text: message } }] }],
        results: [],
      },
    ],
  }
  return `${JSON.stringify(log, null, 2)}\n`
}
