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
