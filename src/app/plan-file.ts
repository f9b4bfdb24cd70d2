/**
 * The repair as a file: written by `check --fix-file` and `fix`, reviewed (and perhaps edited) by
 * a person, applied later by `fix --apply --plan FILE`. The file's header carries the fingerprint
 * of the schema it was planned against; applying refuses when the database no longer has it, and
 * says what changed by comparing the findings the file names (`-- [code] object`) with those a
 * plan made now names. The file's SQL is split into statements by the SQL tokenizer, which knows
 * quotes, dollar quotes and comments, so a failure can name the statement and its line.
 */
import { UsageError } from '../errors.js'
import { renderFixSql, resolvesLabel } from '../fix/fix-script.js'
import { tokenize } from '../model/sql-tokens.js'
import type { Report } from '../report/report.js'
import { majorVersionOf, type PlannedFix } from './plan-fix-for.js'

/** One statement to run, and how to name it when it fails. */
export interface ApplyStatement {
  /** Without its trailing semicolon. */
  readonly sql: string
  /** The findings it repairs (`[index.missing] public.t.i`), when known. */
  readonly label?: string
  /** Its first line in the plan file, when it comes from one. */
  readonly line?: number
}

/** A plan file as read back. */
export interface PlanFile {
  readonly file: string
  readonly text: string
  /** The `-- fingerprint:` of its header. */
  readonly fingerprint: string
  readonly statements: readonly ApplyStatement[]
  /** Every `[code] object` the file names: what it runs, withholds, or leaves to a person. */
  readonly labels: readonly string[]
}

/** The plan as the reviewable `.sql` file: renderFixSql with a header naming where it came from (password redacted). */
export function renderFixFile(report: Report, fix: PlannedFix): string {
  return renderFixSql(fix.plan, {
    toolVersion: report.tool.version,
    spec: report.spec.file,
    target: report.target.url,
    serverVersion: `${report.target.engine === 'pglite' ? 'PGlite, ' : ''}PostgreSQL ${report.target.serverVersion}`,
    generatedAt: report.generatedAt,
    fingerprint: fix.fingerprint,
  })
}

const FINGERPRINT_LINE = /^-- fingerprint: (pg\d+ sha256:[0-9a-f]{64})\s*$/m
const LABEL_LINE = /^--(\s+)(\[[a-z_]+\.[a-z_]+\] .*)$/

/** Reads a plan file's text (UsageError, exit 2, when it is not one). */
export function parsePlanFile(file: string, text: string): PlanFile {
  const fingerprint = FINGERPRINT_LINE.exec(text)?.[1]
  if (fingerprint === undefined) {
    throw new UsageError(
      `${file} has no "-- fingerprint:" line: --plan applies only a file written by \`fix\` or \`check --fix-file\` (its header says what it was planned against)`,
    )
  }
  const labels = text
    .split('\n')
    .map((line) => LABEL_LINE.exec(line)?.[2])
    .filter((label): label is string => label !== undefined)
  return { file, text, fingerprint, statements: splitStatements(file, text), labels: [...new Set(labels)] }
}

/**
 * The statements of a SQL script, each without its semicolon and the comments before it. Each is
 * labelled with the `-- [code] object` comments above it (or, for a step of several statements,
 * above the first of them).
 */
