import { readFile } from 'node:fs/promises'
import type { ConnectionOptions } from 'node:tls'
import pg from 'pg'
import { DatabaseError, type DatabaseFailure } from '../errors.js'
import type { DatabaseSession } from './queryable.js'
import { readPgpass, type PgpassLookup } from './read-pgpass.js'
import type { ServerConnection, ServerEndpoint } from './resolve-connection.js'
import { toDatabaseError } from './to-database-error.js'

/** How long to wait for a server to accept a connection when the caller does not say. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000

/** How PgSession.connect reaches a server. */
export interface PgConnectOptions {
  /** Where PGPASSWORD, PGPASSFILE and HOME are read. */
  readonly env: NodeJS.ProcessEnv
  /** Used when the connection string has no connect_timeout; default 10 s. */
  readonly connectTimeoutMs?: number
  /** Told about problems libpq would warn about (an ignored password file) that do not stop us. */
  readonly onWarning?: (message: string) => void
}

// Failures after which libpq tries the next host: nothing answered there.
const UNREACHABLE: ReadonlySet<DatabaseFailure> = new Set(['refused', 'host_not_found', 'timeout'])

/** A DatabaseSession over one node-postgres client connected to a PostgreSQL server. */
export class PgSession implements DatabaseSession {
  readonly displayTarget: string
  readonly #client: pg.Client
  readonly #secrets: readonly (string | undefined)[]
  #closed = false

  private constructor(client: pg.Client, displayTarget: string, secrets: readonly (string | undefined)[]) {
    this.#client = client
    this.displayTarget = displayTarget
    this.#secrets = secrets
  }

  /**
   * Connects to the first endpoint that accepts, trying them in order as libpq does (a server
   * that answers but refuses us ends the search). Every failure becomes a one-line
   * DatabaseError that names the target but no password.
   */
  static async connect(connection: ServerConnection, options: PgConnectOptions): Promise<PgSession> {
    const failures: { endpoint: ServerEndpoint; error: DatabaseError }[] = []
    for (const endpoint of connection.endpoints) {
      try {
        return await PgSession.#connectTo(endpoint, connection, options)
      } catch (error) {
        if (!(error instanceof DatabaseError) || !UNREACHABLE.has(error.failure)) throw error
        failures.push({ endpoint, error })
      }
    }
    const last = failures.at(-1)
    if (last === undefined) throw new Error('a server connection without endpoints')
    if (failures.length === 1) throw last.error
    const reasons = failures.map(({ endpoint, error }) => {
      const prefix = `cannot connect to ${endpoint.displayTarget}: `
      const reason = error.message.startsWith(prefix) ? error.message.slice(prefix.length) : error.message
      return `${endpoint.host}:${endpoint.port}: ${reason}`
    })
    throw new DatabaseError(last.error.failure, `cannot connect to ${connection.displayTarget}: no host accepted (${reasons.join('; ')})`, {
      cause: last.error,
    })
  }

