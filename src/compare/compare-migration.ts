/**
 * The migration state against the spec's `migrations`: pure, like the rest of compare/. The
 * history table is the one the spec names (schema and table); what its rows mean depends on the
 * tool's shape (heads or log, see model/migration.ts). The spec's `creates` lets a finding say
 * what the revision means for the schema: a recorded revision whose tables are missing was
 * stamped, not run; a pending revision whose tables exist calls for a stamp, not an upgrade.
 */
import { compareText } from '../model/compare-text.js'
import { compareRevisions, type MigrationHistoryModel, type MigrationSpecModel } from '../model/migration.js'
import { tableKey } from '../model/object-ref.js'
import type { SchemaModel } from '../model/schema-model.js'
import type { MigrationFacts, MigrationFinding, MigrationProblem, SpecLocation } from './finding.js'
import { severityOf } from './severity.js'

/** The migration findings (none when the spec has no `migrations`, or the database was not looked at). */
export function compareMigration(expected: SchemaModel, actual: SchemaModel, locate: (pointer: string | undefined) => SpecLocation | null): MigrationFinding[] {
  const spec = expected.migration
  if (spec === undefined || actual.migrationHistories === undefined) return []
  const history = actual.migrationHistories.find((h) => h.schema === spec.schema && h.table === spec.table) ?? null
  const tables = new Set(actual.tables.map((t) => tableKey(t.schema, t.name)))
  const has = (qualified: string): boolean => tables.has(tableKey(...splitQualified(qualified)))
  const finding = (problem: MigrationProblem, facts: Partial<MigrationFacts>): MigrationFinding => ({
    code: `migration.${problem}`,
    kind: 'migration',
    problem,
    subject: { kind: 'migration', schema: spec.schema, table: null, name: spec.table },
    severity: severityOf({ kind: 'migration', problem, attributes: [], isUniqueIndex: false, isOnlyHealthier: false }),
    source: locate(spec.source),
    consequences: [],
    dependsOn: null,
    expected: spec,
    actual: history,
    migration: { ...NO_FACTS, ...facts },
  })

  if (history === null) {
    const present = expected.tables.filter((t) => tables.has(tableKey(t.schema, t.name))).length
    return [
      finding('missing_table', { tablesPresent: present, tablesExpected: expected.tables.length, undescribedTables: undescribedTables(expected, actual) }),
    ]
  }
  // Not readable: nothing to say (check lists it as not checked, doctor names the GRANT).
  if (history.rows === null) return []
  const findings: MigrationFinding[] = []
  const failed = history.rows.filter((r) => r.isFailed).map((r) => r.revision)
  if (failed.length > 0) findings.push(finding('dirty', { failed, current: currentOf(spec, history) }))
  // A failed migration was attempted: `dirty` says so, and it is not also counted as still to apply.
  const applied = history.rows.map((r) => r.revision)
  const current = currentOf(spec, history)
  const known = spec.history === undefined ? null : new Set(spec.history)
  const unknown = known === null ? (spec.shape === 'heads' ? current.filter((r) => !isOrdered(spec, r)) : []) : applied.filter((r) => !known.has(r))
  if (unknown.length > 0) {
    findings.push(finding('unknown', { current, revisions: unknown, undescribedTables: undescribedTables(expected, actual) }))
    return findings
  }
  const position = positionOf(spec, current, applied)
  const pending = pendingRevisions(spec, applied, current)
  if (position < 0 || pending.length > 0) {
    const created = pending.flatMap((r) => spec.creates?.[r] ?? [])
    findings.push(finding('behind', { current, pending, presentTables: created.filter(has), missingTables: created.filter((t) => !has(t)) }))
  } else if (position > 0) {
    findings.push(finding('ahead', { current, revisions: laterRevisions(spec, applied, current) }))
  }
  // Revisions recorded as applied whose tables are missing: stamped, or their tables dropped since.
  const recorded = appliedRevisions(spec, applied, current)
  const stamped = recorded.filter((r) => (spec.creates?.[r] ?? []).some((t) => !has(t)))
  if (stamped.length > 0) {
    const missingTables = stamped.flatMap((r) => (spec.creates?.[r] ?? []).filter((t) => !has(t)))
    findings.push(finding('stamped', { current, revisions: stamped, missingTables }))
  }
  return findings
}

const NO_FACTS: MigrationFacts = {
  current: [],
  pending: [],
  revisions: [],
  failed: [],
  missingTables: [],
  presentTables: [],
  undescribedTables: [],
  tablesPresent: 0,
  tablesExpected: 0,
}

