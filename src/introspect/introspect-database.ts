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
import { COLUMNS_SQL, toColumnModel, type ColumnRow } from './queries/columns.js'
import { constraintsSql, toConstraintModel, type ConstraintRow } from './queries/constraints.js'
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
 *
 * The catalog queries are all sent at once, after the server information they depend on: the
 * driver runs them back to back, so the server never waits for us, and each result is folded into
 * the model (ModelBuilder) while the server works on the next.
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
    if (serverRow === undefined) throw new Error('server information query returned no row')
    const pending = {
      relations: run<RelationRow>(RELATIONS_SQL, scope),
      columns: run<ColumnRow>(COLUMNS_SQL, scope),
      constraints: run<ConstraintRow>(constraintsSql(serverRow.server_version_num), scope),
      indexes: run<IndexRow>(INDEXES_SQL, scope),
      triggers: run<TriggerRow>(TRIGGERS_SQL, scope),
      // The version decides how a SQL-standard function body is read (there is none before 14).
      functions: run<FunctionRow>(functionsSql(serverRow.server_version_num), scope),
      extensions: run<ExtensionRow>(EXTENSIONS_SQL),
      enums: run<EnumRow>(ENUMS_SQL, scope),
      notChecked: run<NotCheckedRow>(NOT_CHECKED_SQL, scope),
    }
    // After the first failure the others fail too (the transaction is aborted): that first one is
    // the error worth reporting, and is thrown below; the rest must not go unhandled.
    for (const query of Object.values(pending)) query.catch(() => undefined)
    const builder = new ModelBuilder(
      new TypeNames(serverRow.hidden_public_types ?? []),
      new PublicPath(serverRow.public_on_path !== false, serverRow.hidden_public_types ?? []),
    )
    builder.addRelations(await pending.relations)
    builder.addColumns(await pending.columns)
    builder.addConstraints(await pending.constraints)
    builder.addIndexes(await pending.indexes)
    builder.addTriggers(await pending.triggers)
    builder.addFunctions(await pending.functions)
    builder.addExtensions(await pending.extensions)
    builder.addEnums(await pending.enums)
    const notCheckedRows = await pending.notChecked
    server = Object.freeze(toServerInfo(serverRow))
    // Every user schema, also those not read: --strict against a complete spec reports the extra ones.
    model = deepFreeze({ ...builder.model(), schemas: [...server.userSchemas] })
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

/**
 * The one place where catalog rows meet the model: each query's rows are folded in as they
 * arrive (relations first: the other rows attach to their tables), and model() sorts the result.
 */
class ModelBuilder {
  readonly #typeNames: TypeNames
  readonly #publicPath: PublicPath
  readonly #tables = new Map<string, TableParts>()
  /** Column names by attnum, per table key: constraint rows give their key columns by number. */
  readonly #columnNames = new Map<string, Map<number, string>>()
  readonly #views = new Map<string, { view: ViewModel; triggers: TriggerModel[] }>()
  readonly #sequences: SequenceModel[] = []
  #functions: FunctionModel[] = []
  #extensions: ExtensionModel[] = []
  #enums: EnumModel[] = []

  constructor(typeNames: TypeNames, publicPath: PublicPath) {
    this.#typeNames = typeNames
    this.#publicPath = publicPath
  }

  addRelations(rows: readonly RelationRow[]): void {
    for (const row of rows) {
      const relation = toRelationModel(row, this.#publicPath)
      if (relation.kind === 'view') this.#views.set(tableKey(relation.view.schema, relation.view.name), { view: relation.view, triggers: [] })
      else if (relation.kind === 'sequence') this.#sequences.push(relation.sequence)
      else {
        this.#tables.set(tableKey(relation.schema, relation.name), {
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
  }

  // A table created between two queries cannot appear: all queries share one snapshot. The
  // lookups below still skip rows whose relation is not in scope.
  #tableOf(row: { schema: string; table: string }): TableParts | undefined {
    return this.#tables.get(tableKey(row.schema, row.table))
  }

  addColumns(rows: readonly ColumnRow[]): void {
    for (const row of rows) {
      const key = tableKey(row.schema, row.table)
      const table = this.#tables.get(key)
      if (table === undefined) continue
      table.columns.push({ ...toColumnModel(row, this.#typeNames), position: row.position })
      let names = this.#columnNames.get(key)
      if (names === undefined) this.#columnNames.set(key, (names = new Map<number, string>()))
      names.set(row.position, row.name)
    }
  }

  addConstraints(rows: readonly ConstraintRow[]): void {
    for (const row of rows) {
      const table = this.#tableOf(row)
      if (table === undefined) continue
      const constraint = toConstraintModel(row, (schema, name) => this.#columnNames.get(tableKey(schema, name)))
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
  }

  addIndexes(rows: readonly IndexRow[]): void {
    for (const row of rows) {
      const key = tableKey(row.schema, row.table)
      this.#tables.get(key)?.indexes.push(toIndexModel(row, this.#columnNames.get(key)))
    }
  }

  addTriggers(rows: readonly TriggerRow[]): void {
    // INSTEAD OF triggers live on views, the rest on tables.
    for (const row of rows) (this.#tableOf(row) ?? this.#views.get(tableKey(row.schema, row.table)))?.triggers.push(toTriggerModel(row))
  }

  addFunctions(rows: readonly FunctionRow[]): void {
    this.#functions = rows.map((row) => toFunctionModel(row, this.#typeNames, this.#publicPath))
  }

  addExtensions(rows: readonly ExtensionRow[]): void {
    this.#extensions = rows.map(toExtensionModel)
  }

  addEnums(rows: readonly EnumRow[]): void {
    this.#enums = rows.map(toEnumModel)
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
