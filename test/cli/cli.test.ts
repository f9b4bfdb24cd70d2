/**
 * The CLI as users run it: the real bin script in a child process, against real databases.
 * Checks exit codes 0/1/2/3, that errors are one clear line without a stack trace, and that a
 * password never reaches any output.
 */
import { chmod, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'chai'
import { main } from '../../src/cli/main.js'
import { openDatabase } from '../../src/introspect/open-database.js'
import { embeddedServerSocket, ENGINES, serverAdminUrl, serverPassword, type TestDatabase } from '../support/databases.js'
import { EXPECTED_NOT_CHECKED, NOT_CHECKED_DDL } from '../support/not-checked-objects.js'
import { runBin } from '../support/run-bin.js'

const BIN = fileURLToPath(new URL('../../../bin/verify-database.js', import.meta.url))
const PASSWORD = 'pw-S3cret-never-printed'

interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

function run(args: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  return runBin(args, { env: { NO_COLOR: '1', ...env } })
}

function expectNoStack(r: Run): void {
  expect(r.stderr).not.to.match(/\n\s+at /)
  expect(r.stdout).not.to.match(/\n\s+at /)
}

const SPEC = {
  schemas: {
    public: {
      tables: {
        users: { columns: { id: { type: 'serial' }, email: { type: 'varchar(200)', nullable: false } }, primaryKey: { columns: ['id'] } },
      },
    },
  },
}
const SQL = 'CREATE TABLE users (id serial PRIMARY KEY, email varchar(200) NOT NULL)'

describe('verify-database CLI', function () {
  let dir: string
  let specFile: string

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vdb-cli-'))
    specFile = join(dir, 'spec.json')
    await writeFile(specFile, JSON.stringify(SPEC, null, 2))
  })

  describe('usage', () => {
    it('prints the version with --version and exits 0', async () => {
      const pkg = JSON.parse(await readFile(fileURLToPath(new URL('../../../package.json', import.meta.url)), 'utf8')) as { version: string }
      const r = await run(['--version'])
      expect(r.code).to.equal(0)
      expect(r.stdout.trim()).to.equal(pkg.version)
    })

    it('documents every command in --help', async () => {
      const r = await run(['--help'])
      expect(r.code).to.equal(0)
      for (const word of ['check', 'snapshot', 'demo', '--spec', '--url', '--format', '--strict', '--fail-on', '--fail-on-unchecked', '--schema', 'Exit codes'])
        expect(r.stdout).to.include(word)
    })

    it('rejects an unknown flag with exit 2 and a clear message', async () => {
      const r = await run(['--frobnicate'])
      expect(r.code).to.equal(2)
      expect(r.stderr.trim()).to.equal('verify-database: unknown option --frobnicate (see verify-database --help)')
      expectNoStack(r)
    })

    it('says so in English whatever the locale, from the bundle and from the modules', async () => {
      const expected = 'verify-database: unknown option --frobnicate (see verify-database --help)'
      const r = await run(['--frobnicate'], { LANG: 'de_DE.UTF-8', LC_ALL: 'de_DE.UTF-8' })
      expect([r.code, r.stderr.trim()]).to.deep.equal([2, expected])
      // In process, through dist/src/cli/main.js, where yargs finds its translations.
      const saved = { LANG: process.env.LANG, LC_ALL: process.env.LC_ALL }
      let stderr = ''
      try {
        process.env.LANG = process.env.LC_ALL = 'de_DE.UTF-8'
        const code = await main(['--frobnicate'], { stdout: () => Promise.resolve(), stderr: (text) => void (stderr += text), env: {}, isTty: false })
        expect([code, stderr.trim()]).to.deep.equal([2, expected])
      } finally {
        for (const [name, value] of Object.entries(saved)) {
          if (value === undefined) delete process.env[name]
          else process.env[name] = value
        }
      }
    })

    it('runs the bundle that the build writes, not the modules', async () => {
      const launcher = await readFile(BIN, 'utf8')
      expect(launcher).to.match(/from '\.\.\/dist\/src\/cli\.bundle\.js'/)
      const bundle = await readFile(fileURLToPath(new URL('../../../dist/src/cli.bundle.js', import.meta.url)), 'utf8')
      // yargs is inside; node-postgres and PGlite are loaded from node_modules.
      expect(bundle).to.include('yargs')
      expect(bundle).to.match(/from "pg"/)
    })

    it('rejects a bad --format value with exit 2', async () => {
      const r = await run(['--format', 'xml', '--url', 'pglite:memory', '--spec', specFile])
      expect(r.code).to.equal(2)
      expect(r.stderr.trim()).to.equal(
        'verify-database: --format: "xml" is not one of table, json, markdown, github, junit, sarif (see verify-database --help)',
      )
    })

    it('exits 2 naming the file when the spec does not exist', async () => {
      const r = await run(['--spec', join(dir, 'nope.json'), '--url', 'pglite:memory'])
      expect(r.code).to.equal(2)
      expect(r.stderr).to.include('nope.json')
      expectNoStack(r)
    })

    it('exits 2 with file, line and column when the spec is not JSON', async () => {
      const bad = join(dir, 'bad.json')
      await writeFile(bad, '{\n  "schemas": {\n    "public": {,\n  }\n}\n')
      const r = await run(['--spec', bad, '--url', 'pglite:memory'])
      expect(r.code).to.equal(2)
      expect(r.stderr).to.match(/bad\.json:3:\d+/)
      expectNoStack(r)
    })

    it('exits 2 with the JSON pointer and line when the spec breaks the JSON Schema', async () => {
      const bad = join(dir, 'invalid.json')
      await writeFile(
        bad,
        '{\n  "schemas": {\n    "public": {\n      "tables": {\n        "t": { "columns": { "a": { "nulable": true } } }\n      }\n    }\n  }\n}\n',
      )
      const r = await run(['--spec', bad, '--url', 'pglite:memory'])
      expect(r.code).to.equal(2)
      expect(r.stderr).to.include('/schemas/public/tables/t/columns/a')
      expect(r.stderr).to.match(/invalid\.json:5:\d+/)
      expect(r.stderr).to.include('nulable')
      expectNoStack(r)
    })
  })

  describe('hostile specs', () => {
    it('exits 2 with one line for a spec nested 2,000 levels deep', async () => {
      const deep = join(dir, 'deep.json')
      await writeFile(deep, `{ "schemas": {}, "description": ${'['.repeat(2000)}${']'.repeat(2000)} }`)
      const r = await run(['--spec', deep, '--url', 'pglite:memory'])
      expect(r.code).to.equal(2)
      expect(r.stderr.trim().split('\n')).to.have.length(1)
      expect(r.stderr).to.match(/deep\.json:1:\d+: arrays and objects nested more than 64 levels deep/)
      expectNoStack(r)
    })

    it('exits 2 with one line for a NUL character in a schema name', async () => {
      const nul = join(dir, 'nul.json')
      await writeFile(nul, JSON.stringify({ schemas: { 'pub\u0000lic': { tables: { users: {} } } } }))
      const r = await run(['--spec', nul, '--url', 'pglite:memory'])
      expect(r.code).to.equal(2)
      expect(r.stderr.trim().split('\n')).to.have.length(1)
      expect(r.stderr).to.include('/schemas/pub\\u0000lic: property name contains a NUL character')
      expect(r.stderr).not.to.include('\u0000')
      expectNoStack(r)
    })
  })

  describe('demo', () => {
    it('runs on an in-memory PGlite and shows the broken install', async () => {
      const r = await run(['demo'])
      expect(r.code, r.stderr).to.equal(0)
      expect(r.stdout).to.include('table.missing')
      expect(r.stdout).to.include('project_costs')
      expect(r.stdout).to.include('trigger.missing')
      expect(r.stdout).to.include('foreign_key.mismatch')
      expect(r.stdout).not.to.include('\u001b[')
    })

    it('prints the demo report as JSON', async () => {
      const r = await run(['demo', '--format', 'json'])
      expect(r.code).to.equal(0)
      const report = JSON.parse(r.stdout) as { formatVersion: number; status: string; target: { engine: string } }
      expect(report.formatVersion).to.equal(1)
      expect(report.status).to.equal('fail')
      expect(report.target.engine).to.equal('pglite')
    })
  })

  for (const engine of ENGINES) {
    describe(`check and snapshot on ${engine.name}`, () => {
      let db: TestDatabase

      beforeEach(async () => {
        db = await engine.createDatabase()
        await db.session.exec(SQL)
        // PGlite data directories take one process at a time: hand the database to the CLI.
        await db.release()
      })
      afterEach(async () => {
        await db.drop()
      })

      it('exits 0 when the database matches', async () => {
        const r = await run(['--spec', specFile, '--url', db.url])
        expect(r.code, r.stderr).to.equal(0)
        expect(r.stdout).to.include('schema matches')
        expect(r.stdout).not.to.include('not checked')
        expect(r.stdout).not.to.include('Not checked')
        const strict = await run(['--spec', specFile, '--url', db.url, '--fail-on-unchecked'])
        expect(strict.code, strict.stdout + strict.stderr).to.equal(0)
      })

      it('counts what the spec cannot describe, and fails on it only with --fail-on-unchecked', async () => {
        const session = await openDatabase(db.url, { env: {} })
        try {
          await session.exec(NOT_CHECKED_DDL)
        } finally {
          await session.close()
        }
        // The spec describes only public: app's objects are not in the checked schemas.
        const inPublic = EXPECTED_NOT_CHECKED.filter((entry) => entry.schema === 'public')

        const table = await run(['--spec', specFile, '--url', db.url])
        expect(table.code, table.stderr).to.equal(0)
        const lines = table.stdout.trimEnd().split('\n')
        expect(lines.at(-2)).to.equal(
          '✔ schema matches: checked 1 table, 2 columns, 1 constraint, 0 indexes, 0 triggers, 0 other objects; 31 objects not checked.',
        )
        expect(lines.at(-1)).to.equal(
          'Not checked (the spec cannot describe them): 2 row-level security policies, ' +
            '1 table with row-level security enabled, 1 table with row-level security forced, 1 exclusion constraint, ' +
            '1 constraint trigger (checked as a plain trigger), 1 rule, 1 column with a non-default collation, ' +
            '1 table inheriting from another, 1 foreign table, 1 domain, ' +
            '3 domain constraints, 1 composite type, 1 range type, 1 base type, 1 aggregate, 1 window function, 1 operator, ' +
            '1 operator class, 1 operator family, 1 collation, 1 conversion, 1 extended statistics object, ' +
            '1 text search configuration, 1 text search dictionary, 1 text search parser, 1 text search template, ' +
            '2 tables in publications.',
        )

        const json = await run(['--spec', specFile, '--url', db.url, '--format', 'json'])
        expect(json.code, json.stderr).to.equal(0)
        const passing = JSON.parse(json.stdout) as { status: string; failReasons: string[]; notChecked: unknown[] }
        expect([passing.status, passing.failReasons]).to.deep.equal(['pass', []])
        expect(passing.notChecked).to.deep.equal(inPublic)

        const failing = await run(['--spec', specFile, '--url', db.url, '--fail-on-unchecked'])
        expect(failing.code, failing.stderr).to.equal(1)
        expect(failing.stdout).to.include('; 31 objects not checked (fails with --fail-on-unchecked).')
        const failingJson = await run(['--spec', specFile, '--url', db.url, '--fail-on-unchecked', '--format', 'json'])
        expect(failingJson.code, failingJson.stderr).to.equal(1)
        const report = JSON.parse(failingJson.stdout) as { status: string; failReasons: string[]; options: { failOnUnchecked: boolean } }
        expect([report.status, report.failReasons, report.options.failOnUnchecked]).to.deep.equal(['fail', ['notChecked'], true])
      })

      it('exits 1 on drift and reports it in JSON with the URL redacted', async () => {
        const driftSpec = join(dir, `drift-${engine.name}.json`)
        const spec = structuredClone(SPEC) as { schemas: { public: { tables: Record<string, unknown> } } }
        spec.schemas.public.tables.projects = { columns: { id: { type: 'serial' } } }
        await writeFile(driftSpec, JSON.stringify(spec))
        const r = await run(['--spec', driftSpec, '--url', db.url, '--format', 'json'])
        expect(r.code, r.stderr).to.equal(1)
        const report = JSON.parse(r.stdout) as {
          status: string
          summary: { error: number }
          findings: { code: string; name: string }[]
          target: { url: string }
        }
        expect(report.status).to.equal('fail')
        expect(report.summary.error).to.equal(1)
        expect(report.findings.map((f) => `${f.code} ${f.name}`)).to.deep.equal(['table.missing projects'])
        expect(r.stdout).not.to.include(PASSWORD)

        const never = await run(['--spec', driftSpec, '--url', db.url, '--fail-on', 'never'])
        expect(never.code).to.equal(0)
      })

      it('snapshots the database into a spec that checks clean', async () => {
        const out = join(dir, `snapshot-${engine.name}.json`)
        const snap = await run(['snapshot', '--url', db.url, '--out', out])
        expect(snap.code, snap.stderr).to.equal(0)
        const written = await readFile(out, 'utf8')
        expect(written.endsWith('\n')).to.equal(true)
        const r = await run(['--spec', out, '--url', db.url, '--strict'])
        expect(r.code, r.stdout + r.stderr).to.equal(0)
        const again = await run(['snapshot', '--url', db.url])
        expect(again.stdout).to.equal(written)
      })
    })
  }

  describe('connection failures', () => {
    it('exits 3 on a wrong password and never prints it', async () => {
      const url = new URL(await serverAdminUrl())
      url.password = PASSWORD
      const r = await run(['--spec', specFile, '--url', url.toString()])
      expect(r.code).to.equal(3)
      expect(r.stderr).to.match(/password authentication failed|authentication/i)
      expect(r.stderr + r.stdout).not.to.include(PASSWORD)
      expectNoStack(r)
    })

    it('exits 3 with one line when nothing listens on the port', async () => {
      const r = await run(['--spec', specFile, '--url', `postgres://someone:${PASSWORD}@127.0.0.1:1/db`])
      expect(r.code).to.equal(3)
      expect(r.stderr.trim().split('\n')).to.have.length(1)
      expect(r.stderr).to.match(/refused/i)
      expect(r.stderr).not.to.include(PASSWORD)
    })

    it('keeps PGPASSWORD out of the output when the database comes from PG* variables', async () => {
      const url = new URL(await serverAdminUrl())
      const r = await run(['--spec', specFile], { PGHOST: url.hostname, PGPORT: url.port, PGUSER: url.username, PGPASSWORD: PASSWORD, PGDATABASE: 'postgres' })
      expect(r.code).to.equal(3)
      expect(r.stderr + r.stdout).not.to.include(PASSWORD)
    })

    it('exits 3 with one line naming no part of a URL whose password has an unencoded /, or bad %-encoding', async () => {
      for (const password of ['ab/cd@ef', 'pw%zzpw']) {
        const r = await run(['snapshot'], { DATABASE_URL: `postgresql://someone:${password}@127.0.0.1:1/db` })
        expect(r.code).to.equal(3)
        expect(r.stderr).to.match(/^verify-database: cannot connect: malformed connection URL in DATABASE_URL: [^\n]*\n$/)
        for (const piece of [password, 'someone', '127.0.0.1']) expect(r.stderr + r.stdout).not.to.include(piece)
      }
    })

    it('warns about a password file others can read, and says it was ignored (exit 3); reads it once it is 0600', async () => {
      const url = new URL(await serverAdminUrl())
      const home = await mkdtemp(join(tmpdir(), 'vdb-home-'))
      const file = join(home, '.pgpass')
      await writeFile(file, `${url.hostname}:${url.port}:*:postgres:${await serverPassword()}\n`)
      const args = ['snapshot', '--url', `postgresql://postgres@${url.hostname}:${url.port}/postgres`]
      await chmod(file, 0o644)
      const ignored = await run(args, { HOME: home })
      expect(ignored.code).to.equal(3)
      expect(ignored.stderr).to.equal(
        `verify-database: warning: password file "${file}" has group or world access; permissions should be u=rw (0600) or less\n` +
          `verify-database: cannot connect to postgresql://postgres@${url.hostname}:${url.port}/postgres: no password supplied: ` +
          `the password file "${file}" was ignored because it has group or world access (chmod 0600 it) ` +
          '(SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string)\n',
      )
      await chmod(file, 0o600)
      const read = await run(args, { HOME: home })
      expect(read.code, read.stderr).to.equal(0)
      expect(read.stderr).to.equal('')
    })

    it('connects through a Unix socket with the URL psql accepts: postgresql://user@/db?host=<directory>', async () => {
      const { directory, port, password } = await embeddedServerSocket()
      const r = await run(['snapshot', '--url', `postgresql://postgres@/postgres?host=${directory}&port=${port}`], { PGPASSWORD: password })
      expect(r.code, r.stderr).to.equal(0)
      expect(JSON.parse(r.stdout)).to.have.property('schemas')
    })

    it('exits 3 when a pglite directory does not exist', async () => {
      const r = await run(['--spec', specFile, '--url', `pglite:${join(dir, 'no-such-db')}`])
      expect(r.code).to.equal(3)
      expectNoStack(r)
    })
  })
})
