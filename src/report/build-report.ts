import type { Finding } from '../compare/finding.js'
import type { GatedFindings } from '../gate/gate-findings.js'
import type { NotCheckedCount } from '../model/not-checked.js'
import type { SchemaModel } from '../model/schema-model.js'
import { TOOL_NAME, TOOL_VERSION } from '../version.js'
import { compareText } from '../model/compare-text.js'
import {
  countChecked,
  failReasonsOf,
  isFailing,
  summarizeFindings,
  type FailOn,
  type FixReport,
  type Report,
  type TenantReport,
  type TenantsReport,
} from './report.js'

/** What one check run produced; buildReport derives the rest (status, reasons, counts, summary). */
export interface ReportInputs {
  /** The expected model the findings were computed from, already restricted to `schemas`. */
  readonly expected: SchemaModel
  readonly findings: readonly Finding[]
  /**
   * What suppression rules and the baseline made of `findings`; without it every finding counts.
   * `findings` are then the findings as compared, and the report's are gate.findings.
   */
  readonly gate?: GatedFindings
  readonly notChecked: readonly NotCheckedCount[]
  readonly target: Report['target']
  readonly spec: Report['spec']
  /** The schemas the check covered. */
  readonly schemas: readonly string[]
  readonly isStrict: boolean
  readonly failOn: FailOn
  readonly isFailOnUnchecked: boolean
  readonly generatedAt: Date
  /** How long the check took (see Report.durationMs). */
  readonly durationMs: number
  /** The repair plan, when one was asked for (`--fix`). */
  readonly fix?: FixReport
  /** A `--tenant-schemas` check: its pattern, template and the tenant schemas it matched. */
  readonly tenants?: TenantReportInputs
}

export interface TenantReportInputs {
  readonly pattern: string
  readonly template: string
  /** The tenant schemas checked, sorted. */
  readonly schemas: readonly string[]
}

/** The one place a Report is assembled, so every command and format sees the same fields. */
export function buildReport(inputs: ReportInputs): Report {
  const { failOn, notChecked, isFailOnUnchecked, isStrict, gate } = inputs
  const findings = gate?.findings ?? inputs.findings
  // What an SQL spec left out because PGlite lacks an extension is not checked either.
  const lostFromSpec = (inputs.spec.origin?.skipped ?? []).some((s) => s.reason === 'extension' || s.reason === 'needs_extension')
  const failReasons = failReasonsOf(findings, failOn, notChecked, isFailOnUnchecked, lostFromSpec)
  return {
    formatVersion: 1,
    status: failReasons.length > 0 ? 'fail' : 'pass',
    failReasons,
    failOn,
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    generatedAt: inputs.generatedAt.toISOString(),
    target: inputs.target,
    spec: inputs.spec,
    options: { strict: isStrict, failOnUnchecked: isFailOnUnchecked, schemas: inputs.schemas },
    checked: countChecked(inputs.expected),
    expected: inputs.expected,
    durationMs: inputs.durationMs,
    notChecked,
    summary: summarizeFindings(findings),
    findings,
    suppressed: gate?.suppressed ?? [],
    adjusted: gate?.adjusted ?? [],
    notices: gate?.notices ?? [],
    ...(gate?.baseline !== undefined && { baseline: gate.baseline }),
    ...(inputs.fix !== undefined && { fix: inputs.fix }),
    ...(inputs.tenants !== undefined && { tenants: tenantsReport(inputs.tenants, findings, failOn) }),
  }
}

/** Each tenant's verdict: the findings in its schema, as the whole run counts them. */
function tenantsReport(inputs: TenantReportInputs, findings: readonly Finding[], failOn: FailOn): TenantsReport {
  const bySchema = new Map<string, Finding[]>(inputs.schemas.map((schema) => [schema, []]))
  for (const f of findings) if (f.subject.schema !== null) bySchema.get(f.subject.schema)?.push(f)
  const schemas = inputs.schemas.map((schema): TenantReport => {
    const own = bySchema.get(schema) ?? []
    const codes = [...new Set(own.map((f) => f.code))].sort(compareText)
    return { schema, status: isFailing(own, failOn) ? 'fail' : 'pass', summary: summarizeFindings(own), codes }
  })
  return { pattern: inputs.pattern, template: inputs.template, schemas }
}
