import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'

/** The connection parameters a ~/.pgpass line is matched against. */
export interface PgpassKey {
  readonly host: string
  readonly port: number
  readonly database: string
  readonly user: string
}

/**
 * The password for `key` from the libpq password file (PGPASSFILE, else ~/.pgpass), or undefined.
 * We read the file ourselves instead of relying on node-postgres because pg only looks at
 * process.env (our callers pass their own env) and prints a deprecation warning when it does.
 * Like libpq, a file readable by group or others is ignored.
 */
export async function readPgpass(key: PgpassKey, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const file = env.PGPASSFILE ?? (env.HOME === undefined ? undefined : path.join(env.HOME, '.pgpass'))
  if (file === undefined) return undefined
  try {
    const info = await stat(file)
    if (!info.isFile() || (process.platform !== 'win32' && (info.mode & 0o077) !== 0)) return undefined
    const text = await readFile(file, 'utf8')
    for (const line of text.split(/\r?\n/)) {
      const fields = splitPgpassLine(line)
      if (fields === undefined) continue
      const [host, port, database, user, password] = fields
      if (
        matches(host, key.host) &&
        matches(port, String(key.port)) &&
        matches(database, key.database) &&
        matches(user, key.user)
      ) return password
    }
  } catch {
    // No readable password file is not an error: libpq silently goes on without one.
  }
  return undefined
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
