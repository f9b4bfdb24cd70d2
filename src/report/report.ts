import type { NotCheckedCount } from '../model/not-checked.js'
import type { SpecOrigin } from '../spec/load-spec.js'
import type { SchemaModel } from '../model/schema-model.js'
import { isAtLeast, type Finding, type Severity } from '../compare/finding.js'
import type { FixPlan, Resolves } from '../fix/fix-plan.js'
import type { ObjectRef } from '../model/object-ref.js'
import type { AdjustedFinding, GateNotice, SuppressedFinding } from '../gate/gate-findings.js'

/** The thresholds at or above which findings fail the run; `never` = report only. */
export const FAIL_ON_VALUES = ['error', 'warning', 'info', 'never'] as const satisfies readonly (Severity | 'never')[]
export type FailOn = (typeof FAIL_ON_VALUES)[number]

/** Everything a renderer needs about one check run. Built once, rendered by any format. */
export interface Report {
  readonly formatVersion: 1
  /** `fail` when there is at least one reason in `failReasons`. */
  readonly status: 'pass' | 'fail'
  /** Why the run fails; empty when it passes. */
  readonly failReasons: readonly FailReason[]
  readonly failOn: FailOn
  readonly tool: { readonly name: string; readonly version: string }
  readonly generatedAt: string
  readonly target: {
    /** Redacted: never contains a password. */
    readonly url: string
    readonly serverVersion: string
    readonly engine: 'postgresql' | 'pglite'
    readonly database: string
    readonly user: string
  }
  readonly spec: {
    /** The spec file, or the spec database's redacted URL. */
    readonly file: string
    readonly description?: string
    /** A spec made from an SQL script or another database (`--spec schema.sql`, `--spec postgres://…`), with what of it was left out. */
    readonly origin?: SpecOrigin
  }
  readonly options: { readonly strict: boolean; readonly failOnUnchecked: boolean; readonly schemas: readonly string[] }
  /** How much of the spec was checked, so a clean result says what it covered. */
  readonly checked: CheckedCounts
  /**
   * The expected model the findings were computed from, restricted to the checked schemas: the
   * objects a JUnit report lists as test cases, passed or not. Not part of the JSON report.
   */
  readonly expected: SchemaModel
  /** Milliseconds from the start of the check to the report (introspection and comparison). */
  readonly durationMs: number
  /** What the checked schemas hold that the spec cannot describe, so a clean result says what it did not cover. */
  readonly notChecked: readonly NotCheckedCount[]
  /** Counts of the findings that count (`findings`), by severity. */
  readonly summary: Readonly<Record<Severity, number>>
  /** The findings that count towards the exit code, with the severities suppression rules set. */
  readonly findings: readonly Finding[]
  /** Findings a suppression rule ignores or the baseline records: listed with why, not counted. */
  readonly suppressed: readonly SuppressedFinding[]
  /** Findings of `findings` whose severity a rule set, with the severity they had. */
  readonly adjusted: readonly AdjustedFinding[]
  /** About the rules and the baseline (expired, unmatched, fixed since): never change the exit code. */
  readonly notices: readonly GateNotice[]
  /** The baseline given with --baseline: how many findings it records, and how many of them are fixed. */
  readonly baseline?: { readonly file: string; readonly entries: number; readonly fixed: number }
  /** The SQL that repairs the findings, when it was asked for (`--fix`); it never changes status. */
  readonly fix?: FixReport
  /** A `--tenant-schemas` check: each tenant schema's verdict. */
  readonly tenants?: TenantsReport
}

export interface TenantsReport {
  readonly pattern: string
  /** The spec's schema every tenant was checked against. */
  readonly template: string
  /** One entry per tenant schema checked, in name order. */
  readonly schemas: readonly TenantReport[]
}

export interface TenantReport {
  readonly schema: string
  /** `fail` when one of its findings is at or above --fail-on. */
  readonly status: 'pass' | 'fail'
  readonly summary: Readonly<Record<Severity, number>>
  /** The finding codes in this schema, sorted. */
  readonly codes: readonly string[]
}

export interface CheckedCounts {
  readonly tables: number
  readonly columns: number
  readonly constraints: number
  readonly indexes: number
  readonly foreignKeys: number
  readonly triggers: number
  readonly otherObjects: number
}

/**
 * Why a run fails, named after the report field that holds the cause: `findings` (one at or above
 * --fail-on) and `notChecked` (objects the spec cannot describe, under --fail-on-unchecked).
 */
export type FailReason = 'findings' | 'notChecked'

export function failReasonsOf(
  findings: readonly Finding[],
  failOn: FailOn,
  notChecked: readonly NotCheckedCount[],
  isFailOnUnchecked: boolean,
  isSpecIncomplete = false,
): FailReason[] {
  const reasons: FailReason[] = []
  if (isFailing(findings, failOn)) reasons.push('findings')
  if (isFailOnUnchecked && (notChecked.length > 0 || isSpecIncomplete)) reasons.push('notChecked')
  return reasons
}

/** How many objects were not checked, over every kind and schema. */
export function countNotChecked(notChecked: readonly NotCheckedCount[]): number {
  return notChecked.reduce((sum, entry) => sum + entry.count, 0)
}

export function summarizeFindings(findings: readonly Finding[]): Record<Severity, number> {
  const summary: Record<Severity, number> = { error: 0, warning: 0, info: 0 }
  for (const f of findings) summary[f.severity] += 1
  return summary
}

export function isFailing(findings: readonly Finding[], failOn: FailOn): boolean {
  return failOn !== 'never' && findings.some((f) => isAtLeast(f.severity, failOn))
}

export function countChecked(expected: SchemaModel): CheckedCounts {
  let columns = 0
  let constraints = 0
  let indexes = 0
  let foreignKeys = 0
  let triggers = 0
  for (const t of expected.tables) {
    columns += t.columns.length
    constraints += (t.primaryKey ? 1 : 0) + t.uniqueConstraints.length + t.checkConstraints.length
    indexes += t.indexes.length
    foreignKeys += t.foreignKeys.length
    triggers += t.triggers.length
  }
  const otherObjects = expected.functions.length + expected.extensions.length + expected.enums.length + expected.sequences.length + expected.views.length
  return { tables: expected.tables.length, columns, constraints, indexes, foreignKeys, triggers, otherObjects }
}

/** The repair plan in a report, with its proof when `--prove` was given. */
export type FixReport = FixPlan & { readonly proof?: FixProofReport }

/**
 * What `--prove` found when it ran the repair on an embedded PGlite copy of the target's schema:
 * whether it converged (nothing left but withheld and manual findings, and findings on stubs) and
 * was a no-op the second time, and what PGlite could only stub.
 */
export interface FixProofReport {
  readonly converged: boolean
  readonly idempotent: boolean
  /** Findings left on the copy after the repair (withheld and manual ones included). */
  readonly remaining: readonly Resolves[]
  /** Objects the copy holds only as a stand-in, or not at all, and why. */
  readonly stubbed: readonly { readonly subject: ObjectRef; readonly reason: string }[]
  /** Statements that failed on the copy (a failure is a finding of the proof, not an error). */
  readonly failures: readonly { readonly stage: string; readonly statement?: string; readonly message: string }[]
  readonly engine: 'pglite'
  readonly engineVersion: string
  readonly ms: number
}
