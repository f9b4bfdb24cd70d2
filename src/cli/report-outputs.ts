/**
 * Where each report of a check goes: `--format X --output FILE` pairs, read from the raw
 * arguments because yargs keeps the values of each flag in order but not the order of different
 * flags. Each --output takes the nearest --format before it that has no file yet; a format without
 * one goes to stdout, and only one may.
 */
import { UsageError } from '../errors.js'
import type { OutputFormat } from '../report/renderers.js'

export interface ReportOutput {
  readonly format: OutputFormat
  /** undefined: stdout. */
  readonly file?: string
}

/** `formats`: --format as yargs parsed it (validated choices, in order), to check the reading against. */
export function reportOutputsOf(argv: readonly string[], formats: readonly OutputFormat[]): ReportOutput[] {
  const outputs: { format: OutputFormat; file?: string }[] = []
  for (const { flag, value } of flagsOf(argv)) {
    if (flag === 'format') {
      outputs.push({ format: value as OutputFormat })
      continue
    }
    const open = [...outputs].reverse().find((o) => o.file === undefined)
    if (open === undefined) throw new UsageError(`--output ${value}: give the --format it writes just before it (e.g. --format junit --output ${value})`)
    open.file = value
  }
  if (outputs.length === 0) return [{ format: formats[0] ?? 'table' }]
  // The reading and yargs agree, or a spelling this reader does not know came through: say so rather than guess.
  if (outputs.map((o) => o.format).join() !== formats.join())
    throw new UsageError(`--format: could not pair ${formats.join(', ')} with their --output files; write each as --format X --output FILE`)
  const onStdout = outputs.filter((o) => o.file === undefined)
  if (onStdout.length > 1) {
    throw new UsageError(`--format ${onStdout.map((o) => o.format).join(', ')} would all go to stdout: give all but one of them --output FILE`)
  }
  const files = outputs.flatMap((o) => (o.file === undefined ? [] : [o.file]))
  const twice = files.find((file, i) => files.indexOf(file) !== i)
  if (twice !== undefined) throw new UsageError(`--output ${twice} is given for two formats: give each its own file`)
  return outputs
}

/** The --format and --output flags in argv order (`--flag value` and `--flag=value`), up to `--`. */
function flagsOf(argv: readonly string[]): { flag: 'format' | 'output'; value: string }[] {
  const flags: { flag: 'format' | 'output'; value: string }[] = []
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? ''
    if (token === '--') break
    for (const flag of ['format', 'output'] as const) {
      if (token === `--${flag}`) flags.push({ flag, value: argv[++i] ?? '' })
      else if (token.startsWith(`--${flag}=`)) flags.push({ flag, value: token.slice(flag.length + 3) })
    }
  }
  return flags
}
