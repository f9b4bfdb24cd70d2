import { bySchemaAndName, tableKey } from '../model/object-ref.js'
import { DatabaseError } from '../errors.js'
import type {
  CheckModel,
  ColumnModel,
  EnumModel,
  ExtensionModel,
  ForeignKeyModel,
  FunctionModel,
  IndexModel,
  PrimaryKeyModel,
  SchemaModel,
  SequenceModel,
  TableModel,
  TableRef,
  TriggerModel,
  UniqueModel,
  ViewModel,
} from '../model/schema-model.js'
import { columnsSql, toColumnModel, type ColumnRow } from './queries/columns.js'
import { constraintsSql, toConstraintModel, type ConstraintRow } from './queries/constraints.js'
import { ENUMS_SQL, toEnumModel, type EnumRow } from './queries/enums.js'
import { EXTENSIONS_SQL, toExtensionModel, type ExtensionRow } from './queries/extensions.js'
import { functionsSql, toFunctionModel, type FunctionRow } from './queries/functions.js'
import { INDEXES_SQL, toIndexModel, type IndexRow } from './queries/indexes.js'
import { compareText } from '../model/compare-text.js'
import { hasIndexLeadingWith } from '../model/foreign-key-index.js'
import { isCatalogChange } from './catalog-changed.js'
import { SERVER_INFO_SQL, toServerInfo, type ServerInfo, type ServerInfoRow } from './queries/server-info.js'
import { RELATIONS_SQL, toRelationModel, type RelationRow } from './queries/tables-and-relations.js'
import { TRIGGERS_SQL, toTriggerModel, type TriggerRow } from './queries/triggers.js'
import { forEachRow, type Queryable } from './queryable.js'
import { TypeNames } from './queries/type-names.js'
import { PublicPath } from './queries/public-path.js'
import { NOT_CHECKED_SQL, toNotCheckedCount, type NotCheckedRow } from './queries/not-checked.js'
import { compareNotChecked, type NotCheckedCount } from '../model/not-checked.js'
import type { MigrationHistoryModel } from '../model/migration.js'
import type { SequenceHealthModel } from '../model/sequence-health.js'
import {
  sequenceColumnsOf,
  sequencePrivilegesSql,
  sequenceStateSql,
  toSequenceHealth,
  type SequencePrivilegeRow,
  type SequenceStateRow,
} from './queries/sequence-health.js'
import {
  historyPrivilegesSql,
  historyRowsSql,
  historyTablesIn,
  toHistoryModels,
  type HistoryPrivilegeRow,
  type HistoryRow,
  type HistoryTable,
} from './queries/migration-history.js'

export type { ServerInfo } from './queries/server-info.js'
export type { HistoryTable } from './queries/migration-history.js'

/** What introspection found, and about which server. */
export interface Introspection {
  readonly model: SchemaModel
  readonly server: ServerInfo
  /** Objects in the introspected schemas that the model cannot describe, per kind and schema. */
  readonly notChecked: readonly NotCheckedCount[]
  /**
   * Statements sent, transaction control included, over all attempts: 14 for an attempt that
   * completes, whatever the number of tables, and 2 more when the database has a migration
   * history table (an attempt cut short by an error sends fewer).
   */
  readonly queryCount: number
  /** Snapshots read: 1, or more when the schema changed while it was being read. */
  readonly attempts: number
}

/** A statement run inside the check's snapshot, before the catalog queries: its rows. */
export type SnapshotRead = (sql: string, params?: readonly unknown[]) => Promise<Record<string, unknown>[]>

/** Options for introspectDatabase. */
export interface IntrospectOptions {
  /** Only these schemas; default every schema except the system ones. */
  readonly schemas?: readonly string[]
  /**
   * Instead of `schemas`: picks the schemas to read from the database's user schemas, once the
   * server has listed them (inside the snapshot, before the catalog queries are sent: no extra
   * statement unless it uses `read`). What `check --tenant-schemas` reads. `read` runs a statement
   * in the same snapshot (`--tenants-from-query`: the tenant registry is read as of the catalogs).
   */
  readonly selectSchemas?: (userSchemas: readonly string[], read: SnapshotRead) => readonly string[] | Promise<readonly string[]>
  /** Per-statement limit inside the snapshot; 0 = none. Default 30 s. */
  readonly statementTimeoutMs?: number
  /**
   * Called when the catalog queries are on their way: the server works through them on its own
   * from then on, and the caller may use the time (check loads the spec). Once per attempt.
   */
  readonly onQueriesSent?: () => void
  /**
   * The migration history table the spec declares (read with the spec's tool, whatever its name),
   * asked for once the catalog has been read (check loads the spec meanwhile). The known tools'
   * tables are found and read without it.
   */
  readonly migrationTable?: () => Promise<HistoryTable | undefined>
  /**
   * Also read each sequence-fed column's maximum and its sequence's next value (two statements
   * more; reads data, so only when asked: check --health, doctor).
   */
  readonly readSequenceHealth?: boolean
}

