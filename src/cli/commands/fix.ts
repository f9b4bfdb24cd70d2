import { applyFixTarget, planFixTarget, type ApplyQuestion } from '../../app/fix.js'
import { parsePlanFile } from '../../app/plan-file.js'
import { UsageError } from '../../errors.js'
import { fixSummary } from '../../report/render-fix.js'
import { renderReport } from '../../report/renderers.js'
import { loadExpectedSchema } from '../../app/expected-schema.js'
import { exitCodeOfReport } from '../exit-code.js'
import { tenantOptionsOf } from '../tenant-options.js'
import { depsOf, renderOptionsOf, type CliIo } from '../io.js'
import { FIX_OPTIONS, parseTimeoutMs, validateArgs, type ArgsOf, type CliCommand, type CommandContext } from '../options.js'
import { waitOptionsOf } from '../wait-progress.js'
import { describeFileError } from '../write-output.js'

export const fixCommand = {
  names: ['fix'],
  describe:
    'Print the SQL that repairs the findings (reads only); with --apply, run it and check again. ' +
    'fix --apply is the only command that ever writes to a database',
  options: FIX_OPTIONS,
  run: runFix,
} as const satisfies CliCommand<typeof FIX_OPTIONS>

/**
 * `fix`: the plan file on stdout (so `fix > repair.sql` works), exit 0. `fix --apply`: the plan,
 * a question on a terminal (--yes for scripts; with neither, exit 2 before connecting), the
 * repair, then the new report; the exit code is check's after the repair.
 */
export async function runFix(args: ArgsOf<typeof FIX_OPTIONS>, io: CliIo, _argv: readonly string[] = [], context: CommandContext = {}): Promise<number> {
  validateArgs(args, FIX_OPTIONS)
  const timeoutMs = parseTimeoutMs(args.timeout)
  requireConsistentFlags(args)
  const ask = args.apply && !args.yes ? terminalQuestion(io) : undefined
  if (args.apply && !args.yes && ask === undefined) {
    throw new UsageError('fix --apply asks before it writes, and there is no terminal to ask on: give --yes to apply without asking (nothing was applied)')
  }
  const deps = depsOf(io)
  const waiting = waitOptionsOf(args.wait, args.url, io)
  // A spec that is another database is connected to as the target is, waiting as long.
  const spec = await loadExpectedSchema(args.spec, { statementTimeoutMs: timeoutMs, connectTimeoutMs: timeoutMs, ...waiting.options }, deps)
  const planFile = args.plan === undefined ? undefined : parsePlanFile(args.plan, await readPlanFile(args.plan, deps.readFile))
  const options = {
    schemas: args.schema,
    ...tenantOptionsOf(args),
    isStrict: args.strict,
    failOn: args.failOn,
    isFailOnUnchecked: args.failOnUnchecked,
    isHealthRead: args.health,
    statementTimeoutMs: timeoutMs,
    connectTimeoutMs: timeoutMs,
    fix: { allowDestructive: args.allowDestructive, concurrently: args.concurrently, notValid: args.notValid },
    // Findings the config's rules ignore are not repaired (the spec's own rules apply in any case).
    ...(context.config !== undefined && { suppressions: context.config.suppressions }),
    ...waiting.options,
  }

  if (!args.apply) {
    const outcome = await planFixTarget(spec, args.url, options, deps).finally(waiting.done)
    if (outcome.kind === 'failed') throw outcome.error
    await io.stdout(outcome.sql)
    io.stderr(`verify-database: ${outcome.target}: ${fixSummary(outcome.fix.plan)}\n`)
    return 0
  }

  // With a format for machines stdout carries only the report, so the plan a person confirms goes to stderr.
  const isForMachines = args.format === 'json' || args.format === 'github'
  const showPlan = isForMachines ? (text: string) => Promise.resolve(io.stderr(text)) : (text: string) => io.stdout(text)
  const outcome = await applyFixTarget(
    spec,
    args.url,
    { ...options, planFile, showPlan, confirm: (question) => (ask === undefined ? Promise.resolve(true) : ask(question)) },
    deps,
  )
  if (outcome.kind === 'failed') throw outcome.error
  const { applied } = outcome
  io.stderr(
    applied.statementCount === 0
      ? `verify-database: nothing to apply to ${outcome.target}\n`
      : `verify-database: applied ${applied.statementCount} statement${applied.statementCount === 1 ? '' : 's'} to ${outcome.target} in ${Math.round(applied.ms)} ms; checked again:\n`,
  )
  if (args.format === 'table') await io.stdout('\n')
  await io.stdout(renderReport(outcome.after.report, args.format, renderOptionsOf(io, args.color)))
  return exitCodeOfReport(outcome.after.report)
}

/** Flags that mean nothing in the combination given are refused rather than ignored. */
function requireConsistentFlags(args: ArgsOf<typeof FIX_OPTIONS>): void {
  if (!args.apply) {
    if (args.yes) throw new UsageError('--yes answers the question fix --apply asks: give it with --apply')
    if (args.plan !== undefined) throw new UsageError('--plan FILE is applied with fix --apply --plan FILE (without --apply, fix writes a new plan)')
    if (args.format !== 'table') throw new UsageError(`fix prints SQL, not a report: for the plan in a report use check --fix --format ${args.format}`)
  }
  const planFlag = (['allow-destructive', 'concurrently', 'not-valid'] as const).find((flag) => args[flag])
  if (args.plan !== undefined && planFlag !== undefined) {
    throw new UsageError(`--${planFlag} changes how a plan is made, and --plan runs ${args.plan} as written: plan again with --${planFlag} (or edit the file)`)
  }
}

/** The question fix --apply asks, when there is a terminal to ask on. */
function terminalQuestion(io: CliIo): ((question: ApplyQuestion) => Promise<boolean>) | undefined {
  const { prompt } = io
  if (io.isInteractive !== true || prompt === undefined) return undefined
  return async ({ statementCount, target }) => {
    const answer = await prompt(`Apply ${statementCount} statement${statementCount === 1 ? '' : 's'} to ${target}? [y/N] `)
    return /^\s*y(es)?\s*$/i.test(answer)
  }
}

async function readPlanFile(file: string, readFile: (path: string) => Promise<string>): Promise<string> {
  try {
    return await readFile(file)
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${describeFileError(error)}`)
  }
}
