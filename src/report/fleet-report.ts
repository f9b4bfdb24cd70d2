/**
 * The fleet report: one row per target (status, findings by severity, the top finding codes,
 * time) and each target's whole JSON report. It is plain JSON data, so that `merge` can rebuild
 * it from the shards' JSON files and render it in any format exactly as a single run would.
 * Formats: table (the matrix), json (one document: this interface, each target's `report` as
 * schema/report.schema.json), junit (one testsuite per target) and markdown.
 */
import { createRequire } from 'node:module'
import type TableConstructor from 'cli-table3'
import { ExitCode, UsageError } from '../errors.js'

export const FLEET_FORMATS = ['table', 'json', 'junit', 'markdown'] as const
export type FleetFormat = (typeof FLEET_FORMATS)[number]

/** Which slice of the targets a run checked: `index` from 1 to `total`. */
export interface Shard {
  readonly index: number
  readonly total: number
}

export interface FleetReport {
  readonly formatVersion: 1
  readonly kind: 'fleet'
  readonly tool: { readonly name: string; readonly version: string }
  readonly generatedAt: string
  /** The slice this run checked (`--shard`); absent for a whole fleet, and in a merged report. */
  readonly shard?: Shard
  /** Shards a merged report was made of. */
  readonly mergedShards?: number
  /** The whole fleet before sharding: how many targets, and the sha256 of their sorted names (merge checks both). */
  readonly fleet: { readonly size: number; readonly digest: string }
  readonly durationMs: number
  readonly summary: { readonly targets: number; readonly passed: number; readonly failed: number; readonly unchecked: number }
  /** The run's exit code: the worst over the targets (3 if any could not be checked, else 1 if any failed, else 0). */
  readonly exitCode: ExitCode
  readonly targets: readonly FleetTargetResult[]
}

export interface FleetTargetResult {
  readonly name: string
  /** Redacted: never a password. */
  readonly target: string
  /** `error`: the target could not be checked (`error` says why). */
  readonly status: 'pass' | 'fail' | 'error'
  /** What `check` of this target alone would have exited with. */
  readonly exitCode: number
  readonly error?: string
  readonly summary: { readonly error: number; readonly warning: number; readonly info: number }
  /** The most frequent finding codes, at most five. */
  readonly codes: readonly string[]
  readonly ms: number
  /** The target's JSON report (schema/report.schema.json), when it was checked. */
  readonly report?: Record<string, unknown>
}

/** 3 if any target could not be checked, else 1 if any failed, else 0. */
export function exitCodeOfFleet(results: readonly Pick<FleetTargetResult, 'status'>[]): ExitCode {
  if (results.some((r) => r.status === 'error')) return ExitCode.connection
  if (results.some((r) => r.status === 'fail')) return ExitCode.drift
  return ExitCode.ok
}

export function renderFleet(report: FleetReport, format: FleetFormat, options: { readonly isColor?: boolean } = {}): string {
  switch (format) {
    case 'json':
      return `${JSON.stringify(report, null, 2)}\n`
    case 'table':
      return renderFleetTable(report, options.isColor ?? false)
    case 'markdown':
      return renderFleetMarkdown(report)
    case 'junit':
      return renderFleetJunit(report)
  }
}

const STATUS_WORD = { pass: 'pass', fail: 'FAIL', error: 'ERROR' } as const

function countsOf(r: FleetTargetResult): [string, string, string] {
  return r.status === 'error' ? ['-', '-', '-'] : [String(r.summary.error), String(r.summary.warning), String(r.summary.info)]
}

function detailsOf(r: FleetTargetResult): string {
  return r.status === 'error' ? (r.error ?? '') : r.codes.join(', ')
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}

/** `50 targets: 47 pass, 2 fail, 1 could not be checked (exit 3); 12.3 s` */
export function fleetSummaryLine(report: FleetReport): string {
  const { targets, passed, failed, unchecked } = report.summary
  const shard = report.shard === undefined ? '' : ` (shard ${report.shard.index}/${report.shard.total})`
  const merged = report.mergedShards === undefined ? '' : ` (merged from ${report.mergedShards} shards)`
  return `${targets} target${targets === 1 ? '' : 's'}${shard}${merged}: ${passed} pass, ${failed} fail, ${unchecked} could not be checked (exit ${report.exitCode}); ${seconds(report.durationMs)}`
}

