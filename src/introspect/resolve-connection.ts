import os from 'node:os'
import { DatabaseError } from '../errors.js'
import { redactUrl } from '../redact.js'

/** libpq's sslmode values, plus node-postgres's `no-verify` (TLS without certificate checks). */
export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full' | 'no-verify'

/** Where and as whom to connect to a PostgreSQL server, with every libpq fallback applied. */
export interface ServerConnection {
  readonly host: string
  readonly port: number
  readonly user: string
  readonly database: string
  /** Only when the URL or PGPASSWORD gave one; otherwise ~/.pgpass is consulted at connect time. */
  readonly password: string | undefined
  readonly sslMode: SslMode
  /** PEM file of trusted roots (sslrootcert / PGSSLROOTCERT). */
  readonly sslRootCert: string | undefined
  /** postgresql://user@host:port/database: never contains a password. */
  readonly displayTarget: string
}

type Params = Partial<Record<'host' | 'port' | 'user' | 'password' | 'dbname' | 'sslmode' | 'sslrootcert', string>>

const SSL_MODES: readonly SslMode[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify']

/**
 * Resolves a postgres URL or key/value conninfo string the way libpq does: parameters the string
 * leaves out come from PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE, PGSSLMODE, PGSSLROOTCERT
 * in `env`, then from libpq's defaults. `source` undefined means "environment only".
 */
export function resolveConnection(source: string | undefined, env: NodeJS.ProcessEnv): ServerConnection {
  const given = source === undefined ? {} : parseConnectionString(source)
  const pick = (key: keyof Params, envName: string): string | undefined =>
    nonEmpty(given[key]) ?? nonEmpty(env[envName])
  const user = pick('user', 'PGUSER') ?? nonEmpty(env.USER) ?? os.userInfo().username
  const host = pick('host', 'PGHOST') ?? 'localhost'
  const portText = pick('port', 'PGPORT') ?? '5432'
  const port = Number(portText)
  const database = pick('dbname', 'PGDATABASE') ?? user
  const sslModeText = pick('sslmode', 'PGSSLMODE') ?? 'prefer'
  const shown = source === undefined ? 'the PG* environment' : redactUrl(source)
  if (!Number.isInteger(port) || port <= 0 || port > 65535) {
    throw new DatabaseError('other', `cannot connect to ${shown}: invalid port "${portText}"`)
  }
  if (!(SSL_MODES as readonly string[]).includes(sslModeText)) {
    throw new DatabaseError('tls', `cannot connect to ${shown}: invalid sslmode "${sslModeText}"`)
  }
  return {
    host,
    port,
    user,
    database,
    password: pick('password', 'PGPASSWORD'),
    sslMode: sslModeText as SslMode,
    sslRootCert: pick('sslrootcert', 'PGSSLROOTCERT'),
    displayTarget: formatTarget(host, port, user, database),
  }
}

/** Parses postgres://… / postgresql://… URLs and `host=… dbname=…` conninfo strings. */
function parseConnectionString(source: string): Params {
  if (/^postgres(ql)?:\/\//i.test(source)) return parseUrl(source)
  if (/^\s*\w+\s*=/.test(source)) return parseConninfo(source)
  throw new DatabaseError('other', `cannot connect to ${redactUrl(source)}: not a postgres:// URL, a key=value connection string or pglite:<directory>`)
}

function parseUrl(source: string): Params {
  let url: URL
  try {
    url = new URL(source)
  } catch {
    throw new DatabaseError('other', `cannot connect to ${redactUrl(source)}: malformed connection URL`)
  }
  const params: Record<string, string> = {}
  // A bracketed IPv6 literal keeps its brackets in URL.hostname; the driver wants it bare.
  if (url.hostname !== '') params.host = decodeURIComponent(url.hostname.replace(/^\[(.*)\]$/, '$1'))
  if (url.port !== '') params.port = url.port
  if (url.username !== '') params.user = decodeURIComponent(url.username)
  if (url.password !== '') params.password = decodeURIComponent(url.password)
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''))
  if (database !== '') params.dbname = database
  // Query parameters override the URL parts, as in libpq (e.g. ?host=/var/run/postgresql).
  for (const [key, value] of url.searchParams) params[key] = value
  return params
}

function parseConninfo(source: string): Params {
  const params: Record<string, string> = {}
  const pair = /(\w+)\s*=\s*('((?:[^'\\]|\\.)*)'|[^\s']*)/g
  for (const match of source.matchAll(pair)) {
    const [, key = '', raw = '', quoted] = match
    params[key] = quoted === undefined ? raw : quoted.replace(/\\(.)/g, '$1')
  }
  return params
}

function formatTarget(host: string, port: number, user: string, database: string): string {
  const db = encodeURIComponent(database)
  const who = encodeURIComponent(user)
  if (host.startsWith('/')) return `postgresql://${who}@/${db}?host=${host}&port=${port}`
  const shownHost = host.includes(':') ? `[${host}]` : host
  return `postgresql://${who}@${shownHost}:${port}/${db}`
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}
