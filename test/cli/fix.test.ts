/**
 * The repair path as users run it: `check --fix`, `check --fix-file`, `fix` and `fix --apply`
 * through the real binary (and, for the question on a terminal, main() in process with an injected
 * answer), against real PGlite databases and the PostgreSQL server. Checks what is printed, what
 * is written where, the exit codes, that the database is unchanged whenever nothing may be
 * written, and that no password reaches any output or file.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import type { CliIo } from '../../src/cli/io.js'
import { main } from '../../src/cli/main.js'
import { openDatabase } from '../../src/introspect/open-database.js'
import { ENGINES, type Engine, type TestDatabase } from '../support/databases.js'
import { runBin } from '../support/run-bin.js'

const [PGLITE, POSTGRESQL] = ENGINES as [Engine, Engine]

interface Run {
  readonly code: number
  readonly stdout: string
  readonly stderr: string
}

function run(args: readonly string[]): Promise<Run> {
  // stdin is not a terminal here (execFile gives a pipe), as in CI.
  return runBin(args, { env: { NO_COLOR: '1' } })
}

/** Runs the CLI in this process, on a "terminal" whose person answers `answer`. */
async function runOnTerminal(args: readonly string[], answer: string): Promise<Run & { questions: string[] }> {
  let stdout = ''
  let stderr = ''
  const questions: string[] = []
  const io: CliIo = {
    stdout: (text) => {
      stdout += text
      return Promise.resolve()
    },
    stderr: (text) => {
      stderr += text
    },
    env: { NO_COLOR: '1' },
    isTty: true,
    isInteractive: true,
    prompt: (question) => {
      questions.push(question)
      return Promise.resolve(answer)
    },
  }
  const code = await main(args, io)
  return { code, stdout, stderr, questions }
}

function expectNoStack(r: Run): void {
  expect(r.stderr).not.to.match(/\n\s+at /)
  expect(r.stdout).not.to.match(/\n\s+at /)
}

/** The password in a server URL, to look for in every output; undefined for PGlite. */
function passwordOf(url: string): string | undefined {
  return url.startsWith('pglite:') ? undefined : decodeURIComponent(new URL(url).password)
}

function expectNoPassword(url: string, ...texts: string[]): void {
  const password = passwordOf(url)
  if (password === undefined) return
  expect(password.length).to.be.greaterThan(3)
  for (const text of texts) expect(text).not.to.include(password)
}

const USERS = {
  columns: { id: { type: 'serial' }, email: { type: 'varchar(200)', nullable: false }, mood: { type: 'text' } },
  primaryKey: { columns: ['id'] },
  indexes: [{ name: 'users_mood_idx', columns: ['mood'] }],
}
const PROJECTS = {
  columns: { id: { type: 'serial' }, owner_id: { type: 'integer' } },
  primaryKey: { columns: ['id'] },
  // No index of its own: the plan's statement counts below are about the rest.
  foreignKeys: [{ columns: ['owner_id'], references: { table: 'users' }, indexed: false }],
}
const SPEC = { schemas: { public: { tables: { users: USERS, projects: PROJECTS } } } }
/** The same, and a unique constraint on users.email: a repair withheld, which fails where emails repeat. */
const UNIQUE_SPEC = { schemas: { public: { tables: { users: { ...USERS, unique: [{ name: 'users_email_key', columns: ['email'] }] }, projects: PROJECTS } } } }
/** users with a narrower email and no mood, no projects: four findings, all repaired without hazards that withhold. */
const DRIFT_SQL = "CREATE TABLE users (id serial PRIMARY KEY, email varchar(100) NOT NULL); INSERT INTO users (email) VALUES ('a@example.com');"
const DUPLICATES_SQL = `${DRIFT_SQL} INSERT INTO users (email) VALUES ('a@example.com');`

interface JsonReport {
  formatVersion: number
  status: string
  target: { url: string }
  findings: { code: string; schema: string; table: string | null; name: string | null }[]
  fix?: {
    statements: Record<string, unknown>[]
    withheld: { resolves: { code: string; name: string | null }[]; hazards: string[] }[]
    unrepairable: unknown[]
  }
}

