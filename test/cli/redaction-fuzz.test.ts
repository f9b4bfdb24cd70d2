/**
 * Passwords never reach any output. Seeded pseudo-random passwords of printable ASCII, always
 * with some of the characters that break naive URL handling (/ # ? @ : % ' " \ space = &), are
 * put in every form a connection string can carry them: URL userinfo raw and percent-encoded,
 * `?password=` raw and encoded, key/value strings quoted and unquoted, PGPASSWORD and
 * DATABASE_URL. The CLI runs in-process (hundreds of cases) against a closed port, a few cases
 * against the real test server with a wrong password, and a handful through the real bin script.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'chai'
import { main } from '../../src/cli/main.js'
import type { CliIo } from '../../src/cli/io.js'
import { openDatabase } from '../../src/introspect/open-database.js'
import { redact } from '../../src/redact.js'
import { freePort, serverAdminUrl } from '../support/databases.js'
import { escapeConninfo, quoteConninfo, randomPasswords } from '../support/random-passwords.js'

const SEED = 0x5eed_2026
const PASSWORD_COUNT = 40
const BIN = fileURLToPath(new URL('../../../bin/verify-database.js', import.meta.url))

/** One way of handing the CLI a password: extra argv and environment. */
interface Form {
  readonly name: string
  readonly args: readonly string[]
  readonly env: NodeJS.ProcessEnv
}

function forms(password: string, host: string, port: number, user: string, database: string): Form[] {
  const encoded = encodeURIComponent(password)
  const rawUrl = `postgresql://${user}:${password}@${host}:${port}/${database}`
  const encodedUrl = `postgresql://${user}:${encoded}@${host}:${port}/${database}`
  const conninfo = (value: string): string => `host=${host} port=${port} user=${user} password=${value} dbname=${database}`
  return [
    { name: 'URL userinfo, raw', args: ['--url', rawUrl], env: {} },
    { name: 'URL userinfo, encoded', args: ['--url', encodedUrl], env: {} },
    { name: '?password=, raw', args: ['--url', `postgresql://${user}@${host}:${port}/${database}?password=${password}`], env: {} },
    { name: '?password=, encoded', args: [`--url=postgresql://${user}@${host}:${port}/${database}?sslmode=disable&password=${encoded}`], env: {} },
    { name: 'conninfo, quoted', args: ['--url', conninfo(quoteConninfo(password))], env: {} },
    { name: 'conninfo, unquoted', args: ['--url', conninfo(escapeConninfo(password))], env: {} },
    { name: 'PGPASSWORD', args: [], env: { PGHOST: host, PGPORT: String(port), PGUSER: user, PGDATABASE: database, PGPASSWORD: password } },
    { name: 'DATABASE_URL, raw', args: [], env: { DATABASE_URL: rawUrl } },
    { name: 'DATABASE_URL, encoded', args: [], env: { DATABASE_URL: encodedUrl } },
  ]
}

interface Run {
  readonly code: number
  readonly output: string
}

async function runInProcess(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  let output = ''
  const io: CliIo = {
    stdout: (text) => {
      output += text
      return Promise.resolve()
    },
    stderr: (text) => {
      output += text
    },
    env,
    isTty: false,
  }
  const code = await main(argv, io)
  return { code, output }
}

function runSpawned(argv: readonly string[], env: NodeJS.ProcessEnv): Promise<Run> {
  return new Promise((resolve) => {
    const clean = { PATH: process.env.PATH, NO_COLOR: '1', ...env }
    execFile(process.execPath, [BIN, ...argv], { env: clean, timeout: 120_000 }, (error, stdout, stderr) => {
      const code = error && typeof error.code === 'number' ? error.code : error ? -1 : 0
      resolve({ code, output: stdout + stderr })
    })
  })
}

/** The password in every form it could be printed in. */
function leaks(password: string): string[] {
  return [password, encodeURIComponent(password), quoteConninfo(password).slice(1, -1), escapeConninfo(password)]
}

