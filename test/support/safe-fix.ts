/**
 * The repair `check --fix` plans with no flags: nothing destructive, in one transaction, not
 * concurrently, constraints added validated. Most repair tests want exactly this plan.
 */
import type { Finding } from '../../src/compare/finding.js'
import type { FixOptions, FixPlan } from '../../src/fix/fix-plan.js'
import { planFix } from '../../src/fix/plan-fix.js'
import type { SchemaModel } from '../../src/model/schema-model.js'

export const SAFE_FIX_OPTIONS: FixOptions = { allowDestructive: false, isStrict: false, concurrently: false, notValid: false }

/** The default plan for `findings` of `actual` against `expected`; PostgreSQL 18 unless said. */
export function planSafeFix(
  findings: readonly Finding[],
  expected: SchemaModel,
  actual: SchemaModel,
  serverVersionNum = 180000,
  options: Partial<FixOptions> = {},
): FixPlan {
  return planFix({ findings, expected, actual, serverVersionNum, options: { ...SAFE_FIX_OPTIONS, ...options } })
}
