/**
 * The snapshot command's core: introspect a target and write what it has as an
 * expected-schema.json. Like checkTarget, it never throws for the target's own failure: that is
 * `{ kind: 'failed' }` with the UserError that says why. A `--schema` or `--table` that selects
 * nothing in this database is such a failure (UsageError, exit 2): only the database can tell,
 * and another target may well have it. Anything that is not a UserError is a bug and propagates.
 */
import { UsageError } from '../errors.js'
import { introspectDatabase, type ServerInfo } from '../introspect/introspect-database.js'
import type { DatabaseSession } from '../introspect/queryable.js'
import { qualifiedName, quoteIdent } from '../fix/quote.js'
import { schemaSql } from '../fix/schema-sql.js'
import { compareText } from '../model/compare-text.js'
import type { SchemaModel, TableModel } from '../model/schema-model.js'
import { filterModel } from '../snapshot/filter-model.js'
import { modelToSpec, renderSpecJson } from '../snapshot/model-to-spec.js'
import type { Spec, SpecRecorded } from '../spec/spec-types.js'
import type { NotCheckedCount } from '../model/not-checked.js'
import { didYouMean } from '../text/closest-name.js'
import { TOOL_VERSION } from '../version.js'
import type { AppDeps } from './deps.js'
import { withTargetSession, type TargetFailure, type WaitOptions } from './target-session.js'

export interface SnapshotOptions extends WaitOptions {
  /** Only these schemas; each must exist in the database. Default: every user schema. */
  readonly schemas?: readonly string[]
  /** Only these tables (`name` or `schema.name`) and the tables they reference; each must exist. */
  readonly tables?: readonly string[]
  readonly connectTimeoutMs?: number
  readonly statementTimeoutMs?: number
  /** `json` (default): the expected-schema.json. `sql`: also the schema as DDL that creates it (`sql` in the result). */
  readonly format?: SnapshotFormat
  /** Also record each sequence-fed column against its data (reads the data, as check --health does). */
  readonly isHealthRead?: boolean
}

export const SNAPSHOT_FORMATS = ['json', 'sql'] as const
export type SnapshotFormat = (typeof SNAPSHOT_FORMATS)[number]

/** How snapshotting one target ended. `target` is safe to print: passwords are redacted. */
export type SnapshotOutcome = ({ readonly kind: 'snapshot'; readonly target: string } & SnapshotResult) | TargetFailure

export interface SnapshotResult {
  readonly spec: Spec
  /** `spec` as the file snapshot writes (renderSpecJson). */
  readonly json: string
  /** With format `sql`: the schema as a script that creates it in an empty database (schemaSql). */
  readonly sql?: string
  readonly server: ServerInfo
}

export async function snapshotTarget(target: string | undefined, options: SnapshotOptions, deps: AppDeps): Promise<SnapshotOutcome> {
  const outcome = await withTargetSession(target, options, deps, (session) => snapshotSession(session, options))
  return outcome.kind === 'failed' ? outcome : { kind: 'snapshot', target: outcome.target, ...outcome.value }
}

/** The spec that describes what `session` has (within the options' schemas and tables). */
export async function snapshotSession(session: DatabaseSession, options: SnapshotOptions): Promise<SnapshotResult> {
  const { model, server, notChecked } = await introspectDatabase(session, {
    schemas: options.schemas,
    statementTimeoutMs: options.statementTimeoutMs,
    readSequenceHealth: options.isHealthRead === true,
  })
  for (const schema of options.schemas ?? []) {
    if (!server.userSchemas.includes(schema)) {
      throw new UsageError(
        `--schema "${schema}": no such schema in ${server.database}${didYouMean(schema, server.userSchemas)} (it has ${listNames(server.userSchemas)})`,
      )
    }
  }
  const tables = options.tables !== undefined && options.tables.length > 0 ? options.tables : undefined
  if (tables !== undefined) requireTablesExist(tables, model, options.schemas)
  const selected = filterModel(model, { tables })
  // Every schema read is listed (an empty one as {}); a --table selection lists the schemas of its tables.
  const schemas = tables !== undefined ? undefined : (options.schemas ?? model.schemas)
  const spec: Spec = {
    ...modelToSpec(selected, {
      description: `Snapshot of ${server.database} (PostgreSQL ${server.version})`,
      schemas,
      isWholeDatabase: tables === undefined && options.schemas === undefined,
    }),
    // What check --from-snapshot needs besides the schema: the file stands in for the database.
    recorded: recordedFacts(model, server, notChecked),
  }
  const json = renderSpecJson(spec)
  if (options.format !== 'sql') return { spec, json, server }
  const source = `${server.database} (PostgreSQL ${server.version})`
  // filterModel keeps objects, not the schema list: an empty schema is created only when listed.
  const ddlModel = tables === undefined ? { ...selected, schemas: options.schemas ?? model.schemas } : withWhatTablesUse(model, selected)
  const sql = schemaSql(ddlModel, server.versionNum, { toolVersion: TOOL_VERSION, source })
  return { spec, json, sql, server }
}

