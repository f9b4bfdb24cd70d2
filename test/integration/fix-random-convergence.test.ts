/**
 * Randomised convergence: each corpus schema is loaded once into a real database; then, round
 * after round, a seeded generator applies a few random drifts (drop, rename, disable, widen,
 * add an extra object), the fix is planned with --allow-destructive --strict against the
 * schema as first introspected, applied, and applied again. After each round only findings the
 * plan lists as manual may remain, and the second application must fail on nothing and change
 * nothing. The seed and the drifts of a failing round are in the failure message, so it can be
 * replayed (FIX_RANDOM_SEED=<n>).
 */
import { expect } from 'chai'
import { compareSchemas } from '../../src/compare/compare-schemas.js'
import type { Finding } from '../../src/compare/finding.js'
import type { FixPlan } from '../../src/fix/fix-plan.js'
import { scriptOf } from '../../src/fix/fix-script.js'
import { planFix } from '../../src/fix/plan-fix.js'
import { qualifiedName, quoteIdent } from '../../src/fix/quote.js'
import { introspectDatabase } from '../../src/introspect/introspect-database.js'
import type { DatabaseSession } from '../../src/introspect/queryable.js'
import { objectKey } from '../../src/model/object-ref.js'
import type { SchemaModel, TableModel } from '../../src/model/schema-model.js'
import { corpusAvailable, corpusMissingReason, listCorpora, loadCorpus } from '../support/corpus.js'
import { ENGINES } from '../support/databases.js'
import { BASE_SQL } from '../support/drift-cases.js'

const ROUNDS = 4
const DRIFTS_PER_ROUND = 3
const SEED = Number(process.env.FIX_RANDOM_SEED ?? 20261202)

/** mulberry32: a small seeded PRNG, so a failing round can be replayed. */
function randomFrom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

type Drift = (model: SchemaModel, pick: <T>(items: readonly T[]) => T | undefined) => string | undefined

const tableName = (t: TableModel): string => qualifiedName(t.schema, t.name)
const plainTables = (m: SchemaModel): TableModel[] => m.tables.filter((t) => t.partitionOf == null)

