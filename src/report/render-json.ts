import { DatabaseError, ExitCode, OutputError, SpecError, UserError } from '../errors.js'
import { TOOL_NAME, TOOL_VERSION } from '../version.js'
import type { Finding } from '../compare/finding.js'
import type { FixStep, Resolves } from '../fix/fix-plan.js'
import { describeFinding } from './describe-finding.js'
import { findingPayload } from './finding-payload.js'
import { adjustmentsOf } from './report-text.js'
import type { SuppressionRule } from '../gate/suppressions.js'
import type { FixProofReport, FixReport, Report } from './report.js'

/**
 * The JSON report (formatVersion 1), mapped field by field rather than dumping internal objects,
 * so a refactor cannot silently change the wire format that CI scripts parse.
 */
export function renderJson(report: Report): string {
  const adjustments = adjustmentsOf(report)
  const document = {
    formatVersion: report.formatVersion,
    status: report.status,
    failReasons: report.failReasons,
    failOn: report.failOn,
    tool: { name: report.tool.name, version: report.tool.version },
    generatedAt: report.generatedAt,
    target: {
      url: report.target.url,
      serverVersion: report.target.serverVersion,
      engine: report.target.engine,
      database: report.target.database,
      user: report.target.user,
    },
    spec: {
      file: report.spec.file,
      description: report.spec.description ?? null,
      ...(report.spec.origin !== undefined && { origin: { kind: report.spec.origin.kind, skipped: report.spec.origin.skipped.map((s) => ({ ...s })) } }),
    },
    options: { strict: report.options.strict, failOnUnchecked: report.options.failOnUnchecked, schemas: report.options.schemas },
    checked: report.checked,
    notChecked: report.notChecked.map((entry) => ({ kind: entry.kind, schema: entry.schema, count: entry.count })),
    summary: { error: report.summary.error, warning: report.summary.warning, info: report.summary.info, suppressed: report.suppressed.length },
    findings: report.findings.map((f) => {
      const adjusted = adjustments.get(f)
      return adjusted === undefined ? findingJson(f) : { ...findingJson(f), severityFrom: adjusted.from, rule: ruleJson(adjusted.rule) }
    }),
    suppressed: report.suppressed.map((s) => ({
      ...findingJson(s.finding),
      suppressedBy: s.by.kind === 'baseline' ? { kind: 'baseline', file: s.by.file } : { kind: 'rule', ...ruleJson(s.by.rule) },
    })),
    notices: report.notices.map((n) => ({
      code: n.code,
      severity: n.severity,
      message: n.message,
      source: n.source === null ? null : { file: n.source.file, pointer: n.source.pointer, line: n.source.line ?? null, column: n.source.column ?? null },
    })),
    ...(report.baseline !== undefined && { baseline: { file: report.baseline.file, entries: report.baseline.entries, fixed: report.baseline.fixed } }),
    ...(report.fix !== undefined && { fix: fixJson(report.fix) }),
    ...(report.tenants !== undefined && {
      tenants: {
        pattern: report.tenants.pattern,
        template: report.tenants.template,
        schemas: report.tenants.schemas.map((t) => ({
          schema: t.schema,
          status: t.status,
          summary: { error: t.summary.error, warning: t.summary.warning, info: t.summary.info },
          codes: [...t.codes],
        })),
      },
    }),
  }
  return `${JSON.stringify(document, null, 2)}\n`
}

/** One finding on the wire: its identity flattened, its payload in the spec's vocabulary (see findingPayload). */
function findingJson(f: Finding): Readonly<Record<string, JsonValue>> {
  const { expected, actual } = findingPayload(f)
  return {
    code: f.code,
    kind: f.kind,
    problem: f.problem,
    attributes: f.problem === 'mismatch' ? [...f.attributes] : [],
    severity: f.severity,
    schema: f.subject.schema,
    table: f.subject.table,
    name: f.subject.name,
    ...(f.subject.arguments !== undefined && { arguments: [...f.subject.arguments] }),
    expected,
    actual,
    ...(f.problem === 'renamed' && { foundAs: f.foundAs }),
    ...(f.kind === 'migration' && { migration: { ...f.migration } }),
    message: describeFinding(f),
    source: f.source === null ? null : { file: f.source.file, pointer: f.source.pointer, line: f.source.line, column: f.source.column },
    consequences: f.consequences.map((c) => ({ code: c.code, schema: c.subject.schema, table: c.subject.table, name: c.subject.name })),
  }
}

