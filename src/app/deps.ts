/**
 * Everything a command core needs from outside the process's pure code: a way to open databases,
 * read files, tell the time, the environment connections are resolved from, and where warnings
 * go. Cores take an AppDeps argument; tests pass their own (a real PGlite session, a spec served
 * from memory, a fixed clock). defaultDeps() is the only place in app/ that reads `process`.
 */
import { readFile } from 'node:fs/promises'
import { openDatabase, type OpenDatabaseOptions } from '../introspect/open-database.js'
import type { DatabaseSession } from '../introspect/queryable.js'

export interface AppDeps {
  /**
   * Opens a session on a target: a postgres URL, a key=value conninfo string or a pglite: URL;
   * undefined means DATABASE_URL, else libpq's PG* variables (read from `options.env`).
   * Failures it can explain are DatabaseErrors (exit 3).
   */
  readonly openDatabase: (target: string | undefined, options: OpenDatabaseOptions) => Promise<DatabaseSession>
  /** Reads a text file as UTF-8 (the spec). */
  readonly readFile: (path: string) => Promise<string>
  /** The clock that stamps reports (`generatedAt`). */
  readonly now: () => Date
  /** Where DATABASE_URL, PG* variables and HOME/PGPASSFILE come from. */
  readonly env: NodeJS.ProcessEnv
  /** Told what libpq would print as a WARNING (a password file others can read is ignored). */
  readonly onWarning?: (message: string) => void
}

/**
 * The real dependencies: the drivers, the file system, the system clock, process.env. Each of
 * `overrides` that is not undefined replaces its default (`{ env: options.env }` keeps process.env
 * when options.env is unset).
 */
export function defaultDeps(overrides: Partial<AppDeps> = {}): AppDeps {
  return {
    openDatabase: overrides.openDatabase ?? openDatabase,
    readFile: overrides.readFile ?? ((path) => readFile(path, 'utf8')),
    now: overrides.now ?? (() => new Date()),
    env: overrides.env ?? process.env,
    onWarning: overrides.onWarning,
  }
}
