/**
 * Test databases, reused. Making one costs far more than the test that uses it: on PGlite ~1 s
 * (copy the template, start the WASM engine), on a server ~0.3 s (CREATE DATABASE, then DROP
 * DATABASE); resetting one costs ~50 ms, and the drift, fix and snapshot suites use hundreds.
 *
 * A database goes back to its pool only when the reset leaves it indistinguishable from a new
 * one (fingerprintOf, compared with the pool's first new database); anything the reset does not
 * undo discards it, and the next test gets a new one. So every test still starts on what a new
 * database would be, and a reset that falls short costs time, never a wrong result.
 */
import type { DatabaseSession } from '../../src/introspect/queryable.js'

/** A database the pool made: where it is, and how to delete it once its session is closed. */
export interface PooledDatabase {
  readonly url: string
  /** Deletes the database for good. */
  remove(): Promise<void>
}

/** A database that belongs to one test, lent by the pool (new, or reset to a new one's state). */
export interface TestDatabase {
  /** `pglite:<directory>` or a postgres URL (with password) that openDatabase() accepts. */
  readonly url: string
  /** An open session on it. A PGlite directory admits one instance at a time: close this before opening `url` again. */
  readonly session: DatabaseSession
  /** Closes `session` so another process or instance (e.g. the CLI) can open `url`; the database stays. */
  release(): Promise<void>
  /** Closes the session (if still open) and gives the database back (reset) or deletes it. */
  drop(): Promise<void>
}

export interface DatabasePoolOptions {
  /** Makes a new, empty database. */
  create(): Promise<PooledDatabase>
  /** Opens a session on a database of this pool. */
  open(url: string): Promise<DatabaseSession>
  /**
   * Whether the database's cluster is its own (PGlite: one database per instance), so roles
   * belong to its state; on a shared server other tests' roles come and go.
   */
  readonly isOwnCluster: boolean
  /**
   * Whether a released database (its session closed, e.g. so that the CLI could open it) may
   * be opened again for the reset. Not on PGlite: starting an instance costs what a copy does.
   */
  readonly canReopen: boolean
}

/** At most this many reset databases wait for their next test (a test may hold two at once). */
const IDLE_LIMIT = 2

/** A database of the pool with its open session, and the first transaction id after it was new (fingerprintOf). */
interface OpenDatabase {
  readonly database: PooledDatabase
  readonly session: DatabaseSession
  readonly sinceXid: string
}

export class DatabasePool {
  readonly #options: DatabasePoolOptions
  readonly #idle: OpenDatabase[] = []
  /** The fingerprint of a new database of this pool, taken from the first one. */
  #fresh: Promise<string> | undefined
  /** Counts clear()s: a database lent before one is not taken back after it (nothing would delete it). */
  #generation = 0

  constructor(options: DatabasePoolOptions) {
    this.#options = options
  }

