/**
 * Where the expected schema comes from: an expected-schema.json (or a snapshot, which is one), an
 * SQL script (a schema.sql, a `pg_dump --schema-only`), or another database (staging, to compare
 * production with). An SQL script is run in a fresh in-process PGlite; a database is read, like
 * any target, read-only. Either is then snapshotted with the same code as `snapshot`, and that
 * snapshot is the spec: "exactly this schema" for what it defines, with a snapshot's semantics
 * (complete, extras reported under --strict). So every source ends as the same LoadedSpec, and
 * nothing after this file knows which one it was.
 */
import { SpecError, UserError } from '../errors.js'
import type { DatabaseSession } from '../introspect/queryable.js'
import { PGLITE_PREFIX } from '../introspect/pglite-url.js'
import { oneLine } from '../text/one-line.js'
import { loadSpecText, readSpec, type LoadedSpec, type SkippedStatement, type SpecOrigin } from '../spec/load-spec.js'
import { renderSpecJson } from '../snapshot/model-to-spec.js'
import type { Spec } from '../spec/spec-types.js'
import { splitSqlScript, SqlScriptError, type ScriptStatement } from '../spec/sql-script.js'
import type { AppDeps } from './deps.js'
import { snapshotSession } from './snapshot.js'
import { withTargetSession, type WaitOptions } from './target-session.js'

export interface ExpectedSchemaOptions extends WaitOptions {
  readonly connectTimeoutMs?: number
  readonly statementTimeoutMs?: number
}

/** A database URL (postgres://, postgresql://, pglite:) names a database; anything else is a file. */
export function isDatabaseSpec(spec: string): boolean {
  return /^postgres(ql)?:\/\//i.test(spec) || spec.startsWith(PGLITE_PREFIX)
}

/**
 * An `.sql` file is SQL and a `.json` file JSON; any other file is JSON when its first character
 * after whitespace and SQL comments is `{`, else SQL.
 */
export function isSqlText(file: string, text: string): boolean {
  if (/\.sql$/i.test(file)) return true
  if (/\.json$/i.test(file)) return false
  const body = text.replace(/^(\s+|--[^\n]*(\n|$)|\/\*[\s\S]*?\*\/)*/, '')
  return body !== '' && !body.startsWith('{')
}

/** The expected schema `spec` names: a JSON spec file, an SQL file, or a database. */
export async function loadExpectedSchema(spec: string, options: ExpectedSchemaOptions, deps: AppDeps): Promise<LoadedSpec> {
  if (isDatabaseSpec(spec)) return databaseSpec(spec, options, deps)
  const { file, text } = await readSpec(spec, { readFile: deps.readFile })
  if (isSqlText(file, text)) return sqlSpec(file, text, options, deps)
  return loadSpecText(file, text)
}

/** loadExpectedSchema for a file already read: SQL or JSON, by isSqlText. */
export async function expectedSchemaOfText(file: string, text: string, options: ExpectedSchemaOptions, deps: AppDeps): Promise<LoadedSpec> {
  return isSqlText(file, text) ? sqlSpec(file, text, options, deps) : loadSpecText(file, text)
}

/** Another database's schema as the spec; the URL is shown redacted wherever the spec is named. */
async function databaseSpec(url: string, options: ExpectedSchemaOptions, deps: AppDeps): Promise<LoadedSpec> {
  const outcome = await withTargetSession(url, options, deps, (session) => snapshotSession(session, { statementTimeoutMs: options.statementTimeoutMs }))
  // The error names the (redacted) target already; it only needs to say which database that was.
  if (outcome.kind === 'failed') throw new UserError(`the spec database: ${outcome.error.message}`, outcome.error.exitCode)
  const { spec, server } = outcome.value
  return derivedSpec(outcome.target, { ...spec, description: `Schema of ${outcome.target} (PostgreSQL ${server.version})` }, { kind: 'database', skipped: [] })
}

