/**
 * Objects that exist but do not work are drift: an INVALID index (a failed CREATE INDEX
 * CONCURRENTLY, an index ON ONLY a partitioned table), a NOT VALID check or foreign key, a
 * foreign key whose triggers are disabled, and on PostgreSQL 18 a NOT ENFORCED check and a NOT
 * NULL added NOT VALID. Each state is made the way it happens in the field, on every version
 * here; the gate must see it, the repair must fix it, and a spec that says `valid: false` /
 * `enforced: false` must be taken at its word.
 */
import { expect } from 'chai'
import { compareSchemas } from '../../src/compare/compare-schemas.js'
import type { Finding } from '../../src/compare/finding.js'
import type { FixOptions, FixPlan } from '../../src/fix/fix-plan.js'
import { scriptOf } from '../../src/fix/fix-script.js'
import { planFix } from '../../src/fix/plan-fix.js'
import { introspectDatabase } from '../../src/introspect/introspect-database.js'
import type { DatabaseSession } from '../../src/introspect/queryable.js'
import { describeFinding } from '../../src/report/describe-finding.js'
import { findingPayload } from '../../src/report/finding-payload.js'
import { modelToSpec } from '../../src/snapshot/model-to-spec.js'
import { specToModel } from '../../src/spec/spec-to-model.js'
import type { Spec } from '../../src/spec/spec-types.js'
import { VERSION_MATRIX, type Engine, type TestDatabase } from '../support/databases.js'

const HEALTHY_SQL = `
CREATE TABLE users (id integer PRIMARY KEY, email text);
CREATE TABLE posts (
  id integer PRIMARY KEY,
  user_id integer CONSTRAINT posts_user_id_fkey REFERENCES users (id),
  editor_id integer,
  score integer
);
CREATE TABLE events (id integer, region text) PARTITION BY LIST (region);
CREATE TABLE events_eu PARTITION OF events FOR VALUES IN ('eu');
CREATE TABLE events_us PARTITION OF events FOR VALUES IN ('us');
INSERT INTO users VALUES (1, 'a@example.com'), (2, 'a@example.com');
INSERT INTO posts VALUES (1, 1, 1, -5);
`

/** Each made as it happens: a CONCURRENTLY build that met duplicates, constraints added NOT VALID, a bulk load's DISABLE TRIGGER ALL. */
const BREAK_SQL = [
  'CREATE UNIQUE INDEX CONCURRENTLY users_email_key ON users (email)',
  'CREATE INDEX events_region_idx ON ONLY events (region)',
  'ALTER TABLE posts ADD CONSTRAINT posts_score_check CHECK (score >= 0) NOT VALID',
  'ALTER TABLE posts ADD CONSTRAINT posts_editor_id_fkey FOREIGN KEY (editor_id) REFERENCES users (id) NOT VALID',
  'ALTER TABLE posts DISABLE TRIGGER ALL',
]

const SPEC: Spec = {
  schemas: {
    public: {
      tables: {
        users: { columns: { id: { type: 'integer' }, email: { type: 'text' } }, indexes: [{ name: 'users_email_key', columns: ['email'], unique: true }] },
        posts: {
          columns: { id: { type: 'integer' }, user_id: { type: 'integer' }, editor_id: { type: 'integer' }, score: { type: 'integer' } },
          checks: [{ name: 'posts_score_check', expression: 'score >= 0' }],
          foreignKeys: [
            // Indexes are not what this test is about.
            { name: 'posts_user_id_fkey', columns: ['user_id'], references: { table: 'users' }, indexed: false },
            { name: 'posts_editor_id_fkey', columns: ['editor_id'], references: { table: 'users' }, indexed: false },
          ],
        },
        events: { columns: { id: { type: 'integer' }, region: { type: 'text' } }, indexes: [{ name: 'events_region_idx', columns: ['region'] }] },
      },
    },
  },
}

const SAFE: FixOptions = { allowDestructive: false, isStrict: false, concurrently: false, notValid: false }

const brief = (f: Finding): string =>
  `${f.code} ${f.subject.table ?? '-'} ${f.subject.name ?? '-'} [${f.problem === 'mismatch' ? f.attributes.join(',') : ''}] ${f.severity}`

