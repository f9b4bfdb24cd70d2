/**
 * Expected failures carry the exit code the CLI returns for them; anything that is not a
 * UserError is a bug (exit 4, stack only with --debug). Messages must never contain secrets:
 * the CLI passes every message through redact() as a last line of defence, but build them
 * from redacted targets in the first place.
 */

export const ExitCode = {
  ok: 0,
  drift: 1,
  usage: 2,
  connection: 3,
  internal: 4,
} as const
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode]

export class UserError extends Error {
  readonly exitCode: ExitCode
  constructor(message: string, exitCode: ExitCode, options?: { cause?: unknown }) {
    super(message, options)
    this.name = new.target.name
    this.exitCode = exitCode
  }
}

/** Bad command-line usage (exit 2). */
export class UsageError extends UserError {
  constructor(message: string) {
    super(message, ExitCode.usage)
  }
}

/** Our own output (stdout, --out) could not be written: a full disk, a closed pipe (exit 2). */
export class OutputError extends UserError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.usage, options)
  }
}

/** Where in the spec file a problem is. Line and column are 1-based. */
export interface SpecLocation {
  readonly file: string
  /** JSON pointer (RFC 6901), '' for the whole document. */
  readonly pointer: string
  readonly line?: number
  readonly column?: number
}

export interface SpecProblem extends SpecLocation {
  readonly message: string
}

/** The spec file cannot be read, is not JSON, breaks the JSON Schema or refers to unknown objects (exit 2). */
export class SpecError extends UserError {
  readonly problems: readonly SpecProblem[]
  constructor(problems: readonly SpecProblem[]) {
    super(problems.map(formatSpecProblem).join('\n'), ExitCode.usage)
    this.problems = problems
  }
}

export function formatSpecProblem(p: SpecProblem): string {
  const where = p.line === undefined ? p.file : `${p.file}:${p.line}:${p.column ?? 1}`
  // A line says where already (an SQL spec's statement, a JSON syntax error): no pointer to add.
  if (p.pointer === '' && p.line !== undefined) return escapeControlCharacters(`${where}: ${p.message}`)
  const pointer = p.pointer === '' ? '(document)' : p.pointer
  return escapeControlCharacters(`${where}: ${pointer}: ${p.message}`)
}

/**
 * One problem, one line: names in a spec may hold newlines or other control characters (a NUL
 * the spec is rejected for), which are written as JSON escapes instead of breaking the line.
 */
function escapeControlCharacters(text: string): string {
  let escaped = ''
  let copied = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code >= 0x20 && code !== 0x7f) continue
    escaped += `${text.slice(copied, i)}\\u${code.toString(16).padStart(4, '0')}`
    copied = i + 1
  }
  return copied === 0 ? text : escaped + text.slice(copied)
}

/** Why the database could not be reached or read; every variant exits 3. */
export type DatabaseFailure = 'refused' | 'host_not_found' | 'authentication' | 'database_not_found' | 'permission' | 'timeout' | 'tls' | 'other'

/** The database could not be connected to or introspected (exit 3). One-line, redacted message. */
export class DatabaseError extends UserError {
  readonly failure: DatabaseFailure
  constructor(failure: DatabaseFailure, message: string, options?: { cause?: unknown }) {
    super(message, ExitCode.connection, options)
    this.failure = failure
  }
}
