/**
 * Statements that differ by server version: the planner writes each branch for the version it is
 * given, and each branch runs. Older branches are written for an older version number and run on
 * the PostgreSQL 17 server (their SQL is valid there too), so every branch is applied for real.
 */
import { expect } from 'chai'
import { compareSchemas } from '../../src/compare/compare-schemas.js'
import type { FixOptions, FixPlan } from '../../src/fix/fix-plan.js'
import { scriptOf } from '../../src/fix/fix-script.js'
import { planFix } from '../../src/fix/plan-fix.js'
import { introspectDatabase } from '../../src/introspect/introspect-database.js'
import type { DatabaseSession } from '../../src/introspect/queryable.js'
import type { SchemaModel } from '../../src/model/schema-model.js'
import { ENGINES } from '../support/databases.js'

const SAFE: FixOptions = { allowDestructive: false, isStrict: false, concurrently: false, notValid: false }

async function modelOf(session: DatabaseSession): Promise<SchemaModel> {
  return (await introspectDatabase(session, { schemas: ['public'] })).model
}

async function apply(session: DatabaseSession, plan: FixPlan): Promise<void> {
  for (const statement of scriptOf(plan)) await session.exec(statement.sql)
}

describe('fix statements by server version (PostgreSQL server)', () => {
  const engine = ENGINES.find((e) => e.name === 'postgresql')
  if (engine === undefined) throw new Error('no PostgreSQL engine')

  /** Builds `target` as expected, then `drift`s it, and plans the repair as if the server were `versionNum`. */
  async function scenario(target: string, drift: string, versionNum: number, options: Partial<FixOptions> = {}) {
    const db = await engine!.createDatabase()
    await db.session.exec(target)
    const expected = await modelOf(db.session)
    await db.session.exec(drift)
    const actual = await modelOf(db.session)
    const findings = compareSchemas(expected, actual, { isStrict: false })
    const plan = planFix({ findings, expected, actual, serverVersionNum: versionNum, options: { ...SAFE, ...options } })
    const remaining = async (): Promise<string[]> => compareSchemas(expected, await modelOf(db.session), { isStrict: false }).map((f) => f.code)
    return { db, plan, findings, remaining }
  }

  const TRIGGER_SQL = `
    CREATE TABLE t (id int, updated_at timestamp);
    CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN NEW.updated_at = now(); RETURN NEW; END $$;
    CREATE TRIGGER t_touch BEFORE UPDATE ON t FOR EACH ROW EXECUTE FUNCTION touch();`
  const TRIGGER_DRIFT = 'DROP TRIGGER t_touch ON t; CREATE TRIGGER t_touch AFTER INSERT ON t FOR EACH ROW EXECUTE FUNCTION touch();'

  it('replaces a changed trigger with CREATE OR REPLACE TRIGGER from PostgreSQL 14', async () => {
    const { db, plan, remaining } = await scenario(TRIGGER_SQL, TRIGGER_DRIFT, 140000)
    try {
      const sql = plan.statements.flatMap((s) => s.sql).join('\n')
      expect(sql).to.include('CREATE OR REPLACE TRIGGER t_touch BEFORE UPDATE')
      expect(sql).not.to.include('DROP TRIGGER')
      await apply(db.session, plan)
      expect(await remaining()).to.deep.equal([])
    } finally {
      await db.drop()
    }
  })

  it('drops and creates a changed trigger, in the transaction, before PostgreSQL 14', async () => {
    const { db, plan, remaining } = await scenario(TRIGGER_SQL, TRIGGER_DRIFT, 130000)
    try {
      const sql = plan.statements.flatMap((s) => s.sql)
      expect(sql[0]).to.equal('DROP TRIGGER IF EXISTS t_touch ON public.t')
      expect(sql[1]).to.match(/^CREATE TRIGGER t_touch BEFORE UPDATE/)
      await apply(db.session, plan)
      await apply(db.session, plan)
      expect(await remaining()).to.deep.equal([])
    } finally {
      await db.drop()
    }
  })

  const GENERATED_SQL = 'CREATE TABLE g (a int, b int GENERATED ALWAYS AS (a * 2) STORED);'
  const GENERATED_DRIFT = 'ALTER TABLE g DROP COLUMN b; ALTER TABLE g ADD COLUMN b int GENERATED ALWAYS AS (a * 3) STORED;'

  it('changes a generated expression in place (SET EXPRESSION) from PostgreSQL 17', async () => {
    const { db, plan, remaining } = await scenario(GENERATED_SQL, GENERATED_DRIFT, 170000)
    try {
      expect(plan.statements.flatMap((s) => s.sql)).to.deep.equal(['ALTER TABLE public.g ALTER COLUMN b SET EXPRESSION AS (a * 2)'])
      expect(plan.statements[0]?.hazards).to.include('rewrites_table')
      await apply(db.session, plan)
      expect(await remaining()).to.deep.equal([])
    } finally {
      await db.drop()
    }
  })

  it('withholds dropping and re-adding a generated column before PostgreSQL 17, and runs it when allowed', async () => {
    const withheld = await scenario(GENERATED_SQL, GENERATED_DRIFT, 160000)
    try {
      expect(withheld.plan.statements).to.deep.equal([])
      expect(withheld.plan.withheld[0]?.hazards).to.include('deletes_data')
    } finally {
      await withheld.db.drop()
    }
    const allowed = await scenario(GENERATED_SQL, GENERATED_DRIFT, 160000, { allowDestructive: true })
    try {
      expect(allowed.plan.statements.flatMap((s) => s.sql)).to.deep.equal([
        'ALTER TABLE public.g DROP COLUMN IF EXISTS b',
        'ALTER TABLE public.g ADD COLUMN b integer GENERATED ALWAYS AS (a * 2) STORED',
      ])
      await apply(allowed.db.session, allowed.plan)
      expect(await allowed.remaining()).to.deep.equal([])
    } finally {
      await allowed.db.drop()
    }
  })

  it('creates a missing function from its body as a spec gives it, SQL-standard bodies (14+) unquoted', async () => {
    const db = await engine.createDatabase()
    try {
      await db.session.exec(`
        CREATE FUNCTION add_one(integer) RETURNS integer LANGUAGE sql RETURN $1 + 1;
        CREATE FUNCTION twice(integer) RETURNS integer LANGUAGE sql BEGIN ATOMIC SELECT $1 * 2; END;
        CREATE FUNCTION quoted() RETURNS text LANGUAGE plpgsql AS $x$ BEGIN RETURN '$body$ -- ;'; END $x$;`)
      const introspected = await modelOf(db.session)
      // As a spec states them: the body, without the database's own CREATE statement.
      const expected = { ...introspected, functions: introspected.functions.map(({ createStatement: _exact, ...fn }) => fn) }
      await db.session.exec('DROP FUNCTION add_one(integer); DROP FUNCTION twice(integer); DROP FUNCTION quoted()')
      const actual = await modelOf(db.session)
      const findings = compareSchemas(expected, actual, { isStrict: false })
      expect(findings.map((f) => f.code)).to.deep.equal(['function.missing', 'function.missing', 'function.missing'])
      const plan = planFix({ findings, expected, actual, serverVersionNum: 170000, options: SAFE })
      expect(plan.unrepairable).to.deep.equal([])
      await apply(db.session, plan)
      await apply(db.session, plan)
      expect(compareSchemas(expected, await modelOf(db.session), { isStrict: false })).to.deep.equal([])
      const results = await db.session.query<{ a: number; b: number; c: string }>('SELECT add_one(1) AS a, twice(4) AS b, quoted() AS c')
      expect(results).to.deep.equal([{ a: 2, b: 8, c: '$body$ -- ;' }])
    } finally {
      await db.drop()
    }
  })

  it('cannot add UNIQUE NULLS NOT DISTINCT before PostgreSQL 15, and says so', async () => {
    const { db, plan } = await scenario(
      'CREATE TABLE u (a int, CONSTRAINT u_a_key UNIQUE NULLS NOT DISTINCT (a));',
      'ALTER TABLE u DROP CONSTRAINT u_a_key',
      140000,
    )
    try {
      expect(plan.statements).to.deep.equal([])
      expect(plan.unrepairable.map((u) => u.reason)).to.deep.equal(['UNIQUE NULLS NOT DISTINCT needs PostgreSQL 15 or later'])
    } finally {
      await db.drop()
    }
  })
})
