/**
 * Where the catalogs and the DDL differ by version, each branch on a real server of that version
 * (fix-versions.test.ts plans for a version number on one server; this runs the plans): a changed
 * trigger is replaced with CREATE OR REPLACE TRIGGER from 14 and dropped and created before;
 * UNIQUE NULLS NOT DISTINCT is read and created from 15, and before it is a manual repair that
 * says why; from 18 a NOT NULL is a constraint of its own (pg_constraint contype 'n'), which the
 * model reads as the column's nullability like before.
 */
import { expect } from 'chai'
import { compareSchemas } from '../../src/compare/compare-schemas.js'
import { planFix } from '../../src/fix/plan-fix.js'
import { scriptOf } from '../../src/fix/fix-script.js'
import { introspectDatabase } from '../../src/introspect/introspect-database.js'
import { loadSpecText } from '../../src/spec/load-spec.js'
import { VERSION_MATRIX } from '../support/databases.js'

const SQL = `
CREATE TABLE accounts (id integer PRIMARY KEY, email text NOT NULL, code text, touched timestamp);
CREATE FUNCTION touch() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN NEW.touched = now(); RETURN NEW; END$$;
CREATE TRIGGER accounts_touch BEFORE UPDATE ON accounts FOR EACH ROW EXECUTE FUNCTION touch();
`

const SPEC = {
  schemas: {
    public: {
      tables: {
        accounts: {
          columns: { id: { type: 'integer' }, email: { type: 'text', nullable: false }, code: { type: 'text' }, touched: { type: 'timestamp' } },
          primaryKey: { columns: ['id'] },
          unique: [{ name: 'accounts_code_key', columns: ['code'], nullsNotDistinct: true }],
          triggers: [{ name: 'accounts_touch', timing: 'BEFORE', events: ['INSERT', 'UPDATE'], level: 'ROW', function: 'touch' }],
        },
      },
      functions: [{ name: 'touch', returns: 'trigger', language: 'plpgsql' }],
    },
  },
}

for (const engine of VERSION_MATRIX.filter((e) => e.name !== 'pglite')) {
  describe(`version branches on ${engine.name}`, function () {
    it('repairs a trigger and a NULLS NOT DISTINCT key the way this version can, and reads NOT NULL the same', async function () {
      const db = await engine.createDatabase()
      try {
        await db.session.exec(SQL)
        const spec = loadSpecText('spec.json', JSON.stringify(SPEC))
        const { model, server } = await introspectDatabase(db.session, { schemas: ['public'] })
        const version = Math.floor(server.versionNum / 10000)
        expect(model.tables[0]?.columns.find((c) => c.name === 'email')?.isNullable).to.equal(false)
        const findings = compareSchemas(spec.model, model, { isStrict: false })
        expect(findings.map((f) => f.code).sort()).to.deep.equal(['trigger.mismatch', 'unique.missing'])
        const plan = planFix({
          findings,
          expected: spec.model,
          actual: model,
          serverVersionNum: server.versionNum,
          options: { allowDestructive: true, isStrict: false, concurrently: false, notValid: false },
        })
        const sql = plan.statements.flatMap((s) => s.sql).join('\n')
        if (version >= 14) expect(sql).to.include('CREATE OR REPLACE TRIGGER accounts_touch')
        else expect(sql).to.match(/DROP TRIGGER IF EXISTS accounts_touch[\s\S]*CREATE TRIGGER accounts_touch/)
        if (version >= 15) {
          expect(sql).to.include('UNIQUE NULLS NOT DISTINCT (code)')
          expect(plan.unrepairable).to.deep.equal([])
        } else {
          expect(plan.unrepairable.map((u) => u.reason)).to.deep.equal(['UNIQUE NULLS NOT DISTINCT needs PostgreSQL 15 or later'])
        }
        for (const statement of scriptOf(plan)) await db.session.exec(statement.sql)
        const after = compareSchemas(spec.model, (await introspectDatabase(db.session, { schemas: ['public'] })).model, { isStrict: false })
        expect(after.map((f) => f.code)).to.deep.equal(version >= 15 ? [] : ['unique.missing'])
        if (version >= 18) {
          // 18 keeps NOT NULL as a constraint row of its own; the model still says "not nullable", and nothing else.
          const rows = await db.session.query<{ n: string }>(
            "SELECT count(*)::text AS n FROM pg_constraint WHERE conrelid = 'accounts'::regclass AND contype = 'n'",
          )
          expect(Number(rows[0]?.n)).to.be.greaterThan(0)
        }
      } finally {
        await db.drop()
      }
    })
  })
}
