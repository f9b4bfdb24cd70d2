/**
 * Migration state: which revision of the application's migrations a database says it is at.
 * Each migration tool records it in a table of its own layout; the spec may name the tool and the
 * revision it expects (MigrationSpecModel), and introspection reads every history table it finds
 * (MigrationHistoryModel). Comparing the two gives the `migration.*` findings.
 */
import type { Declared } from './schema-model.js'

export const MIGRATION_TOOLS = ['alembic', 'flyway', 'prisma', 'knex', 'rails', 'golang-migrate', 'django', 'custom'] as const
export type MigrationTool = (typeof MIGRATION_TOOLS)[number]

/** The history table each tool creates by default (custom has none: the spec names it). */
export const DEFAULT_HISTORY_TABLES: Readonly<Record<Exclude<MigrationTool, 'custom'>, string>> = {
  alembic: 'alembic_version',
  flyway: 'flyway_schema_history',
  prisma: '_prisma_migrations',
  knex: 'knex_migrations',
  rails: 'schema_migrations',
  'golang-migrate': 'schema_migrations',
  django: 'django_migrations',
}

/**
 * How a tool's table says where the database is:
 * - `heads`: the table holds only the current revision(s) (Alembic: one row per branch head;
 *   golang-migrate: one row);
 * - `log`: one row per applied migration (Flyway, Prisma, Knex, Rails, Django): the current
 *   revision is the newest applied, and a gap (an older migration never applied) shows too.
 */
export type HistoryShape = 'heads' | 'log'

/** What the spec expects (its `migrations` section). Expected side only. */
export interface MigrationSpecModel extends Declared {
  readonly tool: MigrationTool
  /** Where the tool keeps its history (defaults: `public` and the tool's table). */
  readonly schema: string
  readonly table: string
  /** Custom tables only: the column holding the revision, the one ordering the rows, and the table's shape. */
  readonly column?: string
  readonly orderBy?: string
  readonly shape: HistoryShape
  /** The revision the application expects (the newest it ships). */
  readonly revision: string
  /** Every revision the application knows, oldest first (optional: without it, behind/ahead only where the tool's revisions sort). */
  readonly history?: readonly string[]
  /** Tables each revision creates, by revision (qualified `schema.table`): lets a report explain missing tables and stamped revisions. */
  readonly creates?: Readonly<Record<string, readonly string[]>>
  /** The commands that bring a database up to date, or record a revision without running it. */
  readonly upgradeCommand: string
  readonly stampCommand: string
}

/** One row of a history table, as the tool recorded it. */
export interface AppliedRevision {
  readonly revision: string
  /** The tool marked it failed or unfinished (Flyway success = false, Prisma unfinished, golang-migrate dirty). */
  readonly isFailed: boolean
}

/** A migration history table found in the database. Actual side only. */
export interface MigrationHistoryModel {
  readonly tool: MigrationTool
  readonly schema: string
  readonly table: string
  /** The rows in the order the tool applied them; null when the role may not read the table. */
  readonly rows: readonly AppliedRevision[] | null
}

/** How each tool's history is shaped (custom: as the spec says). */
export function shapeOf(tool: MigrationTool): HistoryShape {
  return tool === 'alembic' || tool === 'golang-migrate' ? 'heads' : 'log'
}

/** The commands each tool's users run to upgrade, and to record a revision as applied without running it. */
export function defaultCommands(tool: MigrationTool, revision: string): { readonly upgrade: string; readonly stamp: string } {
  switch (tool) {
    case 'alembic':
      return { upgrade: `alembic upgrade ${revision}`, stamp: `alembic stamp ${revision}` }
    case 'flyway':
      return { upgrade: `flyway migrate -target=${revision}`, stamp: `flyway baseline -baselineVersion=${revision}` }
    case 'prisma':
      return { upgrade: 'npx prisma migrate deploy', stamp: `npx prisma migrate resolve --applied ${revision}` }
    case 'knex':
      return { upgrade: 'npx knex migrate:latest', stamp: `record ${revision} in knex_migrations` }
    case 'rails':
      return { upgrade: 'bin/rails db:migrate', stamp: `INSERT INTO schema_migrations (version) VALUES ('${revision}')` }
    case 'golang-migrate':
      return {
        upgrade: `migrate -database "$DATABASE_URL" -path migrations goto ${revision}`,
        stamp: `migrate -database "$DATABASE_URL" -path migrations force ${revision}`,
      }
    case 'django':
      return { upgrade: 'python manage.py migrate', stamp: 'python manage.py migrate --fake' }
    case 'custom':
      return { upgrade: 'run the application’s migrations', stamp: `record revision ${revision} in the history table` }
  }
}

/**
 * Orders two revisions of tools whose revisions sort (Flyway's dotted versions, Rails and
 * golang-migrate timestamps, Prisma and Knex names that start with a timestamp); null when the tool's
 * revisions are opaque (Alembic's hashes, Django's per-app names, custom).
 */
export function compareRevisions(tool: MigrationTool, a: string, b: string): number | null {
  switch (tool) {
    case 'flyway':
      return compareDotted(a, b)
    case 'rails':
    case 'golang-migrate':
      return /^\d+$/.test(a) && /^\d+$/.test(b) ? compareDigits(a, b) : null
    case 'prisma':
    case 'knex':
      return a < b ? -1 : a > b ? 1 : 0
    case 'alembic':
    case 'django':
    case 'custom':
      return null
  }
}

/** Flyway versions: parts split on `.` or `_`, compared as numbers (1.10 after 1.9); a longer version with equal prefix is newer. */
function compareDotted(a: string, b: string): number | null {
  const pa = a.split(/[._]/)
  const pb = b.split(/[._]/)
  if (![...pa, ...pb].every((part) => /^\d+$/.test(part))) return null
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const order = compareDigits(pa[i] ?? '0', pb[i] ?? '0')
    if (order !== 0) return order
  }
  return 0
}

/** Two strings of digits as numbers of any length. */
function compareDigits(a: string, b: string): number {
  const x = a.replace(/^0+(?=\d)/, '')
  const y = b.replace(/^0+(?=\d)/, '')
  return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0)
}
