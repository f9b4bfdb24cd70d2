/**
 * The "Fix" section of the table output (`check --fix`): a line that counts what the plan does,
 * then the plan exactly as the `.sql` file holds it (without the file's header), so what a person
 * reads in the report is what `--fix-file` writes and `fix --apply` runs. Colour only sets apart
 * comments, hazards and section headings; the SQL itself stays plain.
 */
import { HAZARDS, type FixPlan } from '../fix/fix-plan.js'
import { renderFixSql, resolvesLabel } from '../fix/fix-script.js'
import type { FixProofReport, FixReport } from './report.js'
import type { Paint } from './report-text.js'

/** The Fix section's lines. */
export function renderFixSection(plan: FixReport, paint: Paint): string[] {
  const lines = ['', `${paint('bold', 'Fix')}: ${fixSummary(plan)}`]
  if (plan.proof !== undefined) lines.push(...proofLines(plan.proof, paint))
  if (plan.statements.length + plan.withheld.length + plan.unrepairable.length === 0) return lines
  const sql = renderFixSql(plan, null).trimEnd().split('\n')
  lines.push('', ...sql.map((line) => paintLine(line, paint)))
  return lines
}

/** `3 repairs to run (5 statements), 1 withheld (needs --allow-destructive), 1 cannot be repaired automatically`. */
export function fixSummary(plan: FixPlan): string {
  const steps = plan.statements.length
  if (steps + plan.withheld.length + plan.unrepairable.length === 0) return 'nothing to repair.'
  const statements = countStatements(plan)
  const parts = [steps === 0 ? 'nothing to run' : `${plural(steps, 'repair')} to run (${plural(statements, 'statement')})`]
  if (plan.withheld.length > 0) parts.push(`${plan.withheld.length} withheld (needs --allow-destructive)`)
  if (plan.unrepairable.length > 0) parts.push(`${plan.unrepairable.length} cannot be repaired automatically`)
  return `${parts.join(', ')}.`
}

/** The SQL statements the plan runs, transaction control and search_path not counted. */
export function countStatements(plan: FixPlan): number {
  return plan.statements.reduce((sum, step) => sum + step.sql.length, 0)
}

const HEADINGS = ['-- Withheld:', '-- Cannot be repaired automatically:', '-- After the transaction:', '-- Nothing to run:']

function paintLine(line: string, paint: Paint): string {
  if (!line.startsWith('--')) return line
  if (HEADINGS.some((heading) => line.startsWith(heading))) return paint('bold', line)
  const hazard = /^--\s+([a-z_]+): /.exec(line)?.[1]
  if (hazard !== undefined && hazard in HAZARDS) return paint('yellow', line)
  return paint('dim', line)
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/**
 * `Proof: converged on PGlite 18.6 (…) in 2.1 s; applied twice, the second time a no-op.`, then
 * what was stubbed, what failed and what was left, one line each.
 */
function proofLines(proof: FixProofReport, paint: Paint): string[] {
  const seconds = `${(proof.ms / 1000).toFixed(1)} s`
  const verdict = proof.converged ? paint('green', 'converged') : paint('red', 'did not converge')
  const again = proof.idempotent ? 'applied twice, the second time a no-op' : paint('red', 'the second application failed or changed something')
  const lines = [`${paint('bold', 'Proof')}: ${verdict} on an embedded copy (PostgreSQL ${proof.engineVersion}) in ${seconds}; ${again}.`]
  for (const s of proof.stubbed)
    lines.push(`  stubbed: ${s.subject.kind} ${[s.subject.schema, s.subject.name].filter((p) => p !== null).join('.')}: ${oneLineText(s.reason)}`)
  for (const f of proof.failures)
    lines.push(
      `  ${paint('red', 'failed')} (${f.stage}): ${oneLineText(f.message)}${f.statement === undefined ? '' : ` in: ${oneLineText(f.statement).slice(0, 120)}`}`,
    )
  for (const r of proof.remaining) lines.push(`  left: ${resolvesLabel(r)}`)
  return lines
}

function oneLineText(text: string): string {
  return text.replace(/\s+/g, ' ').trim()
}