/** An SQL script run in a fresh PGlite, then snapshotted. */
async function sqlSpec(file: string, text: string, options: ExpectedSchemaOptions, deps: AppDeps): Promise<LoadedSpec> {
  let statements: readonly ScriptStatement[]
  try {
    statements = splitSqlScript(text).statements
  } catch (error) {
    if (error instanceof SqlScriptError) throw new SpecError([{ file, pointer: '', line: error.line, column: 1, message: error.message }])
    throw error
  }
  const session = await deps.openDatabase(`${PGLITE_PREFIX}memory`, { env: deps.env })
  try {
    const skipped = await runScript(session, file, statements)
    // A dump sets search_path to '' for its session; psql would have ended the session here.
    await session.exec('RESET ALL')
    const { spec, server } = await snapshotSession(session, { statementTimeoutMs: options.statementTimeoutMs })
    // CREATE EXTENSION without VERSION (all pg_dump writes) asks for no version: PGlite's is not the spec's.
    const extensions = (spec.extensions ?? []).map(({ version: _version, ...extension }) => extension)
    return derivedSpec(
      file,
      { ...spec, extensions, description: `Schema of ${file}, as PGlite (PostgreSQL ${server.version}) ran it` },
      { kind: 'sql', skipped },
    )
  } finally {
    await session.close()
  }
}

/**
 * Runs each statement on its own, so one PGlite cannot run is skipped when nothing the check
 * compares is lost by it (or it is listed as not checked); any other failure is the spec's
 * error, at its line: a spec that silently lost a table would let a gate pass without it.
 * Transaction control and rows are left out: after a failed statement a transaction fails every
 * statement that follows, and rows can break a key the script adds after them.
 */
async function runScript(session: DatabaseSession, file: string, statements: readonly ScriptStatement[]): Promise<SkippedStatement[]> {
  const skipped: SkippedStatement[] = []
  const lost: LostObjects = { extensions: [], relations: new Set() }
  let ran = 0
  for (const statement of statements) {
    // Transaction control, and rows: a schema does not depend on them (and rows that break a
    // key added later would fail it; COPY FROM stdin would wait for data that is not there).
    if (/^(begin|start\s+transaction|commit|end|abort|rollback|savepoint|release|copy|insert|update|delete|truncate|merge)\b/i.test(statement.text)) continue
    try {
      await session.exec(statement.text)
      if (!/^(set|reset|select|show)\b/i.test(statement.text)) ran++
    } catch (error) {
      // The engine's own errors carry a SQLSTATE; anything else is not the statement's fault.
      const code = (error as { code?: unknown }).code
      if (!(error instanceof Error) || typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) throw error
      // `pg_dump --clean` drops before it creates: in an empty database there is nothing to drop.
      if (/^drop\b/i.test(statement.text) && /does not exist/i.test(error.message)) continue
      const reason = skipReasonOf(statement.text, error.message, lost)
      if (reason === undefined) {
        const after = lost.extensions.length > 0 ? ` (after leaving out extension ${lost.extensions.join(', ')}, which PGlite does not ship)` : ''
        throw new SpecError([
          { file, pointer: '', line: statement.line, column: 1, message: `PGlite cannot run ${headOf(statement.text)}: ${oneLine(error.message)}${after}` },
        ])
      }
      if (reason.reason === 'extension' && reason.extension !== undefined) lost.extensions.push(reason.extension)
      const relation = reason.reason === 'needs_extension' ? createdRelationOf(statement.text) : undefined
      if (relation !== undefined) lost.relations.add(relation)
      skipped.push({ line: statement.line, statement: headOf(statement.text), ...reason })
    }
  }
  // An empty file (a dump that failed and left nothing) must not read as "expect nothing".
  if (ran === 0) throw new SpecError([{ file, pointer: '', message: 'no SQL statement in it creates anything: is it the schema you meant?' }])
  return skipped
}

