import { DatabaseError, type DatabaseFailure } from '../errors.js'
import { redact } from '../redact.js'
import { oneLine } from '../text/one-line.js'

/** When the error happened: any failure to connect is expected; a failing query may be our bug. */
export type ErrorPhase = 'connect' | 'query'

// Network errors of Node's net/dns/tls layers and what they mean to a user.
const NODE_CODES: Readonly<Record<string, readonly [DatabaseFailure, string]>> = {
  ECONNREFUSED: ['refused', 'connection refused (is the server running and accepting TCP connections on that port?)'],
  ENOENT: ['refused', 'no server socket at that path (is the server running?)'],
  ECONNRESET: ['refused', 'connection reset by the server'],
  EHOSTUNREACH: ['refused', 'host unreachable'],
  ENETUNREACH: ['refused', 'network unreachable'],
  ENOTFOUND: ['host_not_found', 'host not found'],
  EAI_AGAIN: ['host_not_found', 'host not found (temporary DNS failure)'],
  ETIMEDOUT: ['timeout', 'connection timed out'],
}

// SQLSTATEs (or their two-character class) that are the environment's fault, not ours.
const SQLSTATES: Readonly<Record<string, readonly [DatabaseFailure, string]>> = {
  '28P01': ['authentication', 'authentication failed'],
  '28000': ['authentication', 'authentication failed'],
  '3D000': ['database_not_found', 'database does not exist'],
  '42501': ['permission', 'permission denied'],
  '57014': ['timeout', 'statement timeout'],
  '55P03': ['timeout', 'lock timeout'],
  '57P01': ['other', 'the server is shutting down'],
  '57P03': ['refused', 'the server is not accepting connections yet'],
  '53300': ['refused', 'too many connections'],
  '08': ['other', 'connection failure'],
  '53': ['other', 'the server is out of resources'],
}

const NO_PASSWORD = 'no password supplied (put it in the URL, PGPASSWORD or ~/.pgpass)'

/**
 * Maps a driver error to a one-line, redacted DatabaseError naming `target` and the reason.
 * In the 'query' phase unrecognised errors (syntax errors, missing columns: our bugs) return
 * undefined so the caller rethrows them untouched; in the 'connect' phase everything maps.
 * `noPasswordReason` replaces the advice given when the server wants a password we do not have.
 */
export function toDatabaseError(
  error: unknown,
  target: string,
  phase: ErrorPhase,
  secrets: readonly (string | undefined)[] = [],
  noPasswordReason: string = NO_PASSWORD,
): DatabaseError | undefined {
  if (error instanceof DatabaseError) return error
  const code = errorCode(error)
  const driverMessage = oneLine(redact(errorMessage(error), secrets))
  const known = classify(code, driverMessage, noPasswordReason)
  if (known === undefined && phase === 'query') return undefined
  const [failure, reason] = known ?? ['other', 'unexpected error']
  const detail = driverMessage === '' || driverMessage === reason ? '' : ` (${driverMessage})`
  const verb = phase === 'connect' ? 'cannot connect to' : 'cannot read'
  const cause = new Error(driverMessage)
  if (code !== undefined) Object.assign(cause, { code })
  return new DatabaseError(failure, `${verb} ${target}: ${describe(failure, reason, driverMessage)}${failure === 'permission' ? '' : detail}`, { cause })
}

function classify(code: string | undefined, message: string, noPasswordReason: string): readonly [DatabaseFailure, string] | undefined {
  if (code !== undefined) {
    const known = NODE_CODES[code] ?? SQLSTATES[code] ?? (/^[0-9A-Z]{5}$/.test(code) ? SQLSTATES[code.slice(0, 2)] : undefined)
    if (known !== undefined) return known
    if (/^(ERR_TLS_|ERR_SSL_|DEPTH_ZERO|SELF_SIGNED|UNABLE_TO_|CERT_)/.test(code)) return ['tls', 'TLS problem']
  }
  if (/timeout|timed out/i.test(message)) return ['timeout', 'timed out']
  if (/\bSSL\b|\bTLS\b|certificate/i.test(message)) return ['tls', 'TLS problem']
  if (/password must be a string|no password/i.test(message)) {
    return ['authentication', noPasswordReason]
  }
  if (/Connection terminated/i.test(message)) return ['other', 'connection lost']
  return undefined
}

/** "permission denied for schema app" says what was denied; keep it instead of a vaguer reason. */
function describe(failure: DatabaseFailure, reason: string, driverMessage: string): string {
  if (failure !== 'permission') return reason
  return /permission denied/i.test(driverMessage) ? driverMessage : `${reason} (${driverMessage})`
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined
  return typeof error.code === 'string' ? error.code : undefined
}

function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    // AggregateError (one per resolved address) carries the useful text in its members.
    if (error.message === '' && error instanceof AggregateError) {
      return error.errors.map(errorMessage).join('; ')
    }
    return error.message
  }
  return String(error)
}
