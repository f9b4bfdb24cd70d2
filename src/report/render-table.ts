import Table from 'cli-table3'
import { displayQualified } from '../model/object-name.js'
import type { Finding, Severity } from '../compare/finding.js'
import type { Report } from './report.js'

export interface TableRenderOptions {
  /** ANSI colour; the CLI enables it only on a TTY without NO_COLOR / --no-color. */
  readonly isColor: boolean
  /** Terminal width to wrap messages to (default 100). */
  readonly width?: number
}

const ANSI = { red: 31, yellow: 33, cyan: 36, green: 32, bold: 1, dim: 2 } as const
type Style = keyof typeof ANSI

const SEVERITY_STYLE: Readonly<Record<Severity, Style>> = { error: 'red', warning: 'yellow', info: 'cyan' }

/** Findings grouped by table, each group a cli-table3 table, then a one-line summary. */
export function renderTable(report: Report, options: TableRenderOptions): string {
  const paint = (style: Style, text: string): string => (options.isColor ? `\u001b[${ANSI[style]}m${text}\u001b[0m` : text)
  const width = Math.max(60, Math.min(options.width ?? 100, 160))
  const lines: string[] = [
    `${paint('bold', 'verify-database')} ${report.spec.file} → ${report.target.url} (${engineLabel(report)})`,
  ]
  if (report.findings.length > 0) {
    const table = new Table({
      head: ['severity', 'finding', 'details'],
      colWidths: [10, 22, width - 10 - 22 - 4],
      wordWrap: true,
      style: { head: options.isColor ? ['bold'] : [], border: options.isColor ? ['grey'] : [] },
    })
    for (const [group, findings] of groupByTable(report.findings)) {
      table.push([{ colSpan: 3, content: paint('bold', group) }])
      for (const f of findings) table.push([paint(SEVERITY_STYLE[f.severity], f.severity), f.code, f.message])
    }
    lines.push(table.toString())
  }
  lines.push('', summaryLine(report, paint))
  return `${lines.join('\n')}\n`
}

function engineLabel(report: Report): string {
  return report.target.engine === 'pglite' ? `PGlite, PostgreSQL ${report.target.serverVersion}` : `PostgreSQL ${report.target.serverVersion}`
}

function groupByTable(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>()
  for (const f of findings) {
    // Findings about a table (or view) and its parts share a group named after it.
    const group = f.table !== null ? displayQualified(f.schema, f.table) : f.kind === 'table' ? displayQualified(f.schema, f.name) : f.schema ? `schema ${f.schema}` : 'database'
    const list = groups.get(group) ?? []
    list.push(f)
    groups.set(group, list)
  }
  return groups
}

function summaryLine(report: Report, paint: (style: Style, text: string) => string): string {
  const c = report.checked
  const scope = `checked ${[plural(c.tables, 'table'), plural(c.columns, 'column'), plural(c.constraints + c.foreignKeys, 'constraint'), plural(c.indexes, 'index'), plural(c.triggers, 'trigger'), plural(c.otherObjects, 'other object')].join(', ')}`
  const { error, warning, info } = report.summary
  if (error + warning + info === 0) return `${paint('green', '✔ schema matches')}: ${scope}.`
  const counts = [plural(error, 'error'), plural(warning, 'warning'), plural(info, 'info')].join(', ')
  const verdict = report.status === 'fail' ? paint('red', `✖ ${counts}`) : paint('yellow', `! ${counts}`)
  const gate = report.failOn === 'never' ? 'report only' : report.status === 'fail' ? `fails at --fail-on ${report.failOn}` : `passes at --fail-on ${report.failOn}`
  return `${verdict} (${gate}); ${scope}.`
}

function plural(n: number, word: string): string {
  if (word === 'info' || n === 1) return `${n} ${word}`
  return `${n} ${word.endsWith('x') ? `${word}es` : `${word}s`}`
}
