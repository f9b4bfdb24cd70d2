/**
 * libpq's two connection string syntaxes, split the way libpq splits them (fe-connect.c:
 * conninfo_parse for `key=value` strings, conninfo_uri_parse_options for URIs), so that every URI
 * form the PostgreSQL documentation lists ("Connection URIs") means here what it means to psql.
 *
 * Error messages never quote the string: a password with an unencoded `/` or `@` shifts every
 * boundary, so any piece of a malformed string may be a piece of the password. Values are quoted
 * only when the string was unambiguous (see `canQuote`).
 */
import { DatabaseError } from '../errors.js'

/** Every keyword libpq 18 accepts in a connection string. */
export const LIBPQ_KEYWORDS: ReadonlySet<string> = new Set([
  'service',
  'user',
  'password',
  'passfile',
  'channel_binding',
  'connect_timeout',
  'dbname',
  'host',
  'hostaddr',
  'port',
  'client_encoding',
  'options',
  'application_name',
  'fallback_application_name',
  'keepalives',
  'keepalives_idle',
  'keepalives_interval',
  'keepalives_count',
  'tcp_user_timeout',
  'sslmode',
  'sslnegotiation',
  'sslcompression',
  'sslcert',
  'sslkey',
  'sslcertmode',
  'sslpassword',
  'sslkeylogfile',
  'sslrootcert',
  'sslcrl',
  'sslcrldir',
  'sslsni',
  'requirepeer',
  'require_auth',
  'ssl_min_protocol_version',
  'ssl_max_protocol_version',
  'min_protocol_version',
  'max_protocol_version',
  'gssencmode',
  'krbsrvname',
  'gsslib',
  'gssdelegation',
  'replication',
  'target_session_attrs',
  'load_balance_hosts',
  'scram_client_key',
  'scram_server_key',
  'oauth_issuer',
  'oauth_client_id',
  'oauth_client_secret',
  'oauth_scope',
])

/** The parameters a connection string gives, by libpq keyword, decoded. */
export interface ParsedConnectionString {
  readonly params: ReadonlyMap<string, string>
  /**
   * The string was unambiguous, so its values (a port, an sslmode) may be quoted in messages.
   * False when an `@` follows the user name and password, or a key/value string holds a password:
   * then a "value" may be a piece of a password whose special characters were not escaped.
   */
  readonly canQuote: boolean
}

const URI_PREFIX = /^postgres(?:ql)?:\/\//i

/** Parses a postgres:// URI or a `key=value` string; `sourceName` ("DATABASE_URL") is what messages name. */
export function parseConnectionString(source: string, sourceName: string): ParsedConnectionString {
  if (URI_PREFIX.test(source)) return parseUri(source, sourceName)
  // libpq's rule: a string with an '=' in it is a key/value string.
  if (source.includes('=')) return parseConninfo(source, sourceName)
  // Only a scheme is safe to quote: the rest may be anything, a password included.
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(source)?.[1]
  const what = scheme === undefined ? 'not' : `a ${scheme}: URL, not`
  throw new DatabaseError('other', `cannot connect: ${sourceName} is ${what} a postgres:// URL, a key=value connection string or pglite:<directory>`)
}

