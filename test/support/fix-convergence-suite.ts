/**
 * The fix convergence suite (test/matrix/fix-convergence*.test.ts). The repair converges: for every drift case, on a real database (PGlite and every server version
 * here), the fix plan applied to the drifted database leaves exactly the findings whose repair
 * was withheld (a hazard) or is manual (listed with a reason), and applying it again changes
 * nothing and fails on nothing. With --allow-destructive, only the manual ones may remain.
 */
import { expect } from 'chai'
import { compareSchemas } from '../../src/compare/compare-schemas.js'
import type { Finding } from '../../src/compare/finding.js'
import { planFix } from '../../src/fix/plan-fix.js'
import type { FixOptions, FixPlan } from '../../src/fix/fix-plan.js'
import { scriptOf } from '../../src/fix/fix-script.js'
import { introspectDatabase } from '../../src/introspect/introspect-database.js'
import type { DatabaseSession } from '../../src/introspect/queryable.js'
import { objectKey } from '../../src/model/object-ref.js'
import { specToModel } from '../../src/spec/spec-to-model.js'
import type { Engine } from './databases.js'
import { BASE_SPEC, BASE_SQL, CASES } from './drift-cases.js'

const SAFE: FixOptions = { allowDestructive: false, isStrict: false, concurrently: false, notValid: false }

/** `code object` of a finding or of what a step resolves. */
const keyOf = (f: Pick<Finding, 'code' | 'subject'>): string => `${f.code} ${objectKey(f.subject)}`

async function findingsOf(
  session: DatabaseSession,
  isStrict: boolean,
): Promise<{ findings: Finding[]; versionNum: number; model: Awaited<ReturnType<typeof introspectDatabase>>['model'] }> {
  const { model, server } = await introspectDatabase(session, { schemas: ['public'] })
  return { findings: compareSchemas(specToModel(BASE_SPEC), model, { isStrict }), versionNum: server.versionNum, model }
}

async function planFor(session: DatabaseSession, options: FixOptions): Promise<{ plan: FixPlan; findings: Finding[] }> {
  const { findings, versionNum, model } = await findingsOf(session, options.isStrict)
  return { plan: planFix({ findings, expected: specToModel(BASE_SPEC), actual: model, serverVersionNum: versionNum, options }), findings }
}

async function apply(session: DatabaseSession, plan: FixPlan): Promise<void> {
  for (const statement of scriptOf(plan)) {
    try {
      await session.exec(statement.sql)
    } catch (error) {
      if (statement.sql !== 'BEGIN') await session.exec('ROLLBACK').catch(() => undefined)
      throw new Error(`${(error as Error).message}\nin: ${statement.sql}`, { cause: error })
    }
  }
}

/** Keys of the findings a plan holds back: withheld steps and manual repairs. */
function heldBack(plan: FixPlan): Set<string> {
  return new Set([...plan.withheld.flatMap((s) => s.resolves.map(keyOf)), ...plan.unrepairable.map((u) => keyOf(u.resolves))])
}

/**
 * The convergence tests on `engines` (each a describe of its own; FIX_ENGINES=name,… narrows them).
 * Called by more than one test file, so that mocha's workers can share the versions out.
 */
export function describeFixConvergence(engines: readonly Engine[]): void {
  for (const engine of engines.filter((e) => process.env.FIX_ENGINES === undefined || process.env.FIX_ENGINES.split(',').includes(e.name))) {
    describe(`fix convergence on ${engine.name}`, function () {
      for (const c of CASES.filter((c) => c.findings.length > 0)) {
        it(`converges when ${c.name}`, async () => {
          const isStrict = c.isStrict ?? false
          const db = await engine.createDatabase()
          try {
            await db.session.exec(BASE_SQL)
            await db.session.exec(c.ddl)
            const { plan, findings } = await planFor(db.session, { ...SAFE, isStrict })
            const planned = new Set(
              [...plan.statements, ...plan.withheld].flatMap((s) => s.resolves.map(keyOf)).concat(plan.unrepairable.map((u) => keyOf(u.resolves))),
            )
            // Every finding has a repair, withheld or not, or is listed as manual.
            expect(
              findings.map(keyOf).filter((k) => !planned.has(k)),
              'findings without a repair',
            ).to.deep.equal([])

            await apply(db.session, plan)
            const after = (await findingsOf(db.session, isStrict)).findings.map(keyOf)
            const held = heldBack(plan)
            expect(
              after.filter((k) => !held.has(k)),
              'findings left that the plan claimed to repair',
            ).to.deep.equal([])

            // Idempotent: a second run fails on nothing and changes nothing.
            await apply(db.session, plan)
            const again = await findingsOf(db.session, isStrict)
            expect(again.findings.map(keyOf)).to.deep.equal(after)

            // With --allow-destructive, only manual repairs remain.
            const destructive = planFix({
              findings: again.findings,
              expected: specToModel(BASE_SPEC),
              actual: again.model,
              serverVersionNum: again.versionNum,
              options: { ...SAFE, isStrict, allowDestructive: true },
            })
            await apply(db.session, destructive)
            const manual = new Set(destructive.unrepairable.map((u) => keyOf(u.resolves)))
            const left = (await findingsOf(db.session, isStrict)).findings.map(keyOf)
            expect(
              left.filter((k) => !manual.has(k)),
              'findings left after --allow-destructive',
            ).to.deep.equal([])
          } finally {
            await db.drop()
          }
        })
      }
    })
  }
}
