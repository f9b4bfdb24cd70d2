/**
 * Objects dropped by another session while introspection runs (a migration, say). The catalog
 * queries share one snapshot, but PostgreSQL's deparse functions (format_type, pg_get_expr,
 * pg_get_indexdef, pg_get_constraintdef, pg_get_triggerdef, pg_get_viewdef, pg_get_partkeydef,
 * pg_get_functiondef, pg_get_function_sqlbody) look objects up in the catalog caches, which
 * always follow the latest committed catalog. An object that is in our snapshot but has
 * since been dropped makes them raise an internal error (XX000 "cache lookup failed for relation
 * 16437", "could not open relation with OID 16437") or, for some of them, return NULL (or '???'
 * from format_type). Neither is a bug of ours or of the database: reading again with a new
 * snapshot is the cure.
 */

/** A deparse function answered NULL or '???' for an object the snapshot has: it was dropped meanwhile. */
export class CatalogChangedError extends Error {
  constructor(what: string) {
    super(`${what} vanished while the catalog was being read`)
    this.name = new.target.name
  }
}

/**
 * elog() messages (SQLSTATE XX000) that PostgreSQL raises when a lookup by OID finds nothing:
 * syscache misses in ruleutils.c, lsyscache.c and format_type.c ("cache lookup failed for
 * relation|type|index|constraint|attribute 2 of relation|function|collation|operator|opclass ... N"),
 * relation_open() ("could not open relation with OID N") and systable lookups ("could not find
 * tuple for trigger N"). Our queries only pass OIDs taken from the snapshot, so these mean the
 * object was dropped after the snapshot was taken.
 */
const VANISHED_OBJECT = /^(cache lookup failed for |could not open relation with OID \d|could not find tuple for )/

/** relation_open() by OID on a missing relation, in the form some callers report it (42P01). */
const VANISHED_RELATION = /^relation with OID \d+ does not exist/

/** Whether `error` means "the catalog changed under us" (and reading again may succeed). */
export function isCatalogChange(error: unknown): boolean {
  if (error instanceof CatalogChangedError) return true
  if (typeof error !== 'object' || error === null) return false
  const { code, message } = error as { code?: unknown; message?: unknown }
  if (typeof message !== 'string') return false
  if (code === 'XX000') return VANISHED_OBJECT.test(message)
  if (code === '42P01') return VANISHED_RELATION.test(message)
  return false
}

/** format_type() spells a type OID it cannot find '???' (and InvalidOid '-'). */
/** What a check is about, for its error: a function where the text would be made for every row read. */
export type Described = string | (() => string)

export function requireType(type: string, what: Described): string {
  if (type === '???' || type === '-') throw new CatalogChangedError(typeof what === 'string' ? what : what())
  return type
}

/** A deparse function's result that must not be NULL when `isPresent` (the snapshot has something to deparse). */
export function requireDeparsed(text: string | null, isPresent: boolean, what: Described): string | null {
  if (isPresent && text === null) throw new CatalogChangedError(typeof what === 'string' ? what : what())
  return text
}
