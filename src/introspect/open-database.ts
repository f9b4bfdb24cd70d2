import { PgSession } from './pg-session.js'
import type { DatabaseSession } from './queryable.js'
import { PGLITE_PREFIX } from './pglite-url.js'
import { resolveConnection } from './resolve-connection.js'

// Callers that build or recognise pglite: URLs import the prefix from here.
export { PGLITE_PREFIX }

/** How to open a database session. */
export interface OpenDatabaseOptions {
  /** Environment to read DATABASE_URL, PG* variables and HOME/PGPASSFILE from; default process.env. */
  readonly env?: NodeJS.ProcessEnv
  /** Give up connecting to a server after this long, unless the URL says connect_timeout; default 10 s. */
  readonly connectTimeoutMs?: number
  /** Told what libpq would print as a WARNING (a password file others can read is ignored). */
  readonly onWarning?: (message: string) => void
}

/**
 * Opens the database to verify. `url` wins, else DATABASE_URL, else libpq's PG* variables and
 * ~/.pgpass. `pglite:memory` and `pglite:<directory>` open the embedded engine instead of a server.
 * Failures are DatabaseErrors with a one-line message naming the redacted target and the reason.
 */
export async function openDatabase(url: string | undefined, options: OpenDatabaseOptions = {}): Promise<DatabaseSession> {
  const env = options.env ?? process.env
  const source = nonEmpty(url) ?? nonEmpty(env.DATABASE_URL)
  // Messages name where a bad string came from; they never quote it (it may hold a password).
  const sourceName = nonEmpty(url) === undefined ? 'DATABASE_URL' : '--url'
  if (source?.startsWith(PGLITE_PREFIX) === true) {
    // PGlite (WASM PostgreSQL and its contrib bundles) takes ~0.2 s to import: only for pglite: URLs.
    const { PgliteSession } = await import('./pglite-session.js')
    return PgliteSession.open(source)
  }
  const connection = resolveConnection(source, env, sourceName)
  return PgSession.connect(connection, { env, connectTimeoutMs: options.connectTimeoutMs, onWarning: options.onWarning })
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === '' ? undefined : value
}
