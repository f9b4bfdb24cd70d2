/**
 * A small SQL tokenizer for expressions and type names, following PostgreSQL's lexical rules
 * (scan.l) closely enough for canonicalisation: string constants (with '' escapes, E'' escapes,
 * dollar quotes), quoted identifiers, numbers, identifiers/keywords, operators, `::` and
 * punctuation. Whitespace and comments are dropped. Throws SqlTokenError on malformed input.
 */

/** Kind of a token. */
export type TokenKind = 'string' | 'bits' | 'number' | 'ident' | 'qident' | 'op' | 'punct' | 'param'

/** One lexical token; `value` is decoded (string contents, lowercased identifiers). */
export interface Token {
  readonly kind: TokenKind
  /** Decoded value: string contents, identifier (lowercased unless quoted), operator or punctuation text. */
  readonly value: string
  /** Offset of the first character in the source. */
  readonly start: number
  /** Offset just past the last character in the source. */
  readonly end: number
}

/** The input is not lexically valid SQL. */
export class SqlTokenError extends Error {
  override readonly name = 'SqlTokenError'
}

const OP_CHARS = '+-*/<>=~!@#%^&|`?'
const OP_SPECIAL = '~!@#%^&|`?'
// Non-decimal integers need a digit after each underscore (scan.l's hexinteger etc.): `0x_` is junk, not zero.
const NUMBER = /0[xX](?:_?[0-9A-Fa-f])+|0[oO](?:_?[0-7])+|0[bB](?:_?[01])+|(\d[\d_]*)?(\.\d[\d_]*|\.(?!\.))?([eE][+-]?\d+)?/y
const DOLLAR_TAG = /\$([A-Za-z_][A-Za-z0-9_]*)?\$/y
const CONTINUATION = /[ \t\r\f]*\n\s*'/y

function isIdentStart(c: string): boolean {
  const code = c.charCodeAt(0)
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || code === 95 || code >= 128
}

function isIdentChar(c: string): boolean {
  const code = c.charCodeAt(0)
  return isIdentStart(c) || (code >= 48 && code <= 57) || code === 36
}

function isDigit(c: string): boolean {
  const code = c.charCodeAt(0)
  return code >= 48 && code <= 57
}

