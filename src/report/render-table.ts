import { createRequire } from 'node:module'
import type TableConstructor from 'cli-table3'
import { displayQualified } from '../model/object-name.js'
import type { Finding, Severity } from '../compare/finding.js'
import { NOT_CHECKED_KINDS, type NotCheckedKind } from '../model/not-checked.js'
import { describeFinding } from './describe-finding.js'
import { renderFixSection } from './render-fix.js'
import { countNotChecked, type Report } from './report.js'

export interface TableRenderOptions {
  /** ANSI colour; the CLI enables it only on a TTY without NO_COLOR / --no-color. */
  readonly isColor: boolean
  /** Terminal width to wrap messages to (default 100). */
  readonly width?: number
}

const ANSI = { red: 31, yellow: 33, cyan: 36, green: 32, bold: 1, dim: 2 } as const
type Style = keyof typeof ANSI

const SEVERITY_STYLE: Readonly<Record<Severity, Style>> = { error: 'red', warning: 'yellow', info: 'cyan' }

/** What each kind of not-checked object is called, one and many. */
const NOT_CHECKED_NAMES: Readonly<Record<NotCheckedKind, readonly [string, string]>> = {
  policy: ['row-level security policy', 'row-level security policies'],
  row_security: ['table with row-level security enabled', 'tables with row-level security enabled'],
  forced_row_security: ['table with row-level security forced', 'tables with row-level security forced'],
  exclusion_constraint: ['exclusion constraint', 'exclusion constraints'],
  constraint_trigger: ['constraint trigger (checked as a plain trigger)', 'constraint triggers (checked as plain triggers)'],
  rule: ['rule', 'rules'],
  column_collation: ['column with a non-default collation', 'columns with a non-default collation'],
  inheritance: ['table inheriting from another', 'tables inheriting from others'],
  foreign_table: ['foreign table', 'foreign tables'],
  domain: ['domain', 'domains'],
  domain_constraint: ['domain constraint', 'domain constraints'],
  composite_type: ['composite type', 'composite types'],
  range_type: ['range type', 'range types'],
  base_type: ['base type', 'base types'],
  aggregate: ['aggregate', 'aggregates'],
  window_function: ['window function', 'window functions'],
  operator: ['operator', 'operators'],
  operator_class: ['operator class', 'operator classes'],
  operator_family: ['operator family', 'operator families'],
  collation: ['collation', 'collations'],
  conversion: ['conversion', 'conversions'],
  statistics: ['extended statistics object', 'extended statistics objects'],
  text_search_configuration: ['text search configuration', 'text search configurations'],
  text_search_dictionary: ['text search dictionary', 'text search dictionaries'],
  text_search_parser: ['text search parser', 'text search parsers'],
  text_search_template: ['text search template', 'text search templates'],
  published_table: ['table in a publication', 'tables in publications'],
}

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
    for (const [group, findings] of groupByTable(report.findings)) {
      table.push([{ colSpan: 3, content: paint('bold', group) }])
      for (const f of findings) table.push([paint(SEVERITY_STYLE[f.severity], f.severity), f.code, describeFinding(f)])
    }
    lines.push(table.toString())
  }
  lines.push('', summaryLine(report, paint))
  if (report.notChecked.length > 0) lines.push(notCheckedLine(report, paint))
  if (report.fix !== undefined) lines.push(...renderFixSection(report.fix, paint))
  return `${lines.join('\n')}\n`
}

function engineLabel(report: Report): string {
  return report.target.engine === 'pglite' ? `PGlite, PostgreSQL ${report.target.serverVersion}` : `PostgreSQL ${report.target.serverVersion}`
}

function groupByTable(findings: readonly Finding[]): Map<string, Finding[]> {
  const groups = new Map<string, Finding[]>()
  for (const f of findings) {
    // Findings about a table or view and its parts (a view's triggers) share a group named after it.
    const { schema, table, name } = f.subject
    const group =
      table !== null
        ? displayQualified(schema, table)
        : f.kind === 'table' || f.kind === 'view'
          ? displayQualified(schema, name ?? '')
          : schema
            ? `schema ${schema}`
            : 'database'
    const list = groups.get(group) ?? []
    list.push(f)
    groups.set(group, list)
  }
  return groups
}

function summaryLine(report: Report, paint: (style: Style, text: string) => string): string {
  const c = report.checked
  const scope = `checked ${[plural(c.tables, 'table'), plural(c.columns, 'column'), plural(c.constraints + c.foreignKeys, 'constraint'), plural(c.indexes, 'index'), plural(c.triggers, 'trigger'), plural(c.otherObjects, 'other object')].join(', ')}`
  const notChecked = countNotChecked(report.notChecked)
  const isFailingUnchecked = report.failReasons.includes('notChecked')
  const unchecked =
    notChecked === 0
      ? ''
      : `; ${paint('yellow', `${plural(notChecked, 'object')} not checked`)}${isFailingUnchecked ? ' (fails with --fail-on-unchecked)' : ''}`
  const { error, warning, info } = report.summary
  if (error + warning + info === 0 && report.status === 'pass') return `${paint('green', '✔ schema matches')}: ${scope}${unchecked}.`
  const counts = [plural(error, 'error'), plural(warning, 'warning'), plural(info, 'info')].join(', ')
  const verdict = report.status === 'fail' ? paint('red', `✖ ${counts}`) : paint('yellow', `! ${counts}`)
  const isFailingFindings = report.failReasons.includes('findings')
  const gate = report.failOn === 'never' ? 'report only' : isFailingFindings ? `fails at --fail-on ${report.failOn}` : `passes at --fail-on ${report.failOn}`
  return `${verdict} (${gate}); ${scope}${unchecked}.`
}

/** `Not checked (...): 3 row-level security policies, 1 exclusion constraint, 2 domains.`, summed over schemas. */
function notCheckedLine(report: Report, paint: (style: Style, text: string) => string): string {
  const counts = NOT_CHECKED_KINDS.flatMap((kind) => {
    const count = countNotChecked(report.notChecked.filter((entry) => entry.kind === kind))
    if (count === 0) return []
    const [one, many] = NOT_CHECKED_NAMES[kind]
    return [`${count} ${count === 1 ? one : many}`]
  })
  return `${paint('yellow', 'Not checked')} (the spec cannot describe them): ${counts.join(', ')}.`
}

function plural(n: number, word: string): string {
  if (word === 'info' || n === 1) return `${n} ${word}`
  return `${n} ${word.endsWith('x') ? `${word}es` : `${word}s`}`
}
