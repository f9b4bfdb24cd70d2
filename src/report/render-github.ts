/**
 * `--format github`: GitHub Actions workflow commands. Each finding becomes an annotation
 * (`::error`, `::warning`, `::notice` for info) with a title, placed on the object's entry in the
 * spec file (its line and column, from the spec's JSON pointers; an extra on its table's entry,
 * else on the file). GitHub shows at most 10 annotations of each type per step, so the most severe
 * come first and a last notice says how many were not shown; every finding is also listed in the
 * log, inside `::stop-commands::` so that no name from the database can issue a command. The step
 * summary (Markdown) is the CLI's business: see stepSummary.
 */
import { randomBytes } from 'node:crypto'
import type { Finding, Severity } from '../compare/finding.js'
import { oneLine } from '../text/one-line.js'
import { describeFinding, objectLabel } from './describe-finding.js'
import { renderMarkdown } from './render-markdown.js'
import type { Report } from './report.js'
import { adjustmentsOf, coverageLines, findingText, isFailingUnchecked, PLAIN, specFileOf, summaryLine, suppressionText } from './report-text.js'

/** GitHub's limit: annotations of one type shown per step. */
export const ANNOTATIONS_PER_TYPE = 10

/** GitHub's limit on the step summary file, per step. */
export const STEP_SUMMARY_LIMIT_BYTES = 1024 * 1024

const COMMANDS: Readonly<Record<Severity, 'error' | 'warning' | 'notice'>> = { error: 'error', warning: 'warning', info: 'notice' }
const SEVERITY_ORDER: readonly Severity[] = ['error', 'warning', 'info']

/** `stopToken`: the token of the stop-commands block (random by default; fixed in tests). */
export function renderGithub(report: Report, stopToken: string = randomBytes(16).toString('hex')): string {
  const lines: string[] = []
  const sorted = SEVERITY_ORDER.flatMap((severity) => report.findings.filter((f) => f.severity === severity))
  let hidden = 0
  const shown = new Map<Severity, number>()
  const adjustments = adjustmentsOf(report)
  const fits = (severity: Severity): boolean => {
    const count = shown.get(severity) ?? 0
    if (count >= ANNOTATIONS_PER_TYPE) {
      hidden++
      return false
    }
    shown.set(severity, count + 1)
    return true
  }
  // What the check could not cover, on the spec file, first: when it fails the run (--fail-on-unchecked)
  // it is the one error that says why, and must not be the one left out for GitHub's limit.
  const coverage = coverageLines(report)
  const coverageSeverity: Severity = isFailingUnchecked(report) ? 'error' : 'info'
  for (const line of coverage) {
    if (fits(coverageSeverity))
      lines.push(command(COMMANDS[coverageSeverity], { ...fileProperty(specFileOf(report)), title: 'verify-database: not checked' }, line))
  }
  for (const f of sorted) {
    if (fits(f.severity)) lines.push(annotation(f, specFileOf(report), findingText(f, adjustments)))
  }
  // About the rules and the baseline: on the rule, where it is to be fixed.
  for (const notice of report.notices) {
    if (!fits(notice.severity)) continue
    const { source } = notice
    const where: Record<string, string> =
      source === null || source.line === undefined
        ? fileProperty(source?.file ?? specFileOf(report))
        : { file: source.file, line: String(source.line), col: String(source.column ?? 1) }
    lines.push(command(COMMANDS[notice.severity], { ...where, title: `verify-database ${notice.code}` }, notice.message))
  }
  if (hidden > 0) {
    const message = `${hidden} more finding${hidden === 1 ? ' is' : 's are'} not shown as annotations (GitHub shows ${ANNOTATIONS_PER_TYPE} of each type per step); all of them are listed in this step's log and summary.`
    lines.push(command('notice', { ...fileProperty(specFileOf(report)), title: 'verify-database: more findings' }, message))
  }
  lines.push(`::stop-commands::${stopToken}`)
  lines.push(logLine(summaryLine(report, PLAIN)))
  for (const line of coverage) lines.push(logLine(line))
  for (const f of sorted) lines.push(`${f.severity} ${f.code} ${logLine(subjectOf(f))}: ${logLine(findingText(f, adjustments))}`)
  for (const s of report.suppressed) {
    lines.push(
      `suppressed ${s.finding.severity} ${s.finding.code} ${logLine(subjectOf(s.finding))}: ${logLine(describeFinding(s.finding))} [${logLine(suppressionText(s))}]`,
    )
  }
  for (const notice of report.notices) lines.push(`${notice.severity} ${notice.code}: ${logLine(notice.message)}`)
  lines.push(`::${stopToken}::`)
  return `${lines.join('\n')}\n`
}

/** A run that could not check (exit 2, 3 or 4) as one error annotation: the message is already redacted. */
export function renderGithubError(message: string, exitCode: number): string {
  return `${command('error', { title: `verify-database: exit ${exitCode}` }, message)}\n`
}

/**
 * The Markdown report for `$GITHUB_STEP_SUMMARY`, shortened (with a note saying so) to stay
 * under GitHub's limit, less what the file already holds.
 */
export function stepSummary(report: Report, bytesAlreadyThere: number): string {
  return renderMarkdown(report, { maxBytes: Math.max(0, STEP_SUMMARY_LIMIT_BYTES - bytesAlreadyThere) })
}

/** `file=` for an annotation on a file; nothing when there is none (a spec that is another database). */
function fileProperty(file: string | undefined): Record<string, string> {
  return file === undefined ? {} : { file }
}

function annotation(f: Finding, specFile: string | undefined, message: string): string {
  const where: Record<string, string> =
    f.source === null ? fileProperty(specFile) : { file: f.source.file, line: String(f.source.line), col: String(f.source.column) }
  return command(COMMANDS[f.severity], { ...where, title: `${f.code} ${subjectOf(f)}` }, message)
}

/** `public.users.email`, `public.users (index on (email))`: the object a title names. */
function subjectOf(f: Finding): string {
  const { schema, table } = f.subject
  const label = objectLabel(f)
  const owner = [schema, table].filter((part) => part !== null).join('.')
  if (label === '') return owner
  return owner === '' ? label : `${owner}.${label}`
}

/** One line of the log: a name with a line break in it must not start a line of its own. */
function logLine(text: string): string {
  return oneLine(text.replace(/\r/g, '\n'))
}

function command(name: string, properties: Readonly<Record<string, string>>, message: string): string {
  const props = Object.entries(properties)
    .map(([key, value]) => `${key}=${escapeProperty(value)}`)
    .join(',')
  return `::${name} ${props}::${escapeData(message)}`
}

/** The workflow-command escapes of a message (GitHub's toolkit: issueCommand's escapeData). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/** The escapes of a property value, which also may not hold `:` or `,` (toolkit: escapeProperty). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}
