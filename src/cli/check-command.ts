import { ExitCode } from '../errors.js'
import type { FailOn } from '../report/report.js'
import { verify } from '../verify.js'
import { isColorEnabled, warningPrinter, type CliIo } from './io.js'
import { renderReport, type OutputFormat } from '../report/renderers.js'

export interface CheckArgs {
  readonly spec: string
  readonly url?: string
  readonly schema?: readonly string[]
  readonly timeoutMs: number
  readonly format: OutputFormat
  readonly strict: boolean
  readonly failOn: FailOn
  readonly failOnUnchecked: boolean
  readonly color: boolean
}

export async function runCheck(args: CheckArgs, io: CliIo): Promise<number> {
  const { report } = await verify({
    specPath: args.spec,
    url: args.url,
    env: io.env,
    schemas: args.schema,
    isStrict: args.strict,
    failOn: args.failOn,
    isFailOnUnchecked: args.failOnUnchecked,
    statementTimeoutMs: args.timeoutMs,
    connectTimeoutMs: args.timeoutMs,
    onWarning: warningPrinter(io),
  })
  await io.stdout(renderReport(report, args.format, { isColor: isColorEnabled(io, args.color), width: io.columns }))
  return report.status === 'fail' ? ExitCode.drift : ExitCode.ok
}
