/**
 * UNLOGGED tables: emptied after a crash and missing on replicas, so a table the spec does not
 * allow to be unlogged is drift in every check (table.mismatch [unlogged]), repaired with SET
 * LOGGED; a spec that says `unlogged: true` accepts it; a snapshot keeps it, and its DDL creates it.
 */
import { expect } from 'chai'
import { compareSchemas } from '../../src/compare/compare-schemas.js'
import { scriptOf } from '../../src/fix/fix-script.js'
import { schemaSql } from '../../src/fix/schema-sql.js'
import { introspectDatabase } from '../../src/introspect/introspect-database.js'
import { describeFinding } from '../../src/report/describe-finding.js'
import { modelToSpec, renderSpecJson } from '../../src/snapshot/model-to-spec.js'
import { loadSpecText } from '../../src/spec/load-spec.js'
import { databasePerTest, ENGINES } from '../support/databases.js'
import { planSafeFix } from '../support/safe-fix.js'

const SQL = `CREATE UNLOGGED TABLE cache_entries (key text PRIMARY KEY, value text); CREATE TABLE users (id integer PRIMARY KEY);`

for (const engine of ENGINES) {
  describe(`unlogged tables on ${engine.name}`, function () {
    const database = databasePerTest(engine, SQL)

    const findingsFor = async (spec: object): Promise<ReturnType<typeof compareSchemas>> => {
      const loaded = loadSpecText('spec.json', JSON.stringify(spec))
      const { model } = await introspectDatabase(database().session, { schemas: ['public'] })
      return compareSchemas(loaded.model, model, { isStrict: false })
    }

    it('reports an UNLOGGED table the spec does not allow, as an error, and SET LOGGED repairs it', async function () {
      const spec = { schemas: { public: { tables: { cache_entries: {}, users: {} } } } }
      const findings = await findingsFor(spec)
      expect(findings.map((f) => `${f.code} ${f.subject.name ?? ''} ${f.severity}`)).to.deep.equal(['table.mismatch cache_entries error'])
      expect(describeFinding(findings[0]!)).to.equal('Table public.cache_entries is UNLOGGED: emptied after a crash and missing on replicas, expected logged.')
      const loaded = loadSpecText('spec.json', JSON.stringify(spec))
      const { model } = await introspectDatabase(database().session, { schemas: ['public'] })
      const plan = planSafeFix(findings, loaded.model, model)
      expect(plan.statements.flatMap((s) => s.sql)).to.deep.equal(['ALTER TABLE public.cache_entries SET LOGGED'])
      for (const statement of scriptOf(plan)) await database().session.exec(statement.sql)
      expect(await findingsFor(spec)).to.deep.equal([])
    })

    it('takes `unlogged: true` at its word, and calls a logged table then healthier (info)', async function () {
      const findings = await findingsFor({ schemas: { public: { tables: { cache_entries: { unlogged: true }, users: { unlogged: true } } } } })
      expect(findings.map((f) => `${f.code} ${f.subject.name ?? ''} ${f.severity}`)).to.deep.equal(['table.mismatch users info'])
    })

    it('keeps it in a snapshot, which checks clean, and creates it UNLOGGED from the snapshot DDL', async function () {
      const { model, server } = await introspectDatabase(database().session, { schemas: ['public'] })
      const spec = modelToSpec(model)
      expect(spec.schemas['public']?.tables?.['cache_entries']?.unlogged).to.equal(true)
      expect(spec.schemas['public']?.tables?.['users']).to.not.have.property('unlogged')
      expect(await findingsFor(JSON.parse(renderSpecJson(spec)) as object)).to.deep.equal([])
      expect(schemaSql(model, server.versionNum, { toolVersion: 'test', source: 'test' })).to.include(
        'CREATE UNLOGGED TABLE IF NOT EXISTS public.cache_entries (',
      )
    })
  })
}
