/**
 * Semantic rewrites that bring a parsed expression to its canonical tree (see the rule list in
 * canonical-expression.ts). Works bottom-up; every rule maps PostgreSQL's stored form and the
 * usual hand-written form of the same thing to one tree.
 */
import { PREC, binaryPrec, isComparison, isLiteralish, type SqlNode } from './sql-ast.js'
import { SqlParseError } from './sql-token-cursor.js'
import { SqlTokenError, tokenize } from './sql-tokens.js'
import { quoteIdent } from './sql-keywords.js'

/** What the rewrite needs to know about where the expression lives. */
export interface RewriteContext {
  /** Canonical column type for a default, if known. */
  readonly columnType?: string
  /** Schema of the owning table; its qualification of sequence names is dropped. */
  readonly schema: string
}

const NUMERIC_TYPE = /^(smallint|integer|bigint|real|double precision|numeric(\(\d+,-?\d+\))?)$/
const TEXT_TYPE = /^(text|character varying(\(\d+\))?|character(\(\d+\))?|bpchar|name)$/
const NUMERIC_TEXT = /^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/
const TRUE_TEXT = new Set(['t', 'true', 'y', 'yes', 'on', '1'])
const FALSE_TEXT = new Set(['f', 'false', 'n', 'no', 'off', '0'])
const ARITHMETIC = new Set(['+', '-', '*', '/', '%', '^'])
const TEXT_OPS = new Set([
  'LIKE',
  'ILIKE',
  'NOT LIKE',
  'NOT ILIKE',
  'SIMILAR TO',
  'NOT SIMILAR TO',
  '~',
  '~*',
  '!~',
  '!~*',
  '||',
  'IS DISTINCT FROM',
  'IS NOT DISTINCT FROM',
])
const LIKE_OPS: Readonly<Record<string, string>> = { '~~': 'LIKE', '~~*': 'ILIKE', '!~~': 'NOT LIKE', '!~~*': 'NOT ILIKE' }
/** Functions that only take text, so a text cast of their column argument is what the server adds for varchar. */
const TEXT_FUNCS = new Set([
  'lower',
  'upper',
  'initcap',
  'length',
  'char_length',
  'character_length',
  'octet_length',
  'md5',
  'btrim',
  'ltrim',
  'rtrim',
  'left',
  'right',
  'reverse',
  'replace',
  'split_part',
  'strpos',
  'starts_with',
  'regexp_replace',
  'regexp_match',
  'regexp_like',
  'ascii',
  'to_tsvector',
  'unaccent',
  'concat',
  'concat_ws',
])
const SEQUENCE_FUNCS = new Set(['nextval', 'currval', 'setval'])
const CURRENT_TIMESTAMP_FUNCS = new Set(['now', 'transaction_timestamp'])
/** Largest decimal exponent written out: numeric has at most 131072 digits before the point and 16383 after. */
const MAX_EXPONENT = 131072 + 16383

/** Is the canonical type numeric (integer, numeric, float)? */
export function isNumericType(type: string | undefined): boolean {
  return type !== undefined && NUMERIC_TYPE.test(type)
}

/** Rewrites a whole expression; the top level is a value context (a default's literal type comes from its column). */
export function rewriteExpression(node: SqlNode, ctx: RewriteContext): SqlNode {
  let out = rewrite(node, ctx)
  while (out.k === 'cast' && isLiteralish(out.e)) out = out.e
  if (isNumericType(ctx.columnType)) {
    if (out.k === 'str' && NUMERIC_TEXT.test(out.v)) out = { k: 'num', v: normalizeNumber(out.v.trim()) }
    if (out.k === 'num') out = { k: 'num', v: stripZeros(out.v) }
  }
  if (ctx.columnType === 'boolean' && out.k === 'str') out = booleanOf(out.v) ?? out
  return out
}

