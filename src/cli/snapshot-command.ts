import { writeFile } from 'node:fs/promises'
import { UserError, ExitCode } from '../errors.js'
import { introspectDatabase } from '../introspect/introspect-database.js'
import { openDatabase } from '../introspect/open-database.js'
import { filterModel } from '../snapshot/filter-model.js'
import { modelToSpec, renderSpecJson } from '../snapshot/model-to-spec.js'
import { warningPrinter, type CliIo } from './io.js'

export interface SnapshotArgs {
  readonly url?: string
  readonly schema?: string[]
  readonly table?: string[]
  readonly out?: string
  readonly timeout: number
}

export async function runSnapshot(args: SnapshotArgs, io: CliIo): Promise<number> {
  const timeoutMs = Math.round(args.timeout * 1000)
  const session = await openDatabase(args.url, { env: io.env, connectTimeoutMs: timeoutMs, onWarning: warningPrinter(io) })
  let json: string
  try {
    const { model, server } = await introspectDatabase(session, { schemas: args.schema, statementTimeoutMs: timeoutMs })
    const selected = filterModel(model, { tables: args.table !== undefined && args.table.length > 0 ? args.table : undefined })
    json = renderSpecJson(modelToSpec(selected, { description: `Snapshot of ${server.database} (PostgreSQL ${server.version})` }))
  } finally {
    await session.close()
  }
  if (args.out === undefined) {
    io.stdout(json)
  } else {
    try {
      await writeFile(args.out, json)
    } catch (error) {
      throw new UserError(`cannot write ${args.out}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, ExitCode.usage, { cause: error })
    }
    io.stderr(`verify-database: wrote ${args.out}\n`)
  }
  return ExitCode.ok
}
