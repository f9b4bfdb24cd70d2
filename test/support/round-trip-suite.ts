/**
 * The corpus round trip suite (test/matrix/round-trip*.test.ts). Round trip over the whole corpus: load a real-world schema, snapshot it into an
 * expected-schema.json (introspect → modelToSpec → renderSpecJson → file), then check the same
 * database against that file. Anything but zero findings is a normalisation gap between the
 * introspector, the snapshot writer and the spec loader. A second snapshot must be byte-identical.
 * And the DDL writer's round trip: the schema as `snapshot --format sql` writes it, run in an
 * empty database, gives a database that is clean against the snapshot. And the corpus's own SQL
 * file as the spec (`--spec file.sql`) finds nothing on the database it loads into.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { viewOf } from './finding-view.js'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect } from 'chai'
import { compareSchemas } from '../../src/compare/compare-schemas.js'
import type { Finding } from '../../src/compare/finding.js'
import { introspectDatabase } from '../../src/introspect/introspect-database.js'
import { schemaSql } from '../../src/fix/schema-sql.js'
import type { SchemaModel, SequenceModel } from '../../src/model/schema-model.js'
import { modelToSpec, renderSpecJson } from '../../src/snapshot/model-to-spec.js'
import { loadSpec } from '../../src/spec/load-spec.js'
import { corpusAvailable, corpusDir, corpusMissingReason, listCorpora, loadCorpus, loadCorpusSql, REFERENCE_DUMP, type Corpus } from './corpus.js'
import { defaultDeps } from '../../src/app/deps.js'
import { expectedSchemaOfText } from '../../src/app/expected-schema.js'
import type { SkippedStatement } from '../../src/spec/load-spec.js'
import type { Engine } from './databases.js'

interface RoundTrip {
  readonly first: string
  readonly second: string
  readonly tableCount: number
  readonly findings: Finding[]
  readonly strictFindings: Finding[]
  /** Sequences whose owner the snapshot's spec derives differently from the database's (see below). */
  readonly ownerDisagreements: string[]
  /** Findings (--strict) of a database built from `snapshot --format sql` against the snapshot. */
  readonly ddlFindings: Finding[]
  /** The corpus's own SQL file as the spec (`--spec file.sql`), against the database it loads into: plain and --strict; undefined where not run. */
  readonly sqlSpec?: { readonly findings: Finding[]; readonly strictFindings: Finding[]; readonly lost: SkippedStatement[] }
}

/**
 * Where the SQL file as the spec is checked: every file on PGlite; on the main server (17) the
 * folders' own schemas and the reference dump (a spec PGlite made against a server's catalog), to
 * keep the suite's time: the other dumps are versions of the same schema, and the spec is made
 * in PGlite whatever the server.
 */
function checksSqlSpec(engine: string, corpus: string): boolean {
  return engine === 'pglite' || (engine === 'postgresql' && (!corpus.startsWith('timetracker/') || corpus === REFERENCE_DUMP))
}

/**
 * The corpora the DDL writer's round trip runs on: each folder's schema once (the TimeTracker
 * dumps are versions of one schema; timetracker-head is the newest), to keep the suite's time.
 */
const DDL_CORPORA = new Set(['pagila', 'adventureworks', 'graphile-starter', 'timetracker-docs', 'timetracker-head'])

/**
 * What the corpus has and the model does not describe, so `snapshot --format sql` cannot write
 * it: domains (pagila, adventureworks) and pagila's group_concat aggregate (its views use it).
 * The DDL round trip creates them first, as someone restoring the schema would; the README says
 * the writer leaves them out.
 */
function unmodelledObjectsSql(corpus: string): string {
  const domains = loadCorpusSql(corpus).match(/^CREATE DOMAIN[\s\S]*?;$/gm) ?? []
  const aggregate =
    corpus === 'pagila'
      ? // The DDL replaces this state function with the corpus's own (same signature).
        'CREATE FUNCTION public._group_concat(text, text) RETURNS text LANGUAGE sql AS $$ SELECT $1 $$;\n' +
        'CREATE AGGREGATE public.group_concat(text) (SFUNC = public._group_concat, STYPE = text);'
      : ''
  return [...domains, aggregate].join('\n')
}

function describeFinding(finding: Finding): string {
  const f = viewOf(finding)
  return `${f.code} ${f.schema ?? ''}.${f.table === null ? '' : `${f.table}.`}${f.name} ${f.message}`
}

/**
 * Sequences that a column owns in the database (pg_depend) but whose owner the snapshot's spec
 * does not imply (its one nextval() user). A spec cannot say OWNED BY, so the opposite is no
 * disagreement: a column's default uses a sequence that no column owns (pagila's sequences); the
 * expected side then names that column and the actual side says null. Comparers must not call
 * that drift.
 */
function ownerDisagreements(expected: readonly SequenceModel[], actual: readonly SequenceModel[]): string[] {
  const problems: string[] = []
  for (const a of actual) {
    const e = expected.find((candidate) => candidate.schema === a.schema && candidate.name === a.name)
    if (e === undefined) {
      problems.push(`${a.schema}.${a.name}: not in the snapshot`)
      continue
    }
    if (a.ownedBy != null && JSON.stringify(e.ownedBy) !== JSON.stringify(a.ownedBy)) {
      problems.push(`${a.schema}.${a.name}: snapshot says ${JSON.stringify(e.ownedBy)}, database ${JSON.stringify(a.ownedBy)}`)
    }
  }
  return problems
}

