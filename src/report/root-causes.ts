/**
 * Findings grouped by what probably caused them, for the report a support engineer reads
 * (`doctor`): one entry per cause, not one per object. A migration finding explains the tables its
 * revisions create; a half-initialised install explains every missing table; a missing table
 * takes along what depends on it (foreign keys that point at it); a missing function the triggers
 * that call it; everything else is grouped by table. Each entry says, in plain words, what is
 * wrong, the likely cause, what the application will do wrong, and the repair: the migration
 * command the spec names, or the SQL from the fix planner.
 */
import type { Finding, FindingCode } from '../compare/finding.js'
import type { FixPlan, FixStep, Resolves } from '../fix/fix-plan.js'
import { displayQualified } from '../model/object-name.js'
import { objectKey, tableKey, type ObjectRef } from '../model/object-ref.js'
import { describeFinding, KIND_LABEL } from './describe-finding.js'

export interface RootCause {
  readonly title: string
  /** The findings this cause explains, the one that names it first. */
  readonly findings: readonly Finding[]
  readonly likelyCause: string
  /** What the application will do wrong, one sentence per kind of consequence. */
  readonly impact: readonly string[]
  readonly repair: Repair
}

export interface Repair {
  /** Commands or steps for a person (the migration tool's command, a manual step and why). */
  readonly manual: readonly string[]
  /** The planner's statements, in the plan's order. */
  readonly sql: readonly string[]
  /** Statements held back because they can lose data (`--allow-destructive` runs them). */
  readonly withheld: readonly string[]
}

/** The causes, worst first: migration state, missing tables and half-initialised installs, then table by table. */
export function rootCausesOf(findings: readonly Finding[], plan: FixPlan | undefined): RootCause[] {
  const claimed = new Set<Finding>()
  const causes: { title: string; findings: Finding[]; likelyCause: string }[] = []
  const missingTables = new Map<string, Finding>()
  for (const f of findings) if (f.code === 'table.missing') missingTables.set(tableKey(f.expected.schema, f.expected.name), f)
  /** A missing table with what depends on it (foreign keys of other tables that point at it). */
  const withDependents = (table: Finding): Finding[] => [table, ...findings.filter((g) => g.dependsOn !== null && sameRef(g.dependsOn, table.subject))]
  const claim = (list: readonly Finding[]): Finding[] => {
    const fresh = list.filter((f) => !claimed.has(f))
    for (const f of fresh) claimed.add(f)
    return fresh
  }

  for (const f of findings) {
    if (f.kind !== 'migration') continue
    const explained: Finding[] = []
    if (f.code === 'migration.missing_table' && f.migration.tablesPresent > 0 && f.migration.tablesPresent < f.migration.tablesExpected) {
      for (const table of missingTables.values()) explained.push(...withDependents(table))
    }
    if (f.code === 'migration.behind' || f.code === 'migration.stamped') {
      for (const name of f.migration.missingTables) {
        const table = missingTables.get(tableKey(...splitQualified(name)))
        if (table !== undefined) explained.push(...withDependents(table))
      }
    }
    causes.push({ title: migrationTitle(f), findings: claim([f, ...explained]), likelyCause: migrationCause(f) })
  }
  for (const table of missingTables.values()) {
    if (claimed.has(table)) continue
    causes.push({
      title: `Table ${displayQualified(table.subject.schema, table.subject.name ?? '')} is missing`,
      findings: claim(withDependents(table)),
      likelyCause: 'the migration or installer step that creates it did not run, or stopped before it',
    })
  }
  for (const f of findings) {
    if (claimed.has(f) || (f.code !== 'function.missing' && f.code !== 'schema.missing' && f.code !== 'extension.missing')) continue
    const dependents = findings.filter((g) => g.dependsOn !== null && sameRef(g.dependsOn, f.subject))
    causes.push({ title: `${describeSubjectShort(f)} is missing`, findings: claim([f, ...dependents]), likelyCause: causeOf(f) })
  }
  // The rest, table by table (schema-level objects each on their own).
  const byOwner = new Map<string, Finding[]>()
  for (const f of findings) {
    if (claimed.has(f)) continue
    const owner = f.subject.table === null ? objectKey(f.subject) : tableKey(f.subject.schema ?? '', f.subject.table)
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), f])
  }
  for (const list of byOwner.values()) {
    const first = list[0] as Finding
    const title =
      first.subject.table === null
        ? `${describeSubjectShort(first)}: ${first.problem === 'missing' ? 'missing' : 'differs'}`
        : `${displayQualified(first.subject.schema, first.subject.table)}: ${list.length} difference${list.length === 1 ? '' : 's'}`
    causes.push({ title, findings: claim(list), likelyCause: uniqueJoin(list.map(causeOf)) })
  }
  return causes.map((c) => ({ ...c, impact: unique(c.findings.map(impactOf)), repair: repairOf(c.findings, plan) }))
}

