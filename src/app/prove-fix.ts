/**
 * `--prove`: before anyone runs a repair, run it on a copy. The copy is an embedded PGlite
 * database in memory, built from the target's introspected model by the model → DDL writer
 * (schema-sql.ts); the fix is planned against the copy exactly as against the target, applied,
 * checked again, and applied a second time. No second server, nothing on the target.
 *
 * What PGlite cannot build is stubbed and listed: an extension it does not ship is left out, a
 * function in a language it lacks is created with the same signature in plpgsql (raising if
 * called). Findings on stubbed objects do not count against convergence, and repair steps that
 * concern only stubbed objects are not run on the copy. The same goes for what PGlite, a major
 * version of its own, prints differently from the target (engineDifferences). Anything else that
 * fails, building the copy or applying the fix, is recorded as a failure, never thrown.
 */
import { withoutMigration } from '../model/filter-model.js'
import { compareSchemas, type CompareOptions } from '../compare/compare-schemas.js'
import type { Finding } from '../compare/finding.js'
import { createExtension } from '../fix/create-statements.js'
import type { FixOptions, FixPlan, FixStep } from '../fix/fix-plan.js'
import { scriptOf, type ScriptStatement } from '../fix/fix-script.js'
import { planFix } from '../fix/plan-fix.js'
import { dollarQuote, qualifiedName, quoteIdent } from '../fix/quote.js'
import { planSchema, SCHEMA_SCRIPT_SETTINGS } from '../fix/schema-sql.js'
import { introspectDatabase } from '../introspect/introspect-database.js'
import type { DatabaseSession } from '../introspect/queryable.js'
import { restrictToSchemas } from '../model/filter-model.js'
import { objectKey, type ObjectRef } from '../model/object-ref.js'
import type { ExtensionModel, FunctionModel, SchemaModel } from '../model/schema-model.js'

export interface ProveFixInput {
  /**
   * What the target has: its introspected model, from which the copy is built. Objects the
   * checked ones need from schemas it does not cover (a type, a referenced table) are missing
   * from the copy, and their statements fail there.
   */
  readonly actual: SchemaModel
  /** What the spec expects, as the check compared it (restricted to the checked schemas). */
  readonly expected: SchemaModel
  /** The check's options: the copy is compared as the target was. */
  readonly compareOptions: CompareOptions
  readonly fixOptions: FixOptions
  /** server_version_num of the target: the repair is written for the target, not for PGlite. */
  readonly serverVersionNum: number
  /** Findings a suppression rule ignores: not repaired, so not held against convergence. */
  readonly isIgnored?: (f: Finding) => boolean
  /** The schemas the check read (undefined: every schema); the copy is read the same way. */
  readonly schemas?: readonly string[]
}

/** An object the copy holds only as a stand-in, or not at all, and why. */
export interface StubbedObject {
  readonly subject: ObjectRef
  readonly reason: string
}

/** A statement that failed on the copy. */
export interface ProofFailure {
  /** Building the copy, applying the repair, or applying it the second time. */
  readonly stage: 'copy' | 'fix' | 'fix_again'
  /** The objects the statement was for. */
  readonly subjects: readonly ObjectRef[]
  /** Undefined for an object of the target the copy could not even be told how to build. */
  readonly statement?: string
  readonly message: string
}

export interface FixProof {
  /** After one application, no finding is left but those withheld, manual, or on stubbed objects. */
  readonly converged: boolean
  /** The second application raised no error and left the same findings. */
  readonly idempotent: boolean
  /** Every finding left after the first application (withheld and manual ones included). */
  readonly remaining: readonly Finding[]
  readonly stubbed: readonly StubbedObject[]
  /**
   * Mismatches the copy had before the repair and the target does not: what PGlite (its own
   * major version) builds or prints differently, e.g. a view's query as PostgreSQL 16+ deparses
   * it against a spec written by 15. Their steps are not run on the copy, and they do not count
   * against convergence.
   */
  readonly engineDifferences: readonly Finding[]
  /** Statements that failed, in order; a failure inside the repair's transaction rolls it back, as on the target. */
  readonly failures: readonly ProofFailure[]
  readonly engine: 'pglite'
  /** e.g. `18.6 (PGlite 0.5.16)`. */
  readonly engineVersion: string
  readonly ms: number
}

