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
import type { SchemaModel } from '../model/schema-model.js'
import { filterModel } from '../snapshot/filter-model.js'
import { modelToSpec, renderSpecJson } from '../snapshot/model-to-spec.js'
import type { Spec } from '../spec/spec-types.js'
import { didYouMean } from '../text/closest-name.js'
import type { AppDeps } from './deps.js'
import { withTargetSession, type TargetFailure } from './target-session.js'

export interface SnapshotOptions {
  /** Only these schemas; each must exist in the database. Default: every user schema. */
  readonly schemas?: readonly string[]
  /** Only these tables (`name` or `schema.name`) and the tables they reference; each must exist. */
  readonly tables?: readonly string[]
  readonly connectTimeoutMs?: number
  readonly statementTimeoutMs?: number
}

/** How snapshotting one target ended. `target` is safe to print: passwords are redacted. */
export type SnapshotOutcome = ({ readonly kind: 'snapshot'; readonly target: string } & SnapshotResult) | TargetFailure

export interface SnapshotResult {
  readonly spec: Spec
  /** `spec` as the file snapshot writes (renderSpecJson). */
  readonly json: string
  readonly server: ServerInfo
}

export async function snapshotTarget(target: string | undefined, options: SnapshotOptions, deps: AppDeps): Promise<SnapshotOutcome> {
  const outcome = await withTargetSession(target, options, deps, (session) => snapshotSession(session, options))
  return outcome.kind === 'failed' ? outcome : { kind: 'snapshot', target: outcome.target, ...outcome.value }
}

/** The spec that describes what `session` has (within the options' schemas and tables). */
async function snapshotSession(session: DatabaseSession, options: SnapshotOptions): Promise<SnapshotResult> {
  const { model, server } = await introspectDatabase(session, { schemas: options.schemas, statementTimeoutMs: options.statementTimeoutMs })
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
  const spec = modelToSpec(selected, {
    description: `Snapshot of ${server.database} (PostgreSQL ${server.version})`,
    schemas,
    isWholeDatabase: tables === undefined && options.schemas === undefined,
  })
  return { spec, json: renderSpecJson(spec), server }
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
