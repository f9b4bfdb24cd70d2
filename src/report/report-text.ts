/**
 * The words every human-readable format shares (table, Markdown, GitHub annotations): how
 * findings group by table, the one-line verdict and the not-checked line. A format passes `paint`
 * to style them (ANSI colour, Markdown emphasis) or the identity.
 */
import type { Finding } from '../compare/finding.js'
import type { AdjustedFinding, SuppressedFinding } from '../gate/gate-findings.js'
import { ruleWhere } from '../gate/suppressions.js'
import { describeFinding } from './describe-finding.js'
import { NOT_CHECKED_KINDS, type NotCheckedKind } from '../model/not-checked.js'
import { displayQualified } from '../model/object-name.js'
import { countNotChecked, type Report } from './report.js'

/** Styles a format may give a piece of text; the identity where it has none. */
export type Paint = (style: 'red' | 'yellow' | 'cyan' | 'green' | 'bold' | 'dim', text: string) => string

/** No styling. */
export const PLAIN: Paint = (_style, text) => text

/** What each kind of not-checked object is called, one and many. */
const NOT_CHECKED_NAMES: Readonly<Record<NotCheckedKind, readonly [string, string]>> = {
  migration_history: ['migration history table the role cannot read', 'migration history tables the role cannot read'],
  sequence_data: ['sequence-fed column whose data the role cannot read', 'sequence-fed columns whose data the role cannot read'],
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
  const isFailingOnUnchecked = isFailingUnchecked(report)
  const unchecked =
    notChecked === 0
      ? // What only the SQL spec left out fails --fail-on-unchecked too: say so where the verdict is.
        isFailingOnUnchecked
        ? `; ${paint('yellow', 'the SQL spec left objects out')} (fails with --fail-on-unchecked)`
        : ''
      : `; ${paint('yellow', `${plural(notChecked, 'object')} not checked`)}${isFailingOnUnchecked ? ' (fails with --fail-on-unchecked)' : ''}`
  const { error, warning, info } = report.summary
  const suppressed = suppressedCountText(report)
  const aside = suppressed === '' ? unchecked : `${unchecked}; ${suppressed}`
  if (error + warning + info === 0 && report.status === 'pass') {
    // All the drift known and accepted is not "the schema matches".
    const verdict = suppressed === '' ? '✔ schema matches' : '✔ no finding counts'
    return `${paint('green', verdict)}: ${scope}${aside}.`
  }
  const counts = [plural(error, 'error'), plural(warning, 'warning'), plural(info, 'info')].join(', ')
  const verdict = report.status === 'fail' ? paint('red', `✖ ${counts}`) : paint('yellow', `! ${counts}`)
  const isFailingFindings = report.failReasons.includes('findings')
  const gate = report.failOn === 'never' ? 'report only' : isFailingFindings ? `fails at --fail-on ${report.failOn}` : `passes at --fail-on ${report.failOn}`
  return `${verdict} (${gate}); ${scope}${aside}.`
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

/**
 * What an SQL spec lost: `Left out of the SQL spec (PGlite could not run them): 12 ownership
 * changes and 3 grants to roles it does not have (not compared); extension postgis (PGlite does not
 * ship it) and 4 statements that use it (not checked).` Undefined when nothing was left out.
 */
export function specSkippedLine(report: Report, paint: Paint): string | undefined {
  const skipped = report.spec.origin?.skipped ?? []
  if (skipped.length === 0) return undefined
  const count = (reason: string): number => skipped.filter((s) => s.reason === reason).length
  const harmless = [
    count('ownership') > 0 ? plural(count('ownership'), 'ownership change') : '',
    count('privileges') > 0 ? plural(count('privileges'), 'grant') : '',
  ].filter((part) => part !== '')
  const parts: string[] = []
  if (harmless.length > 0) parts.push(`${harmless.join(' and ')} to roles it does not have (not compared)`)
  if (count('replication') > 0) parts.push(`${plural(count('replication'), 'publication or subscription statement')} (not compared)`)
  const extensions = [...new Set(skipped.filter((s) => s.reason === 'extension').map((s) => s.extension ?? '?'))]
  if (extensions.length > 0) {
    const users = count('needs_extension')
    const dependents =
      users === 0
        ? ''
        : ` and ${plural(users, 'statement')} that use${users === 1 ? 's' : ''} it (not checked: ${listLines(skipped.filter((s) => s.reason === 'needs_extension'))})`
    parts.push(
      `extension${extensions.length === 1 ? '' : 's'} ${extensions.join(', ')} (PGlite does not ship ${extensions.length === 1 ? 'it' : 'them'})${dependents}`,
    )
  }
  return `${paint('yellow', 'Left out of the SQL spec')} (PGlite could not run them): ${parts.join('; ')}.`
}

/**
 * What the check did not cover, a line each: the objects the spec cannot describe (notCheckedLine)
 * and what an SQL spec left out (specSkippedLine). For the formats that have no place of their own
 * for it (JUnit, SARIF, GitHub), where it fails the run under --fail-on-unchecked.
 */
export function coverageLines(report: Report): string[] {
  const lines = [report.notChecked.length > 0 ? notCheckedLine(report, PLAIN) : undefined, specSkippedLine(report, PLAIN)]
  return lines.filter((line): line is string => line !== undefined)
}

/** Whether what the check did not cover fails the run (--fail-on-unchecked): the formats must fail it too. */
export function isFailingUnchecked(report: Report): boolean {
  return report.failReasons.includes('notChecked')
}

/**
 * `Tenants (tenant_* against public): 20 checked, 3 with findings: tenant_0003 (1 error),
 * tenant_0007 (2 warnings), …` (at most 20 named). Undefined for a check without --tenant-schemas.
 */
export function tenantsLine(report: Report, paint: Paint): string | undefined {
  const tenants = report.tenants
  if (tenants === undefined) return undefined
  const drifted = tenants.schemas.filter((t) => t.summary.error + t.summary.warning + t.summary.info > 0)
  const head = `${paint('bold', 'Tenants')} (${tenants.pattern} against ${tenants.template}): ${plural(tenants.schemas.length, 'schema')} checked`
  if (drifted.length === 0) return `${head}, all match.`
  const named = drifted.slice(0, 20).map((t) => `${t.schema} (${severityCounts(t.summary)})`)
  const more = drifted.length > 20 ? `, and ${drifted.length - 20} more` : ''
  return `${head}, ${drifted.length} with findings: ${named.join(', ')}${more}.`
}

/** `1 error, 2 warnings` (the severities that have any). */
export function severityCounts(summary: Readonly<Record<'error' | 'warning' | 'info', number>>): string {
  return (['error', 'warning', 'info'] as const)
    .filter((severity) => summary[severity] > 0)
    .map((severity) => plural(summary[severity], severity))
    .join(', ')
}

/** `lines 12, 40, 41` (at most 10 named). */
function listLines(statements: readonly { readonly line: number }[]): string {
  const lines = statements.map((s) => s.line)
  const shown = lines.slice(0, 10).join(', ')
  return `line${lines.length === 1 ? '' : 's'} ${shown}${lines.length > 10 ? ', …' : ''}`
}

/** The file findings without a place of their own point at: the spec file; none when the spec is another database (its URL is no file). */
export function specFileOf(report: Report): string | undefined {
  return report.spec.origin?.kind === 'database' ? undefined : report.spec.file
}

export function plural(n: number, word: string): string {
  if (word === 'info' || n === 1) return `${n} ${word}`
  return `${n} ${word.endsWith('x') ? `${word}es` : `${word}s`}`
}

/** Why a suppressed finding does not count: `ignored by the suppression at spec.json:12:5: <reason>` or `in the baseline b.json`. */
export function suppressionText(s: SuppressedFinding): string {
  return s.by.kind === 'baseline' ? `in the baseline ${s.by.file}` : `ignored by the suppression at ${ruleWhere(s.by.rule)}: ${s.by.rule.reason}`
}

/** Why a finding has the severity it has: `severity error → info by the suppression at spec.json:12:5: <reason>`. */
export function adjustmentText(a: AdjustedFinding): string {
  return `severity ${a.from} → ${a.finding.severity} by the suppression at ${ruleWhere(a.rule)}: ${a.rule.reason}`
}

/** The adjustment of each re-graded finding, by the finding as the report counts it. */
export function adjustmentsOf(report: Report): ReadonlyMap<Finding, AdjustedFinding> {
  return new Map(report.adjusted.map((a) => [a.finding, a]))
}

/** A finding's sentence, with the rule that set its severity when one did. */
export function findingText(f: Finding, adjustments: ReadonlyMap<Finding, AdjustedFinding>): string {
  const adjusted = adjustments.get(f)
  return adjusted === undefined ? describeFinding(f) : `${describeFinding(f)} (${adjustmentText(adjusted)})`
}

/** `3 suppressed (2 by rules, 1 in the baseline)`, or '' when none is. */
export function suppressedCountText(report: Report): string {
  const total = report.suppressed.length
  if (total === 0) return ''
  const byBaseline = report.suppressed.filter((s) => s.by.kind === 'baseline').length
  const byRules = total - byBaseline
  const parts = [byRules > 0 ? `${byRules} by ${byRules === 1 ? 'a rule' : 'rules'}` : '', byBaseline > 0 ? `${byBaseline} in the baseline` : ''].filter(
    (p) => p !== '',
  )
  return `${total} suppressed (${parts.join(', ')})`
}
