/**
 * The fix core without a process, on real PGlite databases: planning writes the file with a
 * fingerprint that is stable for one schema and changes with it; applying asks before it writes,
 * refuses a plan made for another schema and a schema that changed while the plan was shown, rolls
 * back a failing statement and names it; a plan file splits into statements like PostgreSQL would.
 */
import { expect } from 'chai'
import { applyFix, applyFixTarget, planFixTarget, runStatements, type ApplyFixOptions, type ApplyQuestion, type FixPlanOutcome } from '../../../src/app/fix.js'
import { parsePlanFile, splitStatements } from '../../../src/app/plan-file.js'
import { fingerprintModel } from '../../../src/app/plan-fix-for.js'
import { DatabaseError, ExitCode, UsageError, UserError } from '../../../src/errors.js'
import type { DatabaseSession } from '../../../src/introspect/queryable.js'
import { loadSpec, type LoadedSpec } from '../../../src/spec/load-spec.js'
import { ENGINES, type TestDatabase } from '../../support/databases.js'
import { column, schema, table } from '../../support/model-builders.js'
import { FIXED_NOW, testDeps } from './test-deps.js'

const SPEC_PATH = 'memory/expected-schema.json'
const SPEC = {
  schemas: {
    public: {
      tables: {
        users: {
          columns: { id: { type: 'serial' }, email: { type: 'varchar(200)', nullable: false }, mood: { type: 'text' } },
          primaryKey: { columns: ['id'] },
          indexes: [{ name: 'users_mood_idx', columns: ['mood'] }],
        },
        projects: {
          columns: { id: { type: 'serial' }, owner_id: { type: 'integer' } },
          primaryKey: { columns: ['id'] },
          foreignKeys: [{ columns: ['owner_id'], references: { table: 'users' } }],
        },
      },
    },
  },
}
/** users with a narrower email and without mood; no projects. */
const DRIFT_SQL = "CREATE TABLE users (id serial PRIMARY KEY, email varchar(100) NOT NULL); INSERT INTO users (email) VALUES ('a@example.com');"

const PGLITE = ENGINES[0] as (typeof ENGINES)[number]

async function specOf(spec: unknown = SPEC): Promise<LoadedSpec> {
  return loadSpec(SPEC_PATH, { readFile: () => Promise.resolve(JSON.stringify(spec)) })
}

/** A new PGlite database (a copy of an initialised template: fast) set up by `sql`. */
async function drifted(sql = DRIFT_SQL): Promise<TestDatabase> {
  const db = await PGLITE.createDatabase()
  await db.session.exec(sql)
  return db
}

/** Runs `work` on a drifted database whose session is released, so a core can open its URL. */
async function withTarget<T>(sql: string, work: (url: string) => Promise<T>): Promise<T> {
  const db = await drifted(sql)
  try {
    await db.release()
    return await work(db.url)
  } finally {
    await db.drop()
  }
}

function planned(outcome: FixPlanOutcome): Extract<FixPlanOutcome, { kind: 'planned' }> {
  if (outcome.kind !== 'planned') throw new Error(`expected a plan, got: ${outcome.error.message}`)
  return outcome
}

async function columnsOf(session: DatabaseSession, tableName: string): Promise<string[]> {
  const rows = await session.query<{ attname: string }>(
    'SELECT attname FROM pg_attribute WHERE attrelid = to_regclass($1) AND attnum > 0 AND NOT attisdropped ORDER BY attnum',
    [tableName],
  )
  return rows.map((r) => r.attname)
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => undefined,
    (error: unknown) => error,
  )
}

/** Apply options that record what was shown and asked, and answer `answer`. */
function recorder(answer: boolean | ((q: ApplyQuestion) => Promise<boolean>)): {
  options: Pick<ApplyFixOptions, 'showPlan' | 'confirm'>
  shown: string[]
  asked: ApplyQuestion[]
} {
  const shown: string[] = []
  const asked: ApplyQuestion[] = []
  return {
    shown,
    asked,
    options: {
      showPlan: (text) => {
        shown.push(text)
        return Promise.resolve()
      },
      confirm: (question) => {
        asked.push(question)
        return typeof answer === 'boolean' ? Promise.resolve(answer) : answer(question)
      },
    },
  }
}

