/**
 * Migration history tables made for real, each in the layout its tool documents (Alembic's
 * alembic_version, Flyway's flyway_schema_history, Prisma's _prisma_migrations, Knex's
 * knex_migrations, Rails' and golang-migrate's schema_migrations, Django's django_migrations, and a
 * custom table), read in the check's snapshot and compared with a spec's `migrations`: every
 * migration finding, and the cross-check with the tables a revision creates.
 */
import { expect } from 'chai'
import { compareSchemas } from '../../src/compare/compare-schemas.js'
import type { MigrationFinding } from '../../src/compare/finding.js'
import { introspectDatabase } from '../../src/introspect/introspect-database.js'
import { describeFinding } from '../../src/report/describe-finding.js'
import { SpecError } from '../../src/errors.js'
import { loadSpecText } from '../../src/spec/load-spec.js'
import type { SpecMigrations } from '../../src/spec/spec-types.js'
import { ENGINES, type TestDatabase } from '../support/databases.js'
import { planSafeFix } from '../support/safe-fix.js'

/** The layouts, as each tool's documentation gives its table (columns and types). */
const LAYOUTS = {
  alembic: `CREATE TABLE %s.alembic_version (version_num varchar(32) NOT NULL, CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num))`,
  flyway: `CREATE TABLE %s.flyway_schema_history (
    installed_rank integer NOT NULL PRIMARY KEY, version varchar(50), description varchar(200) NOT NULL, type varchar(20) NOT NULL,
    script varchar(1000) NOT NULL, checksum integer, installed_by varchar(100) NOT NULL, installed_on timestamp NOT NULL DEFAULT now(),
    execution_time integer NOT NULL, success boolean NOT NULL)`,
  prisma: `CREATE TABLE %s._prisma_migrations (
    id varchar(36) PRIMARY KEY, checksum varchar(64) NOT NULL, finished_at timestamptz, migration_name varchar(255) NOT NULL,
    logs text, rolled_back_at timestamptz, started_at timestamptz NOT NULL DEFAULT now(), applied_steps_count integer NOT NULL DEFAULT 0)`,
  knex: `CREATE TABLE %s.knex_migrations (id serial PRIMARY KEY, name varchar(255), batch integer, migration_time timestamptz)`,
  rails: `CREATE TABLE %s.schema_migrations (version varchar NOT NULL PRIMARY KEY)`,
  'golang-migrate': `CREATE TABLE %s.schema_migrations (version bigint NOT NULL PRIMARY KEY, dirty boolean NOT NULL)`,
  django: `CREATE TABLE %s.django_migrations (id bigserial PRIMARY KEY, app varchar(255) NOT NULL, name varchar(255) NOT NULL, applied timestamptz NOT NULL)`,
} as const

function flywayRow(rank: number, version: string | null, success = true): string {
  const v = version === null ? 'NULL' : `'${version}'`
  return `(${rank}, ${v}, 'step ${rank}', 'SQL', 'V${version ?? 'R'}__step.sql', 1, 'app', now(), 5, ${success})`
}

interface Case {
  readonly title: string
  /** SQL run in the case's own schema (`%s` = its name). */
  readonly sql: string
  readonly migrations: SpecMigrations
  /** Tables the spec expects in the schema (created unless listed in `absent`). */
  readonly tables?: readonly string[]
  readonly absent?: readonly string[]
  /** `code` and the facts that matter, per expected finding. */
  readonly expect: readonly { readonly code: string; readonly facts?: Partial<MigrationFinding['migration']>; readonly says?: RegExp }[]
}

const HISTORY = ['001', '002', '003']

