/**
 * The drift case suite (test/matrix/drift-cases*.test.ts): every kind of drift, made with
 * real DDL on a real database, must produce exactly the expected findings. One base schema and
 * its hand-written spec (with the spellings people use: serial, varchar(200), timestamp, now(),
 * 'user'); each case applies one change to a fresh copy and lists the findings it must cause,
 * nothing more. On PGlite each case also renders its report (table and JSON, through the public
 * checkDatabase) and compares it with test/golden/drift/<case>.{table.txt,json}, so a change of
 * message or payload shows in review.
 */
import { expectJsonReport } from './json-report.js'
import { expect } from 'chai'
import { compareSchemas } from '../../src/compare/compare-schemas.js'
import { viewOf, type FindingView } from './finding-view.js'
import { introspectDatabase } from '../../src/introspect/introspect-database.js'
import { checkDatabase, loadSpec, renderJson, renderTable, type LoadedSpec } from '../../src/index.js'
import { specToModel } from '../../src/spec/spec-to-model.js'
import type { Engine, TestDatabase } from './databases.js'
import { BASE_SPEC, BASE_SQL, CASES } from './drift-cases.js'
import { expectGolden, maskVolatile } from './golden.js'

const brief = (f: { code: string; table: string | null; name: string; attributes: readonly string[] }): string =>
  `${f.code} ${f.table ?? '-'} ${f.name} [${f.attributes.join(',')}]`

/** The golden file name of a case: its name in lower case, words joined by `-`. */
export const slugOf = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')

/** The base spec as a file would hold it, loaded by the loader (which also computes source positions). */
const loadBaseSpec = (): Promise<LoadedSpec> => loadSpec('drift-spec.json', { readFile: () => Promise.resolve(JSON.stringify(BASE_SPEC, null, 2)) })

/** Both reports of a database as the CLI renders them (no colour, 100 columns), volatile fields masked. */
async function renderedReports(db: TestDatabase, spec: LoadedSpec, isStrict: boolean): Promise<{ table: string; json: string }> {
  const { report } = await checkDatabase(db.session, spec, { isStrict, now: () => new Date('2026-01-01T00:00:00.000Z') })
  // The test database lives in a new temporary directory each run.
  const literals = { [db.url]: 'pglite:<test-database>' }
  return {
    table: maskVolatile(renderTable(report, { isColor: false, width: 100 }), 'table', literals),
    json: maskVolatile(JSON.stringify(expectJsonReport(renderJson(report)), null, 2) + '\n', 'json', literals),
  }
}

/** The drift cases on each of `engines` (a describe each). Called by more than one test file, so that mocha's workers can share the versions out. */
export function describeDriftCases(engines: readonly Engine[]): void {
  for (const engine of engines) {
    describe(`drift cases on ${engine.name}`, function () {
      const expected = specToModel(BASE_SPEC)
      // Golden files on PGlite only: deterministic and in-process; the findings are asserted on every engine.
      const isGolden = engine.name === 'pglite'
      let spec: LoadedSpec

      before(async () => {
        spec = await loadBaseSpec()
      })

      async function findingsAfter(ddl: string, isStrict: boolean): Promise<{ findings: FindingView[]; reports?: { table: string; json: string } }> {
        const db = await engine.createDatabase()
        try {
          await db.session.exec(BASE_SQL)
          if (ddl) await db.session.exec(ddl)
          const { model } = await introspectDatabase(db.session, { schemas: ['public'] })
          const findings = compareSchemas(expected, model, { isStrict }).map(viewOf)
          return { findings, ...(isGolden && { reports: await renderedReports(db, spec, isStrict) }) }
        } finally {
          await db.drop()
        }
      }

      function expectGoldenReports(slug: string, reports: { table: string; json: string } | undefined): void {
        if (reports === undefined) return
        expectGolden(`drift/${slug}.table.txt`, reports.table)
        expectGolden(`drift/${slug}.json`, reports.json)
      }

      it('finds nothing on the base schema, even with strict', async () => {
        const { findings, reports } = await findingsAfter('', true)
        expect(findings.map(brief)).to.deep.equal([])
        expectGoldenReports('base-schema-strict', reports)
      })

      for (const c of CASES) {
        it(`reports ${c.findings.join(' + ') || 'nothing'} when ${c.name}`, async () => {
          const { findings, reports } = await findingsAfter(c.ddl, c.isStrict ?? false)
          expect(findings.map(brief).sort()).to.deep.equal([...c.findings].sort())
          expect(findings.map((f) => f.message)).to.include.members([...(c.messages ?? [])])
          expectGoldenReports(slugOf(c.name), reports)
        })
      }
    })
  }
}
