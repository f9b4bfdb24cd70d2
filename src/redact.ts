/**
 * Secret scrubbing for everything we print. Connection strings carry passwords in three places
 * (URL userinfo, `?password=` query parameters, `password=` in key/value conninfo strings); all
 * three are replaced by `***`. Error messages and targets are built without passwords in the
 * first place (they never quote a connection string); `redact()` is the last line of defence the
 * CLI applies to every message, with `connectionSecrets()` of its arguments and DATABASE_URL.
 */

/** What a password is replaced with. */
export const REDACTED = '***'

// connectionSecrets() ignores shorter candidates (see there).
const MIN_SECRET_LENGTH = 4

// scheme://… up to whitespace: the userinfo is redacted up to the token's last '@', so that a
// password with an unencoded '/', '?', '#' or '@' is caught too.
const URL_TOKEN = /\b([a-z][a-z0-9+.-]*:\/\/)(\S*)/gi
// ?password=... or &password=... in a URL query string (also sslpassword=...).
const QUERY_PASSWORD = /([?&](?:ssl)?password=)[^&\s]*/gi
// password=... in a key/value conninfo string: quoted values may contain spaces and \' escapes,
// unquoted ones backslash-escaped spaces.
const CONNINFO_PASSWORD = /(^|[\s,;(])((?:ssl)?password\s*=\s*)('(?:[^'\\]|\\[\s\S])*'?|(?:\\[\s\S]?|[^\s\\])+)/gi

/**
 * A postgres URL (or key/value conninfo string) with every password replaced by `***`.
 * Anything that is not a connection string comes back unchanged.
 */
export function redactUrl(url: string): string {
  return url
    .replace(URL_TOKEN, (_match, scheme: string, rest: string) => scheme + redactUserinfo(rest))
    .replace(QUERY_PASSWORD, `$1${REDACTED}`)
    .replace(CONNINFO_PASSWORD, `$1$2${REDACTED}`)
}

/**
 * `text` with URL and conninfo passwords redacted and every occurrence of each given secret
 * (for example PGPASSWORD's value, raw and URL-encoded) replaced by `***`.
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let result = redactUrl(text)
  const forms = new Set<string>()
  for (const secret of secrets) {
    if (secret === undefined || secret === '') continue
    forms.add(secret)
    forms.add(encodeURIComponent(secret))
  }
  // Longest first: a shorter secret inside a longer one must not cut it into unmatched pieces.
  for (const form of [...forms].sort((a, b) => b.length - a.length)) {
    result = result.split(form).join(REDACTED)
  }
  return result
}

/** user:password@host → user:***@host; the userinfo ends at the LAST '@' (a raw '@' may sit in a password). */
function redactUserinfo(rest: string): string {
  const at = rest.lastIndexOf('@')
  if (at < 0) return rest
  const colon = rest.indexOf(':')
  if (colon < 0 || colon > at) return rest
  return `${rest.slice(0, colon)}:${REDACTED}${rest.slice(at)}`
}

/**
 * Every string that may be a password in `text` (a command-line argument, DATABASE_URL): URL
 * userinfo passwords, read both the way our parser and the most generous way reads them (up to
 * the last '@' anywhere), `password=` query and conninfo values, raw and decoded. Passed to
 * redact() so that not even a malformed connection string leaks its password.
 */
export function connectionSecrets(text: string | undefined): string[] {
  if (text === undefined || text === '') return []
  const secrets: string[] = []
  const add = (raw: string): void => {
    // Shorter candidates would turn every such letter of a message into ***; messages never
    // quote a connection string, so this net is for the long passwords people generate.
    if (raw.length < MIN_SECRET_LENGTH) return
    secrets.push(raw)
    const decoded = tryDecode(raw)
    if (decoded !== undefined && decoded !== raw) secrets.push(decoded)
  }
  for (const match of text.matchAll(/postgres(?:ql)?:\/\//gi)) {
    const rest = text.slice((match.index ?? 0) + match[0].length)
    const slash = rest.indexOf('/')
    for (const at of [rest.lastIndexOf('@'), (slash < 0 ? rest : rest.slice(0, slash)).lastIndexOf('@')]) {
      const colon = rest.indexOf(':')
      if (at >= 0 && colon >= 0 && colon < at) add(rest.slice(colon + 1, at))
    }
    for (const query of rest.matchAll(/[?&](?:ssl)?password=([^&]*)/gi)) add(query[1] ?? '')
  }
  for (const match of text.matchAll(/(?:^|[^a-z0-9_])(?:ssl)?password\s*=\s*/gi)) {
    const start = (match.index ?? 0) + match[0].length
    const value = conninfoValue(text, start)
    add(value.raw)
    add(value.unescaped)
  }
  return secrets
}

/** The key/value conninfo value at `start`: quoted ('…' with \ escapes) or up to whitespace. */
function conninfoValue(text: string, start: number): { raw: string, unescaped: string } {
  let i = start
  let unescaped = ''
  const isQuoted = text[i] === "'"
  if (isQuoted) i++
  while (i < text.length) {
    const char = text.charAt(i)
    if (isQuoted ? char === "'" : /\s/.test(char)) break
    if (char === '\\' && i + 1 < text.length) {
      unescaped += text.charAt(i + 1)
      i += 2
    } else {
      unescaped += char
      i++
    }
  }
  return { raw: text.slice(isQuoted ? start + 1 : start, i), unescaped }
}

function tryDecode(text: string): string | undefined {
  try {
    return decodeURIComponent(text)
  } catch {
    return undefined
  }
}
