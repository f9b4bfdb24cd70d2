import os from 'node:os'
import { DatabaseError, type DatabaseFailure } from '../errors.js'
import { parseConnectionString } from './parse-connection-string.js'

/** libpq's sslmode values, plus node-postgres's `no-verify` (TLS without certificate checks). */
export type SslMode = 'disable' | 'allow' | 'prefer' | 'require' | 'verify-ca' | 'verify-full' | 'no-verify'

/** One server of a connection: libpq tries them in the order given until one accepts. */
export interface ServerEndpoint {
  /** Host name, IP address or Unix-socket directory (starts with '/'): what ~/.pgpass and TLS see. */
  readonly host: string
  /** What to connect to: `hostaddr` when given, else `host`. */
  readonly address: string
  readonly port: number
  /** postgresql://user@host:port/database: never contains a password. */
  readonly displayTarget: string
}

/** Where and as whom to connect to a PostgreSQL server, with every libpq fallback applied. */
export interface ServerConnection {
  /** At least one; more when the URL lists several hosts. */
  readonly endpoints: readonly ServerEndpoint[]
  readonly user: string
  readonly database: string
  /** Only when the URL or PGPASSWORD gave one; otherwise the password file is consulted at connect time. */
  readonly password: string | undefined
  /** `passfile`: the password file to use instead of PGPASSFILE or ~/.pgpass. */
  readonly passfile: string | undefined
  readonly sslMode: SslMode
  /** PEM file of trusted roots (sslrootcert / PGSSLROOTCERT). */
  readonly sslRootCert: string | undefined
  /** `connect_timeout` / PGCONNECT_TIMEOUT in ms (0: wait forever); undefined when not given. */
  readonly connectTimeoutMs: number | undefined
  /** `application_name` / PGAPPNAME, else `fallback_application_name`. */
  readonly applicationName: string | undefined
  /** `options` / PGOPTIONS: command-line options for the server session, e.g. `-c search_path=app`. */
  readonly options: string | undefined
  /** Every endpoint in one URL, without a password. */
  readonly displayTarget: string
}

const SSL_MODES: readonly SslMode[] = ['disable', 'allow', 'prefer', 'require', 'verify-ca', 'verify-full', 'no-verify']

/**
 * Resolves a postgres URL or key/value conninfo string the way libpq does: parameters the string
 * leaves out come from PGHOST, PGHOSTADDR, PGPORT, PGUSER, PGPASSWORD, PGPASSFILE, PGDATABASE,
 * PGSSLMODE, PGSSLROOTCERT, PGCONNECT_TIMEOUT, PGAPPNAME and PGOPTIONS in `env`, then from
 * libpq's defaults. `source` undefined means "environment only"; `sourceName` is how messages
 * name `source` ("DATABASE_URL"), since they never quote it.
 */
