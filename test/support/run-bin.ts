/**
 * The built CLI as users run it: bin/verify-database.js in a child process, with only the
 * environment a test gives it (PATH and HOME kept), and its exit code, stdout and stderr.
 */
import { execFile } from 'node:child_process'
import path from 'node:path'
import { repositoryRoot } from './golden.js'

export const BIN = path.join(repositoryRoot(), 'bin', 'verify-database.js')

export interface BinRun {
  /** The exit code; -1 when the process was killed (the timeout). */
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

export function runBin(args: readonly string[], options: { readonly env?: NodeJS.ProcessEnv; readonly cwd?: string } = {}): Promise<BinRun> {
  const env = { PATH: process.env.PATH, HOME: process.env.HOME, ...options.env }
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, ...args], { env, cwd: options.cwd, timeout: 300_000 }, (error, stdout, stderr) =>
      resolve({ code: typeof error?.code === 'number' ? error.code : error ? -1 : 0, stdout, stderr }),
    )
  })
}
