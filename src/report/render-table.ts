import { createRequire } from 'node:module'
import type TableConstructor from 'cli-table3'
import type { Severity } from '../compare/finding.js'
import { describeFinding } from './describe-finding.js'
import { renderFixSection } from './render-fix.js'
import type { Report } from './report.js'
import {
  adjustmentsOf,
  engineLabel,
  findingText,
  groupByTable,
  notCheckedLine,
  specSkippedLine,
  summaryLine,
  suppressionText,
  tenantsLine,
} from './report-text.js'

export interface TableRenderOptions {
  /** ANSI colour; the CLI enables it only on a TTY without NO_COLOR / --no-color. */
  readonly isColor: boolean
  /** Terminal width to wrap messages to (default 100). */
  readonly width?: number
}

const ANSI = { red: 31, yellow: 33, cyan: 36, green: 32, bold: 1, dim: 2 } as const
type Style = keyof typeof ANSI

const SEVERITY_STYLE: Readonly<Record<Severity, Style>> = { error: 'red', warning: 'yellow', info: 'cyan' }

/** cli-table3, loaded when a table is drawn: a run that prints JSON need not pay its import. */
function cliTable3(): typeof TableConstructor {
  return createRequire(import.meta.url)('cli-table3') as typeof TableConstructor
}

/**
 * Findings grouped by table, each group a cli-table3 table, then a one-line summary and, when the
 * checked schemas hold objects the spec cannot describe, one line that counts them by kind; with
 * `--fix`, the Fix section (render-fix.ts).
 */
export function renderTable(report: Report, options: TableRenderOptions): string {
  const paint = (style: Style, text: string): string => (options.isColor ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text)
  const width = Math.max(60, Math.min(options.width ?? 100, 160))
  const lines: string[] = [`${paint('bold', 'verify-database')} ${report.spec.file} → ${report.target.url} (${engineLabel(report)})`]
  if (report.findings.length > 0) {
    const table = new (cliTable3())({
      head: ['severity', 'finding', 'details'],
      colWidths: [10, 22, width - 10 - 22 - 4],
      wordWrap: true,
      style: { head: options.isColor ? ['bold'] : [], border: options.isColor ? ['grey'] : [] },
    })
    const adjustments = adjustmentsOf(report)
    for (const [group, findings] of groupByTable(report.findings)) {
      table.push([{ colSpan: 3, content: paint('bold', group) }])
      for (const f of findings) table.push([paint(SEVERITY_STYLE[f.severity], f.severity), f.code, findingText(f, adjustments)])
    }
    lines.push(table.toString())
  }
  if (report.suppressed.length > 0) {
    // Listed, never dropped: what does not count, and why.
    lines.push('', paint('bold', `Suppressed (${report.suppressed.length}, not counted):`))
    for (const s of report.suppressed)
      lines.push(`  ${paint('dim', `${s.finding.severity} ${s.finding.code}`)} ${describeFinding(s.finding)} ${paint('dim', `[${suppressionText(s)}]`)}`)
  }
  lines.push('', summaryLine(report, paint))
  const tenants = tenantsLine(report, paint)
  if (tenants !== undefined) lines.push(tenants)
  if (report.notChecked.length > 0) lines.push(notCheckedLine(report, paint))
  const skipped = specSkippedLine(report, paint)
  if (skipped !== undefined) lines.push(skipped)
  for (const notice of report.notices)
    lines.push(`${paint(notice.severity === 'warning' ? 'yellow' : 'cyan', notice.severity)} ${notice.code}: ${notice.message}`)
  if (report.fix !== undefined) lines.push(...renderFixSection(report.fix, paint))
  return `${lines.join('\n')}\n`
}