/** Builds the copy, repairs it twice and says what happened (see the file comment). */
export async function proveFix(input: ProveFixInput): Promise<FixProof> {
  const started = performance.now()
  const copy = await openCopy()
  try {
    const failures: ProofFailure[] = []
    const engine = await engineOf(copy)
    const stubbed = await buildCopy(copy, input.actual, engine, failures)
    const isStub = stubKeys(stubbed)

    const isIgnored = input.isIgnored ?? (() => false)
    // The copy holds the schema, not the history's rows: the migration state is not the repair's to prove.
    const expected = withoutMigration(input.expected)
    const findingsOfCopy = async (): Promise<Finding[]> => {
      const { model } = await introspectDatabase(copy, { schemas: input.schemas })
      return compareSchemas(expected, model, input.compareOptions).filter((f) => !isIgnored(f))
    }
    const { model: copyModel } = await introspectDatabase(copy, { schemas: input.schemas })
    const findings = compareSchemas(expected, copyModel, input.compareOptions).filter((f) => !isIgnored(f))
    const target = input.schemas === undefined ? input.actual : restrictToSchemas(input.actual, input.schemas)
    const onTarget = new Set(compareSchemas(expected, target, input.compareOptions).map(findingKey))
    const engineDifferences = findings.filter((f) => f.code.endsWith('.mismatch') && !onTarget.has(findingKey(f)) && !isStub(f.subject))
    const isDifference = new Set(engineDifferences.map(findingKey))
    const isExcused = (f: { readonly code: string; readonly subject: ObjectRef }): boolean => isStub(f.subject) || isDifference.has(findingKey(f))

    const plan = planFix({ findings, expected, actual: copyModel, serverVersionNum: input.serverVersionNum, options: input.fixOptions })
    const script = scriptOf(plan).filter((s) => s.step === undefined || !s.step.resolves.every(isExcused))

    await applyScript(copy, script, 'fix', failures)
    const remaining = await findingsOfCopy()
    const heldBack = heldBackKeys(plan)
    const converged = remaining.every((f) => heldBack.has(findingKey(f)) || isExcused(f))

    const failuresBefore = failures.length
    await applyScript(copy, script, 'fix_again', failures)
    const again = await findingsOfCopy()
    const idempotent = failures.length === failuresBefore && sameFindings(remaining, again)

    return {
      converged,
      idempotent,
      remaining,
      stubbed,
      engineDifferences,
      failures,
      engine: 'pglite',
      engineVersion: engine.version,
      ms: Math.round(performance.now() - started),
    }
  } finally {
    await copy.close()
  }
}

// --- the copy ---------------------------------------------------------------------------------

interface CopyEngine {
  readonly version: string
  readonly versionNum: number
  readonly languages: ReadonlySet<string>
  /** Extension name → versions PGlite can install. */
  readonly extensions: ReadonlyMap<string, ReadonlySet<string>>
}

async function engineOf(copy: DatabaseSession): Promise<CopyEngine> {
  const [server] = await copy.query<{ version: string; num: number }>(
    "SELECT pg_catalog.version() AS version, pg_catalog.current_setting('server_version_num')::int AS num",
  )
  const languages = await copy.query<{ name: string }>('SELECT lanname::text AS name FROM pg_catalog.pg_language')
  const versions = await copy.query<{ name: string; version: string }>(
    'SELECT name::text AS name, version::text AS version FROM pg_catalog.pg_available_extension_versions',
  )
  const extensions = new Map<string, Set<string>>()
  for (const row of versions) extensions.set(row.name, (extensions.get(row.name) ?? new Set()).add(row.version))
  // "PostgreSQL 18.6 (PGlite 0.5.16) on wasm32-..." → "18.6 (PGlite 0.5.16)"
  const match = /^PostgreSQL (\S+) \((PGlite [^)]+)\)/.exec(server?.version ?? '')
  return {
    version: match === null ? (server?.version ?? 'unknown') : `${match[1]} (${match[2]})`,
    versionNum: server?.num ?? 0,
    // C functions need a shared library the copy does not have; internal ones name built-ins it has.
    languages: new Set(languages.map((l) => l.name).filter((name) => name !== 'c')),
    extensions,
  }
}

/**
 * Loads the schema script of `actual` into the copy step by step, each statement on its own (a
 * failure costs only its object), stubbing what PGlite cannot build. Returns the stubs.
 */
