/**
 * A precedence-climbing (Pratt) parser for PostgreSQL scalar expressions, producing SqlNode trees.
 * Syntactic sugar is desugared the way PostgreSQL's parser does it: `x IN (...)` becomes
 * `x = ANY (ARRAY[...])`, `BETWEEN` becomes `>= AND <=`, `!=` becomes `<>`, `ISNULL` becomes
 * `IS NULL`. Throws SqlParseError on anything it does not understand (subqueries, ESCAPE, ...).
 */
import { PREC, binaryPrec, isDeeperThan, type SqlNode } from './sql-ast.js'
import { RESERVED_KEYWORDS } from './sql-keywords.js'
import type { Token } from './sql-tokens.js'
import { SqlParseError, TokenCursor } from './sql-token-cursor.js'

const SQL_VALUES = new Set([
  'current_timestamp',
  'current_date',
  'current_time',
  'localtime',
  'localtimestamp',
  'current_user',
  'session_user',
  'user',
  'current_role',
  'current_catalog',
  'current_schema',
  'system_user',
])
const SPECIAL_FUNCS = new Set(['coalesce', 'nullif', 'greatest', 'least'])

/**
 * Deepest expression tree the canonicaliser builds. The parser, the rewrite and the printer
 * recurse once or more per level, so without a bound `((((...))))` or `- - - ... 1` 10,000 levels
 * deep exhausts the stack. Real defaults, checks and predicates are a few levels deep; deeper
 * ones fall back to their token text (SqlParseError). Parentheses nest the parser without adding
 * a level, so it allows twice as much nesting: the printed form of any accepted tree reparses.
 */
export const MAX_EXPRESSION_DEPTH = 256
const MAX_PARSE_NESTING = 2 * MAX_EXPRESSION_DEPTH

/** Parses tokens into one expression followed by nothing (or by index ordering words, returned apart). */
export class ExpressionParser extends TokenCursor {
  #nesting = 0

  /** `source` is the text the tokens came from (type names are re-read from it). */
  constructor(tokens: readonly Token[], source: string) {
    super(tokens, source)
  }

  /** Parses a whole expression; trailing index ordering words (ASC, DESC, NULLS FIRST|LAST) are returned apart. */
  parseWhole(): { node: SqlNode; ordering: string[] } {
    const node = this.#expr(0)
    if (isDeeperThan(node, MAX_EXPRESSION_DEPTH)) throw new SqlParseError(`expression nested more than ${MAX_EXPRESSION_DEPTH} levels deep`)
    const ordering: string[] = []
    while (this.peekKind() === 'ident' && ['asc', 'desc', 'nulls', 'first', 'last'].includes(this.peekValue())) {
      ordering.push(this.next().value.toUpperCase())
    }
    if (this.i !== this.tokens.length) throw new SqlParseError(`unexpected ${this.peekValue()}`)
    return { node, ordering }
  }