export function splitStatements(file: string, text: string): ApplyStatement[] {
  let tokens
  try {
    tokens = tokenize(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new UsageError(`${file}: cannot split the SQL into statements: ${reason} (psql meta-commands such as \\set are not run by --plan)`)
  }
  const statements: ApplyStatement[] = []
  let start: number | undefined
  let gapStart = 0
  let label: string | undefined
  const finish = (end: number): void => {
    if (start === undefined) return
    const sql = text.slice(start, end).trimEnd()
    const gapLabels = text
      .slice(gapStart, start)
      .split('\n')
      .map((line) => LABEL_LINE.exec(line.trim())?.[2])
      .filter((l): l is string => l !== undefined)
    label = gapLabels.length > 0 ? gapLabels.join(', ') : isBookkeeping(sql) ? undefined : label
    statements.push({ sql, line: lineOf(text, start), ...(label !== undefined && !isBookkeeping(sql) && { label }) })
    start = undefined
  }
  for (const token of tokens) {
    if (token.kind === 'punct' && token.value === ';') {
      finish(token.start)
      gapStart = token.end
    } else {
      start ??= token.start
    }
  }
  finish(text.length)
  return statements
}

/** Transaction control and settings: what the script runs around the repairs. */
export function isBookkeeping(sql: string): boolean {
  return /^(BEGIN|START\s+TRANSACTION|COMMIT|END|ROLLBACK|ABORT|SET)\b/i.test(sql)
}

export function isTransactionStart(sql: string): boolean {
  return /^(BEGIN|START\s+TRANSACTION)\b/i.test(sql)
}

export function isTransactionEnd(sql: string): boolean {
  return /^(COMMIT|END|ROLLBACK|ABORT)\b/i.test(sql)
}

function lineOf(text: string, offset: number): number {
  let line = 1
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++
  return line
}

/** Every `[code] object` a plan names, in the order it names them. */
export function planLabels(fix: PlannedFix): string[] {
  const { plan } = fix
  const labels = [...plan.statements, ...plan.withheld].flatMap((step) => step.resolves.map(resolvesLabel))
  labels.push(...plan.unrepairable.map((item) => resolvesLabel(item.resolves)))
  return [...new Set(labels)]
}

/** What a plan was made against: its fingerprint and the findings it names. */
export interface PlannedAgainst {
  readonly fingerprint: string
  readonly labels: readonly string[]
}

/**
 * Why a plan no longer fits the database: the server's major version if it changed, and which
 * findings a plan made now names that the plan does not, and the reverse.
 */
export function describeFingerprintChange(planned: PlannedAgainst, now: PlannedFix): string {
  const reasons: string[] = []
  const [was, is] = [/^pg(\d+)/.exec(planned.fingerprint)?.[1], String(majorVersionOf(now.plan.serverVersionNum))]
  if (was !== is) reasons.push(`the server is PostgreSQL ${is} now, the plan was written for PostgreSQL ${was ?? '?'}`)
  const current = planLabels(now)
  // A line of "cannot be repaired automatically" adds ": reason" to the label.
  const inPlan = planned.labels.map(
    (line) => current.find((label) => line === label || line.startsWith(`${label}: `)) ?? line.replace(/^(\[[^\]]*\] .*?): .*$/, '$1'),
  )
  const nowAlso = current.filter((label) => !inPlan.includes(label))
  const noLonger = [...new Set(inPlan)].filter((label) => !current.includes(label))
  if (nowAlso.length > 0) reasons.push(`now also: ${listed(nowAlso)}`)
  if (noLonger.length > 0) reasons.push(`no longer: ${listed(noLonger)}`)
  if (reasons.length === 0) reasons.push('the findings are the same, but objects they involve changed')
  return `fingerprint ${abbreviated(planned.fingerprint)} then, ${abbreviated(now.fingerprint)} now: ${reasons.join('; ')}`
}

/** The refusal of a plan file made for another schema (exit 2). */
export function planFileMismatch(planFile: PlanFile, now: PlannedFix): UsageError {
  return new UsageError(
    `${planFile.file} was planned against another schema than the database has now (${describeFingerprintChange(planFile, now)}). ` +
      'Nothing was applied: write a new plan (verify-database fix > repair.sql), review it and apply that',
  )
}

/** `pg17 sha256:0123456789ab…`: enough to tell two fingerprints apart in a message. */
function abbreviated(fingerprint: string): string {
  return fingerprint.replace(/(sha256:[0-9a-f]{12})[0-9a-f]+/, '$1…')
}

function listed(labels: readonly string[], limit = 8): string {
  const shown = labels.slice(0, limit).join(', ')
  return labels.length > limit ? `${shown} and ${labels.length - limit} more` : shown
}
