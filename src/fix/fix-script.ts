/**
 * A fix plan as what runs: the statements in order, in one transaction with lock and statement
 * timeouts, and after it what cannot run in a transaction (CREATE INDEX CONCURRENTLY, VALIDATE
 * CONSTRAINT). One list serves both the `.sql` file people review and `fix --apply`, so the two
 * cannot differ.
 */
import { HAZARDS, type FixPlan, type FixStep } from './fix-plan.js'
import { quoteIdent, quoteLiteral } from './quote.js'

/** Limits the repair transaction sets for itself (SET LOCAL): it waits at most this for a lock. */
export const LOCK_TIMEOUT = '5s'
export const STATEMENT_TIMEOUT = '30min'

export interface ScriptStatement {
  readonly sql: string
  /** Runs after the repair transaction (or without one): CONCURRENTLY builds, VALIDATE CONSTRAINT. */
  readonly isOutsideTransaction: boolean
  /** The step it belongs to; undefined for the transaction's own statements (BEGIN, SET, COMMIT). */
  readonly step?: FixStep
}

/** Every statement to run, in order, including BEGIN/COMMIT and the search_path each step needs. */
export function scriptOf(plan: FixPlan): ScriptStatement[] {
  const inside = plan.statements.filter((s) => s.isOutsideTransaction !== true)
  const outside = plan.statements.filter((s) => s.isOutsideTransaction === true)
  const script: ScriptStatement[] = []
  let searchSchema: string | undefined
  const setPath = (schema: string, isOutsideTransaction: boolean): void => {
    if (schema === searchSchema) return
    searchSchema = schema
    const path = schema === 'public' ? 'public' : `${quoteIdent(schema)}, public`
    script.push({ sql: `SET ${isOutsideTransaction ? '' : 'LOCAL '}search_path = ${path}`, isOutsideTransaction })
  }
  if (inside.length > 0) {
    script.push({ sql: 'BEGIN', isOutsideTransaction: false })
    script.push({ sql: `SET LOCAL lock_timeout = ${quoteLiteral(LOCK_TIMEOUT)}`, isOutsideTransaction: false })
    script.push({ sql: `SET LOCAL statement_timeout = ${quoteLiteral(STATEMENT_TIMEOUT)}`, isOutsideTransaction: false })
    for (const step of inside) {
      setPath(step.searchSchema, false)
      for (const sql of step.sql) script.push({ sql, step, isOutsideTransaction: false })
    }
    script.push({ sql: 'COMMIT', isOutsideTransaction: false })
  }
  searchSchema = undefined
  for (const step of outside) {
    setPath(step.searchSchema, true)
    for (const sql of step.sql) script.push({ sql, step, isOutsideTransaction: true })
  }
  return script
}

export interface FixFileHeader {
  readonly toolVersion: string
  /** The spec file, as the user named it. */
  readonly spec: string
  /** The target with its password redacted. */
  readonly target: string
  readonly serverVersion: string
  readonly generatedAt: string
  /** The fingerprint of the schema the plan was made against (see fingerprintModel). */
  readonly fingerprint: string
}

/**
 * The plan as a `.sql` file that `psql -v ON_ERROR_STOP=1 -f FILE` runs as is: a header, each
 * statement after a comment naming the findings it repairs and its hazards, then the withheld
 * statements commented out with the reason, and what cannot be repaired automatically.
 */
export function renderFixSql(plan: FixPlan, header: FixFileHeader | null): string {
  const lines: string[] = []
  if (header !== null) {
    lines.push(
      `-- Repair written by verify-database ${header.toolVersion}`,
      `-- spec:        ${oneLine(header.spec)}`,
      `-- target:      ${oneLine(header.target)}`,
      `-- server:      ${oneLine(header.serverVersion)}`,
      `-- written at:  ${header.generatedAt}`,
      `-- fingerprint: ${header.fingerprint}`,
      '-- Review it, then run: psql -v ON_ERROR_STOP=1 -f THIS_FILE (or verify-database fix --apply --plan THIS_FILE)',
      '',
    )
  }
  if (plan.statements.length === 0) lines.push('-- Nothing to run: no repair is needed, or every repair is withheld or manual (below).', '')
  let lastStep: FixStep | undefined
  let isOutside = false
  for (const statement of scriptOf(plan)) {
    if (statement.isOutsideTransaction && !isOutside) {
      isOutside = true
      lines.push('', '-- After the transaction: these cannot run inside one. Each stands alone; re-running is harmless.')
    }
    if (statement.step !== undefined && statement.step !== lastStep) {
      lines.push('', ...stepComment(statement.step))
      lastStep = statement.step
    }
    lines.push(`${statement.sql};`)
  }
  if (plan.withheld.length > 0) {
    lines.push('', '-- Withheld: these can lose data or fail on existing rows. Run verify-database with --allow-destructive to include them.')
    for (const step of plan.withheld) {
      lines.push('--', ...stepComment(step))
      for (const sql of step.sql) lines.push(...`${sql};`.split('\n').map((line) => `-- ${line}`))
    }
  }
  if (plan.unrepairable.length > 0) {
    lines.push('', '-- Cannot be repaired automatically:')
    for (const item of plan.unrepairable) lines.push(`--   ${resolvesLabel(item.resolves)}: ${oneLine(item.reason)}`)
  }
  return `${lines.join('\n')}\n`
}

function stepComment(step: FixStep): string[] {
  const lines = step.resolves.map((r) => `-- ${resolvesLabel(r)}`)
  for (const hazard of step.hazards) lines.push(`--   ${hazard}: ${HAZARDS[hazard]}`)
  for (const note of step.notes) lines.push(`--   note: ${oneLine(note)}`)
  return lines
}

/** `[column.missing] public.users.mood`, for comments and messages. */
export function resolvesLabel(resolves: FixStep['resolves'][number]): string {
  const { subject } = resolves
  const path = [subject.schema, subject.table, subject.name].filter((part): part is string => part !== null).join('.')
  const args = subject.arguments !== undefined ? `(${subject.arguments.join(', ')})` : ''
  return `[${resolves.code}] ${oneLine(path)}${args}`
}

/** A value inside a `--` comment: a newline would end the comment and start SQL. */
function oneLine(text: string): string {
  return text.replace(/[\r\n]+/g, ' ')
}