async function buildCopy(copy: DatabaseSession, actual: SchemaModel, engine: CopyEngine, failures: ProofFailure[]): Promise<StubbedObject[]> {
  const plan = planSchema(actual, engine.versionNum)
  for (const item of plan.unrepairable) failures.push({ stage: 'copy', subjects: [item.resolves.subject], message: `not built: ${item.reason}` })
  const stubbed: StubbedObject[] = []
  for (const sql of SCHEMA_SCRIPT_SETTINGS) await copy.exec(sql)
  for (const step of plan.statements) {
    const substitute = stubFor(step, actual, engine)
    if (substitute !== undefined) stubbed.push(...substitute.stubbed)
    const statements = substitute?.sql ?? step.sql
    await copy.exec(searchPath(step.searchSchema))
    for (const sql of statements) {
      const failure = await run(copy, sql)
      if (failure !== undefined) failures.push({ stage: 'copy', subjects: step.resolves.map((r) => r.subject), statement: sql, message: failure })
    }
  }
  // The repair runs as on the target: function bodies checked when created.
  await copy.exec('RESET ALL')
  return stubbed
}

/** What to run instead of a step the copy cannot run as written, and the stubs it makes; undefined to run it as is. */
function stubFor(step: FixStep, actual: SchemaModel, engine: CopyEngine): { sql: string[]; stubbed: StubbedObject[] } | undefined {
  const subject = step.resolves[0]?.subject
  if (subject === undefined || step.resolves.length !== 1) return undefined
  if (step.phase === 'extension' && subject.kind === 'extension') {
    const extension = actual.extensions.find((e) => e.name === subject.name)
    if (extension === undefined) return undefined
    const versions = engine.extensions.get(extension.name)
    if (versions === undefined) return { sql: [], stubbed: [{ subject, reason: `PGlite does not ship extension ${extension.name}` }] }
    if (extension.version === undefined || versions.has(extension.version)) return undefined
    const other: ExtensionModel = { ...extension, version: undefined }
    const sql = step.sql.map((s) => (s === createExtension(extension) ? createExtension(other) : s))
    return {
      sql,
      stubbed: [{ subject, reason: `PGlite has extension ${extension.name} only in version ${[...versions].join(', ')}, not ${extension.version}` }],
    }
  }
  if (subject.kind === 'function') {
    const fn = actual.functions.find((f) => objectKey(functionRef(f)) === objectKey(subject))
    if (fn === undefined || fn.language === undefined || engine.languages.has(fn.language)) return undefined
    const stub = stubFunction(fn, step)
    if (stub === undefined) return undefined
    return { sql: [stub], stubbed: [{ subject, reason: `PGlite has no language ${fn.language}: a plpgsql function with the same signature stands in` }] }
  }
  return undefined
}

/** A plpgsql function (or procedure) with `fn`'s signature that raises if called. */
function stubFunction(fn: FunctionModel, step: FixStep): string | undefined {
  if (fn.argumentTypes === undefined || fn.returns === undefined) return undefined
  const isProcedure = step.sql.some((s) => /^\s*CREATE\s+(OR\s+REPLACE\s+)?PROCEDURE\b/i.test(s))
  const body = dollarQuote(
    `BEGIN RAISE EXCEPTION 'verify-database --prove: stand-in for a function in language ${fn.language?.replace(/'/g, "''") ?? ''}'; END`,
  )
  const head = `CREATE OR REPLACE ${isProcedure ? 'PROCEDURE' : 'FUNCTION'} ${qualifiedName(fn.schema, fn.name)}(${fn.argumentTypes.join(', ')})`
  return `${head}${isProcedure ? '' : ` RETURNS ${fn.returns}`} LANGUAGE plpgsql AS ${body}`
}

function functionRef(fn: FunctionModel): ObjectRef {
  return { kind: 'function', schema: fn.schema, table: null, name: fn.name, ...(fn.argumentTypes !== undefined && { arguments: fn.argumentTypes }) }
}

/** Whether a finding's or step's object is one of the stubs (or belongs to one: a stubbed function's overloads). */
function stubKeys(stubbed: readonly StubbedObject[]): (subject: ObjectRef) => boolean {
  const keys = new Set(stubbed.map((s) => objectKey(s.subject)))
  const loose = new Set(stubbed.map((s) => objectKey({ ...s.subject, arguments: undefined })))
  return (subject) => keys.has(objectKey(subject)) || (subject.arguments === undefined && loose.has(objectKey(subject)))
}

// --- applying the repair ----------------------------------------------------------------------

/**
 * Runs a repair script statement by statement, as `fix --apply` and psql would: the first
 * failure inside the transaction rolls it back and skips the rest of it; after the transaction
 * each statement stands alone.
 */
async function applyScript(copy: DatabaseSession, script: readonly ScriptStatement[], stage: ProofFailure['stage'], failures: ProofFailure[]): Promise<void> {
  let isAborted = false
  for (const statement of script) {
    if (isAborted && !statement.isOutsideTransaction) continue
    const failure = await run(copy, statement.sql)
    if (failure === undefined) continue
    failures.push({ stage, subjects: statement.step?.resolves.map((r) => r.subject) ?? [], statement: statement.sql, message: failure })
    if (!statement.isOutsideTransaction) {
      await copy.exec('ROLLBACK')
      isAborted = true
    }
  }
  await copy.exec('RESET search_path')
}

