/**
 * What `--wait` shows while the server is not up: on a terminal one line redrawn in place (a
 * spinner, the seconds waited, the last error); otherwise, for logs, one plain line per failed
 * attempt. Always on stderr: stdout is the report's.
 */
import { displayTargetOf, type WaitOptions, type WaitProgress } from '../app/target-session.js'
import type { CliIo } from './io.js'
import { parseWaitMs } from './options.js'

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏']
const TICK_MS = 100

export interface WaitReporter {
  readonly onWaiting: (progress: WaitProgress) => void
  /** Stops the spinner and clears its line (once connected, or when connecting failed); safe to call twice. */
  readonly done: () => void
}

/** --wait as the options a core takes, and `done` to call once connecting is over (it ends a spinner's line). */
export function waitOptionsOf(wait: string | undefined, url: string | undefined, io: CliIo): { readonly options: WaitOptions; readonly done: () => void } {
  const waitMs = wait === undefined ? 0 : parseWaitMs(wait)
  if (waitMs === 0) return { options: {}, done: () => undefined }
  const reporter = waitReporter(io, displayTargetOf(url, io.env), waitMs / 1000)
  return { options: { waitMs, onWaiting: reporter.onWaiting, onConnected: reporter.done }, done: reporter.done }
}

function waitReporter(io: CliIo, target: string, waitSeconds: number): WaitReporter {
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
      last = undefined
    },
  }
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}
