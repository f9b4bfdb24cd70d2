import { readFile } from 'node:fs/promises'
import type { ConnectionOptions } from 'node:tls'
import pg from 'pg'
import { DatabaseError } from '../errors.js'
import type { DatabaseSession } from './queryable.js'
import { readPgpass } from './read-pgpass.js'
import type { ServerConnection } from './resolve-connection.js'
import { toDatabaseError } from './to-database-error.js'

/** How long to wait for a server to accept a connection when the caller does not say. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 10_000

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
   * Connects; every failure becomes a one-line DatabaseError that names the target but no password.
   * sslmode prefer and allow may take a second connection, as libpq does (see sslPlan).
   */
  static async connect(
    connection: ServerConnection,
    options: { env: NodeJS.ProcessEnv, connectTimeoutMs?: number },
  ): Promise<PgSession> {
    const { displayTarget } = connection
    let pgpassPassword: string | undefined
    const secrets = (): (string | undefined)[] => [connection.password, options.env.PGPASSWORD, pgpassPassword]
    const connectWith = async (ssl: false | ConnectionOptions): Promise<pg.Client> => {
      const client = new pg.Client({
        host: connection.host,
        port: connection.port,
        user: connection.user,
        database: connection.database,
        // Asked only when the server wants a password, as libpq does; pg's own .pgpass lookup
        // would read process.env instead of `env` and print a deprecation warning.
        // pg's types demand a string, but at run time undefined means "no password" and the
        // server's demand for one then fails as an authentication error, as it should.
        password: (async () => {
          if (connection.password !== undefined) return connection.password
          pgpassPassword = await readPgpass(connection, options.env)
          return pgpassPassword
        }) as () => Promise<string>,
        ssl,
        connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
        application_name: 'verify-database',
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
    const plan = await sslPlan(connection, displayTarget)
    let client: pg.Client
    try {
      client = await connectWith(plan.first)
    } catch (error) {
      if (plan.retry === undefined || !plan.retry.when(error)) {
        throw toDatabaseError(error, displayTarget, 'connect', secrets()) ?? error
      }
      try {
        client = await connectWith(plan.retry.ssl)
      } catch (retryError) {
        // "The server does not support SSL" after allow's plain attempt was refused says less
        // than the refusal itself.
        const reported = serverRefusedTls(retryError) ? error : retryError
        throw toDatabaseError(reported, displayTarget, 'connect', secrets()) ?? reported
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
  readonly retry?: { readonly ssl: false | ConnectionOptions, readonly when: (error: unknown) => boolean }
}

async function sslPlan(connection: ServerConnection, target: string): Promise<SslPlan> {
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
  if (connection.host.startsWith('/')) return { first: false }
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
