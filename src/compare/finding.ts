/**
 * A Finding is one difference between the expected and the actual schema. Its shape is the
 * public JSON report format (formatVersion 1), so every field here is documented in the README.
 */

export const FINDING_KINDS = [
  'table',
  'column',
  'primary_key',
  'unique',
  'check',
  'index',
  'foreign_key',
  'trigger',
  'function',
  'extension',
  'enum',
  'sequence',
  'view',
] as const
export type FindingKind = (typeof FINDING_KINDS)[number]

export const FINDING_PROBLEMS = ['missing', 'mismatch', 'extra', 'renamed'] as const
export type FindingProblem = (typeof FINDING_PROBLEMS)[number]

/** Stable public id of a finding: `<kind>.<problem>`, e.g. `column.mismatch`. */
export type FindingCode = `${FindingKind}.${FindingProblem}`

export const SEVERITIES = ['error', 'warning', 'info'] as const
export type Severity = (typeof SEVERITIES)[number]

export interface Finding {
  readonly code: FindingCode
  readonly kind: FindingKind
  readonly problem: FindingProblem
  /** For a mismatch: the properties that differ (`type`, `nullable`, `on_delete`, ...); else empty. */
  readonly attributes: readonly string[]
  readonly severity: Severity
  /** PostgreSQL schema of the object (for an extension: the schema it is expected in, or null). */
  readonly schema: string | null
  /** Table the object belongs to; null for tables themselves and schema-level objects. */
  readonly table: string | null
  /** The object's own name (for an unnamed expected constraint, a description such as `(email)`). */
  readonly name: string
  /** What the spec asks for: the whole definition (missing), the differing properties (mismatch), or null (extra). */
  readonly expected: unknown
  /** What the database has: null (missing), the differing properties (mismatch), or the definition (extra). */
  readonly actual: unknown
  /** One sentence a person understands. */
  readonly message: string
  /**
   * Findings that follow from this one and are therefore not reported on their own (one cause,
   * one finding): for a missing table, its partitions and the sequences of its serial columns;
   * for an object of a partitioned table, the same finding on each partition that inherits it.
   * The message names them too. Empty for most findings.
   */
  readonly consequences: readonly Consequence[]
}

/** A finding folded into another one (see Finding.consequences): what it would have said. */
export interface Consequence {
  readonly code: FindingCode
  readonly schema: string | null
  readonly table: string | null
  readonly name: string
}

export function findingCode(kind: FindingKind, problem: FindingProblem): FindingCode {
  return `${kind}.${problem}`
}

const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 3, warning: 2, info: 1 }

/** True when `severity` is at or above `threshold`. */
export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold]
}
