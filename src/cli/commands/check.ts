import { checkTarget } from '../../app/check.js'
import { renderReport } from '../../report/renderers.js'
import { loadSpec } from '../../spec/load-spec.js'
import { exitCodeOf } from '../exit-code.js'
import { depsOf, renderOptionsOf, type CliIo } from '../io.js'
import { CHECK_OPTIONS, parseTimeoutMs, validateArgs, type ArgsOf, type CliCommand } from '../options.js'

export const checkCommand = {
  names: ['check', '$0'],
  describe: 'Check a database against an expected-schema.json (the default command)',
  options: CHECK_OPTIONS,
  run: runCheck,
} as const satisfies CliCommand<typeof CHECK_OPTIONS>

export async function runCheck(args: ArgsOf<typeof CHECK_OPTIONS>, io: CliIo): Promise<number> {
  validateArgs(args, CHECK_OPTIONS)
  const timeoutMs = parseTimeoutMs(args.timeout)
  const deps = depsOf(io)
  const spec = await loadSpec(args.spec, { readFile: deps.readFile })
  const outcome = await checkTarget(
    spec,
    args.url,
    {
      schemas: args.schema,
      isStrict: args.strict,
      failOn: args.failOn,
      isFailOnUnchecked: args.failOnUnchecked,
      statementTimeoutMs: timeoutMs,
      connectTimeoutMs: timeoutMs,
    },
    deps,
  )
  // One target that failed is told like any other expected failure: by main's one catch.
  if (outcome.kind === 'failed') throw outcome.error
  await io.stdout(renderReport(outcome.report, args.format, renderOptionsOf(io, args.color)))
  return exitCodeOf(outcome)
}