function rewrite(node: SqlNode, ctx: RewriteContext): SqlNode {
  const rw = (n: SqlNode): SqlNode => rewrite(n, ctx)
  switch (node.k) {
    case 'str':
    case 'bits':
    case 'const':
    case 'name':
      return node
    case 'num':
      return { k: 'num', v: normalizeNumber(node.v) }
    case 'sqlv':
      return node.v === 'USER' || node.v === 'CURRENT_ROLE' ? { k: 'sqlv', v: 'CURRENT_USER' } : node
    case 'func':
      return rewriteFunc(node.name, node.args.map(rw), node.star === true, node.special === true, ctx)
    case 'cast':
      return rewriteCast(rw(node.e), node.t, ctx)
    case 'pre': {
      const e = rw(node.e)
      if (e.k === 'num' && node.op === '-') return { k: 'num', v: e.v.startsWith('-') ? e.v.slice(1) : `-${e.v}` }
      return e.k === 'num' && node.op === '+' ? e : { k: 'pre', op: node.op, e }
    }
    case 'bin':
      return rewriteBinary(LIKE_OPS[node.op] ?? node.op, rw(node.l), rw(node.r))
    case 'quant':
      return rewriteQuantified(node.op, node.q, rw(node.l), rw(node.r))
    case 'bool': {
      const args: SqlNode[] = []
      for (const a of node.args.map(rw)) {
        // A loop rather than push(...a.args): spreading a very long argument list overflows the stack.
        if (a.k === 'bool' && a.op === node.op) for (const b of a.args) args.push(b)
        else args.push(a)
      }
      return { k: 'bool', op: node.op, args }
    }
    case 'not':
      return { k: 'not', e: rw(node.e) }
    case 'is':
      return { ...node, e: rw(node.e) }
    case 'array':
      return { ...node, items: node.items.map(rw) }
    case 'row':
      return { k: 'row', items: node.items.map(rw) }
    case 'sub':
      return { ...node, e: rw(node.e), lo: node.lo && rw(node.lo), hi: node.hi && rw(node.hi) }
    case 'field':
      return { ...node, e: rw(node.e) }
    case 'collate':
      return { ...node, e: rw(node.e) }
    case 'kwfunc':
      return { ...node, parts: node.parts.map(([w, e]) => [w, rw(e)] as const) }
    case 'case': {
      const whens = node.whens.map(([c, r]) => [rw(c), rw(r)] as const)
      let els = node.els && rw(node.els)
      while (els?.k === 'cast' && els.e.k === 'const' && els.e.v === 'NULL') els = els.e
      if (els?.k === 'const' && els.v === 'NULL') els = null
      const results = [...whens.map(([, r]) => r), ...(els ? [els] : [])]
      const drop = results.some((r) => !isLiteralish(r))
      const fix = (r: SqlNode): SqlNode => (drop ? unwrapLiteral(r) : r)
      return { k: 'case', arg: node.arg && rw(node.arg), whens: whens.map(([c, r]) => [c, fix(r)] as const), els: els && fix(els) }
    }
  }
}

function rewriteFunc(rawName: readonly string[], args: SqlNode[], star: boolean, special: boolean, ctx: RewriteContext): SqlNode {
  const name = rawName.length === 2 && (rawName[0] === 'pg_catalog' || rawName[0] === 'public') ? rawName.slice(1) : rawName
  const fn = name.length === 1 ? (name[0] as string) : ''
  if (args.length === 0 && !star) {
    if (CURRENT_TIMESTAMP_FUNCS.has(fn)) return { k: 'sqlv', v: 'CURRENT_TIMESTAMP' }
    if (fn === 'current_schema') return { k: 'sqlv', v: 'CURRENT_SCHEMA' }
    if (fn === 'current_database') return { k: 'sqlv', v: 'CURRENT_CATALOG' }
  }
  if (SEQUENCE_FUNCS.has(fn) && args.length > 0) {
    let first = args[0] as SqlNode
    while (first.k === 'cast' && (first.t === 'regclass' || first.t === 'text')) first = first.e
    if (first.k === 'str') args = [{ k: 'cast', e: { k: 'str', v: normalizeRegclass(first.v, ctx.schema) }, t: 'regclass' }, ...args.slice(1)]
  }
  if (fn === 'substring' && (args.length === 2 || args.length === 3) && !special) {
    const [a, from, len] = args as [SqlNode, SqlNode, SqlNode | undefined]
    return { k: 'kwfunc', name: 'SUBSTRING', parts: [['', a], ['FROM', from], ...(len ? [['FOR', len] as const] : [])] }
  }
  if (TEXT_FUNCS.has(fn)) args = args.map(stripTextCast)
  if (special && args.some((a) => !isLiteralish(a))) args = args.map(unwrapLiteral)
  return { k: 'func', name, args, ...(star ? { star } : {}), ...(special ? { special } : {}) }
}