function recordedFacts(model: SchemaModel, server: ServerInfo, notChecked: readonly NotCheckedCount[]): SpecRecorded {
  return {
    server: {
      engine: server.engine,
      version: server.version,
      versionNum: server.versionNum,
      database: server.database,
      user: server.user,
      userSchemas: [...server.userSchemas],
    },
    migrationHistories: (model.migrationHistories ?? []).map((h) => ({
      tool: h.tool,
      schema: h.schema,
      table: h.table,
      rows: h.rows === null ? null : h.rows.map((r) => ({ revision: r.revision, failed: r.isFailed })),
    })),
    notChecked: notChecked.map((n) => ({ kind: n.kind, schema: n.schema, count: n.count })),
    ...(model.sequenceHealth !== undefined && { sequenceHealth: model.sequenceHealth.map((h) => ({ ...h })) }),
  }
}

/**
 * A --table selection as DDL must run on its own: besides the tables (and those they reference),
 * it creates the extensions, enums, sequences and functions they use: enums their columns are
 * typed with, sequences their columns own or draw from, functions their triggers call or their
 * expressions name. A name counts as used when it appears in the text, which may take a little
 * more than needed, never less of what the model can tell.
 */
function withWhatTablesUse(model: SchemaModel, selected: SchemaModel): SchemaModel {
  const kept = new Set(selected.tables.map((t) => `${t.schema}.${t.name}`))
  const texts = selected.tables.flatMap(expressionsOf)
  const types = selected.tables.flatMap((t) => t.columns.map((c) => (c.type ?? '').replace(/(\[\])+$/, '')))
  const triggerFunctions = new Set(selected.tables.flatMap((t) => t.triggers.flatMap((tr) => (tr.function === undefined ? [] : [tr.function]))))
  // Types are spelled as format_type() does, quoted and qualified outside public; trigger functions by plain name.
  const typeName = (o: { readonly schema: string; readonly name: string }): string =>
    o.schema === 'public' ? quoteIdent(o.name) : qualifiedName(o.schema, o.name)
  const functionName = (o: { readonly schema: string; readonly name: string }): string => (o.schema === 'public' ? o.name : `${o.schema}.${o.name}`)
  const isNamed = (name: string): boolean => texts.some((text) => text.includes(name))
  const used: SchemaModel = {
    ...selected,
    extensions: model.extensions,
    enums: model.enums.filter((e) => types.includes(typeName(e))),
    sequences: model.sequences.filter((s) => (s.ownedBy != null && kept.has(`${s.schema}.${s.ownedBy.table}`)) || isNamed(s.name)),
    functions: model.functions.filter((f) => triggerFunctions.has(functionName(f)) || isNamed(`${quoteIdent(f.name)}(`)),
  }
  const schemas = [...used.tables, ...used.enums, ...used.sequences, ...used.functions].map((o) => o.schema)
  return { ...used, schemas: [...new Set(schemas)].sort(compareText) }
}

/** The expressions of a table that can name a sequence or a function. */
function expressionsOf(table: TableModel): string[] {
  return [
    ...table.columns.flatMap((c) => [c.default ?? '', c.generated ?? '']),
    ...table.checkConstraints.map((c) => c.expression),
    ...table.indexes.flatMap((i) => [...i.keys, i.where ?? '']),
    ...table.triggers.map((t) => t.when ?? ''),
  ].filter((text) => text !== '')
}

/** A --table that selects nothing is a typo or the wrong database, never an empty snapshot. */
function requireTablesExist(wanted: readonly string[], model: SchemaModel, schemas: readonly string[] | undefined): void {
  const names = model.tables.flatMap((t) => [t.name, `${t.schema}.${t.name}`])
  for (const table of wanted) {
    if (names.includes(table)) continue
    const where = schemas === undefined || schemas.length === 0 ? '' : ` in schema ${schemas.map((s) => `"${s}"`).join(', ')}`
    const qualified = model.tables.map((t) => `${t.schema}.${t.name}`)
    const existing = qualified.length === 0 ? 'there are no tables' : `tables: ${listNames(qualified)}`
    throw new UsageError(`--table "${table}" matches no table${where}${didYouMean(table, names)} (${existing})`)
  }
}

function listNames(names: readonly string[], limit = 10): string {
  if (names.length === 0) return 'none'
  const shown = names.slice(0, limit).join(', ')
  return names.length > limit ? `${shown} and ${names.length - limit} more` : shown
}
