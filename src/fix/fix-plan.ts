/**
 * What the fix planner produces: steps of SQL, each with the findings it resolves, the phase that
 * orders it and the hazards it carries. Hazards are data, so "safe by default" is a filter
 * (isWithheld) and every renderer can say why a step was held back.
 */
import type { FindingCode } from '../compare/finding.js'
import type { ObjectRef } from '../model/object-ref.js'

/**
 * The order in which repairs run: anything created comes before what depends on it. `drop` runs
 * first (only with --allow-destructive; in reverse dependency order within it), `validate` after
 * the transaction (--not-valid).
 */
export const FIX_PHASES = [
  'drop',
  'extension',
  'schema',
  'type',
  'sequence',
  'function',
  'table',
  'column',
  'column_change',
  'key',
  'index',
  'foreign_key',
  'view',
  'trigger',
  'validate',
] as const
export type FixPhase = (typeof FIX_PHASES)[number]

/** What can go wrong when a statement runs: a closed set, documented in the README. */
export const HAZARDS = {
  deletes_data: 'drops an object or a column: its data or definition is gone',
  rewrites_table: 'rewrites the whole table under an ACCESS EXCLUSIVE lock',
  scans_table: 'reads every row of the table to validate it, holding a lock meanwhile',
  may_fail_on_existing_rows: 'fails if existing rows break the new rule (NULLs, duplicates, values out of range)',
  blocks_writes: 'blocks writes to the table while it runs',
  blocks_reads: 'blocks reads and writes of the table while it runs (ACCESS EXCLUSIVE)',
  narrows_type: 'changes a type to one that cannot hold every value of the old one',
  changes_primary_key: 'replaces the primary key that rows are identified by',
  drops_dependents: 'objects that depend on this one (views, triggers, defaults) are affected',
  outside_transaction: 'runs outside the repair transaction: a failure leaves what ran before it applied',
} as const
export type Hazard = keyof typeof HAZARDS

/** Hazards that withhold a step unless --allow-destructive is given. */
export const DESTRUCTIVE_HAZARDS: ReadonlySet<Hazard> = new Set<Hazard>(['deletes_data', 'may_fail_on_existing_rows', 'narrows_type', 'changes_primary_key'])

/** A finding a step resolves, by code and object. */
export interface Resolves {
  readonly code: FindingCode
  readonly subject: ObjectRef
}

export interface FixStep {
  readonly phase: FixPhase
  /** The statements, in order, each without its trailing semicolon (a `DO` block is one). */
  readonly sql: readonly string[]
  readonly resolves: readonly Resolves[]
  readonly hazards: readonly Hazard[]
  /** Why the step is written this way or what it will block; shown in its comment. */
  readonly notes: readonly string[]
  /** The schema the statement's unqualified names are resolved in (search_path = schema, public). */
  readonly searchSchema: string
  /** CREATE INDEX CONCURRENTLY and VALIDATE CONSTRAINT run after the transaction. */
  readonly isOutsideTransaction?: boolean
}

/** A finding no statement can repair, and why. */
export interface Unrepairable {
  readonly resolves: Resolves
  readonly reason: string
}

export interface FixPlan {
  /** Steps that run, in order. */
  readonly statements: readonly FixStep[]
  /** Steps held back for their hazards (see DESTRUCTIVE_HAZARDS), in order; --allow-destructive runs them. */
  readonly withheld: readonly FixStep[]
  readonly unrepairable: readonly Unrepairable[]
  /** The server version the SQL was written for (server_version_num). */
  readonly serverVersionNum: number
}

export interface FixOptions {
  /** Include steps with destructive hazards (and, with isStrict, drop extra objects). */
  readonly allowDestructive: boolean
  /** Drop objects the spec does not mention (needs allowDestructive too). */
  readonly isStrict: boolean
  /** Build indexes with CREATE INDEX CONCURRENTLY after the transaction. */
  readonly concurrently: boolean
  /** Add foreign keys and checks NOT VALID, and validate them after the transaction. */
  readonly notValid: boolean
}

export function isDestructive(step: FixStep): boolean {
  return step.hazards.some((hazard) => DESTRUCTIVE_HAZARDS.has(hazard))
}
