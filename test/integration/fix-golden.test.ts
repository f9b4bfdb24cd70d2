/**
 * What users get from --fix, as files a reviewer can read: the repair SQL of a few representative
 * drifts of the drift-case base schema on PGlite, compared with test/golden/fix/<case>.sql
 * (UPDATE_GOLDEN=1 rewrites them). Each file is also applied to the drifted database, so a golden
 * file is always SQL that runs.
 */
import { expect } from 'chai'
import { compareSchemas } from '../../src/compare/compare-schemas.js'
import type { FixOptions } from '../../src/fix/fix-plan.js'
import { renderFixSql, scriptOf } from '../../src/fix/fix-script.js'
import { planFix } from '../../src/fix/plan-fix.js'
import { introspectDatabase } from '../../src/introspect/introspect-database.js'
import { readTableSizes } from '../../src/introspect/queries/table-sizes.js'
import { tableKey } from '../../src/model/object-ref.js'
import { specToModel } from '../../src/spec/spec-to-model.js'
import { ENGINES } from '../support/databases.js'
import { BASE_SPEC, BASE_SQL } from '../support/drift-cases.js'
import { expectGolden } from '../support/golden.js'

const SAFE: FixOptions = { allowDestructive: false, isStrict: false, concurrently: false, notValid: false }

interface GoldenCase {
  readonly file: string
  readonly ddl: string
  readonly options?: Partial<FixOptions>
  /** Something the SQL must say, so the golden file cannot silently lose it. */
  readonly mustContain: readonly string[]
}

const CASES: readonly GoldenCase[] = [
  {
    file: 'missing-table-referencing-another',
    ddl: 'DROP TABLE projects CASCADE',
    mustContain: ['CREATE TABLE IF NOT EXISTS public.projects', 'REFERENCES public.users', 'CREATE SEQUENCE IF NOT EXISTS public.projects_id_seq'],
  },
  {
    file: 'missing-table-referenced-by-others',
    ddl: 'DROP TABLE users CASCADE',
    mustContain: ['CREATE TABLE IF NOT EXISTS public.users', '-- Withheld', 'may_fail_on_existing_rows'],
  },
  {
    file: 'renamed-index',
    ddl: 'ALTER INDEX ix_projects_name RENAME TO projects_name_idx',
    mustContain: ['ALTER INDEX public.projects_name_idx RENAME TO ix_projects_name'],
  },
  {
    file: 'narrowed-type-withheld',
    ddl: 'ALTER TABLE users ALTER COLUMN role TYPE varchar(50)',
    mustContain: ['narrows_type', '-- ALTER TABLE public.users ALTER COLUMN role TYPE character varying(20)', 'public.users: never analysed, '],
  },
  {
    file: 'missing-index-concurrently',
    ddl: 'DROP INDEX ix_projects_name',
    options: { concurrently: true },
    mustContain: ['CREATE INDEX CONCURRENTLY IF NOT EXISTS ix_projects_name', 'After the transaction'],
  },
  {
    file: 'missing-foreign-key-not-valid',
    ddl: 'ALTER TABLE projects DROP CONSTRAINT projects_owner_id_fkey',
    options: { notValid: true },
    mustContain: ['NOT VALID', 'VALIDATE CONSTRAINT projects_owner_id_fkey'],
  },
]

describe('fix golden files (PGlite)', () => {
  const engine = ENGINES.find((e) => e.name === 'pglite')
  if (engine === undefined) throw new Error('no PGlite engine')

  for (const c of CASES) {
    it(`writes test/golden/fix/${c.file}.sql, which runs`, async () => {
      const db = await engine.createDatabase()
      try {
        await db.session.exec(BASE_SQL)
        await db.session.exec(c.ddl)
        const { model, server } = await introspectDatabase(db.session, { schemas: ['public'] })
        const expected = specToModel(BASE_SPEC)
        const findings = compareSchemas(expected, model, { isStrict: false })
        const tableSizes = await readTableSizes(db.session, ['public'], tableKey)
        const plan = planFix({ findings, expected, actual: model, serverVersionNum: server.versionNum, options: { ...SAFE, ...c.options }, tableSizes })
        const sql = renderFixSql(plan, null)
        for (const text of c.mustContain) expect(sql).to.include(text)
        expectGolden(`fix/${c.file}.sql`, sql)
        // The plan runs statement by statement, as psql -f sends the file (CONCURRENTLY cannot run in
        // the implicit transaction of a multi-statement string).
        for (const statement of scriptOf(plan)) await db.session.exec(statement.sql)
      } finally {
        await db.drop()
      }
    })
  }
})
