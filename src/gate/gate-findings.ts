/**
 * The gate stage, between comparing and reporting: suppression rules, then the baseline, decide
 * which findings count towards the exit code. Nothing is dropped: a finding a rule ignores or the
 * baseline knows is listed apart with why, a finding a rule re-grades keeps its old severity
 * beside the new one, and the rules and baseline entries that matched nothing are notices.
 */
import type { Finding, Severity } from '../compare/finding.js'
import { objectLabel } from '../compare/object-label.js'
import { describeIdentity, identityKey, identityOf, type Baseline, type BaselineEntry, type FindingIdentity } from './baseline.js'
import { compileRule, isExpired, matchFields, ruleLabel, ruleWhere, type RuleSource, type SuppressionRule } from './suppressions.js'

/** A finding that does not count: a rule ignores it, or the baseline records it. */
export interface SuppressedFinding {
  readonly finding: Finding
  readonly by: { readonly kind: 'rule'; readonly rule: SuppressionRule } | { readonly kind: 'baseline'; readonly file: string }
}

/** A finding whose severity a rule set: `finding` (as counted) has the new one. */
export interface AdjustedFinding {
  readonly finding: Finding
  readonly from: Severity
  readonly rule: SuppressionRule
}

export const NOTICE_CODES = ['suppression.unmatched', 'suppression.expired', 'baseline.fixed', 'baseline.changed'] as const
export type NoticeCode = (typeof NOTICE_CODES)[number]

/** Something about the rules or the baseline, not the database: it never changes the exit code. */
export interface GateNotice {
  readonly code: NoticeCode
  readonly severity: 'warning' | 'info'
  readonly message: string
  /** The rule's place in its file, for rule notices. */
  readonly source: RuleSource | null
  /** The recorded finding, for baseline notices. */
  readonly entry?: BaselineEntry
}

export interface GateInputs {
  readonly findings: readonly Finding[]
  readonly rules: readonly SuppressionRule[]
  readonly baseline?: Baseline
  /** YYYY-MM-DD (UTC): rules whose `until` is before it no longer apply. */
  readonly today: string
}

export interface GatedFindings {
  /** The findings that count, with the severities rules set. */
  readonly findings: readonly Finding[]
  readonly suppressed: readonly SuppressedFinding[]
  readonly adjusted: readonly AdjustedFinding[]
  readonly notices: readonly GateNotice[]
  /** Every finding no rule ignores (the counted and the baselined ones): what a repair and a new baseline cover. */
  readonly accepted: readonly Finding[]
  readonly baseline?: { readonly file: string; readonly entries: number; readonly fixed: number }
}

export function gateFindings({ findings, rules, baseline, today }: GateInputs): GatedFindings {
  const compiled = rules.map((rule) => ({ rule, matches: compileRule(rule), expired: isExpired(rule, today), count: 0 }))
  const counted: Finding[] = []
  const suppressed: SuppressedFinding[] = []
  const adjusted: AdjustedFinding[] = []
  const accepted: Finding[] = []
  for (const finding of findings) {
    const fields = matchFields(finding, finding.subject.name === null ? objectLabel(finding) : '')
    let decided: SuppressionRule | undefined
    for (const entry of compiled) {
      if (!entry.matches(fields)) continue
      entry.count++
      if (decided === undefined && !entry.expired) decided = entry.rule
    }
    if (decided === undefined) {
      accepted.push(finding)
    } else if (decided.action.kind === 'ignore') {
      suppressed.push({ finding, by: { kind: 'rule', rule: decided } })
    } else {
      const graded = decided.action.severity === finding.severity ? finding : { ...finding, severity: decided.action.severity }
      adjusted.push({ finding: graded, from: finding.severity, rule: decided })
      accepted.push(graded)
    }
  }
  const notices: GateNotice[] = []
  for (const { rule, expired, count } of compiled) {
    if (expired) {
      const what =
        count === 0 ? 'it matches no finding now' : count === 1 ? 'the finding it matches counts again' : `the ${count} findings it matches count again`
      notices.push({
        code: 'suppression.expired',
        severity: 'warning',
        message: `Suppression ${ruleLabel(rule)} (${ruleWhere(rule)}) expired after ${rule.until}: ${what}.`,
        source: rule.source,
      })
    } else if (count === 0) {
      notices.push({
        code: 'suppression.unmatched',
        severity: 'warning',
        message: `Suppression ${ruleLabel(rule)} (${ruleWhere(rule)}) matches no finding: remove it if what it was for is fixed.`,
        source: rule.source,
      })
    }
  }
  if (baseline === undefined) {
    counted.push(...accepted)
    return { findings: counted, suppressed, adjusted, notices, accepted }
  }
  const known = new Map(baseline.entries.map((entry) => [identityKey(entry), entry]))
  const seen = new Set<string>()
  // A finding a rule ignores is still there: its baseline entry is not fixed.
  for (const { finding } of suppressed) seen.add(identityKey(identityOf(finding)))
  // The same object found with the same code but other attributes or values: changed, not fixed.
  const nowOnObject = new Map<string, FindingIdentity>()
  for (const finding of accepted) {
    const identity = identityOf(finding)
    const key = identityKey(identity)
    seen.add(key)
    nowOnObject.set(identityKey({ ...identity, attributes: undefined, detail: undefined }), identity)
    if (known.has(key)) suppressed.push({ finding, by: { kind: 'baseline', file: baseline.file } })
    else counted.push(finding)
  }
  let fixed = 0
  for (const [key, entry] of known) {
    if (seen.has(key)) continue
    const now = nowOnObject.get(identityKey({ ...entry, attributes: undefined, detail: undefined }))
    if (now === undefined) {
      fixed++
      notices.push({
        code: 'baseline.fixed',
        severity: 'info',
        message: `Fixed since the baseline: ${describeIdentity(entry)}; write the baseline again to drop it.`,
        source: null,
        entry,
      })
    } else {
      const differs = now.attributes === undefined ? 'changed' : `now differs in [${now.attributes.join(', ')}]`
      const message = `Changed since the baseline: ${describeIdentity(entry)} ${differs}, which counts as new drift.`
      notices.push({ code: 'baseline.changed', severity: 'info', message, source: null, entry })
    }
  }
  return { findings: counted, suppressed, adjusted, notices, accepted, baseline: { file: baseline.file, entries: known.size, fixed } }
}
