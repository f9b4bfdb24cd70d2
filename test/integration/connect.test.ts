/**
 * libpq's connection forms against a real server: the Unix-socket URL forms, host lists tried in
 * order, connect_timeout, application_name and options from the URL, and the password file
 * that group or others can read (ignored with libpq's warning, and an error that says so).
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createServer, type Server } from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { expect } from 'chai'
import { DatabaseError } from '../../src/errors.js'
import { openDatabase } from '../../src/introspect/open-database.js'
import type { DatabaseSession } from '../../src/introspect/queryable.js'
import { embeddedServerSocket, freePort, serverAdminUrl, serverPassword } from '../support/databases.js'

async function failure(promise: Promise<DatabaseSession>): Promise<DatabaseError> {
  const outcome = await promise.then(
    (session) => ({ session }),
    (error: unknown) => ({ error }),
  )
  if ('session' in outcome) {
    await outcome.session.close()
    return expect.fail('expected a DatabaseError')
  }
  expect(outcome.error).to.be.instanceOf(DatabaseError)
  expect((outcome.error as Error).message).to.not.include('\n')
  return outcome.error as DatabaseError
}

async function setting(session: DatabaseSession, name: string): Promise<string> {
  const [row] = await session.query<{ value: string }>('SELECT current_setting($1) AS value', [name])
  return row?.value ?? ''
}

/** A TCP server that accepts connections and never answers: a host that hangs. */
async function silentServer(): Promise<{ port: number; close: () => void }> {
  const server: Server = createServer(() => undefined)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { port: (server.address() as { port: number }).port, close: () => server.close() }
}

