/**
 * The CLI under hostile or careless input: repeated flags, empty values, filters that select
 * nothing, bad timeouts, unwritable output, JSON on stdout for every failure, one-line errors.
 * Each case once let a gate pass a drifted database, crashed with exit 4, or printed a stack.
 * Most run the CLI in process (main() with captured output); the ones about the process itself
 * (a full disk on stdout) spawn the real binary.
 */
import { spawn } from 'node:child_process'
import { mkdtemp, readFile, writeFile, readdir } from 'node:fs/promises'
import { openSync, closeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'chai'
import type { Options } from 'yargs'
import { main } from '../../src/cli/main.js'
import type { CliIo } from '../../src/cli/io.js'
import { COMMANDS, GLOBAL_OPTIONS, parseTimeoutMs } from '../../src/cli/options.js'
import { writeFileAtomically } from '../../src/cli/write-output.js'
import { ENGINES, type TestDatabase } from '../support/databases.js'
import { isJsonReport } from '../support/run-bin.js'
import { expectJsonReport } from '../support/json-report.js'

const BIN = fileURLToPath(new URL('../../../bin/verify-database.js', import.meta.url))

interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

/** Runs the CLI in this process with captured output. */
async function runInProcess(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const io: CliIo = {
    stdout: (text) => {
      stdout += text
      return Promise.resolve()
    },
    stderr: (text) => {
      stderr += text
    },
    env: { NO_COLOR: '1', ...env },
    isTty: false,
  }
  const code = await main(args, io)
  return { code, stdout, stderr }
}

/** Spawns the real binary; `stdoutFile` redirects its stdout to that file (e.g. /dev/full). A JSON report it prints must conform to the published schema. */
async function spawnCli(args: readonly string[], stdoutFile?: string): Promise<Run> {
  const run = await spawnBin(args, stdoutFile)
  if (isJsonReport(run.stdout)) expectJsonReport(run.stdout)
  return run
}

function spawnBin(args: readonly string[], stdoutFile?: string): Promise<Run> {
  return new Promise((resolve) => {
    const fd = stdoutFile === undefined ? 'pipe' : openSync(stdoutFile, 'w')
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { PATH: process.env.PATH, HOME: process.env.HOME, NO_COLOR: '1' },
      stdio: ['ignore', fd, 'pipe'],
    })
    if (typeof fd === 'number') closeSync(fd)
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()))
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()))
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }))
  })
}

function expectOneLine(r: Run): void {
  expect(r.stderr.trimEnd().split('\n'), r.stderr).to.have.length(1)
  expect(r.stderr).not.to.match(/\n\s+at /)
}

const SPEC = {
  schemas: {
    public: { tables: { users: { columns: { id: { type: 'integer', nullable: false }, email: { type: 'text' } }, primaryKey: { columns: ['id'] } } } },
    audit: { tables: { events: { columns: { id: { type: 'bigint' } } } } },
  },
}
const SQL = `CREATE TABLE users (id integer PRIMARY KEY, email text);
CREATE SCHEMA audit; CREATE TABLE audit.events (id bigint);`

/** A value each option accepts syntactically, so repeating it is the only thing wrong. */
const SAMPLE_VALUES: Readonly<Record<string, string>> = {
  url: 'pglite:memory',
  timeout: '5',
  spec: 'expected-schema.json',
  format: 'json',
  'fail-on': 'error',
  out: 'x.json',
}