export function resolveConnection(source: string | undefined, env: NodeJS.ProcessEnv, sourceName = 'the connection string'): ServerConnection {
  const given = source === undefined ? { params: new Map<string, string>(), canQuote: true } : parseConnectionString(source, sourceName)
  if (given.params.has('service')) {
    throw new DatabaseError(
      'other',
      `cannot connect: ${sourceName} names a service (pg_service.conf), which verify-database does not read: give host, port and dbname instead`,
    )
  }
  // The value of `key`, and where it came from for messages: the string wins over the environment.
  const pick = (key: string, envName?: string): Given | undefined => {
    const fromString = nonEmpty(given.params.get(key))
    if (fromString !== undefined) return { value: fromString, from: sourceName }
    const fromEnv = envName === undefined ? undefined : nonEmpty(env[envName])
    return fromEnv === undefined ? undefined : { value: fromEnv, from: envName as string }
  }
  // Values from an ambiguous string may hold a piece of a password: quote only the others.
  const invalid: Invalid = (what, bad, expected = '', failure = 'other') => {
    const quoted = bad.from !== sourceName || given.canQuote ? ` "${bad.value}"` : ''
    return new DatabaseError(failure, `cannot connect: ${bad.from} gives an invalid ${what}${quoted}${expected}`)
  }

  const user = pick('user', 'PGUSER')?.value ?? nonEmpty(env.USER) ?? os.userInfo().username
  const database = pick('dbname', 'PGDATABASE')?.value ?? user

  const sslModeGiven = pick('sslmode', 'PGSSLMODE')
  const sslMode = sslModeGiven?.value ?? 'prefer'
  if (sslModeGiven !== undefined && !(SSL_MODES as readonly string[]).includes(sslMode)) {
    throw invalid('sslmode', sslModeGiven, ` (use one of ${SSL_MODES.join(', ')})`, 'tls')
  }

  const timeoutGiven = pick('connect_timeout', 'PGCONNECT_TIMEOUT')
  let connectTimeoutMs: number | undefined
  if (timeoutGiven !== undefined) {
    const seconds = Number(timeoutGiven.value.trim())
    if (!Number.isInteger(seconds)) throw invalid('connect_timeout', timeoutGiven, ' (whole seconds)')
    // libpq: zero or negative waits forever, and anything shorter than 2 s means 2 s.
    connectTimeoutMs = seconds <= 0 ? 0 : Math.max(seconds, 2) * 1000
  }

  const endpoints = resolveEndpoints(pick('host', 'PGHOST'), pick('hostaddr', 'PGHOSTADDR'), pick('port', 'PGPORT'), invalid).map(
    ({ host, address, port }) => ({ host, address, port, displayTarget: formatTarget([{ host, port }], user, database) }),
  )

  return {
    endpoints,
    user,
    database,
    password: pick('password', 'PGPASSWORD')?.value,
    passfile: pick('passfile', 'PGPASSFILE')?.value,
    sslMode: sslMode as SslMode,
    sslRootCert: pick('sslrootcert', 'PGSSLROOTCERT')?.value,
    connectTimeoutMs,
    applicationName: pick('application_name', 'PGAPPNAME')?.value ?? pick('fallback_application_name')?.value,
    options: pick('options', 'PGOPTIONS')?.value,
    displayTarget: formatTarget(endpoints, user, database),
  }
}

/** A parameter's value and where it came from: the connection string's name or an environment variable. */
interface Given {
  readonly value: string
  readonly from: string
}
type Invalid = (what: string, bad: Given, expected?: string, failure?: DatabaseFailure) => DatabaseError

/**
 * libpq's host lists: `host` and `hostaddr` are comma-separated lists of the same length (either
 * may be absent); `port` has one entry for all of them or one per host. Empty entries take the
 * defaults (localhost, 5432).
 */
function resolveEndpoints(
  host: Given | undefined,
  hostaddr: Given | undefined,
  port: Given | undefined,
  invalid: Invalid,
): { host: string; address: string; port: number }[] {
  const hosts = host?.value.split(',') ?? []
  const addresses = hostaddr?.value.split(',') ?? []
  if (host !== undefined && hostaddr !== undefined && hosts.length !== addresses.length) {
    throw new DatabaseError('other', `cannot connect: ${hosts.length} hosts but ${addresses.length} hostaddr entries`)
  }
  const count = Math.max(hosts.length, addresses.length, 1)
  const portTexts = port?.value.split(',') ?? ['']
  if (portTexts.length !== 1 && portTexts.length !== count) {
    throw new DatabaseError('other', `cannot connect: ${portTexts.length} ports for ${count} hosts (give one port, or one per host)`)
  }
  const ports = portTexts.map((text) => {
    const trimmed = text.trim()
    if (trimmed === '') return 5432
    const number = Number(trimmed)
    if (!/^\d+$/.test(trimmed) || number <= 0 || number > 65535) throw invalid('port', port as Given)
    return number
  })
  return Array.from({ length: count }, (_, i) => {
    const name = nonEmpty(hosts[i]?.trim())
    const address = nonEmpty(addresses[i]?.trim())
    const shown = name ?? address ?? 'localhost'
    return { host: shown, address: address ?? shown, port: ports.length === 1 ? (ports[0] as number) : (ports[i] as number) }
  })
}

/** postgresql://user@host:port,host:port/database, or the ?host= form when a host is a socket directory. */
function formatTarget(endpoints: readonly { host: string; port: number }[], user: string, database: string): string {
  const db = encodeURIComponent(database)
  const who = encodeURIComponent(user)
  if (endpoints.some((e) => e.host.startsWith('/'))) {
    return `postgresql://${who}@/${db}?host=${endpoints.map((e) => e.host).join(',')}&port=${endpoints.map((e) => e.port).join(',')}`
  }
  const hosts = endpoints.map((e) => `${e.host.includes(':') ? `[${e.host}]` : e.host}:${e.port}`)
  return `postgresql://${who}@${hosts.join(',')}/${db}`
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}