/** Each drift looks at the current model and returns one DDL statement, or undefined when it has nothing to act on. */
const DRIFTS: Readonly<Record<string, Drift>> = {
  'drop an index': (m, pick) => {
    const candidates = m.tables.flatMap((t) =>
      t.indexes.filter((i) => i.constraintName == null && i.name !== undefined).map((i) => qualifiedName(t.schema, i.name ?? '')),
    )
    const index = pick(candidates)
    return index && `DROP INDEX ${index}`
  },
  'rename an index': (m, pick) => {
    const candidates = m.tables.flatMap((t) => t.indexes.filter((i) => i.constraintName == null).map((i) => ({ t, name: i.name ?? '' })))
    const c = pick(candidates)
    return c && `ALTER INDEX ${qualifiedName(c.t.schema, c.name)} RENAME TO ${quoteIdent(`${c.name.slice(0, 50)}_drift`)}`
  },
  'drop a check constraint': (m, pick) => {
    const c = pick(plainTables(m).flatMap((t) => t.checkConstraints.map((k) => ({ t, name: k.name ?? '' }))))
    return c && `ALTER TABLE ${tableName(c.t)} DROP CONSTRAINT ${quoteIdent(c.name)}`
  },
  'drop a foreign key': (m, pick) => {
    const c = pick(plainTables(m).flatMap((t) => t.foreignKeys.map((k) => ({ t, name: k.name ?? '' }))))
    return c && `ALTER TABLE ${tableName(c.t)} DROP CONSTRAINT ${quoteIdent(c.name)}`
  },
  'rename a foreign key': (m, pick) => {
    const c = pick(plainTables(m).flatMap((t) => t.foreignKeys.map((k) => ({ t, name: k.name ?? '' }))))
    return c && `ALTER TABLE ${tableName(c.t)} RENAME CONSTRAINT ${quoteIdent(c.name)} TO ${quoteIdent(`${c.name.slice(0, 50)}_drift`)}`
  },
  'drop a default': (m, pick) => {
    const c = pick(plainTables(m).flatMap((t) => t.columns.filter((col) => col.default != null).map((col) => ({ t, col }))))
    return c && `ALTER TABLE ${tableName(c.t)} ALTER COLUMN ${quoteIdent(c.col.name)} DROP DEFAULT`
  },
  'drop a NOT NULL': (m, pick) => {
    const inKey = (t: TableModel, name: string): boolean => (t.primaryKey?.columns ?? []).includes(name)
    const c = pick(
      plainTables(m).flatMap((t) =>
        t.columns.filter((col) => col.isNullable === false && col.identity == null && !inKey(t, col.name)).map((col) => ({ t, col })),
      ),
    )
    return c && `ALTER TABLE ${tableName(c.t)} ALTER COLUMN ${quoteIdent(c.col.name)} DROP NOT NULL`
  },
  'widen a varchar': (m, pick) => {
    const c = pick(plainTables(m).flatMap((t) => t.columns.filter((col) => /^character varying\(\d+\)$/.test(col.type ?? '')).map((col) => ({ t, col }))))
    return c && `ALTER TABLE ${tableName(c.t)} ALTER COLUMN ${quoteIdent(c.col.name)} TYPE text`
  },
  'disable a trigger': (m, pick) => {
    const c = pick(plainTables(m).flatMap((t) => t.triggers.filter((g) => g.enabled === 'origin').map((g) => ({ t, g }))))
    return c && `ALTER TABLE ${tableName(c.t)} DISABLE TRIGGER ${quoteIdent(c.g.name)}`
  },
  'drop a trigger': (m, pick) => {
    const c = pick(plainTables(m).flatMap((t) => t.triggers.map((g) => ({ t, g }))))
    return c && `DROP TRIGGER ${quoteIdent(c.g.name)} ON ${tableName(c.t)}`
  },
  'drop a column': (m, pick) => {
    const inKey = (t: TableModel, name: string): boolean => (t.primaryKey?.columns ?? []).includes(name)
    const c = pick(plainTables(m).flatMap((t) => t.columns.filter((col) => !inKey(t, col.name)).map((col) => ({ t, col }))))
    return c && `ALTER TABLE ${tableName(c.t)} DROP COLUMN ${quoteIdent(c.col.name)} CASCADE`
  },
  'drop a table': (m, pick) => {
    const t = pick(plainTables(m).filter((t) => !m.tables.some((p) => p.partitionOf?.name === t.name && p.partitionOf.schema === t.schema)))
    return t && `DROP TABLE ${tableName(t)} CASCADE`
  },
  'drop a unique constraint': (m, pick) => {
    const c = pick(plainTables(m).flatMap((t) => t.uniqueConstraints.map((k) => ({ t, name: k.name ?? '' }))))
    return c && `ALTER TABLE ${tableName(c.t)} DROP CONSTRAINT ${quoteIdent(c.name)} CASCADE`
  },
  'drop a primary key': (m, pick) => {
    const t = pick(plainTables(m).filter((t) => t.primaryKey?.name !== undefined))
    return t && `ALTER TABLE ${tableName(t)} DROP CONSTRAINT ${quoteIdent(t.primaryKey?.name ?? '')} CASCADE`
  },
  'add an extra table': (m, pick) => {
    const schema = pick([...new Set(m.tables.map((t) => t.schema))]) ?? 'public'
    return `CREATE TABLE IF NOT EXISTS ${qualifiedName(schema, 'drift_extra')} (id integer PRIMARY KEY, note text)`
  },
  'add an extra column': (m, pick) => {
    const t = pick(plainTables(m))
    return t && `ALTER TABLE ${tableName(t)} ADD COLUMN IF NOT EXISTS drift_note text`
  },
}

function heldBack(plan: FixPlan): Set<string> {
  return new Set(plan.unrepairable.map((u) => `${u.resolves.code} ${objectKey(u.resolves.subject)}`))
}

const keyOf = (f: Finding): string => `${f.code} ${objectKey(f.subject)}`

