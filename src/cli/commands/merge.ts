import { readFile } from 'node:fs/promises'
import { UsageError } from '../../errors.js'
import { mergeFleetReports } from '../../report/fleet-report.js'
import { writeFleetReport } from './fleet.js'
import type { CliIo } from '../io.js'
import { MERGE_OPTIONS, validateArgs, type ArgsOf, type CliCommand } from '../options.js'
import { describeFileError } from '../write-output.js'

export const mergeCommand = {
  names: ['merge <files..>'],
  describe: 'Combine the JSON reports of `fleet --shard I/N` into one fleet report (refuses duplicate or missing shards)',
  options: MERGE_OPTIONS,
  run: runMerge,
} as const satisfies CliCommand<typeof MERGE_OPTIONS>

/** Exits as the whole fleet would have: 3 if any target could not be checked, else 1 if any drifted, else 0. */
export async function runMerge(args: ArgsOf<typeof MERGE_OPTIONS> & { readonly files?: readonly string[] }, io: CliIo): Promise<number> {
  validateArgs(args, MERGE_OPTIONS)
  const files = (args.files ?? []).map(String)
  const documents = await Promise.all(
    files.map(async (file) => {
      let text: string
      try {
        text = await readFile(file, 'utf8')
      } catch (error) {
        throw new UsageError(`merge: ${file}: ${describeFileError(error)}`)
      }
      try {
        return { file, report: JSON.parse(text) as unknown }
      } catch {
        throw new UsageError(`merge: ${file} is not JSON (fleet --shard I/N --format json writes what merge reads)`)
      }
    }),
  )
  const report = mergeFleetReports(documents)
  await writeFleetReport(report, args, io)
  return report.exitCode
}