  /** A database in the state of a new one: reset from an earlier test, or new. */
  async take(): Promise<TestDatabase> {
    const { database, session, sinceXid } = (await this.#idleAlive()) ?? (await this.#createNew())
    const generation = this.#generation
    let isReleased = false
    // Once dropped, the database may be the next test's: this test's handle must not touch it.
    let isDropped = false
    return {
      url: database.url,
      session: leaseOf(session, () => isDropped),
      release: async () => {
        if (isDropped) return
        isReleased = true
        await session.close()
      },
      drop: async () => {
        if (isDropped) return
        isDropped = true
        let resetting: DatabaseSession | undefined = session
        if (isReleased) resetting = this.#options.canReopen ? await this.#options.open(database.url).catch(() => undefined) : undefined
        const isWanted = generation === this.#generation && this.#idle.length < IDLE_LIMIT
        if (resetting !== undefined && isWanted && (await this.#reset(resetting, sinceXid))) {
          this.#idle.push({ database, session: resetting, sinceXid })
          return
        }
        await resetting?.close().catch(() => undefined)
        await session.close().catch(() => undefined)
        await database.remove()
      },
    }
  }

  /** Deletes the idle databases (at the end of a test file, or of the run); throws the first failure, after trying them all. */
  async clear(): Promise<void> {
    this.#generation++
    const failures: unknown[] = []
    for (const { database, session } of this.#idle.splice(0)) {
      await session.close().catch((error: unknown) => failures.push(error))
      await database.remove().catch((error: unknown) => failures.push(error))
    }
    if (failures.length > 0) throw failures[0]
  }

  /** An idle database whose session still works (a server may have ended an idle connection). */
  async #idleAlive(): Promise<OpenDatabase | undefined> {
    for (let idle = this.#idle.pop(); idle !== undefined; idle = this.#idle.pop()) {
      if (
        await idle.session.query('SELECT 1').then(
          () => true,
          () => false,
        )
      )
        return idle
      await idle.session.close().catch(() => undefined)
      await idle.database.remove().catch(() => undefined)
    }
    return undefined
  }

  async #createNew(): Promise<OpenDatabase> {
    const database = await this.#options.create()
    let session: DatabaseSession | undefined
    try {
      session = await this.#options.open(database.url)
      const sinceXid = await nextXid(session)
      if (this.#fresh === undefined) {
        const fresh = fingerprintOf(session, this.#options.isOwnCluster, sinceXid)
        this.#fresh = fresh
        // A first fingerprint that failed must not fail every later database of the pool.
        await fresh.catch((error: unknown) => {
          if (this.#fresh === fresh) this.#fresh = undefined
          throw error
        })
      }
      return { database, session, sinceXid }
    } catch (error) {
      await session?.close().catch(() => undefined)
      await database.remove().catch(() => undefined)
      throw error
    }
  }

  /** True when `session`'s database now fingerprints as a new one; false (never an exception) otherwise. */
  async #reset(session: DatabaseSession, sinceXid: string): Promise<boolean> {
    try {
      await session.exec('ROLLBACK')
      // Neither may run inside a transaction block, so neither shares an exec with the rest.
      await session.exec('DISCARD ALL')
      // Another client (a CLI process's session, still ending) could hold locks the drops would wait for.
      const [others] = await session.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM pg_stat_activity
         WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'`,
      )
      if (others?.count !== 0) return false
      // Whatever still holds a lock the drops need: give up (and discard) rather than wait.
      await session.exec(`BEGIN; SET LOCAL lock_timeout = '2s'; SET LOCAL statement_timeout = '60s'; ${DROP_EVERYTHING_SQL}; COMMIT`)
      return (await fingerprintOf(session, this.#options.isOwnCluster, sinceXid)) === (await this.#fresh)
    } catch {
      return false
    }
  }
}

/** The transaction id the next change of `session`'s database will have at least (as xmin shows it: 32 bits). */
async function nextXid(session: DatabaseSession): Promise<string> {
  const [row] = await session.query<{ xid: string }>('SELECT (txid_current() % 4294967296)::text AS xid')
  return row?.xid ?? '0'
}

/**
 * Drops every schema but `public`, and what `public` holds, one kind of object after another,
 * each list read once the previous kind is gone; IF EXISTS because a CASCADE earlier in the same
 * list may have taken an object already. Not `public` itself: initdb records its privileges in
 * pg_init_privs, which a recreated `public` would lack. Kinds not listed here (an operator class,
 * a conversion) stay behind, and the fingerprint then discards the database.
 */
const DROP_EVERYTHING_SQL = `
DO $$
DECLARE
  kinds text[] := ARRAY[
    $kind$SELECT format('DROP SCHEMA %I CASCADE', nspname) FROM pg_namespace
      WHERE nspname NOT IN ('public', 'pg_catalog', 'information_schema', 'pg_toast') AND nspname !~ '^pg_(toast_)?temp_'$kind$,
    $kind$SELECT format('DROP EXTENSION IF EXISTS %I CASCADE', extname) FROM pg_extension WHERE extnamespace = 'public'::regnamespace$kind$,
    $kind$SELECT format('DROP %s IF EXISTS %s CASCADE',
        CASE relkind WHEN 'v' THEN 'VIEW' WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE' WHEN 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, oid::regclass)
      FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
      ORDER BY relkind = 'S'$kind$,
    $kind$SELECT format('DROP %s IF EXISTS %s CASCADE', CASE prokind WHEN 'a' THEN 'AGGREGATE' WHEN 'p' THEN 'PROCEDURE' ELSE 'FUNCTION' END, oid::regprocedure)
      FROM pg_proc p WHERE pronamespace = 'public'::regnamespace
        AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype IN ('i', 'e'))$kind$,
    $kind$SELECT format('DROP OPERATOR IF EXISTS %s CASCADE', oid::regoperator) FROM pg_operator WHERE oprnamespace = 'public'::regnamespace$kind$,
    $kind$SELECT format('DROP TYPE IF EXISTS %s CASCADE', t.oid::regtype) FROM pg_type t
      WHERE t.typnamespace = 'public'::regnamespace AND t.typtype <> 'p'
        AND (t.typrelid = 0 OR (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c')
        AND NOT EXISTS (SELECT FROM pg_type e WHERE e.typarray = t.oid)
        AND NOT EXISTS (SELECT FROM pg_depend d WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype IN ('i', 'e'))$kind$,
    $kind$SELECT format('DROP COLLATION IF EXISTS %s CASCADE', oid::regcollation) FROM pg_collation WHERE collnamespace = 'public'::regnamespace$kind$,
    $kind$SELECT format('DROP TEXT SEARCH CONFIGURATION IF EXISTS %s CASCADE', oid::regconfig) FROM pg_ts_config WHERE cfgnamespace = 'public'::regnamespace$kind$,
    $kind$SELECT format('DROP TEXT SEARCH DICTIONARY IF EXISTS %s CASCADE', oid::regdictionary) FROM pg_ts_dict WHERE dictnamespace = 'public'::regnamespace$kind$
  ];
  kind text;
  statement text;
BEGIN
  FOREACH kind IN ARRAY kinds LOOP
    FOR statement IN EXECUTE format('SELECT unnest(ARRAY(%s))', kind) LOOP
      EXECUTE statement;
    END LOOP;
  END LOOP;
END $$`

/**
 * What tells one database's state from another's, OIDs aside: for every catalog of the database,
 * its row count (an object left anywhere adds rows) and how many of its rows were written since
 * the database was new (`sinceXid`: an object changed in place, a comment or a grant on a system
 * object, keeps the count but not the row's xmin); and the rows a test could change that live in
 * the cluster's shared catalogs (the database's own settings, privileges and comment, the roles of
 * its own cluster). Statistics are left out: ANALYZE writes them for the catalogs themselves.
 */
async function fingerprintOf(session: DatabaseSession, isOwnCluster: boolean, sinceXid: string): Promise<string> {
  if (!/^[0-9]+$/.test(sinceXid)) throw new Error(`not a transaction id: ${sinceXid}`)
  // The shared catalogs (roles, databases, tablespaces) are the cluster's: on a server other
  // tests change them. What of them belongs to this database is read below.
  const catalogs = await session.query<{ name: string }>(
    `SELECT relname AS name FROM pg_class
     WHERE relnamespace = 'pg_catalog'::regnamespace AND relkind = 'r' ${isOwnCluster ? '' : 'AND NOT relisshared'}
       AND relname NOT IN ('pg_statistic', 'pg_statistic_ext_data')
     ORDER BY relname`,
  )
  const isNew = `xmin::text::bigint >= ${sinceXid}`
  const items = [
    ...catalogs.map(
      ({ name }) => `SELECT '${name}' AS item, count(*) || ' rows, ' || count(*) FILTER (WHERE ${isNew}) || ' new' AS value FROM pg_catalog.${name}`,
    ),
    `SELECT 'namespaces', string_agg(concat_ws(' ', nspname, nspowner::regrole, nspacl, obj_description(oid, 'pg_namespace')), ';' ORDER BY nspname)
     FROM pg_namespace`,
    `SELECT 'extensions', string_agg(concat_ws(' ', extname, extversion, extnamespace::regnamespace, extconfig), ';' ORDER BY extname) FROM pg_extension`,
    `SELECT 'database', concat_ws(' ', datdba::regrole, datallowconn, datconnlimit, datistemplate, datacl, shobj_description(oid, 'pg_database'), ${isNew})
     FROM pg_database WHERE datname = current_database()`,
    `SELECT 'settings', string_agg(concat_ws(' ', setrole, setconfig), ';' ORDER BY setrole)
     FROM pg_db_role_setting WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    `SELECT 'shared dependencies', count(*)::text FROM pg_shdepend WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`,
    ...(isOwnCluster ? [`SELECT 'roles', string_agg(a::text, ';' ORDER BY rolname) FROM pg_authid a`] : []),
  ]
  const rows = await session.query<{ item: string; value: string | null }>(items.join('\nUNION ALL\n'))
  return rows.map((r) => `${r.item}=${r.value ?? ''}`).join('\n')
}

/** `session` for one test: every use after the test dropped its database fails instead of reaching the next test's. */
function leaseOf(session: DatabaseSession, isDropped: () => boolean): DatabaseSession {
  const ensureLent = (): void => {
    if (isDropped()) throw new Error('this test database was dropped (it may be another test’s by now)')
  }
  const forEachRow = session.forEachRow?.bind(session)
  return {
    displayTarget: session.displayTarget,
    async query<Row extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]> {
      ensureLent()
      return session.query<Row>(sql, params)
    },
    async exec(sql: string): Promise<void> {
      ensureLent()
      return session.exec(sql)
    },
    // Kept where the engine has it: the catalog reads stream rows through it.
    ...(forEachRow !== undefined && {
      async forEachRow<Row extends object = Record<string, unknown>>(sql: string, params: readonly unknown[], onRow: (row: Row) => void): Promise<void> {
        ensureLent()
        return forEachRow<Row>(sql, params, onRow)
      },
    }),
    close: () => (isDropped() ? Promise.resolve() : session.close()),
  }
}