describe('connecting the ways libpq does, to a real server', function () {
  describe('through a Unix socket', function () {
    let directory: string
    let port: number
    let password: string

    before(async function () {
      ;({ directory, port, password } = await embeddedServerSocket())
      expect(directory).to.match(/^\//)
    })

    it('accepts postgresql://user@/db?host=<directory> (user, empty host), as psql does', async function () {
      const session = await openDatabase(`postgresql://postgres@/postgres?host=${directory}&port=${port}`, { env: { PGPASSWORD: password } })
      try {
        expect(session.displayTarget).to.equal(`postgresql://postgres@/postgres?host=${directory}&port=${port}`)
        expect(await setting(session, 'port')).to.equal(String(port))
      } finally {
        await session.close()
      }
    })

    it('accepts the socket directory percent-encoded as host, in the query, and in a key/value string', async function () {
      const env = { PGUSER: 'postgres', PGPASSWORD: password }
      const sources = [
        `postgresql://${encodeURIComponent(directory)}:${port}/postgres`,
        `postgresql:///postgres?host=${directory}&port=${port}&user=postgres&password=${encodeURIComponent(password)}`,
        `postgresql://postgres:${password}@/postgres?host=${directory}&port=${port}`,
        `host=${directory} port=${port} dbname=postgres`,
      ]
      for (const source of sources) {
        const session = await openDatabase(source, { env })
        await session.close()
        expect(session.displayTarget, source).to.equal(`postgresql://postgres@/postgres?host=${directory}&port=${port}`)
      }
    })

    it('matches a password file line for "localhost" to a socket connection, as libpq does', async function () {
      const home = await mkdtemp(path.join(os.tmpdir(), 'vdb-home-'))
      try {
        const file = path.join(home, 'pgpass')
        await writeFile(file, `localhost:${port}:*:postgres:${password}\n`)
        await chmod(file, 0o600)
        const session = await openDatabase(`postgresql://postgres@/postgres?host=${directory}&port=${port}&passfile=${encodeURIComponent(file)}`, { env: {} })
        await session.close()
      } finally {
        await rm(home, { recursive: true, force: true })
      }
    })
  })

  describe('host lists, connect_timeout and session parameters', function () {
    let admin: URL
    let password: string

    before(async function () {
      admin = new URL(await serverAdminUrl())
      password = await serverPassword()
    })

    it('tries the hosts of a list in order and connects to the first that answers', async function () {
      const closed = await freePort()
      const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${closed},${admin.hostname}:${admin.port}/postgres`
      const session = await openDatabase(url, { env: {} })
      try {
        expect(session.displayTarget).to.equal(`postgresql://postgres@${admin.hostname}:${admin.port}/postgres`)
      } finally {
        await session.close()
      }
    })

    it('names every host and its reason when none answers', async function () {
      const [first, second] = [await freePort(), await freePort()]
      const error = await failure(openDatabase(`postgresql://u:pw@127.0.0.1:${first},127.0.0.1:${second}/db`, { env: {} }))
      expect(error.failure).to.equal('refused')
      expect(error.message).to.match(
        new RegExp(
          `^cannot connect to postgresql://u@127\\.0\\.0\\.1:${first},127\\.0\\.0\\.1:${second}/db: no host accepted ` +
            `\\(127\\.0\\.0\\.1:${first}: connection refused .*; 127\\.0\\.0\\.1:${second}: connection refused .*\\)$`,
        ),
      )
    })

    it('stops at a host that answers but refuses the password, as libpq does', async function () {
      const closed = await freePort()
      const url = `postgresql://postgres:wrong-pw@${admin.hostname}:${admin.port},127.0.0.1:${closed}/postgres`
      const error = await failure(openDatabase(url, { env: {} }))
      expect(error.failure).to.equal('authentication')
      expect(error.message).to.match(new RegExp(`^cannot connect to postgresql://postgres@${admin.hostname}:${admin.port}/postgres: authentication failed`))
    })

    it("uses the URL's connect_timeout, also to move on from a host that hangs", async function () {
      this.timeout(60_000)
      const silent = await silentServer()
      try {
        // No timeout of our own: without connect_timeout these would wait for ever.
        const error = await failure(openDatabase(`postgresql://u:pw@127.0.0.1:${silent.port}/db?connect_timeout=2`, { env: {}, connectTimeoutMs: 0 }))
        expect(error.failure).to.equal('timeout')
        const url = `postgresql://postgres:${encodeURIComponent(password)}@127.0.0.1:${silent.port},${admin.hostname}:${admin.port}/postgres?connect_timeout=2`
        const session = await openDatabase(url, { env: {}, connectTimeoutMs: 0 })
        await session.close()
        expect(session.displayTarget).to.equal(`postgresql://postgres@${admin.hostname}:${admin.port}/postgres`)
      } finally {
        silent.close()
      }
    })

    it('passes application_name and options from the URL to the server', async function () {
      const url = new URL(admin.toString())
      url.search = '?application_name=my%20app&options=-c%20search_path%3Dvdb_elsewhere'
      const session = await openDatabase(url.toString(), { env: {} })
      try {
        expect(await setting(session, 'application_name')).to.equal('my app')
        expect(await setting(session, 'search_path')).to.equal('vdb_elsewhere')
      } finally {
        await session.close()
      }
      const plain = await openDatabase(admin.toString(), { env: {} })
      try {
        expect(await setting(plain, 'application_name')).to.equal('verify-database')
      } finally {
        await plain.close()
      }
    })
  })

  describe('a password file that group or others can read', function () {
    let admin: URL
    let password: string
    let home: string
    let file: string

    before(async function () {
      admin = new URL(await serverAdminUrl())
      password = await serverPassword()
      home = await mkdtemp(path.join(os.tmpdir(), 'vdb-home-'))
      file = path.join(home, '.pgpass')
      await writeFile(file, `${admin.hostname}:${admin.port}:*:postgres:${password}\n`)
    })

    after(async function () {
      await rm(home, { recursive: true, force: true })
    })

    const url = (): string => `postgresql://postgres@${admin.hostname}:${admin.port}/postgres`

    it('is ignored with libpq\'s warning, and the error says why instead of "put it in ~/.pgpass"', async function () {
      await chmod(file, 0o644)
      const warnings: string[] = []
      const error = await failure(openDatabase(url(), { env: { HOME: home }, onWarning: (message) => warnings.push(message) }))
      expect(warnings).to.deep.equal([`password file "${file}" has group or world access; permissions should be u=rw (0600) or less`])
      expect(error.failure).to.equal('authentication')
      expect(error.message).to.match(
        new RegExp(
          `^cannot connect to ${url()}: no password supplied: the password file "${file}" was ignored because it has group or world access \\(chmod 0600 it\\)`,
        ),
      )
      expect(error.message).to.not.include('put it in')
    })

    it('is read, without a warning, once it is 0600', async function () {
      await chmod(file, 0o600)
      const warnings: string[] = []
      const session = await openDatabase(url(), { env: { HOME: home }, onWarning: (message) => warnings.push(message) })
      await session.close()
      expect(warnings).to.deep.equal([])
    })

    it('is not even looked at when the URL has the password', async function () {
      await chmod(file, 0o644)
      const warnings: string[] = []
      const session = await openDatabase(`postgresql://postgres:${encodeURIComponent(password)}@${admin.hostname}:${admin.port}/postgres`, {
        env: { HOME: home },
        onWarning: (message) => warnings.push(message),
      })
      await session.close()
      expect(warnings).to.deep.equal([])
    })
  })
})
