/**
 * The one seam between introspection and a database engine. A `pg` client and an in-process
 * PGlite both implement it, so the same catalog queries serve a server and the embedded engine.
 */
export interface Queryable {
  /** Runs one statement with `$n` parameters and returns its rows (column names as keys). */
  query<Row extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>
  /**
   * Runs one statement and hands each row to `onRow` as it arrives, keeping none: a large catalog
   * result is folded into the model without being held whole. Resolves when the statement is
   * done; rejects with its error, or with the first error `onRow` threw (no row is handed on
   * after it). Optional: without it, callers use query() and go through its rows.
   */
  forEachRow?<Row extends object = Record<string, unknown>>(sql: string, params: readonly unknown[], onRow: (row: Row) => void): Promise<void>
}

/** forEachRow where the engine has it, else query() and its rows. */
export async function forEachRow<Row extends object>(db: Queryable, sql: string, params: readonly unknown[], onRow: (row: Row) => void): Promise<void> {
  if (db.forEachRow !== undefined) return db.forEachRow(sql, params, onRow)
  for (const row of await db.query<Row>(sql, params)) onRow(row)
}

/** An open database session that the caller must close. */
export interface DatabaseSession extends Queryable {
  /** A description of the target safe to print: passwords are already redacted. */
  readonly displayTarget: string
  /** Runs a script of several statements (no parameters), e.g. a schema dump or fix SQL. */
  exec(sql: string): Promise<void>
  close(): Promise<void>
}