/** The SQL file as the spec, compared with `actual`; what it left out besides ownership and grants is `lost`. */
async function sqlSpecFindings(file: string, actual: SchemaModel): Promise<NonNullable<RoundTrip['sqlSpec']>> {
  const spec = await expectedSchemaOfText(file, await readFile(file, 'utf8'), {}, defaultDeps({ env: {} }))
  return {
    findings: compareSchemas(spec.model, actual, { isStrict: false }),
    strictFindings: compareSchemas(spec.model, actual, { isStrict: true }),
    lost: (spec.origin?.skipped ?? []).filter((s) => s.reason !== 'ownership' && s.reason !== 'privileges'),
  }
}

const hasCorpus = corpusAvailable()

/** Every corpus, each SQL file once (timetracker-head is the newest TimeTracker dump under another name). */
/**
 * The corpora each engine round-trips: all of them on PGlite and the main server (17); on the
 * other versions the folders' real schemas and the reference TimeTracker dump (the other dumps
 * are versions of that one schema), to keep the suite's time.
 */
function corporaFor(engine: string): Corpus[] {
  const all = uniqueCorpora()
  return engine === 'pglite' || engine === 'postgresql' ? all : all.filter((c) => !c.name.startsWith('timetracker/') || c.name === REFERENCE_DUMP)
}

function uniqueCorpora(): Corpus[] {
  const seen = new Set<string>()
  return listCorpora().filter((c) => !seen.has(c.file) && seen.add(c.file))
}

/**
 * The round trips on each of `engines`. Called by more than one test file, so that mocha's
 * workers can share the versions out.
 */
export function describeRoundTrips(engines: readonly Engine[]): void {
  describe(`snapshot round trip over the corpus (${engines.map((e) => e.name).join(', ')})`, function () {
    if (!hasCorpus) {
      // A test without a body is mocha's "pending": reported with its reason, never counted as passed.
      it(`snapshots every corpus and checks it against its own snapshot (pending: ${corpusMissingReason()})`)
      return
    }

    let directory: string
    before(async function () {
      directory = await mkdtemp(join(tmpdir(), 'verify-database-round-trip-'))
    })
    after(async function () {
      if (directory !== undefined) await rm(directory, { recursive: true, force: true })
    })

    for (const engine of engines) {
      describe(`on ${engine.name}`, function () {
        for (const corpus of corporaFor(engine.name)) {
          describe(corpus.name, function () {
            let result: RoundTrip
            /** A new database built from `model`'s DDL (after what the model cannot describe), checked against `expected`. */
            const rebuiltFindings = async (expected: SchemaModel, model: SchemaModel, versionNum: number): Promise<Finding[]> => {
              const rebuilt = await engine.createDatabase()
              try {
                await rebuilt.session.exec(unmodelledObjectsSql(corpus.name))
                await rebuilt.session.exec(schemaSql(model, versionNum))
                return compareSchemas(expected, (await introspectDatabase(rebuilt.session, { schemas: expected.schemas })).model, { isStrict: true })
              } finally {
                await rebuilt.drop()
              }
            }
            before(async function () {
              const db = await engine.createDatabase()
              try {
                await loadCorpus(db.session, corpus.name)
                // Two independent introspections: the first is written out, the second is checked
                // against it (and must render to the same bytes).
                const { model: first, server } = await introspectDatabase(db.session)
                const second = (await introspectDatabase(db.session)).model
                const firstJson = renderSpecJson(modelToSpec(first))
                const file = join(directory, `${engine.name}-${corpus.name.replace(/\//g, '_')}.json`)
                await writeFile(file, firstJson)
                const spec = await loadSpec(file)
                result = {
                  first: firstJson,
                  second: renderSpecJson(modelToSpec(second)),
                  tableCount: first.tables.length,
                  findings: compareSchemas(spec.model, second, { isStrict: false }),
                  strictFindings: compareSchemas(spec.model, second, { isStrict: true }),
                  ownerDisagreements: ownerDisagreements(spec.model.sequences, second.sequences),
                  ddlFindings: DDL_CORPORA.has(corpus.name) ? await rebuiltFindings(spec.model, first, server.versionNum) : [],
                  ...(checksSqlSpec(engine.name, corpus.name) && { sqlSpec: await sqlSpecFindings(join(corpusDir(), corpus.file), second) }),
                }
              } finally {
                await db.drop()
              }
            })

            it('snapshots a non-empty schema', function () {
              expect(result.tableCount).to.be.greaterThan(0)
            })

            it('has no finding against its own snapshot', function () {
              expect(result.findings.map(describeFinding)).to.deep.equal([])
            })

            it('has no finding against its own snapshot under --strict either', function () {
              expect(result.strictFindings.map(describeFinding)).to.deep.equal([])
            })

            it('derives from its own snapshot the column that owns each sequence', function () {
              expect(result.ownerDisagreements).to.deep.equal([])
            })

            if (checksSqlSpec(engine.name, corpus.name)) {
              it('finds nothing with its SQL file as the spec (run in PGlite), --strict included, and leaves out only what is not compared', function () {
                expect(result.sqlSpec?.findings.map(describeFinding)).to.deep.equal([])
                expect(result.sqlSpec?.strictFindings.map(describeFinding)).to.deep.equal([])
                expect(result.sqlSpec?.lost).to.deep.equal([])
              })
            }

            if (DDL_CORPORA.has(corpus.name)) {
              it('rebuilds from snapshot --format sql into a database with no finding against its snapshot, under --strict', function () {
                expect(result.ddlFindings.map(describeFinding)).to.deep.equal([])
              })
            }

            it('snapshots byte-identically twice', function () {
              expect(result.second === result.first, 'second snapshot differs from the first').to.equal(true)
            })
          })
        }
      })
    }
  })
}