const CASES: readonly Case[] = [
  {
    title: 'alembic at the expected revision',
    sql: `${LAYOUTS.alembic}; INSERT INTO %s.alembic_version VALUES ('003')`,
    migrations: { tool: 'alembic', revision: '003', history: HISTORY },
    expect: [],
  },
  {
    title: 'alembic one step behind, the pending revision explaining a missing table',
    sql: `${LAYOUTS.alembic}; INSERT INTO %s.alembic_version VALUES ('002')`,
    migrations: { tool: 'alembic', revision: '003', history: HISTORY, creates: { '003': ['costs'] }, upgradeCommand: 'flask db upgrade' },
    tables: ['costs'],
    absent: ['costs'],
    expect: [
      {
        code: 'migration.behind',
        facts: { current: ['002'], pending: ['003'], missingTables: ['%s.costs'] },
        says: /is at revision 002.*expects 003.*1 migration to apply: 003.*flask db upgrade/,
      },
    ],
  },
  {
    title: "alembic behind while the schema already has the pending revision's table: stamp",
    sql: `${LAYOUTS.alembic}; INSERT INTO %s.alembic_version VALUES ('002')`,
    migrations: { tool: 'alembic', revision: '003', history: HISTORY, creates: { '003': ['costs'] }, stampCommand: 'flask db stamp 003' },
    tables: ['costs'],
    expect: [{ code: 'migration.behind', facts: { presentTables: ['%s.costs'], missingTables: [] }, says: /already has what they create.*flask db stamp 003/ }],
  },
  {
    title: 'alembic recording the expected revision while its table is missing: stamped, not run',
    sql: `${LAYOUTS.alembic}; INSERT INTO %s.alembic_version VALUES ('003')`,
    migrations: { tool: 'alembic', revision: '003', history: HISTORY, creates: { '003': ['costs'] } },
    tables: ['costs'],
    absent: ['costs'],
    expect: [
      {
        code: 'migration.stamped',
        facts: { revisions: ['003'], missingTables: ['%s.costs'] },
        says: /Revision 003 is recorded but table .*costs is missing: the migration was stamped, not run/,
      },
    ],
  },
  {
    title: 'alembic at a revision the history does not have (a reverted chain)',
    sql: `${LAYOUTS.alembic}; INSERT INTO %s.alembic_version VALUES ('022'); CREATE TABLE %s.saas_plans (id int)`,
    migrations: { tool: 'alembic', revision: '003', history: HISTORY },
    expect: [
      { code: 'migration.unknown', facts: { revisions: ['022'], undescribedTables: ['%s.saas_plans'] }, says: /not in the application's history.*saas_plans/ },
    ],
  },
  {
    title: 'alembic without a history: another revision is unknown',
    sql: `${LAYOUTS.alembic}; INSERT INTO %s.alembic_version VALUES ('abc123')`,
    migrations: { tool: 'alembic', revision: 'def456' },
    expect: [{ code: 'migration.unknown', facts: { revisions: ['abc123'] } }],
  },
  {
    title: 'alembic with two heads, one of them unknown',
    sql: `${LAYOUTS.alembic}; INSERT INTO %s.alembic_version VALUES ('003'), ('x1')`,
    migrations: { tool: 'alembic', revision: '003', history: HISTORY },
    expect: [{ code: 'migration.unknown', facts: { revisions: ['x1'] } }],
  },
  {
    title: 'alembic table with no row: behind by the whole history',
    sql: LAYOUTS.alembic,
    migrations: { tool: 'alembic', revision: '003', history: HISTORY },
    expect: [{ code: 'migration.behind', facts: { current: [], pending: HISTORY }, says: /records no revision/ }],
  },
  {
    title: 'flyway: versions compare as numbers (1.10 after 1.9), repeatable runs ignored',
    sql: `${LAYOUTS.flyway}; INSERT INTO %s.flyway_schema_history VALUES ${[flywayRow(1, '1'), flywayRow(2, '1.9'), flywayRow(3, null), flywayRow(4, '1.10')].join(', ')}`,
    migrations: { tool: 'flyway', revision: '1.9' },
    expect: [{ code: 'migration.ahead', facts: { current: ['1.10'], revisions: ['1.10'] } }],
  },
  {
    title: 'flyway: a failed migration is dirty (and not also behind)',
    sql: `${LAYOUTS.flyway}; INSERT INTO %s.flyway_schema_history VALUES ${[flywayRow(1, '1'), flywayRow(2, '2', false)].join(', ')}`,
    migrations: { tool: 'flyway', revision: '2', history: ['1', '2'] },
    expect: [{ code: 'migration.dirty', facts: { failed: ['2'], current: ['2'] } }],
  },
  {
    title: 'prisma: an unfinished migration is dirty, a rolled-back one does not count',
    sql: `${LAYOUTS.prisma}; INSERT INTO %s._prisma_migrations (id, checksum, finished_at, migration_name, rolled_back_at, started_at) VALUES
      ('a', 'c', now(), '20240101000000_init', NULL, now() - interval '3 day'),
      ('b', 'c', NULL, '20240201000000_costs', now(), now() - interval '2 day'),
      ('c', 'c', NULL, '20240201000000_costs', NULL, now() - interval '1 day')`,
    migrations: { tool: 'prisma', revision: '20240201000000_costs' },
    expect: [{ code: 'migration.dirty', facts: { failed: ['20240201000000_costs'] } }],
  },
  {
    title: 'prisma: behind by name order without a history, rolled-back rows ignored',
    sql: `${LAYOUTS.prisma}; INSERT INTO %s._prisma_migrations (id, checksum, finished_at, migration_name, rolled_back_at, started_at) VALUES
      ('a', 'c', now(), '20240101000000_init', NULL, now() - interval '3 day'),
      ('b', 'c', NULL, '20240201000000_costs', now(), now() - interval '2 day')`,
    migrations: { tool: 'prisma', revision: '20240201000000_costs' },
    expect: [{ code: 'migration.behind', facts: { current: ['20240101000000_init'] } }],
  },
  {
    title: 'knex: a migration of the history never applied (a gap) is behind, by name',
    sql: `${LAYOUTS.knex}; INSERT INTO %s.knex_migrations (name, batch, migration_time) VALUES ('001_a.js', 1, now()), ('003_c.js', 2, now())`,
    migrations: { tool: 'knex', revision: '003_c.js', history: ['001_a.js', '002_b.js', '003_c.js'] },
    expect: [{ code: 'migration.behind', facts: { current: ['003_c.js'], pending: ['002_b.js'] }, says: /older ones were never applied/ }],
  },
  {
    title: 'rails: timestamps order without a history',
    sql: `${LAYOUTS.rails}; INSERT INTO %s.schema_migrations VALUES ('20240101120000'), ('20240301120000')`,
    migrations: { tool: 'rails', revision: '20240201120000' },
    expect: [{ code: 'migration.ahead', facts: { current: ['20240301120000'] } }],
  },
  {
    title: 'rails at the expected version',
    sql: `${LAYOUTS.rails}; INSERT INTO %s.schema_migrations VALUES ('20240101120000'), ('20240201120000')`,
    migrations: { tool: 'rails', revision: '20240201120000' },
    expect: [],
  },
  {
    title: 'golang-migrate: the dirty flag',
    sql: `${LAYOUTS['golang-migrate']}; INSERT INTO %s.schema_migrations VALUES (7, true)`,
    migrations: { tool: 'golang-migrate', revision: '7' },
    expect: [{ code: 'migration.dirty', facts: { failed: ['7'] }, says: /failed or unfinished/ }],
  },
  {
    title: 'golang-migrate behind, by number',
    sql: `${LAYOUTS['golang-migrate']}; INSERT INTO %s.schema_migrations VALUES (7, false)`,
    migrations: { tool: 'golang-migrate', revision: '12' },
    expect: [{ code: 'migration.behind', facts: { current: ['7'] } }],
  },
  {
    title: 'django: app.name revisions, one the history does not have',
    sql: `${LAYOUTS.django}; INSERT INTO %s.django_migrations (app, name, applied) VALUES ('auth', '0001_initial', now()), ('billing', '0001_initial', now()), ('billing', '0002_hotfix', now())`,
    migrations: { tool: 'django', revision: 'billing.0001_initial', history: ['auth.0001_initial', 'billing.0001_initial'] },
    expect: [{ code: 'migration.unknown', facts: { revisions: ['billing.0002_hotfix'] } }],
  },
  {
    title: 'a custom table, ordered by its own column',
    sql: `CREATE TABLE %s.db_version (v text, applied_at timestamptz); INSERT INTO %s.db_version VALUES ('b', '2024-02-01'), ('a', '2024-01-01')`,
    migrations: { tool: 'custom', table: 'db_version', column: 'v', orderBy: 'applied_at', revision: 'c', history: ['a', 'b', 'c'] },
    expect: [{ code: 'migration.behind', facts: { current: ['b'], pending: ['c'] } }],
  },
  {
    title: "a table named like a tool's without its columns is not read as a history",
    sql: `CREATE TABLE %s.alembic_version (id int)`,
    migrations: { tool: 'alembic', revision: '003' },
    tables: ['users'],
    expect: [{ code: 'migration.missing_table', facts: { tablesPresent: 1, tablesExpected: 1 }, says: /made by hand/ }],
  },
  {
    title: 'no history and none of the tables: never migrated',
    sql: '',
    migrations: { tool: 'alembic', revision: '003' },
    tables: ['users', 'projects'],
    absent: ['users', 'projects'],
    expect: [{ code: 'migration.missing_table', facts: { tablesPresent: 0, tablesExpected: 2 }, says: /never migrated/ }],
  },
  {
    title: 'no history and some of the tables: half-initialised',
    sql: '',
    migrations: { tool: 'alembic', revision: '003' },
    tables: ['users', 'projects', 'tasks'],
    absent: ['tasks'],
    expect: [{ code: 'migration.missing_table', facts: { tablesPresent: 2, tablesExpected: 3 }, says: /half-initialised/ }],
  },
]

/** The case's spec: its tables in its schema, and its migrations there. */
function specText(schema: string, c: Case): string {
  const tables = Object.fromEntries((c.tables ?? []).map((t) => [t, {}]))
  return JSON.stringify({ migrations: { ...c.migrations, schema }, schemas: { [schema]: { tables } } })
}

for (const engine of ENGINES) {
  describe(`migration history on ${engine.name}`, function () {
    let db: TestDatabase
    before(async function () {
      db = await engine.createDatabase()
      const sql = CASES.map((c, i) => {
        const schema = `m${i}`
        const tables = (c.tables ?? []).filter((t) => !(c.absent ?? []).includes(t)).map((t) => `CREATE TABLE ${schema}.${t} (id int);`)
        return [`CREATE SCHEMA ${schema};`, c.sql === '' ? '' : `${c.sql.replaceAll('%s', schema)};`, ...tables].join('\n')
      })
      await db.session.exec(sql.join('\n'))
    })
    after(async function () {
      await db.drop()
    })

    for (const [i, c] of CASES.entries()) {
      it(c.title, async function () {
        const schema = `m${i}`
        const spec = loadSpecText('spec.json', specText(schema, c))
        const { model } = await introspectDatabase(db.session, { schemas: [schema], migrationTable: () => Promise.resolve(spec.model.migration) })
        const findings = compareSchemas(spec.model, model, { isStrict: false }).filter((f): f is MigrationFinding => f.kind === 'migration')
        expect(findings.map((f) => f.code)).to.deep.equal(c.expect.map((e) => e.code))
        for (const [j, e] of c.expect.entries()) {
          const f = findings[j]
          if (f === undefined) continue
          const facts = JSON.parse(JSON.stringify(e.facts ?? {}).replaceAll('%s', schema)) as Partial<MigrationFinding['migration']>
          for (const [key, value] of Object.entries(facts))
            expect(f.migration[key as keyof MigrationFinding['migration']], `${e.code} ${key}`).to.deep.equal(value)
          if (e.says !== undefined) expect(describeFinding(f)).to.match(e.says)
        }
        // The repair plan leaves every migration finding to a person, naming what to run.
        const plan = planSafeFix(findings, spec.model, model)
        expect(plan.unrepairable.map((u) => u.resolves.code)).to.deep.equal(findings.map((f) => f.code))
      })
    }

    it('reads every history table in the one snapshot: two statements more, only when there is one', async function () {
      const spec = loadSpecText('spec.json', specText('m0', CASES[0] as Case))
      const withHistory = await introspectDatabase(db.session, { schemas: ['m0'], migrationTable: () => Promise.resolve(spec.model.migration) })
      const without = await introspectDatabase(db.session, { schemas: [`m${CASES.length - 1}`] })
      expect(withHistory.queryCount).to.equal(16)
      expect(without.queryCount).to.equal(14)
      expect(withHistory.model.migrationHistories).to.deep.equal([
        { tool: 'alembic', schema: 'm0', table: 'alembic_version', rows: [{ revision: '003', isFailed: false }] },
      ])
    })
  })
}

describe('the spec’s migrations section', function () {
  const load = (migrations: object, schemas: object = { public: {} }): unknown => {
    try {
      return loadSpecText('spec.json', JSON.stringify({ migrations, schemas })).model.migration
    } catch (error) {
      if (error instanceof SpecError) return error.problems.map((p) => `${p.pointer}: ${p.message}`)
      throw error
    }
  }

  it('fills in the tool’s table and commands', function () {
    expect(load({ tool: 'prisma', revision: '20240101_init' })).to.deep.include({
      schema: 'public',
      table: '_prisma_migrations',
      shape: 'log',
      upgradeCommand: 'npx prisma migrate deploy',
    })
  })

  it('refuses a revision outside the history, a custom table without its column, and a schema the spec does not read', function () {
    expect(load({ tool: 'alembic', revision: '004', history: ['001'] })).to.deep.equal(['/migrations/revision: revision "004" is not in the history'])
    expect(load({ tool: 'alembic', revision: '001', history: ['001'], creates: { '009': ['t'] } })).to.deep.equal([
      '/migrations/creates/009: revision "009" is not in the history',
    ])
    expect(JSON.stringify(load({ tool: 'custom', revision: '1', table: 'v' }))).to.match(/column/)
    expect(JSON.stringify(load({ tool: 'alembic', revision: '1', column: 'v' }))).to.match(/\/migrations/)
    expect(load({ tool: 'flyway', revision: '1', schema: 'ops' })).to.deep.equal([
      '/migrations/schema: the history table\'s schema "ops" is not in "schemas" (add it, even as {})',
    ])
  })
})
