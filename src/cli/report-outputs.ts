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
  const { pairs, orphan } = pairsOf(argv)
  if (orphan !== undefined) throw new UsageError(`--output ${orphan}: give the --format it writes just before it (e.g. --format junit --output ${orphan})`)
  // Checked against yargs below, so the formats are valid choices once that passes.
  const outputs = pairs as ReportOutput[]
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

/**
 * The format that goes to stdout as far as the raw argv tells (the last --format no --output
 * follows), so that even a failed parse can answer in JSON. Unvalidated.
 */
export function stdoutFormatOf(argv: readonly string[]): string | undefined {
  return pairsOf(argv).pairs.findLast((pair) => pair.file === undefined)?.format
}

/**
 * --format and --output in argv order (`--flag value`, `--flag=value`, up to `--`), each output
 * given to the nearest format before it that has no file yet; `orphan`: the first --output that
 * had none.
 */
function pairsOf(argv: readonly string[]): { pairs: { format: string; file?: string }[]; orphan?: string } {
  const pairs: { format: string; file?: string }[] = []
  let orphan: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? ''
    if (token === '--') break
    // The value of `--flag value` or `--flag=value`; undefined when the token is another flag.
    const valueOf = (flag: string): string | undefined =>
      token === flag ? (argv[++i] ?? '') : token.startsWith(`${flag}=`) ? token.slice(flag.length + 1) : undefined
    const format = valueOf('--format')
    if (format !== undefined) {
      pairs.push({ format })
      continue
    }
    const file = valueOf('--output')
    if (file === undefined) continue
    const open = pairs.findLast((pair) => pair.file === undefined)
    if (open !== undefined) open.file = file
    else orphan ??= file
  }
  return orphan === undefined ? { pairs } : { pairs, orphan }
}
