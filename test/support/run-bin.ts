/**
 * The built CLI as users run it: bin/verify-database.js in a child process, with only the
 * environment a test gives it (PATH and HOME kept), and its exit code, stdout and stderr.
 */
import { execFile } from 'node:child_process'
import path from 'node:path'
import { repositoryRoot } from './golden.js'
import { expectJsonReport } from './json-report.js'

export const BIN = path.join(repositoryRoot(), 'bin', 'verify-database.js')

export interface BinRun {
  /** The exit code; -1 when the process was killed (the timeout). */
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs the CLI; a JSON report (or error document) on its stdout must conform to the published schema. */
export async function runBin(args: readonly string[], options: { readonly env?: NodeJS.ProcessEnv; readonly cwd?: string } = {}): Promise<BinRun> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env }
  const run = await new Promise<BinRun>((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, cwd: options.cwd, timeout: 300_000 }, (error, stdout, stderr) =>
      resolve({ code: typeof error?.code === 'number' ? error.code : error ? -1 : 0, stdout, stderr }),
    )
  })
  if (isJsonReport(run.stdout)) expectJsonReport(run.stdout)
  return run
}

/** A JSON report or error document: an object with `formatVersion` and `status` (SARIF and snapshots are not). */
export function isJsonReport(text: string): boolean {
  if (!text.startsWith('{')) return false
  try {
    const document = JSON.parse(text) as Record<string, unknown>
    return document.formatVersion === 1 && typeof document.status === 'string'
  } catch {
    return false
  }
}
