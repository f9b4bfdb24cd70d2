import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import type { SingleBar } from 'cli-progress'
import { checkFleet, shardAndSource, targetsFromQuery, targetsOfShard, type FleetTarget } from '../../app/fleet.js'
import { loadTargetsText } from '../../app/fleet-targets.js'
import { UsageError } from '../../errors.js'
import { fleetSummaryLine, renderFleet, type FleetFormat, type FleetReport, type FleetTargetResult } from '../../report/fleet-report.js'
import { depsOf, isColorEnabled, type CliIo } from '../io.js'
import { FLEET_OPTIONS, parseTimeoutMs, validateArgs, type ArgsOf, type CliCommand, type CommandContext } from '../options.js'
import { describeFileError, writeFileAtomically } from '../write-output.js'

export const fleetCommand = {
  names: ['fleet'],
  describe: 'Check many databases (a targets file, or a query on a catalog database) against the spec: a matrix, exit code the worst of them',
  options: FLEET_OPTIONS,
  run: runFleet,
} as const satisfies CliCommand<typeof FLEET_OPTIONS>

/** Exit 3 if any target could not be checked, else 1 if any drifted, else 0 (also per shard). */
export async function runFleet(args: ArgsOf<typeof FLEET_OPTIONS>, io: CliIo, _argv: readonly string[] = [], context: CommandContext = {}): Promise<number> {
  validateArgs(args, FLEET_OPTIONS)
  const timeoutMs = parseTimeoutMs(args.timeout)
  const concurrency = Number(args.concurrency)
  if (!/^\d+$/.test(String(args.concurrency).trim()) || concurrency < 1 || concurrency > 256) {
    throw new UsageError(`--concurrency must be a whole number from 1 to 256 (got "${args.concurrency}")`)
  }
  const sharding = shardAndSource(args.shard, io.env)
  const shard = sharding?.shard
  const deps = depsOf(io)
  const options = {
    spec: args.spec,
    concurrency,
    isStrict: args.strict,
    failOn: args.failOn,
    isFailOnUnchecked: args.failOnUnchecked,
    statementTimeoutMs: timeoutMs,
    connectTimeoutMs: timeoutMs,
    ...(shard !== undefined && { shard }),
    // The config's suppression rules apply to every target, as they do to check.
    ...(context.config !== undefined && { suppressions: context.config.suppressions }),
  }
  let targets: FleetTarget[]
  if (args.targetsFromQuery !== undefined) {
    if (args.targets !== undefined) throw new UsageError('give --targets or --targets-from-query, not both')
    targets = await targetsFromQuery(args.url, args.targetsFromQuery, options, deps)
  } else {
    if (args.targets === undefined) throw new UsageError('fleet needs --targets FILE (or --targets-from-query SQL --url URL)')
    if (args.url !== undefined) throw new UsageError('--url is the catalog database of --targets-from-query; with --targets, each target names its own')
    targets = loadTargetsText(args.targets, await readTargets(args.targets))
  }
  if (sharding !== undefined) {
    // Said every time: a shard taken from the environment (a CI matrix sets CI_NODE_INDEX too) checks only part of the fleet.
    const count = targetsOfShard(targets, sharding.shard).length
    io.stderr(`verify-database: shard ${sharding.shard.index}/${sharding.shard.total} (from ${sharding.source}): ${count} of ${targets.length} targets\n`)
  }
  const progress = progressOf(io)
  const report = await checkFleet(targets, { ...options, onStart: progress.start, onTargetDone: progress.done }, deps).finally(progress.stop)
  await writeFleetReport(report, args, io)
  return report.exitCode
}

/** The fleet report in --format, to --output FILE (atomically; its summary line on stderr) or stdout. Also merge's. */
export async function writeFleetReport(
  report: FleetReport,
  args: { readonly format: FleetFormat; readonly output?: string; readonly color: boolean },
  io: CliIo,
): Promise<void> {
  const text = renderFleet(report, args.format, { isColor: args.output === undefined && isColorEnabled(io, args.color) })
  if (args.output === undefined) return io.stdout(text)
  await writeFileAtomically(args.output, text)
  io.stderr(`verify-database: wrote ${args.output}: ${fleetSummaryLine(report)}\n`)
}

async function readTargets(file: string): Promise<string> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    throw new UsageError(`--targets ${file}: ${describeFileError(error)}`)
  }
}

interface Progress {
  readonly start: (total: number) => void
  readonly done: (result: FleetTargetResult, done: number, total: number) => void
  readonly stop: () => void
}

/** A progress bar (cli-progress) on a terminal; otherwise one line on stderr per finished target, for CI logs. */
function progressOf(io: CliIo): Progress {
  if (io.isStderrTty === true) {
    let bar: SingleBar | undefined
    return {
      start: (total) => {
        const { SingleBar: Bar, Presets } = createRequire(import.meta.url)('cli-progress') as typeof import('cli-progress')
        bar = new Bar(
          {
            format: 'checking {bar} {value}/{total} databases | {failed} fail, {errors} not checked | {last}',
            hideCursor: true,
            clearOnComplete: true,
            stream: process.stderr,
          },
          Presets.shades_classic,
        )
        bar.start(total, 0, { failed: 0, errors: 0, last: '' })
      },
      done: (() => {
        let failed = 0
        let errors = 0
        return (result: FleetTargetResult) => {
          if (result.status === 'fail') failed++
          if (result.status === 'error') errors++
          bar?.increment(1, { failed, errors, last: result.name })
        }
      })(),
      stop: () => bar?.stop(),
    }
  }
  return {
    start: (total) => io.stderr(`verify-database: checking ${total} database${total === 1 ? '' : 's'}\n`),
    done: (result, done, total) =>
      io.stderr(`verify-database: [${done}/${total}] ${result.name}: ${resultWords(result)} (${(result.ms / 1000).toFixed(1)} s)\n`),
    stop: () => undefined,
  }
}

function resultWords(r: FleetTargetResult): string {
  if (r.status === 'error') return `not checked (exit ${r.exitCode}): ${r.error ?? ''}`
  const counts = `${r.summary.error} errors, ${r.summary.warning} warnings, ${r.summary.info} info`
  return `${r.status} (${counts})`
}
