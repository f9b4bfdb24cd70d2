/**
 * `doctor`'s report in its three formats: a screen for a person (`table`), JSON for a script, and
 * Markdown to paste into an issue. All three say the same things in the same order: the
 * connection, the server and its settings, the role's privileges and the GRANTs that close each
 * gap, the spec's extensions, and the check's verdict. Never a password: the target is redacted
 * before it gets here, and no setting read holds one.
 */
import { describeFinding } from './describe-finding.js'
import type { SpecProblem } from '../errors.js'
import { formatSpecProblem } from '../errors.js'
import type { PrivilegeGap } from '../fix/grants.js'
import type { DoctorReport } from './doctor-report.js'
import type { RootCause } from './root-causes.js'
import { escapeMarkdown } from './render-markdown.js'
import { PLAIN, summaryLine } from './report-text.js'

export const DOCTOR_FORMATS = ['table', 'json', 'markdown'] as const
export type DoctorFormat = (typeof DOCTOR_FORMATS)[number]

export function renderDoctor(report: DoctorReport, format: DoctorFormat): string {
  switch (format) {
    case 'table':
      return renderDoctorText(report)
    case 'json':
      return renderDoctorJson(report)
    case 'markdown':
      return renderDoctorMarkdown(report)
  }
}

/** The facts as labelled lines, shared by the text and Markdown forms. */
interface Section {
  readonly title: string
  readonly lines: readonly string[]
}

function sectionsOf(report: DoctorReport): Section[] {
  const { session, schemas, tables, extensions } = report.facts
  const engine = session.engine === 'pglite' ? `PGlite, PostgreSQL ${session.serverVersion}` : `PostgreSQL ${session.serverVersion}`
  const address = session.serverAddress === null ? 'a local socket or in-process' : `${session.serverAddress}:${session.serverPort ?? '?'}`
  const ssl = session.ssl === null ? 'unknown' : session.ssl ? 'yes' : 'no'
  const connection = [
    `${report.target} (${engine})`,
    `database ${session.database} as ${session.user}${session.isSuperuser ? ' (superuser)' : ''}; server at ${address}; TLS in use: ${ssl}`,
    `connections in use: ${session.connectionsInUse ?? 'unknown'} of max_connections ${session.settings['max_connections'] ?? 'unknown'}`,
  ]
  const settings = Object.entries(session.settings)
    .filter(([name]) => name !== 'max_connections')
    .map(([name, value]) => `${name} = ${value === null ? '(not set)' : value === '' ? "''" : value}`)
  const existing = tables.filter((t) => t.exists)
  const readable = existing.filter((t) => t.select).length
  const owned = existing.filter((t) => t.isOwner).length
  const privileges = [
    `CONNECT on database ${session.database}: ${yes(session.canConnect)}`,
    ...schemas.map((s) =>
      s.exists ? `schema ${s.schema}: USAGE ${yes(s.usage)}, CREATE ${yes(s.create)} (owner ${s.owner ?? '?'})` : `schema ${s.schema}: does not exist`,
    ),
    `tables of the spec: ${existing.length} of ${tables.length} exist; SELECT on ${readable} of them, owner of ${owned}`,
    ...ownerOutlierLines(existing),
  ]
  const gaps = [
    ...(report.gaps.toCheck.length === 0
      ? ['to check: nothing missing']
      : ['to check (without these, objects read as missing):', ...report.gaps.toCheck.map(gapLine)]),
    ...(report.gaps.toRepair.length === 0 ? ['to run a repair: nothing missing'] : ['to run a repair (fix --apply):', ...report.gaps.toRepair.map(gapLine)]),
  ]
  const extensionLines =
    extensions.length === 0
      ? ['the spec requires none']
      : extensions.map((e) =>
          e.installedVersion !== null
            ? `${e.name}: installed, version ${e.installedVersion}`
            : e.availableVersion !== null
              ? `${e.name}: NOT installed; the server has version ${e.availableVersion} (CREATE EXTENSION ${e.name})`
              : `${e.name}: NOT installed, and the server does not have it (install the package that ships it)`,
        )
  const spec =
    report.spec.problems.length === 0 ? [`${report.spec.file}`] : [`${report.spec.file} could not be loaded:`, ...report.spec.problems.map(problemLine)]
  const check = report.check.kind === 'checked' ? [summaryLine(report.check.report, PLAIN)] : [`not run: ${report.check.reason}`]
  return [
    { title: 'Connection', lines: connection },
    { title: 'Settings', lines: settings },
    { title: 'Privileges', lines: privileges },
    { title: 'Privilege gaps', lines: gaps },
    { title: 'Extensions', lines: extensionLines },
    { title: 'Spec', lines: spec },
    { title: 'Migrations and data', lines: migrationAndDataLines(report) },
    { title: 'Check', lines: check },
  ]
}