describe('CLI under hostile input', function () {
  let dir: string
  let specFile: string

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vdb-hostile-'))
    specFile = join(dir, 'spec.json')
    await writeFile(specFile, JSON.stringify(SPEC, null, 2))
  })

  describe('repeated and empty flags', () => {
    it('refuses `--fail-on error --fail-on error` instead of passing a drifted database', async () => {
      const r = await runInProcess(['--url', 'pglite:memory', '--spec', specFile, '--fail-on', 'error', '--fail-on', 'error'])
      expect(r.code).to.equal(2)
      expect(r.stderr).to.include('--fail-on was given 2 times')
      expectOneLine(r)
    })

    for (const [command, options] of Object.entries(COMMANDS) as [string, Readonly<Record<string, Options>>][]) {
      for (const [name, option] of Object.entries(options)) {
        if (option.type === 'boolean') continue
        const isRepeatable = option.array === true
        const value = SAMPLE_VALUES[name] ?? 'public'
        it(`${command} --${name}: ${isRepeatable ? 'repeatable, but never empty' : 'refused when given twice'}`, async () => {
          const args = command === 'check' ? [] : command === 'merge' ? [command, 'shard.json'] : [command]
          if (isRepeatable) {
            const r = await runInProcess([...args, `--${name}`, value, `--${name}`, ''])
            expect(r.code, r.stderr).to.equal(2)
            // A flag with choices says the empty value is none of them.
            expect(r.stderr).to.include(option.choices === undefined ? `--${name} needs a value` : `--${name}: "" is not one of`)
            expectOneLine(r)
          } else {
            const r = await runInProcess([...args, `--${name}`, value, `--${name}`, value])
            expect(r.code, r.stderr).to.equal(2)
            expect(r.stderr).to.include(`--${name} was given 2 times`)
            expectOneLine(r)
          }
        })
      }
    }

    for (const name of ['url', 'spec', 'timeout']) {
      it(`refuses an empty --${name} rather than falling back to a default`, async () => {
        const r = await runInProcess([`--${name}`, ''], { DATABASE_URL: 'pglite:memory' })
        expect(r.code).to.equal(2)
        expect(r.stderr).to.include(`--${name} needs a value`)
        expectOneLine(r)
      })
    }

    it('lets the last of --strict / --no-strict win, as documented', async () => {
      const db = await ENGINES[0]!.createDatabase()
      try {
        await db.session.exec(`${SQL} CREATE TABLE public.extra (id int);`)
        await db.release()
        const strictLast = await runInProcess(['--url', db.url, '--spec', specFile, '--no-strict', '--strict', '--fail-on', 'warning'])
        expect(strictLast.code, strictLast.stderr).to.equal(1)
        const looseLast = await runInProcess(['--url', db.url, '--spec', specFile, '--strict', '--no-strict', '--fail-on', 'warning'])
        expect(looseLast.code, looseLast.stderr).to.equal(0)
      } finally {
        await db.drop()
      }
    })
  })

  describe('--timeout', () => {
    for (const bad of ['0', '-1', '', ' ', '0.0001', 'abc', '3000000', '1e10', 'Infinity', 'NaN', '0x10', '5s']) {
      it(`refuses --timeout ${JSON.stringify(bad)} with exit 2`, async () => {
        const r = await runInProcess(['--url', 'pglite:memory', '--spec', specFile, '--timeout', bad])
        expect(r.code, r.stderr).to.equal(2)
        expect(r.stderr).to.match(/--timeout (must be a number|needs a value)/)
        expectOneLine(r)
      })
    }

    it('accepts every finite number of seconds a timer can hold, in milliseconds', () => {
      const accepted = ['0.001', '1.5', '30', ' 30 ', '2147483', '1e2', '.5'].map((text) => parseTimeoutMs(text))
      expect(accepted).to.deep.equal([1, 1500, 30_000, 30_000, 2_147_483_000, 100_000, 500])
    })

    it('runs a check with a valid --timeout', async () => {
      const r = await runInProcess(['--url', 'pglite:memory', '--spec', specFile, '--timeout', '1.5'])
      // pglite:memory is empty: the check runs and finds drift.
      expect(r.code, r.stderr).to.equal(1)
    })
  })

  describe('filters that select nothing', () => {
    for (const engine of ENGINES) {
      describe(`on ${engine.name}`, () => {
        let db: TestDatabase
        beforeEach(async () => {
          db = await engine.createDatabase()
          await db.session.exec(SQL)
          await db.release()
        })
        afterEach(() => db.drop())

        it('check --schema publik: exit 2 with a suggestion, not "checked 0 tables"', async () => {
          const r = await runInProcess(['--url', db.url, '--spec', specFile, '--schema', 'publik'])
          expect(r.code).to.equal(2)
          expect(r.stderr).to.include('"publik" is not a schema the spec describes; did you mean "public"?')
          expect(r.stderr).to.include('audit, public')
          expectOneLine(r)
        })

        it('check --schema audit still checks just that schema', async () => {
          const r = await runInProcess(['--url', db.url, '--spec', specFile, '--schema', 'audit', '--format', 'json'])
          expect(r.code, r.stderr).to.equal(0)
          const report = JSON.parse(r.stdout) as { checked: { tables: number }; options: { schemas: string[] } }
          expect(report.checked.tables).to.equal(1)
          expect(report.options.schemas).to.deep.equal(['audit'])
        })

        it('snapshot --table flim: exit 2 naming the tables, and writes nothing', async () => {
          const out = join(dir, `flim-${engine.name}.json`)
          const r = await runInProcess(['snapshot', '--url', db.url, '--table', 'userz', '--out', out])
          expect(r.code).to.equal(2)
          expect(r.stderr).to.include('--table "userz" matches no table; did you mean "users"?')
          expect(r.stderr).to.include('audit.events, public.users')
          expectOneLine(r)
          expect(await readFile(out, 'utf8').catch(() => 'absent')).to.equal('absent')
        })

        it('snapshot --schema publik: exit 2 naming the schemas', async () => {
          const r = await runInProcess(['snapshot', '--url', db.url, '--schema', 'publik'])
          expect(r.code).to.equal(2)
          expect(r.stderr).to.include('"publik": no such schema')
          expect(r.stderr).to.include('did you mean "public"?')
          expect(r.stdout).to.equal('')
          expectOneLine(r)
        })

        it('snapshot --table in another schema than --schema selects nothing: exit 2', async () => {
          const r = await runInProcess(['snapshot', '--url', db.url, '--schema', 'audit', '--table', 'users'])
          expect(r.code).to.equal(2)
          expect(r.stderr).to.include('--table "users" matches no table in schema "audit"')
        })
      })
    }
  })

  describe('one-line usage errors', () => {
    const cases: readonly [string, readonly string[], RegExp][] = [
      ['an invalid choice', ['--format', 'xml'], /^verify-database: --format: "xml" is not one of table, json/],
      ['a misspelt choice', ['--fail-on', 'eror'], /"eror" is not one of error, warning, info, never; did you mean "error"\?/],
      ['a misspelt flag, without its camelCase twin', ['--fail-onn', 'error'], /^verify-database: unknown option --fail-onn; did you mean --fail-on\? \(see/],
      ['a misspelt command', ['snapshto'], /^verify-database: unknown command "snapshto"; did you mean "snapshot"\?/],
      ['a stray argument', ['check', 'extra'], /unexpected argument "extra"/],
      ['a flag of another command', ['snapshot', '--strict'], /unknown option --strict/],
    ]
    for (const [what, args, expected] of cases) {
      it(`${what}: ${args.join(' ')}`, async () => {
        const r = await runInProcess(args)
        expect(r.code).to.equal(2)
        expect(r.stderr).to.match(expected)
        expect(r.stderr).not.to.match(/failOnn|Invalid values|Argument:/)
        expectOneLine(r)
      })
    }

    it('names every global flag in --help', async () => {
      const r = await runInProcess(['--help'])
      for (const name of Object.keys(GLOBAL_OPTIONS)) expect(r.stdout).to.include(`--${name}`)
      expect(r.stdout).to.include('Value flags are given once')
    })
  })

  describe('--format json failures print a JSON error document on stdout', () => {
    const cases: readonly [string, readonly string[], number, string][] = [
      ['a usage error', ['--format', 'json', '--timeout', '0'], 2, 'usage'],
      ['a spec that does not exist', ['--format', 'json', '--url', 'pglite:memory', '--spec', '/nonexistent/spec.json'], 2, 'spec'],
      ['an unreachable database', ['--format', 'json', '--url', 'pglite:/nonexistent/db'], 3, 'connection'],
      ['a yargs parse error', ['--format=json', '--bogus'], 2, 'usage'],
    ]
    for (const [what, args, exitCode, kind] of cases) {
      it(`${what} → exit ${exitCode}, status error, kind ${kind}`, async () => {
        const r = await runInProcess([...args, ...(args.includes('--spec') ? [] : ['--spec', specFile])])
        expect(r.code).to.equal(exitCode)
        const document = JSON.parse(r.stdout) as { formatVersion: number; status: string; error: { exitCode: number; kind: string; message: string } }
        expect(document.formatVersion).to.equal(1)
        expect(document.status).to.equal('error')
        expect(document.error.exitCode).to.equal(exitCode)
        expect(document.error.kind).to.equal(kind)
        expect(r.stderr).to.include(document.error.message)
      })
    }

    it('carries the spec problems with their positions', async () => {
      const bad = join(dir, 'bad.json')
      await writeFile(bad, '{\n  "schemas": {\n    "public": { "tables": { "t": { "columns": { "a": { "nulable": true } } } } }\n  }\n}\n')
      const r = await runInProcess(['--format', 'json', '--url', 'pglite:memory', '--spec', bad])
      expect(r.code).to.equal(2)
      const document = JSON.parse(r.stdout) as { error: { problems: { pointer: string; line: number }[] } }
      expect(document.error.problems[0]?.pointer).to.equal('/schemas/public/tables/t/columns/a/nulable')
      expect(document.error.problems[0]?.line).to.equal(3)
    })

    it('prints nothing extra on stdout for table output', async () => {
      const r = await runInProcess(['--timeout', '0'])
      expect(r.code).to.equal(2)
      expect(r.stdout).to.equal('')
    })
  })

  describe('output that cannot be written', () => {
    it('a full disk on stdout is exit 2 with one line, not exit 1 and a stack trace', async () => {
      const r = await spawnCli(['demo'], '/dev/full')
      expect(r.code).to.equal(2)
      expect(r.stderr.trim()).to.equal('verify-database: cannot write to standard output: no space left on device')
    })

    it('snapshot --out /dev/full is exit 2 with one line and leaves the device alone', async () => {
      const r = await spawnCli(['snapshot', '--url', 'pglite:memory', '--out', '/dev/full'])
      expect(r.code).to.equal(2)
      expect(r.stderr.trim()).to.equal('verify-database: cannot write /dev/full: no space left on device')
      const entries = await readdir('/dev')
      expect(entries.filter((e) => e.includes('full') && e !== 'full')).to.deep.equal([])
    })

    it('a failed write leaves the previous file whole and no temporary file behind', async () => {
      const target = join(dir, 'keep.json')
      await writeFile(target, 'the reviewed spec\n')
      // The real file system, with the write failing half-way as a full disk would make it.
      const failingWrite = (async (file: string, text: string) => {
        await writeFile(file, text.slice(0, 5))
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })
      }) as typeof writeFile
      let message = ''
      try {
        await writeFileAtomically(target, 'a new snapshot that will not fit\n', failingWrite)
      } catch (error) {
        message = (error as Error).message
      }
      expect(message).to.equal(`cannot write ${target}: no space left on device`)
      expect(await readFile(target, 'utf8')).to.equal('the reviewed spec\n')
      expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).to.deep.equal([])
    })

    it('snapshot --out replaces an existing file in one step and keeps its permissions', async () => {
      const target = join(dir, 'replace.json')
      await writeFile(target, 'old\n', { mode: 0o600 })
      const r = await runInProcess(['snapshot', '--url', 'pglite:memory', '--out', target])
      expect(r.code, r.stderr).to.equal(0)
      expect(await readFile(target, 'utf8')).to.include('"schemas"')
      const { stat } = await import('node:fs/promises')
      expect((await stat(target)).mode & 0o777).to.equal(0o600)
    })

    it('snapshot --out into a directory that does not exist is exit 2 with one line', async () => {
      const r = await runInProcess(['snapshot', '--url', 'pglite:memory', '--out', join(dir, 'no', 'such', 'dir.json')])
      expect(r.code).to.equal(2)
      expect(r.stderr).to.include('no such file or directory')
      expectOneLine(r)
    })
  })
})