  #expr(minPrec: number): SqlNode {
    this.#enter()
    let left = this.#prefix()
    for (;;) {
      const next = this.#infix(left, minPrec)
      if (next === null) break
      left = next
    }
    this.#nesting--
    return left
  }

  /** Counts one level of recursion; a SqlParseError ends the whole parse, so only a normal return counts back down. */
  #enter(): void {
    if (++this.#nesting > MAX_PARSE_NESTING) throw new SqlParseError(`expression nested more than ${MAX_PARSE_NESTING} levels deep`)
  }

  /** Tries to extend `left` with an infix/postfix construct binding tighter than minPrec. */
  #infix(left: SqlNode, minPrec: number): SqlNode | null {
    const tok = this.peek()
    if (tok === undefined) return null
    const v = tok.value
    if (tok.kind === 'punct') {
      if (v === '::' && PREC.CAST > minPrec) {
        this.i++
        return { k: 'cast', e: left, t: this.typeName() }
      }
      if (v === '[' && PREC.SUB > minPrec) return this.#subscript(left)
      if (v === '.' && left.k !== 'name' && PREC.SUB > minPrec) {
        this.i++
        const f = this.next()
        if (f.kind !== 'ident' && f.kind !== 'qident') throw new SqlParseError('field name expected')
        return { k: 'field', e: left, f: f.value }
      }
      return null
    }
    if (tok.kind === 'op') {
      const prec = binaryPrec(v)
      if (prec <= minPrec) return null
      this.i++
      return this.#binary(left, v, prec)
    }
    if (tok.kind !== 'ident') return null
    if (v === 'operator' && this.#isQualifiedOperator(1)) {
      // gram.y gives OPERATOR(...) the precedence of "any other operator", whatever the symbol.
      if (PREC.OP <= minPrec) return null
      this.i++
      return this.#binary(left, this.#qualifiedOperator(), PREC.OP)
    }
    switch (v) {
      case 'or':
      case 'and': {
        const prec = v === 'or' ? PREC.OR : PREC.AND
        if (prec <= minPrec) return null
        this.i++
        const op = v === 'or' ? 'OR' : 'AND'
        const right = this.#expr(prec)
        // `a AND b AND c` is one node with three arguments, as PostgreSQL's parser builds it (makeAndExpr),
        // rather than a left-deep chain whose depth grows with its length. `left` is a node this
        // parse has just built and nothing else refers to yet, so extending it in place is safe.
        if (left.k === 'bool' && left.op === op) {
          ;(left.args as SqlNode[]).push(right)
          return left
        }
        return { k: 'bool', op, args: [left, right] }
      }
      case 'isnull':
      case 'notnull':
        if (PREC.IS <= minPrec) return null
        this.i++
        return { k: 'is', e: left, not: v === 'notnull', what: 'NULL' }
      case 'is':
        return PREC.IS <= minPrec ? null : this.#is(left)
      case 'at':
        if (PREC.AT <= minPrec || !this.isWord('time', 1) || !this.isWord('zone', 2)) return null
        this.i += 3
        return { k: 'bin', op: 'AT TIME ZONE', l: left, r: this.#expr(PREC.AT) }
      case 'collate': {
        if (PREC.COLLATE <= minPrec) return null
        this.i++
        return { k: 'collate', e: left, coll: this.#qualifiedName() }
      }
      case 'not':
      case 'like':
      case 'ilike':
      case 'similar':
      case 'in':
      case 'between': {
        if (PREC.LIKE <= minPrec) return null
        const negated = v === 'not'
        if (negated) {
          const w = this.peekValue(1)
          if (this.peekKind(1) !== 'ident' || !['like', 'ilike', 'similar', 'in', 'between'].includes(w)) return null
          this.i++
        }
        return this.#likeFamily(left, negated)
      }
      default:
        return null
    }
  }

  /** The right side of `left op ...`, the operator just consumed: `op ANY|ALL (...)` or `op expr`. */
  #binary(left: SqlNode, op: string, prec: number): SqlNode {
    if ((this.isWord('any') || this.isWord('some') || this.isWord('all')) && this.isPunct('(', 1)) {
      const q = this.next().value === 'all' ? 'ALL' : 'ANY'
      this.expect('(')
      const r = this.#expr(0)
      this.expect(')')
      return { k: 'quant', op, q, l: left, r }
    }
    return { k: 'bin', op, l: left, r: this.#expr(prec) }
  }

  /** Do the tokens from `offset` on read `( [name .]... op )`, the rest of OPERATOR(schema.op)? */
  #isQualifiedOperator(offset: number): boolean {
    if (!this.isPunct('(', offset)) return false
    let j = offset + 1
    while ((this.peekKind(j) === 'ident' || this.peekKind(j) === 'qident') && this.isPunct('.', j + 1)) j += 2
    return this.peekKind(j) === 'op' && this.isPunct(')', j + 1)
  }

  /**
   * Reads `(schema.op)` after OPERATOR and returns the bare operator. The deparser qualifies an
   * operator the search path does not find, e.g. citext's `~` in `public` for a role without
   * USAGE on public: OPERATOR(public.~) is then what a role with `public` on its path reads as `~`,
   * just as `public.f()` is `f()`. Operators of other schemas keep the syntax unsupported.
   */
  #qualifiedOperator(): string {
    this.expect('(')
    const schema: string[] = []
    while (this.peekKind() !== 'op') {
      schema.push(this.next().value)
      this.i++
    }
    const op = this.next().value
    this.expect(')')
    if (schema.length > 1 || (schema.length === 1 && schema[0] !== 'pg_catalog' && schema[0] !== 'public')) {
      throw new SqlParseError(`OPERATOR(${schema.join('.')}.${op}) is not supported`)
    }
    return op
  }

  #is(left: SqlNode): SqlNode {
    this.i++
    const not = this.isWord('not')
    if (not) this.i++
    const w = this.next()
    if (w.kind === 'ident') {
      if (w.value === 'null' || w.value === 'true' || w.value === 'false' || w.value === 'unknown') {
        return { k: 'is', e: left, not, what: w.value === 'null' ? 'NULL' : w.value === 'unknown' ? 'UNKNOWN' : w.value === 'true' ? 'TRUE' : 'FALSE' }
      }
      if (w.value === 'distinct' && this.isWord('from')) {
        this.i++
        return { k: 'bin', op: not ? 'IS NOT DISTINCT FROM' : 'IS DISTINCT FROM', l: left, r: this.#expr(PREC.IS) }
      }
    }
    throw new SqlParseError(`unsupported IS ${w.value}`)
  }

  #likeFamily(left: SqlNode, negated: boolean): SqlNode {
    const w = this.next().value
    if (w === 'in') {
      this.expect('(')
      if (this.isWord('select')) throw new SqlParseError('subqueries are not supported')
      const items = this.#list(')')
      if (items.length === 1) return { k: 'bin', op: negated ? '<>' : '=', l: left, r: items[0] as SqlNode }
      return { k: 'quant', op: negated ? '<>' : '=', q: negated ? 'ALL' : 'ANY', l: left, r: { k: 'array', items } }
    }
    if (w === 'between') {
      const symmetric = this.isWord('symmetric')
      if (symmetric || this.isWord('asymmetric')) this.i++
      const lo = this.#expr(PREC.LIKE)
      this.expect('and')
      const hi = this.#expr(PREC.LIKE)
      const range = (a: SqlNode, b: SqlNode): SqlNode =>
        negated
          ? {
              k: 'bool',
              op: 'OR',
              args: [
                { k: 'bin', op: '<', l: left, r: a },
                { k: 'bin', op: '>', l: left, r: b },
              ],
            }
          : {
              k: 'bool',
              op: 'AND',
              args: [
                { k: 'bin', op: '>=', l: left, r: a },
                { k: 'bin', op: '<=', l: left, r: b },
              ],
            }
      if (!symmetric) return range(lo, hi)
      return { k: 'bool', op: negated ? 'AND' : 'OR', args: [range(lo, hi), range(hi, lo)] }
    }
    let op = w === 'like' ? 'LIKE' : w === 'ilike' ? 'ILIKE' : 'SIMILAR TO'
    if (w === 'similar') this.expect('to')
    if (negated) op = `NOT ${op}`
    const r = this.#expr(PREC.LIKE)
    if (this.isWord('escape')) throw new SqlParseError('ESCAPE is not supported')
    return { k: 'bin', op, l: left, r }
  }

  #subscript(left: SqlNode): SqlNode {
    this.i++
    let lo: SqlNode | null = null
    let hi: SqlNode | null = null
    let slice = false
    if (!this.isPunct(':')) lo = this.#expr(0)
    if (this.isPunct(':')) {
      slice = true
      this.i++
      if (!this.isPunct(']')) hi = this.#expr(0)
    }
    this.expect(']')
    return { k: 'sub', e: left, lo, hi, slice }
  }

  #list(close: string): SqlNode[] {
    const items: SqlNode[] = []
    if (this.isPunct(close)) {
      this.i++
      return items
    }
    for (;;) {
      items.push(this.#expr(0))
      const tok = this.next()
      if (tok.kind === 'punct' && tok.value === close) return items
      if (tok.kind !== 'punct' || tok.value !== ',') throw new SqlParseError(`expected , or ${close}`)
    }
  }

  #prefix(): SqlNode {
    const tok = this.next()
    switch (tok.kind) {
      case 'string':
        return { k: 'str', v: tok.value }
      case 'bits':
        return { k: 'bits', v: tok.value }
      case 'number':
        return { k: 'num', v: tok.value }
      case 'param':
        throw new SqlParseError('parameters are not supported')
      case 'op': {
        if (tok.value === '-' || tok.value === '+') {
          const e = this.#expr(PREC.UMINUS)
          if (tok.value === '-' && e.k === 'num') return { k: 'num', v: e.v.startsWith('-') ? e.v.slice(1) : `-${e.v}` }
          return tok.value === '+' && e.k === 'num' ? e : { k: 'pre', op: tok.value, e }
        }
        return { k: 'pre', op: tok.value, e: this.#expr(PREC.OP) }
      }
      case 'punct': {
        if (tok.value !== '(') throw new SqlParseError(`unexpected ${tok.value}`)
        if (this.isWord('select') || this.isWord('values')) throw new SqlParseError('subqueries are not supported')
        const items = this.#list(')')
        if (items.length === 0) throw new SqlParseError('empty parentheses')
        return items.length === 1 ? (items[0] as SqlNode) : { k: 'row', items }
      }
      case 'qident':
        return this.#nameOrCall(tok)
      case 'ident':
        return this.#identifier(tok)
    }
  }

  #identifier(tok: Token): SqlNode {
    const v = tok.value
    if (v === 'true' || v === 'false') return { k: 'const', v }
    if (v === 'null') return { k: 'const', v: 'NULL' }
    if (v === 'not') return { k: 'not', e: this.#expr(PREC.NOT - 1) }
    if (v === 'operator' && this.#isQualifiedOperator(0)) return { k: 'pre', op: this.#qualifiedOperator(), e: this.#expr(PREC.OP) }
    if (SQL_VALUES.has(v) && !this.isPunct('(', 0)) return { k: 'sqlv', v: v.toUpperCase() }
    if (['current_timestamp', 'current_time', 'localtime', 'localtimestamp'].includes(v)) {
      this.expect('(')
      const p = this.next()
      this.expect(')')
      return { k: 'sqlv', v: v.toUpperCase(), arg: p.value }
    }
    if (v === 'case') return this.#case()
    if (v === 'array') {
      if (!this.isPunct('[')) throw new SqlParseError('ARRAY subqueries are not supported')
      return this.#arrayBody(false)
    }
    if (v === 'row' && this.isPunct('(')) {
      this.i++
      return { k: 'row', items: this.#list(')') }
    }
    if (v === 'cast' && this.isPunct('(')) {
      this.i++
      const e = this.#expr(0)
      this.expect('as')
      const t = this.typeName()
      this.expect(')')
      return { k: 'cast', e, t }
    }
    if (v === 'extract' && this.isPunct('(')) {
      this.i++
      const field = this.next()
      this.expect('from')
      const e = this.#expr(0)
      this.expect(')')
      return { k: 'kwfunc', name: 'EXTRACT', parts: [[field.kind === 'string' ? field.value : field.value.toLowerCase(), e]] }
    }
    if (SPECIAL_FUNCS.has(v) && this.isPunct('(')) {
      this.i++
      return { k: 'func', name: [v], args: this.#list(')'), special: true }
    }
    const typed = this.typedLiteral(tok)
    if (typed !== null) return typed
    if (RESERVED_KEYWORDS.has(v)) throw new SqlParseError(`unexpected keyword ${v}`)
    return this.#nameOrCall(tok)
  }

  #nameOrCall(first: Token): SqlNode {
    const parts = [first.value]
    while (this.isPunct('.') && (this.peekKind(1) === 'ident' || this.peekKind(1) === 'qident')) {
      this.i++
      parts.push(this.next().value)
    }
    if (!this.isPunct('(')) return { k: 'name', parts }
    this.i++
    if (this.isWord('distinct') || this.isWord('all') || this.isWord('variadic')) throw new SqlParseError('aggregate syntax is not supported')
    if (this.peekValue() === '*' && this.isPunct(')', 1)) {
      this.i += 2
      return { k: 'func', name: parts, args: [], star: true }
    }
    const fn = parts.length === 1 ? parts[0] : undefined
    if ((fn === 'substring' || fn === 'position' || fn === 'trim' || fn === 'overlay') && first.kind === 'ident') return this.#keywordFunction(fn)
    return { k: 'func', name: parts, args: this.#list(')') }
  }

  /** SUBSTRING(a FROM b FOR c), POSITION(a IN b), TRIM([BOTH|LEADING|TRAILING] [x] FROM a) and their plain-call forms. */
  #keywordFunction(fn: string): SqlNode {
    if (fn === 'trim') {
      let mode = 'BOTH'
      if (this.isWord('both') || this.isWord('leading') || this.isWord('trailing')) mode = this.next().value.toUpperCase()
      const chars = this.isWord('from') ? null : this.#expr(0)
      if (this.isWord('from')) {
        this.i++
        const e = this.#list(')')
        if (e.length !== 1) throw new SqlParseError('TRIM FROM takes one argument')
        return { k: 'kwfunc', name: 'TRIM', parts: [[mode, e[0] as SqlNode], ...(chars === null ? [] : [['', chars] as const])] }
      }
      const rest = this.isPunct(')') ? (this.i++, []) : (this.expect(','), this.#list(')'))
      if (chars === null || rest.length > 1) throw new SqlParseError('unsupported TRIM')
      return { k: 'kwfunc', name: 'TRIM', parts: [[mode, chars], ...rest.map((r) => ['', r] as const)] }
    }
    const first = this.#expr(PREC.LIKE)
    if (fn === 'position' && this.isWord('in')) {
      this.i++
      const b = this.#expr(0)
      this.expect(')')
      return {
        k: 'kwfunc',
        name: 'POSITION',
        parts: [
          ['', first],
          ['IN', b],
        ],
      }
    }
    if (fn === 'substring' && (this.isWord('from') || this.isWord('for'))) {
      const parts: [string, SqlNode][] = [['', first]]
      while (this.isWord('from') || this.isWord('for')) {
        const w = this.next().value.toUpperCase()
        parts.push([w, this.#expr(0)])
      }
      this.expect(')')
      return { k: 'kwfunc', name: 'SUBSTRING', parts }
    }
    const args = this.isPunct(')') ? (this.i++, [first]) : (this.expect(','), [first, ...this.#list(')')])
    return { k: 'func', name: [fn], args }
  }

  #arrayBody(nested: boolean): SqlNode {
    this.expect('[')
    this.#enter()
    const items: SqlNode[] = []
    if (this.isPunct(']')) {
      this.i++
      this.#nesting--
      return { k: 'array', items, nested }
    }
    for (;;) {
      items.push(this.isPunct('[') ? this.#arrayBody(true) : this.#expr(0))
      const tok = this.next()
      if (tok.kind === 'punct' && tok.value === ']') {
        this.#nesting--
        return { k: 'array', items, nested }
      }
      if (tok.kind !== 'punct' || tok.value !== ',') throw new SqlParseError('expected , or ]')
    }
  }

  #case(): SqlNode {
    const arg = this.isWord('when') ? null : this.#expr(0)
    const whens: [SqlNode, SqlNode][] = []
    while (this.isWord('when')) {
      this.i++
      const c = this.#expr(0)
      this.expect('then')
      whens.push([c, this.#expr(0)])
    }
    let els: SqlNode | null = null
    if (this.isWord('else')) {
      this.i++
      els = this.#expr(0)
    }
    this.expect('end')
    if (whens.length === 0) throw new SqlParseError('CASE without WHEN')
    return { k: 'case', arg, whens, els }
  }

  #qualifiedName(): string[] {
    const parts: string[] = []
    for (;;) {
      const tok = this.next()
      if (tok.kind !== 'ident' && tok.kind !== 'qident') throw new SqlParseError('name expected')
      parts.push(tok.value)
      if (!this.isPunct('.')) return parts
      this.i++
    }
  }
}