/** The migration state and the data-dependent health from the check: what is wrong, or that nothing is. */
export function migrationAndDataLines(report: DoctorReport): string[] {
  if (report.check.kind !== 'checked') return ['not checked: the check did not run']
  const { findings, suppressed, notChecked } = report.check.report
  const about = [...findings, ...suppressed.map((s) => s.finding)].filter((f) => f.kind === 'migration' || f.code === 'sequence.behind')
  const unread = notChecked.filter((n) => n.kind === 'migration_history' || n.kind === 'sequence_data')
  const lines = [
    ...about.map((f) => `${f.code}: ${describeFinding(f)}`),
    ...unread.map((n) =>
      n.kind === 'migration_history'
        ? `not checked: the migration history in schema ${n.schema} (no SELECT)`
        : `not checked: ${n.count} sequence-fed column(s) in schema ${n.schema} (no SELECT)`,
    ),
  ]
  return lines.length > 0 ? lines : ['migration revision as the spec expects (or the spec names none); no sequence behind its data']
}

/**
 * Tables whose owner differs from the one most of the spec's tables have: made by hand as another
 * role (a superuser's restore, a DBA's hotfix), the next migration that alters them fails with
 * "must be owner of table" when it runs as the usual owner.
 */
export function ownerOutlierLines(tables: readonly { readonly schema: string; readonly name: string; readonly owner: string | null }[]): string[] {
  const counts = new Map<string, number>()
  for (const t of tables) if (t.owner !== null) counts.set(t.owner, (counts.get(t.owner) ?? 0) + 1)
  if (counts.size < 2) return []
  const [usual] = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0] ?? ['']
  const outliers = tables.filter((t) => t.owner !== null && t.owner !== usual)
  const listed = outliers.slice(0, 10).map((t) => `${t.schema}.${t.name} (${t.owner ?? '?'})`)
  const more = outliers.length > 10 ? ` and ${outliers.length - 10} more` : ''
  return [
    `owner differs: ${listed.join(', ')}${more}; the other ${counts.get(usual) ?? 0} are owned by ${usual}: a migration that alters them as ${usual} fails ("must be owner of table"); ALTER TABLE ... OWNER TO ${usual}`,
  ]
}

function yes(value: boolean): string {
  return value ? 'yes' : 'NO'
}

function gapLine(gap: PrivilegeGap): string {
  return `  ${gap.sql}  -- ${gap.what}`
}

function problemLine(problem: SpecProblem): string {
  return `  ${formatSpecProblem(problem)}`
}

/** The diagnosis as plain lines: each cause numbered, its findings, cause, impact and repair indented. */
function diagnosisLines(report: DoctorReport): string[] {
  if (report.check.kind !== 'checked') return ['no diagnosis: the check did not run']
  if (report.diagnosis.length === 0) return ['nothing to diagnose: the database matches the spec']
  return report.diagnosis.flatMap((cause, i) => [
    `${i + 1}. ${cause.title}`,
    ...cause.findings.map((f) => `   - ${describeFinding(f)}`),
    `   Likely cause: ${cause.likelyCause}.`,
    ...cause.impact.map((line) => `   What breaks: ${line}.`),
    ...repairLines(cause.repair).map((line) => `   ${line}`),
  ])
}

/** On the screen the repair is named, not printed: the SQL is in the Markdown and JSON forms, and `check --fix` writes it. */
function repairLines(repair: RootCause['repair']): string[] {
  const statements = (n: number): string => `${n} statement${n === 1 ? '' : 's'}`
  return [
    ...repair.manual.map((m) => `Repair: ${m}`),
    ...(repair.sql.length === 0
      ? []
      : [`${repair.manual.length > 0 ? 'Or by hand' : 'Repair'}: ${statements(repair.sql.length)} of SQL (verify-database check --fix writes them)`]),
    ...(repair.withheld.length === 0 ? [] : [`Withheld: ${statements(repair.withheld.length)} that can lose data (check --fix --allow-destructive)`]),
  ]
}

export function renderDoctorText(report: DoctorReport): string {
  const lines = [`verify-database doctor ${report.tool.version}, ${report.generatedAt}`, '', 'Diagnosis', ...diagnosisLines(report).map((l) => `  ${l}`)]
  for (const section of sectionsOf(report)) {
    lines.push('', section.title)
    for (const line of section.lines) lines.push(`  ${line}`)
  }
  return `${lines.join('\n')}\n`
}