/** A suppression rule on the wire: what it matches, why, until when, and where it is written. */
function ruleJson(rule: SuppressionRule): Readonly<Record<string, JsonValue>> {
  return {
    match: { ...rule.patterns },
    reason: rule.reason,
    until: rule.until ?? null,
    action: rule.action.kind === 'ignore' ? 'ignore' : rule.action.severity,
    source: { file: rule.source.file, pointer: rule.source.pointer, line: rule.source.line ?? null, column: rule.source.column ?? null },
  }
}

/** The repair plan on the wire (README "JSON report format"): steps to run, steps withheld, findings left to a person. */
function fixJson(plan: FixReport): Readonly<Record<string, JsonValue>> {
  return {
    statements: plan.statements.map(stepJson),
    withheld: plan.withheld.map(stepJson),
    unrepairable: plan.unrepairable.map((item) => ({ ...resolvesJson(item.resolves), reason: item.reason })),
    ...(plan.proof !== undefined && { proof: proofJson(plan.proof) }),
  }
}

function proofJson(proof: FixProofReport): Readonly<Record<string, JsonValue>> {
  return {
    converged: proof.converged,
    idempotent: proof.idempotent,
    remaining: proof.remaining.map(resolvesJson),
    stubbed: proof.stubbed.map((s) => ({ kind: s.subject.kind, schema: s.subject.schema, table: s.subject.table, name: s.subject.name, reason: s.reason })),
    failures: proof.failures.map((f) => ({ stage: f.stage, statement: f.statement ?? null, message: f.message })),
    engine: proof.engine,
    engineVersion: proof.engineVersion,
    ms: Math.round(proof.ms),
  }
}

function stepJson(step: FixStep): Readonly<Record<string, JsonValue>> {
  return {
    phase: step.phase,
    sql: [...step.sql],
    resolves: step.resolves.map(resolvesJson),
    hazards: [...step.hazards],
    notes: [...step.notes],
    searchSchema: step.searchSchema,
    outsideTransaction: step.isOutsideTransaction === true,
  }
}

function resolvesJson({ code, subject }: Resolves): Readonly<Record<string, JsonValue>> {
  return {
    code,
    schema: subject.schema,
    table: subject.table,
    name: subject.name,
    ...(subject.arguments !== undefined && { arguments: [...subject.arguments] }),
  }
}

/** What JSON.stringify writes. */
type JsonValue = string | number | boolean | null | readonly JsonValue[] | { readonly [key: string]: JsonValue | undefined } | object

/** What kind of failure ended a run without a report: `kind` in the JSON error document. */
export type ErrorKind = 'usage' | 'spec' | 'output' | 'connection' | 'internal'

/**
 * The JSON document printed on stdout instead of a report when a `--format json` run ends in
 * exit 2, 3 or 4, so a CI step that parses stdout never gets an empty string. `message` must
 * already be redacted.
 */
export function renderJsonError(error: Error | null, message: string, exitCode: number): string {
  const document = {
    formatVersion: 1,
    status: 'error',
    tool: { name: TOOL_NAME, version: TOOL_VERSION },
    error: {
      exitCode,
      kind: errorKind(error, exitCode),
      ...(error instanceof DatabaseError ? { failure: error.failure } : {}),
      message,
      ...(error instanceof SpecError
        ? { problems: error.problems.map((p) => ({ file: p.file, pointer: p.pointer, line: p.line ?? null, column: p.column ?? null, message: p.message })) }
        : {}),
    },
  }
  return `${JSON.stringify(document, null, 2)}\n`
}

function errorKind(error: Error | null, exitCode: number): ErrorKind {
  if (error instanceof SpecError) return 'spec'
  if (error instanceof DatabaseError) return 'connection'
  if (error instanceof OutputError) return 'output'
  if (error instanceof UserError) return error.exitCode === ExitCode.connection ? 'connection' : 'usage'
  return exitCode === ExitCode.internal ? 'internal' : 'usage'
}
