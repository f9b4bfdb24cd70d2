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

  /** Connects; every failure becomes a one-line DatabaseError that names the target but no password. */
  static async connect(
    connection: ServerConnection,
    options: { env: NodeJS.ProcessEnv, connectTimeoutMs?: number },
  ): Promise<PgSession> {
    const { displayTarget } = connection
    const secrets = [connection.password, options.env.PGPASSWORD]
    let pgpassPassword: string | undefined
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
      ssl: await sslOptions(connection, displayTarget),
      connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      application_name: 'verify-database',
    })
    // A connection that dies while idle emits 'error'; without a listener Node would crash.
    client.on('error', () => undefined)
    try {
      await client.connect()
    } catch (error) {
      await client.end().catch(() => undefined)
      throw toDatabaseError(error, displayTarget, 'connect', [...secrets, pgpassPassword]) ?? error
    }
    return new PgSession(client, displayTarget, [...secrets, pgpassPassword])
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

/** libpq sslmode → node-postgres `ssl`. pg cannot fall back from TLS to plain, so allow/prefer stay plain. */
async function sslOptions(connection: ServerConnection, target: string): Promise<false | ConnectionOptions> {
  let ca: string | undefined
  if (connection.sslRootCert !== undefined && connection.sslMode !== 'disable') {
    try {
      ca = await readFile(connection.sslRootCert, 'utf8')
    } catch {
      throw new DatabaseError('tls', `cannot connect to ${target}: cannot read sslrootcert file ${connection.sslRootCert}`)
    }
  }
  switch (connection.sslMode) {
    case 'disable':
    case 'allow':
    case 'prefer':
      return false
    case 'require':
    case 'no-verify':
      // libpq's require encrypts without checking the certificate (unless a root cert is given).
      return ca === undefined ? { rejectUnauthorized: false } : { ca, checkServerIdentity: () => undefined }
    case 'verify-ca':
      return { ca, checkServerIdentity: () => undefined }
    case 'verify-full':
      return ca === undefined ? {} : { ca }
  }
}