/** The diagnosis in Markdown: a heading per cause, its findings as a list, the repair as an SQL block. */
function diagnosisMarkdown(report: DoctorReport): string {
  if (report.check.kind !== 'checked' || report.diagnosis.length === 0) return `### Diagnosis\n\n${escapeMarkdown(diagnosisLines(report)[0] ?? '')}`
  const entries = report.diagnosis.map((cause, i) => {
    // Folded (<details>): an issue thread stays readable, the SQL is one click away.
    const block = (summary: string, lines: readonly string[]): string =>
      [
        `<details><summary>${summary} (${lines.length} statement${lines.length === 1 ? '' : 's'})</summary>`,
        '',
        '```sql',
        ...lines.map((l) => l.replace(/```/g, '` ` `')),
        '```',
        '',
        '</details>',
      ].join('\n')
    return [
      `#### ${i + 1}. ${escapeMarkdown(cause.title)}`,
      cause.findings.map((f) => `- \`${f.code}\` ${escapeMarkdown(describeFinding(f))}`).join('\n'),
      `**Likely cause:** ${escapeMarkdown(cause.likelyCause)}.`,
      `**What breaks:** ${cause.impact.map(escapeMarkdown).join('; ')}.`,
      ...cause.repair.manual.map((m) => `**Repair:** ${escapeMarkdown(m)}`),
      ...(cause.repair.sql.length === 0
        ? []
        : [
            block(
              cause.repair.manual.length > 0 ? 'Or by hand: SQL from <code>check --fix</code>' : 'Repair: SQL from <code>check --fix</code>',
              cause.repair.sql,
            ),
          ]),
      ...(cause.repair.withheld.length === 0 ? [] : [block('Withheld, can lose data (<code>--allow-destructive</code> runs it)', cause.repair.withheld)]),
    ].join('\n\n')
  })
  return [`### Diagnosis`, ...entries].join('\n\n')
}

export function renderDoctorMarkdown(report: DoctorReport): string {
  const parts = [`## verify-database doctor ${escapeMarkdown(report.tool.version)}`, diagnosisMarkdown(report)]
  for (const section of sectionsOf(report)) {
    const sqlLines = section.title === 'Privilege gaps'
    const body = sqlLines
      ? ['```sql', ...[...report.gaps.toCheck, ...report.gaps.toRepair].map((g) => `${g.sql}  -- ${g.what.replace(/\r?\n/g, ' ')}`), '```']
      : section.lines.map((line) => `- ${escapeMarkdown(line.trim())}`)
    if (sqlLines && report.gaps.toCheck.length + report.gaps.toRepair.length === 0) parts.push(`### ${section.title}\n\nnone`)
    else parts.push(`### ${section.title}\n\n${body.join('\n')}`)
  }
  return `${parts.join('\n\n')}\n`
}

export function renderDoctorJson(report: DoctorReport): string {
  const { session, schemas, tables, extensions } = report.facts
  const document = {
    formatVersion: 1,
    kind: 'doctor',
    tool: report.tool,
    generatedAt: report.generatedAt,
    target: report.target,
    server: {
      engine: session.engine,
      version: session.serverVersion,
      versionNum: session.serverVersionNum,
      address: session.serverAddress,
      port: session.serverPort,
    },
    session: { database: session.database, user: session.user, superuser: session.isSuperuser, ssl: session.ssl, connectionsInUse: session.connectionsInUse },
    settings: session.settings,
    privileges: {
      connect: session.canConnect,
      createInDatabase: session.canCreateInDatabase,
      schemas: schemas.map((s) => ({ schema: s.schema, exists: s.exists, usage: s.usage, create: s.create, owner: s.owner })),
      tables: tables.map((t) => ({ schema: t.schema, name: t.name, exists: t.exists, select: t.select, owner: t.owner, isOwner: t.isOwner })),
    },
    gaps: { toCheck: report.gaps.toCheck, toRepair: report.gaps.toRepair },
    extensions: extensions.map((e) => ({ name: e.name, installed: e.installedVersion, available: e.availableVersion })),
    spec: {
      file: report.spec.file,
      problems: report.spec.problems.map((p) => ({ file: p.file, pointer: p.pointer, line: p.line ?? null, column: p.column ?? null, message: p.message })),
    },
    diagnosis: report.diagnosis.map((cause) => ({
      title: cause.title,
      findings: cause.findings.map((f) => ({
        code: f.code,
        schema: f.subject.schema,
        table: f.subject.table,
        name: f.subject.name,
        message: describeFinding(f),
      })),
      likelyCause: cause.likelyCause,
      impact: cause.impact,
      repair: cause.repair,
    })),
    check:
      report.check.kind === 'checked'
        ? {
            run: true,
            status: report.check.report.status,
            summary: report.check.report.summary,
            verdict: summaryLine(report.check.report, PLAIN),
            migrationAndData: migrationAndDataLines(report),
          }
        : { run: false, reason: report.check.reason },
  }
  return `${JSON.stringify(document, null, 2)}\n`
}