/** Default statement timeout for catalog queries. */
export const DEFAULT_STATEMENT_TIMEOUT_MS = 30_000

/** Snapshots read before giving up when objects keep vanishing under us, and the pause before each retry. */
export const MAX_ATTEMPTS = 5
const RETRY_DELAYS_MS = [50, 100, 200, 400]

/**
 * Reads the schema of a live database into a SchemaModel (see introspectOnce). When another
 * session drops objects while we read (a migration), PostgreSQL's deparse functions fail on
 * objects our snapshot still has (see catalog-changed.ts); the read is then repeated with a new
 * snapshot, up to MAX_ATTEMPTS times, after which a DatabaseError (exit 3) says the schema kept
 * changing. Every other error propagates at once.
 */
export async function introspectDatabase(db: Queryable, options: IntrospectOptions = {}): Promise<Introspection> {
  let queryCount = 0
  const counted: Queryable = {
    query<Row extends object>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
      queryCount++
      return db.query<Row>(sql, params)
    },
    forEachRow<Row extends object>(sql: string, params: readonly unknown[], onRow: (row: Row) => void): Promise<void> {
      queryCount++
      return forEachRow(db, sql, params, onRow)
    },
  }
  for (let attempt = 1; ; attempt++) {
    try {
      const { model, server, notChecked } = await introspectOnce(counted, options)
      return { model, server, notChecked, queryCount, attempts: attempt }
    } catch (error) {
      if (!isCatalogChange(error)) throw error
      if (attempt >= MAX_ATTEMPTS) {
        const target = 'displayTarget' in db && typeof db.displayTarget === 'string' ? db.displayTarget : 'the database'
        throw new DatabaseError(
          'other',
          `cannot read ${target}: the schema changed while it was being read ` + `(${attempt} attempts); run again when migrations have finished`,
          { cause: error },
        )
      }
      await delay(RETRY_DELAYS_MS[attempt - 1] ?? 0)
    }
  }
}

/**
 * One read of the schema. Everything happens inside one REPEATABLE READ READ ONLY transaction
 * (one consistent snapshot, and the server refuses any write) that is always rolled back.
 * search_path is pinned to `public` so format_type() and pg_get_expr() spell public objects bare
 * and others qualified (TypeNames and canonicalExpression() see to it for roles without USAGE on
 * public, for whom PostgreSQL ignores that setting). The number of catalog queries is fixed (one
 * per object kind, never one per table, plus one that counts what the model cannot describe).
 *
 * The catalog queries are all sent at once, after the server information they depend on: the
 * driver runs them back to back, so the server never waits for us, and each result is folded into
 * the model (ModelBuilder) while the server works on the next.
 */
