/**
 * `check --wait`: what a container start script runs before the app. The binary is started
 * before the server exists; the server comes up (initdb, then start) on the port the CLI waits
 * for; the check then runs. Failures waiting cannot fix (a wrong password) fail at once, and a
 * server that never comes gives exit 3 with the last error.
 */
import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { expect } from 'chai'
import { freePort, serverAdminUrl } from '../support/databases.js'
import { startPostgresServer } from '../support/postgres-server.js'
import { runBin } from '../support/run-bin.js'
import { waitOptionsOf } from '../../src/cli/wait-progress.js'
import { DatabaseError } from '../../src/errors.js'

const run = (args: readonly string[]): ReturnType<typeof runBin> => runBin(args)

const waitingLines = (stderr: string): string[] => stderr.split('\n').filter((line) => line.startsWith('verify-database: waiting for '))

describe('check --wait', function () {
  let directory: string
  let spec: string
  before(async () => {
    directory = await mkdtemp(path.join(tmpdir(), 'vdb-wait-'))
    spec = path.join(directory, 'spec.json')
    await writeFile(spec, JSON.stringify({ schemas: { public: { tables: { missing: { columns: { id: { type: 'integer' } } } } } } }))
  })
  after(async () => rm(directory, { recursive: true, force: true }))

  it('waits for a server that starts after it, then checks it', async () => {
    const port = await freePort()
    const password = randomBytes(8).toString('hex')
    const checking = run(['check', '--url', `postgresql://postgres:${password}@localhost:${port}/postgres`, '--spec', spec, '--wait', '240'])
    // Let it find nothing there first: then initdb and start, which take seconds more.
    await sleep(1500)
    const server = await startPostgresServer({ version: '17', port, password, onLog: () => undefined })
    try {
      const r = await checking
      // Exit 1: it connected and found the table missing.
      expect(r.code, r.stderr).to.equal(1)
      expect(r.stdout).to.include('table.missing')
      const waited = waitingLines(r.stderr)
      expect(waited.length).to.be.greaterThan(0)
      expect(waited[0]).to.match(
        /^verify-database: waiting for postgresql:\/\/postgres:\*+@localhost:\d+\/postgres \(attempt 1, [\d.]+ s of 240 s; next in [\d.]+ s\): cannot connect to .*connection refused/,
      )
      expect(r.stderr).to.not.include(password)
    } finally {
      await server.stop()
    }
  })

  it('does not wait out a wrong password: it fails at once with exit 3', async () => {
    const admin = new URL(await serverAdminUrl())
    admin.password = 'not-the-password'
    const r = await run(['check', '--url', admin.toString(), '--spec', spec, '--wait', '240'])
    expect(r.code).to.equal(3)
    expect(waitingLines(r.stderr)).to.deep.equal([])
    expect(r.stderr).to.match(/authentication failed/)
  })

  it('gives up when the time is up, with exit 3 and the last error', async () => {
    const port = await freePort()
    const r = await run(['check', '--url', `postgresql://app@127.0.0.1:${port}/app`, '--spec', spec, '--wait', '1'])
    expect(r.code).to.equal(3)
    expect(waitingLines(r.stderr).length).to.be.greaterThan(1)
    expect(r.stderr).to.match(/: connection refused .*; gave up after \d+ attempts in [\d.]+ s \(--wait 1\)\n$/)
  })

  it('waits the same way for snapshot and fix', async () => {
    const port = await freePort()
    const url = `postgresql://app@127.0.0.1:${port}/app`
    for (const args of [
      ['snapshot', '--url', url],
      ['fix', '--url', url, '--spec', spec],
    ]) {
      const r = await run([...args, '--wait', '0.6'])
      expect(r.code, args[0]).to.equal(3)
      expect(waitingLines(r.stderr).length, args[0]).to.be.greaterThan(0)
      expect(r.stderr, args[0]).to.match(/; gave up after \d+ attempts in [\d.]+ s \(--wait 0\.6\)\n$/)
    }
  })

  it('on a terminal, turns one spinner line while it waits and clears it once connected', async () => {
    let stderr = ''
    const io = { stdout: () => Promise.resolve(), stderr: (text: string) => void (stderr += text), env: {}, isTty: false, isStderrTty: true }
    const waiting = waitOptionsOf('30', 'postgresql://app:secret@db/app', io)
    const error = new DatabaseError('refused', 'cannot connect to postgresql://app@db/app: connection refused')
    waiting.options.onWaiting?.({ attempt: 1, elapsedMs: 0, error, nextInMs: 250 })
    await sleep(350)
    waiting.options.onConnected?.()
    const cleared = stderr.length
    await sleep(250)
    // Redrawn in place (carriage return, erase line), never a new line; nothing after the clear.
    const frames = stderr.split('\r\u001b[K').filter((frame) => frame !== '')
    expect(frames.length).to.be.greaterThan(1)
    for (const frame of frames)
      expect(frame).to.match(
        /^. waiting for postgresql:\/\/app:\*+@db\/app: [\d.]+ s of 30 s; last: cannot connect to postgresql:\/\/app@db\/app: connection refused$/,
      )
    expect(stderr.endsWith('\r\u001b[K')).to.equal(true)
    expect(stderr.length).to.equal(cleared)
    expect(stderr).to.not.include('secret')
    waiting.done()
  })

  it('refuses a --wait that is not a number of seconds, before connecting', async () => {
    const r = await run(['check', '--url', 'postgresql://app@127.0.0.1:1/app', '--spec', spec, '--wait', 'soon'])
    expect([r.code, r.stderr]).to.deep.equal([2, 'verify-database: --wait must be a number of seconds from 0 to 2147483 (got "soon")\n'])
  })
})
