import { checkDemo } from '../../app/demo.js'
import { ExitCode, UsageError } from '../../errors.js'
import { renderReport } from '../../report/renderers.js'
import { exitCodeOfReport } from '../exit-code.js'
import { depsOf, renderOptionsOf, type CliIo } from '../io.js'
import { DEMO_OPTIONS, validateArgs, type ArgsOf, type CliCommand } from '../options.js'

export const demoCommand = {
  names: ['demo'],
  describe: 'Check an in-memory PGlite database that looks like a broken install of the time-tracking app (nothing to install)',
  options: DEMO_OPTIONS,
  run: runDemo,
} as const satisfies CliCommand<typeof DEMO_OPTIONS>

/** Shows the demo's report. Exits 0 when the demo itself ran: the drift is the point. */
export async function runDemo(args: ArgsOf<typeof DEMO_OPTIONS>, io: CliIo): Promise<number> {
  validateArgs(args, DEMO_OPTIONS)
  if (args.prove && !args.fix) throw new UsageError('--prove proves the repair: give it with --fix')
  const { report } = await checkDemo(depsOf(io), args.fix ? { fix: { prove: args.prove } } : {})
  if (args.format === 'table') {
    await io.stdout(
      'Demo: an in-memory PGlite database set up like a broken install of the time-tracking app,\nchecked against the expected-schema.json that ships with verify-database.\n\n',
    )
  }
  await io.stdout(renderReport(report, args.format, renderOptionsOf(io, args.color)))
  if (args.format === 'table') {
    await io.stdout(
      `\nOn a real database, \`verify-database check\` would exit ${exitCodeOfReport(report)} here. Try it on yours:\n  verify-database --url postgres://user@host/db --spec expected-schema.json\n`,
    )
    if (args.fix) await io.stdout('To plan the repair of yours as a file to review: verify-database fix --url postgres://user@host/db > repair.sql\n')
  }
  return ExitCode.ok
}