async function introspectOnce(db: Queryable, options: IntrospectOptions): Promise<Omit<Introspection, 'queryCount' | 'attempts'>> {
  const run = <Row extends object>(sql: string, params: readonly unknown[] = []): Promise<Row[]> => db.query<Row>(sql, params)
  const timeout = Math.max(0, Math.floor(options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS))
  let scope: [string[] | null] = [options.schemas === undefined ? null : [...options.schemas]]

  let model: SchemaModel
  let server: ServerInfo
  let notChecked: readonly NotCheckedCount[]
  // Sent together: one round trip. If BEGIN fails, the rest never ran in a transaction of ours.
  const begun = run('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
  // SET cannot take parameters; `timeout` is a non-negative integer we computed ourselves.
  const setup = [run(`SET LOCAL statement_timeout = ${timeout}`), run('SET LOCAL search_path = public'), run<ServerInfoRow>(SERVER_INFO_SQL)] as const
  for (const statement of setup) statement.catch(() => undefined)
  await begun
  try {
    await setup[0]
    await setup[1]
    const [serverRow] = await setup[2]
    if (serverRow === undefined) throw new Error('server information query returned no row')
    if (options.selectSchemas !== undefined) scope = [[...(await options.selectSchemas(serverRow.user_schemas, (sql, params) => run(sql, params)))]]
    const builder = new ModelBuilder(
      new TypeNames(serverRow.hidden_public_types ?? []),
      new PublicPath(serverRow.public_on_path !== false, serverRow.hidden_public_types ?? []),
    )
    const notCheckedRows: NotCheckedRow[] = []
    const each = <Row extends object>(sql: string, onRow: (row: Row) => void, params: readonly unknown[] = scope): Promise<void> =>
      forEachRow(db, sql, params, onRow)
    // Rows are folded in as they arrive, in the order sent: relations first, which the others attach
    // to, and columns before the constraints and indexes that name them by number. Queries that
    // cost the server time but send few rows go early, while the client may still be busy (check
    // loads the spec meanwhile); the row-heavy ones last, so both sides finish together.
    const pending = [
      each<RelationRow>(RELATIONS_SQL, (row) => builder.addRelation(row)),
      each<NotCheckedRow>(NOT_CHECKED_SQL, (row) => notCheckedRows.push(row)),
      // The version decides how a SQL-standard function body is read (there is none before 14).
      each<FunctionRow>(functionsSql(serverRow.server_version_num), (row) => builder.addFunction(row)),
      each<ExtensionRow>(EXTENSIONS_SQL, (row) => builder.addExtension(row), []),
      each<EnumRow>(ENUMS_SQL, (row) => builder.addEnum(row)),
      each<TriggerRow>(TRIGGERS_SQL, (row) => builder.addTrigger(row)),
      each<ColumnRow>(columnsSql(serverRow.server_version_num), (row) => builder.addColumn(row)),
      each<ConstraintRow>(constraintsSql(serverRow.server_version_num), (row) => builder.addConstraint(row)),
      each<IndexRow>(INDEXES_SQL, (row) => builder.addIndex(row)),
    ]
    // After the first failure the others fail too (the transaction is aborted): that first one is
    // the error worth reporting, and is thrown below; the rest must not go unhandled.
    for (const query of pending) query.catch(() => undefined)
    options.onQueriesSent?.()
    for (const query of pending) await query
    server = Object.freeze(toServerInfo(serverRow))
    const built = builder.model()
    const declared = await options.migrationTable?.()
    const migrationHistories = await readMigrationHistories(run, built.tables, declared)
    const sequenceHealth = options.readSequenceHealth === true ? await readSequenceHealth(run, built.tables) : undefined
    // Every user schema, also those not read: --strict against a complete spec reports the extra ones.
    model = deepFreeze({ ...built, schemas: [...server.userSchemas], migrationHistories, ...(sequenceHealth !== undefined && { sequenceHealth }) })
    // Only the spec's history matters to a check: another tool's table it cannot read is no gap.
    const unreadable = migrationHistories
      .filter((h) => h.rows === null && h.schema === declared?.schema && h.table === declared.table)
      .map((h) => ({ kind: 'migration_history' as const, schema: h.schema, count: 1 }))
    const unreadColumns = countBySchema((sequenceHealth ?? []).filter((h) => !h.isReadable).map((h) => h.schema)).map(([schema, count]) => ({
      kind: 'sequence_data' as const,
      schema,
      count,
    }))
    notChecked = deepFreeze([...notCheckedRows.map(toNotCheckedCount), ...unreadable, ...unreadColumns].sort(compareNotChecked))
  } catch (error) {
    // Roll back, but if the connection is gone the original error is the one worth reporting.
    await run('ROLLBACK').catch(() => undefined)
    throw error
  }
  await run('ROLLBACK')
  return { model, server, notChecked }
}

/**
 * The migration history tables among the tables read, and their rows, inside the same snapshot:
 * no statement when there is none, else one that asks which the role may read (reading one it
 * may not would abort the transaction) and one that reads them all.
 */
async function readMigrationHistories(
  run: <Row extends object>(sql: string, params?: readonly unknown[]) => Promise<Row[]>,
  tables: readonly TableModel[],
  declared: HistoryTable | undefined,
): Promise<MigrationHistoryModel[]> {
  const found = historyTablesIn(tables, declared)
  if (found.length === 0) return []
  const privileges = await run<HistoryPrivilegeRow>(historyPrivilegesSql(found))
  const readable = new Set(privileges.filter((p) => p.readable).map((p) => Number(p.source)))
  const sql = historyRowsSql(found, readable)
  const rows = sql === null ? [] : await run<HistoryRow>(sql)
  return toHistoryModels(found, readable, rows)
}

/** Each sequence-fed column's maximum against its sequence (see queries/sequence-health.ts). */
async function readSequenceHealth(
  run: <Row extends object>(sql: string, params?: readonly unknown[]) => Promise<Row[]>,
  tables: readonly TableModel[],
): Promise<SequenceHealthModel[]> {
  const columns = sequenceColumnsOf(tables)
  if (columns.length === 0) return []
  const privileges = await run<SequencePrivilegeRow>(sequencePrivilegesSql(columns))
  const sql = sequenceStateSql(columns, privileges)
  const states = sql === null ? [] : await run<SequenceStateRow>(sql)
  return toSequenceHealth(columns, privileges, states)
}

function countBySchema(schemas: readonly string[]): [string, number][] {
  const counts = new Map<string, number>()
  for (const schema of schemas) counts.set(schema, (counts.get(schema) ?? 0) + 1)
  return [...counts]
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Mutable parts of a table while rows are folded in. */
interface TableParts {
  readonly schema: string
  readonly name: string
  readonly partitionOf: TableRef | null
  readonly partitionBound: string | null
  readonly partitionBy: string | null
  readonly isUnlogged: boolean
  readonly columns: ColumnModel[]
  /** attnum of each of `columns`, which may arrive in any order. */
  readonly positions: number[]
  /** Column names by attnum: constraint and index rows give their columns by number. */
  readonly columnNames: Map<number, string>
  primaryKey: PrimaryKeyModel | null
  readonly uniqueConstraints: UniqueModel[]
  readonly checkConstraints: CheckModel[]
  readonly indexes: IndexModel[]
  readonly foreignKeys: ForeignKeyModel[]
  readonly triggers: TriggerModel[]
}

/**
 * The one place where catalog rows meet the model: rows are folded in one at a time as they
 * arrive (relations first: the other rows attach to their tables), and model() sorts the result.
 * Each column, constraint, index and trigger is frozen when made, while the server is still
 * busy, so freezing the whole model at the end only has the tables and lists left to do.
 */
class ModelBuilder {
  readonly #typeNames: TypeNames
  readonly #publicPath: PublicPath
  readonly #tables = new Map<string, TableParts>()
  /** The same tables by pg_class.oid, which the rows of columns, constraints and indexes carry. */
  readonly #tablesByOid = new Map<number, TableParts>()
  readonly #views = new Map<string, { view: ViewModel; triggers: TriggerModel[] }>()
  readonly #sequences: SequenceModel[] = []
  readonly #functions: FunctionModel[] = []
  readonly #extensions: ExtensionModel[] = []
  readonly #enums: EnumModel[] = []

  constructor(typeNames: TypeNames, publicPath: PublicPath) {
    this.#typeNames = typeNames
    this.#publicPath = publicPath
  }

  addRelation(row: RelationRow): void {
    const relation = toRelationModel(row, this.#publicPath)
    if (relation.kind === 'view') this.#views.set(tableKey(relation.view.schema, relation.view.name), { view: relation.view, triggers: [] })
    else if (relation.kind === 'sequence') this.#sequences.push(relation.sequence)
    else {
      const parts: TableParts = {
        schema: relation.schema,
        name: relation.name,
        partitionOf: relation.partitionOf,
        partitionBound: relation.partitionBound,
        partitionBy: relation.partitionBy,
        isUnlogged: relation.isUnlogged,
        columns: [],
        positions: [],
        columnNames: new Map(),
        primaryKey: null,
        uniqueConstraints: [],
        checkConstraints: [],
        indexes: [],
        foreignKeys: [],
        triggers: [],
      }
      this.#tables.set(tableKey(relation.schema, relation.name), parts)
      this.#tablesByOid.set(Number(row.oid), parts)
    }
  }

  // A table created between two queries cannot appear: all queries share one snapshot. The
  // lookups below still skip rows whose relation is not in scope.
  #tableOf(oid: number | string): TableParts | undefined {
    return this.#tablesByOid.get(Number(oid))
  }

  addColumn(row: ColumnRow): void {
    const table = this.#tableOf(row.table_oid)
    if (table === undefined) return
    table.columns.push(deepFreeze(toColumnModel(row, table, this.#typeNames)))
    table.positions.push(row.position)
    table.columnNames.set(row.position, row.name)
  }

  addConstraint(row: ConstraintRow): void {
    const table = this.#tableOf(row.table_oid)
    if (table === undefined) return
    const constraint = deepFreeze(toConstraintModel(row, table, (oid) => this.#tableOf(oid)?.columnNames))
    switch (constraint.kind) {
      case 'primaryKey':
        table.primaryKey = constraint.primaryKey
        break
      case 'unique':
        table.uniqueConstraints.push(constraint.unique)
        break
      case 'check':
        table.checkConstraints.push(constraint.check)
        break
      case 'foreignKey':
        table.foreignKeys.push(constraint.foreignKey)
        break
    }
  }

  addIndex(row: IndexRow): void {
    const table = this.#tableOf(row.table_oid)
    table?.indexes.push(deepFreeze(toIndexModel(row, table, table.columnNames)))
  }

  addTrigger(row: TriggerRow): void {
    // INSTEAD OF triggers live on views, the rest on tables.
    const key = tableKey(row.schema, row.table)
    const owner = this.#tables.get(key) ?? this.#views.get(key)
    owner?.triggers.push(deepFreeze(toTriggerModel(row)))
  }

  addFunction(row: FunctionRow): void {
    this.#functions.push(toFunctionModel(row, this.#typeNames, this.#publicPath))
  }

  addExtension(row: ExtensionRow): void {
    this.#extensions.push(toExtensionModel(row))
  }

  addEnum(row: EnumRow): void {
    this.#enums.push(toEnumModel(row))
  }

  model(): SchemaModel {
    return {
      tables: [...this.#tables.values()].sort(bySchemaAndName).map(toTableModel),
      functions: this.#functions.sort((a, b) => bySchemaAndName(a, b) || compareText((a.argumentTypes ?? []).join(','), (b.argumentTypes ?? []).join(','))),
      extensions: this.#extensions.sort((a, b) => compareText(a.name, b.name)),
      enums: this.#enums.sort(bySchemaAndName),
      sequences: this.#sequences.sort(bySchemaAndName),
      views: [...this.#views.values()].map(({ view, triggers }) => ({ ...view, triggers: triggers.sort(byName) })).sort(bySchemaAndName),
    }
  }
}

function toTableModel(parts: TableParts): TableModel {
  const table: TableModel = {
    schema: parts.schema,
    name: parts.name,
    partitionOf: parts.partitionOf,
    partitionBound: parts.partitionBound,
    partitionBy: parts.partitionBy,
    isUnlogged: parts.isUnlogged,
    columns: inPositionOrder(parts.columns, parts.positions),
    primaryKey: parts.primaryKey,
    uniqueConstraints: parts.uniqueConstraints.sort(byName),
    checkConstraints: parts.checkConstraints.sort(byName),
    indexes: parts.indexes.sort(byName),
    foreignKeys: parts.foreignKeys.sort(byName),
    triggers: parts.triggers.sort(byName),
  }
  return { ...table, foreignKeys: table.foreignKeys.map((fk) => ({ ...fk, isIndexed: hasIndexLeadingWith(table, fk.columns) })) }
}

/** Columns by attnum; they usually come in that order already. */
function inPositionOrder(columns: ColumnModel[], positions: readonly number[]): ColumnModel[] {
  if (positions.every((position, i) => i === 0 || (positions[i - 1] ?? 0) < position)) return columns
  return columns
    .map((column, i) => ({ column, position: positions[i] ?? 0 }))
    .sort((a, b) => a.position - b.position)
    .map(({ column }) => column)
}

function byName(a: { name?: string }, b: { name?: string }): number {
  return compareText(a.name ?? '', b.name ?? '')
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    // No Object.values array per object of a model with a million of them, and no index strings per array.
    if (Array.isArray(value)) for (const item of value as unknown[]) deepFreeze(item)
    else for (const key in value) deepFreeze(value[key])
  }
  return value
}
