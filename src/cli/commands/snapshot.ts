import { snapshotTarget } from '../../app/snapshot.js'
import { exitCodeOf } from '../exit-code.js'
import { depsOf, type CliIo } from '../io.js'
import { SNAPSHOT_OPTIONS, parseTimeoutMs, validateArgs, type ArgsOf, type CliCommand } from '../options.js'
import { waitOptionsOf } from '../wait-progress.js'
import { writeFileAtomically } from '../write-output.js'

export const snapshotCommand = {
  names: ['snapshot'],
  describe: 'Write the expected-schema.json that describes a live database (or, with --format sql, DDL that creates it)',
  options: SNAPSHOT_OPTIONS,
  run: runSnapshot,
} as const satisfies CliCommand<typeof SNAPSHOT_OPTIONS>

export async function runSnapshot(args: ArgsOf<typeof SNAPSHOT_OPTIONS>, io: CliIo): Promise<number> {
  validateArgs(args, SNAPSHOT_OPTIONS)
  const timeoutMs = parseTimeoutMs(args.timeout)
  const waiting = waitOptionsOf(args.wait, args.url, io)
  const outcome = await snapshotTarget(
    args.url,
    {
      schemas: args.schema,
      tables: args.table,
      connectTimeoutMs: timeoutMs,
      statementTimeoutMs: timeoutMs,
      format: args.format,
      isHealthRead: args.health,
      ...waiting.options,
    },
    depsOf(io),
  ).finally(waiting.done)
  // One target that failed is told like any other expected failure: by main's one catch.
  if (outcome.kind === 'failed') throw outcome.error
  const text = outcome.sql ?? outcome.json
  if (args.out === undefined) {
    await io.stdout(text)
  } else {
    await writeFileAtomically(args.out, text)
    io.stderr(`verify-database: wrote ${args.out}\n`)
  }
  return exitCodeOf(outcome)
}
