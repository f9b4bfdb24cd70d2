/**
 * Comparing source text that PostgreSQL keeps as written (a function's body) or deparses (a
 * view's query, a partition key or bound) with the spec's text, so that a difference PostgreSQL
 * would not act on is never reported: layout, and for SQL also comments and the case of unquoted
 * words. SQL text is compared token by token (sql-tokens.ts: string constants decoded and compared
 * exactly, `"name"` and `name` alike, comments dropped); in deparsed text `public.` and
 * `pg_catalog.` qualifications do not count either (PostgreSQL deparses with both on the search
 * path), whereas in a function's body they may well change what it does. Text the SQL tokenizer
 * cannot read (a body in another language, say) and bodies in languages other than SQL and
 * PL/pgSQL are compared word by word: runs of whitespace count as one space, leading and trailing
 * whitespace not at all.
 */
import { SqlTokenError, tokenize, type Token } from './sql-tokens.js'

/** How two texts are compared: as SQL tokens (of deparsed SQL: qualifications aside), or as words between whitespace. */
export type TextComparison = 'deparsed' | 'sql' | 'words'

/** Languages whose function bodies are SQL text (PL/pgSQL uses the SQL scanner). */
const SQL_LANGUAGES: ReadonlySet<string> = new Set(['sql', 'plpgsql'])

/** How a function body in `language` is compared: Python, say, keeps case (and is not SQL). */
export function bodyComparison(language: string | undefined): TextComparison {
  return language !== undefined && SQL_LANGUAGES.has(language) ? 'sql' : 'words'
}

/** Whether `expected` and `actual` are the same text as PostgreSQL reads it (see the file comment). */
export function isSameSourceText(expected: string, actual: string, comparison: TextComparison): boolean {
  const [e, a] = piecesOfBoth(expected, actual, comparison)
  return firstDifferingPiece(e, a) === null
}

/** Where two texts first differ, as a short one-line excerpt of each; null when they are the same. */
export function sourceTextDifference(expected: string, actual: string, comparison: TextComparison): { expected: string; actual: string } | null {
  const [e, a] = piecesOfBoth(expected, actual, comparison)
  const at = firstDifferingPiece(e, a)
  if (at === null) return null
  return { expected: excerpt(expected, e, at), actual: excerpt(actual, a, at) }
}

/** A token or word: what it compares as (`key`) and where it is in its text. */
interface Piece {
  readonly key: string
  readonly start: number
  readonly end: number
}

/** Both texts cut the same way: as SQL tokens when both can be, else as words. */
function piecesOfBoth(expected: string, actual: string, comparison: TextComparison): [readonly Piece[], readonly Piece[]] {
  if (comparison !== 'words') {
    const isDeparsed = comparison === 'deparsed'
    const e = sqlTokens(expected, isDeparsed)
    const a = e === null ? null : sqlTokens(actual, isDeparsed)
    if (e !== null && a !== null) return [e, a]
  }
  return [words(expected), words(actual)]
}

function sqlTokens(text: string, isDeparsed: boolean): Piece[] | null {
  let tokens: Token[]
  try {
    tokens = tokenize(text)
  } catch (error) {
    if (error instanceof SqlTokenError) return null
    throw error
  }
  // `public.t` is `t`: PostgreSQL deparses with `public` on the search path (and pg_catalog on
  // every path), and a role that cannot use public gets such qualifications added.
  const isQualifier = (i: number): boolean => {
    const [t, dot] = [tokens[i], tokens[i + 1]]
    return isDeparsed && (t?.kind === 'ident' || t?.kind === 'qident') && QUALIFIERS.has(t.value) && dot?.value === '.' && dot.start === t.end
  }
  const pieces: Piece[] = []
  for (let i = 0; i < tokens.length; i++) {
    if (isQualifier(i)) {
      i++
      continue
    }
    const t = tokens[i] as Token
    // A quoted identifier names the same object as the bare one when it is spelled in lower case.
    pieces.push({ key: `${t.kind === 'qident' ? 'ident' : t.kind} ${t.value}`, start: t.start, end: t.end })
  }
  return pieces
}

/** Schemas every deparsed text may leave out: pg_catalog (always searched) and public (pinned). */
const QUALIFIERS: ReadonlySet<string> = new Set(['public', 'pg_catalog'])

function words(text: string): Piece[] {
  return [...text.matchAll(/\S+/g)].map((m) => ({ key: m[0], start: m.index, end: m.index + m[0].length }))
}

function firstDifferingPiece(e: readonly Piece[], a: readonly Piece[]): number | null {
  const common = Math.min(e.length, a.length)
  for (let i = 0; i < common; i++) if (e[i]?.key !== a[i]?.key) return i
  return e.length === a.length ? null : common
}

const PIECES_BEFORE = 3
const PIECES_AFTER = 8
const MAX_EXCERPT = 80

/**
 * The pieces around `at` on one line: pieces that touch in the text (`NEW.updated_at`) stay
 * together, one space stands for the layout between others, line breaks inside a piece (a string
 * constant) are written `\n`, and `…` marks where the text goes on.
 */
function excerpt(text: string, pieces: readonly Piece[], at: number): string {
  const touches = (i: number): boolean => (pieces[i - 1]?.end ?? -1) === pieces[i]?.start
  let from = Math.max(0, at - PIECES_BEFORE)
  while (from > 0 && touches(from) && at - from < 2 * PIECES_BEFORE) from--
  let to = Math.min(pieces.length, at + PIECES_AFTER)
  while (to < pieces.length && touches(to) && to - at < 2 * PIECES_AFTER) to++
  const shown = (first: number): string =>
    pieces
      .slice(first, to)
      .map((piece, i) => (i > 0 && !touches(first + i) ? ' ' : '') + escapeLayout(text.slice(piece.start, piece.end)))
      .join('')
  // Long pieces before the difference (a string constant) must not push it out of sight.
  let result = shown(from)
  while (from < at && result.length > MAX_EXCERPT) result = shown(++from)
  if (result.length > MAX_EXCERPT) result = `${result.slice(0, MAX_EXCERPT)}…`
  return `${from > 0 ? '…' : ''}${result}${to < pieces.length && !result.endsWith('…') ? '…' : ''}`
}

function escapeLayout(piece: string): string {
  return piece.replace(/[\n\r\t]/g, (c) => (c === '\n' ? '\\n' : c === '\r' ? '\\r' : '\\t'))
}
