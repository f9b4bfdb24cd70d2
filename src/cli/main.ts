/**
 * The CLI shell: parses argv with yargs, runs one command, maps the outcome to an exit code.
 * This file holds the only top-level catch: expected failures (UserError) print one redacted
 * line; anything else is a bug, printed as one line plus the stack only under --debug.
 */
import yargs, { type Argv } from 'yargs'
import { ExitCode, UsageError, UserError } from '../errors.js'
import { redact } from '../redact.js'
import { TOOL_VERSION } from '../version.js'
import { runCheck, type CheckArgs } from './check-command.js'
import { runDemo } from './demo-command.js'
import { processIo, type CliIo } from './io.js'
import { OUTPUT_FORMATS } from './render-report.js'
import { runSnapshot, type SnapshotArgs } from './snapshot-command.js'

const FAIL_ON = ['error', 'warning', 'info', 'never'] as const

const EPILOG = `Exit codes: 0 no finding at or above --fail-on · 1 drift at or above it (or, with --fail-on-unchecked, objects not checked) · 2 invalid usage or spec · 3 cannot connect or introspect · 4 internal error
Database: --url, else DATABASE_URL, else libpq's PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE/PGSSLMODE and ~/.pgpass. pglite:memory and pglite:<dir> open the embedded engine.`

/** Runs the CLI and returns the process exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = ExitCode.ok
  const isDebug = argv.includes('--debug')
  try {
    const parser = buildParser(argv, io, (code) => {
      exitCode = code
    })
    await parser.parseAsync()
    return exitCode
  } catch (error) {
    return reportError(error, io, isDebug)
  }
}

function buildParser(argv: readonly string[], io: CliIo, setExitCode: (code: number) => void): Argv {
  const connection = (y: Argv): Argv =>
    y
      .option('url', { type: 'string', describe: 'postgres://user:pass@host:port/db, pglite:memory or pglite:<dir>' })
      .option('schema', { type: 'string', array: true, describe: 'Only these PostgreSQL schemas (repeatable)' })
      .option('timeout', { type: 'number', default: 30, describe: 'Seconds allowed to connect and for each catalog query' })

  return yargs([...argv])
    .scriptName('verify-database')
    .usage('$0 [check] [options]\n\nVerify that a live PostgreSQL database has the schema its application expects.')
    .command<CheckArgs>(
      ['check', '$0'],
      'Check a database against an expected-schema.json (the default command)',
      (y) =>
        connection(y)
          .option('spec', { type: 'string', default: './expected-schema.json', describe: 'The expected schema (JSON)' })
          .option('format', { choices: OUTPUT_FORMATS, default: 'table' as const, describe: 'Output format' })
          .option('strict', { type: 'boolean', default: false, describe: 'Also report objects the spec does not mention (warnings)' })
          .option('fail-on', { choices: FAIL_ON, default: 'error' as const, describe: 'Lowest severity that makes the exit code 1' })
          .option('fail-on-unchecked', { type: 'boolean', default: false, describe: 'Also exit 1 when the checked schemas hold objects the spec cannot describe (listed under "Not checked")' })
          .option('color', { type: 'boolean', default: true, describe: 'Colour on a terminal (--no-color or NO_COLOR turn it off)' }) as unknown as Argv<CheckArgs>,
      async (args) => setExitCode(await runCheck(args, io)),
    )
    .command<SnapshotArgs>(
      'snapshot',
      'Write the expected-schema.json that describes a live database',
      (y) =>
        connection(y)
          .option('table', { type: 'string', array: true, describe: 'Only these tables, by name or schema.name (repeatable)' })
          .option('out', { type: 'string', describe: 'Write to this file instead of stdout' }) as unknown as Argv<SnapshotArgs>,
      async (args) => setExitCode(await runSnapshot(args, io)),
    )
    .command(
      'demo',
      'Check an in-memory PGlite database that looks like a broken install of the time-tracking app (nothing to install)',
      (y) =>
        y
          .option('format', { choices: OUTPUT_FORMATS, default: 'table' as const, describe: 'Output format' })
          .option('color', { type: 'boolean', default: true, describe: 'Colour on a terminal' }),
      async (args) => setExitCode(await runDemo({ format: args.format, color: args.color }, io)),
    )
    .option('debug', { type: 'boolean', default: false, describe: 'Print stack traces of internal errors' })
    .epilog(EPILOG)
    .version(TOOL_VERSION)
    .help()
    .alias('help', 'h')
    .strict()
    .wrap(Math.min(110, io.columns ?? 100))
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error
      throw new UsageError(`${message}\nRun 'verify-database --help' for usage.`)
    })
}

function reportError(error: unknown, io: CliIo, isDebug: boolean): number {
  const secrets = [io.env.PGPASSWORD]
  if (error instanceof UserError) {
    io.stderr(`verify-database: ${redact(error.message, secrets)}\n`)
    return error.exitCode
  }
  const message = error instanceof Error ? error.message : String(error)
  io.stderr(`verify-database: internal error: ${redact(message, secrets)}\n`)
  if (isDebug && error instanceof Error && error.stack) io.stderr(`${redact(error.stack, secrets)}\n`)
  else io.stderr('Run again with --debug for the stack trace, and please report it.\n')
  return ExitCode.internal
}