  static async #connectTo(endpoint: ServerEndpoint, connection: ServerConnection, options: PgConnectOptions): Promise<PgSession> {
    const { displayTarget } = endpoint
    let pgpass: PgpassLookup | undefined
    const secrets = (): (string | undefined)[] => [connection.password, options.env.PGPASSWORD, pgpass?.password]
    const connectWith = async (ssl: false | ConnectionOptions): Promise<pg.Client> => {
      const client = new pg.Client({
        host: endpoint.address,
        port: endpoint.port,
        user: connection.user,
        database: connection.database,
        // Asked only when the server wants a password, as libpq does; pg's own .pgpass lookup
        // would read process.env instead of `env` and print a deprecation warning.
        // pg's types demand a string, but at run time undefined means "no password" and the
        // server's demand for one then fails as an authentication error, as it should.
        password: (async () => {
          if (connection.password !== undefined) return connection.password
          const key = { host: endpoint.host, port: endpoint.port, database: connection.database, user: connection.user }
          pgpass = await readPgpass(key, options.env, { passfile: connection.passfile, onWarning: options.onWarning })
          return pgpass.password
        }) as () => Promise<string>,
        ssl,
        connectionTimeoutMillis: connection.connectTimeoutMs ?? options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        application_name: connection.applicationName ?? 'verify-database',
        options: connection.options,
        // Queries sent while others run go out at once (protocol pipelining, each with its own
        // Sync): introspection sends its catalog queries together so the server never waits
        // for us between them. Awaited one at a time, queries behave exactly as without it.
        pipeline: true,
      })
      // A connection that dies while idle emits 'error'; without a listener Node would crash.
      client.on('error', () => undefined)
      try {
        await client.connect()
        return client
      } catch (error) {
        await client.end().catch(() => undefined)
        throw error
      }
    }
    const toError = (error: unknown): unknown => {
      const ignored = pgpass?.ignoredFile
      const noPassword = ignored === undefined ? undefined : `no password supplied: the password file "${ignored.path}" was ignored because ${ignored.why}`
      return toDatabaseError(error, displayTarget, 'connect', secrets(), noPassword) ?? error
    }
    const plan = await sslPlan(connection, endpoint)
    let client: pg.Client
    try {
      client = await connectWith(plan.first)
    } catch (error) {
      if (plan.retry === undefined || !plan.retry.when(error)) throw toError(error)
      try {
        client = await connectWith(plan.retry.ssl)
      } catch (retryError) {
        // "The server does not support SSL" after allow's plain attempt was refused says less
        // than the refusal itself.
        throw toError(serverRefusedTls(retryError) ? error : retryError)
      }
    }
    return new PgSession(client, displayTarget, secrets())
  }

  async query<Row extends object = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    try {
      const result = await this.#client.query<Row>(sql, [...params])
      return result.rows
    } catch (error) {
      throw toDatabaseError(error, this.displayTarget, 'query', this.#secrets) ?? error
    }
  }

  forEachRow<Row extends object = Record<string, unknown>>(sql: string, params: readonly unknown[], onRow: (row: Row) => void): Promise<void> {
    return new Promise((resolve, reject) => {
      // A Query with a 'row' listener and no callback: pg hands each row on and keeps none.
      const query = new pg.Query<Row>(sql, [...params])
      let failure: { readonly error: Error } | undefined
      query.on('row', (row: Row) => {
        if (failure !== undefined) return
        try {
          onRow(row)
        } catch (error) {
          // Thrown out of a listener it would unwind into pg's protocol parser; kept for 'end'.
          failure = { error: error instanceof Error ? error : new Error(String(error)) }
        }
      })
      query.on('error', (error: Error) => reject(toDatabaseError(error, this.displayTarget, 'query', this.#secrets) ?? error))
      query.on('end', () => (failure === undefined ? resolve() : reject(failure.error)))
      void this.#client.query(query)
    })
  }

  async exec(sql: string): Promise<void> {
    try {
      // Without parameters pg uses the simple query protocol, which accepts several statements.
      await this.#client.query(sql)
    } catch (error) {
      throw toDatabaseError(error, this.displayTarget, 'query', this.#secrets) ?? error
    }
  }

  /** Idempotent: closing twice is harmless (test harnesses close sessions the test already closed). */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#client.end()
  }
}

/**
 * How to connect for an sslmode: node-postgres's `ssl` for the first attempt and, for prefer and
 * allow, when to try once more with the other choice. node-postgres cannot fall back by itself,
 * so this does what libpq does:
 * - prefer (the default): TLS without checking the certificate (unless a root cert is given);
 *   if the server does not do TLS, or the TLS connection fails or is refused by pg_hba.conf
 *   (e.g. `hostnossl`), plain text;
 * - allow: plain text; if pg_hba.conf refuses it (e.g. `hostssl` only), TLS.
 * Over a Unix-domain socket every sslmode connects in plain text, as in libpq.
 */
interface SslPlan {
  readonly first: false | ConnectionOptions
  readonly retry?: { readonly ssl: false | ConnectionOptions; readonly when: (error: unknown) => boolean }
}

async function sslPlan(connection: ServerConnection, endpoint: ServerEndpoint): Promise<SslPlan> {
  const target = endpoint.displayTarget
  let ca: string | undefined
  if (connection.sslRootCert !== undefined && connection.sslMode !== 'disable') {
    try {
      ca = await readFile(connection.sslRootCert, 'utf8')
    } catch {
      throw new DatabaseError('tls', `cannot connect to ${target}: cannot read sslrootcert file ${connection.sslRootCert}`)
    }
  }
  // libpq's require (and prefer, allow) encrypt without checking the certificate, unless a root cert is given.
  const unverified: ConnectionOptions = ca === undefined ? { rejectUnauthorized: false } : { ca, checkServerIdentity: () => undefined }
  // libpq never asks for TLS over a Unix-domain socket, whatever the sslmode (servers refuse it there).
  if (endpoint.host.startsWith('/')) return { first: false }
  switch (connection.sslMode) {
    case 'disable':
      return { first: false }
    case 'allow':
      return { first: false, retry: { ssl: unverified, when: refusedByPgHba } }
    case 'prefer':
      return { first: unverified, retry: { ssl: false, when: (error) => serverRefusedTls(error) || failedTls(error, target) || refusedByPgHba(error) } }
    case 'require':
    case 'no-verify':
      return { first: unverified }
    case 'verify-ca':
      return { first: { ca, checkServerIdentity: () => undefined } }
    case 'verify-full':
      return { first: ca === undefined ? {} : { ca } }
  }
}

/** The server answered the SSL request with "no" (ssl = off). */
function serverRefusedTls(error: unknown): boolean {
  return error instanceof Error && /does not support SSL/i.test(error.message)
}

/** The TLS handshake or the certificate check failed. */
function failedTls(error: unknown, target: string): boolean {
  return toDatabaseError(error, target, 'connect')?.failure === 'tls'
}

/** pg_hba.conf has no entry for this connection, or rejects it (SQLSTATE 28000), e.g. because of its encryption. */
function refusedByPgHba(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '28000'
}