function rewriteCast(e: SqlNode, t: string, ctx: RewriteContext): SqlNode {
  if (e.k === 'str') {
    if (t === 'regclass') return { k: 'cast', e: { k: 'str', v: normalizeRegclass(e.v, ctx.schema) }, t }
    if (t === 'text') return e
    if (NUMERIC_TYPE.test(t) && NUMERIC_TEXT.test(e.v)) return rewriteCast({ k: 'num', v: normalizeNumber(e.v.trim()) }, t, ctx)
    if (t === 'boolean') return booleanOf(e.v) ?? { k: 'cast', e, t }
  }
  if (e.k === 'num' && naturalType(e.v) === t) return e
  if (e.k === 'cast' && e.t === t) return e
  return { k: 'cast', e, t }
}

function rewriteBinary(op: string, l: SqlNode, r: SqlNode): SqlNode {
  if (op === 'IS NOT DISTINCT FROM') return { k: 'not', e: rewriteBinary('IS DISTINCT FROM', l, r) }
  if ((op === '~' || op === '!~') && r.k === 'func' && r.name.length === 1 && r.name[0] === 'similar_to_escape' && r.args.length === 1) {
    return rewriteBinary(op === '~' ? 'SIMILAR TO' : 'NOT SIMILAR TO', l, r.args[0] as SqlNode)
  }
  const fix = (side: SqlNode, other: SqlNode): SqlNode => {
    if (side.k === 'cast' && isLiteralish(side.e) && !isLiteralish(other)) {
      if (!(ARITHMETIC.has(op) && !NUMERIC_TYPE.test(side.t)) && op !== 'AT TIME ZONE') return unwrapLiteral(side)
    }
    // `int_expr > 1.5` is stored as `(int_expr)::numeric > 1.5`: the implicit widening goes.
    if (isComparison(op) && side.k === 'cast' && side.t === 'numeric' && other.k === 'num' && naturalType(other.v) === 'numeric') return side.e
    if (isComparison(op) || TEXT_OPS.has(op)) return stripTextCast(side)
    return side
  }
  return { k: 'bin', op, l: fix(l, r), r: fix(r, l) }
}

function rewriteQuantified(op: string, q: 'ANY' | 'ALL', l: SqlNode, r: SqlNode): SqlNode {
  let right = r
  if (!isLiteralish(l)) {
    while (right.k === 'cast' && (isLiteralish(right.e) || (right.e.k === 'array' && right.e.items.every(isLiteralish)))) right = right.e
  }
  if (right.k === 'array' && right.items.every(isLiteralish) && !right.items.some((i) => i.k === 'array')) {
    right = { k: 'array', items: right.items.map(unwrapLiteral) }
    if (right.items.length === 1 && ((op === '=' && q === 'ANY') || (op === '<>' && q === 'ALL'))) {
      return rewriteBinary(op, l, right.items[0] as SqlNode)
    }
  }
  const left = isComparison(op) || TEXT_OPS.has(op) || LIKE_OPS[op] !== undefined ? stripTextCast(l) : l
  return { k: 'quant', op: LIKE_OPS[op] ?? op, q, l: left, r: right }
}

/** Drops casts around a literal (`'a'::character varying` → `'a'`). */
function unwrapLiteral(node: SqlNode): SqlNode {
  let n = node
  while (n.k === 'cast' && isLiteralish(n.e)) n = n.e
  return n
}

/** Drops a text-ish cast of a column (or of COALESCE/NULLIF/GREATEST/LEAST/CASE): the server adds those for varchar. */
function stripTextCast(node: SqlNode): SqlNode {
  if (node.k !== 'cast' || !TEXT_TYPE.test(node.t)) return node
  const e = node.e
  if (e.k === 'name' || (e.k === 'func' && e.special === true) || e.k === 'case') return e
  return node
}

function booleanOf(text: string): SqlNode | null {
  const t = text.trim().toLowerCase()
  if (TRUE_TEXT.has(t)) return { k: 'const', v: 'true' }
  if (FALSE_TEXT.has(t)) return { k: 'const', v: 'false' }
  return null
}

/** Type of an unadorned numeric constant, as PostgreSQL's lexer assigns it. */
function naturalType(v: string): string {
  if (!/^-?\d+$/.test(v)) return 'numeric'
  const n = BigInt(v)
  if (n >= -2147483648n && n <= 2147483647n) return 'integer'
  if (n >= -9223372036854775808n && n <= 9223372036854775807n) return 'bigint'
  return 'numeric'
}

