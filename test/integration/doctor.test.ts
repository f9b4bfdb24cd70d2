/**
 * `doctor` on real databases: PGlite, and a PostgreSQL server where it runs as roles with less and
 * less privilege (CONNECT + USAGE + SELECT on one table of two; CONNECT alone, with USAGE on the
 * schema revoked). It always reports, never fails for privileges (exit 0), names each gap with
 * the GRANT that closes it, shows no password, and exits 3 only when it cannot connect.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { expect } from 'chai'
import { ENGINES, type TestDatabase } from '../support/databases.js'
import { runBin } from '../support/run-bin.js'

const pglite = ENGINES.find((e) => e.name === 'pglite')!
const postgresql = ENGINES.find((e) => e.name === 'postgresql')!

const SPEC = {
  extensions: [{ name: 'pgcrypto' }, { name: 'no_such_extension_anywhere' }],
  schemas: {
    public: {
      tables: {
        users: { columns: { id: { type: 'integer' }, email: { type: 'text' } } },
        projects: { columns: { id: { type: 'integer' } } },
        invoices: { columns: { id: { type: 'integer' } } },
      },
    },
  },
}

interface DoctorJson {
  kind: string
  server: { engine: string }
  session: { user: string; superuser: boolean }
  settings: Record<string, string | null>
  privileges: { connect: boolean; schemas: { schema: string; usage: boolean; create: boolean }[]; tables: { name: string; exists: boolean; select: boolean }[] }
  gaps: { toCheck: { what: string; sql: string }[]; toRepair: { what: string; sql: string }[] }
  extensions: { name: string; installed: string | null; available: string | null }[]
  check: { run: boolean; status?: string; verdict?: string; reason?: string }
}

describe('verify-database doctor', function () {
  let dir: string
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'vdb-doctor-'))
    await writeFile(path.join(dir, 'spec.json'), JSON.stringify(SPEC, null, 2))
  })
  after(async () => rm(dir, { recursive: true, force: true }))

  describe('on PGlite', function () {
    let db: TestDatabase
    before(async () => {
      db = await pglite.createDatabase()
      await db.session.exec('CREATE TABLE users (id integer, email text); CREATE TABLE projects (id integer)')
      await db.release()
    })
    after(async () => db.drop())

    it('reports the connection, settings, privileges, extensions and the check verdict in each format (exit 0)', async () => {
      const text = await runBin(['doctor', '--url', db.url, '--spec', 'spec.json'], { cwd: dir })
      expect(text.code, text.stderr).to.equal(0)
      for (const heading of ['Diagnosis', 'Connection', 'Settings', 'Privileges', 'Privilege gaps', 'Extensions', 'Spec', 'Migrations and data', 'Check'])
        expect(text.stdout).to.include(`\n${heading}\n`)
      expect(text.stdout).to.match(/PGlite, PostgreSQL \d+/)
      expect(text.stdout).to.include('search_path = ')
      expect(text.stdout).to.include('no_such_extension_anywhere: NOT installed, and the server does not have it')
      expect(text.stdout).to.match(/✖ \d+ errors?/)
      const json = JSON.parse((await runBin(['doctor', '--url', db.url, '--spec', 'spec.json', '--format', 'json'], { cwd: dir })).stdout) as DoctorJson
      expect(json.kind).to.equal('doctor')
      expect(json.server.engine).to.equal('pglite')
      // In the spec model's order: by schema, then name.
      expect(json.privileges.tables.map((t) => [t.name, t.exists])).to.deep.equal([
        ['invoices', false],
        ['projects', true],
        ['users', true],
      ])
      expect(json.check.run).to.equal(true)
      expect(json.check.status).to.equal('fail')
      const markdown = await runBin(['doctor', '--url', db.url, '--spec', 'spec.json', '--format', 'markdown'], { cwd: dir })
      expect(markdown.stdout.startsWith('## verify-database doctor ')).to.equal(true)
      expect(markdown.stdout).to.include('### Check')
    })

    it('still reports when the spec cannot be loaded, and says so', async () => {
      const r = await runBin(['doctor', '--url', db.url, '--spec', 'missing.json', '--format', 'json'], { cwd: dir })
      expect(r.code, r.stderr).to.equal(0)
      const json = JSON.parse(r.stdout) as DoctorJson & { spec: { problems: { message: string }[] } }
      expect(json.spec.problems.map((p) => p.message)).to.deep.equal(['file not found'])
      expect(json.check).to.deep.equal({ run: false, reason: 'the spec missing.json could not be loaded' })
    })
  })

  describe('on PostgreSQL, as roles with less privilege', function () {
    let db: TestDatabase
    const suffix = `${process.pid}_${Date.now()}`
    const reader = `vdb_reader_${suffix}`
    const nobody = `vdb_nobody_${suffix}`
    const password = 'Doctor-Secret-Pw-42'
    const urlAs = (role: string): string => {
      const url = new URL(db.url)
      url.username = role
      url.password = password
      return url.toString()
    }

    before(async () => {
      db = await postgresql.createDatabase()
      const database = new URL(db.url).pathname.slice(1)
      await db.session.exec(`
        CREATE TABLE users (id integer, email text);
        CREATE TABLE projects (id integer);
        CREATE ROLE ${reader} LOGIN PASSWORD '${password}';
        CREATE ROLE ${nobody} LOGIN PASSWORD '${password}';
        GRANT CONNECT ON DATABASE ${database} TO ${reader}, ${nobody};
        REVOKE USAGE ON SCHEMA public FROM PUBLIC;
        GRANT USAGE ON SCHEMA public TO ${reader};
        GRANT SELECT ON users TO ${reader};
      `)
    })
    after(async () => {
      await db.session.exec(`DROP OWNED BY ${reader}, ${nobody}`).catch(() => undefined)
      await db.drop()
      const admin = await postgresql.createDatabase()
      await admin.session.exec(`DROP ROLE IF EXISTS ${reader}; DROP ROLE IF EXISTS ${nobody}`)
      await admin.drop()
    })

    it('with CONNECT, USAGE and SELECT on one table: names the table it cannot read and what a repair would need', async () => {
      const r = await runBin(['doctor', '--url', urlAs(reader), '--spec', 'spec.json', '--format', 'json'], { cwd: dir })
      expect(r.code, r.stderr).to.equal(0)
      expect(r.stdout + r.stderr).to.not.include(password)
      const json = JSON.parse(r.stdout) as DoctorJson
      expect([json.session.user, json.session.superuser]).to.deep.equal([reader, false])
      expect(json.privileges.tables.map((t) => [t.name, t.select])).to.deep.equal([
        ['invoices', false],
        ['projects', false],
        ['users', true],
      ])
      expect(json.gaps.toCheck.map((g) => g.sql)).to.deep.equal([`GRANT SELECT ON public.projects TO ${reader};`])
      expect(json.gaps.toRepair.map((g) => g.sql)).to.include(`GRANT CREATE ON SCHEMA public TO ${reader};`)
      expect(json.gaps.toRepair.some((g) => /not the owner of public\.projects, public\.users \(owned by /.test(g.what))).to.equal(true)
      expect(json.extensions.find((e) => e.name === 'pgcrypto')?.available).to.be.a('string')
      expect(json.check.run).to.equal(true)
      // Safe to paste publicly: no host name or address unless asked for.
      const host = new URL(db.url).hostname
      expect(r.stdout).to.not.include(host)
      expect((json as unknown as { target: string }).target).to.match(/^postgresql:\/\/[^@]+@<host>:\d+\//)
      const shown = await runBin(['doctor', '--url', urlAs(reader), '--spec', 'spec.json', '--format', 'json', '--show-host'], { cwd: dir })
      expect(shown.stdout).to.include(host)
      expect(shown.stdout).to.not.include(password)
    })

    it('with CONNECT alone: reports the missing USAGE and SELECT, and never fails (exit 0)', async () => {
      const r = await runBin(['doctor', '--url', urlAs(nobody), '--spec', 'spec.json'], { cwd: dir })
      expect(r.code, r.stderr).to.equal(0)
      expect(r.stdout + r.stderr).to.not.include(password)
      expect(r.stdout).to.include('schema public: USAGE NO, CREATE NO')
      expect(r.stdout).to.include(`GRANT USAGE ON SCHEMA public TO ${nobody};  -- no USAGE on schema public`)
      expect(r.stdout).to.include(`GRANT SELECT ON ALL TABLES IN SCHEMA public TO ${nobody};`)
    })

    it('names a table whose owner differs from the others, and the ALTER that aligns it', async () => {
      await db.session.exec(`CREATE TABLE invoices (id integer); ALTER TABLE invoices OWNER TO ${nobody}`)
      try {
        const r = await runBin(['doctor', '--url', db.url, '--spec', 'spec.json'], { cwd: dir })
        expect(r.code, r.stderr).to.equal(0)
        expect(r.stdout).to.match(new RegExp(`owner differs: public\\.invoices \\(${nobody}\\); the other 2 are owned by (\\w+): .*OWNER TO \\1`))
      } finally {
        await db.session.exec('DROP TABLE invoices')
      }
    })

    it('exits 3 with one line when it cannot connect at all', async () => {
      const r = await runBin(['doctor', '--url', `postgresql://x:${password}@127.0.0.1:1/x`, '--spec', 'spec.json'], { cwd: dir })
      expect(r.code).to.equal(3)
      expect(r.stderr.trim().split('\n')).to.have.length(1)
      expect(r.stdout + r.stderr).to.not.include(password)
    })
  })
})
