/**
 * `--prove`: the repair runs on an in-memory PGlite copy of the target, built from the target's
 * introspected model, never on the target. On drifted copies of the drift cases' base schema it
 * converges (only withheld and manual findings are left, and it says which), a second run is a
 * no-op, and the target is untouched. On a server schema with what PGlite lacks (a procedural
 * language and extensions it does not ship), those objects are stubbed and listed, and the
 * rest still converges; what PGlite, a major version of its own, prints differently from the
 * target is told apart from drift.
 */
import { expect } from 'chai'
import { proveFix, type FixProof } from '../../src/app/prove-fix.js'
import { compareSchemas } from '../../src/compare/compare-schemas.js'
import type { Finding } from '../../src/compare/finding.js'
import type { FixOptions } from '../../src/fix/fix-plan.js'
import { introspectDatabase } from '../../src/introspect/introspect-database.js'
import type { DatabaseSession } from '../../src/introspect/queryable.js'
import { objectKey } from '../../src/model/object-ref.js'
import type { SchemaModel } from '../../src/model/schema-model.js'
import { modelToSpec, renderSpecJson } from '../../src/snapshot/model-to-spec.js'
import { loadSpecText } from '../../src/spec/load-spec.js'
import { specToModel } from '../../src/spec/spec-to-model.js'
import { ENGINES, VERSION_MATRIX } from '../support/databases.js'
import { BASE_SPEC, BASE_SQL } from '../support/drift-cases.js'

const SAFE: FixOptions = { allowDestructive: false, isStrict: true, concurrently: false, notValid: false }

const keyOf = (f: Pick<Finding, 'code' | 'subject'>): string => `${f.code} ${objectKey(f.subject)}`

/** Six drift cases at once: four repairs that run (the function from its body in the spec), a withheld SET NOT NULL and a withheld drop. */
const DRIFT_SQL = `
ALTER TABLE users DROP COLUMN mood;
ALTER TABLE users ALTER COLUMN email TYPE varchar(100);
DROP INDEX ix_projects_name;
ALTER TABLE projects ALTER COLUMN name DROP NOT NULL;
CREATE TABLE audit_log (id int);
DROP FUNCTION touch_updated_at() CASCADE;
`

async function modelOf(session: DatabaseSession): Promise<{ model: SchemaModel; versionNum: number }> {
  const { model, server } = await introspectDatabase(session, { schemas: ['public'] })
  return { model, versionNum: server.versionNum }
}

describe('--prove on a PGlite copy', function () {
  this.timeout(600_000)

  describe('of drifted copies of the drift cases base schema', function () {
    const engine = ENGINES.find((e) => e.name === 'pglite')
    let proof: FixProof
    let findingsBefore: string[]
    let findingsAfter: string[]

    before(async function () {
      const db = await engine!.createDatabase()
      try {
        await db.session.exec(`${BASE_SQL};${DRIFT_SQL}`)
        const expected = specToModel(BASE_SPEC)
        const { model, versionNum } = await modelOf(db.session)
        findingsBefore = compareSchemas(expected, model, { isStrict: true }).map(keyOf)
        proof = await proveFix({
          actual: model,
          expected,
          compareOptions: { isStrict: true },
          fixOptions: SAFE,
          serverVersionNum: versionNum,
          schemas: ['public'],
        })
        findingsAfter = compareSchemas(expected, (await modelOf(db.session)).model, { isStrict: true }).map(keyOf)
      } finally {
        await db.drop()
      }
    })

    it('converges: only the withheld findings are left, and they are listed', function () {
      expect(proof.converged).to.equal(true)
      expect(proof.remaining.map((f) => `${f.code} ${f.subject.name ?? ''}`).sort()).to.deep.equal(['column.mismatch name', 'table.extra audit_log'])
    })

    it('is idempotent: the second application fails on nothing and changes nothing', function () {
      expect(proof.idempotent).to.equal(true)
      expect(proof.failures).to.deep.equal([])
    })

    it('stubs nothing for a schema PGlite can build, and says which engine it used', function () {
      expect(proof.stubbed).to.deep.equal([])
      expect(proof.engineDifferences).to.deep.equal([])
      expect(proof.engine).to.equal('pglite')
      expect(proof.engineVersion).to.match(/^\d+\.\d+ \(PGlite \d+\.\d+\.\d+\)$/)
      expect(proof.ms).to.be.greaterThan(0)
    })

    it('leaves the target as it was', function () {
      expect(findingsAfter).to.deep.equal(findingsBefore)
      expect(findingsBefore).to.have.length(7)
    })
  })

  describe('of a PostgreSQL 15 schema with a language and extensions PGlite does not ship', function () {
    // 15 deparses a one-table view with qualified columns; PGlite (18) does not.
    const engine = VERSION_MATRIX.find((e) => e.name === 'postgresql-15')
    let proof: FixProof

    before(async function () {
      const db = await engine!.createDatabase()
      try {
        await db.session.exec(`${BASE_SQL};
          CREATE EXTENSION pltcl;
          CREATE EXTENSION pgrowlocks;
          CREATE FUNCTION tcl_max(integer, integer) RETURNS integer LANGUAGE pltcl AS $$ if {$1 > $2} {return $1}; return $2 $$;
          CREATE FUNCTION tcl_keep() RETURNS trigger LANGUAGE pltcl AS $$ return [array get NEW] $$;
          CREATE TRIGGER users_keep BEFORE UPDATE ON users FOR EACH ROW EXECUTE FUNCTION tcl_keep();
          ALTER TABLE projects ADD CONSTRAINT projects_budget_max CHECK (tcl_max(0, 1) = 1);`)
        // The spec is the schema as it was; then it drifts.
        const snapshot = renderSpecJson(modelToSpec((await introspectDatabase(db.session)).model, { isWholeDatabase: true }))
        const expected = loadSpecText('snapshot.json', snapshot).model
        await db.session.exec('ALTER TABLE users DROP COLUMN mood; DROP INDEX ix_projects_name')
        const { model, server } = await introspectDatabase(db.session)
        proof = await proveFix({ actual: model, expected, compareOptions: { isStrict: true }, fixOptions: SAFE, serverVersionNum: server.versionNum })
      } finally {
        await db.drop()
      }
    })

    it('stubs the extensions and the functions in the missing language, and lists them', function () {
      expect(proof.stubbed.map((s) => objectKey(s.subject))).to.deep.equal([
        'extension "pg_catalog"."pltcl"',
        'extension "public"."pgrowlocks"',
        'function "public"."tcl_keep"()',
        'function "public"."tcl_max"(integer, integer)',
      ])
      expect(proof.stubbed.map((s) => s.reason)).to.include('PGlite has no language pltcl: a plpgsql function with the same signature stands in')
    })

    it('tells what PGlite prints differently (a view 15 deparses otherwise) apart from drift', function () {
      expect(proof.engineDifferences.map(keyOf)).to.deep.equal(['view.mismatch view "public"."active_projects"'])
    })

    it('still converges on everything else, and a second run is a no-op', function () {
      expect(proof.failures).to.deep.equal([])
      expect(proof.converged).to.equal(true)
      expect(proof.idempotent).to.equal(true)
      const stubs = new Set(proof.stubbed.map((s) => objectKey(s.subject)))
      const differences = new Set(proof.engineDifferences.map(keyOf))
      expect(proof.remaining.filter((f) => !stubs.has(objectKey(f.subject)) && !differences.has(keyOf(f))).map(keyOf)).to.deep.equal([])
    })
  })
})
