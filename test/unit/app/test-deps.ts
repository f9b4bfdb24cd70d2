/**
 * AppDeps for calling the command cores without a process: real databases (PGlite in memory,
 * set up by a script, or a server URL opened by the real openDatabase), files served from
 * memory, a fixed clock, an empty environment. Records what the cores asked for.
 */
import type { AppDeps } from '../../../src/app/deps.js'
import { openDatabase, type OpenDatabaseOptions } from '../../../src/introspect/open-database.js'
import type { DatabaseSession } from '../../../src/introspect/queryable.js'

export const FIXED_NOW = new Date('2024-05-06T07:08:09.000Z')

/** Nothing listens on port 1: connecting is refused at once. */
export const UNREACHABLE = 'postgresql://someone:pw-Unreachable-9@127.0.0.1:1/x'

export interface RecordingDeps extends AppDeps {
  /** Every openDatabase call, in order. */
  readonly opened: { readonly target: string | undefined; readonly options: OpenDatabaseOptions }[]
  /** Every path readFile was asked for. */
  readonly read: string[]
  /** How many sessions the cores opened and have closed. */
  readonly sessions: { open: number; closed: number }
}

export interface TestDepsOptions {
  /** Run on every `pglite:memory` database the cores open, before they see it. */
  readonly setupSql?: string
  /** Files readFile serves; any other path is ENOENT. */
  readonly files?: Readonly<Record<string, string>>
  /** Wraps each opened session (to inject a fault into a real one). */
  readonly wrap?: (session: DatabaseSession) => DatabaseSession
}

export function testDeps({ setupSql, files = {}, wrap = (s) => s }: TestDepsOptions = {}): RecordingDeps {
  const opened: RecordingDeps['opened'] = []
  const read: string[] = []
  const sessions = { open: 0, closed: 0 }
  return {
    opened,
    read,
    sessions,
    env: {},
    now: () => FIXED_NOW,
    readFile(path) {
      read.push(path)
      const text = files[path]
      if (text === undefined) return Promise.reject(Object.assign(new Error(`ENOENT: no such file or directory, open '${path}'`), { code: 'ENOENT' }))
      return Promise.resolve(text)
    },
    async openDatabase(target, options) {
      opened.push({ target, options })
      const session = await openDatabase(target, options)
      if (target === 'pglite:memory' && setupSql !== undefined) await session.exec(setupSql)
      sessions.open++
      const wrapped = wrap(session)
      return {
        displayTarget: wrapped.displayTarget,
        query: (sql, params) => wrapped.query(sql, params),
        exec: (sql) => wrapped.exec(sql),
        async close() {
          sessions.closed++
          await wrapped.close()
        },
      }
    },
  }
}