async function apply(session: DatabaseSession, plan: FixPlan): Promise<void> {
  for (const statement of scriptOf(plan)) {
    try {
      await session.exec(statement.sql)
    } catch (error) {
      if (!statement.isOutsideTransaction) await session.exec('ROLLBACK').catch(() => undefined)
      throw new Error(`${(error as Error).message} in: ${statement.sql.slice(0, 300)}`, { cause: error })
    }
  }
}

/** The drift-case base schema and every corpus schema except TimeTracker's many dumps (one is enough). */
function schemasToDrift(): { name: string; load: (session: DatabaseSession) => Promise<void> }[] {
  const base = { name: 'drift-case base schema', load: (session: DatabaseSession) => session.exec(BASE_SQL) }
  if (!corpusAvailable()) return [base]
  const corpora = listCorpora().filter((c) => !c.name.startsWith('timetracker/') || c.name === 'timetracker-head')
  return [base, ...corpora.map((c) => ({ name: c.name, load: (session: DatabaseSession) => loadCorpus(session, c.name) }))]
}

describe('randomised fix convergence (PostgreSQL server)', function () {
  const engine = ENGINES.find((e) => e.name === 'postgresql')
  if (engine === undefined) throw new Error('no PostgreSQL engine')
  let rounds = 0
  let drifts = 0
  let repaired = 0
  let manualLeft = 0
  after(() => {
    console.log(
      `      randomised fix convergence: ${rounds} rounds, ${drifts} drifts, ${repaired} findings repaired, ${manualLeft} left as manual, seed ${SEED}${corpusAvailable() ? '' : ` (corpus: ${corpusMissingReason()})`}`,
    )
  })

  for (const [index, schema] of schemasToDrift().entries()) {
    it(`converges on ${schema.name} after ${ROUNDS} rounds of ${DRIFTS_PER_ROUND} random drifts`, async () => {
      const random = randomFrom(SEED + index)
      const pick = <T>(items: readonly T[]): T | undefined => (items.length === 0 ? undefined : items[Math.floor(random() * items.length)])
      const db = await engine.createDatabase()
      try {
        await schema.load(db.session)
        const first = await introspectDatabase(db.session)
        const expected = first.model
        const findingsNow = async (): Promise<{ findings: Finding[]; model: SchemaModel }> => {
          const { model } = await introspectDatabase(db.session)
          return { findings: compareSchemas(expected, model, { isStrict: true }), model }
        }
        expect((await findingsNow()).findings.map(keyOf), 'the schema against its own introspection').to.deep.equal([])
        for (let round = 1; round <= ROUNDS; round++) {
          const applied: string[] = []
          for (let i = 0; i < DRIFTS_PER_ROUND; i++) {
            const name = pick(Object.keys(DRIFTS)) ?? ''
            const ddl = DRIFTS[name]?.((await findingsNow()).model, pick)
            if (ddl === undefined) continue
            // PostgreSQL refuses some drifts (a column a view uses, a partition's attached index): no drift then.
            const isApplied = await db.session.exec(ddl).then(
              () => true,
              () => false,
            )
            if (isApplied) applied.push(`${name}: ${ddl}`)
          }
          const context = `seed ${SEED + index}, round ${round}, drifts:\n  ${applied.join('\n  ')}`
          const { findings, model } = await findingsNow()
          const plan = planFix({
            findings,
            expected,
            actual: model,
            serverVersionNum: first.server.versionNum,
            options: { allowDestructive: true, isStrict: true, concurrently: false, notValid: false },
          })
          await apply(db.session, plan).catch((error: Error) => {
            throw new Error(`${error.message}\n${context}`, { cause: error })
          })
          const after = (await findingsNow()).findings.map(keyOf)
          const manual = heldBack(plan)
          expect(
            after.filter((k) => !manual.has(k)),
            `findings left after the fix; ${context}`,
          ).to.deep.equal([])
          await apply(db.session, plan)
          expect((await findingsNow()).findings.map(keyOf), `second application changed something; ${context}`).to.deep.equal(after)
          rounds++
          drifts += applied.length
          repaired += findings.length - after.length
          manualLeft += after.length
        }
      } finally {
        await db.drop()
      }
    })
  }
})
