/**
 * Secret scrubbing for everything we print. Connection strings carry passwords in three places
 * (URL userinfo, `?password=` query parameters, `password=` in key/value conninfo strings); all
 * three are replaced by `***`. Error messages and targets are built from redacted text in the
 * first place; `redact()` is the last line of defence the CLI applies to every message.
 */

/** What a password is replaced with. */
export const REDACTED = '***'

// scheme://authority — the authority ends at the first '/', '?', '#' or whitespace.
const URL_AUTHORITY = /\b([a-z][a-z0-9+.-]*:\/\/)([^\s/?#]*)/gi
// ?password=... or &password=... in a URL query string (also sslpassword=...).
const QUERY_PASSWORD = /([?&](?:ssl)?password=)[^&\s#]*/gi
// password=... in a key/value conninfo string: quoted values may contain spaces and \' escapes.
const CONNINFO_PASSWORD = /(^|[\s,;(])((?:ssl)?password\s*=\s*)('(?:[^'\\]|\\.)*'?|[^\s'&]+)/gi

/**
 * A postgres URL (or key/value conninfo string) with every password replaced by `***`.
 * Anything that is not a connection string comes back unchanged.
 */
export function redactUrl(url: string): string {
  return url
    .replace(URL_AUTHORITY, (_match, scheme: string, authority: string) => scheme + redactAuthority(authority))
    .replace(QUERY_PASSWORD, `$1${REDACTED}`)
    .replace(CONNINFO_PASSWORD, `$1$2${REDACTED}`)
}

/**
 * `text` with URL and conninfo passwords redacted and every occurrence of each given secret
 * (for example PGPASSWORD's value, raw and URL-encoded) replaced by `***`.
 */
export function redact(text: string, secrets: readonly (string | undefined)[] = []): string {
  let result = redactUrl(text)
  for (const secret of secrets) {
    if (secret === undefined || secret === '') continue
    for (const form of new Set([secret, encodeURIComponent(secret)])) {
      result = result.split(form).join(REDACTED)
    }
  }
  return result
}

/** user:password@host → user:***@host; the userinfo ends at the LAST '@' (a raw '@' may sit in a password). */
function redactAuthority(authority: string): string {
  const at = authority.lastIndexOf('@')
  if (at < 0) return authority
  const userinfo = authority.slice(0, at)
  const colon = userinfo.indexOf(':')
  if (colon < 0) return authority
  return `${userinfo.slice(0, colon)}:${REDACTED}${authority.slice(at)}`
}
