import type { Stats } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'

/** The connection parameters a ~/.pgpass line is matched against. */
export interface PgpassKey {
  readonly host: string
  readonly port: number
  readonly database: string
  readonly user: string
}

/** What a password file lookup found. */
export interface PgpassLookup {
  readonly password: string | undefined
  /** The file exists but was ignored: its path, and why ("it is not a plain file"), for the caller's error. */
  readonly ignoredFile?: { readonly path: string; readonly why: string }
}

/**
 * The password for `key` from the libpq password file (`passfile`, else PGPASSFILE, else
 * ~/.pgpass). We read the file ourselves instead of relying on node-postgres because pg only
 * looks at process.env (our callers pass their own env) and prints a deprecation warning when it
 * does. Like libpq, a file that is not a plain file, or that group or others can access, is
 * ignored with a warning through `onWarning`.
 */
export async function readPgpass(
  key: PgpassKey,
  env: NodeJS.ProcessEnv,
  options: { passfile?: string; onWarning?: (message: string) => void } = {},
): Promise<PgpassLookup> {
  const file = options.passfile ?? nonEmpty(env.PGPASSFILE) ?? (env.HOME === undefined ? undefined : path.join(env.HOME, '.pgpass'))
  if (file === undefined) return { password: undefined }
  let info: Stats
  try {
    info = await stat(file)
  } catch {
    // No password file is not an error: libpq silently goes on without one.
    return { password: undefined }
  }
  // libpq's checks, and its warnings word for word.
  const problem = !info.isFile()
    ? { warning: 'is not a plain file', why: 'it is not a plain file' }
    : process.platform !== 'win32' && (info.mode & 0o077) !== 0
      ? { warning: 'has group or world access; permissions should be u=rw (0600) or less', why: 'it has group or world access (chmod 0600 it)' }
      : undefined
  if (problem !== undefined) {
    options.onWarning?.(`password file "${file}" ${problem.warning}`)
    return { password: undefined, ignoredFile: { path: file, why: problem.why } }
  }
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch {
    // Unreadable (e.g. owned by someone else): libpq goes on without it too.
    return { password: undefined }
  }
  for (const line of text.split(/\r?\n/)) {
    const fields = splitPgpassLine(line)
    if (fields === undefined) continue
    const [host, port, database, user, password] = fields
    if (matches(host, key.host) && matches(port, String(key.port)) && matches(database, key.database) && matches(user, key.user)) return { password }
  }
  return { password: undefined }
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value
}

function matches(pattern: string | undefined, value: string): boolean {
  // libpq treats "localhost" in .pgpass as also matching a Unix-domain socket connection.
  return pattern === '*' || pattern === value || (pattern === 'localhost' && value.startsWith('/'))
}

/** host:port:database:user:password with `\:` and `\\` escapes; comments and short lines are skipped. */
function splitPgpassLine(line: string): string[] | undefined {
  if (line.trim() === '' || line.startsWith('#')) return undefined
  const fields: string[] = []
  let current = ''
  for (let i = 0; i < line.length; i++) {
    const char = line[i]
    if (char === '\\' && i + 1 < line.length) {
      current += line[++i]
    } else if (char === ':' && fields.length < 4) {
      fields.push(current)
      current = ''
    } else {
      current += char
    }
  }
  fields.push(current)
  return fields.length === 5 ? fields : undefined
}