function parseUri(source: string, sourceName: string): ParsedConnectionString {
  const fail = (reason: string): never => {
    throw malformed(sourceName, reason, 'connection URL')
  }
  const rest = source.replace(URI_PREFIX, '')

  // user[:password]@ ends at the last '@' before the first '/'. libpq stops at the first '@';
  // taking the last one also admits a password with an unencoded '@'. '?' and '#' are not
  // special here, so passwords holding them parse as they do in libpq.
  const slash = rest.indexOf('/')
  const at = (slash < 0 ? rest : rest.slice(0, slash)).lastIndexOf('@')
  const userinfo = at < 0 ? undefined : rest.slice(0, at)
  const after = rest.slice(at + 1)
  // An '@' further on means a '/' inside the user name or password ended the userinfo early.
  const canQuote = !after.includes('@')

  // First the structure, on the raw text: host[:port] pairs separated by ',' ([IPv6] literals
  // keep their ':'; empty hosts and ports keep their place in the list, as in libpq), then the
  // database, then the query.
  const hosts: string[] = []
  const ports: string[] = []
  let i = 0
  for (;;) {
    let host: string
    if (after[i] === '[') {
      const close = after.indexOf(']', i + 1)
      if (close < 0) fail('an IPv6 host address has no closing "]"')
      if (close === i + 1) fail('an IPv6 host address is empty')
      host = after.slice(i + 1, close)
      i = close + 1
      if (i < after.length && !':/?,'.includes(after.charAt(i))) fail('unexpected character after an IPv6 host address')
    } else {
      const end = indexOfAny(after, ':/?,', i)
      host = after.slice(i, end)
      i = end
    }
    let port = ''
    if (after[i] === ':') {
      const end = indexOfAny(after, '/?,', i + 1)
      port = after.slice(i + 1, end)
      i = end
    }
    hosts.push(host)
    ports.push(port)
    if (after[i] !== ',') break
    i++
  }
  let database = ''
  if (after[i] === '/') {
    const end = indexOfAny(after, '?', i + 1)
    database = after.slice(i + 1, end)
    if (database.includes('@')) fail('"@" after the host (write a / in the user name or password as %2F, and an @ as %40)')
    i = end
  }
  const query: [string, string][] = []
  if (after[i] === '?') {
    for (const pair of after.slice(i + 1).split('&')) {
      if (pair === '') continue
      const eq = pair.indexOf('=')
      if (eq < 0) fail('a query parameter has no "=" (write an & or = in a value as %26 or %3D)')
      if (pair.indexOf('=', eq + 1) >= 0) fail('a query parameter has two "=" (write an = in a value as %3D)')
      query.push([pair.slice(0, eq), pair.slice(eq + 1)])
    }
  }

  // Then the values, percent-decoded. In an ambiguous URL the part we would name may not be
  // the part the user meant, so name none.
  const decode = (text: string, part: string): string => {
    const decoded = percentDecode(text)
    if (decoded !== undefined) return decoded
    return fail(
      canQuote
        ? `invalid percent-encoding in the ${part} (write a % as %25)`
        : 'invalid percent-encoding (in a user name or password write % as %25, / as %2F and @ as %40)',
    )
  }
  const params = new Map<string, string>()
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':')
    const user = colon < 0 ? userinfo : userinfo.slice(0, colon)
    const password = colon < 0 ? '' : userinfo.slice(colon + 1)
    if (user !== '') params.set('user', decode(user, 'user name'))
    if (password !== '') params.set('password', decode(password, 'password'))
  }
  const hostList = hosts.join(',')
  if (hostList !== '') params.set('host', decode(hostList, 'host'))
  const portList = ports.join(',')
  if (portList !== '') params.set('port', decode(portList, 'port'))
  if (database !== '') params.set('dbname', decode(database, 'database name'))
  for (const [rawKey, rawValue] of query) {
    const key = decode(rawKey, 'query')
    const value = decode(rawValue, 'query')
    // libpq's one alias, for JDBC compatibility.
    if (key === 'ssl' && value === 'true') {
      params.set('sslmode', 'require')
      continue
    }
    if (!LIBPQ_KEYWORDS.has(key)) fail(`unknown query parameter${canQuote ? ` "${key}"` : ''}`)
    params.set(key, value)
  }
  return { params, canQuote }
}

function parseConninfo(source: string, sourceName: string): ParsedConnectionString {
  const fail = (reason: string): never => {
    throw malformed(sourceName, reason, 'connection string')
  }
  const params = new Map<string, string>()
  const isSpace = (char: string | undefined): boolean => char !== undefined && /\s/.test(char)
  const unknownKeys: string[] = []
  let i = 0
  for (;;) {
    while (isSpace(source[i])) i++
    if (i >= source.length) break
    const keyStart = i
    while (i < source.length && source[i] !== '=' && !isSpace(source[i])) i++
    const key = source.slice(keyStart, i)
    while (isSpace(source[i])) i++
    if (source[i] !== '=' || key === '') fail('a parameter has no "=" after its name (quote values with spaces: password=\'a b\')')
    i++
    while (isSpace(source[i])) i++
    let value = ''
    if (source[i] === "'") {
      i++
      for (;;) {
        if (i >= source.length) fail('a quoted value has no closing quote')
        const char = source.charAt(i++)
        if (char === "'") break
        value += char === '\\' && i < source.length ? source.charAt(i++) : char
      }
    } else {
      while (i < source.length && !isSpace(source[i])) {
        const char = source.charAt(i++)
        value += char === '\\' && i < source.length ? source.charAt(i++) : char
      }
    }
    if (!LIBPQ_KEYWORDS.has(key)) unknownKeys.push(key)
    params.set(key, value)
  }
  // A password left unquoted with a space in it turns its second half into a "key": quote keys
  // only when no password is in the string.
  const canQuote = !params.has('password') && !params.has('sslpassword')
  if (unknownKeys.length > 0) fail(`unknown parameter${canQuote ? ` "${unknownKeys[0]}"` : ''}`)
  return { params, canQuote }
}

function malformed(sourceName: string, reason: string, kind: string): DatabaseError {
  return new DatabaseError('other', `cannot connect: malformed ${kind} in ${sourceName}: ${reason}`)
}

/** libpq's URI decoding: %XX only (no '+' for space), and never %00. Undefined when malformed. */
function percentDecode(text: string): string | undefined {
  if (!text.includes('%')) return text
  if (/%(?![0-9a-f]{2})|%00/i.test(text)) return undefined
  try {
    return decodeURIComponent(text)
  } catch {
    // Well-formed escapes that are not UTF-8 (e.g. %FF): libpq passes the bytes on; we cannot.
    return undefined
  }
}

function indexOfAny(text: string, chars: string, from: number): number {
  for (let i = from; i < text.length; i++) {
    if (chars.includes(text.charAt(i))) return i
  }
  return text.length
}
