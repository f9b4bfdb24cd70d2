import { compareText } from './compare-text.js'

/**
 * Objects (and properties of objects) that a live database can have and the spec cannot
 * describe, so no finding can ever be about them. Introspection counts them per schema; the
 * report lists them, so that "0 findings" never hides what was not looked at.
 *
 * The order here is the order in which reports list them: security first, then what changes how
 * data is stored or constrained, then types, then the rest.
 */
export const NOT_CHECKED_KINDS = [
  // The migration history the spec names, when the role may not read it: the revision is unknown.
  'migration_history',
  // With --health: a column fed by a sequence whose table or sequence the role cannot read.
  'sequence_data',
  'policy',
  'row_security',
  'forced_row_security',
  'exclusion_constraint',
  'constraint_trigger',
  'rule',
  'column_collation',
  'inheritance',
  'foreign_table',
  'domain',
  'domain_constraint',
  'composite_type',
  'range_type',
  'base_type',
  'aggregate',
  'window_function',
  'operator',
  'operator_class',
  'operator_family',
  'collation',
  'conversion',
  'statistics',
  'text_search_configuration',
  'text_search_dictionary',
  'text_search_parser',
  'text_search_template',
  'published_table',
] as const

export type NotCheckedKind = (typeof NOT_CHECKED_KINDS)[number]

/** How many objects of one kind the database has in one schema (always more than 0). */
export interface NotCheckedCount {
  readonly kind: NotCheckedKind
  readonly schema: string
  readonly count: number
}

export function isNotCheckedKind(value: string): value is NotCheckedKind {
  return (NOT_CHECKED_KINDS as readonly string[]).includes(value)
}

/** Sorted in NOT_CHECKED_KINDS order, then by schema. */
export function compareNotChecked(a: NotCheckedCount, b: NotCheckedCount): number {
  return NOT_CHECKED_KINDS.indexOf(a.kind) - NOT_CHECKED_KINDS.indexOf(b.kind) || compareText(a.schema, b.schema)
}
