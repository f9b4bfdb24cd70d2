/**
 * Token cursor shared by the expression parser: look-ahead helpers, and the two places where a
 * type name is read (after `::`/`AS`, and in typed literals such as `interval '1 day'`).
 */
import { canonicalType } from './canonical-type.js'
import type { SqlNode } from './sql-ast.js'
import type { Token } from './sql-tokens.js'

/** The expression uses syntax the canonicaliser does not model. */
export class SqlParseError extends Error {
  override readonly name = 'SqlParseError'
}

const TYPE_WORDS = new Set(['precision', 'varying', 'with', 'without', 'time', 'zone', 'year', 'month', 'day', 'hour', 'minute', 'second', 'to'])

/** A position in a token list, with look-ahead helpers. */
export class TokenCursor {
  /** The tokens being read. */
  protected readonly tokens: readonly Token[]
  /** The text the tokens came from. */
  protected readonly source: string
  /** Index of the next token. */
  protected i = 0

  /** Starts at the first token. */
  constructor(tokens: readonly Token[], source: string) {
    this.tokens = tokens
    this.source = source
  }

  /** The token `offset` ahead, if any. */
  protected peek(offset = 0): Token | undefined {
    return this.tokens[this.i + offset]
  }
  /** Its value, or '' at the end. */
  protected peekValue(offset = 0): string {
    return this.peek(offset)?.value ?? ''
  }
  /** Its kind, or 'eof' at the end. */
  protected peekKind(offset = 0): string {
    return this.peek(offset)?.kind ?? 'eof'
  }
  /** Is it the unquoted word `word`? */
  protected isWord(word: string, offset = 0): boolean {
    return this.peekKind(offset) === 'ident' && this.peekValue(offset) === word
  }
  /** Is it the punctuation `p`? */
  protected isPunct(p: string, offset = 0): boolean {
    return this.peekKind(offset) === 'punct' && this.peekValue(offset) === p
  }
  /** Consumes one token. */
  protected next(): Token {
    const tok = this.tokens[this.i++]
    if (tok === undefined) throw new SqlParseError('unexpected end of expression')
    return tok
  }
  /** Consumes the punctuation or word `p`, or fails. */
  protected expect(p: string): void {
    const tok = this.next()
    if (tok.value !== p || (tok.kind !== 'punct' && tok.kind !== 'ident')) throw new SqlParseError(`expected ${p}`)
  }

  /** Typed literal: `interval '1 day'`, `date '2020-01-01'`, `double precision '1'`: a cast of a string constant. */
  protected typedLiteral(tok: Token): SqlNode | null {
    let j = 0
    while (this.peekKind(j) === 'ident' && TYPE_WORDS.has(this.peekValue(j))) j++
    if (this.peekKind(j) !== 'string') return null
    const start = tok.start
    this.i += j
    const lit = this.next()
    const end = this.tokens[this.i - 2]?.end ?? tok.end
    return { k: 'cast', e: { k: 'str', v: lit.value }, t: canonicalType(this.source.slice(start, j === 0 ? tok.end : end)).type }
  }

  /** Reads a type name after `::` or `AS` and returns its canonical spelling. */
  protected typeName(): string {
    const start = this.peek()?.start ?? 0
    const first = this.next()
    if (first.kind !== 'ident' && first.kind !== 'qident') throw new SqlParseError('type name expected')
    while (this.isPunct('.') && (this.peekKind(1) === 'ident' || this.peekKind(1) === 'qident')) this.i += 2
    const typeWord = (): boolean => this.peekKind() === 'ident' && TYPE_WORDS.has(this.peekValue()) && !(this.peekValue() === 'time' && !this.isWord('zone', 1))
    while (typeWord()) this.i++
    if (this.isPunct('(')) {
      while (!this.isPunct(')')) this.next()
      this.i++
      while (typeWord()) this.i++
    }
    for (;;) {
      if (this.isPunct('[') && (this.isPunct(']', 1) || (this.peekKind(1) === 'number' && this.isPunct(']', 2)))) {
        this.i += this.isPunct(']', 1) ? 2 : 3
      } else if (this.isWord('array') && !this.isPunct('[', 1)) this.i++
      else break
    }
    const end = this.tokens[this.i - 1]?.end ?? start
    return canonicalType(this.source.slice(start, end)).type
  }
}