function sameRef(a: ObjectRef, b: ObjectRef): boolean {
  const bare = ({ arguments: _arguments, ...ref }: ObjectRef): ObjectRef => ref
  return objectKey(bare(a)) === objectKey(bare(b))
}

function splitQualified(qualified: string): [string, string] {
  const dot = qualified.indexOf('.')
  return [qualified.slice(0, dot), qualified.slice(dot + 1)]
}

function unique(items: readonly string[]): string[] {
  return [...new Set(items.filter((i) => i !== ''))]
}

function uniqueJoin(items: readonly string[]): string {
  return unique(items).join('; ')
}

function describeSubjectShort(f: Finding): string {
  const { schema, name } = f.subject
  if (f.kind === 'function') return `Function ${displayQualified(schema, name ?? '')}()`
  if (f.kind === 'schema' || f.kind === 'extension') return `${KIND_LABEL[f.kind]} ${name ?? ''}`
  return `${KIND_LABEL[f.kind]} ${displayQualified(schema, name ?? '')}`
}

function migrationTitle(f: Extract<Finding, { kind: 'migration' }>): string {
  switch (f.problem) {
    case 'behind':
      return `Migrations behind: ${f.migration.current.length === 0 ? 'no revision recorded' : `at ${f.migration.current.join(', ')}`}, expected ${f.expected.revision}`
    case 'ahead':
      return `Migrations ahead: at ${f.migration.current.join(', ')}, expected ${f.expected.revision}`
    case 'unknown':
      return `Unknown migration revision ${f.migration.revisions.join(', ')}`
    case 'missing_table':
      return f.migration.tablesPresent === 0
        ? 'Never migrated'
        : f.migration.tablesPresent < f.migration.tablesExpected
          ? `Half-initialised database (${f.migration.tablesPresent} of ${f.migration.tablesExpected} tables)`
          : 'No migration history'
    case 'dirty':
      return `Failed migration ${f.migration.failed.join(', ')}`
    case 'stamped':
      return `Revision ${f.migration.revisions.join(', ')} recorded but not run`
  }
}

function migrationCause(f: Extract<Finding, { kind: 'migration' }>): string {
  switch (f.problem) {
    case 'behind':
      return f.migration.presentTables.length > 0 && f.migration.missingTables.length === 0
        ? 'the objects were created another way (an SQL script, an init script) and the revision was never recorded'
        : 'the upgrade was not run after the application was updated, or it stopped part way'
    case 'ahead':
      return 'a newer release of the application migrated this database, then an older one was deployed'
    case 'unknown':
      return 'migrations from another branch, or a chain of migrations that was later reverted, were applied'
    case 'missing_table':
      return f.migration.tablesPresent === 0
        ? 'the database was created but the application never ran its migrations'
        : f.migration.tablesPresent < f.migration.tablesExpected
          ? 'an installer or init script stopped part way (or an older installer made it) and no migration tool ran'
          : 'the schema was made by hand or by an init script that does not record migrations'
    case 'dirty':
      return 'a migration failed part way (a lock timeout, a constraint that existing rows break, a crash)'
    case 'stamped':
      return 'the revision was recorded (`stamp`) without running the migration, or its tables were dropped later'
  }
}

/** Why a finding of this kind usually happens. */
function causeOf(f: Finding): string {
  switch (f.problem) {
    case 'missing':
      return 'the migration that adds it did not run (or was written differently), or it was dropped by hand'
    case 'extra':
      return 'added by hand or by a migration the spec does not know'
    case 'renamed':
      return 'created under another name (an ORM or an older migration names it differently)'
    case 'mismatch':
      if (f.kind === 'foreign_key' && f.attributes.every((a) => a === 'indexed'))
        return 'the migration that added the key did not add an index (PostgreSQL indexes the referenced side only), or the index was dropped'
      return f.attributes.some((a) => a === 'valid' || a === 'enforced')
        ? 'a CREATE INDEX CONCURRENTLY that failed, a constraint added NOT VALID, or triggers disabled by a bulk load or restore'
        : 'changed by hand, or made by an older installer or migration than the spec describes'
    case 'behind':
      return f.kind === 'sequence' ? 'rows were copied in with their ids (a restore, a bulk load) or the sequence was reset' : migrationCause(f)
    case 'ahead':
    case 'unknown':
    case 'missing_table':
    case 'dirty':
    case 'stamped':
      return migrationCause(f)
  }
}

