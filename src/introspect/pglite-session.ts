import { stat } from 'node:fs/promises'
import path from 'node:path'
import { PGlite, type Extensions } from '@electric-sql/pglite'
import { btree_gin } from '@electric-sql/pglite/contrib/btree_gin'
import { btree_gist } from '@electric-sql/pglite/contrib/btree_gist'
import { citext } from '@electric-sql/pglite/contrib/citext'
import { fuzzystrmatch } from '@electric-sql/pglite/contrib/fuzzystrmatch'
import { hstore } from '@electric-sql/pglite/contrib/hstore'
import { ltree } from '@electric-sql/pglite/contrib/ltree'
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm'
import { pgcrypto } from '@electric-sql/pglite/contrib/pgcrypto'
import { tablefunc } from '@electric-sql/pglite/contrib/tablefunc'
import { unaccent } from '@electric-sql/pglite/contrib/unaccent'
import { uuid_ossp } from '@electric-sql/pglite/contrib/uuid_ossp'
import { DatabaseError } from '../errors.js'
import type { DatabaseSession } from './queryable.js'
import { toDatabaseError } from './to-database-error.js'
import { PGLITE_PREFIX } from './pglite-url.js'

/**
 * Contrib extensions made loadable in every PGlite instance we open. PGlite only finds an
 * extension's code when it is registered at start-up, so a database whose schema uses e.g.
 * citext can only be created, and its columns read, when it is listed here.
 */
export const PGLITE_EXTENSIONS: Extensions = {
  btree_gin,
  btree_gist,
  citext,
  fuzzystrmatch,
  hstore,
  ltree,
  pg_trgm,
  pgcrypto,
  tablefunc,
  unaccent,
  uuid_ossp,
}

/** A DatabaseSession over an in-process PGlite (PostgreSQL compiled to WASM). */
export class PgliteSession implements DatabaseSession {
  readonly displayTarget: string
  readonly #db: PGlite
  #closed = false

  private constructor(db: PGlite, displayTarget: string) {
    this.#db = db
    this.displayTarget = displayTarget
  }

  /**
   * Opens `pglite:memory` (a fresh, empty in-memory database) or `pglite:<directory>`, which must
   * already hold a PGlite database: we never create what we were asked to verify.
   */
  static async open(url: string): Promise<PgliteSession> {
    const location = url.slice(PGLITE_PREFIX.length)
    if (location === 'memory') return new PgliteSession(await start(url, undefined), url)
    if (location === '') throw new DatabaseError('database_not_found', `cannot open ${url}: no directory given (use pglite:memory or pglite:<directory>)`)
    const directory = path.resolve(location)
    const target = `${PGLITE_PREFIX}${directory}`
    const info = await stat(directory).catch(() => undefined)
    if (info === undefined || !info.isDirectory()) {
      throw new DatabaseError('database_not_found', `cannot open ${target}: directory does not exist`)
    }
    // Every PostgreSQL data directory, PGlite's included, starts with a PG_VERSION file.
    const version = await stat(path.join(directory, 'PG_VERSION')).catch(() => undefined)
    if (version === undefined || !version.isFile()) {
      throw new DatabaseError('database_not_found', `cannot open ${target}: not a PGlite database directory (no PG_VERSION file)`)
    }
    return new PgliteSession(await start(target, directory), target)
  }

  async query<Row extends object = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    try {
      const result = await this.#db.query<Row>(sql, [...params])
      return result.rows
    } catch (error) {
      throw toDatabaseError(error, this.displayTarget, 'query') ?? error
    }
  }

  async exec(sql: string): Promise<void> {
    try {
      await this.#db.exec(sql)
    } catch (error) {
      throw toDatabaseError(error, this.displayTarget, 'query') ?? error
    }
  }

  /** Idempotent; a PGlite directory can be opened by one instance at a time, so close before reopening. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#db.close()
  }
}

async function start(target: string, directory: string | undefined): Promise<PGlite> {
  try {
    return await PGlite.create(directory, { extensions: PGLITE_EXTENSIONS })
  } catch (error) {
    throw toDatabaseError(error, target, 'connect') ?? error
  }
}