/** What an extension PGlite lacks took with it: the extensions, and the tables and views that needed them. */
interface LostObjects {
  readonly extensions: string[]
  /** Names (unqualified, as the catalog stores them) of relations whose CREATE was left out. */
  readonly relations: Set<string>
}

function skipReasonOf(sql: string, message: string, lost: LostObjects): Pick<SkippedStatement, 'reason' | 'extension'> | undefined {
  const isMissingRole = /role .* does not exist/i.test(message)
  if (/^alter\s[\s\S]*\sowner\s+to\s/i.test(sql) && isMissingRole) return { reason: 'ownership' }
  if (/^set\s+(session\s+authorization|role)\b/i.test(sql) && isMissingRole) return { reason: 'ownership' }
  // Row-level security policies are not compared either (a target lists them as not checked).
  if (/^(grant|revoke|alter\s+default\s+privileges|create\s+policy|alter\s+policy)\b/i.test(sql) && isMissingRole) return { reason: 'privileges' }
  if (/^(create|alter|drop)\s+(publication|subscription)\b/i.test(sql)) return { reason: 'replication' }
  const extension = /^create\s+extension\s+(?:if\s+not\s+exists\s+)?("(?:[^"]|"")+"|[^\s;]+)/i.exec(sql)?.[1]
  // Only an extension PGlite does not have: any other failure of CREATE EXTENSION is the spec's error.
  if (extension !== undefined && /is not available|could not open extension control file/i.test(message)) {
    return { reason: 'extension', extension: extension.replace(/^"|"$/g, '').replace(/""/g, '"') }
  }
  if (lost.extensions.length === 0) return undefined
  const onExtension = /^comment\s+on\s+extension\s+("(?:[^"]|"")+"|[^\s;]+)/i.exec(sql)?.[1]?.replace(/^"|"$/g, '')
  if (onExtension !== undefined && lost.extensions.includes(onExtension)) return { reason: 'needs_extension', extension: onExtension }
  // What the extension would have made (a type, a function, an operator, an operator class, an
  // access method), or a table or view left out for lack of it: anything else missing is a mistake.
  const needsExtension =
    /^(type|function|operator|operator class|operator family|access method) .* does not exist/i.test(message) ||
    /^operator does not exist/i.test(message) ||
    [...(/relation "([^"]+)" does not exist/i.exec(message) ?? [])].slice(1).some((name) => lost.relations.has(unqualified(name)))
  return needsExtension ? { reason: 'needs_extension', extension: lost.extensions.join(', ') } : undefined
}

/** The relation a CREATE TABLE / VIEW / MATERIALIZED VIEW makes, unqualified and as stored. */
function createdRelationOf(sql: string): string | undefined {
  const name =
    /^create\s+(?:or\s+replace\s+)?(?:(?:global\s+|local\s+)?(?:temporary|temp|unlogged)\s+)?(?:materialized\s+)?(?:table|view)\s+(?:if\s+not\s+exists\s+)?((?:"(?:[^"]|"")+"|[^\s(]+))/i.exec(
      sql,
    )?.[1]
  return name === undefined ? undefined : unqualified(name)
}

function unqualified(name: string): string {
  const last = /(?:^|\.)("(?:[^"]|"")+"|[^."]+)$/.exec(name)?.[1] ?? name
  return last.startsWith('"') ? last.slice(1, -1).replace(/""/g, '"') : last.toLowerCase()
}

/** A spec that was made, not written: nothing in it has a place in a file to point findings at. */
function derivedSpec(name: string, spec: Spec, origin: SpecOrigin): LoadedSpec {
  // Without `recorded`: the facts of the source's server are not the target's (check --from-snapshot reads them).
  const loaded = loadSpecText(name, renderSpecJson({ ...spec, recorded: undefined }))
  return { ...loaded, locateAll: () => new Map(), suppressions: [], origin }
}

function headOf(sql: string): string {
  const line = sql.replace(/\s+/g, ' ').trim()
  return line.length <= 80 ? line : `${line.slice(0, 77)}...`
}
