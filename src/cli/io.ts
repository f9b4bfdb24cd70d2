import { createInterface } from 'node:readline'
import { defaultDeps, type AppDeps } from '../app/deps.js'
import { OutputError } from '../errors.js'
import type { RenderOptions } from '../report/renderers.js'
import { describeFileError } from './write-output.js'

/** Where the CLI reads its environment and writes its output; tests pass their own. */
export interface CliIo {
  /** Writes our output; rejects with a UserError (exit 2) when it cannot be written (full disk, closed file). */
  readonly stdout: (text: string) => Promise<void>
  /** Diagnostics: best effort, since there is nowhere left to report a failure to write them. */
  readonly stderr: (text: string) => void
  readonly env: NodeJS.ProcessEnv
  /** stdout is a terminal: enables colour (unless NO_COLOR / --no-color). */
  readonly isTty: boolean
  /** stderr is a terminal: progress redraws one line (a spinner) instead of printing a line per step. */
  readonly isStderrTty?: boolean
  /** stdin is a terminal (a person could answer a question). */
  readonly isInteractive?: boolean
  /** Asks a person on the terminal and resolves to the line they type ('' on end of input or Ctrl-C). */
  readonly prompt?: (question: string) => Promise<string>
  readonly columns?: number
  /** Where relative paths and the default config file are (default process.cwd()). */
  readonly cwd?: string
}

export function processIo(): CliIo {
  // `verify-database | head` closes the pipe early: that is the reader's choice, not an error.
  // Other write errors (ENOSPC on `> /dev/full`) reach the write callback below, which turns
  // them into exit 2; this listener only keeps Node from crashing on the 'error' event.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
  })
  process.stderr.on('error', () => undefined)
  return {
    stdout: (text) =>
      new Promise<void>((resolve, reject) => {
        process.stdout.write(text, (error) => {
          if (error === null || error === undefined) resolve()
          else if ((error as NodeJS.ErrnoException).code === 'EPIPE') resolve()
          else reject(new OutputError(`cannot write to standard output: ${describeFileError(error)}`, { cause: error }))
        })
      }),
    stderr: (text) => {
      try {
        process.stderr.write(text)
      } catch {
        // Nowhere left to say it.
      }
    },
    env: process.env,
    isTty: process.stdout.isTTY === true,
    isStderrTty: process.stderr.isTTY === true,
    isInteractive: process.stdin.isTTY === true,
    prompt: askOnTerminal,
    columns: process.stdout.columns,
  }
}

/** One question on stderr (stdout may be redirected to a file), one line read from stdin. */
function askOnTerminal(question: string): Promise<string> {
  return new Promise((resolve) => {
    const reader = createInterface({ input: process.stdin, output: process.stderr })
    let answer: string | undefined
    reader.on('SIGINT', () => reader.close())
    reader.on('close', () => {
      // Ctrl-C or Ctrl-D: end the question's line, so what follows starts on its own.
      if (answer === undefined) process.stderr.write('\n')
      resolve(answer ?? '')
    })
    reader.question(question, (line) => {
      answer = line
      reader.close()
    })
  })
}

/** Colour only on a terminal, never with NO_COLOR (https://no-color.org) or --no-color. */
export function isColorEnabled(io: CliIo, colorFlag: boolean): boolean {
  return colorFlag && io.isTty && (io.env.NO_COLOR === undefined || io.env.NO_COLOR === '')
}

/** Prints what libpq would print as a WARNING, one line on stderr; the command goes on. */
export function warningPrinter(io: CliIo): (message: string) => void {
  return (message) => io.stderr(`verify-database: warning: ${message}\n`)
}

/** The cores' dependencies as the CLI runs them: the real ones, with the environment and warnings of `io`. */
export function depsOf(io: CliIo): AppDeps {
  return defaultDeps({ env: io.env, onWarning: warningPrinter(io) })
}

/** How a report is rendered to `io`'s stdout. */
export function renderOptionsOf(io: CliIo, colorFlag: boolean): RenderOptions {
  return { isColor: isColorEnabled(io, colorFlag), width: io.columns }
}
