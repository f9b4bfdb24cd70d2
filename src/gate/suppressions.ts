/**
 * Suppression rules: what a team has decided about findings it knows of. A rule matches findings
 * by glob patterns over their code, schema, table and name, and either ignores them (they are
 * still listed, with the rule's reason, and counted apart) or sets their severity. Rules come
 * from the spec's `suppressions` and the config file's, in that order; the first rule that
 * matches a finding decides for it. A rule past its `until` day no longer applies and says so,
 * and a rule that matches nothing is reported, so stale rules do not pile up.
 */
import picomatch from 'picomatch'
import type { Finding, Severity } from '../compare/finding.js'

/**
 * A suppression rule as written: glob patterns over a finding's code, schema, table and name (at
 * least one), a reason, an optional last day, and either `ignore: true` or a `severity`.
 */
export interface SpecSuppression {
  readonly code?: string
  readonly schema?: string
  readonly table?: string
  readonly name?: string
  readonly reason: string
  /** YYYY-MM-DD: the last day the rule applies. */
  readonly until?: string
  readonly ignore?: true
  readonly severity?: 'error' | 'warning' | 'info'
}

/** Where a rule is written: its file and JSON pointer, and line and column when known. */
export interface RuleSource {
  readonly file: string
  readonly pointer: string
  readonly line?: number
  readonly column?: number
}

export type RuleAction = { readonly kind: 'ignore' } | { readonly kind: 'severity'; readonly severity: Severity }

export const RULE_FIELDS = ['code', 'schema', 'table', 'name'] as const

/** `*` matches any run of characters, `/` included (names are not paths); no extglobs. */
const PATTERN_OPTIONS = { dot: true, bash: true, noextglob: true } as const
export type RuleField = (typeof RULE_FIELDS)[number]

export interface SuppressionRule {
  /** Glob patterns; a field left out matches anything. At least one is given. */
  readonly patterns: Readonly<Partial<Record<RuleField, string>>>
  readonly reason: string
  /** The last day (YYYY-MM-DD, UTC) the rule applies. */
  readonly until?: string
  readonly action: RuleAction
  readonly source: RuleSource
}

/**
 * What the JSON Schema cannot say about a rule as written: it names at least one field to match
 * on (a rule that matches every finding must say so: `"code": "*"`), and it either ignores or
 * sets a severity, not both. Pointers are relative to the document.
 */
export function suppressionProblems(rules: readonly SpecSuppression[], pointer: string): { pointer: string; message: string }[] {
  const problems: { pointer: string; message: string }[] = []
  rules.forEach((rule, i) => {
    const at = `${pointer}/${i}`
    if (!RULE_FIELDS.some((field) => rule[field] !== undefined)) {
      problems.push({
        pointer: at,
        message: `a suppression names at least one of ${RULE_FIELDS.join(', ')} to match findings on (use "code": "*" to match every finding)`,
      })
    }
    if (rule.ignore === undefined && rule.severity === undefined) {
      problems.push({
        pointer: at,
        message: 'a suppression says what to do with the findings it matches: "ignore": true, or "severity": "error" | "warning" | "info"',
      })
    }
    for (const field of RULE_FIELDS) {
      const pattern = rule[field]
      if (pattern === undefined) continue
      try {
        picomatch(literalGroups(pattern), PATTERN_OPTIONS)
      } catch (error) {
        problems.push({ pointer: `${at}/${field}`, message: `is not a pattern: ${error instanceof Error ? error.message : String(error)}` })
      }
    }
    if (rule.ignore !== undefined && rule.severity !== undefined) {
      problems.push({ pointer: `${at}/severity`, message: 'a suppression either ignores the findings ("ignore": true) or sets their severity, not both' })
    }
  })
  return problems
}

/** The rules of a validated `suppressions` array; `locate` gives each rule's position in its file. */
export function rulesOf(
  rules: readonly SpecSuppression[],
  pointer: string,
  locate: (pointers: readonly string[]) => ReadonlyMap<string, RuleSource>,
): SuppressionRule[] {
  const pointers = rules.map((_rule, i) => `${pointer}/${i}`)
  const located = locate(pointers)
  return rules.map((rule, i) => {
    const at = pointers[i] ?? pointer
    const patterns: Partial<Record<RuleField, string>> = {}
    for (const field of RULE_FIELDS) {
      const value = rule[field]
      if (value !== undefined) patterns[field] = value
    }
    return {
      patterns,
      reason: rule.reason,
      ...(rule.until !== undefined && { until: rule.until }),
      action: rule.severity !== undefined ? { kind: 'severity', severity: rule.severity } : { kind: 'ignore' },
      source: located.get(at) ?? { file: '', pointer: at },
    }
  })
}

/** A rule's patterns as people read them: `code=index.renamed table=time_*`. */
export function ruleLabel(rule: SuppressionRule): string {
  return RULE_FIELDS.flatMap((field) => (rule.patterns[field] === undefined ? [] : [`${field}=${rule.patterns[field]}`])).join(' ')
}

/** `file:line:col` of a rule, or its file and pointer when the position is not known. */
export function ruleWhere(rule: SuppressionRule): string {
  const { file, pointer, line, column } = rule.source
  return line === undefined ? `${file}#${pointer}` : `${file}:${line}:${column ?? 1}`
}

/** True when the rule no longer applies on `today` (YYYY-MM-DD): its last day is past. */
export function isExpired(rule: SuppressionRule, today: string): boolean {
  return rule.until !== undefined && rule.until < today
}

/** The value of each field a rule matches a finding on. */
export function matchFields(f: Finding, label: string): Readonly<Record<RuleField, string | null>> {
  const { schema, table, name } = f.subject
  // A table's (or view's) own findings match a table pattern by its name, like the objects on it.
  const tableName = table ?? (f.kind === 'table' || f.kind === 'view' ? name : null)
  return { code: f.code, schema, table: tableName, name: name ?? (label === '' ? null : label) }
}

/** A matcher per rule, compiled once. `*` matches any run of characters, a `/` too. */
export function compileRule(rule: SuppressionRule): (fields: Readonly<Record<RuleField, string | null>>) => boolean {
  const matchers = RULE_FIELDS.flatMap((field) => {
    const pattern = rule.patterns[field]
    if (pattern === undefined) return []
    const isMatch = picomatch(literalGroups(pattern), PATTERN_OPTIONS)
    return [{ field, isMatch }]
  })
  return (fields) =>
    matchers.every(({ field, isMatch }) => {
      const value = fields[field]
      return value !== null && isMatch(value)
    })
}

/**
 * The pattern with `(`, `)` and `|` made literal outside `[...]`: picomatch reads them as a
 * regular expression group, and `(email)`, the label of an unnamed object, must match that
 * label and nothing else (as a group it would also match the column `email`).
 */
export function literalGroups(pattern: string): string {
  let out = ''
  let inClass = false
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] ?? ''
    if (inClass) {
      // `]` right after `[` (or `[!`) is a member, not the end.
      const isFirst = pattern[i - 1] === '[' || (pattern[i - 1] === '!' && pattern[i - 2] === '[')
      if (c === ']' && !isFirst) inClass = false
      out += c
    } else if (c === '[' && pattern.indexOf(']', i + 2) !== -1) {
      inClass = true
      out += c
    } else {
      out += c === '(' || c === ')' || c === '|' ? `[${c}]` : c
    }
  }
  return out
}
