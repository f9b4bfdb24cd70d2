/**
 * expected-schema.json (the TimeTracker release of 2025-10-09) checked against real TimeTracker
 * databases: every pg_dump in the corpus, loaded into a fresh database on each engine. The
 * reference dump must give no finding; every other dump exactly the findings that the facts
 * oracle (built from the dumps' facts files, not from our introspector) predicts. The demo's
 * broken install must show exactly its six documented breakages.
 */
import { join } from 'node:path'
import { expect } from 'chai'
import { compareSchemas } from '../../src/compare/compare-schemas.js'
import { viewOf, type FindingView } from '../support/finding-view.js'
import { BROKEN_INSTALL_SQL } from '../../src/demo/broken-install-sql.js'
import { introspectDatabase } from '../../src/introspect/introspect-database.js'
import type { SchemaModel } from '../../src/model/schema-model.js'
import { loadSpec, type LoadedSpec } from '../../src/spec/load-spec.js'
import { corpusAvailable, corpusMissingReason, loadCorpus, REFERENCE_DUMP, repositoryRoot, timetrackerDumps, timetrackerFactsFile } from '../support/corpus.js'
import { ENGINES, type Engine } from '../support/databases.js'
import { CORE_TABLES, expectedFindings, readFacts, type ExpectedFinding } from '../support/facts-oracle.js'

const SPEC_FILE = join(repositoryRoot(), 'expected-schema.json')

/** `code table.name`, the identity of a finding. */
function identity(f: { code: string; table: string | null; name: string }): string {
  return `${f.code} ${f.table === null ? '' : `${f.table}.`}${f.name}`
}

/** `code table.name [attributes]` for every mismatch. */
function mismatchAttributes(findings: readonly (FindingView | ExpectedFinding)[]): string[] {
  return findings
    .filter((f) => f.code.endsWith('.mismatch'))
    .map((f) => `${identity(f)} [${[...f.attributes].sort().join(', ')}]`)
    .sort()
}

interface Checked {
  readonly findings: FindingView[]
  readonly actual: SchemaModel
}

/** Creates a database, runs `load` in it, checks it against the spec, drops it. */
async function check(engine: Engine, spec: LoadedSpec, load: (db: { exec(sql: string): Promise<void> }) => Promise<void>): Promise<Checked> {
  const db = await engine.createDatabase()
  try {
    await load(db.session)
    const { model } = await introspectDatabase(db.session, { schemas: ['public'] })
    return { findings: compareSchemas(spec.model, model, { isStrict: false }).map(viewOf), actual: model }
  } finally {
    await db.drop()
  }
}

describe('expected-schema.json', function () {
  let spec: LoadedSpec
  before(async function () {
    spec = await loadSpec(SPEC_FILE)
  })

  it('describes the nine core tables and the trigger function', function () {
    expect(spec.model.tables.map((t) => t.name)).to.have.members([...CORE_TABLES])
    expect(spec.model.functions.map((f) => `${f.schema}.${f.name}`)).to.deep.equal(['public.update_updated_at_column'])
    // Its body is checked too: every dump and the demo have it, laid out as each installer wrote it.
    expect(spec.model.functions[0]?.body).to.equal('BEGIN NEW.updated_at = CURRENT_TIMESTAMP; RETURN NEW; END;')
  })

  for (const engine of ENGINES) {
    describe(`the demo broken install on ${engine.name}`, function () {
      let findings: FindingView[]
      before(async function () {
        ;({ findings } = await check(engine, spec, (db) => db.exec(BROKEN_INSTALL_SQL)))
      })

      it('shows each documented breakage as a finding, and nothing else', function () {
        expect(findings.map(identity).sort()).to.deep.equal([
          'column.mismatch settings.currency',
          'column.mismatch users.username',
          'foreign_key.mismatch time_entries.time_entries_task_id_fkey',
          'index.missing time_entries.idx_time_entries_start_time',
          'migration.stamped alembic_version',
          'table.missing project_costs',
          'trigger.missing invoices.update_invoices_updated_at',
        ])
      })

      it('names the attribute each mismatch is about', function () {
        expect(mismatchAttributes(findings)).to.deep.equal([
          'column.mismatch settings.currency [default]',
          'column.mismatch users.username [type]',
          'foreign_key.mismatch time_entries.time_entries_task_id_fkey [onDelete]',
        ])
      })
    })
  }
})

const hasCorpus = corpusAvailable()

