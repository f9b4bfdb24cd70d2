/**
 * Index key elements in their three spellings: the model's (a column name as stored, or a
 * canonical expression, plus ` DESC` / ` NULLS FIRST|LAST`), the spec's (the same, except that a
 * column whose name is not a bare identifier is double-quoted, so it cannot be read as an
 * expression), and SQL's, as `CREATE INDEX ... (key, ...)` needs it (for messages).
 */
import { QUOTED_KEYWORDS, quoteIdent } from './sql-keywords.js'
import { tokenize, type Token } from './sql-tokens.js'

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
 * The column a spec key element names, if it names one: a bare identifier is a column name as
 * the catalog stores it (case-sensitive, like every name in a spec), a double-quoted identifier
 * is unquoted. Anything else is an expression.
 */
export function indexKeyColumn(base: string): string | undefined {
  if (BARE_IDENTIFIER.test(base)) return base
  return QUOTED_IDENTIFIER.exec(base)?.[1]?.replace(/""/g, '"')
}

/**
 * A model key element as a spec writes it: a column whose name is not a bare identifier
 * (`user id`) gets double quotes, so indexKeyColumn() reads it as a column. `columnNames` are the
 * table's columns: only they can be columns.
 */
export function specIndexKey(key: string, columnNames: ReadonlySet<string>): string {
  const { base } = splitIndexKey(key)
  if (!columnNames.has(base) || BARE_IDENTIFIER.test(base)) return key
  return `"${base.replace(/"/g, '""')}"${key.slice(key.indexOf(base) + base.length)}`
}

/**
 * A spec key element as SQL: a column quoted only where PostgreSQL needs it, an expression in
 * the parentheses CREATE INDEX requires (a function call stands bare, as pg_get_indexdef() prints
 * it), then the sort options. `lower(email)`, `(a + b)`, `"Created At" DESC NULLS LAST`.
 */
export function displayIndexKey(specKey: string): string {
  const { base, isDescending, nulls } = splitIndexKey(specKey)
  const column = indexKeyColumn(base)
  const element = column !== undefined ? quoteIdent(column) : isFunctionCall(base) ? base : `(${base})`
  return `${element}${isDescending ? ' DESC' : ''}${nulls !== undefined ? ` NULLS ${nulls}` : ''}`
}

/** A spec key list as SQL: `(lower(email), created_at DESC)`. */
export function displayIndexKeys(specKeys: readonly string[]): string {
  return `(${specKeys.map(displayIndexKey).join(', ')})`
}

// Keywords that CREATE INDEX accepts as a bare function-like key (gram.y func_expr_common_subexpr).
const FUNCTION_LIKE_KEYWORDS = new Set(['coalesce', 'greatest', 'least', 'nullif', 'extract', 'substring', 'position', 'trim', 'overlay', 'normalize'])

/** `name(...)` or `schema.name(...)` as a whole: what an index key may be without parentheses. */
function isFunctionCall(expression: string): boolean {
  let tokens: Token[]
  try {
    tokens = tokenize(expression)
  } catch {
    return false
  }
  const isName = (t: Token | undefined, first: boolean): boolean =>
    t !== undefined && (t.kind === 'qident' || (t.kind === 'ident' && (!first || !QUOTED_KEYWORDS.has(t.value) || FUNCTION_LIKE_KEYWORDS.has(t.value))))
  let i = 0
  if (!isName(tokens[i], true)) return false
  i++
  while (tokens[i]?.value === '.' && isName(tokens[i + 1], false)) i += 2
  if (tokens[i]?.value !== '(' || tokens[i]?.kind !== 'punct') return false
  let depth = 0
  for (let k = i; k < tokens.length; k++) {
    const t = tokens[k] as Token
    if (t.kind !== 'punct') continue
    if (t.value === '(') depth++
    else if (t.value === ')' && --depth === 0) return k === tokens.length - 1
  }
  return false
}
