import { doctorTarget } from '../../app/doctor.js'
import { ExitCode } from '../../errors.js'
import { renderDoctor } from '../../report/render-doctor.js'
import { depsOf, type CliIo } from '../io.js'
import { DOCTOR_OPTIONS, parseTimeoutMs, validateArgs, type ArgsOf, type CliCommand } from '../options.js'
import { waitOptionsOf } from '../wait-progress.js'

export const doctorCommand = {
  names: ['doctor'],
  describe:
    'What support asks for: a diagnosis (findings by root cause, with repairs), server, settings, privileges (with GRANTs), extensions, migrations; safe to paste',
  options: DOCTOR_OPTIONS,
  run: runDoctor,
} as const satisfies CliCommand<typeof DOCTOR_OPTIONS>

/** Exits 0 when it could report (whatever it found), 3 when it could not connect at all. */
export async function runDoctor(args: ArgsOf<typeof DOCTOR_OPTIONS>, io: CliIo): Promise<number> {
  validateArgs(args, DOCTOR_OPTIONS)
  const timeoutMs = parseTimeoutMs(args.timeout)
  const waiting = waitOptionsOf(args.wait, args.url, io)
  const outcome = await doctorTarget(
    args.spec,
    args.url,
    { connectTimeoutMs: timeoutMs, statementTimeoutMs: timeoutMs, showHost: args.showHost, ...waiting.options },
    depsOf(io),
  ).finally(waiting.done)
  if (outcome.kind === 'failed') throw outcome.error
  await io.stdout(renderDoctor(outcome.report, args.format))
  return ExitCode.ok
}