function renderFleetTable(report: FleetReport, isColor: boolean): string {
  const paint = (code: number, text: string): string => (isColor ? `\u001b[${code}m${text}\u001b[0m` : text)
  const Table = createRequire(import.meta.url)('cli-table3') as typeof TableConstructor
  const table = new Table({
    head: ['target', 'status', 'errors', 'warnings', 'info', 'top findings / why not checked', 'time'],
    style: { head: isColor ? ['bold'] : [], border: isColor ? ['grey'] : [] },
    wordWrap: true,
    colWidths: [null, null, null, null, null, 60, null],
  })
  for (const r of report.targets) {
    const status = r.status === 'pass' ? paint(32, STATUS_WORD.pass) : paint(31, STATUS_WORD[r.status])
    table.push([r.name, status, ...countsOf(r), detailsOf(r), seconds(r.ms)])
  }
  return `${table.toString()}\n\n${fleetSummaryLine(report)}\n`
}

function cell(text: string): string {
  return text.replace(/[\\|*_`<>[\]]/g, (c) => `\\${c}`).replace(/\r?\n/g, ' ')
}

function renderFleetMarkdown(report: FleetReport): string {
  const heading =
    report.exitCode === ExitCode.ok
      ? '✔ verify-database fleet: every target matches'
      : report.exitCode === ExitCode.drift
        ? '✖ verify-database fleet: some targets do not match'
        : '✖ verify-database fleet: some targets could not be checked'
  const rows = report.targets.map((r) => {
    const codes = r.status === 'error' ? cell(r.error ?? '') : r.codes.map((c) => `\`${c}\``).join(' ')
    return `| ${cell(r.name)} | ${STATUS_WORD[r.status]} | ${countsOf(r).join(' | ')} | ${codes} | ${seconds(r.ms)} |`
  })
  return [
    `## ${heading}`,
    '',
    cell(fleetSummaryLine(report)),
    '',
    '| target | status | errors | warnings | info | top findings / why not checked | time |',
    '|---|---|---:|---:|---:|---|---:|',
    ...rows,
    '',
  ].join('\n')
}

interface JsonFinding {
  readonly code: string
  readonly severity: string
  readonly message: string
}

/** One `<testsuite>` per target: a case per finding that counts (a failure at or above --fail-on), one passing case when clean, an error when not checked. */
function renderFleetJunit(report: FleetReport): string {
  const xml = createRequire(import.meta.url)('xmlbuilder2') as typeof import('xmlbuilder2')
  const failures = report.summary.failed
  const root = xml.create({ version: '1.0', encoding: 'UTF-8', invalidCharReplacement: '\uFFFD' }).ele('testsuites', {
    name: 'verify-database fleet',
    tests: String(report.targets.length),
    failures: String(failures),
    errors: String(report.summary.unchecked),
    time: (report.durationMs / 1000).toFixed(3),
  })
  for (const r of report.targets) {
    const findings = ((r.report?.['findings'] ?? []) as JsonFinding[]).filter((f) => typeof f.code === 'string')
    const failOn = typeof r.report?.['failOn'] === 'string' ? r.report['failOn'] : 'error'
    const counts = (f: JsonFinding): boolean =>
      failOn !== 'never' && SEVERITY_RANK[f.severity as keyof typeof SEVERITY_RANK] >= SEVERITY_RANK[failOn as keyof typeof SEVERITY_RANK]
    const isFailedUnchecked = r.status === 'fail' && !findings.some(counts)
    const suite = root.ele('testsuite', {
      name: r.name,
      tests: String(Math.max(1, findings.length + (isFailedUnchecked ? 1 : 0))),
      failures: String(findings.filter(counts).length + (isFailedUnchecked ? 1 : 0)),
      errors: r.status === 'error' ? '1' : '0',
      time: (r.ms / 1000).toFixed(3),
    })
    suite.ele('properties').ele('property', { name: 'target', value: r.target })
    if (r.status === 'error') {
      suite.ele('testcase', { name: 'connect and read the schema', classname: r.name, time: (r.ms / 1000).toFixed(3) }).ele('error', { message: r.error ?? '' })
      continue
    }
    const reasons = Array.isArray(r.report?.['failReasons']) ? (r.report['failReasons'] as string[]) : []
    if (isFailedUnchecked) {
      // Failed on what the spec could not check (--fail-on-unchecked), not on a finding: still a failure.
      suite
        .ele('testcase', { name: 'every object is checked', classname: r.name, time: (r.ms / 1000).toFixed(3) })
        .ele('failure', { message: `fails on: ${reasons.join(', ') || 'the check'}`, type: 'notChecked' })
    }
    if (findings.length === 0) {
      if (r.status !== 'fail') suite.ele('testcase', { name: 'the schema matches the spec', classname: r.name, time: (r.ms / 1000).toFixed(3) })
      continue
    }
    for (const f of findings) {
      const testcase = suite.ele('testcase', { name: `${f.code}: ${f.message}`, classname: r.name, time: '0' })
      if (counts(f)) testcase.ele('failure', { message: f.message, type: f.code }).txt(`${f.severity} ${f.code}: ${f.message}`)
      else testcase.ele('system-out').txt(`${f.severity} ${f.code}: ${f.message} (below --fail-on ${failOn})`)
    }
  }
  return `${root.end({ prettyPrint: true })}\n`
}

