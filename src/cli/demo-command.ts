import { fileURLToPath } from 'node:url'
import { ExitCode } from '../errors.js'
import { BROKEN_INSTALL_SQL } from '../demo/broken-install-sql.js'
import { openDatabase } from '../introspect/open-database.js'
import { loadSpec } from '../spec/load-spec.js'
import { checkDatabase } from '../verify.js'
import { PACKAGE_ROOT } from '../version.js'
import { isColorEnabled, type CliIo } from './io.js'
import { renderReport, type OutputFormat } from '../report/renderers.js'

export interface DemoArgs {
  readonly format: OutputFormat
  readonly color: boolean
}

/**
 * Builds a broken install of the time-tracking app in an in-memory PGlite and checks it against
 * the shipped expected-schema.json. Exits 0 when the demo itself ran: the drift is the point.
 */
export async function runDemo(args: DemoArgs, io: CliIo): Promise<number> {
  const specPath = fileURLToPath(new URL('expected-schema.json', PACKAGE_ROOT))
  const spec = await loadSpec(specPath)
  const session = await openDatabase('pglite:memory', { env: io.env })
  try {
    await session.exec(BROKEN_INSTALL_SQL)
    const { report } = await checkDatabase(session, spec)
    if (args.format === 'table') {
      await io.stdout('Demo: an in-memory PGlite database set up like a broken install of the time-tracking app,\nchecked against the expected-schema.json that ships with verify-database.\n\n')
    }
    await io.stdout(renderReport(report, args.format, { isColor: isColorEnabled(io, args.color), width: io.columns }))
    if (args.format === 'table') {
      const exitCode = report.status === 'fail' ? ExitCode.drift : ExitCode.ok
      await io.stdout(`\nOn a real database, \`verify-database check\` would exit ${exitCode} here. Try it on yours:\n  verify-database --url postgres://user@host/db --spec expected-schema.json\n`)
    }
  } finally {
    await session.close()
  }
  return ExitCode.ok
}