async function findingsOf(session: DatabaseSession, spec: Spec = SPEC): Promise<{ findings: Finding[]; plan: (options: FixOptions) => FixPlan }> {
  const { model, server } = await introspectDatabase(session, { schemas: ['public'] })
  const expected = specToModel(spec)
  const findings = compareSchemas(expected, model, { isStrict: false })
  return { findings, plan: (options) => planFix({ findings, expected, actual: model, serverVersionNum: server.versionNum, options }) }
}

async function apply(session: DatabaseSession, plan: FixPlan): Promise<void> {
  for (const statement of scriptOf(plan)) await session.exec(statement.sql)
}

/** `work` on a new database of `engine`, dropped afterwards whatever happens. */
async function onNewDatabase(engine: Engine, work: (db: TestDatabase) => Promise<void>): Promise<void> {
  const db = await engine.createDatabase()
  try {
    await work(db)
  } finally {
    await db.drop()
  }
}

async function breakAll(session: DatabaseSession): Promise<void> {
  await session.exec(HEALTHY_SQL)
  for (const statement of BREAK_SQL) await session.exec(statement).catch(() => undefined)
}

for (const engine of VERSION_MATRIX) {
  describe(`broken objects on ${engine.name}`, function () {
    it('the healthy schema has no findings (the spec describes it)', async () => {
      await onNewDatabase(engine, async (db) => {
        await db.session.exec(HEALTHY_SQL)
        await db.session.exec(
          'DELETE FROM users WHERE id = 2; CREATE UNIQUE INDEX users_email_key ON users (email); CREATE INDEX events_region_idx ON events (region)',
        )
        await db.session.exec('UPDATE posts SET score = 0; ALTER TABLE posts ADD CONSTRAINT posts_score_check CHECK (score >= 0)')
        await db.session.exec('ALTER TABLE posts ADD CONSTRAINT posts_editor_id_fkey FOREIGN KEY (editor_id) REFERENCES users (id)')
        expect((await findingsOf(db.session)).findings.map(brief)).to.deep.equal([])
      })
    })

    it('reports each broken object with its severity and a sentence on what breaks', async () => {
      await onNewDatabase(engine, async (db) => {
        await breakAll(db.session)
        const { findings } = await findingsOf(db.session)
        expect(findings.map(brief).sort()).to.deep.equal(
          [
            'check.mismatch posts posts_score_check [valid] warning',
            'foreign_key.mismatch posts posts_editor_id_fkey [valid,enforced] error',
            'foreign_key.mismatch posts posts_user_id_fkey [enforced] error',
            'index.mismatch events events_region_idx [valid] warning',
            'index.mismatch users users_email_key [valid] error',
          ].sort(),
        )
        const messages = findings.map((f) => describeFinding(f))
        expect(messages).to.include.members([
          'Index users_email_key on public.users is INVALID (a CREATE INDEX CONCURRENTLY that failed or never finished, or a partition lacks it): queries cannot use it.',
          'Check constraint posts_score_check on public.posts is NOT VALID: the rows that were there before it was added were never checked.',
          'Foreign key posts_user_id_fkey on public.posts is not enforced (NOT ENFORCED, or its internal triggers are disabled, as by DISABLE TRIGGER ALL): new rows are not checked.',
        ])
        const index = findings.find((f) => f.subject.name === 'users_email_key')
        expect(index && findingPayload(index)).to.deep.equal({ expected: { valid: true }, actual: { valid: false } })
        const editor = findings.find((f) => f.subject.name === 'posts_editor_id_fkey')
        expect(editor && findingPayload(editor)).to.deep.equal({ expected: { valid: true, enforced: true }, actual: { valid: false, enforced: false } })
      })
    })

    it('repairs them: VALIDATE for NOT VALID, a rebuild for an invalid index, the key added again for disabled triggers', async () => {
      await onNewDatabase(engine, async (db) => {
        await breakAll(db.session)
        const safe = (await findingsOf(db.session)).plan(SAFE)
        const sql = [...safe.statements, ...safe.withheld].flatMap((s) => s.sql)
        expect(sql).to.include('ALTER TABLE public.posts VALIDATE CONSTRAINT posts_score_check')
        expect(sql).to.include('DROP INDEX IF EXISTS public.events_region_idx')
        // The unique rebuild may meet the duplicates that broke it: held back, like every such step.
        expect(safe.withheld.flatMap((s) => s.sql)).to.include('DROP INDEX IF EXISTS public.users_email_key')
        expect(safe.withheld.flatMap((s) => s.resolves.map((r) => r.code))).to.include('foreign_key.mismatch')

        // The rows that broke the rules go; then the whole repair leaves nothing behind, twice.
        await db.session.exec('UPDATE posts SET score = 0, editor_id = NULL; DELETE FROM users WHERE id = 2')
        const all = (await findingsOf(db.session)).plan({ ...SAFE, allowDestructive: true })
        await apply(db.session, all)
        expect((await findingsOf(db.session)).findings.map(brief)).to.deep.equal([])
        await apply(db.session, all)
        expect((await findingsOf(db.session)).findings.map(brief)).to.deep.equal([])
        // New rows are checked again: the foreign key's triggers are back.
        const orphan = await db.session.exec('INSERT INTO posts (id, user_id) VALUES (9, 42)').then(
          () => 'inserted',
          (error: Error) => error.message,
        )
        expect(orphan).to.match(/violates foreign key constraint "posts_user_id_fkey"/)
      })
    })

    it('with --concurrently, rebuilds an invalid index concurrently, outside the transaction', async () => {
      await onNewDatabase(engine, async (db) => {
        await breakAll(db.session)
        await db.session.exec('DELETE FROM users WHERE id = 2')
        const plan = (await findingsOf(db.session)).plan({ ...SAFE, allowDestructive: true, concurrently: true })
        const step = plan.statements.find((s) => s.resolves.some((r) => r.subject.name === 'users_email_key'))
        expect(step?.sql).to.deep.equal([
          'DROP INDEX CONCURRENTLY IF EXISTS public.users_email_key',
          'CREATE UNIQUE INDEX CONCURRENTLY IF NOT EXISTS users_email_key ON public.users (email)',
        ])
        expect(step?.isOutsideTransaction).to.equal(true)
        await db.session.exec('UPDATE posts SET score = 0, editor_id = NULL')
        await apply(db.session, plan)
        expect((await findingsOf(db.session)).findings.map(brief)).to.deep.equal([])
      })
    })

    it('repairs an invalid index found under another name: the rebuild drops it under either name', async () => {
      await onNewDatabase(engine, async (db) => {
        await db.session.exec(HEALTHY_SQL)
        await db.session.exec('CREATE UNIQUE INDEX CONCURRENTLY users_email_idx ON users (email)').catch(() => undefined)
        const spec: Spec = { schemas: { public: { tables: { users: SPEC.schemas.public!.tables!.users! } } } }
        const { findings, plan } = await findingsOf(db.session, spec)
        expect(findings.map(brief).sort()).to.deep.equal(['index.mismatch users users_email_key [valid] error', 'index.renamed users users_email_key [] info'])
        await db.session.exec('DELETE FROM users WHERE id = 2')
        await apply(db.session, plan({ ...SAFE, allowDestructive: true }))
        expect((await findingsOf(db.session, spec)).findings.map(brief)).to.deep.equal([])
      })
    })

    it('takes a spec that says valid: false / enforced: false at its word, and a snapshot writes them', async () => {
      await onNewDatabase(engine, async (db) => {
        await breakAll(db.session)
        const { model } = await introspectDatabase(db.session, { schemas: ['public'] })
        const snapshot = modelToSpec(model)
        const posts = snapshot.schemas?.['public']?.tables?.['posts']
        expect(posts?.checks).to.deep.equal([{ name: 'posts_score_check', expression: 'score >= 0', valid: false }])
        expect(posts?.foreignKeys?.map((fk) => [fk.name, fk.valid, fk.enforced])).to.deep.equal([
          ['posts_editor_id_fkey', false, false],
          ['posts_user_id_fkey', undefined, false],
        ])
        // The snapshot accepts its own constraints; an invalid index is broken whatever a snapshot says.
        expect((await findingsOf(db.session, snapshot)).findings.map(brief)).to.deep.equal([
          'index.mismatch events events_region_idx [valid] warning',
          'index.mismatch users users_email_key [valid] error',
        ])

        // The database validates and enforces more than that spec asks: info, and nothing to run.
        await db.session.exec('UPDATE posts SET score = 0, editor_id = NULL; ALTER TABLE posts ENABLE TRIGGER ALL')
        await db.session.exec('ALTER TABLE posts VALIDATE CONSTRAINT posts_score_check; ALTER TABLE posts VALIDATE CONSTRAINT posts_editor_id_fkey')
        const stricter = await findingsOf(db.session, snapshot)
        expect(stricter.findings.filter((f) => f.kind !== 'index').map(brief)).to.deep.equal([
          'check.mismatch posts posts_score_check [valid] info',
          'foreign_key.mismatch posts posts_editor_id_fkey [valid,enforced] info',
          'foreign_key.mismatch posts posts_user_id_fkey [enforced] info',
        ])
        const check = stricter.findings.find((f) => f.kind === 'check')
        expect(check && describeFinding(check)).to.equal(
          'Check constraint posts_score_check on public.posts is validated, expected NOT VALID (stricter than the spec asks).',
        )
        const plan = stricter.plan(SAFE)
        expect(plan.unrepairable.map((u) => u.resolves.code)).to.deep.equal(['check.mismatch', 'foreign_key.mismatch', 'foreign_key.mismatch'])
      })
    })

    it('sees a foreign key whose triggers fire only in replication sessions as not enforced', async () => {
      await onNewDatabase(engine, async (db) => {
        await db.session.exec(HEALTHY_SQL)
        // No ALL form: one of the key's internal triggers, by its generated name, as a replication set-up does it.
        const triggers = await db.session.query<{ name: string }>(
          "SELECT tgname AS name FROM pg_trigger WHERE tgrelid = 'posts'::regclass AND tgisinternal ORDER BY tgname LIMIT 1",
        )
        await db.session.exec(`ALTER TABLE posts ENABLE REPLICA TRIGGER "${triggers[0]?.name ?? ''}"`)
        const { findings } = await findingsOf(db.session, {
          schemas: { public: { tables: { posts: { foreignKeys: [SPEC.schemas.public!.tables!.posts!.foreignKeys![0]!] } } } },
        })
        expect(findings.map(brief)).to.deep.equal(['foreign_key.mismatch posts posts_user_id_fkey [enforced] error'])
      })
    })
  })
}