const SEVERITY_RANK = { info: 1, warning: 2, error: 3 } as const

/**
 * One fleet report of the shards' JSON reports (`merge`). Refused (exit 2): a file that is no
 * shard report, shards of different splits, the same shard twice, a missing shard, or a target
 * in two shards.
 */
export function mergeFleetReports(files: readonly { readonly file: string; readonly report: unknown }[]): FleetReport {
  if (files.length === 0) throw new UsageError('merge: name the shards’ JSON reports (fleet --shard I/N --format json)')
  const shards = files.map(({ file, report }) => {
    const r = report as Partial<FleetReport> | null
    if (r === null || typeof r !== 'object' || r.kind !== 'fleet' || r.formatVersion !== 1 || !Array.isArray(r.targets)) {
      throw new UsageError(`merge: ${file} is not a fleet report (verify-database fleet --format json)`)
    }
    if (r.shard === undefined) throw new UsageError(`merge: ${file} is a whole fleet's report, not a shard's (it was run without --shard)`)
    const { index, total } = r.shard
    if (!Number.isInteger(index) || !Number.isInteger(total) || total < 1 || index < 1 || index > total) {
      throw new UsageError(`merge: ${file} names shard ${String(index)}/${String(total)}, which no run of fleet writes`)
    }
    if (r.fleet === undefined || typeof r.fleet.size !== 'number' || typeof r.fleet.digest !== 'string') {
      throw new UsageError(`merge: ${file} does not say which fleet it is a shard of (written by an older version?)`)
    }
    return { file, report: r as FleetReport, shard: r.shard }
  })
  const total = shards[0]?.shard.total ?? 0
  const byIndex = new Map<number, string>()
  for (const { file, shard } of shards) {
    if (shard.total !== total) throw new UsageError(`merge: ${file} is shard ${shard.index}/${shard.total}, the others are of ${total}`)
    const other = byIndex.get(shard.index)
    if (other !== undefined) throw new UsageError(`merge: shard ${shard.index}/${total} is given twice (${other} and ${file})`)
    byIndex.set(shard.index, file)
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !byIndex.has(i))
  if (missing.length > 0) throw new UsageError(`merge: shard${missing.length === 1 ? '' : 's'} ${missing.map((i) => `${i}/${total}`).join(', ')} missing`)
  const fleet = shards[0]?.report.fleet as FleetReport['fleet']
  for (const { file, report } of shards) {
    if (report.fleet.size !== fleet.size || report.fleet.digest !== fleet.digest) {
      throw new UsageError(
        `merge: ${file} is a shard of another list of targets (${report.fleet.size} targets) than ${shards[0]?.file ?? ''} (${fleet.size}): run every shard on the same targets`,
      )
    }
  }
  const seen = new Map<string, string>()
  const targets: FleetTargetResult[] = []
  for (const { file, report } of [...shards].sort((a, b) => a.shard.index - b.shard.index)) {
    for (const t of report.targets) {
      const other = seen.get(t.name)
      if (other !== undefined) throw new UsageError(`merge: target "${t.name}" is in ${other} and in ${file}: the shards are of different target lists`)
      seen.set(t.name, file)
      targets.push(t)
    }
  }
  if (targets.length !== fleet.size) {
    throw new UsageError(`merge: the shards hold ${targets.length} targets, the fleet has ${fleet.size}: a shard report was cut short or edited`)
  }
  const first = shards[0]?.report as FleetReport
  // A status merge does not know counts as not checked: the merged gate is never milder than a shard's.
  const checked = targets.map((t) => (t.status === 'pass' || t.status === 'fail' ? t : { ...t, status: 'error' as const }))
  const exitCode = Math.max(
    exitCodeOfFleet(checked),
    ...shards.map((s) => (typeof s.report.exitCode === 'number' ? s.report.exitCode : ExitCode.connection)),
  ) as ExitCode
  return {
    formatVersion: 1,
    kind: 'fleet',
    tool: first.tool,
    generatedAt:
      shards
        .map((s) => s.report.generatedAt)
        .sort()
        .at(-1) ?? first.generatedAt,
    mergedShards: total,
    fleet,
    durationMs: Math.max(...shards.map((s) => s.report.durationMs)),
    summary: {
      targets: checked.length,
      passed: checked.filter((t) => t.status === 'pass').length,
      failed: checked.filter((t) => t.status === 'fail').length,
      unchecked: checked.filter((t) => t.status === 'error').length,
    },
    exitCode,
    targets: orderTargets(checked),
  }
}

/** Targets in name order: what makes a merged report the same as one run's. */
export function orderTargets(targets: readonly FleetTargetResult[]): FleetTargetResult[] {
  return [...targets].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
}