/** What the application will do wrong, by finding code (the rest by problem, see impactOf). */
const IMPACT: Readonly<Partial<Record<FindingCode, string>>> = {
  'table.missing': 'every query on the missing table fails ("relation does not exist"): the screens and jobs that use it break',
  'column.missing': 'queries that read or write the missing column fail ("column does not exist")',
  'index.mismatch': 'queries cannot use the index as expected (slow), or a unique index no longer keeps duplicates out',
  'foreign_key.missing': 'rows can point at rows that do not exist, and deleting a referenced row does not do what the application expects',
  'foreign_key.mismatch': 'deleting or changing a referenced row behaves differently than the application expects (orphans, or rows deleted with it)',
  'primary_key.missing': 'rows that break the rule can get in',
  'primary_key.mismatch': 'rows that break the rule can get in',
  'unique.missing': 'rows that break the rule can get in',
  'unique.mismatch': 'rows that break the rule can get in',
  'check.missing': 'rows that break the rule can get in',
  'check.mismatch': 'rows that break the rule can get in',
  'trigger.missing': 'what the trigger does automatically does not happen (e.g. updated_at stays at its creation time)',
  'trigger.mismatch': 'what the trigger does automatically happens differently, or not at all',
  'function.missing': 'triggers and queries that call the function fail',
  'function.mismatch': 'the function does something other than the application expects',
  'extension.missing': 'types and functions the extension provides are missing',
  'extension.mismatch': 'types and functions of the extension differ from what the application was built with',
  'enum.missing': 'columns and queries that use the type fail',
  'enum.mismatch': 'values the application writes may be rejected',
  'sequence.behind': 'the next insert that takes the default id fails with a duplicate key',
  'migration.behind': 'the application expects objects the pending migrations create; an upgrade applies them',
  'migration.ahead': 'this release of the application may not know columns and tables a newer release added',
  'migration.unknown': 'the migration tool cannot upgrade this database: its next upgrade fails or does nothing',
  'migration.missing_table': 'the migration tool cannot upgrade this database: its next upgrade fails or does nothing',
  'migration.stamped': 'the migration tool cannot upgrade this database: its next upgrade fails or does nothing',
  'migration.dirty': 'the migration tool refuses to run until the failed migration is resolved',
}

/** What the application will do wrong because of this finding. */
function impactOf(f: Finding): string {
  if (f.code === 'column.mismatch') {
    if (f.attributes.includes('type')) return 'values the application writes may be rejected ("value too long", "out of range") or read back changed'
    if (f.attributes.includes('nullable')) return 'inserts without a value fail, or NULLs get in where the application does not expect them'
    return 'rows inserted without a value get a different value than the application expects'
  }
  if (f.code === 'foreign_key.mismatch' && f.attributes.every((a) => a === 'indexed')) {
    return 'deleting a referenced row (or changing its key) scans the whole referencing table under a lock: slow deletes, and lock waits as data grows'
  }
  if (f.code === 'index.missing') {
    return f.expected.isUnique === true
      ? 'duplicates the application relies on being impossible can get in'
      : 'queries that use the index scan the whole table: slow pages and timeouts as data grows'
  }
  const known = IMPACT[f.code]
  if (known !== undefined) return known
  if (f.problem === 'renamed') return 'nothing today; migrations that name the object will not find it'
  if (f.problem === 'extra') return 'usually nothing; it may hold data or constraints the application does not expect'
  return 'the object does not behave as the application expects'
}

function resolvesKey(r: Resolves): string {
  return `${r.code} ${objectKey(r.subject)}`
}

function repairOf(findings: readonly Finding[], plan: FixPlan | undefined): Repair {
  if (plan === undefined) return { manual: [], sql: [], withheld: [] }
  const keys = new Set(findings.map((f) => resolvesKey({ code: f.code, subject: f.subject })))
  const touches = (step: FixStep): boolean => step.resolves.some((r) => keys.has(resolvesKey(r)))
  const sqlOf = (steps: readonly FixStep[]): string[] => steps.filter(touches).flatMap((s) => s.sql.map((sql) => `${sql};`))
  return {
    manual: unique(plan.unrepairable.filter((u) => keys.has(resolvesKey(u.resolves))).map((u) => u.reason)),
    sql: unique(sqlOf(plan.statements)),
    withheld: unique(sqlOf(plan.withheld)),
  }
}

/** Each finding's sentence, for the entry's explanation. */
export function explanationOf(cause: RootCause): string[] {
  return cause.findings.map(describeFinding)
}
