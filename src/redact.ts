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
  return redactUrlTokens(url).replace(QUERY_PASSWORD, `$1${REDACTED}`).replace(CONNINFO_PASSWORD, `$1$2${REDACTED}`)
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

/**
 * Every `scheme://…` token (up to whitespace) with its userinfo redacted up to the token's last
 * '@', so that a password with an unencoded '/', '?', '#' or '@' is caught too. The scheme is
 * what `\b[a-z][a-z0-9+.-]*` would match, found by walking back from each `://` rather than by
 * that regex, which backtracks quadratically over a long run like `a-a-a-…` with no `://`.
 */
function redactUrlTokens(text: string): string {
  let result = ''
  let copied = 0
  let separator = text.indexOf('://')
  while (separator >= 0) {
    let start = separator
    while (start > copied && isSchemeChar(text.charCodeAt(start - 1))) start--
    // The leftmost letter in that run that starts a word (\b) begins the scheme.
    while (start < separator && !(isLetter(text.charCodeAt(start)) && (start === 0 || !isWordChar(text.charCodeAt(start - 1))))) start++
    if (start === separator) {
      separator = text.indexOf('://', separator + 3)
      continue
    }
    let end = separator + 3
    while (end < text.length && !/\s/.test(text.charAt(end))) end++
    result += text.slice(copied, separator + 3) + redactUserinfo(text.slice(separator + 3, end))
    copied = end
    separator = text.indexOf('://', end)
  }
  return result + text.slice(copied)
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122)
}

function isSchemeChar(code: number): boolean {
  return isLetter(code) || (code >= 48 && code <= 57) || code === 43 || code === 45 || code === 46
}

function isWordChar(code: number): boolean {
  return isLetter(code) || (code >= 48 && code <= 57) || code === 95
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
function conninfoValue(text: string, start: number): { raw: string; unescaped: string } {
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