// PGlite is PostgreSQL 18: what only 18 can declare.
for (const engine of VERSION_MATRIX.filter((e) => e.name === 'pglite')) {
  describe(`broken objects only PostgreSQL 18 can make, on ${engine.name}`, function () {
    it('reports a NOT ENFORCED check and a NOT NULL added NOT VALID, and repairs both', async () => {
      await onNewDatabase(engine, async (db) => {
        await db.session.exec(HEALTHY_SQL)
        await db.session.exec('ALTER TABLE posts ADD CONSTRAINT posts_score_check CHECK (score >= 0) NOT ENFORCED')
        await db.session.exec('UPDATE posts SET editor_id = NULL; ALTER TABLE posts ADD CONSTRAINT posts_editor_id_not_null NOT NULL editor_id NOT VALID')
        const spec: Spec = {
          schemas: {
            public: {
              tables: {
                posts: { columns: { editor_id: { type: 'integer', nullable: false } }, checks: [{ name: 'posts_score_check', expression: 'score >= 0' }] },
              },
            },
          },
        }
        const { findings, plan } = await findingsOf(db.session, spec)
        expect(findings.map(brief).sort()).to.deep.equal([
          'check.mismatch posts posts_score_check [enforced] error',
          'column.mismatch posts editor_id [nullable] error',
        ])
        await db.session.exec('UPDATE posts SET score = 0, editor_id = 1')
        await apply(db.session, plan({ ...SAFE, allowDestructive: true }))
        expect((await findingsOf(db.session, spec)).findings.map(brief)).to.deep.equal([])
      })
    })
  })
}
