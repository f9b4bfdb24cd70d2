/**
 * The CLI shell: parses argv with yargs, runs one command, maps the outcome to an exit code.
 * This file holds the only top-level catch: expected failures (UserError) print one redacted
 * line; anything else is a bug, printed as one line plus the stack only under --debug. With
 * `--format json` a failure is also a JSON document on stdout, so a CI step that parses stdout
 * always gets JSON.
 */
import yargs, { type Argv, type Options } from 'yargs'
import { ExitCode, UsageError, UserError } from '../errors.js'
import { connectionSecrets, redact } from '../redact.js'
import { renderGithubError } from '../report/render-github.js'
import { renderJsonError } from '../report/render-json.js'
import { TOOL_NAME, TOOL_VERSION } from '../version.js'
import { renderSarifError } from '../report/render-sarif.js'
import { checkCommand } from './commands/check.js'
import { demoCommand } from './commands/demo.js'
import { fixCommand } from './commands/fix.js'
import { doctorCommand } from './commands/doctor.js'
import { snapshotCommand } from './commands/snapshot.js'
import { fleetCommand } from './commands/fleet.js'
import { mergeCommand } from './commands/merge.js'
import { exitCodeOfError } from './exit-code.js'
import { processIo, type CliIo } from './io.js'
import { GLOBAL_OPTIONS, oneLineUsageMessage, type CliCommand, type CommandContext } from './options.js'
import { argvWithConfig, loadConfigFor } from './config-args.js'
import { stdoutFormatOf } from './report-outputs.js'
import { oneLine } from '../text/one-line.js'

const EPILOG = `Exit codes: 0 no finding at or above --fail-on · 1 drift at or above it (or, with --fail-on-unchecked, objects not checked) · 2 invalid usage, spec or output file · 3 cannot connect or introspect · 4 internal error
fix --apply exits as check does after the repair; 2 when it is not confirmed or the plan file no longer fits; 3 when a statement fails (the transaction is rolled back).
Only fix --apply writes to the database it is given; check, snapshot, fix and doctor read it in read-only transactions.
doctor exits 0 when it could report (whatever it found), 3 when it could not connect.
Value flags are given once (--schema and --table repeat); of --x and --no-x the last wins.
Database: --url, else DATABASE_URL, else libpq's PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE/PGSSLMODE/PGSSLROOTCERT and ~/.pgpass. pglite:memory and pglite:<dir> open the embedded engine.`

/** Runs the CLI and returns the process exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = ExitCode.ok
  const isDebug = argv.includes('--debug')
  // What the run was given, flags and config file together (the config's settings become flags).
  let effective: readonly string[] = argv
  try {
    const config = await loadConfigFor(argv, io.cwd ?? process.cwd())
    if (config !== undefined) effective = argvWithConfig(argv, config, io.env)
    const parser = buildParser(effective, io, { config }, (code) => {
      exitCode = code
    })
    // The callback makes yargs hand --help and --version text to us instead of console.log.
    let output = ''
    await parser.parseAsync([...effective], {}, (_error, _args, text) => {
      output = text
    })
    if (output !== '') await io.stdout(`${output}\n`)
    return exitCode
  } catch (error) {
    // Every password the arguments or the environment may hold, however malformed their strings.
    const secrets = [io.env.PGPASSWORD, ...connectionSecrets(io.env.DATABASE_URL), ...effective.flatMap(connectionSecrets)]
    return reportError(error, effective, io, isDebug, secrets)
  }
}

function buildParser(argv: readonly string[], io: CliIo, context: CommandContext, setExitCode: (code: number) => void): Argv {
  const parser = yargs([...argv])
    .scriptName('verify-database')
    // Every message of ours is English, and oneLineUsageMessage rewrites yargs' English ones: a
    // German LANG would otherwise get "Unbekanntes Argument" where the README promises "unknown option".
    .locale('en')
    .usage('$0 [check] [options]\n\nVerify that a live PostgreSQL database has the schema its application expects.')
  // In this order in --help; yargs commands register on the instance.
  addCommand(parser, checkCommand, io, argv, context, setExitCode)
  addCommand(parser, snapshotCommand, io, argv, context, setExitCode)
  addCommand(parser, fixCommand, io, argv, context, setExitCode)
  addCommand(parser, doctorCommand, io, argv, context, setExitCode)
  addCommand(parser, fleetCommand, io, argv, context, setExitCode)
  addCommand(parser, mergeCommand, io, argv, context, setExitCode)
  addCommand(parser, demoCommand, io, argv, context, setExitCode)
  return parser
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

/**
 * Registers `command` with yargs. Its options table is the builder, so the arguments the handler
 * gets are typed from that same table (ArgsOf).
 */
function addCommand<O extends Record<string, Options>>(
  parser: Argv,
  command: CliCommand<O>,
  io: CliIo,
  argv: readonly string[],
  context: CommandContext,
  setExitCode: (code: number) => void,
): void {
  parser.command(command.names, command.describe, command.options, async (args) => {
    setExitCode(await command.run(args, io, argv, context))
  })
}

async function reportError(error: unknown, argv: readonly string[], io: CliIo, isDebug: boolean, secrets: readonly (string | undefined)[]): Promise<number> {
  const isUserError = error instanceof UserError
  const rawMessage = error instanceof Error ? error.message : String(error)
  const message = redact(rawMessage, secrets)
  const exitCode = exitCodeOfError(error)
  if (isUserError) {
    io.stderr(`verify-database: ${message}\n`)
  } else {
    io.stderr(`verify-database: internal error: ${oneLine(message)}\n`)
    if (isDebug && error instanceof Error && error.stack) io.stderr(`${redact(error.stack, secrets)}\n`)
    else io.stderr('Run again with --debug for the stack trace, and please report it.\n')
  }
  // Best effort: if stdout itself is what failed, the line on stderr has said it already.
  const format = stdoutFormatOf(argv)
  if (format === 'json') await io.stdout(renderJsonError(error instanceof Error ? error : null, message, exitCode)).catch(() => undefined)
  // On GitHub the run's failure is an annotation too, so the pull request says why the gate is red.
  if (format === 'github') await io.stdout(renderGithubError(isUserError ? message : `internal error: ${oneLine(message)}`, exitCode)).catch(() => undefined)
  if (format === 'sarif')
    await io
      .stdout(renderSarifError(isUserError ? message : `internal error: ${oneLine(message)}`, exitCode, { name: TOOL_NAME, version: TOOL_VERSION }))
      .catch(() => undefined)
  return exitCode
}
