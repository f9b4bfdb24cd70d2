import { appendFile, stat } from 'node:fs/promises'
import { checkSnapshotFile, checkSpecFile } from '../../app/check.js'
import { renderFixFile } from '../../app/plan-file.js'
import { UsageError } from '../../errors.js'
import { stepSummary } from '../../report/render-github.js'
import { renderReport } from '../../report/renderers.js'
import type { Report } from '../../report/report.js'
import { exitCodeOf } from '../exit-code.js'
import { tenantOptionsOf } from '../tenant-options.js'
import { depsOf, renderOptionsOf, type CliIo } from '../io.js'
import { CHECK_OPTIONS, parseTimeoutMs, validateArgs, type ArgsOf, type CliCommand, type CommandContext } from '../options.js'
import { waitOptionsOf } from '../wait-progress.js'
import { reportOutputsOf } from '../report-outputs.js'
import { describeFileError, writeFileAtomically } from '../write-output.js'
import { parseBaseline } from '../../gate/baseline.js'
import { renderBaseline } from '../../report/render-baseline.js'
import { readFile } from 'node:fs/promises'

export const checkCommand = {
  names: ['check', '$0'],
  describe: 'Check a database against an expected-schema.json (the default command; reads only)',
  options: CHECK_OPTIONS,
  run: runCheck,
} as const satisfies CliCommand<typeof CHECK_OPTIONS>

export async function runCheck(args: ArgsOf<typeof CHECK_OPTIONS>, io: CliIo, argv: readonly string[] = [], context: CommandContext = {}): Promise<number> {
  validateArgs(args, CHECK_OPTIONS)
  // Before connecting: a pairing that cannot work is a usage error, whatever the database says.
  const outputs = reportOutputsOf(argv, args.format)
  const timeoutMs = parseTimeoutMs(args.timeout)
  // Asking for the file is asking for the plan: --fix-file implies --fix, so the report says what the file holds.
  const isFix = args.fix || args.fixFile !== undefined
  const planFlag = (['allow-destructive', 'concurrently', 'not-valid', 'prove'] as const).find((flag) => args[flag])
  if (!isFix && planFlag !== undefined) throw new UsageError(`--${planFlag} changes the repair plan: give it with --fix or --fix-file (or use the fix command)`)
  const deps = depsOf(io)
  // Before connecting: a baseline that cannot be read, or was changed by hand, is refused (exit 2).
  // Writing the first baseline to the file the run reads it from (a config's `baseline`): there is none yet.
  const isFirstBaseline = args.baseline !== undefined && args.baseline === args.writeBaseline && !(await fileExists(args.baseline))
  const baseline = args.baseline === undefined || isFirstBaseline ? undefined : parseBaseline(args.baseline, await readTextFile(args.baseline, 'baseline'))
  if (args.fromSnapshot !== undefined) {
    // Offline: a flag about the connection would be silently ignored, so it is refused.
    if (args.url !== undefined) throw new UsageError("--from-snapshot reads no database: leave out --url (or the config file's url)")
    if (args.wait !== undefined) throw new UsageError('--from-snapshot reads no database: leave out --wait')
  }
  const waiting = waitOptionsOf(args.wait, args.url, io)
  const checkOptions = {
    schemas: args.schema,
    ...tenantOptionsOf(args),
    isStrict: args.strict,
    failOn: args.failOn,
    isFailOnUnchecked: args.failOnUnchecked,
    isHealthRead: args.health,
    ...(baseline !== undefined && { baseline }),
    ...(context.config !== undefined && { suppressions: context.config.suppressions }),
    statementTimeoutMs: timeoutMs,
    connectTimeoutMs: timeoutMs,
    ...waiting.options,
    ...(isFix && { fix: { allowDestructive: args.allowDestructive, concurrently: args.concurrently, notValid: args.notValid, prove: args.prove } }),
  }
  const checking =
    args.fromSnapshot === undefined
      ? checkSpecFile(args.spec, args.url, checkOptions, deps)
      : checkSnapshotFile(args.spec, args.fromSnapshot, checkOptions, deps).then((result) => ({
          kind: 'checked' as const,
          target: result.report.target.url,
          ...result,
        }))
  const outcome = await checking.finally(waiting.done)
  // One target that failed is told like any other expected failure: by main's one catch.
  if (outcome.kind === 'failed') throw outcome.error
  if (args.fixFile !== undefined && outcome.fix !== undefined) {
    await writeFileAtomically(args.fixFile, renderFixFile(outcome.report, outcome.fix))
    io.stderr(`verify-database: wrote ${args.fixFile}\n`)
  }
  if (args.writeBaseline !== undefined) {
    const { report } = outcome
    // Everything no rule ignores, baselined or not: the baseline of this state of the database.
    const recorded = [...report.findings, ...report.suppressed.filter((s) => s.by.kind === 'baseline').map((s) => s.finding)]
    await writeFileAtomically(
      args.writeBaseline,
      renderBaseline(recorded, {
        tool: `${report.tool.name} ${report.tool.version}`,
        spec: report.spec.file,
        target: report.target.url,
        createdAt: report.generatedAt,
      }),
    )
    io.stderr(`verify-database: wrote ${args.writeBaseline} (${recorded.length} finding${recorded.length === 1 ? '' : 's'})\n`)
  }
  // Files first, each atomically, then stdout: one check serves every report.
  for (const { format, file } of outputs) {
    if (file !== undefined) await writeFileAtomically(file, renderReport(outcome.report, format, { isColor: false }))
  }
  for (const { format, file } of outputs) {
    if (file === undefined) await io.stdout(renderReport(outcome.report, format, renderOptionsOf(io, args.color)))
  }
  const summaryFile = io.env['GITHUB_STEP_SUMMARY']
  const isGithub = outputs.some((o) => o.format === 'github')
  if (isGithub && summaryFile !== undefined && summaryFile !== '') await appendStepSummary(summaryFile, outcome.report, io)
  // The plan never changes the gate: the exit code is the check's.
  return exitCodeOf(outcome)
}

/**
 * The Markdown report appended to the GitHub step summary. A summary that cannot be written is
 * said on stderr and changes nothing else: the annotations and the exit code are the gate.
 */
async function appendStepSummary(file: string, report: Report, io: CliIo): Promise<void> {
  try {
    const existing = await stat(file).then(
      (s) => s.size,
      () => 0,
    )
    await appendFile(file, stepSummary(report, existing))
  } catch (error) {
    io.stderr(`verify-database: cannot append the step summary to ${file}: ${describeFileError(error)}\n`)
  }
}

/** A file the user named, as text; one that cannot be read is a usage error (exit 2) that says which. */
async function readTextFile(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    throw new UsageError(`${what} ${file}: ${describeFileError(error)}`)
  }
}

async function fileExists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  )
}
