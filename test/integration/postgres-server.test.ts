import { expect } from 'chai'
import { lstat, mkdtemp, rm, stat, symlink } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { openDatabase } from '../../src/introspect/open-database.js'
import { freePort } from '../support/databases.js'
import { packageNativeDir, startPostgresServer } from '../support/postgres-server.js'

describe("the test harness's PostgreSQL servers", function () {
  it("start from binaries in a directory the server's OS user cannot enter (a checkout under /root or in a 0700 mktemp -d)", async function () {
    // mkdtemp makes the directory 0700: as root, the `postgres` user the server runs as cannot enter it.
    const checkout = await mkdtemp(path.join(os.tmpdir(), 'vdb-private-checkout-'))
    expect((await stat(checkout)).mode & 0o777).to.equal(0o700)
    const unreachable = path.join(checkout, 'native')
    await symlink(packageNativeDir('17'), unreachable)
    const port = await freePort()
    const password = 'harness-test'
    try {
      const server = await startPostgresServer({ version: '17', port, password, nativeDir: unreachable, onLog: () => undefined })
      try {
        const session = await openDatabase(`postgresql://postgres:${password}@localhost:${port}/postgres?sslmode=disable`, { env: {} })
        try {
          const [row] = await session.query<{ version: string }>('SELECT version()')
          expect(row?.version).to.match(/^PostgreSQL 17\./)
        } finally {
          await session.close()
        }
        if (process.getuid?.() === 0) {
          // They ran from a real copy the server user can reach, not from a link back into the package.
          expect(server.nativeDir).to.not.equal(unreachable)
          expect((await lstat(server.nativeDir)).isSymbolicLink()).to.equal(false)
        } else {
          expect(server.nativeDir).to.equal(unreachable)
        }
      } finally {
        await server.stop()
      }
    } finally {
      await rm(checkout, { recursive: true, force: true })
    }
  })
})
