import { bySchemaAndName, tableKey } from '../model/object-ref.js'
import { DatabaseError } from '../errors.js'
import type {
  CheckModel,
  ColumnModel,
  ForeignKeyModel,
  IndexModel,
  PrimaryKeyModel,
  SchemaModel,
  TableModel,
  TableRef,
  TriggerModel,
  UniqueModel,
  ViewModel,
} from '../model/schema-model.js'
import { COLUMNS_SQL, toColumnModel, type ColumnRow } from './queries/columns.js'
import { CONSTRAINTS_SQL, toConstraintModel, type ConstraintRow } from './queries/constraints.js'
import { ENUMS_SQL, toEnumModel, type EnumRow } from './queries/enums.js'
import { EXTENSIONS_SQL, toExtensionModel, type ExtensionRow } from './queries/extensions.js'
import { functionsSql, toFunctionModel, type FunctionRow } from './queries/functions.js'
import { INDEXES_SQL, toIndexModel, type IndexRow } from './queries/indexes.js'
import { compareText } from '../model/compare-text.js'
import { isCatalogChange } from './catalog-changed.js'
import { SERVER_INFO_SQL, toServerInfo, type ServerInfo, type ServerInfoRow } from './queries/server-info.js'
import { RELATIONS_SQL, toRelationModel, type RelationRow } from './queries/tables-and-relations.js'
import { TRIGGERS_SQL, toTriggerModel, type TriggerRow } from './queries/triggers.js'
import type { Queryable } from './queryable.js'
import { TypeNames } from './queries/type-names.js'
import { PublicPath } from './queries/public-path.js'
import { NOT_CHECKED_SQL, toNotCheckedCount, type NotCheckedRow } from './queries/not-checked.js'
import { compareNotChecked, type NotCheckedCount } from '../model/not-checked.js'

export type { ServerInfo } from './queries/server-info.js'

/** What introspection found, and about which server. */
export interface Introspection {
  readonly model: SchemaModel
  readonly server: ServerInfo
  /** Objects in the introspected schemas that the model cannot describe, per kind and schema. */
  readonly notChecked: readonly NotCheckedCount[]
  /**
   * Statements sent, transaction control included, over all attempts: 14 for an attempt that
   * completes, whatever the number of tables (an attempt cut short by an error sends fewer).
   */
  readonly queryCount: number
  /** Snapshots read: 1, or more when the schema changed while it was being read. */
  readonly attempts: number
}

