/**
 * How object names are shown to people: unquoted when PostgreSQL would accept them bare, quoted
 * otherwise, so `public."UserAccounts"` and `public.users` both read as SQL.
 */

const BARE_IDENTIFIER = /^[a-z_][a-z0-9_$]*$/

/** A few reserved words that must be quoted even though they look like plain identifiers. */
const RESERVED = new Set([
  'all', 'analyse', 'analyze', 'and', 'any', 'array', 'as', 'asc', 'asymmetric', 'both', 'case', 'cast', 'check',
  'collate', 'column', 'constraint', 'create', 'current_catalog', 'current_date', 'current_role', 'current_time',
  'current_timestamp', 'current_user', 'default', 'deferrable', 'desc', 'distinct', 'do', 'else', 'end', 'except',
  'false', 'fetch', 'for', 'foreign', 'from', 'grant', 'group', 'having', 'in', 'initially', 'intersect', 'into',
  'lateral', 'leading', 'limit', 'localtime', 'localtimestamp', 'not', 'null', 'offset', 'on', 'only', 'or', 'order',
  'placing', 'primary', 'references', 'returning', 'select', 'session_user', 'some', 'symmetric', 'table', 'then',
  'to', 'trailing', 'true', 'union', 'unique', 'user', 'using', 'variadic', 'when', 'where', 'window', 'with',
])

/** An identifier as SQL would need it written. */
export function displayIdent(name: string): string {
  return BARE_IDENTIFIER.test(name) && !RESERVED.has(name) ? name : `"${name.replaceAll('"', '""')}"`
}

/** `schema.name`, each part quoted only when needed. */
export function displayQualified(schema: string | null | undefined, name: string): string {
  return schema ? `${displayIdent(schema)}.${displayIdent(name)}` : displayIdent(name)
}

/** A column list as SQL writes it: `(a, b)`. */
export function displayColumns(columns: readonly string[]): string {
  return `(${columns.map(displayIdent).join(', ')})`
}
