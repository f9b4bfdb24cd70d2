/**
 * What `--wait` shows while the server is not up: on a terminal one line redrawn in place (a
 * spinner, the seconds waited, the last error); otherwise, for logs, one plain line per failed
 * attempt. Always on stderr: stdout is the report's.
 */
import type { WaitProgress } from '../app/target-session.js'
import type { CliIo } from './io.js'

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
const TICK_MS = 100

export interface WaitReporter {
  readonly onWaiting: (progress: WaitProgress) => void
  /** Ends the spinner's line (call once the waiting is over, whichever way). */
  readonly done: () => void
}

export function waitReporter(io: CliIo, target: string, waitSeconds: number): WaitReporter {
  if (io.isStderrTty !== true) {
    return {
      onWaiting: ({ attempt, elapsedMs, error, nextInMs }) =>
        io.stderr(
          `verify-database: waiting for ${target} (attempt ${attempt}, ${seconds(elapsedMs)} of ${waitSeconds} s; next in ${seconds(nextInMs)}): ${error.message}\n`,
        ),
      done: () => undefined,
    }
  }
  let last: WaitProgress | undefined
  let frame = 0
  const started = performance.now()
  const draw = (): void => {
    if (last === undefined) return
    const elapsed = seconds(performance.now() - started)
    io.stderr(`\r\u001b[K${FRAMES[frame++ % FRAMES.length]} waiting for ${target}: ${elapsed} of ${waitSeconds} s; last: ${last.error.message}`)
  }
  // A timer of its own keeps the spinner turning between attempts; unref: it never keeps the process up.
  const timer = setInterval(draw, TICK_MS)
  timer.unref()
  return {
    onWaiting: (progress) => {
      last = progress
      draw()
    },
    done: () => {
      clearInterval(timer)
      if (last !== undefined) io.stderr('\r\u001b[K')
    },
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}