/**
 * The migration findings of each dump against the spec (Alembic 018, history 001..018, 018
 * creates project_costs), with what the message must say. The reference and the 018 install:
 * none.
 */
const MIGRATION_STATES: Readonly<Record<string, readonly (readonly [string, RegExp])[]>> = {
  '2025-09-01_8a378b7_init-database-sql': [['migration.missing_table', /only 7 of the spec's 9 tables exist/]],
  '2025-09-01_8a378b7_init-database-enhanced_FAILED-partial': [['migration.missing_table', /only 2 of the spec's 9 tables exist: a half-initialised database/]],
  '2025-09-01_49c1986e_init-database-enhanced': [['migration.missing_table', /only 8 of the spec's 9 tables exist/]],
  '2025-10-07_3b564f83_alembic-022_reverted-saas-chain': [
    ['migration.unknown', /revision 022 is not in the application's history.*24 tables the spec does not describe/],
  ],
  '2025-10-09_77aec94_alembic-017_no-018': [
    [
      'migration.behind',
      /is at revision 017; the application expects 018 \(1 migration to apply: 018\)\. They create public\.project_costs, which is missing\. Upgrade: flask db upgrade\./,
    ],
  ],
  '2025-10-09_77aec94_alembic-017+add_project_costs-sql': [
    ['migration.behind', /already has what they create \(public\.project_costs\): record the revision instead of upgrading \(flask db stamp 018\)/],
  ],
  '2026-07-23_f75f074_alembic-head': [['migration.unknown', /revision 171_merge_kanban_feature_heads is not in the application's history/]],
  '2026-07-23_f75f074_upgraded-from-2025-10-09-docker': [['migration.unknown', /revision 171_merge_kanban_feature_heads is not in the application's history/]],
}

describe('TimeTracker dumps checked against expected-schema.json', function () {
  if (!hasCorpus) {
    // A test without a body is mocha's "pending": reported with its reason, never counted as passed.
    it(`checks every TimeTracker dump against the facts oracle (pending: ${corpusMissingReason()})`)
    return
  }

  let spec: LoadedSpec
  before(async function () {
    spec = await loadSpec(SPEC_FILE)
  })

  const reference = readFacts(timetrackerFactsFile(REFERENCE_DUMP))
  for (const engine of ENGINES) {
    describe(`on ${engine.name}`, function () {
      for (const dump of timetrackerDumps()) {
        describe(dump.replace(/^timetracker\//, ''), function () {
          const facts = readFacts(timetrackerFactsFile(dump))
          const expected = expectedFindings(reference, facts)
          let result: Checked
          before(async function () {
            result = await check(engine, spec, (db) => loadCorpus(db, dump))
          })

          it('loads into the tables its facts file lists', function () {
            expect(result.actual.tables.map((t) => t.name)).to.have.members([...facts.tables])
          })

          if (dump === REFERENCE_DUMP) {
            it('has no finding at all: it is the release the spec describes', function () {
              expect(result.findings.map((f) => `${identity(f)} ${f.message}`)).to.deep.equal([])
            })

            it('leaves nothing of the core tables out of the spec (--strict finds only the other tables)', function () {
              const strict = compareSchemas(spec.model, result.actual, { isStrict: true }).map(viewOf)
              const otherTables = [...facts.tables].filter((t) => !(CORE_TABLES as readonly string[]).includes(t))
              expect(strict.map(identity).sort()).to.deep.equal(otherTables.map((t) => `table.extra ${t}`).sort())
            })
          } else {
            it(`reports exactly the ${expected.length} findings the facts predict`, function () {
              expect(expected).to.not.be.empty
              // The facts hold the schema, not the revision: migration findings are checked below.
              const objects = result.findings.filter((f) => !f.code.startsWith('migration.'))
              expect(objects.map(identity).sort()).to.deep.equal(expected.map(identity).sort())
            })

            it('names the differing attributes of every mismatch', function () {
              expect(mismatchAttributes(result.findings)).to.deep.equal(mismatchAttributes(expected))
            })
          }

          it('reads the revision the database was at (the corpus README) and explains it', function () {
            const said = MIGRATION_STATES[dump.replace(/^timetracker\//, '')] ?? []
            const migration = result.findings.filter((f) => f.code.startsWith('migration.'))
            expect(migration.map((f) => f.code)).to.deep.equal(said.map((m) => m[0]))
            for (const [i, [, pattern]] of said.entries()) expect(migration[i]?.message).to.match(pattern)
          })
        })
      }
    })
  }
})
