/** Where the CLI reads its environment and writes its output; tests pass their own. */
export interface CliIo {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  readonly env: NodeJS.ProcessEnv
  /** stdout is a terminal: enables colour (unless NO_COLOR / --no-color). */
  readonly isTty: boolean
  readonly columns?: number
}

export function processIo(): CliIo {
  // `verify-database | head` closes the pipe early: that is the reader's choice, not an error.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0)
    throw error
  })
  return {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    env: process.env,
    isTty: process.stdout.isTTY === true,
    columns: process.stdout.columns,
  }
}

/** Colour only on a terminal, never with NO_COLOR (https://no-color.org) or --no-color. */
export function isColorEnabled(io: CliIo, colorFlag: boolean): boolean {
  return colorFlag && io.isTty && (io.env.NO_COLOR === undefined || io.env.NO_COLOR === '')
}

/** Prints what libpq would print as a WARNING, one line on stderr; the command goes on. */
export function warningPrinter(io: CliIo): (message: string) => void {
  return (message) => io.stderr(`verify-database: warning: ${message}\n`)
}
