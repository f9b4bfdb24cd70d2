/**
 * `--format markdown`: the report for people and issue trackers, and the GitHub step summary. A
 * status heading, the verdict line, a count per severity, then the findings grouped by table (one
 * Markdown table per group, messages in full), what was not checked, and with `--fix` the repair
 * as the SQL file holds it. Text from the database and the spec (names, expressions) is escaped
 * so that it reads as written and cannot add markup, links or HTML.
 */
import type { Finding } from '../compare/finding.js'
import { renderFixSql } from '../fix/fix-script.js'
import { describeFinding } from './describe-finding.js'
import { fixSummary } from './render-fix.js'
import type { Report } from './report.js'
import {
  adjustmentsOf,
  engineLabel,
  findingText,
  groupByTable,
  notCheckedLine,
  specSkippedLine,
  PLAIN,
  summaryLine,
  suppressionText,
  tenantsLine,
} from './report-text.js'
import type { AdjustedFinding } from '../gate/gate-findings.js'

export interface MarkdownOptions {
  /**
   * Keep the text under this many UTF-8 bytes (GitHub's step summary takes 1 MiB): findings that
   * do not fit are left out, and the text says how many, and the repair SQL when it does not fit.
   */
  readonly maxBytes?: number
}

/** Room kept for the closing note of a shortened report. */
const NOTE_ROOM = 400

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const budget = options.maxBytes === undefined ? Infinity : options.maxBytes - NOTE_ROOM
  const head = [
    `## ${statusHeading(report)}`,
    '',
    `${code(report.spec.file)} → ${code(report.target.url)} (${escapeMarkdown(engineLabel(report))})`,
    '',
    escapeMarkdown(summaryLine(report, PLAIN)),
    '',
    '| severity | findings |',
    '|---|---:|',
    ...(['error', 'warning', 'info'] as const).map((severity) => `| ${severity} | ${report.summary[severity]} |`),
    ...(report.suppressed.length > 0 ? [`| suppressed (not counted) | ${report.suppressed.length} |`] : []),
  ]
  const tenants = report.tenants
  if (tenants !== undefined) {
    const drifted = tenants.schemas.filter((t) => t.summary.error + t.summary.warning + t.summary.info > 0)
    head.push('', escapeMarkdown(tenantsLine(report, PLAIN) ?? ''))
    if (drifted.length > 0) {
      head.push('', '| tenant | status | errors | warnings | info | findings |', '|---|---|---:|---:|---:|---|')
      for (const t of drifted) {
        const codes = t.codes.map(code).join(' ')
        head.push(`| ${code(t.schema)} | ${t.status} | ${t.summary.error} | ${t.summary.warning} | ${t.summary.info} | ${codes} |`)
      }
    }
  }
  const parts: string[] = [head.join('\n')]
  let size = byteLength(parts[0] ?? '')
  let shown = 0
  const add = (text: string): boolean => {
    const bytes = byteLength(text) + 2
    if (size + bytes > budget) return false
    parts.push(text)
    size += bytes
    return true
  }
  const adjustments = adjustmentsOf(report)
  groups: for (const [group, findings] of groupByTable(report.findings)) {
    if (!add(`### ${escapeMarkdown(group)}\n\n| severity | finding | details |\n|---|---|---|`)) break
    for (const f of findings) {
      // A group's rows follow its header without a blank line: one Markdown table.
      const row = findingRow(f, adjustments)
      if (size + byteLength(row) + 1 > budget) break groups
      parts[parts.length - 1] += `\n${row}`
      size += byteLength(row) + 1
      shown++
    }
  }
  if (report.suppressed.length > 0) {
    const rows = report.suppressed.map(
      (s) => `| ${s.finding.severity} | ${code(s.finding.code)} | ${escapeMarkdown(describeFinding(s.finding))} | ${escapeMarkdown(suppressionText(s))} |`,
    )
    add([`### Suppressed (not counted)`, '', '| severity | finding | details | why |', '|---|---|---|---|', ...rows].join('\n'))
  }
  if (report.notChecked.length > 0) add(escapeMarkdown(notCheckedLine(report, PLAIN)))
  const skipped = specSkippedLine(report, PLAIN)
  if (skipped !== undefined) add(escapeMarkdown(skipped))
  if (report.notices.length > 0) add(report.notices.map((n) => `- **${n.severity}** ${code(n.code)}: ${escapeMarkdown(n.message)}`).join('\n'))
  const fix = report.fix
  const isFixShown = fix === undefined || add(['### Repair', '', escapeMarkdown(fixSummary(fix)), '', fenced(renderFixSql(fix, null), 'sql')].join('\n'))
  const left = report.findings.length - shown
  if (left > 0 || !isFixShown) {
    const what = [left > 0 ? `${left} of ${report.findings.length} findings` : '', isFixShown ? '' : 'the repair SQL'].filter((w) => w !== '')
    parts.push(`_Shortened to stay under ${options.maxBytes} bytes: ${what.join(' and ')} left out; the full report is in the job's output._`)
  }
  return `${parts.join('\n\n')}\n`
}

function statusHeading(report: Report): string {
  const { error, warning, info } = report.summary
  if (report.status === 'fail') return '✖ verify-database: the schema does not match'
  return error + warning + info === 0 ? '✔ verify-database: the schema matches' : '! verify-database: findings below the threshold'
}

function findingRow(f: Finding, adjustments: ReadonlyMap<Finding, AdjustedFinding>): string {
  return `| ${f.severity} | ${code(f.code)} | ${escapeMarkdown(findingText(f, adjustments))} |`
}

/** Characters that would start markup, a link, HTML or a table cell; `_` only where it could start emphasis. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*[\]<>|~]/g, (c) => `\\${c}`)
    .replace(/(^|\W)_|_(?=\W|$)/g, (match) => match.replace('_', '\\_'))
    .replace(/\r?\n/g, ' ')
}

/** A code span that holds any text: delimited by more backticks than it contains in a row. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${text.replace(/\r?\n/g, ' ')}${pad}${fence}`
}

/** A fenced code block longer than any run of backticks inside it. */
function fenced(text: string, language: string): string {
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((run) => run.length))
  const fence = '`'.repeat(longest + 1)
  return `${fence}${language}\n${text.trimEnd()}\n${fence}`
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8')
}
