import { ExitCode, UsageError } from '../errors.js'
import { introspectDatabase } from '../introspect/introspect-database.js'
import { openDatabase } from '../introspect/open-database.js'
import type { SchemaModel } from '../model/schema-model.js'
import { filterModel } from '../snapshot/filter-model.js'
import { modelToSpec, renderSpecJson } from '../snapshot/model-to-spec.js'
import { didYouMean } from '../text/closest-name.js'
import { warningPrinter, type CliIo } from './io.js'
import { writeFileAtomically } from './write-output.js'

export interface SnapshotArgs {
  readonly url?: string
  readonly schema?: readonly string[]
  readonly table?: readonly string[]
  readonly out?: string
  readonly timeoutMs: number
}

export async function runSnapshot(args: SnapshotArgs, io: CliIo): Promise<number> {
  const session = await openDatabase(args.url, { env: io.env, connectTimeoutMs: args.timeoutMs, onWarning: warningPrinter(io) })
  let json: string
  try {
    const { model, server } = await introspectDatabase(session, { schemas: args.schema, statementTimeoutMs: args.timeoutMs })
    for (const schema of args.schema ?? []) {
      if (!server.userSchemas.includes(schema)) {
        throw new UsageError(`--schema "${schema}": no such schema in ${server.database}${didYouMean(schema, server.userSchemas)} (it has ${listNames(server.userSchemas)})`)
      }
    }
    const tables = args.table !== undefined && args.table.length > 0 ? args.table : undefined
    if (tables !== undefined) requireTablesExist(tables, model, args.schema)
    const selected = filterModel(model, { tables })
    json = renderSpecJson(modelToSpec(selected, { description: `Snapshot of ${server.database} (PostgreSQL ${server.version})` }))
  } finally {
    await session.close()
  }
  if (args.out === undefined) {
    await io.stdout(json)
  } else {
    await writeFileAtomically(args.out, json)
    io.stderr(`verify-database: wrote ${args.out}\n`)
  }
  return ExitCode.ok
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