function expectClean(run: Run, password: string, label: string): void {
  for (const form of leaks(password)) expect(run.output, label).to.not.include(form)
  expect(run.code, `${label}: ${run.output}`).to.equal(3)
  expect(run.output, label).to.not.match(/internal error|URIError|\n\s+at /)
  expect(run.output.trim().split('\n'), `${label}: ${run.output}`).to.have.length(1)
}

/** The message of the error openDatabase fails with: clean by itself, before the CLI's redact(). */
async function expectCleanError(source: string | undefined, env: NodeJS.ProcessEnv, password: string, label: string): Promise<void> {
  const error = await openDatabase(source, { env, connectTimeoutMs: 2000 }).then(
    async (session) => {
      await session.close()
      return expect.fail(`${label}: connected`)
    },
    (e: unknown) => e as Error,
  )
  const texts = [error.message, redact(error.message), String((error.cause as Error | undefined)?.message)]
  for (const text of texts) for (const form of leaks(password)) expect(text, label).to.not.include(form)
}

describe('redaction fuzz: no password reaches any output', function () {
  const all = randomPasswords(PASSWORD_COUNT, SEED)
  let dir: string
  let specFile: string
  let closedPort: number

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vdb-fuzz-'))
    specFile = join(dir, 'spec.json')
    await writeFile(specFile, JSON.stringify({ schemas: { public: { tables: {} } } }))
    closedPort = await freePort()
  })

  after(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  const formCount = forms('x', 'h', 1, 'u', 'd').length
  it(`keeps ${PASSWORD_COUNT} passwords (seed ${SEED}) × ${formCount} forms = ${PASSWORD_COUNT * formCount} in-process runs against a closed port clean`, async function () {
    let runs = 0
    for (const [n, password] of all.entries()) {
      for (const form of forms(password, '127.0.0.1', closedPort, 'fuzzuser', 'fuzzdb')) {
        // Alternate commands and --debug: check reads the spec first, snapshot does not.
        const command = n % 2 === 0 ? ['snapshot'] : ['check', '--spec', specFile]
        const debug = n % 3 === 0 ? ['--debug'] : []
        const run = await runInProcess([...command, ...form.args, ...debug, '--timeout', '2'], form.env)
        expectClean(run, password, `password #${n} ${JSON.stringify(password)} as ${form.name}`)
        const source = form.args.length === 0 ? undefined : form.args[form.args.length - 1]?.replace(/^--url=/, '')
        await expectCleanError(source, form.env, password, `password #${n} ${JSON.stringify(password)} as ${form.name} (openDatabase)`)
        runs++
      }
    }
    expect(runs).to.equal(PASSWORD_COUNT * formCount)
  })

  it("keeps wrong passwords out of the output of the real server's authentication failure", async function () {
    const admin = new URL(await serverAdminUrl())
    for (const [n, password] of all.slice(0, 4).entries()) {
      for (const form of forms(password, admin.hostname, Number(admin.port), 'postgres', 'postgres')) {
        const run = await runInProcess(['snapshot', ...form.args], form.env)
        const label = `password #${n} ${JSON.stringify(password)} as ${form.name} against the server`
        expectClean(run, password, label)
        // Well-formed strings reach the server and fail there; malformed ones never leave the parser.
        expect(run.output, label).to.match(/authentication failed|malformed connection URL|gives an invalid/)
      }
    }
  })

  it('keeps them out of the output of the bin script too (a handful of spawned runs)', async function () {
    const [first = '', second = ''] = all
    const cases: [string, readonly string[], NodeJS.ProcessEnv][] = [
      [first, ['snapshot', '--url', `postgresql://app:${first}@127.0.0.1:${closedPort}/db`], {}],
      [second, ['snapshot', '--debug'], { DATABASE_URL: `postgresql://app:${second}@127.0.0.1:${closedPort}/db` }],
      ['pw%zzTail/x@y', ['snapshot', '--url', `postgresql://app:pw%zzTail/x@y@127.0.0.1:${closedPort}/db`], {}],
      [first, ['snapshot', '--url', `host=127.0.0.1 port=${closedPort} password=${quoteConninfo(first)}`], {}],
    ]
    for (const [password, argv, env] of cases) expectClean(await runSpawned(argv, env), password, argv.join(' '))
  })
})