/** `schema.table` (the first dot splits: `creates` entries are qualified by the spec loader). */
function splitQualified(qualified: string): [string, string] {
  const dot = qualified.indexOf('.')
  return [qualified.slice(0, dot), qualified.slice(dot + 1)]
}

/** The current revisions: every row of a heads table (Alembic branches), the newest applied of a log. */
function currentOf(spec: MigrationSpecModel, history: MigrationHistoryModel): string[] {
  const applied = (history.rows ?? []).map((r) => r.revision)
  if (spec.shape === 'heads') return applied
  if (applied.length === 0) return []
  // A log's newest is by the spec's history, else by the tool's order, else the last row applied.
  const newest = applied.reduce((a, b) => (laterOf(spec, a, b) === b ? b : a))
  return [newest]
}

/** The later of two revisions, by the spec's history or the tool's order; `b` when neither can tell (rows come in applied order). */
function laterOf(spec: MigrationSpecModel, a: string, b: string): string {
  const order = orderOf(spec, a, b)
  return order === null ? b : order > 0 ? a : b
}

function orderOf(spec: MigrationSpecModel, a: string, b: string): number | null {
  if (spec.history !== undefined) {
    const ia = spec.history.indexOf(a)
    const ib = spec.history.indexOf(b)
    if (ia >= 0 && ib >= 0) return ia - ib
  }
  return compareRevisions(spec.tool, a, b)
}

/** Whether a revision can be placed relative to the expected one (without a history, only where the tool's revisions sort). */
function isOrdered(spec: MigrationSpecModel, revision: string): boolean {
  return revision === spec.revision || orderOf(spec, revision, spec.revision) !== null
}

/** Negative: the newest current revision is before the expected one (or none is recorded); 0: at it; positive: after it. */
function positionOf(spec: MigrationSpecModel, current: readonly string[], applied: readonly string[]): number {
  if (current.length === 0 || applied.length === 0) return -1
  if (current.includes(spec.revision)) return current.length === 1 ? 0 : Math.max(...current.map((r) => orderOf(spec, r, spec.revision) ?? 0))
  return Math.max(...current.map((r) => orderOf(spec, r, spec.revision) ?? -1))
}

/**
 * The revisions still to apply to reach the expected one, oldest first. With a history: for a
 * heads table those after the newest head, for a log every one up to the expected revision not
 * applied (a gap included). Without a history nothing can be listed, only the position says behind.
 */
function pendingRevisions(spec: MigrationSpecModel, applied: readonly string[], current: readonly string[]): string[] {
  if (spec.history === undefined) return []
  const upTo = spec.history.slice(0, spec.history.indexOf(spec.revision) + 1)
  if (spec.shape === 'log') {
    const done = new Set(applied)
    return upTo.filter((r) => !done.has(r))
  }
  const newest = Math.max(-1, ...current.map((r) => upTo.indexOf(r)))
  return current.some((r) => upTo.indexOf(r) < 0) && newest < 0 ? [] : upTo.slice(newest + 1)
}

/** The revisions applied after the expected one: from the history, or those the tool orders after it. */
function laterRevisions(spec: MigrationSpecModel, applied: readonly string[], current: readonly string[]): string[] {
  const candidates = spec.shape === 'log' ? applied : current
  return candidates.filter((r) => (orderOf(spec, r, spec.revision) ?? 0) > 0)
}

/** Every revision the database says is applied: a log's rows, or for heads everything up to each head in the history. */
function appliedRevisions(spec: MigrationSpecModel, applied: readonly string[], current: readonly string[]): string[] {
  if (spec.shape === 'log' || spec.history === undefined) return [...applied]
  const newest = Math.max(-1, ...current.map((r) => spec.history?.indexOf(r) ?? -1))
  return spec.history.slice(0, newest + 1)
}

/** Tables the database has in the spec's schemas that the spec does not describe (history tables aside), sorted. */
function undescribedTables(expected: SchemaModel, actual: SchemaModel): string[] {
  const schemas = new Set(expected.tables.map((t) => t.schema))
  if (expected.migration !== undefined) schemas.add(expected.migration.schema)
  const described = new Set(expected.tables.map((t) => tableKey(t.schema, t.name)))
  const histories = new Set((actual.migrationHistories ?? []).map((h) => tableKey(h.schema, h.table)))
  return actual.tables
    .filter((t) => schemas.has(t.schema) && !described.has(tableKey(t.schema, t.name)) && !histories.has(tableKey(t.schema, t.name)))
    .map((t) => `${t.schema}.${t.name}`)
    .sort(compareText)
}
