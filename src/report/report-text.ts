/**
 * The words every human-readable format shares (table, Markdown, GitHub annotations): how
 * findings group by table, the one-line verdict and the not-checked line. A format passes `paint`
 * to style them (ANSI colour, Markdown emphasis) or the identity.
 */
import type { Finding } from '../compare/finding.js'
import { NOT_CHECKED_KINDS, type NotCheckedKind } from '../model/not-checked.js'
import { displayQualified } from '../model/object-name.js'
import { countNotChecked, type Report } from './report.js'

/** Styles a format may give a piece of text; the identity where it has none. */
export type Paint = (style: 'red' | 'yellow' | 'cyan' | 'green' | 'bold' | 'dim', text: string) => string

/** No styling. */
export const PLAIN: Paint = (_style, text) => text

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

export function engineLabel(report: Report): string {
  return report.target.engine === 'pglite' ? `PGlite, PostgreSQL ${report.target.serverVersion}` : `PostgreSQL ${report.target.serverVersion}`
}

export function groupByTable(findings: readonly Finding[]): Map<string, Finding[]> {
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

export function summaryLine(report: Report, paint: Paint): string {
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
export function notCheckedLine(report: Report, paint: Paint): string {
  const counts = NOT_CHECKED_KINDS.flatMap((kind) => {
    const count = countNotChecked(report.notChecked.filter((entry) => entry.kind === kind))
    if (count === 0) return []
    const [one, many] = NOT_CHECKED_NAMES[kind]
    return [`${count} ${count === 1 ? one : many}`]
  })
  return `${paint('yellow', 'Not checked')} (the spec cannot describe them): ${counts.join(', ')}.`
}

export function plural(n: number, word: string): string {
  if (word === 'info' || n === 1) return `${n} ${word}`
  return `${n} ${word.endsWith('x') ? `${word}es` : `${word}s`}`
}