/** Plain decimal spelling: no underscores, no exponent, no leading zeros, hex/octal/binary converted. */
function normalizeNumber(raw: string): string {
  let v = raw.toLowerCase().replace(/_/g, '')
  let sign = ''
  if (v.startsWith('-') || v.startsWith('+')) {
    sign = v.startsWith('-') ? '-' : ''
    v = v.slice(1)
  }
  if (/^0[xob]/.test(v)) return sign + BigInt(v).toString()
  const m = /^(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?$/.exec(v)
  if (m === null) return sign + v
  let int = m[1] ?? ''
  let frac = m[2] ?? ''
  const hasPoint = v.includes('.') || m[3] !== undefined
  const exp = Number(m[3] ?? '0')
  // Writing out 1e999999999 would take a gigabyte; numeric cannot hold it anyway.
  if (Math.abs(exp) > MAX_EXPONENT) throw new SqlParseError('numeric constant out of range')
  if (exp > 0) {
    const f = frac.padEnd(exp, '0')
    int += f.slice(0, exp)
    frac = f.slice(exp)
  } else if (exp < 0) {
    const i = int.padStart(-exp + 1, '0')
    frac = i.slice(i.length + exp) + frac
    int = i.slice(0, i.length + exp)
  }
  int = int.replace(/^0+(?=\d)/, '') || '0'
  const out = hasPoint && frac !== '' ? `${int}.${frac}` : int
  return (sign === '-' && /[1-9]/.test(out) ? '-' : '') + out
}

function stripZeros(v: string): string {
  if (!v.includes('.')) return v
  // A loop rather than /0+$/, which backtracks quadratically on a long run of zeros that does not end the text.
  let end = v.length
  while (v[end - 1] === '0') end--
  if (v[end - 1] === '.') end--
  const out = v.slice(0, end)
  return out === '-0' ? '0' : out
}

/** `'public.Users_ID_seq'` → `users_id_seq` (qualification with the table's schema or public dropped). */
function normalizeRegclass(text: string, schema: string): string {
  try {
    const tokens = tokenize(text)
    const parts: string[] = []
    for (const [i, tok] of tokens.entries()) {
      if (i % 2 === 1) {
        if (tok.kind !== 'punct' || tok.value !== '.') return text
      } else if (tok.kind === 'ident' || tok.kind === 'qident') parts.push(tok.value)
      else return text
    }
    if (parts.length === 0 || tokens.length % 2 === 0) return text
    if (parts.length === 2 && (parts[0] === schema || parts[0] === 'public')) parts.shift()
    return parts.map(quoteIdent).join('.')
  } catch (error) {
    if (!(error instanceof SqlTokenError)) throw error
    return text
  }
}

/** Precedence at which a node prints (used by the printer). */
export function precedenceOf(node: SqlNode): number {
  switch (node.k) {
    case 'bool':
      return node.op === 'OR' ? PREC.OR : PREC.AND
    case 'not':
      return PREC.NOT
    case 'is':
      return PREC.IS
    case 'bin':
      return binaryPrec(node.op)
    case 'quant':
      return printsAsIn(node) ? PREC.LIKE : binaryPrec(node.op)
    case 'pre':
      return node.op === '-' || node.op === '+' ? PREC.UMINUS : PREC.OP
    case 'num':
      return node.v.startsWith('-') ? PREC.UMINUS : PREC.ATOM
    case 'cast':
      return PREC.CAST
    case 'collate':
      return PREC.COLLATE
    case 'array':
    case 'bits':
    case 'case':
    case 'const':
    case 'field':
    case 'func':
    case 'kwfunc':
    case 'name':
    case 'row':
    case 'sqlv':
    case 'str':
    case 'sub':
      return PREC.ATOM
  }
}

/** `x = ANY (ARRAY[a, b])` prints as `x IN (a, b)`; `x <> ALL (ARRAY[a, b])` as `x NOT IN (a, b)`. */
export function printsAsIn(node: SqlNode & { k: 'quant' }): boolean {
  return (
    ((node.op === '=' && node.q === 'ANY') || (node.op === '<>' && node.q === 'ALL')) &&
    node.r.k === 'array' &&
    node.r.items.length >= 2 &&
    !node.r.items.some((i) => i.k === 'array')
  )
}
