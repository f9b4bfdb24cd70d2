import { quoteIdent, quoteLiteral } from '../../model/sql-keywords.js'
import { DEFAULT_HISTORY_TABLES, type MigrationHistoryModel, type MigrationTool } from '../../model/migration.js'
import type { TableModel } from '../../model/schema-model.js'

/**
 * Migration history tables: which of the database's tables are one, and what they say. A table
 * is a tool's history when it has the tool's name and the columns the tool writes (Rails and
 * golang-migrate both call theirs `schema_migrations`; only golang-migrate's has `dirty`), or when
 * the spec names it. Layouts as each tool documents them:
 * - Alembic `alembic_version(version_num)`: one row per current head;
 * - Flyway `flyway_schema_history(installed_rank, version, description, type, script, checksum,
 *   installed_by, installed_on, execution_time, success)`: one row per migration run, repeatable
 *   migrations without a version, failed ones with success = false;
 * - Prisma `_prisma_migrations(id, checksum, finished_at, migration_name, logs, rolled_back_at,
 *   started_at, applied_steps_count)`: finished_at is null while a migration runs or after it failed;
 *   rolled_back_at set by `migrate resolve --rolled-back`;
 * - Knex `knex_migrations(id, name, batch, migration_time)`;
 * - Rails `schema_migrations(version)`: one row per applied migration;
 * - golang-migrate `schema_migrations(version bigint, dirty boolean)`: one row, dirty after a failure;
 * - Django `django_migrations(id, app, name, applied)`: a revision is `app.name`.
 */

/** A table to read as a migration history. */
export interface HistoryTable {
  readonly tool: MigrationTool
  readonly schema: string
  readonly table: string
  /** Custom tables: the revision column and the column that orders the rows (default: the revision). */
  readonly column?: string
  readonly orderBy?: string
}

/** Columns each tool's table must have for us to read it. */
const REQUIRED_COLUMNS: Readonly<Record<Exclude<MigrationTool, 'custom'>, readonly string[]>> = {
  alembic: ['version_num'],
  flyway: ['installed_rank', 'version', 'description', 'success'],
  prisma: ['migration_name', 'started_at', 'finished_at', 'rolled_back_at'],
  knex: ['id', 'name'],
  rails: ['version'],
  'golang-migrate': ['version', 'dirty'],
  django: ['id', 'app', 'name'],
}

/**
 * The history tables among `tables` (the tables introspection read): every known tool's table,
 * and the one the spec declares (read with the spec's tool even under another name). A table
 * without the columns its tool writes is not read (it is someone else's table of that name).
 */
export function historyTablesIn(tables: readonly TableModel[], declared: HistoryTable | undefined): HistoryTable[] {
  const found: HistoryTable[] = []
  const isDeclared = (t: TableModel): boolean => declared !== undefined && t.schema === declared.schema && t.name === declared.table
  for (const t of tables) {
    const columns = new Set(t.columns.map((c) => c.name))
    if (isDeclared(t) && declared !== undefined) {
      const required = declared.tool === 'custom' ? [declared.column ?? '', declared.orderBy ?? declared.column ?? ''] : REQUIRED_COLUMNS[declared.tool]
      if (required.every((c) => columns.has(c))) found.push(declared)
      continue
    }
    for (const [tool, name] of Object.entries(DEFAULT_HISTORY_TABLES) as [Exclude<MigrationTool, 'custom'>, string][]) {
      if (t.name !== name || !REQUIRED_COLUMNS[tool].every((c) => columns.has(c))) continue
      // schema_migrations with a dirty column is golang-migrate's, without one Rails'.
      if (tool === 'rails' && columns.has('dirty')) continue
      found.push({ tool, schema: t.schema, table: t.name })
    }
  }
  return found
}

/**
 * Which of the tables the current role may read (USAGE on the schema and SELECT on the table):
 * reading one it may not would abort the snapshot's transaction. One row per table, in order.
 */
export function historyPrivilegesSql(tables: readonly HistoryTable[]): string {
  return tables
    .map(
      (t, i) =>
        `SELECT ${i} AS source, pg_catalog.has_schema_privilege(${quoteLiteral(t.schema)}, 'USAGE') ` +
        `AND pg_catalog.has_table_privilege(${quoteLiteral(`${quoteIdent(t.schema)}.${quoteIdent(t.table)}`)}, 'SELECT') AS readable`,
    )
    .join('\nUNION ALL ')
}

export interface HistoryPrivilegeRow {
  readonly source: number
  readonly readable: boolean
}

/** One statement reading every readable history table; each row names its table by `source` (its index in `tables`). */
export function historyRowsSql(tables: readonly HistoryTable[], readable: ReadonlySet<number>): string | null {
  const branches = tables.flatMap((t, i) => (readable.has(i) ? [`(${branchSql(t, i)})`] : []))
  if (branches.length === 0) return null
  return `SELECT source, revision, failed FROM (\n${branches.join('\nUNION ALL\n')}\n) h ORDER BY source, ordinal`
}

export interface HistoryRow {
  readonly source: number
  /** Null only in a custom table whose column allows it: such rows are left out. */
  readonly revision: string | null
  readonly failed: boolean
}

function branchSql(t: HistoryTable, source: number): string {
  const from = `FROM ${quoteIdent(t.schema)}.${quoteIdent(t.table)} t`
  const select = (revision: string, failed: string, ordinal: string): string =>
    `SELECT ${source} AS source, (${revision})::text AS revision, (${failed})::boolean AS failed, (${ordinal})::bigint AS ordinal ${from}`
  switch (t.tool) {
    case 'alembic':
      return `${select('t.version_num', 'false', 'row_number() OVER (ORDER BY t.version_num)')}`
    case 'flyway':
      // Versioned migrations, and failed runs of any kind (their version may be null: name them by description).
      return `${select('coalesce(t.version, t.description)', 'NOT t.success', 't.installed_rank')} WHERE t.version IS NOT NULL OR NOT t.success`
    case 'prisma':
      return `${select('t.migration_name', 't.finished_at IS NULL', 'row_number() OVER (ORDER BY t.started_at, t.migration_name)')} WHERE t.rolled_back_at IS NULL`
    case 'knex':
      return select('t.name', 'false', 't.id')
    case 'rails':
      return select('t.version', 'false', 'row_number() OVER (ORDER BY t.version)')
    case 'golang-migrate':
      return select('t.version', 't.dirty', '0')
    case 'django':
      return select(`t.app || '.' || t.name`, 'false', 't.id')
    case 'custom': {
      const column = `t.${quoteIdent(t.column ?? '')}`
      return select(column, 'false', `row_number() OVER (ORDER BY t.${quoteIdent(t.orderBy ?? t.column ?? '')})`)
    }
  }
}

/** The histories, each with its rows in order (null when the role may not read it). */
export function toHistoryModels(tables: readonly HistoryTable[], readable: ReadonlySet<number>, rows: readonly HistoryRow[]): MigrationHistoryModel[] {
  return tables.map((t, i) => ({
    tool: t.tool,
    schema: t.schema,
    table: t.table,
    rows: readable.has(i)
      ? rows.flatMap((r) => (Number(r.source) === i && r.revision !== null ? [{ revision: r.revision, isFailed: r.failed === true }] : []))
      : null,
  }))
}