/** `code schema.table.name` of each finding. */
function findingKeys(report: JsonReport): string[] {
  return report.findings.map((f) => `${f.code} ${[f.schema, f.table, f.name].filter((p) => p !== null).join('.')}`)
}

describe('verify-database fix and check --fix', function () {
  this.timeout(900_000)
  let dir: string
  let specFile: string
  let uniqueSpecFile: string

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vdb-fix-cli-'))
    specFile = join(dir, 'spec.json')
    uniqueSpecFile = join(dir, 'unique-spec.json')
    await writeFile(specFile, JSON.stringify(SPEC, null, 2))
    await writeFile(uniqueSpecFile, JSON.stringify(UNIQUE_SPEC, null, 2))
  })

  /** A new database of `engine` set up by `sql`, released for the CLI to open. */
  async function database(engine: Engine, sql: string): Promise<TestDatabase> {
    const db = await engine.createDatabase()
    await db.session.exec(sql)
    await db.release()
    return db
  }

  async function checkJson(db: TestDatabase, spec = specFile): Promise<JsonReport & { code: number }> {
    const r = await run(['check', '--spec', spec, '--url', db.url, '--format', 'json'])
    expect([0, 1], r.stderr).to.include(r.code)
    return { ...(JSON.parse(r.stdout) as JsonReport), code: r.code }
  }

  describe('usage', () => {
    it('refuses the plan flags without --fix, before connecting, with one line (exit 2)', async () => {
      const unreachable = 'postgresql://someone:pw-Never-Printed-1@127.0.0.1:1/x'
      for (const flag of ['--allow-destructive', '--concurrently', '--not-valid']) {
        const r = await run(['check', '--spec', specFile, '--url', unreachable, flag])
        expect(r.code, r.stderr).to.equal(2)
        expect(r.stderr).to.equal(`verify-database: ${flag} changes the repair plan: give it with --fix or --fix-file (or use the fix command)\n`)
      }
      const yes = await run(['fix', '--spec', specFile, '--url', unreachable, '--yes'])
      expect([yes.code, yes.stderr]).to.deep.equal([2, 'verify-database: --yes answers the question fix --apply asks: give it with --apply\n'])
      for (const format of ['json', 'markdown', 'github']) {
        const r = await run(['fix', '--spec', specFile, '--url', unreachable, '--format', format])
        expect([r.code, r.stderr]).to.deep.equal([
          2,
          `verify-database: fix prints SQL, not a report: for the plan in a report use check --fix --format ${format}\n`,
        ])
      }
    })

    it('says in --help that fix --apply is the only command that writes', async () => {
      const r = await run(['fix', '--help'])
      expect(r.code).to.equal(0)
      // yargs wraps the description to the terminal's width.
      expect(r.stdout.replace(/\s+/g, ' ')).to.include('fix --apply is the only command that ever writes to a database')
      for (const flag of ['--apply', '--yes', '--plan', '--allow-destructive', '--concurrently', '--not-valid']) expect(r.stdout).to.include(flag)
    })
  })

  describe('demo --fix', () => {
    it('adds the repair of the broken install to the demo’s report', async () => {
      const r = await run(['demo', '--fix'])
      expect(r.code, r.stderr).to.equal(0)
      expect(r.stdout).to.match(/\nFix: \d+ repairs to run \(\d+ statements\)\.\n/)
      // The stamped revision is repaired by creating the table it should have created.
      expect(r.stdout).to.include(
        '-- [table.missing] public.project_costs\n-- [migration.stamped] public.alembic_version\nCREATE TABLE IF NOT EXISTS public.project_costs (\n',
      )
      expect(r.stdout).to.include('-- [trigger.missing] public.invoices.update_invoices_updated_at\nDO $fix$\n')
      expect(r.stdout.trimEnd().endsWith('verify-database fix --url postgres://user@host/db > repair.sql')).to.equal(true)
      expect((await run(['demo'])).stdout).not.to.include('Fix')
    })
  })

  describe('check --fix on PGlite', () => {
    let db: TestDatabase
    before(async () => {
      db = await database(PGLITE, DRIFT_SQL)
    })
    after(() => db.drop())

    it('adds a Fix section after the findings, with the SQL and the findings each statement repairs; the exit code stays check’s', async () => {
      const plain = await run(['check', '--spec', specFile, '--url', db.url])
      const r = await run(['check', '--spec', specFile, '--url', db.url, '--fix'])
      expect([plain.code, r.code], r.stderr).to.deep.equal([1, 1])
      // The report without --fix, then the Fix section.
      expect(r.stdout.startsWith(plain.stdout)).to.equal(true)
      const fix = r.stdout.slice(plain.stdout.length)
      expect(fix.startsWith('\nFix: 7 repairs to run (7 statements).\n\nBEGIN;\n')).to.equal(true)
      expect(fix).to.include('-- [column.missing] public.users.mood\nALTER TABLE public.users ADD COLUMN IF NOT EXISTS mood text;\n')
      expect(fix).to.include('-- [column.mismatch] public.users.email\nALTER TABLE public.users ALTER COLUMN email TYPE character varying(200);\n')
      expect(fix).to.include('-- [index.missing] public.users.users_mood_idx\n--   blocks_writes: blocks writes to the table while it runs\n')
      expect(fix.trimEnd().endsWith('COMMIT;')).to.equal(true)
      expect(r.stdout).not.to.include('\u001b[')
    })

    it('adds `fix` to the JSON report: statements with sql, phase, hazards, notes, resolves and outsideTransaction', async () => {
      const r = await run(['check', '--spec', uniqueSpecFile, '--url', db.url, '--fix', '--format', 'json'])
      expect(r.code, r.stderr).to.equal(1)
      const report = JSON.parse(r.stdout) as JsonReport
      expect(report.formatVersion).to.equal(1)
      const fix = report.fix
      if (fix === undefined) throw new Error('no fix in the report')
      for (const statement of fix.statements) {
        expect(Object.keys(statement)).to.deep.equal(['phase', 'sql', 'resolves', 'hazards', 'notes', 'searchSchema', 'outsideTransaction'])
      }
      expect(fix.statements.find((s) => JSON.stringify(s.sql).includes('ADD COLUMN IF NOT EXISTS mood'))).to.deep.equal({
        phase: 'column',
        sql: ['ALTER TABLE public.users ADD COLUMN IF NOT EXISTS mood text'],
        resolves: [{ code: 'column.missing', schema: 'public', table: 'users', name: 'mood' }],
        hazards: [],
        notes: [],
        searchSchema: 'public',
        outsideTransaction: false,
      })
      // Adding a unique constraint over existing rows may fail: withheld, with its hazard.
      expect(fix.withheld.map((s) => [s.resolves.map((x) => `${x.code} ${x.name}`), s.hazards.includes('may_fail_on_existing_rows')])).to.deep.equal([
        [['unique.missing users_email_key'], true],
      ])
      expect(fix.unrepairable).to.deep.equal([])
      const withoutFix = JSON.parse((await run(['check', '--spec', uniqueSpecFile, '--url', db.url, '--format', 'json'])).stdout) as JsonReport
      expect(withoutFix).not.to.have.property('fix')
    })
  })

  describe('check --fix-file and fix on the PostgreSQL server (a URL with a password)', () => {
    let db: TestDatabase
    before(async () => {
      db = await database(POSTGRESQL, DRIFT_SQL)
    })
    after(() => db.drop())

    it('writes a file that runs as is and repairs everything but what it withholds; no password anywhere', async () => {
      const file = join(dir, 'repair.sql')
      const r = await run(['check', '--spec', uniqueSpecFile, '--url', db.url, '--fix-file', file])
      // --fix-file implies --fix: the report shows what the file holds.
      expect(r.code, r.stderr).to.equal(1)
      expect(r.stdout).to.include('Fix: 7 repairs to run (7 statements), 1 withheld (needs --allow-destructive).')
      expect(r.stderr).to.equal(`verify-database: wrote ${file}\n`)
      const sql = await readFile(file, 'utf8')
      const redacted = (await checkJson(db, uniqueSpecFile)).target.url
      expect(redacted).to.match(/^postgresql:\/\/postgres(:\*\*\*)?@/)
      expect(sql).to.include(`\n-- target:      ${redacted}\n`)
      expect(sql).to.match(/\n-- fingerprint: pg17 sha256:[0-9a-f]{64}\n/)
      expectNoPassword(db.url, r.stdout, r.stderr, sql)

      // What `psql -f` does: the whole file as one script.
      const session = await openDatabase(db.url, { env: {} })
      try {
        await session.exec(sql)
      } finally {
        await session.close()
      }
      const after = await checkJson(db, uniqueSpecFile)
      expect(findingKeys(after)).to.deep.equal(['unique.missing public.users.users_email_key'])

      const printed = await run(['fix', '--spec', uniqueSpecFile, '--url', db.url])
      expect(printed.code, printed.stderr).to.equal(0)
      expect(printed.stdout).to.include(`\n-- target:      ${redacted}\n`)
      expect(printed.stdout).to.include('-- Nothing to run')
      expect(printed.stderr).to.equal(`verify-database: ${redacted}: nothing to run, 1 withheld (needs --allow-destructive).\n`)
      expectNoPassword(db.url, printed.stdout, printed.stderr)
    })
  })

  describe('fix on PGlite', () => {
    it('prints the plan file on stdout and changes nothing (exit 0)', async () => {
      const db = await database(PGLITE, DRIFT_SQL)
      try {
        const before = await checkJson(db)
        const r = await run(['fix', '--spec', specFile, '--url', db.url])
        expect(r.code, r.stderr).to.equal(0)
        expect(r.stdout.split('\n').slice(0, 2)).to.deep.equal([`-- Repair written by verify-database 0.1.0`, `-- spec:        ${specFile}`])
        expect(r.stdout).to.include('ALTER TABLE public.users ADD COLUMN IF NOT EXISTS mood text;')
        expect(r.stderr).to.equal(`verify-database: ${db.url}: 7 repairs to run (7 statements).\n`)
        expect(findingKeys(await checkJson(db))).to.deep.equal(findingKeys(before))
      } finally {
        await db.drop()
      }
    })

    it('fix --apply refuses without a terminal and without --yes, before connecting, and writes nothing (exit 2)', async () => {
      const message =
        'verify-database: fix --apply asks before it writes, and there is no terminal to ask on: give --yes to apply without asking (nothing was applied)\n'
      // Port 1 refuses connections: exit 2 rather than 3 shows that nothing was tried.
      const unreachable = await run(['fix', '--apply', '--spec', specFile, '--url', 'postgresql://someone:pw-Never-1@127.0.0.1:1/x'])
      expect([unreachable.code, unreachable.stderr]).to.deep.equal([2, message])
      const db = await database(PGLITE, DRIFT_SQL)
      try {
        const before = await checkJson(db)
        const r = await run(['fix', '--apply', '--spec', specFile, '--url', db.url])
        expect([r.code, r.stdout, r.stderr]).to.deep.equal([2, '', message])
        const after = await checkJson(db)
        expect(findingKeys(after)).to.deep.equal(findingKeys(before))
        expect(after.code).to.equal(1)
      } finally {
        await db.drop()
      }
    })

    it('asks on a terminal: no writes nothing (exit 2), yes applies', async () => {
      const db = await database(PGLITE, DRIFT_SQL)
      try {
        const args = ['fix', '--apply', '--spec', specFile, '--url', db.url]
        const no = await runOnTerminal(args, 'n')
        expect(no.questions).to.deep.equal([`Apply 7 statements to ${db.url}? [y/N] `])
        expect(no.code).to.equal(2)
        expect(no.stderr).to.equal(`verify-database: not applied: the answer was not yes; nothing was written to ${db.url}\n`)
        expect(no.stdout).to.include('ALTER TABLE public.users ADD COLUMN IF NOT EXISTS mood text;')
        expect((await checkJson(db)).code).to.equal(1)

        const yes = await runOnTerminal(args, 'y')
        expect(yes.code, yes.stderr).to.equal(0)
        expect(yes.stdout).to.include('✔ schema matches')
        expect((await checkJson(db)).code).to.equal(0)
      } finally {
        await db.drop()
      }
    })

    it('fix --apply --plan runs a reviewed file when the schema still matches, and refuses (exit 2) saying what changed when not', async () => {
      const db = await database(PGLITE, DRIFT_SQL)
      try {
        const file = join(dir, 'reviewed.sql')
        expect((await run(['check', '--spec', specFile, '--url', db.url, '--fix-file', file])).code).to.equal(1)

        // Someone adds the missing column by hand after the plan was written.
        const session = await openDatabase(db.url, { env: {} })
        await session.exec('ALTER TABLE users ADD COLUMN mood text')
        await session.close()
        const refused = await run(['fix', '--apply', '--yes', '--plan', file, '--spec', specFile, '--url', db.url])
        expect(refused.code, refused.stderr).to.equal(2)
        expect(refused.stdout).to.equal('')
        expect(refused.stderr).to.match(
          new RegExp(`^verify-database: ${file} was planned against another schema than the database has now \\(fingerprint pg18 sha256:`),
        )
        expect(refused.stderr).to.include(': no longer: [column.missing] public.users.mood). Nothing was applied')
        expectNoStack(refused)

        // A new plan, reviewed and edited (a comment added), applies; --format json keeps stdout to the report.
        await run(['fix', '--spec', specFile, '--url', db.url]).then(({ stdout }) =>
          writeFile(file, stdout.replace('COMMIT;', "COMMENT ON TABLE users IS 'ok';\nCOMMIT;")),
        )
        const applied = await run(['fix', '--apply', '--yes', '--plan', file, '--spec', specFile, '--url', db.url, '--format', 'json'])
        expect(applied.code, applied.stderr).to.equal(0)
        const report = JSON.parse(applied.stdout) as JsonReport
        expect([report.status, report.findings]).to.deep.equal(['pass', []])
        expect(applied.stderr).to.include("COMMENT ON TABLE users IS 'ok';")
        expect(applied.stderr).to.match(new RegExp(`verify-database: applied 7 statements to ${db.url} in \\d+ ms; checked again:\\n$`))
      } finally {
        await db.drop()
      }
    })
  })

  for (const engine of ENGINES) {
    describe(`fix --apply --yes on ${engine.name}`, () => {
      it('applies the plan in one transaction, checks again, and exits as check does (0: converged)', async () => {
        const db = await database(engine, DRIFT_SQL)
        try {
          const r = await run(['fix', '--apply', '--yes', '--spec', specFile, '--url', db.url])
          expect(r.code, r.stderr).to.equal(0)
          // The plan, then the new report.
          const planEnd = r.stdout.indexOf('COMMIT;\n')
          expect(planEnd).to.be.greaterThan(0)
          expect(r.stdout.indexOf('✔ schema matches')).to.be.greaterThan(planEnd)
          expect(r.stderr).to.match(/^verify-database: applied 7 statements to .* in \d+ ms; checked again:\n$/)
          expectNoPassword(db.url, r.stdout, r.stderr)
          expect((await checkJson(db)).findings).to.deep.equal([])
        } finally {
          await db.drop()
        }
      })

      it('rolls everything back when a statement fails, and exits 3 with the statement and PostgreSQL’s message', async () => {
        const db = await database(engine, DUPLICATES_SQL)
        try {
          const before = await checkJson(db, uniqueSpecFile)
          // --allow-destructive includes the unique constraint, which the repeated email breaks.
          const r = await run(['fix', '--apply', '--yes', '--allow-destructive', '--spec', uniqueSpecFile, '--url', db.url])
          expect(r.code, r.stderr).to.equal(3)
          expect(r.stderr.trimEnd().split('\n')).to.have.length(1)
          expect(r.stderr).to.match(
            /^verify-database: the repair of .* failed at statement \d+ of \d+ \(\[unique\.missing\] public\.users\.users_email_key\): DO block: ALTER TABLE public\.users ADD CONSTRAINT users_email_key UNIQUE \(email\): could not create unique index "users_email_key" \(SQLSTATE 23505\); the transaction was rolled back: nothing was changed\n$/,
          )
          expectNoStack(r)
          expectNoPassword(db.url, r.stdout, r.stderr)
          // Nothing of the transaction stayed: the same findings as before.
          expect(findingKeys(await checkJson(db, uniqueSpecFile))).to.deep.equal(findingKeys(before))
        } finally {
          await db.drop()
        }
      })
    })
  }
})
