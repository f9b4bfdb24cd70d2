/**
 * The fix command's core. planFixTarget checks a target and writes the repair as a reviewable
 * `.sql` file; applyFixTarget is the only code in verify-database that writes to a database: it
 * plans (or reads a reviewed plan file whose fingerprint must still match), shows the SQL, asks
 * (through the caller's `confirm`), runs the statements one by one in the script's transaction,
 * and checks again. A statement that fails rolls the transaction back and ends the run with a
 * DatabaseError (exit 3) naming the statement and PostgreSQL's message.
 *
 * Like checkTarget, both return a target's own failure as `{ kind: 'failed' }`; that includes a
 * plan file made for another schema and a confirmation that was refused (UsageError, exit 2).
 */
import { DatabaseError, UsageError } from '../errors.js'
import { resolvesLabel, scriptOf } from '../fix/fix-script.js'
import type { DatabaseSession } from '../introspect/queryable.js'
import type { LoadedSpec } from '../spec/load-spec.js'
import { checkDatabase, selectSchemas, type CheckResult, type CheckTargetOptions } from './check.js'
import type { AppDeps } from './deps.js'
import {
  describeFingerprintChange,
  isBookkeeping,
  isTransactionEnd,
  isTransactionStart,
  planFileMismatch,
  planLabels,
  renderFixFile,
  type ApplyStatement,
  type PlanFile,
} from './plan-file.js'
import type { FixFlags, PlannedFix } from './plan-fix-for.js'
import { withTargetSession, type TargetFailure } from './target-session.js'

export interface FixTargetOptions extends CheckTargetOptions {
  readonly fix: FixFlags
}

/** A check with its repair plan. */
export type FixedCheck = CheckResult & { readonly fix: PlannedFix }

/** How planning the repair of one target ended; `sql` is the plan file's text. */
export type FixPlanOutcome = ({ readonly kind: 'planned'; readonly target: string; readonly sql: string } & FixedCheck) | TargetFailure

/** Checks `target` and writes its repair as the `.sql` file (header with the fingerprint). Reads only. */
export async function planFixTarget(spec: LoadedSpec, target: string | undefined, options: FixTargetOptions, deps: AppDeps): Promise<FixPlanOutcome> {
  selectSchemas(spec, options.schemas)
  const outcome = await withTargetSession(target, options, deps, (session) => checkWithFix(session, spec, options, deps))
  if (outcome.kind === 'failed') return outcome
  return { kind: 'planned', target: outcome.target, sql: renderFixFile(outcome.value.report, outcome.value.fix), ...outcome.value }
}

/** What applyFixTarget asks before it writes. */
export interface ApplyQuestion {
  /** Statements that change the schema (transaction control and settings not counted). */
  readonly statementCount: number
  /** The target, password redacted. */
  readonly target: string
}

export interface ApplyFixOptions extends FixTargetOptions {
  /** A reviewed plan file (`--plan`): its SQL runs as written, if the database still has the schema it was planned against. */
  readonly planFile?: PlanFile
  /** Shown the SQL that is about to run (the plan file's text), before the question. */
  readonly showPlan: (sql: string) => Promise<void>
  /** Asked before anything is written; false ends the run with nothing written (UsageError, exit 2). */
  readonly confirm: (question: ApplyQuestion) => Promise<boolean>
}

export interface AppliedScript {
  /** Statements that changed the schema (transaction control and settings not counted). */
  readonly statementCount: number
  readonly ms: number
}

export type ApplyOutcome =
  | {
      readonly kind: 'applied'
      readonly target: string
      /** The check the plan was made from. */
      readonly before: FixedCheck
      readonly applied: AppliedScript
      /** The check after the repair (with the plan of what is left). */
      readonly after: FixedCheck
    }
  | TargetFailure

/** Plans (or reads `options.planFile`), shows, confirms, applies and checks again; see the file comment. */
export async function applyFixTarget(spec: LoadedSpec, target: string | undefined, options: ApplyFixOptions, deps: AppDeps): Promise<ApplyOutcome> {
  selectSchemas(spec, options.schemas)
  const outcome = await withTargetSession(target, options, deps, (session) => applyFix(session, spec, options, deps))
  return outcome.kind === 'failed' ? outcome : { kind: 'applied', target: outcome.target, ...outcome.value }
}

