/**
 * The one seam between introspection and a database engine. A `pg` client and an in-process
 * PGlite both implement it, so the same catalog queries serve a server and the embedded engine.
 */
export interface Queryable {
  /** Runs one statement with `$n` parameters and returns its rows (column names as keys). */
  query<Row extends object = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<Row[]>
}

/** An open database session that the caller must close. */
export interface DatabaseSession extends Queryable {
  /** A description of the target safe to print: passwords are already redacted. */
  readonly displayTarget: string
  /** Runs a script of several statements (no parameters), e.g. a schema dump or fix SQL. */
  exec(sql: string): Promise<void>
  close(): Promise<void>
}
