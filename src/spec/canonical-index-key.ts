import { canonicalExpression, type ExpressionContext } from '../model/canonical-expression.js'

// Trailing sort options of one index key element, as CREATE INDEX and pg_get_indexdef() write them.
const SORT_OPTIONS = /^(.*?)(?:\s+(ASC|DESC))?(?:\s+NULLS\s+(FIRST|LAST))?\s*$/is
const BARE_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/
const QUOTED_IDENTIFIER = /^"((?:[^"]|"")+)"$/

/** One index key element split into its expression (or column) and its sort options. */
export interface IndexKeyParts {
  readonly base: string
  readonly isDescending: boolean
  /** Only when written. */
  readonly nulls?: 'FIRST' | 'LAST'
}

/** Splits a trailing `ASC`/`DESC` and `NULLS FIRST`/`NULLS LAST` (any case) off a key element. */
export function splitIndexKey(element: string): IndexKeyParts {
  const match = SORT_OPTIONS.exec(element.trim())
  const nulls = match?.[3]?.toUpperCase()
  return {
    base: match?.[1] ?? element.trim(),
    isDescending: match?.[2]?.toUpperCase() === 'DESC',
    ...(nulls === 'FIRST' || nulls === 'LAST' ? { nulls } : {}),
  }
}

/**
 * The column a key element names, if it names one: a bare identifier is a column name as the
 * catalog stores it (case-sensitive, like every name in a spec), a double-quoted identifier is
 * unquoted. Anything else is an expression.
 */
export function indexKeyColumn(base: string): string | undefined {
  if (BARE_IDENTIFIER.test(base)) return base
  return QUOTED_IDENTIFIER.exec(base)?.[1]?.replace(/""/g, '"')
}

/**
 * Canonical text of one index key element (`lower(email) DESC`, `created_at NULLS FIRST`), as the
 * introspector builds it: a column key is the plain column name (pg_attribute.attname), an
 * expression goes through canonicalExpression(); then the sort options are re-appended in
 * uppercase, leaving out the defaults (ASC; NULLS LAST for ASC, NULLS FIRST for DESC).
 */
export function canonicalIndexKey(element: string, context: ExpressionContext = {}): string {
  const { base, isDescending, nulls } = splitIndexKey(element)
  let key = indexKeyColumn(base) ?? canonicalExpression(base, context)
  if (isDescending) key += ' DESC'
  if (nulls !== undefined && nulls !== (isDescending ? 'FIRST' : 'LAST')) key += ` NULLS ${nulls}`
  return key
}

/**
 * How a snapshot writes a canonical key element back into a spec: a column whose name is not a
 * bare identifier (`user id`) gets double quotes, so canonicalIndexKey() reads it as a column.
 */
export function specIndexKey(key: string, columnNames: ReadonlySet<string>): string {
  const { base } = splitIndexKey(key)
  if (!columnNames.has(base) || BARE_IDENTIFIER.test(base)) return key
  return `"${base.replace(/"/g, '""')}"${key.slice(key.indexOf(base) + base.length)}`
}