const E_ESCAPES: Readonly<Record<string, string>> = { b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' }

/** Splits `sql` into tokens. */
export function tokenize(sql: string): Token[] {
  const tokens: Token[] = []
  const n = sql.length
  let i = 0
  while (i < n) {
    const c = sql[i] as string
    const start = i
    if (c === ' ' || c === '\n' || c === '\t' || c === '\r' || c === '\f') {
      i++
    } else if (c === '-' && sql[i + 1] === '-') {
      while (i < n && sql[i] !== '\n') i++
    } else if (c === '/' && sql[i + 1] === '*') {
      i = skipBlockComment(sql, i)
    } else if (c === "'") {
      const [value, next] = readQuoted(sql, i, false)
      tokens.push({ kind: 'string', value, start, end: next })
      i = next
    } else if ((c === 'e' || c === 'E') && sql[i + 1] === "'") {
      const [value, next] = readQuoted(sql, i + 1, true)
      tokens.push({ kind: 'string', value, start, end: next })
      i = next
    } else if ((c === 'b' || c === 'B' || c === 'x' || c === 'X') && sql[i + 1] === "'") {
      const [value, next] = readQuoted(sql, i + 1, false)
      tokens.push({ kind: 'bits', value: c.toUpperCase() + value, start, end: next })
      i = next
    } else if ((c === 'u' || c === 'U') && sql[i + 1] === '&') {
      throw new SqlTokenError('Unicode escapes (U&) are not supported')
    } else if (c === '"') {
      let value = ''
      i++
      for (;;) {
        if (i >= n) throw new SqlTokenError('unterminated quoted identifier')
        if (sql[i] === '"') {
          if (sql[i + 1] === '"') {
            value += '"'
            i += 2
            continue
          }
          i++
          break
        }
        value += sql[i]
        i++
      }
      if (value === '') throw new SqlTokenError('zero-length quoted identifier')
      tokens.push({ kind: 'qident', value, start, end: i })
    } else if (c === '$' && isDigit(sql[i + 1] ?? '')) {
      i++
      while (i < n && isDigit(sql[i] as string)) i++
      tokens.push({ kind: 'param', value: sql.slice(start, i), start, end: i })
    } else if (c === '$') {
      DOLLAR_TAG.lastIndex = i
      const m = DOLLAR_TAG.exec(sql)
      if (m === null) throw new SqlTokenError('unexpected $')
      const tag = m[0]
      const close = sql.indexOf(tag, i + tag.length)
      if (close < 0) throw new SqlTokenError('unterminated dollar-quoted string')
      tokens.push({ kind: 'string', value: sql.slice(i + tag.length, close), start, end: close + tag.length })
      i = close + tag.length
    } else if (isDigit(c) || (c === '.' && isDigit(sql[i + 1] ?? ''))) {
      NUMBER.lastIndex = i
      const text = NUMBER.exec(sql)?.[0] || c
      if (isIdentStart(sql[i + text.length] ?? '0')) throw new SqlTokenError('trailing junk after numeric literal')
      tokens.push({ kind: 'number', value: text, start, end: i + text.length })
      i += text.length
    } else if (isIdentStart(c)) {
      while (i < n && isIdentChar(sql[i] as string)) i++
      tokens.push({ kind: 'ident', value: sql.slice(start, i).toLowerCase(), start, end: i })
    } else if (c === ':' && sql[i + 1] === ':') {
      tokens.push({ kind: 'punct', value: '::', start, end: i + 2 })
      i += 2
    } else if ('()[],.;:'.includes(c)) {
      tokens.push({ kind: 'punct', value: c, start, end: i + 1 })
      i++
    } else if (OP_CHARS.includes(c)) {
      const op = readOperator(sql, i)
      tokens.push({ kind: 'op', value: op === '!=' ? '<>' : op, start, end: i + op.length })
      i += op.length
    } else {
      throw new SqlTokenError(`unexpected character ${JSON.stringify(c)}`)
    }
  }
  return tokens
}

function skipBlockComment(sql: string, from: number): number {
  let depth = 0
  let i = from
  while (i < sql.length) {
    if (sql.startsWith('/*', i)) {
      depth++
      i += 2
    } else if (sql.startsWith('*/', i)) {
      depth--
      i += 2
      if (depth === 0) return i
    } else i++
  }
  throw new SqlTokenError('unterminated comment')
}

/**
 * Reads a '...' constant starting at the quote, and the constants continuing it (a newline in the
 * whitespace between two constants concatenates them); returns the decoded value and the next offset.
 * A loop, not recursion: a long chain of continued constants must not exhaust the stack.
 */
function readQuoted(sql: string, quote: number, escapes: boolean): [string, number] {
  let value = ''
  let i = quote + 1
  for (;;) {
    if (i >= sql.length) throw new SqlTokenError('unterminated string constant')
    const c = sql[i] as string
    if (c === "'") {
      if (sql[i + 1] === "'") {
        value += "'"
        i += 2
        continue
      }
      i++
      CONTINUATION.lastIndex = i
      const m = CONTINUATION.exec(sql)
      if (m === null) return [value, i]
      i += m[0].length
      continue
    }
    if (escapes && c === '\\') {
      const [decoded, length] = readEscape(sql, i + 1)
      value += decoded
      i += 1 + length
      continue
    }
    value += c
    i++
  }
}

const OCTAL_ESCAPE = /[0-7]{1,3}/y
const HEX_ESCAPE = /x([0-9A-Fa-f]{1,2})/y
const UNICODE_ESCAPE = /u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}/y

/** Decodes the E'' escape after a backslash at `at`; returns the text and how many characters it took. */
function readEscape(sql: string, at: number): [string, number] {
  OCTAL_ESCAPE.lastIndex = at
  const oct = OCTAL_ESCAPE.exec(sql)?.[0]
  if (oct !== undefined) return [String.fromCharCode(parseInt(oct, 8)), oct.length]
  HEX_ESCAPE.lastIndex = at
  const hex = HEX_ESCAPE.exec(sql)
  if (hex !== null) return [String.fromCharCode(parseInt(hex[1] as string, 16)), hex[0].length]
  UNICODE_ESCAPE.lastIndex = at
  const uni = UNICODE_ESCAPE.exec(sql)?.[0]
  if (uni !== undefined) {
    const codePoint = parseInt(uni.slice(1), 16)
    // PostgreSQL rejects these too ("invalid Unicode escape value"); String.fromCodePoint would throw a RangeError.
    if (codePoint > 0x10ffff) throw new SqlTokenError('invalid Unicode escape value')
    return [String.fromCodePoint(codePoint), uni.length]
  }
  const d = sql[at] ?? ''
  return [E_ESCAPES[d] ?? d, 1]
}

/** PostgreSQL's operator rule: longest run of operator characters, cut before a comment start, and a
 * multi-character operator may end in + or - only if it contains one of ~ ! @ # % ^ & | ` ?. */
function readOperator(sql: string, from: number): string {
  let end = from
  while (end < sql.length && OP_CHARS.includes(sql[end] as string)) {
    if (end > from && (sql.startsWith('--', end) || sql.startsWith('/*', end))) break
    end++
  }
  let op = sql.slice(from, end)
  if (op.length > 1 && ![...op].some((ch) => OP_SPECIAL.includes(ch))) {
    while (op.length > 1 && (op.endsWith('+') || op.endsWith('-'))) op = op.slice(0, -1)
  }
  return op
}
