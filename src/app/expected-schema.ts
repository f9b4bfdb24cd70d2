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
  const missingExtensions: string[] = []
  for (const statement of statements) {
    // Transaction control, and rows: a schema does not depend on them (and rows that break a
    // key added later would fail it; COPY FROM stdin would wait for data that is not there).
    if (/^(begin|start\s+transaction|commit|end|abort|rollback|copy|insert|update|delete|truncate|merge)\b(?!\s+atomic)/i.test(statement.text)) continue
    try {
      await session.exec(statement.text)
    } catch (error) {
      // The engine's own errors carry a SQLSTATE; anything else is not the statement's fault.
      const code = (error as { code?: unknown }).code
      if (!(error instanceof Error) || typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) throw error
      const reason = skipReasonOf(statement.text, error.message, missingExtensions)
      if (reason === undefined) {
        const after = missingExtensions.length > 0 ? ` (after leaving out extension ${missingExtensions.join(', ')}, which PGlite does not ship)` : ''
        throw new SpecError([
          { file, pointer: '', line: statement.line, column: 1, message: `PGlite cannot run ${headOf(statement.text)}: ${oneLine(error.message)}${after}` },
        ])
      }
      if (reason.reason === 'extension' && reason.extension !== undefined) missingExtensions.push(reason.extension)
      skipped.push({ line: statement.line, statement: headOf(statement.text), ...reason })
    }
  }
  return skipped
}

function skipReasonOf(sql: string, message: string, missingExtensions: readonly string[]): Pick<SkippedStatement, 'reason' | 'extension'> | undefined {
  if (/^alter\s[\s\S]*\sowner\s+to\s/i.test(sql) && /role .* does not exist/i.test(message)) return { reason: 'ownership' }
  // Row-level security policies are not compared either (a target lists them as not checked).
  if (/^(grant|revoke|alter\s+default\s+privileges|create\s+policy|alter\s+policy)\b/i.test(sql) && /role .* does not exist/i.test(message))
    return { reason: 'privileges' }
  if (/^(create|alter|drop)\s+(publication|subscription)\b/i.test(sql)) return { reason: 'replication' }
  const extension = /^create\s+extension\s+(?:if\s+not\s+exists\s+)?("(?:[^"]|"")+"|[^\s;]+)/i.exec(sql)?.[1]
  if (extension !== undefined) return { reason: 'extension', extension: extension.replace(/^"|"$/g, '').replace(/""/g, '"') }
  const onExtension = /^comment\s+on\s+extension\s+("(?:[^"]|"")+"|[^\s;]+)/i.exec(sql)?.[1]?.replace(/^"|"$/g, '')
  if (onExtension !== undefined && missingExtensions.includes(onExtension)) return { reason: 'needs_extension', extension: onExtension }
  // What an extension left out would have made: its types, functions and operator classes.
  if (missingExtensions.length > 0 && /does not exist/i.test(message)) return { reason: 'needs_extension', extension: missingExtensions.join(', ') }
  return undefined
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
