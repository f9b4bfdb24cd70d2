/**
 * How object names are shown to people: unquoted when PostgreSQL would accept them bare, quoted
 * otherwise, so `public."UserAccounts"` and `public.users` both read as SQL.
 */
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