/** applyFixTarget on an open session. */
export async function applyFix(
  session: DatabaseSession,
  spec: LoadedSpec,
  options: ApplyFixOptions,
  deps: Pick<AppDeps, 'now'>,
): Promise<{ before: FixedCheck; applied: AppliedScript; after: FixedCheck }> {
  const before = await checkWithFix(session, spec, options, deps)
  const { planFile } = options
  if (planFile !== undefined && planFile.fingerprint !== before.fix.fingerprint) throw planFileMismatch(planFile, before.fix)
  const statements = planFile?.statements ?? scriptStatements(before.fix)
  await options.showPlan(planFile?.text ?? renderFixFile(before.report, before.fix))
  const statementCount = statements.filter((s) => !isBookkeeping(s.sql)).length
  if (statementCount === 0) return { before, applied: { statementCount: 0, ms: 0 }, after: before }
  if (!(await options.confirm({ statementCount, target: session.displayTarget }))) {
    throw new UsageError(`not applied: the answer was not yes; nothing was written to ${session.displayTarget}`)
  }
  // Time passes while a person reads the plan: the schema must still be the one it was made for.
  const planned = { fingerprint: before.fix.fingerprint, labels: planFile?.labels ?? planLabels(before.fix) }
  const current = (await checkWithFix(session, spec, options, deps)).fix
  if (current.fingerprint !== planned.fingerprint) {
    throw new UsageError(
      `the schema of ${session.displayTarget} changed while the plan was shown (${describeFingerprintChange(planned, current)}); nothing was applied: run fix again`,
    )
  }
  const applied = await runStatements(session, statements)
  const after = await checkWithFix(session, spec, options, deps)
  return { before, applied, after }
}

async function checkWithFix(session: DatabaseSession, spec: LoadedSpec, options: FixTargetOptions, deps: Pick<AppDeps, 'now'>): Promise<FixedCheck> {
  const result = await checkDatabase(session, spec, { ...options, now: deps.now })
  if (result.fix === undefined) throw new Error('checkDatabase planned no fix although options.fix was given')
  return { ...result, fix: result.fix }
}

/** The plan's script (scriptOf), each statement labelled with the findings its step repairs. */
export function scriptStatements(fix: PlannedFix): ApplyStatement[] {
  return scriptOf(fix.plan).map(({ sql, step }) => ({ sql, ...(step !== undefined && { label: step.resolves.map(resolvesLabel).join(', ') }) }))
}

/**
 * Runs `statements` in order, one exec each, keeping track of the transaction the script opens.
 * A failure inside it rolls it back; either way the run ends with a DatabaseError (exit 3) that
 * names the statement, PostgreSQL's message and what stayed applied.
 */
export async function runStatements(session: DatabaseSession, statements: readonly ApplyStatement[]): Promise<AppliedScript> {
  const started = performance.now()
  let isInTransaction = false
  let committed = 0
  let pending = 0
  for (const [index, statement] of statements.entries()) {
    try {
      await session.exec(statement.sql)
    } catch (error) {
      if (isInTransaction) await session.exec('ROLLBACK').catch(() => undefined)
      throw new DatabaseError('other', failureMessage(session.displayTarget, statements, index, error, isInTransaction, committed), { cause: error })
    }
    const isChange = !isBookkeeping(statement.sql)
    if (isTransactionStart(statement.sql)) isInTransaction = true
    else if (isTransactionEnd(statement.sql)) {
      isInTransaction = false
      if (/^(COMMIT|END)\b/i.test(statement.sql)) committed += pending
      pending = 0
    } else if (isChange && isInTransaction) pending++
    else if (isChange) committed++
  }
  return { statementCount: committed, ms: performance.now() - started }
}

function failureMessage(
  target: string,
  statements: readonly ApplyStatement[],
  index: number,
  error: unknown,
  isInTransaction: boolean,
  committed: number,
): string {
  const statement = statements[index] as ApplyStatement
  const where = [statement.line !== undefined ? `line ${statement.line}` : undefined, statement.label].filter((part) => part !== undefined)
  const position = `statement ${index + 1} of ${statements.length}${where.length > 0 ? ` (${where.join('; ')})` : ''}`
  const before = committed === 0 ? '' : `; ${committed} statement${committed === 1 ? '' : 's'} before it had been committed and stay applied`
  const outcome = isInTransaction
    ? `the transaction was rolled back${before || ': nothing was changed'}`
    : before === ''
      ? 'nothing was changed'
      : before.slice(2)
  return `the repair of ${target} failed at ${position}: ${abbreviate(statement.sql)}: ${postgresMessage(error)}; ${outcome}`
}

/** PostgreSQL's own message (and SQLSTATE) of a failed statement, without our "cannot read …" wrapping. */
function postgresMessage(error: unknown): string {
  const source = error instanceof DatabaseError && error.cause instanceof Error ? error.cause : error
  const message = source instanceof Error ? source.message : String(source)
  const code = typeof source === 'object' && source !== null && 'code' in source && typeof source.code === 'string' ? source.code : undefined
  const text = message.replace(/\s+/g, ' ').trim()
  return code !== undefined && /^[0-9A-Z]{5}$/.test(code) ? `${text} (SQLSTATE ${code})` : text
}

/**
 * A statement on one line, cut short: enough to find it in the plan. A guarded `DO` block is
 * named by the statement it guards (`DO block: ALTER TABLE …`), not by its catalog lookup.
 */
function abbreviate(sql: string, limit = 160): string {
  const guarded = /^DO\s/i.test(sql)
    ? sql
        .split('\n')
        .map((line) => line.trim())
        .find((line) => line !== '' && !/^(DO|BEGIN|IF|END|ELSE|\$)/i.test(line))
    : undefined
  const line = (guarded === undefined ? sql : `DO block: ${guarded.replace(/;$/, '')}`).replace(/\s+/g, ' ').trim()
  return line.length > limit ? `${line.slice(0, limit - 1)}…` : line
}