describe('planFixTarget', () => {
  it('checks, plans and writes the plan file with a header: spec, target, server, time and fingerprint', async () => {
    await withTarget(DRIFT_SQL, async (url) => {
      const deps = testDeps({ files: { [SPEC_PATH]: JSON.stringify(SPEC) } })
      const spec = await loadSpec(SPEC_PATH, { readFile: deps.readFile })
      const outcome = planned(await planFixTarget(spec, url, { fix: {} }, deps))
      expect(outcome.report.fix).to.equal(outcome.fix.plan)
      expect(outcome.fix.plan.statements.flatMap((s) => s.resolves.map((r) => r.code))).to.include.members([
        'table.missing',
        'column.missing',
        'column.mismatch',
      ])
      expect(outcome.sql.split('\n').slice(0, 6)).to.deep.equal([
        `-- Repair written by verify-database ${outcome.report.tool.version}`,
        `-- spec:        ${SPEC_PATH}`,
        `-- target:      ${url}`,
        `-- server:      PGlite, PostgreSQL ${outcome.server.version}`,
        `-- written at:  ${FIXED_NOW.toISOString()}`,
        `-- fingerprint: ${outcome.fix.fingerprint}`,
      ])
      expect(outcome.fix.fingerprint).to.match(/^pg18 sha256:[0-9a-f]{64}$/)
      expect(deps.sessions).to.deep.equal({ open: 1, closed: 1 })
    })
  })

  it('gives one schema one fingerprint, in another database too, and another schema another', async () => {
    const spec = await specOf()
    const fingerprint = (sql: string): Promise<string> =>
      withTarget(sql, async (url) => planned(await planFixTarget(spec, url, { fix: {} }, testDeps())).fix.fingerprint)
    const first = await fingerprint(DRIFT_SQL)
    expect(await fingerprint(DRIFT_SQL)).to.equal(first)
    // Rows are not schema.
    expect(await fingerprint(`${DRIFT_SQL} INSERT INTO users (email) VALUES ('b@example.com');`)).to.equal(first)
    expect(await fingerprint(`${DRIFT_SQL} ALTER TABLE users ADD COLUMN nickname text;`)).not.to.equal(first)
    // Schemas the check does not cover are not part of what the plan was made against.
    expect(await fingerprint(`${DRIFT_SQL} CREATE SCHEMA other; CREATE TABLE other.t (id int);`)).to.equal(first)
  })

  it('fingerprints the model without spec pointers, and with the server major version', () => {
    const model = schema({ tables: [table('users', { columns: [column('id', 'integer')] })] })
    const withSource = schema({ tables: [{ ...table('users', { columns: [{ ...column('id', 'integer'), source: '/x' }] }), source: '/y' }] })
    expect(fingerprintModel(withSource, ['public'], 170004)).to.equal(fingerprintModel(model, ['public'], 170004))
    expect(fingerprintModel(model, ['public'], 170004)).to.equal(fingerprintModel(model, ['public'], 170010))
    expect(fingerprintModel(model, ['public'], 160004)).to.match(/^pg16 /)
    expect(fingerprintModel(model, ['public'], 160004).slice(5)).not.to.equal(fingerprintModel(model, ['public'], 170004).slice(5))
  })
})

