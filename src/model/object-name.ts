/**
 * How object names are shown to people: unquoted when PostgreSQL would accept them bare, quoted
 * otherwise, so `public."UserAccounts"` and `public.users` both read as SQL.
 */
import { displayIndexKeys, specIndexKey } from './index-key.js'
import { quoteIdent } from './sql-keywords.js'

/** An identifier as SQL would need it written. */
export function displayIdent(name: string): string {
  return quoteIdent(name)
}

/** `schema.name`, each part quoted only when needed. */
export function displayQualified(schema: string | null | undefined, name: string): string {
  return schema ? `${displayIdent(schema)}.${displayIdent(name)}` : displayIdent(name)
}

/** A column list as SQL writes it: `(a, b)`. */
export function displayColumns(columns: readonly string[]): string {
  return `(${columns.map(displayIdent).join(', ')})`
}

/**
 * How an object the spec left unnamed is shown: by what defines it, `(email)` for a key on a
 * column, `(budget >= 0)` for a check, `(lower(email))` for an index. `tableColumns` tells an
 * index's column keys from its expression keys (see specIndexKey); '' for named kinds.
 */
export function definitionLabel(object: object, tableColumns: readonly string[] = []): string {
  if ('expression' in object && typeof object.expression === 'string') return `(${object.expression})`
  if ('keys' in object && Array.isArray(object.keys)) {
    const columns = new Set(tableColumns)
    return displayIndexKeys((object.keys as readonly string[]).map((key) => specIndexKey(key, columns)))
  }
  if ('columns' in object && Array.isArray(object.columns)) return displayColumns(object.columns as readonly string[])
  return ''
}