/** Options for introspectDatabase. */
export interface IntrospectOptions {
  /** Only these schemas; default every schema except the system ones. */
  readonly schemas?: readonly string[]
  /** Per-statement limit inside the snapshot; 0 = none. Default 30 s. */
  readonly statementTimeoutMs?: number
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
 */
async function introspectOnce(db: Queryable, options: IntrospectOptions): Promise<Omit<Introspection, 'queryCount' | 'attempts'>> {
  const run = <Row extends object>(sql: string, params: readonly unknown[] = []): Promise<Row[]> => db.query<Row>(sql, params)
  const timeout = Math.max(0, Math.floor(options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS))
  const scope = [options.schemas === undefined ? null : [...options.schemas]]

  let model: SchemaModel
  let server: ServerInfo
  let notChecked: readonly NotCheckedCount[]
  await run('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY')
  try {
    // SET cannot take parameters; `timeout` is a non-negative integer we computed ourselves.
    await run(`SET LOCAL statement_timeout = ${timeout}`)
    await run('SET LOCAL search_path = public')
    const [serverRow] = await run<ServerInfoRow>(SERVER_INFO_SQL)
    const relations = await run<RelationRow>(RELATIONS_SQL, scope)
    const columns = await run<ColumnRow>(COLUMNS_SQL, scope)
    const constraints = await run<ConstraintRow>(CONSTRAINTS_SQL, scope)
    const indexes = await run<IndexRow>(INDEXES_SQL, scope)
    const triggers = await run<TriggerRow>(TRIGGERS_SQL, scope)
    // The version decides how a SQL-standard function body is read (there is none before 14).
    const functions = await run<FunctionRow>(functionsSql(serverRow?.server_version_num ?? 0), scope)
    const extensions = await run<ExtensionRow>(EXTENSIONS_SQL)
    const enums = await run<EnumRow>(ENUMS_SQL, scope)
    const notCheckedRows = await run<NotCheckedRow>(NOT_CHECKED_SQL, scope)
    if (serverRow === undefined) throw new Error('server information query returned no row')
    const typeNames = new TypeNames(serverRow.hidden_public_types ?? [])
    const publicPath = new PublicPath(serverRow.public_on_path !== false, serverRow.hidden_public_types ?? [])
    server = Object.freeze(toServerInfo(serverRow))
    // Every user schema, also those not read: --strict against a complete spec reports the extra ones.
    model = deepFreeze({
      ...buildModel({ relations, columns, constraints, indexes, triggers, functions, extensions, enums }, typeNames, publicPath),
      schemas: [...server.userSchemas],
    })
    notChecked = deepFreeze(notCheckedRows.map(toNotCheckedCount).sort(compareNotChecked))
  } catch (error) {
    // Roll back, but if the connection is gone the original error is the one worth reporting.
    await run('ROLLBACK').catch(() => undefined)
    throw error
  }
  await run('ROLLBACK')
  return { model, server, notChecked }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

interface CatalogRows {
  readonly relations: RelationRow[]
  readonly columns: ColumnRow[]
  readonly constraints: ConstraintRow[]
  readonly indexes: IndexRow[]
  readonly triggers: TriggerRow[]
  readonly functions: FunctionRow[]
  readonly extensions: ExtensionRow[]
  readonly enums: EnumRow[]
}

/** Mutable parts of a table while rows are folded in. */
interface TableParts {
  readonly schema: string
  readonly name: string
  readonly partitionOf: TableRef | null
  readonly partitionBound: string | null
  readonly partitionBy: string | null
  readonly columns: (ColumnModel & { readonly position: number })[]
  primaryKey: PrimaryKeyModel | null
  readonly uniqueConstraints: UniqueModel[]
  readonly checkConstraints: CheckModel[]
  readonly indexes: IndexModel[]
  readonly foreignKeys: ForeignKeyModel[]
  readonly triggers: TriggerModel[]
}

/** The one place where catalog rows meet the model. */
function buildModel(rows: CatalogRows, typeNames: TypeNames, publicPath: PublicPath): SchemaModel {
  const tables = new Map<string, TableParts>()
  const views = new Map<string, { view: ViewModel; triggers: TriggerModel[] }>()
  const sequences = []
  for (const row of rows.relations) {
    const relation = toRelationModel(row, publicPath)
    if (relation.kind === 'view') views.set(tableKey(relation.view.schema, relation.view.name), { view: relation.view, triggers: [] })
    else if (relation.kind === 'sequence') sequences.push(relation.sequence)
    else {
      tables.set(tableKey(relation.schema, relation.name), {
        schema: relation.schema,
        name: relation.name,
        partitionOf: relation.partitionOf,
        partitionBound: relation.partitionBound,
        partitionBy: relation.partitionBy,
        columns: [],
        primaryKey: null,
        uniqueConstraints: [],
        checkConstraints: [],
        indexes: [],
        foreignKeys: [],
        triggers: [],
      })
    }
  }
  // A table created between two queries cannot appear: all queries share one snapshot. The
  // lookups below still skip rows whose relation is not in scope.
  const tableOf = (row: { schema: string; table: string }): TableParts | undefined => tables.get(tableKey(row.schema, row.table))
  for (const row of rows.columns) tableOf(row)?.columns.push({ ...toColumnModel(row, typeNames), position: row.position })
  for (const row of rows.constraints) {
    const table = tableOf(row)
    if (table === undefined) continue
    const constraint = toConstraintModel(row)
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
  for (const row of rows.indexes) tableOf(row)?.indexes.push(toIndexModel(row))
  // INSTEAD OF triggers live on views, the rest on tables.
  for (const row of rows.triggers) (tableOf(row) ?? views.get(tableKey(row.schema, row.table)))?.triggers.push(toTriggerModel(row))

  return {
    tables: [...tables.values()].sort(bySchemaAndName).map(toTableModel),
    functions: rows.functions
      .map((row) => toFunctionModel(row, typeNames, publicPath))
      .sort((a, b) => bySchemaAndName(a, b) || compareText((a.argumentTypes ?? []).join(','), (b.argumentTypes ?? []).join(','))),
    extensions: rows.extensions.map(toExtensionModel).sort((a, b) => compareText(a.name, b.name)),
    enums: rows.enums.map(toEnumModel).sort(bySchemaAndName),
    sequences: sequences.sort(bySchemaAndName),
    views: [...views.values()].map(({ view, triggers }) => ({ ...view, triggers: triggers.sort(byName) })).sort(bySchemaAndName),
  }
}

function toTableModel(parts: TableParts): TableModel {
  return {
    schema: parts.schema,
    name: parts.name,
    partitionOf: parts.partitionOf,
    partitionBound: parts.partitionBound,
    partitionBy: parts.partitionBy,
    columns: parts.columns.sort((a, b) => a.position - b.position).map(({ position: _position, ...column }) => column),
    primaryKey: parts.primaryKey,
    uniqueConstraints: parts.uniqueConstraints.sort(byName),
    checkConstraints: parts.checkConstraints.sort(byName),
    indexes: parts.indexes.sort(byName),
    foreignKeys: parts.foreignKeys.sort(byName),
    triggers: parts.triggers.sort(byName),
  }
}

// Quoted so that no pair of names can collide ("a.b"."c" vs "a"."b.c").

function byName(a: { name?: string }, b: { name?: string }): number {
  return compareText(a.name ?? '', b.name ?? '')
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value)
    // for...in rather than Object.values: no array per object of a model with a million of them.
    for (const key in value) deepFreeze(value[key])
  }
  return value
}
