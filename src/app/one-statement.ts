import { UsageError } from '../errors.js'
import { splitSqlScript, SqlScriptError } from '../spec/sql-script.js'

/**
 * Refuses (UsageError, exit 2) a query of the user's that is not exactly one statement: it runs in
 * our read-only transaction, and a second statement (`COMMIT; …`) could end that and write.
 */
export function requireOneStatement(flag: string, sql: string): void {
  let statements: number
  try {
    statements = splitSqlScript(sql).statements.length
  } catch (error) {
    if (error instanceof SqlScriptError) throw new UsageError(`${flag}: ${error.message}`)
    throw error
  }
  if (statements !== 1) throw new UsageError(`${flag} takes one SELECT statement (got ${statements}): it runs read-only, and a second statement could end that`)
}

/**
 * A user's query (one statement, checked by requireOneStatement) as it is sent: a subquery, so a
 * COMMIT or SET is a syntax error, with one parameter (pass `[true]`), so that the driver uses the
 * extended protocol, in which the server takes one statement whatever a splitter made of the text.
 */
export function asSubquery(sql: string, alias: string): string {
  // The newline ends a trailing `--` comment before the closing parenthesis.
  return `SELECT * FROM (${sql.trim().replace(/;+\s*$/, '')}\n) AS ${alias} WHERE $1::boolean`
}

/** Whether `error` is one the server gave for a statement (it has a SQLSTATE): the statement's fault. */
export function hasSqlState(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' && /^[0-9A-Z]{5}$/.test(error.code)
}