describe('applyFix', () => {
  it('shows the plan file, asks with the number of statements and the target, applies, and checks again', async () => {
    const db = await drifted()
    try {
      const { options, shown, asked } = recorder(true)
      const result = await applyFix(db.session, await specOf(), { fix: {}, ...options }, { now: () => FIXED_NOW })
      expect(shown).to.have.length(1)
      expect(shown[0]).to.include(`-- fingerprint: ${result.before.fix.fingerprint}`)
      const changing = result.before.fix.plan.statements.reduce((n, s) => n + s.sql.length, 0)
      expect(asked).to.deep.equal([{ statementCount: changing, target: db.url }])
      expect(result.applied.statementCount).to.equal(changing)
      expect(result.before.report.findings).not.to.deep.equal([])
      expect(result.after.report.findings).to.deep.equal([])
      expect(result.after.report.status).to.equal('pass')
      expect(await columnsOf(db.session, 'users')).to.deep.equal(['id', 'email', 'mood'])
    } finally {
      await db.drop()
    }
  })

  it('writes nothing when the answer is no (exit 2)', async () => {
    const db = await drifted()
    try {
      const { options } = recorder(false)
      const error = await rejection(applyFix(db.session, await specOf(), { fix: {}, ...options }, { now: () => FIXED_NOW }))
      expect(error).to.be.instanceOf(UsageError)
      expect((error as UsageError).message).to.equal(`not applied: the answer was not yes; nothing was written to ${db.url}`)
      expect(await columnsOf(db.session, 'users')).to.deep.equal(['id', 'email'])
      expect(await columnsOf(db.session, 'projects')).to.deep.equal([])
    } finally {
      await db.drop()
    }
  })

  it('asks nothing and applies nothing when there is nothing to run', async () => {
    const db = await drifted(
      'CREATE TABLE users (id serial PRIMARY KEY, email varchar(200) NOT NULL, mood text); CREATE INDEX users_mood_idx ON users (mood); ' +
        'CREATE TABLE projects (id serial PRIMARY KEY, owner_id integer REFERENCES users); CREATE INDEX ON projects (owner_id);',
    )
    try {
      const { options, asked } = recorder(true)
      const result = await applyFix(db.session, await specOf(), { fix: {}, ...options }, { now: () => FIXED_NOW })
      expect(asked).to.deep.equal([])
      expect(result.applied.statementCount).to.equal(0)
      expect(result.after.report.status).to.equal('pass')
    } finally {
      await db.drop()
    }
  })

  it('refuses, writing nothing, when the schema changed while the plan was shown', async () => {
    const db = await drifted()
    try {
      // Another migration adds a column and a table while the person reads the plan.
      const { options } = recorder(async () => {
        await db.session.exec('ALTER TABLE users ADD COLUMN nickname text; CREATE TABLE audit (id int)')
        return true
      })
      const error = await rejection(applyFix(db.session, await specOf(), { fix: {}, isStrict: true, ...options }, { now: () => FIXED_NOW }))
      expect(error).to.be.instanceOf(UsageError)
      const message = (error as Error).message
      expect(message).to.match(new RegExp(`^the schema of ${db.url} changed while the plan was shown \\(fingerprint pg18 sha256:[0-9a-f]{12}… then`))
      expect(message).to.include('now also: [column.extra] public.users.nickname, [table.extra] public.audit')
      expect(await columnsOf(db.session, 'projects')).to.deep.equal([])
    } finally {
      await db.drop()
    }
  })

  it('runs a plan file whose fingerprint matches, as written, and refuses one made for another schema, saying what changed', async () => {
    const spec = await specOf()
    const file = await withTarget(DRIFT_SQL, async (url) => planned(await planFixTarget(spec, url, { fix: {} }, testDeps())).sql)
    // A reviewer edits the plan: one more statement, which must run too.
    const reviewed = file.replace('COMMIT;', "COMMENT ON TABLE users IS 'reviewed; ok';\nCOMMIT;")
    const db = await drifted()
    try {
      const { options, shown } = recorder(true)
      const result = await applyFix(db.session, spec, { fix: {}, planFile: parsePlanFile('repair.sql', reviewed), ...options }, { now: () => FIXED_NOW })
      expect(shown).to.deep.equal([reviewed])
      expect(result.after.report.findings).to.deep.equal([])
      const [comment] = await db.session.query<{ comment: string }>("SELECT obj_description('users'::regclass, 'pg_class') AS comment")
      expect(comment?.comment).to.equal('reviewed; ok')
    } finally {
      await db.drop()
    }

    const changed = await drifted(`${DRIFT_SQL} ALTER TABLE users ADD COLUMN mood text; CREATE TABLE projects (id serial PRIMARY KEY);`)
    try {
      const { options, asked } = recorder(true)
      const error = await rejection(
        applyFix(changed.session, spec, { fix: {}, planFile: parsePlanFile('repair.sql', file), ...options }, { now: () => FIXED_NOW }),
      )
      expect(error).to.be.instanceOf(UsageError)
      const message = (error as Error).message
      expect(message).to.match(/^repair\.sql was planned against another schema than the database has now \(fingerprint pg18 sha256:[0-9a-f]{12}… then, /)
      expect(message).to.include('now also: [column.missing] public.projects.owner_id, [foreign_key.missing] public.projects;')
      expect(message).to.include('no longer: [table.missing] public.projects, [column.missing] public.users.mood')
      expect(message).to.include('Nothing was applied')
      expect(asked).to.deep.equal([])
      expect(await columnsOf(changed.session, 'projects')).to.deep.equal(['id'])
    } finally {
      await changed.drop()
    }
  })
})

describe('a failing repair', () => {
  const UNIQUE_SPEC = {
    schemas: { public: { tables: { users: { ...SPEC.schemas.public.tables.users, unique: [{ name: 'users_email_key', columns: ['email'] }] } } } },
  }
  const DUPLICATES_SQL = `${DRIFT_SQL} INSERT INTO users (email) VALUES ('a@example.com');`

  it('rolls the whole transaction back and names the statement and PostgreSQL’s message (exit 3)', async () => {
    const db = await drifted(DUPLICATES_SQL)
    try {
      const options = { fix: { allowDestructive: true }, ...recorder(true).options }
      const error = await rejection(applyFix(db.session, await specOf(UNIQUE_SPEC), options, { now: () => FIXED_NOW }))
      expect(error).to.be.instanceOf(DatabaseError)
      expect((error as DatabaseError).exitCode).to.equal(ExitCode.connection)
      expect((error as Error).message).to.match(
        /failed at statement \d+ of \d+ \(\[unique\.missing\] public\.users\.users_email_key\): DO block: ALTER TABLE public\.users ADD CONSTRAINT users_email_key UNIQUE \(email\): could not create unique index "users_email_key" \(SQLSTATE 23505\); the transaction was rolled back: nothing was changed$/,
      )
      expect((error as Error).message.startsWith(`the repair of ${db.url} failed`)).to.equal(true)
      // The column added and the type widened earlier in the same transaction are undone with it.
      expect(await columnsOf(db.session, 'users')).to.deep.equal(['id', 'email'])
      const [type] = await db.session.query<{ type: string }>(
        "SELECT format_type(atttypid, atttypmod) AS type FROM pg_attribute WHERE attrelid = 'users'::regclass AND attname = 'email'",
      )
      expect(type?.type).to.equal('character varying(100)')
    } finally {
      await db.drop()
    }
  })

  it('is a failed target for applyFixTarget, with its session closed', async () => {
    const spec = await specOf(UNIQUE_SPEC)
    await withTarget(DUPLICATES_SQL, async (url) => {
      const deps = testDeps()
      const outcome = await applyFixTarget(spec, url, { fix: { allowDestructive: true }, ...recorder(true).options }, deps)
      expect(outcome.kind).to.equal('failed')
      if (outcome.kind === 'failed') expect(outcome.error).to.be.instanceOf(DatabaseError)
      expect(deps.sessions).to.deep.equal({ open: 1, closed: 1 })
    })
  })
})

describe('runStatements', () => {
  it('rolls back what ran in the transaction, and says what stays applied outside it', async () => {
    const db = await drifted()
    const { session } = db
    try {
      const statements = splitStatements(
        'edited.sql',
        'CREATE TABLE before_tx (id int);\nBEGIN;\n-- [column.missing] public.users.mood\nALTER TABLE users ADD COLUMN mood text;\nALTER TABLE users ADD COLUMN mood text;\nCOMMIT;\n',
      )
      const error = await rejection(runStatements(session, statements))
      expect(error).to.be.instanceOf(UserError)
      expect((error as Error).message).to.equal(
        `the repair of ${db.url} failed at statement 4 of 5 ` +
          '(line 5; [column.missing] public.users.mood): ALTER TABLE users ADD COLUMN mood text: ' +
          'column "mood" of relation "users" already exists (SQLSTATE 42701); the transaction was rolled back; 1 statement before it had been committed and stay applied',
      )
      expect(await columnsOf(session, 'users')).to.deep.equal(['id', 'email'])
      expect(await columnsOf(session, 'before_tx')).to.deep.equal(['id'])
      // The session is usable again: the transaction is over.
      await session.exec('SELECT 1')
    } finally {
      await db.drop()
    }
  })
})

describe('plan files', () => {
  it('splits at semicolons outside quotes, dollar quotes and comments, keeping each statement’s line and label', () => {
    const text = [
      '-- header; not a statement',
      'BEGIN;',
      '-- [table.missing] public."a;b"',
      `CREATE TABLE "a;b" (x text DEFAULT 'it''s;' /* ; */);`,
      '-- [function.missing] public.f()',
      'DO $fix$ BEGIN PERFORM 1; END $fix$;',
      "SELECT E'\\';', $q$;$q$;",
      'COMMIT;',
      '-- trailing comment; with a semicolon',
    ].join('\n')
    expect(splitStatements('f.sql', text)).to.deep.equal([
      { sql: 'BEGIN', line: 2 },
      { sql: `CREATE TABLE "a;b" (x text DEFAULT 'it''s;' /* ; */)`, line: 4, label: '[table.missing] public."a;b"' },
      { sql: 'DO $fix$ BEGIN PERFORM 1; END $fix$', line: 6, label: '[function.missing] public.f()' },
      { sql: "SELECT E'\\';', $q$;$q$", line: 7, label: '[function.missing] public.f()' },
      { sql: 'COMMIT', line: 8 },
    ])
  })

  it('refuses a file without a fingerprint, and SQL it cannot split, with one line (exit 2)', () => {
    expect(() => parsePlanFile('x.sql', 'BEGIN; COMMIT;')).to.throw(UsageError, /^x\.sql has no "-- fingerprint:" line/)
    const header = `-- fingerprint: pg17 sha256:${'0'.repeat(64)}\n`
    expect(() => parsePlanFile('x.sql', `${header}\\set ON_ERROR_STOP 1\nSELECT 1;`)).to.throw(UsageError, /^x\.sql: cannot split the SQL into statements: /)
    expect(parsePlanFile('x.sql', `${header}SELECT 1;`).fingerprint).to.equal(`pg17 sha256:${'0'.repeat(64)}`)
  })
})
