import { expect } from 'chai'
import { execFile } from 'node:child_process'
import { appendFile, chmod, copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { DatabaseError, ExitCode } from '../../src/errors.js'
import { openDatabase } from '../../src/introspect/open-database.js'
import type { DatabaseSession } from '../../src/introspect/queryable.js'
import { serverAdminUrl, startDedicatedServer, type Server } from '../support/databases.js'

const run = promisify(execFile)

/** Whether the session's connection is encrypted, as the server sees it. */
async function usesTls(session: DatabaseSession): Promise<boolean> {
  const [row] = await session.query<{ ssl: boolean }>('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()')
  return row?.ssl ?? false
}

/** Opens `url` with no PG* environment, runs `use`, closes. */
async function withSession<T>(url: string, use: (session: DatabaseSession) => Promise<T>): Promise<T> {
  const session = await openDatabase(url, { env: {} })
  try {
    return await use(session)
  } finally {
    await session.close()
  }
}

async function failure(promise: Promise<unknown>): Promise<DatabaseError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).to.be.instanceOf(DatabaseError)
  return error as DatabaseError
}

describe('sslmode against a server with ssl = on (self-signed certificate for localhost)', function () {
  // pg_hba.conf demands TLS for this role only (hostssl), to test sslmode=allow,
  const tlsOnlyRole = 'tls_only'
  const tlsOnlyPassword = 'tls-only-pw'
  // and refuses it for this one (hostnossl), to test prefer's fallback.
  const plainOnlyRole = 'plain_only'
  const plainOnlyPassword = 'plain-only-pw'
  let certificates: string
  let rootCert: string
  let server: Server
  let port: string
  let password: string
  let socketDirectory: string

  before(async function () {
    certificates = await mkdtemp(path.join(os.tmpdir(), 'vdb-tls-'))
    rootCert = path.join(certificates, 'server.crt')
    const key = path.join(certificates, 'server.key')
    // Self-signed, so the certificate is its own root: sslrootcert=server.crt verifies it.
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      rootCert,
      '-days',
      '2',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost',
    ])
    server = await startDedicatedServer(async (dataDir) => {
      await copyFile(rootCert, path.join(dataDir, 'server.crt'))
      await copyFile(key, path.join(dataDir, 'server.key'))
      // PostgreSQL refuses a key file others can read.
      await chmod(path.join(dataDir, 'server.key'), 0o600)
      await appendFile(path.join(dataDir, 'postgresql.conf'), "\nssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n")
      await writeFile(
        path.join(dataDir, 'pg_hba.conf'),
        [
          `hostssl all ${tlsOnlyRole} all scram-sha-256`,
          `hostnossl all ${plainOnlyRole} all scram-sha-256`,
          'host all postgres all scram-sha-256',
          'local all postgres scram-sha-256',
          '',
        ].join('\n'),
      )
    })
    const admin = new URL(server.adminUrl)
    port = admin.port
    password = server.password
    socketDirectory = await withSession(`${server.adminUrl}?sslmode=require`, async (session) => {
      await session.exec(`CREATE ROLE ${tlsOnlyRole} LOGIN PASSWORD '${tlsOnlyPassword}'`)
      await session.exec(`CREATE ROLE ${plainOnlyRole} LOGIN PASSWORD '${plainOnlyPassword}'`)
      const [row] = await session.query<{ directories: string }>("SELECT current_setting('unix_socket_directories') AS directories")
      return row?.directories.split(',')[0]?.trim() ?? ''
    })
  })

  after(async function () {
    await server?.stop()
    await rm(certificates, { recursive: true, force: true })
  })

  const url = (host: string, query = '', user = 'postgres', secret = password): string => `postgresql://${user}:${secret}@${host}:${port}/postgres${query}`

  it('encrypts by default (no sslmode means prefer, as in psql)', async function () {
    expect(await withSession(url('localhost'), usesTls)).to.equal(true)
  })

  it('connects in plain text with sslmode=disable', async function () {
    expect(await withSession(url('localhost', '?sslmode=disable'), usesTls)).to.equal(false)
  })

  it('encrypts with sslmode=prefer and with sslmode=require', async function () {
    expect(await withSession(url('localhost', '?sslmode=prefer'), usesTls)).to.equal(true)
    expect(await withSession(url('localhost', '?sslmode=require'), usesTls)).to.equal(true)
  })

  it('encrypts with sslmode=verify-full when the certificate is trusted and names the host', async function () {
    expect(await withSession(url('localhost', `?sslmode=verify-full&sslrootcert=${encodeURIComponent(rootCert)}`), usesTls)).to.equal(true)
  })

  it('refuses sslmode=verify-full when the host is not the one the certificate names, as a one-line tls error (exit 3)', async function () {
    const error = await failure(openDatabase(url('127.0.0.1', `?sslmode=verify-full&sslrootcert=${encodeURIComponent(rootCert)}`), { env: {} }))
    expect(error.failure).to.equal('tls')
    expect(error.exitCode).to.equal(ExitCode.connection)
    expect(error.message).to.match(new RegExp(`^cannot connect to postgresql://postgres@127\\.0\\.0\\.1:${port}/postgres: TLS problem`))
    expect(error.message).to.not.include('\n')
    expect(error.message).to.not.include(password)
  })

  it('refuses sslmode=verify-full without a trusted root for a self-signed certificate', async function () {
    const error = await failure(openDatabase(url('localhost', '?sslmode=verify-full'), { env: {} }))
    expect(error.failure).to.equal('tls')
  })

  it('falls back to plain text under prefer when pg_hba.conf refuses TLS (hostnossl)', async function () {
    expect(await withSession(url('localhost', '', plainOnlyRole, plainOnlyPassword), usesTls)).to.equal(false)
  })

  it('connects over a Unix-domain socket in plain text whatever the sslmode, as libpq does', async function () {
    const socket = `?host=${encodeURIComponent(socketDirectory)}`
    expect(await withSession(url('localhost', socket), usesTls)).to.equal(false)
    expect(await withSession(url('localhost', `${socket}&sslmode=require`), usesTls)).to.equal(false)
  })

  it('connects in plain text with sslmode=allow when the server accepts that', async function () {
    expect(await withSession(url('localhost', '?sslmode=allow'), usesTls)).to.equal(false)
  })

  it('retries with TLS under sslmode=allow when pg_hba.conf demands it (hostssl)', async function () {
    const plain = await failure(openDatabase(url('localhost', '?sslmode=disable', tlsOnlyRole, tlsOnlyPassword), { env: {} }))
    expect(plain.message).to.include('no pg_hba.conf entry')
    expect(await withSession(url('localhost', '?sslmode=allow', tlsOnlyRole, tlsOnlyPassword), usesTls)).to.equal(true)
  })
})

describe('sslmode against a server without TLS', function () {
  it('falls back to plain text by default and with sslmode=prefer', async function () {
    const admin = await serverAdminUrl()
    expect(await withSession(admin, usesTls)).to.equal(false)
    expect(await withSession(`${admin}?sslmode=prefer`, usesTls)).to.equal(false)
  })
})
