/**
 * Opening a target, working on it and closing it, with the target's own failures as data: what
 * lets the cores check one database after another and report each, instead of stopping at the
 * first that is down.
 */
import { setTimeout as sleep } from 'node:timers/promises'
import { DatabaseError, UserError, type DatabaseFailure } from '../errors.js'
import type { DatabaseSession } from '../introspect/queryable.js'
import { connectionSecrets, redact } from '../redact.js'
import type { AppDeps } from './deps.js'

/** A target that could not be opened or read. `target` is safe to print: passwords are redacted. */
export interface TargetFailure {
  readonly kind: 'failed'
  readonly target: string
  /** Why; its exitCode is what the CLI exits with (3 for the database, 2 for usage). */
  readonly error: UserError
}

/**
 * Opens `target`, runs `work` on the session and closes it. A UserError from opening or from
 * `work` (refused, authentication, timeout, the schema kept changing, …) comes back as a
 * TargetFailure; anything else is a bug and propagates, after the session is closed.
 */
export async function withTargetSession<T>(
  target: string | undefined,
  options: { readonly connectTimeoutMs?: number } & WaitOptions,
  deps: AppDeps,
  work: (session: DatabaseSession) => Promise<T>,
): Promise<{ readonly kind: 'done'; readonly target: string; readonly value: T } | TargetFailure> {
  let session: DatabaseSession
  try {
    session = await openWaiting(target, options, deps)
  } catch (error) {
    return failure(displayTargetOf(target, deps.env), error)
  }
  let value: T
  try {
    value = await work(session)
  } catch (error) {
    // The error says what went wrong; a failure to close on top of it would only hide it.
    await session.close().catch(() => undefined)
    return failure(session.displayTarget, error)
  }
  await session.close()
  return { kind: 'done', target: session.displayTarget, value }
}

/** `--wait`: how long to keep trying to connect while the server is not up yet, and who hears of each try. */
export interface WaitOptions {
  /** Milliseconds; 0 or undefined: one attempt. */
  readonly waitMs?: number
  readonly onWaiting?: (progress: WaitProgress) => void
  /** Told once connecting succeeded, so that progress shown while waiting can end before the work starts. */
  readonly onConnected?: () => void
}

export interface WaitProgress {
  readonly attempt: number
  readonly elapsedMs: number
  /** Why this attempt failed (redacted, one line). */
  readonly error: DatabaseError
  /** When the next attempt starts. */
  readonly nextInMs: number
}

/**
 * What waiting can fix: nothing listens yet, the server is starting up or has no free connection
 * slot (both 'refused'), the host name does not resolve yet (a container not started), the
 * connection timed out. Not a wrong password, a missing database, TLS or permissions: those fail
 * at once.
 */
const WAITABLE: ReadonlySet<DatabaseFailure> = new Set<DatabaseFailure>(['refused', 'host_not_found', 'timeout'])
const FIRST_DELAY_MS = 250
const MAX_DELAY_MS = 2000

async function openWaiting(target: string | undefined, options: { readonly connectTimeoutMs?: number } & WaitOptions, deps: AppDeps): Promise<DatabaseSession> {
  const started = performance.now()
  const waitMs = options.waitMs ?? 0
  for (let attempt = 1; ; attempt++) {
    try {
      const session = await deps.openDatabase(target, { env: deps.env, connectTimeoutMs: options.connectTimeoutMs, onWarning: deps.onWarning })
      options.onConnected?.()
      return session
    } catch (error) {
      if (!(error instanceof DatabaseError) || !WAITABLE.has(error.failure) || waitMs <= 0) throw error
      const elapsedMs = performance.now() - started
      const nextInMs = Math.min(FIRST_DELAY_MS * 2 ** (attempt - 1), MAX_DELAY_MS, waitMs - elapsedMs)
      if (nextInMs <= 0) {
        const waited = `${Math.round(elapsedMs / 100) / 10} s`
        throw new DatabaseError(error.failure, `${error.message}; gave up after ${attempt} attempts in ${waited} (--wait ${waitMs / 1000})`, { cause: error })
      }
      options.onWaiting?.({ attempt, elapsedMs, error, nextInMs })
      await sleep(nextInMs)
    }
  }
}

function failure(target: string, error: unknown): TargetFailure {
  if (error instanceof UserError) return { kind: 'failed', target, error }
  throw error
}

/**
 * How to name a target that could not be opened: the string given (or DATABASE_URL) with every
 * password redacted, even in a malformed string, or where the connection comes from otherwise.
 */
export function displayTargetOf(target: string | undefined, env: NodeJS.ProcessEnv): string {
  const given = [target, env.DATABASE_URL].find((value) => value !== undefined && value.trim() !== '')
  if (given === undefined) return 'the database named by the PG* environment variables'
  return redact(given, connectionSecrets(given))
}
