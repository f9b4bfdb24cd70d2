/**
 * Index key elements in their three spellings: the model's (a column name as stored, or a
 * canonical expression, plus ` DESC` / ` NULLS FIRST|LAST`), the spec's (the same, except that a
 * column whose name is not a bare identifier is double-quoted, so it cannot be read as an
 * expression), and SQL's, as `CREATE INDEX ... (key, ...)` needs it (for messages).
 */
import { QUOTED_KEYWORDS, quoteIdent } from './sql-keywords.js'
import { tokenize, type Token } from './sql-tokens.js'

// Trailing sort options of one index key element, as CREATE INDEX and pg_get_indexdef() write them.
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
function wordBefore(text: string, end: number): { word: string; start: number } | undefined {
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
