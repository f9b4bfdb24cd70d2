/**
 * The one severity policy. Errors break the application or its data integrity; warnings are
 * drift that degrades it (a missing plain index: slow, not wrong) or that the spec does not
 * forbid (extras under --strict); info is harmless (the same object under another name).
 */
import type { FindingKind, FindingProblem, Severity } from './finding.js'

export interface SeverityFacts {
  readonly kind: FindingKind
  readonly problem: FindingProblem
  /** For a mismatch: what differs. */
  readonly attributes: readonly string[]
  /** For a missing or mismatched index: whether the expected one is unique (a missing unique index lets duplicates in). */
  readonly isUniqueIndex: boolean
  /** For a mismatch: it is only that the database's object is validated or enforced where the spec says it need not be. */
  readonly isOnlyHealthier: boolean
}

export function severityOf(facts: SeverityFacts): Severity {
  const { kind, problem, attributes } = facts
  switch (problem) {
    case 'renamed':
      return 'info'
    case 'extra':
      return 'warning'
    case 'missing':
      return kind === 'index' && !facts.isUniqueIndex ? 'warning' : 'error'
    case 'mismatch':
      if (facts.isOnlyHealthier) return 'info'
      if (kind === 'extension' && attributes.every((a) => a === 'version')) return 'warning'
      // An invalid index is a missing one to queries; a unique one also no longer backs ON CONFLICT.
      if (kind === 'index' && attributes.every((a) => a === 'method' || a === 'include' || (a === 'valid' && !facts.isUniqueIndex))) return 'warning'
      // NOT VALID: new rows are checked, only older ones may break the rule. Not enforced is an
      // error. A key without an index is slow (every delete of a referenced row scans), not wrong.
      if ((kind === 'check' || kind === 'foreign_key') && attributes.every((a) => a === 'valid' || a === 'indexed')) return 'warning'
      // A unique index enforces what the missing constraint would: duplicates still cannot get in.
      if (kind === 'unique' && attributes.every((a) => a === 'constraint')) return 'warning'
      // Source text that differs may still do the same; the spec's text may also be stale. Rows
      // in the wrong partition are another matter: a partition key that differs is an error.
      if (kind === 'function' && attributes.every((a) => a === 'body')) return 'warning'
      if (kind === 'view' && attributes.every((a) => a === 'definition')) return 'warning'
      if (kind === 'table' && attributes.every((a) => a === 'partitionBound')) return 'warning'
      return 'error'
    // A database newer than the application is what a rolling deploy looks like between steps;
    // every other migration state means the next upgrade or the application itself fails.
    case 'ahead':
      return 'warning'
    case 'behind':
    case 'unknown':
    case 'missing_table':
    case 'dirty':
    case 'stamped':
      return 'error'
  }
}