/** Runs one statement; the database's message when it fails. */
async function run(copy: DatabaseSession, sql: string): Promise<string | undefined> {
  try {
    await copy.exec(sql)
    return undefined
  } catch (error) {
    return error instanceof Error ? error.message : String(error)
  }
}

function searchPath(schema: string): string {
  return `SET search_path = ${schema === 'public' ? 'public' : `${quoteIdent(schema)}, public`}`
}

// --- findings ---------------------------------------------------------------------------------

const findingKey = (f: { readonly code: string; readonly subject: ObjectRef }): string => `${f.code} ${objectKey(f.subject)}`

/** The findings a plan leaves on purpose: its withheld steps' and the manual ones. */
function heldBackKeys(plan: FixPlan): Set<string> {
  return new Set([...plan.withheld.flatMap((s) => s.resolves.map(findingKey)), ...plan.unrepairable.map((u) => findingKey(u.resolves))])
}

function sameFindings(a: readonly Finding[], b: readonly Finding[]): boolean {
  const keys = (findings: readonly Finding[]): string => findings.map(findingKey).sort().join('\n')
  return keys(a) === keys(b)
}

// --- the embedded engine ----------------------------------------------------------------------

/** A fresh data directory, made once per process: initdb in WASM takes seconds, loading its dump a fraction. */
let freshDataDir: Promise<Blob> | undefined

/** An empty in-memory PGlite with every contrib extension PGlite ships registered. */
async function openCopy(): Promise<DatabaseSession> {
  const { PGlite } = await import('@electric-sql/pglite')
  const extensions = await contribExtensions()
  freshDataDir ??= (async () => {
    const initial = await PGlite.create(undefined, { extensions })
    try {
      return await initial.dumpDataDir('none')
    } finally {
      await initial.close()
    }
  })()
  const db = await PGlite.create(undefined, { extensions, loadDataDir: await freshDataDir })
  return {
    displayTarget: 'pglite:memory (--prove copy)',
    query: async <Row extends object>(sql: string, params: readonly unknown[] = []) => (await db.query<Row>(sql, [...params])).rows,
    exec: async (sql: string) => {
      await db.exec(sql)
    },
    close: () => db.close(),
  }
}

/** The contrib extensions in the PGlite package: the copy can create any of them. */
async function contribExtensions(): Promise<Record<string, import('@electric-sql/pglite').Extension>> {
  const modules = await Promise.all([
    import('@electric-sql/pglite/contrib/amcheck'),
    import('@electric-sql/pglite/contrib/bloom'),
    import('@electric-sql/pglite/contrib/btree_gin'),
    import('@electric-sql/pglite/contrib/btree_gist'),
    import('@electric-sql/pglite/contrib/citext'),
    import('@electric-sql/pglite/contrib/cube'),
    import('@electric-sql/pglite/contrib/dict_int'),
    import('@electric-sql/pglite/contrib/dict_xsyn'),
    import('@electric-sql/pglite/contrib/earthdistance'),
    import('@electric-sql/pglite/contrib/fuzzystrmatch'),
    import('@electric-sql/pglite/contrib/hstore'),
    import('@electric-sql/pglite/contrib/intarray'),
    import('@electric-sql/pglite/contrib/isn'),
    import('@electric-sql/pglite/contrib/lo'),
    import('@electric-sql/pglite/contrib/ltree'),
    import('@electric-sql/pglite/contrib/moddatetime'),
    import('@electric-sql/pglite/contrib/pageinspect'),
    import('@electric-sql/pglite/contrib/pg_buffercache'),
    import('@electric-sql/pglite/contrib/pg_stat_statements'),
    import('@electric-sql/pglite/contrib/pg_trgm'),
    import('@electric-sql/pglite/contrib/pg_visibility'),
    import('@electric-sql/pglite/contrib/pgcrypto'),
    import('@electric-sql/pglite/contrib/seg'),
    import('@electric-sql/pglite/contrib/tablefunc'),
    import('@electric-sql/pglite/contrib/tcn'),
    import('@electric-sql/pglite/contrib/tsm_system_rows'),
    import('@electric-sql/pglite/contrib/tsm_system_time'),
    import('@electric-sql/pglite/contrib/unaccent'),
    import('@electric-sql/pglite/contrib/uuid_ossp'),
  ])
  return Object.fromEntries(modules.flatMap((m) => Object.entries(m)))
}
