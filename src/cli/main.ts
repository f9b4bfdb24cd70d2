/**
 * The CLI shell: parses argv with yargs, runs one command, maps the outcome to an exit code.
 * This file holds the only top-level catch: expected failures (UserError) print one redacted
 * line; anything else is a bug, printed as one line plus the stack only under --debug. With
 * `--format json` a failure is also a JSON document on stdout, so a CI step that parses stdout
 * always gets JSON.
 */
import yargs, { type Argv } from 'yargs'
import { ExitCode, UsageError, UserError } from '../errors.js'
import { connectionSecrets, redact } from '../redact.js'
import { renderJsonError } from '../report/render-json.js'
import { TOOL_VERSION } from '../version.js'
import { runCheck } from './check-command.js'
import { runDemo } from './demo-command.js'
import { processIo, type CliIo } from './io.js'
import {
  CHECK_OPTIONS, DEMO_OPTIONS, GLOBAL_OPTIONS, SNAPSHOT_OPTIONS, oneLineUsageMessage, parseTimeoutMs, requestedFormat, validateArgs,
} from './options.js'
import { runSnapshot } from './snapshot-command.js'
import { oneLine } from '../text/one-line.js'

const EPILOG = `Exit codes: 0 no finding at or above --fail-on · 1 drift at or above it (or, with --fail-on-unchecked, objects not checked) · 2 invalid usage, spec or output file · 3 cannot connect or introspect · 4 internal error
Value flags are given once (--schema and --table repeat); of --x and --no-x the last wins.
Database: --url, else DATABASE_URL, else libpq's PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE/PGSSLMODE/PGSSLROOTCERT and ~/.pgpass. pglite:memory and pglite:<dir> open the embedded engine.`

/** Runs the CLI and returns the process exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = ExitCode.ok
  const isDebug = argv.includes('--debug')
  try {
    const parser = buildParser(argv, io, (code) => {
      exitCode = code
    })
    // The callback makes yargs hand --help and --version text to us instead of console.log.
    let output = ''
    await parser.parseAsync([...argv], {}, (_error, _args, text) => {
      output = text
    })
    if (output !== '') await io.stdout(`${output}\n`)
    return exitCode
  } catch (error) {
    // Every password the arguments or the environment may hold, however malformed their strings.
    const secrets = [io.env.PGPASSWORD, ...connectionSecrets(io.env.DATABASE_URL), ...argv.flatMap(connectionSecrets)]
    return reportError(error, argv, io, isDebug, secrets)
  }
}

function buildParser(argv: readonly string[], io: CliIo, setExitCode: (code: number) => void): Argv {
  return yargs([...argv])
    .scriptName('verify-database')
    .usage('$0 [check] [options]\n\nVerify that a live PostgreSQL database has the schema its application expects.')
    .command(
      ['check', '$0'],
      'Check a database against an expected-schema.json (the default command)',
      (y) => y.options(CHECK_OPTIONS),
      async (args) => {
        validateArgs(args, CHECK_OPTIONS)
        setExitCode(await runCheck({
          spec: args.spec,
          url: args.url,
          schema: args.schema,
          timeoutMs: parseTimeoutMs(args.timeout),
          format: args.format,
          strict: args.strict,
          failOn: args['fail-on'],
          failOnUnchecked: args['fail-on-unchecked'],
          color: args.color,
        }, io))
      },
    )
    .command(
      'snapshot',
      'Write the expected-schema.json that describes a live database',
      (y) => y.options(SNAPSHOT_OPTIONS),
      async (args) => {
        validateArgs(args, SNAPSHOT_OPTIONS)
        setExitCode(await runSnapshot({
          url: args.url,
          schema: args.schema,
          table: args.table,
          out: args.out,
          timeoutMs: parseTimeoutMs(args.timeout),
        }, io))
      },
    )
    .command(
      'demo',
      'Check an in-memory PGlite database that looks like a broken install of the time-tracking app (nothing to install)',
      (y) => y.options(DEMO_OPTIONS),
      async (args) => {
        validateArgs(args, DEMO_OPTIONS)
        setExitCode(await runDemo({ format: args.format, color: args.color }, io))
      },
    )
    .options(GLOBAL_OPTIONS)
    .epilog(EPILOG)
    .version(TOOL_VERSION)
    .help()
    .alias('help', 'h')
    .strict()
    .wrap(Math.min(110, io.columns ?? 100))
    .exitProcess(false)
    .fail((message, error) => {
      if (error) throw error
      throw new UsageError(`${oneLineUsageMessage(message, argv)} (see verify-database --help)`)
    })
}

async function reportError(error: unknown, argv: readonly string[], io: CliIo, isDebug: boolean, secrets: readonly (string | undefined)[]): Promise<number> {
  const isUserError = error instanceof UserError
  const rawMessage = error instanceof Error ? error.message : String(error)
  const message = redact(rawMessage, secrets)
  const exitCode = isUserError ? error.exitCode : ExitCode.internal
  if (isUserError) {
    io.stderr(`verify-database: ${message}\n`)
  } else {
    io.stderr(`verify-database: internal error: ${oneLine(message)}\n`)
    if (isDebug && error instanceof Error && error.stack) io.stderr(`${redact(error.stack, secrets)}\n`)
    else io.stderr('Run again with --debug for the stack trace, and please report it.\n')
  }
  if (requestedFormat(argv) === 'json') {
    // Best effort: if stdout itself is what failed, the line on stderr has said it already.
    await io.stdout(renderJsonError(error, message, exitCode)).catch(() => undefined)
  }
  return exitCode
}

