/**
 * The sentences of migration findings: what the history says, what that means for the schema,
 * and what to run. Part of describeFinding (every format shows the same words).
 */
import type { MigrationFinding, SequenceBehindFinding } from '../compare/finding.js'
import { displayQualified } from '../model/object-name.js'

const LISTED = 10

/** `a, b and 3 more`. */
function list(items: readonly string[]): string {
  return items.length <= LISTED ? items.join(', ') : `${items.slice(0, LISTED).join(', ')} and ${items.length - LISTED} more`
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** `revision 017`, `revisions a and b`. */
function revisions(items: readonly string[]): string {
  return items.length === 1 ? `revision ${items[0] ?? ''}` : `revisions ${list(items)}`
}

export function describeMigration(f: MigrationFinding): string {
  const spec = f.expected
  const facts = f.migration
  const table = displayQualified(spec.schema, spec.table)
  const at = facts.current.length === 0 ? `${table} records no revision` : `${table} is at ${revisions(facts.current)}`
  switch (f.problem) {
    case 'behind': {
      const steps = facts.pending.length === 0 ? '' : ` (${plural(facts.pending.length, 'migration')} to apply: ${list(facts.pending)})`
      const gap = facts.current.length > 0 && facts.pending.length > 0 && !facts.pending.includes(spec.revision) ? ', but older ones were never applied' : ''
      const head = `Migration history ${at}; the application expects ${spec.revision}${steps}${gap}.`
      if (facts.presentTables.length > 0 && facts.missingTables.length === 0) {
        return `${head} The schema already has what they create (${list(facts.presentTables)}): record the revision instead of upgrading (${spec.stampCommand}).`
      }
      if (facts.presentTables.length > 0) {
        return `${head} Part of what they create exists (${list(facts.presentTables)}), part is missing (${list(facts.missingTables)}): a migration ran part way or by hand; compare before upgrading (${spec.upgradeCommand}).`
      }
      const explains =
        facts.missingTables.length === 0 ? '' : ` They create ${list(facts.missingTables)}, which ${facts.missingTables.length === 1 ? 'is' : 'are'} missing.`
      return `${head}${explains} Upgrade: ${spec.upgradeCommand}.`
    }
    case 'ahead':
      return `Migration history ${at}, after the ${spec.revision} the application expects (${list(facts.revisions)}): a newer release migrated this database; deploy that release, or downgrade the database.`
    case 'unknown': {
      const extra =
        facts.undescribedTables.length === 0
          ? ''
          : ` The database has ${plural(facts.undescribedTables.length, 'table')} the spec does not describe: ${list(facts.undescribedTables)}.`
      return `Migration history ${at}, and ${revisions(facts.revisions)} ${facts.revisions.length === 1 ? 'is' : 'are'} not in the application's history (expected ${spec.revision}): another branch or a reverted chain of migrations was applied; the tool cannot upgrade from there.${extra}`
    }
    case 'missing_table': {
      const present = facts.tablesPresent
      const expected = facts.tablesExpected
      const what =
        present === 0
          ? `and none of the spec's ${plural(expected, 'table')} exist: the database was never migrated (${spec.upgradeCommand})`
          : present === expected
            ? `but all ${plural(expected, 'table')} of the spec exist: the schema was made by hand or by an installer that does not record migrations; once it matches, record the revision (${spec.stampCommand})`
            : `and only ${present} of the spec's ${plural(expected, 'table')} exist: a half-initialised database (an installer stopped part way) or one an older installer made`
      return `There is no migration history (${table} is missing), ${what}.`
    }
    case 'dirty':
      return `Migration history ${table} marks ${revisions(facts.failed)} as failed or unfinished: the migration stopped part way; repair what it left, then mark it resolved before upgrading again.`
    case 'stamped':
      return `${revisions(facts.revisions).replace(/^r/, 'R')} ${facts.revisions.length === 1 ? 'is' : 'are'} recorded but ${plural(facts.missingTables.length, 'table').replace(/^\d+ /, '')} ${list(facts.missingTables)} ${facts.missingTables.length === 1 ? 'is' : 'are'} missing: the migration was stamped, not run (or its tables were dropped since).`
  }
}

/** `1,204` */
function grouped(value: string): string {
  return value.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

/** sequence.behind: what the next insert does, and why it probably happened. */
export function describeSequenceBehind(f: SequenceBehindFinding): string {
  const h = f.health
  const column = `${displayQualified(h.schema, h.table)}.${h.column}`
  const owner = h.isIdentity ? `the identity of ${column}` : `the default of ${column}`
  return (
    `Sequence ${h.sequence} (${owner}) gives ${grouped(h.nextValue ?? '?')} next, but the column already holds values up to ${grouped(h.maxValue ?? '?')}: ` +
    `the next insert that takes the default fails with a duplicate key. Rows were copied in with their ids (a restore, a bulk load) or the sequence was reset.`
  )
}
