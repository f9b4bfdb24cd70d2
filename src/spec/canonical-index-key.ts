import { canonicalExpression, type ExpressionContext } from '../model/canonical-expression.js'

const BARE_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_$]*$/
const QUOTED_IDENTIFIER = /^"((?:[^"]|"")+)"$/

/** One index key element split into its expression (or column) and its sort options. */
export interface IndexKeyParts {
  readonly base: string
  readonly isDescending: boolean
  /** Only when written. */
  readonly nulls?: 'FIRST' | 'LAST'
}

/**
 * Splits a trailing `ASC`/`DESC` and `NULLS FIRST`/`NULLS LAST` (any case, after whitespace) off a
 * key element, as CREATE INDEX and pg_get_indexdef() write them. Reads words back from the end:
 * the regular expression this replaces backtracked cubically on a long run of spaces.
 */
export function splitIndexKey(element: string): IndexKeyParts {
  const text = element.trim()
  let end = text.length
  let nulls: 'FIRST' | 'LAST' | undefined
  const placement = wordBefore(text, end)
  if (placement !== undefined && /^(first|last)$/i.test(placement.word)) {
    const keyword = wordBefore(text, placement.start)
    if (keyword !== undefined && /^nulls$/i.test(keyword.word)) {
      nulls = placement.word.toUpperCase() as 'FIRST' | 'LAST'
      end = keyword.start
    }
  }
  let isDescending = false
  const direction = wordBefore(text, end)
  if (direction !== undefined && /^(asc|desc)$/i.test(direction.word)) {
    isDescending = direction.word.toUpperCase() === 'DESC'
    end = direction.start
  }
  return { base: text.slice(0, end), isDescending, ...(nulls === undefined ? {} : { nulls }) }
}

/**
 * The word (run of non-whitespace) that ends at `end` of trimmed text, and where the whitespace
 * before it starts; undefined when no whitespace separates it from something before it.
 */
function wordBefore(text: string, end: number): { word: string, start: number } | undefined {
  let i = end
  while (i > 0 && !isSpace(text[i - 1] as string)) i--
  const wordStart = i
  while (i > 0 && isSpace(text[i - 1] as string)) i--
  return i === wordStart || i === 0 ? undefined : { word: text.slice(wordStart, end), start: i }
}

function isSpace(c: string): boolean {
  return /\s/.test(c)
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
